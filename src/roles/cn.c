/* cn.c - the Correspondent Node (RFC 6275 section 9): return routability answers, route
 * optimization bindings, Binding Errors and Binding Refresh Requests.  The verdict on a BU is
 * cn_bu_decide(); the crypto is rr_crypto; this file ties them to messages and the kernel. */
#include "config.h"

#define LOG_SUBSYS "cn"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bcache.h"
#include "bindings.h"
#include "cn_decide.h"
#include "cn_kern.h"
#include "conf.h"
#include "events.h"
#include "kern.h"
#include "log.h"
#include "loop.h"
#include "mh_io.h"
#include "roles.h"
#include "rr_crypto.h"
#include "stats.h"
#include "util.h"

/* bcache_entry.role_state */
#define CN_INSTALLED	0x01
#define CN_BRR_SENT	0x02

/* Answers to HoTI, CoTI and BUs are rate limited per type (token buckets), so that a flood
 * costs bounded HMAC work and bounded traffic. */
#define CN_RATE_PER_SEC	5000
#define CN_RATE_BURST	2000

/* A Binding Refresh Request goes out when this share of the lifetime is left (RFC 6275 9.5.5) */
#define CN_BRR_AT_PERCENT	20
#define CN_BRR_SWEEP_MS		1000

struct bucket {
	uint64_t	last_ms;
	uint32_t	tokens;
};

static struct {
	const struct conf	*conf;
	struct bcache		*bc;		/* the node's one cache (bindings.h) */
	struct rr_cn		*rr;
	struct loop_timer	*rr_timer;
	struct loop_timer	*brr_timer;
	struct bucket		 hoti, coti, bu;
	int			 kern_on;	/* cn_kern_start succeeded */
} cn;

static int
bucket_take(struct bucket *b)
{
	uint64_t now = loop_now_ms(), add = (now - b->last_ms) * CN_RATE_PER_SEC / 1000;

	if (add > 0) {
		b->tokens = (uint32_t)(b->tokens + add > CN_RATE_BURST ? CN_RATE_BURST :
		    b->tokens + add);
		b->last_ms = now;
	}
	if (b->tokens == 0) {
		stats_inc("drop.cn-rate-limited");
		return 0;
	}
	b->tokens--;
	return 1;
}

static void
rr_tick(void *arg)
{
	uint64_t now = loop_now_ms(), next = rr_cn_tick(cn.rr, now);

	loop_timer_arm(cn.rr_timer, next > now ? next - now : 1000);
}

/* HoTI arrives from the home address through the home agent, CoTI from the care-of address;
 * neither may carry a Home Address option (RFC 6275 9.4.1, 9.4.2). */
static int
test_init_ok(const struct mh_rx *rx, const char *what)
{
	if (rx->has_hao) {
		stats_inc("drop.cn-test-init-with-hao");
		log_debug("%s from %s with a Home Address option: dropped", what,
		    addr_str(&rx->src));
		return 0;
	}
	if (!conf_cn_ro_allowed(cn.conf, &rx->src)) {
		/* Route optimization off for this peer: no tokens, so no binding either. */
		stats_inc("drop.cn-route-optimization-off");
		return 0;
	}
	return 1;
}

static void
cn_recv_hoti(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	struct mh_msg hot;

	if (!test_init_ok(rx, "HoTI") || !bucket_take(&cn.hoti))
		return;
	memset(&hot, 0, sizeof(hot));
	hot.type = MH_TYPE_HOT;
	memcpy(hot.hot.cookie, m->hoti.cookie, sizeof(hot.hot.cookie));
	if (rr_cn_token(cn.rr, loop_now_ms(), &rx->src, 0, &hot.hot.nonce_idx,
	    hot.hot.token) == -1) {
		stats_inc("err.cn-token");
		return;
	}
	/* RFC 6275 9.4.3: to the home address, so it travels through the home agent */
	mh_io_send(&hot, &rx->dst, &rx->src, NULL, NULL);
}

