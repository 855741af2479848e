/* mn_ro.c - route optimization of the Mobile Node (RFC 6275 5.2, 11.6, 11.7.2): the return
 * routability test with each correspondent (HoTI through the tunnel, CoTI directly), the
 * Binding Update authorized with Kbm, its Binding Acknowledgement, and the kernel states that
 * then send the traffic directly (mn_ro_kern.h).  Any failure falls back to the tunnel. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <stdlib.h>
#include <string.h>

#include "bul.h"
#include "conf.h"
#include "icmp6_err.h"
#include "log.h"
#include "loop.h"
#include "mh.h"
#include "mh_io.h"
#include "mh_sock.h"
#include "mn.h"
#include "mn_ro.h"
#include "mn_ro_kern.h"
#include "rr_crypto.h"
#include "stats.h"
#include "util.h"

/* One correspondent of one home address; the binding update list entry's priv. */
struct ro_cn {
	struct ro_cn	*next;
	struct mn_home	*h;
	struct in6_addr	 cn;
	struct bul_entry *e;		/* NULL after the correspondent refused */
	uint8_t		 kbm[RR_KBM_LEN];	/* of the BU in flight: its BA is checked with it */
	struct in6_addr	 bu_coa;	/* the BU's care-of address (HoA when de-registering) */
	int		 prepared;	/* policies and RT2 state are in the kernel */
	int		 direct;	/* HAO state: traffic leaves directly */
	int		 refused;	/* the correspondent does not do route optimization */
	uint64_t	 quiet_until_ms;	/* no answer: traffic does not restart it before */
};

/* After a correspondent gave no answer, traffic with it starts no exchange for this long. */
#define MN_RO_QUIET_MS	300000u

static struct {
	const struct conf *conf;
	struct bul	*bl;
	struct ro_cn	*list;
	int		 traffic;	/* traffic through the tunnel starts route optimization */
} ro;

static void act(struct ro_cn *r, unsigned a);

static struct ro_cn *
find(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	struct bul_entry *e;

	if (ro.bl == NULL || (e = bul_lookup(ro.bl, hoa, cn)) == NULL)
		return NULL;
	return e->priv;
}

/* The entry of (h, cn), made when missing. */
static struct ro_cn *
get(struct mn_home *h, const struct in6_addr *cn)
{
	struct ro_cn *r;

	for (r = ro.list; r != NULL; r = r->next)
		if (r->h == h && addr_eq(&r->cn, cn))
			break;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return NULL;
		r->h = h;
		r->cn = *cn;
		r->next = ro.list;
		ro.list = r;
	}
	if (r->e == NULL && !r->refused) {
		if ((r->e = bul_add(ro.bl, &h->hoa, cn, BUL_F_ACK)) == NULL) {
			log_warn("correspondent %s", addr_str(cn));
			return NULL;
		}
		r->e->priv = r;
	}
	return r;
}

/* RFC 6275 11.7.2: at most MAX_RR_BINDING_LIFETIME, and not beyond the home binding. */
static uint32_t
lifetime(const struct mn_home *h)
{
	uint32_t l = MN_RO_MAX_LIFETIME_S;
	uint64_t now = loop_now_ms(), left;

	if (ro.conf != NULL && ro.conf->mn.cn_lifetime != 0 && ro.conf->mn.cn_lifetime < l)
		l = ro.conf->mn.cn_lifetime;
	if (h->bu != NULL && h->bu->bound && h->bu->expiry_ms > now) {
		left = (h->bu->expiry_ms - now) / 1000;
		if (left < l)
			l = left > 4 ? (uint32_t)left : 4;
	}
	return l;
}

/* Traffic back through the tunnel (RFC 6275 11.7.2: the correspondent's binding is not
 * ours to rely on any more). */
