/* ha.c - the Home Agent (RFC 6275 section 10): home registrations in, bindings, proxy ND and
 * tunnels out.  The verdict itself is ha_bu_decide(); this file gathers its inputs and carries
 * out its effects. */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bcache.h"
#include "bindings.h"
#include "conf.h"
#include "events.h"
#include "ha_decide.h"
#include "ha_disc.h"
#include "ha_kern.h"
#include "ha_nemo.h"
#include "ha_sync.h"
#include "bstore.h"
#include "kern.h"
#include "kern_tunnel.h"
#include "log.h"
#include "loop.h"
#include "metrics.h"
#include "mh_io.h"
#include "nd.h"
#include "roles.h"
#include "stats.h"
#include "util.h"

/* bcache_entry.role_state */
#define HA_DAD_HOA	0x01	/* probing the home address */
#define HA_DAD_LL	0x02	/* probing the link-local address (L=1) */
#define HA_DAD_FAILED	0x04
#define HA_PENDING	(HA_DAD_HOA | HA_DAD_LL)
#define HA_INSTALLED	0x08	/* kernel state is in place */
#define HA_DAD_UNSENT	0x10	/* a probe could not be sent: DAD did not happen */
#define HA_SETTLING	0x20	/* DAD ended free: installed with the others of this turn */

static struct {
	const struct conf	*conf;
	struct bcache		*bc;		/* the node's one cache (bindings.h) */
	int			 ifindex[CONF_MAX_HOME_LINKS];	/* of conf->home_links[i] */
} ha;

/* What a DAD probe needs to find its binding again. */
struct dad_ctx {
	struct in6_addr	hoa;
	struct in6_addr	local;
};

static void flush_free(void);

static int
home_ifindex(const struct conf_home_link *l)
{
	size_t i = (size_t)(l - ha.conf->home_links);

	if (i < sizeof(ha.ifindex) / sizeof(ha.ifindex[0]) && ha.ifindex[i] > 0)
		return ha.ifindex[i];
	return (int)if_nametoindex(l->ifname);
}

/* fe80::/64 with the interface identifier of the home address (RFC 6275 10.4.1, L bit) */
static void
ll_of(const struct in6_addr *hoa, struct in6_addr *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	memcpy(ll->s6_addr + 8, hoa->s6_addr + 8, 8);
}

/* Rebuild the receive context of a binding's last BU, for a BA sent later (after DAD). */
static void
rx_of(const struct bcache_entry *e, struct mh_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->src = e->hoa;
	rx->dst = e->local;
	rx->coa = e->coa;
	rx->has_hao = !addr_eq(&e->coa, &e->hoa);
}

static uint32_t
refresh_advice(uint32_t lifetime_s)
{
	/* Ask for a refresh at three quarters of the lifetime, before the MN's own margin. */
	return lifetime_s >= 16 ? lifetime_s / 4 * 3 : 0;
}

/*
 * Where an installed binding's kernel state is: the ifindex of its home link, with in *ll the
 * link-local address defended beside the home address (L=1) or NULL.  -1 when nothing of it
 * is installed, or its home link has left the configuration.
 */
static int
installed_on(const struct bcache_entry *e, struct in6_addr *buf, const struct in6_addr **ll)
{
	const struct conf_home_link *l;

	if (!(e->role_state & HA_INSTALLED) ||
	    (l = conf_ha_serves(ha.conf, &e->hoa, NULL)) == NULL)
		return -1;
	ll_of(&e->hoa, buf);
	*ll = (e->flags & BCACHE_F_LLADDR) ? buf : NULL;
	return home_ifindex(l);
}

/* proxies: 0 when ha_kern_stop_proxies_del took the binding's proxy entries already */
static void
binding_remove_kern(struct bcache_entry *e, const char *why, int proxies)
{
	const struct conf_home_link *l = conf_ha_serves(ha.conf, &e->hoa, NULL);
	const struct in6_addr *llp;
	struct in6_addr ll;
	int ifi;

	if (e->role_state & (HA_PENDING | HA_SETTLING)) {
		ifi = l ? home_ifindex(l) : 0;
		ha_kern_pending_del(&e->hoa);
		/* each probe holds its own context (dad_probe): released with the probe */
		free(nd_dad_cancel(ifi, &e->hoa));
		if (e->flags & BCACHE_F_LLADDR) {
			ll_of(&e->hoa, &ll);
			free(nd_dad_cancel(ifi, &ll));
		}
	}
	if ((ifi = installed_on(e, &ll, &llp)) >= 0) {
		ha_nemo_routes_del(e);
		ha_kern_binding_del(ifi, &e->hoa, llp, &e->local, proxies);
		if (ha_kern_nd_proxy())
			nd_proxy_report(ifi, &e->hoa, 0);
	}
	log_info("binding %s -> %s removed: %s", addr_str(&e->hoa), addr_str(&e->coa), why);
}

static void
binding_remove(struct bcache_entry *e, const char *why)
{
	binding_remove_kern(e, why, 1);
}