static void
cn_recv_coti(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	struct mh_msg cot;

	if (!test_init_ok(rx, "CoTI") || !bucket_take(&cn.coti))
		return;
	memset(&cot, 0, sizeof(cot));
	cot.type = MH_TYPE_COT;
	memcpy(cot.cot.cookie, m->coti.cookie, sizeof(cot.cot.cookie));
	if (rr_cn_token(cn.rr, loop_now_ms(), &rx->src, 1, &cot.cot.nonce_idx,
	    cot.cot.token) == -1) {
		stats_inc("err.cn-token");
		return;
	}
	mh_io_send(&cot, &rx->dst, &rx->src, NULL, NULL);
}

static void
binding_remove(struct bcache_entry *e, const char *why)
{
	if (e->role_state & CN_INSTALLED)
		cn_kern_binding_del(&e->local, &e->hoa);
	e->role_state = 0;
	log_info("binding %s -> %s removed: %s", addr_str(&e->hoa), addr_str(&e->coa), why);
}

static void
schedule_brr(void);

static void
cn_recv_bu(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	const struct mh_bu *bu = &m->bu;
	uint8_t kbm[RR_KBM_LEN];
	struct cn_bu_input in;
	struct cn_bu_verdict v;
	struct bcache_entry *e, *other;
	enum event_kind kind;
	int dereg;

	if (!bucket_take(&cn.bu))
		return;
	memset(&in, 0, sizeof(in));
	in.seq = bu->seq;
	in.lifetime_s = (uint32_t)bu->lifetime * 4;
	in.hoa = rx->src;
	if (bu->opts.present & MH_OPTF_ALTCOA)
		in.coa = bu->opts.altcoa;
	else
		in.coa = rx->has_hao ? rx->coa : rx->src;
	in.has_nonce_indices = (bu->opts.present & MH_OPTF_NONCE) != 0;
	in.has_auth = (bu->opts.present & MH_OPTF_AUTH) != 0;
	dereg = in.lifetime_s == 0 || addr_eq(&in.hoa, &in.coa);
	in.auth_result = RR_ST_BAD_AUTH;
	if (in.has_nonce_indices && in.has_auth)
		/* RFC 6275 5.2.6: over (care-of address | correspondent | MH data) */
		in.auth_result = rr_cn_verify(cn.rr, loop_now_ms(), &in.hoa, &in.coa, &rx->dst,
		    bu->opts.home_nonce, bu->opts.careof_nonce, dereg, rx->buf,
		    bu->opts.auth_off, rx->buf + bu->opts.auth_off, kbm);
	/* the node's one cache: home registrations count too, for the loop and for 139 */
	other = bcache_lookup_hoa(cn.bc, &in.coa);
	in.coa_is_a_hoa = other != NULL && !addr_eq(&in.coa, &in.hoa);
	in.ro_allowed = conf_cn_ro_allowed(cn.conf, &in.hoa);
	e = bcache_lookup(cn.bc, &in.hoa, &rx->dst);
	in.has_bce = e != NULL;
	in.bce_home = e != NULL && (e->flags & BCACHE_F_HOME);
	in.bce_seq = e ? e->seq : 0;
	in.cache_full = bindings_full(BINDINGS_CORR);
	in.max_lifetime_s = cn.conf->cn.max_lifetime;

	cn_bu_decide(&in, &v);
	stats_inc(v.reason);
	switch (v.action) {
	case HA_DROP:
		log_debug("BU for %s from %s dropped: %s", addr_str(&in.hoa), addr_str(&in.coa),
		    v.reason);
		return;
	case HA_REJECT:
		log_info("BU for %s from %s rejected: %s (%u)", addr_str(&in.hoa),
		    addr_str(&in.coa), v.reason, v.status);
		/* RFC 6275 9.5.1: rejections are answered whatever the A flag says */
		if (v.authenticated)
			mh_io_send_ba_auth(rx, &in.coa, v.status, v.ba_seq, 0, 0, kbm);
		else
			mh_io_send_ba(rx, &in.coa, v.status, 0, v.ba_seq, 0, 0);
		events_emit(EVENT_BINDING_REFUSED, "cn", &in.hoa, &in.coa, v.status, v.reason);
		return;
	case HA_DEREGISTER:
		if (e != NULL) {
			events_emit(EVENT_BINDING_REMOVED, "cn", &e->hoa, &e->coa, -1,
			    "de-registration");
			binding_remove(e, "de-registration");
			bindings_del(e);
		}
		if (bu->flags & MH_BU_F_A)
			mh_io_send_ba_auth(rx, &in.coa, MH_BA_ACCEPTED, bu->seq, 0, 0, kbm);
		return;
	case HA_ACCEPT:
		break;
	}
	kind = e == NULL ? EVENT_BINDING_CREATED : addr_eq(&e->coa, &in.coa) ?
	    EVENT_BINDING_REFRESHED : EVENT_BINDING_MOVED;
	if (e == NULL && (e = bindings_add(BINDINGS_CORR, &in.hoa, &rx->dst)) == NULL) {
		mh_io_send_ba_auth(rx, &in.coa, MH_BA_INSUFFICIENT, bu->seq, 0, 0, kbm);
		return;
	}
	if (!(e->role_state & CN_INSTALLED) || !addr_eq(&e->coa, &in.coa)) {
		int rc, failed;

		/*
		 * The binding's two states and two policies leave in one sendmsg (kern.h); the
		 * batch's end says whether all are in place before the BA says so.
		 */
		kern_batch_begin();
		rc = cn_kern_binding_set(&rx->dst, &in.hoa, &in.coa);
		failed = kern_batch_end();
		if (rc == -1 || failed > 0) {
			if (rc != -1)
				cn_kern_binding_del(&rx->dst, &in.hoa);
			stats_inc("err.cn-kernel");
			mh_io_send_ba_auth(rx, &in.coa, MH_BA_INSUFFICIENT, bu->seq, 0, 0, kbm);
			binding_remove(e, "kernel refused the binding");
			bindings_del(e);
			return;
		}
		e->role_state |= CN_INSTALLED;
	}
	e->coa = in.coa;
	e->seq = bu->seq;
	e->lifetime_s = v.lifetime_s;
	e->flags = (bu->flags & MH_BU_F_A) ? BCACHE_F_ACK : 0;
	e->role_state &= (uint8_t)~CN_BRR_SENT;
	e->n_bu++;
	bcache_set_expiry(cn.bc, e, loop_now_ms() + (uint64_t)v.lifetime_s * 1000);
	log_info("binding %s -> %s accepted, lifetime %u s, seq %u", addr_str(&e->hoa),
	    addr_str(&e->coa), e->lifetime_s, e->seq);
	if (bu->flags & MH_BU_F_A)
		mh_io_send_ba_auth(rx, &in.coa, MH_BA_ACCEPTED, bu->seq, v.lifetime_s, 0, kbm);
	events_emit(kind, "cn", &e->hoa, &e->coa, MH_BA_ACCEPTED, NULL);
	schedule_brr();
}