static void
fallback(struct ro_cn *r, const char *why)
{
	if (!r->direct)
		return;
	log_info("%s -> %s: back through the tunnel (%s)", addr_str(&r->h->hoa),
	    addr_str(&r->cn), why);
	stats_inc("mn.ro-fallback");
	mn_ro_kern_tunnel(&r->h->hoa, &r->cn);
	r->direct = 0;
}

static void
kern_del(struct ro_cn *r)
{
	if (r->prepared)
		mn_ro_kern_del(&r->h->hoa, &r->cn);
	r->prepared = r->direct = 0;
}

/* No more with this correspondent: the entry and its timers go. */
static void
refuse(struct ro_cn *r)
{
	fallback(r, "refused");
	r->refused = 1;
	if (r->e != NULL) {
		bul_del(ro.bl, r->e);
		r->e = NULL;
	}
}

static void
register_at(struct ro_cn *r)
{
	struct bul_input in;

	if (r->e == NULL || r->h->where != MN_AWAY)
		return;
	memset(&in, 0, sizeof(in));
	in.coa = r->h->coa;
	in.lifetime_s = lifetime(r->h);
	log_info("route optimization %s -> %s from %s", addr_str(&r->h->hoa), addr_str(&r->cn),
	    addr_str(&in.coa));
	act(r, bul_event(ro.bl, r->e, BUL_EV_REGISTER, &in, loop_now_ms()));
}

/* ---- messages out ---- */

/* RFC 6275 6.1.3, 11.6.1: from the home address, through the tunnel to the home agent (the
 * interface given per packet, as the route to the correspondent may be direct by now). */
static void
send_hoti(struct ro_cn *r)
{
	struct mh_msg m;
	struct mh_tx tx;
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_HOTI;
	memcpy(m.hoti.cookie, r->e->hot.cookie, sizeof(m.hoti.cookie));
	if ((len = mh_build(buf, sizeof(buf), &m, NULL)) == 0)
		return;
	mh_checksum_set(buf, len, &r->h->hoa, &r->cn);
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = len;
	tx.src = r->h->hoa;
	tx.dst = r->cn;
	tx.ifindex = r->h->where == MN_AWAY ? r->h->tunnel : 0;
	if (mh_send(&tx) == -1) {
		log_warn("send Home Test Init to %s", addr_str(&r->cn));
		return;
	}
	stats_inc(mh_type_tx_stat_name(MH_TYPE_HOTI));
	log_debug("HoTI %s -> %s", addr_str(&r->h->hoa), addr_str(&r->cn));
}

/* RFC 6275 6.1.4, 11.6.1: from the care-of address, directly. */
static void
send_coti(struct ro_cn *r)
{
	struct mh_msg m;

	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_COTI;
	memcpy(m.coti.cookie, r->e->cot.cookie, sizeof(m.coti.cookie));
	mh_io_send(&m, &r->e->cot.addr, &r->cn, NULL, NULL);
	log_debug("CoTI %s -> %s", addr_str(&r->e->cot.addr), addr_str(&r->cn));
}

/*
 * RFC 6275 6.1.7, 11.7.2: Nonce Indices and Binding Authorization Data, the authenticator
 * First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH data)).  From the care-of
 * address with the home address in a Home Address option; from home (care-of address = home
 * address) from the home address.  A de-registration (lifetime 0) needs the home token only.
 */