static int
binding_install(struct bcache_entry *e, const struct conf_home_link *l)
{
	struct in6_addr ll;
	int ifi = home_ifindex(l);

	ll_of(&e->hoa, &ll);
	if (ha_kern_binding_set(ifi, &e->hoa, (e->flags & BCACHE_F_LLADDR) ? &ll : NULL,
	    &e->local, &e->coa) == -1) {
		stats_inc("err.ha-kernel");
		return -1;
	}
	if (ha_nemo_routes_set(e) == -1) {
		/* RFC 3963 6.6: 143; binding_remove undoes what is in place */
		e->role_state |= HA_INSTALLED;
		return -2;
	}
	if (!(e->role_state & HA_INSTALLED)) {
		/* nd-proxy = mip6d: its solicited-node group, for the link's MLD snoopers */
		if (ha_kern_nd_proxy())
			nd_proxy_report(ifi, &e->hoa, 1);
		/* RFC 6275 10.4.1: tell the home link at once that we answer for the MN now */
		nd_send_unsolicited_na(ifi, &e->hoa, 0);
		if (e->flags & BCACHE_F_LLADDR)
			nd_send_unsolicited_na(ifi, &ll, 0);
	}
	e->role_state |= HA_INSTALLED;
	return 0;
}

/* The rest of an acceptance once the kernel state is in place (rc 0) or refused (rc < 0):
 * 0, or -1 when the kernel refused it and the binding is gone (e freed). */
static int
binding_settle(struct bcache_entry *e, int rc, int ack, const struct mh_rx *rx)
{
	struct mh_rx later;

	if (rc < 0) {
		/* RFC 6275 6.1.8: 130 insufficient resources (RFC 3963 6.6: 143 when a
		 * prefix's route failed); the binding goes. */
		if (rx == NULL) {
			rx_of(e, &later);
			rx = &later;
		}
		mh_io_send_ba(rx, &e->coa, rc == -2 ? MH_BA_FWD_SETUP_FAILED :
		    MH_BA_INSUFFICIENT, 0, e->seq, 0, 0);
		events_emit(EVENT_BINDING_REFUSED, "ha", &e->hoa, &e->coa, rc == -2 ?
		    MH_BA_FWD_SETUP_FAILED : MH_BA_INSUFFICIENT, "kernel refused the tunnel");
		binding_remove(e, "kernel refused the tunnel");
		ha_sync_del(e);
		bindings_del(e);
		return -1;
	}
	bcache_set_expiry(ha.bc, e, loop_now_ms() + (uint64_t)e->lifetime_s * 1000);
	ha_sync_set(e);
	stats_inc("ha.accepted");
	log_info("binding %s -> %s accepted, lifetime %u s, seq %u", addr_str(&e->hoa),
	    addr_str(&e->coa), e->lifetime_s, e->seq);
	if (ack) {
		if (rx == NULL) {
			rx_of(e, &later);
			rx = &later;
		}
		mh_io_send_ba(rx, &e->coa, MH_BA_ACCEPTED, ha_nemo_ba_flags(e), e->seq,
		    e->lifetime_s, refresh_advice(e->lifetime_s));
	}
	return 0;
}

/*
 * The Binding Updates of one read of the Mobility Header socket (up to 64): their kernel
 * requests go in one batch (a few sendmsg for all of them, kern.h), and their BAs leave when
 * it has: a BA never says 0 before the route and proxy entry it promises are in place.
 * When a request of the batch failed, each binding of the burst is installed again on its
 * own, which says which one it was (the requests are idempotent: replace or update).
 */
struct deferred {
	struct in6_addr	hoa, local;
	uint64_t	t0_ns;		/* the BU's arrival, for the BU-to-BA histogram */
	uint8_t		ack;
	uint8_t		kind;		/* enum event_kind */
};

static struct {
	int		 open;
	struct deferred	*v;
	size_t		 n, cap;
} burst;

static void
burst_begin(void)
{
	burst.open = 1;
	kern_batch_begin();
	net_tx_hold();
}

static void burst_end(void);

/* What the burst asked of the kernel so far leaves now (and the BAs waiting for it). */
static void
burst_flush(void)
{
	if (burst.open) {
		burst_end();
		burst_begin();
	}
}

/* 1 when e's BA waits for the end of the burst, 0 when it must be settled now. */
static int
burst_defer(const struct bcache_entry *e, int ack, enum event_kind kind)
{
	struct deferred *nv, *d;
	size_t ncap;

	if (!burst.open)
		return 0;
	if (burst.n == burst.cap) {
		ncap = burst.cap ? 2 * burst.cap : 64;
		if ((nv = realloc(burst.v, ncap * sizeof(*nv))) == NULL)
			return 0;
		burst.v = nv;
		burst.cap = ncap;
	}
	d = &burst.v[burst.n++];
	d->hoa = e->hoa;
	d->local = e->local;
	d->t0_ns = metrics_bu_t0();
	d->ack = (uint8_t)ack;
	d->kind = (uint8_t)kind;
	return 1;
}

static void
burst_end(void)
{
	const struct conf_home_link *l;
	struct bcache_entry *e;
	struct deferred *d;
	uint64_t now_ns = 0;
	int failed, rc;
	size_t i;

	burst.open = 0;
	failed = kern_batch_end();
	if (burst.n > 0)
		now_ns = metrics_mono_ns();
	for (i = 0; i < burst.n; i++) {
		d = &burst.v[i];
		/* a later message of the burst may have ended it (de-registration) */
		e = bcache_lookup(ha.bc, &d->hoa, &d->local);
		if (e == NULL || bindings_kind(e) != BINDINGS_HOME ||
		    (e->role_state & HA_PENDING) || !(e->role_state & HA_INSTALLED) ||
		    (l = conf_ha_serves(ha.conf, &e->hoa, NULL)) == NULL)
			continue;
		rc = failed > 0 ? binding_install(e, l) : 0;
		if (d->ack && d->t0_ns != 0 && rc == 0)
			metrics_bu_ba_observe_ns(now_ns - d->t0_ns);
		if (binding_settle(e, rc, d->ack, NULL) == 0)
			events_emit((enum event_kind)d->kind, "ha", &e->hoa, &e->coa,
			    MH_BA_ACCEPTED, NULL);
	}
	burst.n = 0;
	/* the burst's NAs (for proxy entries now in place) and BAs, one sendmmsg each */
	net_tx_flush();
}