/* Without the home agent role, home registrations still get an answer (RFC 6275 9.5.1):
 * 139 when they would turn one of our correspondent bindings into a home one, else 131. */
static void
cn_recv_home_bu(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	uint8_t status = bcache_lookup(cn.bc, &rx->src, &rx->dst) != NULL ?
	    MH_BA_REG_TYPE_CHANGE : MH_BA_HOMEREG_NOT_SUPP;

	stats_inc(status == MH_BA_REG_TYPE_CHANGE ? "reject.cn-registration-type-change" :
	    "reject.not-a-home-agent");
	mh_io_reject_bu(m, rx, status);
}

static void
brr_check(struct bcache_entry *e, void *arg)
{
	uint64_t now = loop_now_ms(), *next = arg, at;

	if (e->flags & BCACHE_F_HOME)
		return;
	at = e->expiry_ms - (uint64_t)e->lifetime_s * 1000 * CN_BRR_AT_PERCENT / 100;
	if (!(e->role_state & CN_BRR_SENT) && at <= now && e->expiry_ms > now) {
		struct mh_msg brr;

		/* RFC 6275 9.5.5: ask the mobile node to refresh a binding about to expire */
		memset(&brr, 0, sizeof(brr));
		brr.type = MH_TYPE_BRR;
		mh_io_send(&brr, &e->local, &e->hoa, NULL, NULL);
		e->role_state |= CN_BRR_SENT;
		e->n_refresh++;
	} else if (!(e->role_state & CN_BRR_SENT) && at > now && at < *next) {
		*next = at;
	}
}