static void
send_bu(struct ro_cn *r)
{
	struct bul_entry *e = r->e;
	struct mh_bu bu;
	uint8_t buf[MH_MAX_LEN];
	size_t len, auth_off = 0;
	int dereg = e->lifetime_req_s == 0 || addr_eq(&e->coa, &e->hoa);
	int at_home = addr_eq(&e->coa, &e->hoa);

	memset(&bu, 0, sizeof(bu));
	bu.seq = e->seq;
	bu.flags = MH_BU_F_A;
	bu.lifetime = dereg ? 0 : mn_lifetime_units(e->lifetime_req_s);
	bu.opts.present = MH_OPTF_NONCE | MH_OPTF_AUTH;
	bu.opts.home_nonce = e->hot.nonce_idx;
	bu.opts.careof_nonce = dereg ? 0 : e->cot.nonce_idx;
	if ((len = mh_build_bu(buf, sizeof(buf), &bu, &auth_off)) == 0 || auth_off == 0 ||
	    auth_off + RR_AUTH_LEN > len)
		return;
	if (bul_kbm(e, r->kbm) == -1 ||
	    rr_auth(r->kbm, &e->coa, &e->peer, buf, auth_off, buf + auth_off) == -1) {
		log_warnx("cannot compute the Binding Update's authenticator");
		return;
	}
	r->bu_coa = e->coa;
	if (at_home) {
		mh_io_send_raw(buf, len, MH_TYPE_BU, &e->hoa, &e->peer, NULL, NULL);
	} else {
		/* the BA comes through a type 2 routing header to the care-of address */
		if (!dereg) {
			if (mn_ro_kern_prepare(&e->hoa, &e->peer, &e->coa) == 0)
				r->prepared = 1;
			else
				stats_inc("err.mn-kernel");
		}
		mh_io_send_raw(buf, len, MH_TYPE_BU, &e->coa, &e->peer, &e->hoa, NULL);
	}
	log_debug("BU to correspondent %s: home address %s, care-of %s, seq %u, lifetime %u s",
	    addr_str(&e->peer), addr_str(&e->hoa), addr_str(&e->coa), e->seq,
	    e->lifetime_req_s);
}

/* ---- what the binding update list says ---- */

static void
act(struct ro_cn *r, unsigned a)
{
	struct bul_entry *e = r->e;
	char st[48];

	if (e == NULL)
		return;
	if (a & BUL_ACT_SEND_HOTI)
		send_hoti(r);
	if (a & BUL_ACT_SEND_COTI)
		send_coti(r);
	if (a & BUL_ACT_SEND_BU)
		send_bu(r);
	if (a & BUL_ACT_REGISTERED) {
		stats_inc("mn.ro-registered");
		log_info("route optimization %s -> %s: care-of %s, lifetime %u s",
		    addr_str(&e->hoa), addr_str(&e->peer), addr_str(&e->coa), e->lifetime_s);
		if (r->h->where == MN_AWAY && addr_eq(&e->coa, &r->h->coa)) {
			if (mn_ro_kern_direct(&e->hoa, &e->peer, &e->coa) == 0)
				r->direct = 1;
			else
				stats_inc("err.mn-kernel");
		}
	}
	if (a & BUL_ACT_DEREGISTERED) {
		stats_inc("mn.ro-deregistered");
		log_info("route optimization %s -> %s ended", addr_str(&e->hoa),
		    addr_str(&e->peer));
		kern_del(r);
	}
	if (a & BUL_ACT_REJECTED) {
		stats_inc("mn.ro-rejected");
		mh_ba_status_str(e->last_status, st, sizeof(st));
		log_warnx("correspondent %s refuses the binding of %s: %s", addr_str(&e->peer),
		    addr_str(&e->hoa), st);
		fallback(r, "rejected");
		/* 128 and 130 may pass; the others say this will not work with this peer */
		if (e->last_status != MH_BA_REASON_UNSPEC && e->last_status != MH_BA_INSUFFICIENT)
			refuse(r);
	}
	if (a & BUL_ACT_GIVE_UP) {
		stats_inc("mn.ro-no-answer");
		log_warnx("no answer from correspondent %s for %s", addr_str(&e->peer),
		    addr_str(&e->hoa));
		fallback(r, "no answer");
		r->quiet_until_ms = loop_now_ms() + MN_RO_QUIET_MS;
	}
	if (a & BUL_ACT_EXPIRED) {
		stats_inc("mn.ro-expired");
		fallback(r, "binding expired");
	}
}