/* 0, or -1 when the kernel refused it and the binding is gone (e freed), or 1 when the
 * rest waits for the end of the burst (burst_end settles it and announces kind). */
static int
binding_accepted(struct bcache_entry *e, const struct conf_home_link *l, int ack,
    const struct mh_rx *rx, enum event_kind kind)
{
	int rc = binding_install(e, l);

	if (rc == 0 && burst_defer(e, ack, kind))
		return 1;
	return binding_settle(e, rc, ack, rx);
}

/*
 * Probes end one timer each, a second after their BUs (RFC 6275 10.4.1): a thousand first
 * registrations end a thousand callbacks apart.  Those that ended free are installed together
 * at the end of the loop turn, in one burst (one kernel batch, BAs after it), instead of a
 * round trip each.  Meanwhile the entry is HA_SETTLING: its BUs are dropped as during DAD.
 */
static struct {
	struct dad_ctx		*v;
	size_t			 n, cap;
	struct loop_timer	*timer;
} settle;

static void
settle_run(void *arg)
{
	const struct conf_home_link *l;
	struct bcache_entry *e;
	size_t i, n = settle.n;

	settle.n = 0;
	burst_begin();
	for (i = 0; i < n; i++) {
		e = bcache_lookup(ha.bc, &settle.v[i].hoa, &settle.v[i].local);
		if (e == NULL || bindings_kind(e) != BINDINGS_HOME ||
		    !(e->role_state & HA_SETTLING))
			continue;
		e->role_state &= (uint8_t)~HA_SETTLING;
		if ((l = conf_ha_serves(ha.conf, &e->hoa, NULL)) == NULL)
			continue;
		if (binding_accepted(e, l, (e->flags & BCACHE_F_ACK) != 0, NULL,
		    EVENT_BINDING_CREATED) == 0)
			events_emit(EVENT_BINDING_CREATED, "ha", &e->hoa, &e->coa, MH_BA_ACCEPTED,
			    NULL);
	}
	burst_end();
}

/* 1 when e's acceptance waits for settle_run, 0 when it must happen now. */
static int
settle_later(struct bcache_entry *e)
{
	struct dad_ctx *nv;
	size_t ncap;

	if (settle.timer == NULL && (settle.timer = loop_timer_new(settle_run, NULL)) == NULL)
		return 0;
	if (settle.n == settle.cap) {
		ncap = settle.cap ? 2 * settle.cap : 64;
		if ((nv = realloc(settle.v, ncap * sizeof(*nv))) == NULL)
			return 0;
		settle.v = nv;
		settle.cap = ncap;
	}
	settle.v[settle.n].hoa = e->hoa;
	settle.v[settle.n].local = e->local;
	settle.n++;
	e->role_state |= HA_SETTLING;
	if (!loop_timer_pending(settle.timer))
		loop_timer_arm(settle.timer, 0);
	return 1;
}

static void
settle_free(void)
{
	loop_timer_free(settle.timer);
	free(settle.v);
	memset(&settle, 0, sizeof(settle));
}

static void
dad_done(const struct in6_addr *addr, int ifindex, int result, void *arg)
{
	struct dad_ctx *ctx = arg;
	const struct conf_home_link *l;
	struct bcache_entry *e;
	struct mh_rx rx;

	e = bcache_lookup(ha.bc, &ctx->hoa, &ctx->local);
	if (e == NULL || bindings_kind(e) != BINDINGS_HOME || !(e->role_state & HA_PENDING)) {
		free(ctx);
		return;
	}
	e->role_state &= (uint8_t)~(addr_eq(addr, &ctx->hoa) ? HA_DAD_HOA : HA_DAD_LL);
	if (result == ND_DAD_DUPLICATE)
		e->role_state |= HA_DAD_FAILED;
	else if (result != ND_DAD_FREE)
		e->role_state |= HA_DAD_UNSENT;
	free(ctx);
	if (e->role_state & HA_PENDING)
		return;		/* the other probe is still running */
	l = conf_ha_serves(ha.conf, &e->hoa, NULL);
	if (!(e->role_state & HA_DAD_FAILED) && (e->role_state & HA_DAD_UNSENT)) {
		/*
		 * A probe that never left proves nothing: no binding without DAD.  130, not 134:
		 * the address may well be free, and the mobile node may try again (RFC 6275 6.1.8).
		 */
		log_warnx("DAD for home address %s could not run: binding refused",
		    addr_str(&e->hoa));
		stats_inc("reject.dad-unsent");
		ha_kern_pending_del(&e->hoa);
		rx_of(e, &rx);
		mh_io_send_ba(&rx, &e->coa, MH_BA_INSUFFICIENT, 0, e->seq, 0, 0);
		bindings_del(e);
		return;
	}
	if ((e->role_state & HA_DAD_FAILED) || l == NULL) {
		/* RFC 6275 10.3.1: 134, and no binding */
		log_notice("home address %s is in use on the home link: DAD failed",
		    addr_str(&e->hoa));
		stats_inc("reject.dad-failed");
		ha_kern_pending_del(&e->hoa);
		rx_of(e, &rx);
		mh_io_send_ba(&rx, &e->coa, MH_BA_DAD_FAILED, 0, e->seq, 0, 0);
		events_emit(EVENT_BINDING_REFUSED, "ha", &e->hoa, &e->coa, MH_BA_DAD_FAILED,
		    "reject.dad-failed");
		bindings_del(e);
		return;
	}
	/* The BA after DAD always goes out: the MN is waiting for its first registration. */
	if (e->flags & BCACHE_F_ACK)
		metrics_bu_ba_observe_ns((loop_now_ms() - e->last_used_ms) * 1000000);
	if (settle_later(e))
		return;
	if (binding_accepted(e, l, (e->flags & BCACHE_F_ACK) != 0, NULL,
	    EVENT_BINDING_CREATED) == 0)
		events_emit(EVENT_BINDING_CREATED, "ha", &e->hoa, &e->coa, MH_BA_ACCEPTED, NULL);
}