static void
brr_run(void *arg)
{
	uint64_t next = UINT64_MAX, now = loop_now_ms();

	bindings_foreach(BINDINGS_CORR, brr_check, &next);
	/* A sweep walks every binding: at most one a second, however close the next one is
	 * due, or a large cache would be walked once per binding per lifetime. */
	if (next != UINT64_MAX)
		loop_timer_arm(cn.brr_timer, next > now + CN_BRR_SWEEP_MS ? next - now :
		    CN_BRR_SWEEP_MS);
}

static void
schedule_brr(void)
{
	/* Refresh requests are rare and coarse: one sweep at most every few seconds. */
	if (!loop_timer_pending(cn.brr_timer))
		loop_timer_arm(cn.brr_timer, 5000);
}

static void
cn_expired(struct bcache_entry *e, void *arg)
{
	stats_inc("cn.expired");
	events_emit(EVENT_BINDING_EXPIRED, "cn", &e->hoa, &e->coa, -1, NULL);
	binding_remove(e, "lifetime expired");
}

static void
bc_add_json(struct bcache_entry *e, void *arg)
{
	struct json_object *list = arg, *o = json_object_new_object();
	uint64_t now = loop_now_ms();

	json_object_object_add(o, "home-address", json_object_new_string(addr_str(&e->hoa)));
	json_object_object_add(o, "care-of-address", json_object_new_string(addr_str(&e->coa)));
	json_object_object_add(o, "local-address", json_object_new_string(addr_str(&e->local)));
	json_object_object_add(o, "lifetime", json_object_new_int64(e->lifetime_s));
	json_object_object_add(o, "remaining", json_object_new_int64(
	    e->expiry_ms > now ? (int64_t)((e->expiry_ms - now) / 1000) : 0));
	json_object_object_add(o, "sequence", json_object_new_int(e->seq));
	json_object_object_add(o, "flags", json_object_new_string(""));
	json_object_object_add(o, "state", json_object_new_string(
	    (e->role_state & CN_INSTALLED) ? "active" : "new"));
	json_object_object_add(o, "role", json_object_new_string("cn"));
	json_object_array_add(list, o);
}

void
cn_bc_json(struct json_object *list)
{
	if (cn.bc != NULL)
		bindings_foreach(BINDINGS_CORR, bc_add_json, list);
}

int
cn_start(const struct conf *c)
{
	uint64_t now = loop_now_ms();

	cn.conf = c;
	cn.bc = bindings_open(BINDINGS_CORR, c->cn.max_bindings, cn_expired, NULL);
	cn.rr = rr_cn_new(now, NULL);
	cn.rr_timer = loop_timer_new(rr_tick, NULL);
	cn.brr_timer = loop_timer_new(brr_run, NULL);
	if (cn.bc == NULL || cn.rr == NULL || cn.rr_timer == NULL || cn.brr_timer == NULL) {
		log_warnx("cannot set up the correspondent node");
		cn_stop();
		return -1;
	}
	/* shared with the home agent: the kernel's Home Address option reports are judged
	 * against the node's one cache (bindings.c) */
	if (cn_kern_start(bindings_hao_report, NULL) == -1) {
		cn_stop();
		return -1;
	}
	cn.kern_on = 1;
	cn.hoti.tokens = cn.coti.tokens = cn.bu.tokens = CN_RATE_BURST;
	cn.hoti.last_ms = cn.coti.last_ms = cn.bu.last_ms = now;
	rr_tick(NULL);
	mh_io_register(MH_TYPE_HOTI, cn_recv_hoti, NULL);
	mh_io_register(MH_TYPE_COTI, cn_recv_coti, NULL);
	mh_io_register(MH_IO_BU_CORR, cn_recv_bu, NULL);
	if (!(c->roles & ROLE_HA))
		mh_io_register(MH_IO_BU_HOME, cn_recv_home_bu, NULL);
	log_info("correspondent node, route optimization %s by default, at most %u bindings",
	    c->cn.ro ? "accepted" : "refused", c->cn.max_bindings);
	return 0;
}