static void
bul_timer(struct bul_entry *e, unsigned a, void *arg)
{
	if (e->priv != NULL)
		act(e->priv, a);
}

/* ---- following the home registrations ---- */

void
mn_ro_registered(struct mn_home *h)
{
	const struct conf *c = ro.conf;
	struct ro_cn *r;
	size_t i;

	if (ro.bl == NULL || c == NULL || h->where != MN_AWAY)
		return;
	/* the correspondents the configuration names */
	for (i = 0; i < c->mn.npeers; i++) {
		const struct in6_addr *cn = &c->mn.peers[i].peer.addr;

		if (c->mn.peers[i].peer.plen != 128 || !conf_mn_ro_wanted(c, cn) ||
		    addr_eq(cn, &h->ha) || addr_eq(cn, &h->hoa))
			continue;
		get(h, cn);
	}
	for (r = ro.list; r != NULL; r = r->next) {
		if (r->h != h || r->e == NULL)
			continue;
		if (r->e->state == BUL_IDLE || !addr_eq(&r->e->coa, &h->coa))
			register_at(r);
	}
}

void
mn_ro_moved(struct mn_home *h)
{
	struct bul_input in;
	struct ro_cn *r;

	if (ro.traffic && h->where == MN_AWAY && mn_ro_kern_trigger(1, &h->hoa) == -1)
		log_warnx("%s: traffic will not start route optimization", addr_str(&h->hoa));
	if (ro.traffic && h->where == MN_HOME)
		mn_ro_kern_trigger(0, &h->hoa);
	for (r = ro.list; r != NULL; r = r->next) {
		if (r->h != h || r->e == NULL)
			continue;
		switch (h->where) {
		case MN_AWAY:
			/* RFC 6275 11.7.2: the old care-of address is gone; the exchange is redone
			 * once the home agent has the new one (mn_ro_registered) */
			fallback(r, "moved");
			break;
		case MN_HOME:
			kern_del(r);
			mn_ro_kern_home(&h->hoa);
			if (!r->e->bound && r->e->state != BUL_WAIT_BA) {
				/* nothing at the correspondent: just stop */
				bul_del(ro.bl, r->e);
				r->e = NULL;
				break;
			}
			/* RFC 6275 11.5.4: de-register, from the home address */
			memset(&in, 0, sizeof(in));
			in.coa = h->hoa;
			log_info("route optimization %s -> %s: de-registering", addr_str(&h->hoa),
			    addr_str(&r->cn));
			act(r, bul_event(ro.bl, r->e, BUL_EV_DEREGISTER, &in, loop_now_ms()));
			break;
		case MN_DETACHED:
			break;
		}
	}
}

int
mn_ro_start(struct mn_home *h, const struct in6_addr *cn)
{
	struct ro_cn *r;

	if (ro.bl == NULL || ro.conf == NULL || !conf_mn_ro_wanted(ro.conf, cn) ||
	    addr_eq(cn, &h->ha) || addr_eq(cn, &h->hoa))
		return -1;
	if ((r = get(h, cn)) == NULL || r->e == NULL)
		return -1;
	if (loop_now_ms() < r->quiet_until_ms)
		return 0;
	if (h->where == MN_AWAY && h->bu != NULL && h->bu->bound &&
	    (r->e->state == BUL_IDLE || !addr_eq(&r->e->coa, &h->coa)))
		register_at(r);
	return 0;
}

/* ---- messages in ---- */

void
mn_ro_recv_hot(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	struct bul_input in;
	struct ro_cn *r;
	unsigned a;

	/* RFC 6275 11.6.2: to the home address, from the correspondent */
	if ((r = find(&rx->dst, &rx->src)) == NULL || r->e == NULL) {
		stats_inc("drop.hot-unknown");
		return;
	}
	memset(&in, 0, sizeof(in));
	in.nonce_idx = m->hot.nonce_idx;
	memcpy(in.cookie, m->hot.cookie, sizeof(in.cookie));
	memcpy(in.token, m->hot.token, sizeof(in.token));
	a = bul_event(ro.bl, r->e, BUL_EV_HOT, &in, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		stats_inc("drop.hot-unexpected");
		return;
	}
	act(r, a);
}