static int
dad_probe(int ifindex, const struct in6_addr *addr, const struct bcache_entry *e)
{
	struct dad_ctx *ctx = malloc(sizeof(*ctx));

	if (ctx == NULL)
		return -1;
	ctx->hoa = e->hoa;
	ctx->local = e->local;
	if (nd_dad_start(ifindex, addr, dad_done, ctx) == -1) {
		free(ctx);
		return -1;
	}
	return 0;
}

static uint16_t
entry_flags(uint16_t bu_flags)
{
	uint16_t f = BCACHE_F_HOME;

	if (bu_flags & MH_BU_F_L)
		f |= BCACHE_F_LLADDR;
	if (bu_flags & MH_BU_F_K)
		f |= BCACHE_F_KEYMGMT;
	if (bu_flags & MH_BU_F_A)
		f |= BCACHE_F_ACK;
	if (bu_flags & MH_BU_F_R)
		f |= BCACHE_F_ROUTER;	/* RFC 3963 6.1.1 */
	return f;
}

static void
ha_recv_bu(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	const struct mh_bu *bu = &m->bu;
	const struct conf_home_link *l;
	const struct conf_prefix *pfx;
	struct ha_bu_input in;
	struct ha_bu_verdict v;
	struct ha_nemo_verdict nv;
	struct bcache_entry *e;
	enum event_kind kind;
	int ack = (bu->flags & MH_BU_F_A) != 0;

	/* A BU reaches a standby only once the home agent address is its own (keepalived
	 * moved it): take over before answering. */
	if (ha_sync_is_standby())
		ha_sync_takeover("a Binding Update arrived");
	memset(&in, 0, sizeof(in));
	in.seq = bu->seq;
	in.home_reg = 1;
	in.link_local = (bu->flags & MH_BU_F_L) != 0;
	in.lifetime_s = (uint32_t)bu->lifetime * 4;
	in.has_nonce_indices = (bu->opts.present & MH_OPTF_NONCE) != 0;
	/* RFC 6275 9.5.1: the home address is in the HAO (swapped in by the kernel) or the source;
	 * the care-of address is the Alternate Care-of Address, or where the packet came from. */
	in.hoa = rx->src;
	if (bu->opts.present & MH_OPTF_ALTCOA)
		in.coa = bu->opts.altcoa;
	else
		in.coa = rx->has_hao ? rx->coa : rx->src;

	/* one lookup for every role: a correspondent binding here draws 139 (RFC 6275 9.5.1) */
	e = bcache_lookup(ha.bc, &in.hoa, &rx->dst);
	if (e != NULL && bindings_kind(e) == BINDINGS_HOME &&
	    (e->role_state & (HA_PENDING | HA_SETTLING))) {
		/* DAD is running for this first registration: the BA follows when it ends. */
		stats_inc("drop.bu-during-dad");
		return;
	}
	in.has_bce = e != NULL;
	in.bce_home = e != NULL && (e->flags & BCACHE_F_HOME);
	in.bce_seq = e != NULL ? e->seq : 0;
	in.cache_full = bindings_full(BINDINGS_HOME);
	in.is_ha = 1;
	l = conf_ha_serves(ha.conf, &in.hoa, &pfx);
	in.on_home_prefix = l != NULL;
	in.to_right_ha = l != NULL &&
	    (addr_is_unspecified(&l->ha_addr) || addr_eq(&l->ha_addr, &rx->dst));
	in.acl_allows = conf_acl_allows(ha.conf, &in.hoa);
	in.prefix_valid_s = l != NULL ? l->prefix_lifetime : 0;
	in.max_lifetime_s = ha.conf->ha.max_lifetime;

	ha_bu_decide(&in, &v);
	ha_nemo_check(ha.conf, bu, &in.hoa, e, &v, &nv);	/* RFC 3963 6.2 */
	stats_inc(v.reason);
	switch (v.action) {
	case HA_DROP:
		log_debug("BU from %s dropped: %s", addr_str(&in.hoa), v.reason);
		return;
	case HA_REJECT:
		log_info("BU for %s from %s rejected: %s (%u)", addr_str(&in.hoa),
		    addr_str(&in.coa), v.reason, v.status);
		mh_io_send_ba(rx, &in.coa, v.status, 0, v.ba_seq, 0, 0);
		events_emit(EVENT_BINDING_REFUSED, "ha", &in.hoa, &in.coa, v.status, v.reason);
		return;
	case HA_DEREGISTER:
		events_emit(EVENT_BINDING_REMOVED, "ha", &e->hoa, &e->coa, -1, "de-registration");
		binding_remove(e, "de-registration");
		ha_sync_del(e);
		bindings_del(e);
		/* Its tunnel route and type 2 routing header policy leave the kernel before the
		 * BA does: a mobile node back home gets it on the home link, not at its old
		 * care-of address. */
		burst_flush();
		/* RFC 6275 10.3.2: the BA goes to the care-of address the BU came from */
		if (ack)
			mh_io_send_ba(rx, &in.coa, MH_BA_ACCEPTED, nv.ba_flags, bu->seq, 0, 0);
		return;
	case HA_ACCEPT:
		break;
	}

	kind = e == NULL ? EVENT_BINDING_CREATED : addr_eq(&e->coa, &in.coa) ?
	    EVENT_BINDING_REFRESHED : EVENT_BINDING_MOVED;
	if (e == NULL) {
		e = bindings_add(BINDINGS_HOME, &in.hoa, &rx->dst);
		if (e == NULL) {
			stats_inc("reject.binding-cache-full");
			mh_io_send_ba(rx, &in.coa, MH_BA_INSUFFICIENT, 0, bu->seq, 0, 0);
			events_emit(EVENT_BINDING_REFUSED, "ha", &in.hoa, &in.coa,
			    MH_BA_INSUFFICIENT, "reject.binding-cache-full");
			return;
		}
		e->created_ms = loop_now_ms();
	}
	ha_nemo_update(e, &nv, (e->role_state & HA_INSTALLED) != 0);
	e->coa = in.coa;
	e->seq = bu->seq;
	e->lifetime_s = v.lifetime_s;
	e->flags = entry_flags(bu->flags);
	e->n_bu++;
	e->last_used_ms = loop_now_ms();

	if (v.first && ha.conf->ha.dad) {
		int ifi = home_ifindex(l);
		struct in6_addr ll;

		/* RFC 6275 10.3.1: DAD before the first acceptance; the BA waits for it. */
		e->role_state = HA_DAD_HOA;
		if (ha_kern_pending_set(&e->hoa, &e->coa) == -1 ||
		    dad_probe(ifi, &e->hoa, e) == -1) {
			ha_kern_pending_del(&e->hoa);
			bindings_del(e);
			mh_io_send_ba(rx, &in.coa, MH_BA_INSUFFICIENT, 0, bu->seq, 0, 0);
			return;
		}
		if (e->flags & BCACHE_F_LLADDR) {
			ll_of(&e->hoa, &ll);
			e->role_state |= HA_DAD_LL;
			if (dad_probe(ifi, &ll, e) == -1)
				e->role_state &= (uint8_t)~HA_DAD_LL;
		}
		log_debug("DAD for %s on %s before accepting", addr_str(&e->hoa), l->ifname);
		return;
	}
	if (binding_accepted(e, l, ack, rx, kind) == 0)
		events_emit(kind, "ha", &e->hoa, &e->coa, MH_BA_ACCEPTED, NULL);
}