int
cn_reload(const struct conf *c)
{
	cn.conf = c;
	bindings_set_cap(BINDINGS_CORR, c->cn.max_bindings);
	return 0;
}

static void
remove_each(struct bcache_entry *e, void *arg)
{
	binding_remove(e, "correspondent node stopping");
}

void
cn_stop(void)
{
	if (cn.bc != NULL) {
		kern_batch_begin();
		bindings_foreach(BINDINGS_CORR, remove_each, NULL);
		kern_batch_end();
		bindings_close(BINDINGS_CORR);
	}
	if (cn.kern_on)
		cn_kern_stop();
	rr_cn_free(cn.rr);
	loop_timer_free(cn.rr_timer);
	loop_timer_free(cn.brr_timer);
	memset(&cn, 0, sizeof(cn));
}

unsigned long
cn_binding_count(void)
{
	return cn.bc ? bindings_count(BINDINGS_CORR) : 0;
}

/* ---- administration: mip6d-ctl bc show / del / flush ---- */

int
cn_bc_show(const struct in6_addr *hoa, struct json_object *list)
{
	struct bcache_entry *e;
	struct json_object *o;
	int n = 0;

	if (cn.bc == NULL)
		return 0;
	for (e = bcache_lookup_hoa(cn.bc, hoa); e != NULL; e = bcache_next_hoa(cn.bc, e)) {
		if (bindings_kind(e) != BINDINGS_CORR)
			continue;
		bc_add_json(e, list);
		o = json_object_array_get_idx(list, json_object_array_length(list) - 1);
		json_object_object_add(o, "binding-updates", json_object_new_int64(e->n_bu));
		json_object_object_add(o, "refresh-requests", json_object_new_int64(e->n_refresh));
		n++;
	}
	return n;
}

/* RFC 6275 9.5.5 lets the correspondent ask for a refresh at any time: it goes first. */
int
cn_bc_del(const struct in6_addr *hoa, const char *who)
{
	struct bcache_entry *e;
	struct mh_msg m;
	char why[160];
	int n = 0;

	if (cn.bc == NULL)
		return 0;
	snprintf(why, sizeof(why), "removed by the administrator (%s)", who);
	while ((e = bindings_first(BINDINGS_CORR, hoa)) != NULL) {
		memset(&m, 0, sizeof(m));
		m.type = MH_TYPE_BRR;
		mh_io_send(&m, &e->local, &e->hoa, NULL, NULL);
		events_emit(EVENT_BINDING_REMOVED, "cn", &e->hoa, &e->coa, -1, "administrator");
		stats_inc("cn.removed-by-administrator");
		binding_remove(e, why);
		bindings_del(e);
		n++;
	}
	return n;
}

static void
collect_hoa(struct bcache_entry *e, void *arg)
{
	struct { struct in6_addr *a; size_t n; } *v = arg;

	v->a[v->n++] = e->hoa;
}

unsigned long
cn_bc_flush(const char *who)
{
	struct { struct in6_addr *a; size_t n; } v = { NULL, 0 };
	unsigned long n = 0;
	size_t i;

	if (cn.bc == NULL || bindings_count(BINDINGS_CORR) == 0)
		return 0;
	if ((v.a = calloc(bindings_count(BINDINGS_CORR), sizeof(*v.a))) == NULL)
		return 0;
	bindings_foreach(BINDINGS_CORR, collect_hoa, &v);
	for (i = 0; i < v.n; i++)
		n += (unsigned long)cn_bc_del(&v.a[i], who);
	free(v.a);
	return n;
}