void
mn_ro_recv_cot(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	struct bul_input in;
	struct ro_cn *r;
	unsigned a;

	/* to the care-of address the CoTI came from */
	for (r = ro.list; r != NULL; r = r->next)
		if (r->e != NULL && addr_eq(&r->cn, &rx->src) && r->e->cot.retx_at_ms != 0 &&
		    addr_eq(&r->e->cot.addr, &rx->dst))
			break;
	if (r == NULL) {
		stats_inc("drop.cot-unknown");
		return;
	}
	memset(&in, 0, sizeof(in));
	in.nonce_idx = m->cot.nonce_idx;
	memcpy(in.cookie, m->cot.cookie, sizeof(in.cookie));
	memcpy(in.token, m->cot.token, sizeof(in.token));
	a = bul_event(ro.bl, r->e, BUL_EV_COT, &in, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		stats_inc("drop.cot-unexpected");
		return;
	}
	act(r, a);
}

/* RFC 6275 9.5.4, 11.7.3: the BA of a correspondent registration is authenticated with the
 * Kbm of the BU; a refusal about nonces cannot be (the correspondent has no Kbm). */
static int
ba_authentic(const struct ro_cn *r, const struct mh_ba *ba, const struct mh_rx *rx)
{
	uint8_t want[RR_AUTH_LEN];
	size_t off = ba->opts.auth_off;

	if (!(ba->opts.present & MH_OPTF_AUTH))
		return !MH_BA_STATUS_ACCEPTED(ba->status);
	if (off == 0 || off + RR_AUTH_LEN > rx->len ||
	    rr_auth(r->kbm, &r->bu_coa, &r->cn, rx->buf, off, want) == -1)
		return 0;
	return rr_equal(want, rx->buf + off, RR_AUTH_LEN);
}

int
mn_ro_recv_ba(const struct mh_msg *m, const struct mh_rx *rx)
{
	const struct mh_ba *ba = &m->ba;
	struct bul_input in;
	struct ro_cn *r;
	unsigned a;

	if ((r = find(&rx->dst, &rx->src)) == NULL)
		return 0;
	if (r->e == NULL)
		return 1;
	if (!ba_authentic(r, ba, rx)) {
		stats_inc("drop.ba-bad-auth");
		log_debug("BA from %s: Binding Authorization Data missing or wrong",
		    addr_str(&rx->src));
		return 1;
	}
	memset(&in, 0, sizeof(in));
	in.status = ba->status;
	in.seq = ba->seq;
	in.lifetime_s = (uint32_t)ba->lifetime * 4;
	if (ba->opts.present & MH_OPTF_REFRESH)
		in.refresh_s = (uint32_t)ba->opts.refresh * 4;
	a = bul_event(ro.bl, r->e, BUL_EV_BA, &in, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		stats_inc("drop.ba-sequence");
		return 1;
	}
	act(r, a);
	return 1;
}

int
mn_ro_recv_brr(const struct mh_msg *m, const struct mh_rx *rx)
{
	struct ro_cn *r;
	unsigned a;

	if ((r = find(&rx->dst, &rx->src)) == NULL)
		return 0;
	if (r->e == NULL)
		return 1;
	/* RFC 6275 11.7.4: return routability again if the tokens are old, then a BU */
	a = bul_event(ro.bl, r->e, BUL_EV_BRR, NULL, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		stats_inc("drop.brr-not-registered");
		return 1;
	}
	act(r, a);
	return 1;
}