static void
ha_expired(struct bcache_entry *e, void *arg)
{
	stats_inc("ha.expired");
	events_emit(EVENT_BINDING_EXPIRED, "ha", &e->hoa, &e->coa, -1, NULL);
	binding_remove(e, "lifetime expired");
	ha_sync_del(e);
}

static const char *
entry_state(const struct bcache_entry *e)
{
	if (e->role_state & HA_PENDING)
		return "dad";
	if (e->role_state & HA_INSTALLED)
		return "active";
	return "new";
}

static void
bc_add_json(struct bcache_entry *e, void *arg)
{
	struct json_object *list = arg, *o = json_object_new_object();
	uint64_t now = loop_now_ms();
	char flags[8];
	int n = 0;

	if (e->flags & BCACHE_F_HOME)
		flags[n++] = 'H';
	if (e->flags & BCACHE_F_LLADDR)
		flags[n++] = 'L';
	if (e->flags & BCACHE_F_KEYMGMT)
		flags[n++] = 'K';
	if (e->flags & BCACHE_F_ROUTER)
		flags[n++] = 'R';
	flags[n] = '\0';
	json_object_object_add(o, "home-address", json_object_new_string(addr_str(&e->hoa)));
	json_object_object_add(o, "care-of-address", json_object_new_string(addr_str(&e->coa)));
	json_object_object_add(o, "local-address", json_object_new_string(addr_str(&e->local)));
	json_object_object_add(o, "lifetime", json_object_new_int64(e->lifetime_s));
	json_object_object_add(o, "remaining", json_object_new_int64(
	    e->expiry_ms > now ? (int64_t)((e->expiry_ms - now) / 1000) : 0));
	json_object_object_add(o, "sequence", json_object_new_int(e->seq));
	json_object_object_add(o, "flags", json_object_new_string(flags));
	json_object_object_add(o, "state", json_object_new_string(entry_state(e)));
	json_object_object_add(o, "role", json_object_new_string("ha"));
	ha_nemo_json(e, o);
	json_object_array_add(list, o);
}

void
ha_bc_json(struct json_object *list)
{
	if (ha.bc != NULL)
		bindings_foreach(BINDINGS_HOME, bc_add_json, list);
}

static void
resolve_links(void)
{
	size_t i;

	for (i = 0; i < ha.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++) {
		ha.ifindex[i] = (int)if_nametoindex(ha.conf->home_links[i].ifname);
		if (ha.ifindex[i] == 0)
			log_warnx("home link %s does not exist (yet)", ha.conf->home_links[i].ifname);
	}
}

/*
 * nd-proxy = mip6d: whether this home agent answers a Neighbour Solicitation for target on
 * ifindex: a home address with an installed binding whose home link that is (RFC 6275
 * 10.4.1).  A link-local twin (L=1) keeps its kernel proxy entry: link-local destinations
 * are not routed through the home prefixes' routes that keep a unicast NS from the tunnel.
 */
int
ha_nd_proxy_answers(int ifindex, const struct in6_addr *target)
{
	const struct in6_addr *llp;
	struct bcache_entry *e;
	struct in6_addr ll;

	if (ha.bc == NULL)
		return 0;
	for (e = bcache_lookup_hoa(ha.bc, target); e != NULL; e = bcache_next_hoa(ha.bc, e))
		if (installed_on(e, &ll, &llp) == ifindex)
			return 1;
	return 0;
}

static int
ha_answers(int ifindex, const struct in6_addr *target, void *arg)
{
	(void)arg;
	return ha_nd_proxy_answers(ifindex, target);
}

static void
nd_proxy_links(void)
{
	size_t i;

	if (!ha_kern_nd_proxy())
		return;
	for (i = 0; i < ha.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++)
		if (ha.ifindex[i] != 0 && nd_proxy_start(ha.ifindex[i], ha_answers, NULL) == -1)
			log_warnx("home link %s: too many links for the ND proxy",
			    ha.conf->home_links[i].ifname);
}

int
ha_start(const struct conf *c)
{
	ha.conf = c;
	ha.bc = bindings_open(BINDINGS_HOME, c->ha.max_bindings, ha_expired, NULL);
	if (ha.bc == NULL) {
		log_warnx("cannot create the binding cache");
		return -1;
	}
	resolve_links();
	if (ha_kern_start(c) == -1) {
		bindings_close(BINDINGS_HOME);
		ha.bc = NULL;
		return -1;
	}
	nd_proxy_links();
	mh_io_register(MH_IO_BU_HOME, ha_recv_bu, NULL);
	mh_io_set_burst(burst_begin, burst_end);
	/* the bindings of the last run, from the state file (and Redis) */
	ha_sync_start(c, ha.bc);
	/* RFC 6275 10.5, 10.6: without the ICMPv6 socket, registrations still work */
	ha_disc_start(c);
	log_info("home agent on %zu home link(s), at most %u bindings", c->nhome_links,
	    c->ha.max_bindings);
	return 0;
}

int
ha_reload(const struct conf *c)
{
	ha.conf = c;
	resolve_links();
	nd_proxy_links();
	bindings_set_cap(BINDINGS_HOME, c->ha.max_bindings);
	ha_kern_reload(c);
	ha_disc_reload(c);
	return 0;
}

/* a binding's proxy entries, ahead of the rest of its removal (ha_kern_stopping) */
static void
unproxy_each(struct bcache_entry *e, void *arg)
{
	const struct in6_addr *llp;
	struct in6_addr ll;
	int ifi;

	if ((ifi = installed_on(e, &ll, &llp)) >= 0)
		ha_kern_stop_proxies_del(ifi, &e->hoa, llp);
}

static void
remove_each(struct bcache_entry *e, void *arg)
{
	binding_remove_kern(e, "home agent stopping", 0);
}

void
ha_stop(void)
{
	uint64_t t0, t1;
	uint32_t n;

	if (ha.bc == NULL)
		return;
	/*
	 * Thousands of bindings, each written to the state file and removed from the kernel:
	 * the clock is read once for all of them (loop_clock_hold), not once or twice each
	 * (where a system call is dear, as in user-mode Linux, those reads were 6 s of a 7 s
	 * stop with 20,000 bindings).
	 */
	loop_clock_hold();
	mh_io_set_burst(NULL, NULL);
	free(burst.v);
	memset(&burst, 0, sizeof(burst));
	settle_free();
	flush_free();
	ha_disc_stop();
	/* The store keeps the bindings for the next start; only the kernel forgets them. */
	ha_sync_stop();
	/* Their removals go to the kernel back to back, newest first (bindings_foreach_rev:
	 * each proxy entry and its group is then at the head of the kernel's lists). */
	ha_kern_stopping();
	n = bindings_count(BINDINGS_HOME);
	t0 = metrics_mono_ns();
	kern_batch_begin();
	bindings_foreach_rev(BINDINGS_HOME, unproxy_each, NULL);
	bindings_foreach_rev(BINDINGS_HOME, remove_each, NULL);
	kern_batch_end();
	t1 = metrics_mono_ns();
	bindings_close(BINDINGS_HOME);
	loop_clock_release();
	ha.bc = NULL;
	/* after the removals: their groups' leaves go out, in reports of many records */
	nd_proxy_stop();
	ha_kern_stop();
	/* what a stop with many bindings spends where: the kernel's removals, then the rest */
	if (n > 0)
		log_notice("stopped with %u binding(s): their kernel state removed in %.1f s, "
		    "the rest of the home agent in %.1f s", n, (double)(t1 - t0) / 1e9,
		    (double)(metrics_mono_ns() - t1) / 1e9);
}

unsigned long
ha_binding_count(void)
{
	return ha.bc ? bindings_count(BINDINGS_HOME) : 0;
}

/* ---- administration: mip6d-ctl bc show / del / flush, metrics ---- */

static void
sa_json(struct json_object *o, const char *key, const struct conf_sa *sa)
{
	struct json_object *s;

	if (!sa->set)
		return;
	s = json_object_new_object();
	json_object_object_add(s, "spi", json_object_new_int64(sa->spi));
	json_object_object_add(s, "encryption", json_object_new_string(conf_enc_name(sa->enc)));
	json_object_object_add(s, "authentication",
	    json_object_new_string(conf_auth_name(sa->auth)));
	json_object_object_add(o, key, s);
}