int
mn_ro_recv_be(const struct mh_msg *m, const struct mh_rx *rx)
{
	const struct mh_be *be = &m->be;
	struct ro_cn *r;

	/* RFC 6275 6.1.9: about the home address it names, when it names one */
	if ((r = find(addr_is_unspecified(&be->hoa) ? &rx->dst : &be->hoa, &rx->src)) == NULL)
		return 0;
	if (r->e == NULL)
		return 1;
	stats_inc("mn.ro-binding-error");
	log_warnx("Binding Error from correspondent %s for %s: %s", addr_str(&rx->src),
	    addr_str(&r->h->hoa), mh_be_status_name(be->status));
	/* RFC 6275 11.3.6 */
	if (be->status == MH_BE_UNKNOWN_TYPE) {
		/* it does not know the Mobility Header: no route optimization with it */
		refuse(r);
		return 1;
	}
	fallback(r, "binding error");
	/* status 1: it lost our binding; bind again unless that is under way */
	if (be->status == MH_BE_UNKNOWN_HAO && r->e->state == BUL_REGISTERED)
		register_at(r);
	return 1;
}

/*
 * RFC 6275 11.3.5: a parameter problem, code 1 (unrecognized next header) about a HoTI, CoTI
 * or BU says the correspondent has no Mobile IPv6; code 2 (unrecognized option) about a packet
 * with our Home Address option, that it does not understand the option; a destination
 * unreachable about a HoTI or CoTI, administratively prohibited or port unreachable (not the
 * codes a handover's transient loss of a route gives), that the exchange cannot succeed.  In each case no more
 * route optimization with it: traffic stays in the tunnel, and traffic does not start the
 * exchange again (MN-4-2-2-2-005, -007, -010, -011, -012).
 */
void
mn_ro_icmp_error(const uint8_t *buf, size_t len)
{
	struct icmp6_err err;
	struct ro_cn *r;
	int rr_msg;

	if (icmp6_err_parse(buf, len, &err) == -1) {
		stats_inc("drop.icmp6-error-short");
		return;
	}
	rr_msg = err.mh_type == MH_TYPE_HOTI || err.mh_type == MH_TYPE_COTI ||
	    err.mh_type == MH_TYPE_BU;
	if (!((err.type == 4 && err.code == 1 && rr_msg) ||
	    (err.type == 4 && err.code == 2 && err.has_hao) ||
	    (err.type == 1 && (err.code == 1 || err.code == 4) &&
	    (err.mh_type == MH_TYPE_HOTI || err.mh_type == MH_TYPE_COTI))))
		return;
	/* the home address: in the HAO, else the source (a HoTI); a CoTI names only the CoA */
	for (r = ro.list; r != NULL; r = r->next) {
		if (r->e == NULL || !addr_eq(&r->cn, &err.dst))
			continue;
		if (err.has_hao ? addr_eq(&err.hao, &r->h->hoa) :
		    addr_eq(&err.src, &r->h->hoa) || addr_eq(&err.src, &r->h->coa))
			break;
	}
	if (r == NULL) {
		stats_inc("drop.icmp6-error-unknown");
		return;
	}
	stats_inc("mn.ro-icmp-error");
	log_warnx("ICMPv6 %s (code %u) from correspondent %s about a%s %s: no route "
	    "optimization with it", err.type == 1 ? "destination unreachable" :
	    "parameter problem", err.code, addr_str(&r->cn), err.mh_type >= 0 ? "" : " packet",
	    err.mh_type >= 0 ? mh_type_name((uint8_t)err.mh_type) : "with our Home Address option");
	refuse(r);
}

/* ---- control ---- */

void
mn_ro_foreach(void (*f)(struct bul_entry *e, void *arg), void *arg)
{
	if (ro.bl != NULL)
		bul_foreach(ro.bl, f, arg);
}

int
mn_ro_direct(const struct bul_entry *e)
{
	const struct ro_cn *r = e->priv;

	return r != NULL && r->direct;
}

/* ---- traffic through the tunnel ---- */