/* One binding with everything the home agent knows of it (mip6d-ctl bc show). */
static void
bc_detail_json(struct bcache_entry *e, struct json_object *o)
{
	const struct conf_home_link *l = conf_ha_serves(ha.conf, &e->hoa, NULL);
	const struct conf_ipsec *ips = conf_ipsec_find(ha.conf, &e->hoa);
	struct json_object *k = json_object_new_array(), *esp;
	uint64_t now = loop_now_ms();
	struct in6_addr ll;
	char buf[256];

	if (e->role_state & HA_INSTALLED) {
		if (ha_kern_prefix_routes())
			snprintf(buf, sizeof(buf), "tunnel map %s src %s dst %s dev %s",
			    addr_str(&e->hoa), addr_str(&e->local), addr_str(&e->coa),
			    KERN_TUNNEL_HA_NAME);
		else
			snprintf(buf, sizeof(buf), "route %s/128 dev %s encap ip6 src %s dst %s",
			    addr_str(&e->hoa), KERN_TUNNEL_HA_NAME, addr_str(&e->local),
			    addr_str(&e->coa));
		json_object_array_add(k, json_object_new_string(buf));
		/* nd-proxy = mip6d: the home address is answered for here, not by the kernel */
		snprintf(buf, sizeof(buf), "proxy neighbour %s dev %s", addr_str(&e->hoa),
		    l ? l->ifname : "?");
		if (!ha_kern_nd_proxy())
			json_object_array_add(k, json_object_new_string(buf));
		if (e->flags & BCACHE_F_LLADDR) {
			ll_of(&e->hoa, &ll);
			snprintf(buf, sizeof(buf), "proxy neighbour %s dev %s", addr_str(&ll),
			    l ? l->ifname : "?");
			json_object_array_add(k, json_object_new_string(buf));
		}
	}
	json_object_object_add(o, "kernel", k);
	if (ips != NULL) {
		esp = json_object_new_object();
		sa_json(esp, "transport-in", &ips->transport[CONF_DIR_MN_TO_HA]);
		sa_json(esp, "transport-out", &ips->transport[CONF_DIR_HA_TO_MN]);
		sa_json(esp, "tunnel-in", &ips->tunnel[CONF_DIR_MN_TO_HA]);
		sa_json(esp, "tunnel-out", &ips->tunnel[CONF_DIR_HA_TO_MN]);
		json_object_object_add(o, "esp", esp);
	}
	json_object_object_add(o, "home-link", json_object_new_string(l ? l->ifname : "-"));
	json_object_object_add(o, "age", json_object_new_int64(e->created_ms && now >
	    e->created_ms ? (int64_t)((now - e->created_ms) / 1000) : 0));
	json_object_object_add(o, "since-last-bu", json_object_new_int64(now > e->last_used_ms ?
	    (int64_t)((now - e->last_used_ms) / 1000) : 0));
	json_object_object_add(o, "binding-updates", json_object_new_int64(e->n_bu));
	json_object_object_add(o, "refresh-requests", json_object_new_int64(e->n_refresh));
}

int
ha_bc_show(const struct in6_addr *hoa, struct json_object *list)
{
	struct bcache_entry *e;
	int n = 0;

	if (ha.bc == NULL)
		return 0;
	for (e = bcache_lookup_hoa(ha.bc, hoa); e != NULL; e = bcache_next_hoa(ha.bc, e)) {
		if (bindings_kind(e) != BINDINGS_HOME)
			continue;
		bc_add_json(e, list);
		bc_detail_json(e, json_object_array_get_idx(list,
		    json_object_array_length(list) - 1));
		n++;
	}
	return n;
}

/*
 * Administrative removal.  RFC 6275 6.1.2 lets the home agent send a Binding Refresh Request
 * at any time: it goes first, so that a mobile node that is still there registers again at
 * once instead of finding out at its next refresh.  Then the binding and its kernel state go.
 * The request goes to the home address through the binding's tunnel, not with a type 2
 * routing header: the mobile node's route optimization policy for its home agent admits
 * Binding Acknowledgements only (RFC 3776 MH-type selectors), and its kernel would drop it.
 * The packet is routed when sent, before the tunnel route goes.
 */
static void
admin_remove(struct bcache_entry *e, const char *who)
{
	struct mh_msg m;
	char why[160];

	if (!(e->role_state & HA_PENDING)) {
		memset(&m, 0, sizeof(m));
		m.type = MH_TYPE_BRR;
		if (mh_io_send(&m, &e->local, &e->hoa, NULL, NULL) == 0)
			e->n_refresh++;
	}
	snprintf(why, sizeof(why), "removed by the administrator (%s)", who);
	events_emit(EVENT_BINDING_REMOVED, "ha", &e->hoa, &e->coa, -1, "administrator");
	stats_inc("ha.removed-by-administrator");
	binding_remove(e, why);
	bindings_del(e);
}

int
ha_bc_del(const struct in6_addr *hoa, const char *who)
{
	struct bcache_entry *e;
	int n = 0;

	if (ha.bc == NULL)
		return 0;
	/* bcache_next_hoa after a delete is not allowed: look the address up again */
	while ((e = bindings_first(BINDINGS_HOME, hoa)) != NULL) {
		admin_remove(e, who);
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

/*
 * A flush of many bindings goes in slices, one per loop turn with a millisecond between:
 * Binding Updates keep being answered meanwhile, and each slice's events fit in a monitor
 * reader's buffer, so flushing a large cache drops no reader that keeps up.
 */
#define FLUSH_SLICE	256

static struct {
	struct in6_addr		*a;
	size_t			 n, next;
	char			 who[64];
	struct loop_timer	*timer;
} flush;

static void
flush_free(void)
{
	free(flush.a);
	flush.a = NULL;
	flush.n = flush.next = 0;
	loop_timer_free(flush.timer);
	flush.timer = NULL;
}

static void
flush_step(void *arg)
{
	size_t end = flush.next + FLUSH_SLICE < flush.n ? flush.next + FLUSH_SLICE : flush.n;

	kern_batch_begin();
	for (; flush.next < end; flush.next++)
		ha_bc_del(&flush.a[flush.next], flush.who);
	kern_batch_end();
	if (flush.next < flush.n)
		loop_timer_arm(flush.timer, 1);
	else {
		log_notice("bc flush: %zu binding(s) removed", flush.n);
		flush_free();
	}
}

unsigned long
ha_bc_flush(const char *who, unsigned long *pending)
{
	struct { struct in6_addr *a; size_t n; } v = { NULL, 0 };
	unsigned long n;

	*pending = flush.a != NULL ? flush.n - flush.next : 0;
	if (ha.bc == NULL || bindings_count(BINDINGS_HOME) == 0 || flush.a != NULL)
		return 0;
	/* bcache_foreach forbids deletes: take the addresses first */
	if ((v.a = calloc(bindings_count(BINDINGS_HOME), sizeof(*v.a))) == NULL ||
	    (flush.timer = loop_timer_new(flush_step, NULL)) == NULL) {
		free(v.a);
		return 0;
	}
	bindings_foreach(BINDINGS_HOME, collect_hoa, &v);
	flush.a = v.a;
	flush.n = v.n;
	flush.next = 0;
	snprintf(flush.who, sizeof(flush.who), "%s", who);
	n = (unsigned long)v.n;
	flush_step(NULL);
	*pending = flush.a != NULL ? flush.n - flush.next : 0;
	return n;
}

static void
count_state(struct bcache_entry *e, void *arg)
{
	unsigned long *n = arg;

	n[(e->role_state & HA_PENDING) ? 1 : (e->role_state & HA_INSTALLED) ? 0 : 2]++;
}

void
ha_bc_states(unsigned long n[3])
{
	n[0] = n[1] = n[2] = 0;
	if (ha.bc != NULL)
		bindings_foreach(BINDINGS_HOME, count_state, n);
}

/* --- the bindings of the store and of the active home agent's stream (ha_sync.h) ------- */

int
ha_binding_restore(const struct bstore_rec *recs, size_t n, uint64_t expiry_ms, int install,
    int only_newer)
{
	const struct bstore_rec *r = &recs[0];
	const struct conf_home_link *l = conf_ha_serves(ha.conf, &r->hoa, NULL);
	struct bcache_mnp mnp[BSTORE_MNP_MAX];
	struct bcache_entry *e;
	size_t i;

	if (l == NULL || !(r->flags & BCACHE_F_HOME))
		return -1;
	e = bcache_lookup(ha.bc, &r->hoa, &r->local);
	if (e != NULL && ((e->role_state & HA_PENDING) ||
	    (only_newer && bcache_seq_newer(e->seq, r->seq))))
		return 0;
	if (e == NULL && (e = bindings_add(BINDINGS_HOME, &r->hoa, &r->local)) == NULL)
		return -1;
	e->coa = r->coa;
	e->seq = r->seq;
	e->lifetime_s = r->lifetime_s;
	e->flags = r->flags;
	bcache_set_expiry(ha.bc, e, expiry_ms);
	/* a mobile router's prefixes (RFC 3963) come back with it; routes of prefixes it no
	 * longer has go first */
	for (i = 1; i < n && i <= BSTORE_MNP_MAX; i++) {
		mnp[i - 1].prefix = recs[i].prefix;
		mnp[i - 1].plen = recs[i].plen;
	}
	if (e->role_state & HA_INSTALLED)
		ha_nemo_routes_del(e);
	if (bcache_set_mnp(e, mnp, (unsigned)(i - 1)) == -1)
		return -1;
	/* an installed entry follows the active home agent's moves at once */
	if ((install || (e->role_state & HA_INSTALLED)) && binding_install(e, l) == -1)
		return -1;
	return 0;
}

void
ha_binding_forget(const struct in6_addr *hoa, const struct in6_addr *local)
{
	struct bcache_entry *e = bcache_lookup(ha.bc, hoa, local);

	if (e == NULL || (e->role_state & HA_PENDING))
		return;
	if (e->role_state & HA_INSTALLED)
		binding_remove(e, "ended on the active home agent");
	bindings_del(e);
}

struct install_ctx {
	unsigned long	n;
	int		install;
};

static void
install_one(struct bcache_entry *e, void *arg)
{
	struct install_ctx *c = arg;
	const struct conf_home_link *l;
	const struct in6_addr *llp;
	struct in6_addr ll;
	int ifi;

	if (e->role_state & HA_PENDING)
		return;
	if (c->install && !(e->role_state & HA_INSTALLED)) {
		if ((l = conf_ha_serves(ha.conf, &e->hoa, NULL)) != NULL &&
		    binding_install(e, l) == 0)
			c->n++;
	} else if (!c->install && (e->role_state & HA_INSTALLED)) {
		if ((ifi = installed_on(e, &ll, &llp)) >= 0) {
			ha_nemo_routes_del(e);
			ha_kern_binding_del(ifi, &e->hoa, llp, &e->local, 1);
		}
		e->role_state &= (uint8_t)~HA_INSTALLED;
		c->n++;
	}
}

unsigned long
ha_binding_install_all(void)
{
	struct install_ctx c = { 0, 1 };

	/* thousands of routes and proxy entries: back to back, answers checked as they come */
	kern_batch_begin();
	bindings_foreach(BINDINGS_HOME, install_one, &c);
	kern_batch_end();
	return c.n;
}

unsigned long
ha_binding_uninstall_all(void)
{
	struct install_ctx c = { 0, 0 };

	kern_batch_begin();
	bindings_foreach_rev(BINDINGS_HOME, install_one, &c);
	kern_batch_end();
	return c.n;
}