/* Whether the configuration wants route optimization with correspondents it does not name
 * one by one (the default, or a peer prefix). */
static int
traffic_wanted(const struct conf *c)
{
	size_t i;

	if (c->mn.ro)
		return 1;
	for (i = 0; i < c->mn.npeers; i++)
		if (c->mn.peers[i].ro && c->mn.peers[i].peer.plen < 128)
			return 1;
	return 0;
}

static void
on_traffic(const struct in6_addr *hoa, const struct in6_addr *peer, void *arg)
{
	struct mn_home *h;
	size_t i;

	if (addr_is_unspecified(peer) || addr_is_multicast(peer) || addr_is_linklocal(peer))
		return;
	for (i = 0; i < mn_reg_count(); i++) {
		h = mn_reg_home(i);
		if (!addr_eq(&h->hoa, hoa) || h->where != MN_AWAY)
			continue;
		if (find(hoa, peer) == NULL && ro.conf != NULL && conf_mn_ro_wanted(ro.conf, peer))
			log_info("traffic from %s with %s through the tunnel", addr_str(hoa),
			    addr_str(peer));
		stats_inc("mn.ro-traffic");
		mn_ro_start(h, peer);
	}
}

/* ---- set-up ---- */

int
mn_ro_init(const struct conf *c)
{
	memset(&ro, 0, sizeof(ro));
	ro.conf = c;
	mn_ro_kern_init((c->roles & ROLE_CN) != 0);
	if ((ro.bl = bul_new(NULL)) == NULL || bul_attach_loop(ro.bl, bul_timer, NULL) == -1) {
		bul_free(ro.bl);
		ro.bl = NULL;
		log_warnx("out of memory");
		return -1;
	}
	/*
	 * The configured timeouts hold for correspondent registrations too (RFC 6275 13: HoTI,
	 * CoTI and BU retransmissions start at INITIAL_BINDACK_TIMEOUT and stop doubling at
	 * MAX_BINDACK_TIMEOUT); without this they kept the RFC's 32 s whatever the
	 * configuration said (found by mn-conformance-ro, MN-2-1-1-2-010).
	 */
	bul_set_timeouts(ro.bl, 0, c->mn.bindack_timeout_ms, c->mn.max_bindack_timeout_ms);
	if (traffic_wanted(c)) {
		if (mn_ro_kern_watch(on_traffic, NULL) == 0)
			ro.traffic = 1;
		else
			log_warnx("no XFRM events: only the configured correspondents get route "
			    "optimization");
	}
	return 0;
}

void
mn_ro_reload(const struct conf *c)
{
	ro.conf = c;
}

void
mn_ro_fini(void)
{
	struct ro_cn *r, *next;
	size_t i;

	if (ro.traffic) {
		for (i = 0; i < mn_reg_count(); i++)
			mn_ro_kern_trigger(0, &mn_reg_home(i)->hoa);
		mn_ro_kern_unwatch();
	}
	/* the correspondents' bindings go now rather than at their expiry, where the home
	 * token allows a de-registration without waiting (not waited for either) */
	for (r = ro.list; r != NULL; r = r->next) {
		struct bul_input in;

		if (r->e == NULL || !r->e->bound || r->h->where != MN_AWAY)
			continue;
		memset(&in, 0, sizeof(in));
		in.coa = r->h->coa;
		if (bul_event(ro.bl, r->e, BUL_EV_DEREGISTER, &in, loop_now_ms()) &
		    BUL_ACT_SEND_BU)
			send_bu(r);
	}
	for (r = ro.list; r != NULL; r = next) {
		next = r->next;
		if (r->prepared)
			mn_ro_kern_home(&r->h->hoa);
		kern_del(r);
		free(r);
	}
	bul_free(ro.bl);
	if (ro.conf != NULL)
		mn_ro_kern_fini();
	memset(&ro, 0, sizeof(ro));
}
