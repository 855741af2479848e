/* mn_reg.c - home registration (RFC 6275 11.5 - 11.8): the kernel set up for where the node is,
 * Binding Updates to the home agent through the binding update list's retransmission machine,
 * and the answers: Binding Acknowledgements, Binding Refresh Requests, Binding Errors. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bul.h"
#include "conf.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "mh.h"
#include "mh_io.h"
#include "mn.h"
#include "mn_kern.h"
#include "mn_nemo.h"
#include "nd.h"
#include "stats.h"
#include "util.h"

static struct {
	struct bul	*bl;
	struct mn_home	*homes;	/* fixed: timers and entries point into it */
	size_t		 nhomes;
	size_t		 cap;	/* configured ones + MN_MAX_RENUMBERED */
	uint32_t	 retry_ms;
} reg;

/* ---- pure decisions ---- */

enum mn_ba_action
mn_ba_action(uint8_t status, int deregistering)
{
	if (MH_BA_STATUS_ACCEPTED(status))
		return MN_BA_ACCEPTED;
	/* RFC 6275 10.3.2: 133 to a de-registration means the HA holds no binding for us,
	 * which is what was asked (a BA to an earlier transmission was lost) */
	if (status == MH_BA_NOT_HA_FOR_MN && deregistering)
		return MN_BA_ACCEPTED;
	switch (status) {
	case MH_BA_SEQ_OUT_OF_WINDOW:
		/* RFC 6275 11.7.3: the BA carries the sequence number the HA last accepted */
		return MN_BA_RESYNC;
	case MH_BA_REASON_UNSPEC:
	case MH_BA_INSUFFICIENT:
		/* the HA may be able to later: not a reason to give it up */
		return MN_BA_RETRY;
	case MH_BA_ADMIN_PROHIBIT:
	case MH_BA_HOMEREG_NOT_SUPP:
	case MH_BA_NOT_HOME_SUBNET:
	case MH_BA_NOT_HA_FOR_MN:
	case MH_BA_DAD_FAILED:
	default:
		/*
		 * RFC 6275 11.7.3: 129, 131, 132, 133 mean this HA will not serve this home
		 * address (another HA, or the configuration, must change); 134 that the home
		 * address is in use on the home link.  Retrying would only repeat the refusal.
		 */
		return MN_BA_STOP;
	}
}

int
mn_ha_give_up(int discover, uint32_t n_retx_unanswered)
{
	/* a configured home agent is the only one: it is retried for ever (RFC 6275 11.8) */
	return discover && n_retx_unanswered >= MN_HA_FAILOVER_RETX;
}

uint16_t
mn_lifetime_units(uint32_t lifetime_s)
{
	uint32_t u = lifetime_s / 4 + (lifetime_s % 4 != 0);

	return u > 0xffff ? 0xffff : (uint16_t)u;
}

/* ---- effects ---- */

static void act(struct mn_home *h, unsigned a);
static void next_ha(struct mn_home *h, const char *why);
static void retire_done(struct mn_home *h, const char *how);
static struct mn_home *successor(const struct mn_home *h);

static void
send_bu(struct mn_home *h)
{
	struct bul_entry *e = h->bu;
	struct mh_msg m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_BU;
	m.bu.seq = e->seq;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H;
	m.bu.lifetime = mn_lifetime_units(e->lifetime_req_s);
	mn_nemo_bu(&h->hoa, &m.bu);	/* RFC 3963 5.1: R, prefixes */
	if (addr_eq(&e->coa, &h->hoa)) {
		/* RFC 6275 11.5.4: from the home link, from the home address, no HAO */
		rc = mh_io_send(&m, &h->hoa, &h->ha, NULL, NULL);
	} else {
		/* RFC 6275 11.7.1: from the care-of address with the home address in a HAO */
		rc = mh_io_send(&m, &e->coa, &h->ha, &h->hoa, NULL);
	}
	log_debug("BU to %s: home address %s, care-of %s, seq %u, lifetime %u s%s",
	    addr_str(&h->ha), addr_str(&h->hoa), addr_str(&e->coa), e->seq,
	    e->lifetime_req_s, rc == -1 ? " (send failed)" : "");
}

static void
retry_cb(void *arg)
{
	struct mn_home *h = arg;
	struct bul_input in;

	if (h->where != MN_AWAY || h->stopped || h->retired || h->retiring)
		return;
	memset(&in, 0, sizeof(in));
	in.coa = h->coa;
	in.lifetime_s = h->lifetime_s;
	log_info("home registration of %s with %s: trying again", addr_str(&h->hoa),
	    addr_str(&h->ha));
	act(h, bul_event(reg.bl, h->bu, BUL_EV_REGISTER, &in, loop_now_ms()));
}

static void
retry_later(struct mn_home *h)
{
	if (h->retry == NULL && (h->retry = loop_timer_new(retry_cb, h)) == NULL)
		return;
	loop_timer_arm(h->retry, reg.retry_ms);
}

static void
act(struct mn_home *h, unsigned a)
{
	struct bul_entry *e = h->bu;

	if (h->retiring) {
		/* RFC 6275 11.4.3: the old home address's de-registration, answered or not */
		if (a & BUL_ACT_SEND_BU)
			send_bu(h);
		if (a & BUL_ACT_DEREGISTERED)
			retire_done(h, "de-registered");
		else if (a & (BUL_ACT_REJECTED | BUL_ACT_GIVE_UP | BUL_ACT_EXPIRED))
			retire_done(h, "the de-registration was not acknowledged");
		return;
	}
	if ((a & BUL_ACT_SEND_BU) && h->where == MN_AWAY &&
	    mn_ha_give_up(h->discover, e->n_retx - h->ha_retx_base)) {
		/* RFC 6275 11.4.1: this home agent does not answer; the next one of the list */
		stats_inc("mn.ha-failover");
		next_ha(h, "no answer");
		return;
	}
	if (a & BUL_ACT_SEND_BU)
		send_bu(h);
	if ((a & (BUL_ACT_REGISTERED | BUL_ACT_DEREGISTERED)) && h->handover_start_ms != 0) {
		/* the handover ends with the home agent's acknowledgement */
		h->last_handover_ms = (int64_t)(loop_now_ms() - h->handover_start_ms);
		h->handover_start_ms = 0;
		events_handover(1, &h->hoa, &h->coa, h->last_handover_ms);
	}
	if (a & (BUL_ACT_REGISTERED | BUL_ACT_DEREGISTERED))
		h->ha_retx_base = e->n_retx;	/* it answers: the fail-over count starts again */
	if (a & BUL_ACT_REGISTERED) {
		stats_inc("mn.registered");
		log_info("home registration of %s at %s with %s: lifetime %u s, refresh in %llu s",
		    addr_str(&h->hoa), addr_str(&e->coa), addr_str(&h->ha), e->lifetime_s,
		    (unsigned long long)(e->refresh_at_ms > loop_now_ms() ?
		    (e->refresh_at_ms - loop_now_ms()) / 1000 : 0));
		/* route optimization and prefix discovery follow (mn.c) */
		mn_home_registered(h);
	}
	if (a & BUL_ACT_DEREGISTERED) {
		stats_inc("mn.deregistered");
		log_info("home address %s de-registered from %s", addr_str(&h->hoa),
		    addr_str(&h->ha));
		/* RFC 6275 11.5.4: take the home address back from the HA's proxy on the link */
		if (h->where == MN_HOME)
			nd_send_unsolicited_na(h->ifindex, &h->hoa, 0);
	}
	if (a & BUL_ACT_GIVE_UP) {
		stats_inc("mn.no-answer");
		if (h->where == MN_HOME) {
			/* the HA will let the binding expire; the link must learn us now anyway */
			log_warnx("no answer from %s to the de-registration of %s",
			    addr_str(&h->ha), addr_str(&h->hoa));
			nd_send_unsolicited_na(h->ifindex, &h->hoa, 0);
		} else {
			log_warnx("no answer from %s after %u Binding Updates: "
			    "trying again in %u s", addr_str(&h->ha), e->n_bu, reg.retry_ms / 1000);
			retry_later(h);
		}
	}
	if (a & BUL_ACT_EXPIRED) {
		stats_inc("mn.expired");
		log_warnx("binding of %s at %s expired", addr_str(&h->hoa), addr_str(&h->ha));
		if (h->where == MN_AWAY && !h->stopped && e->state == BUL_IDLE)
			retry_cb(h);
	}
}

static void
bul_timer(struct bul_entry *e, unsigned a, void *arg)
{
	if (e->priv != NULL)
		act(e->priv, a);
}

/* ---- following the node ---- */

/* Another home address away with h's home agent and its tunnel (RFC 6275 11.4.3: after
 * renumbering, old and new home addresses go through one tunnel to the HA). */
static struct mn_home *
tunnel_sibling(const struct mn_home *h, int tunnel)
{
	size_t i;

	for (i = 0; i < reg.nhomes; i++) {
		const struct mn_home *o = &reg.homes[i];

		if (o == h || o->tunnel <= 0 || !addr_eq(&o->ha, &h->ha))
			continue;
		if (tunnel <= 0 || o->tunnel == tunnel)
			return &reg.homes[i];
	}
	return NULL;
}

/* h's away state goes; the tunnel too unless another home address still uses it. */
static void
away_del(struct mn_home *h)
{
	mn_kern_away_del(&h->hoa, &h->ha, h->tunnel,
	    h->tunnel > 0 && tunnel_sibling(h, h->tunnel) != NULL);
	h->tunnel = 0;
}

static void
go_away(struct mn_home *h, const struct mn_place *p)
{
	struct bul_input in;
	struct mn_home *sib;
	int tunnel = h->tunnel;

	if (h->retired || h->retiring)
		return;
	if (h->where == MN_HOME) {
		mn_kern_home_del(&h->hoa, h->plen, h->ifindex);
		h->where = MN_DETACHED;
	}
	h->place = *p;
	if (h->discover && addr_is_unspecified(&h->ha)) {
		/* RFC 6275 11.4.1: no home agent known: ask for one from here first */
		mn_disc_start(h, &p->addr);
		return;
	}
	if (tunnel <= 0 && (sib = tunnel_sibling(h, 0)) != NULL)
		tunnel = sib->tunnel;	/* the same HA: one tunnel, moved to p if need be */
	if (mn_kern_away_set(&h->hoa, &h->ha, &p->addr, &tunnel) == -1) {
		/* what was made is kept (and removed with the rest); the next event retries */
		h->tunnel = tunnel;
		stats_inc("err.mn-kernel");
		log_warnx("cannot set up the tunnel from %s to %s for %s", addr_str(&p->addr),
		    addr_str(&h->ha), addr_str(&h->hoa));
		return;
	}
	h->tunnel = tunnel;
	h->where = MN_AWAY;
	h->coa = p->addr;
	h->ifindex = p->ifindex;
	mn_home_moved(h);
	if (h->stopped) {
		log_info("%s: %s refused it (%u), no Binding Update", addr_str(&h->hoa),
		    addr_str(&h->ha), h->stop_status);
		return;
	}
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	memset(&in, 0, sizeof(in));
	in.coa = p->addr;
	in.lifetime_s = h->lifetime_s;
	/*
	 * RFC 6275 11.7.1: the lifetime SHOULD NOT exceed the remaining valid lifetime of the
	 * care-of address (MN-2-1-1-1-006); 4 s, the smallest the BU can say, at least.
	 */
	if (mn_place_valid_left(p, loop_now_ms()) < in.lifetime_s) {
		in.lifetime_s = mn_place_valid_left(p, loop_now_ms());
		if (in.lifetime_s < 4)
			in.lifetime_s = 4;
	}
	h->retx_base = h->bu->n_retx;
	/*
	 * RFC 6275 11.8: retransmissions back off up to MAX_BINDACK_TIMEOUT and may go on at
	 * that rate; pausing after the last one as well would leave twice that between two
	 * Binding Updates (MN-2-1-1-1-013).  Away, the node has no other way home.
	 */
	h->bu->flags |= BUL_F_PERSIST;
	/* The tunnel is up before the BU leaves: home-address traffic keeps flowing
	 * (outbound) while the registration is in flight. */
	act(h, bul_event(reg.bl, h->bu, BUL_EV_REGISTER, &in, loop_now_ms()));
}

static void
go_home(struct mn_home *h, int ifindex)
{
	struct bul_input in;
	enum mn_where was = h->where;

	if (was == MN_AWAY || h->tunnel > 0)
		away_del(h);
	if (was == MN_HOME)
		mn_kern_home_del(&h->hoa, h->plen, h->ifindex);
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	mn_disc_cancel(h);
	h->where = MN_HOME;
	h->ifindex = ifindex;
	h->coa = h->hoa;
	/* a de-registration unanswered is given up (the binding expires at the HA anyway) */
	h->bu->flags &= ~BUL_F_PERSIST;
	if (mn_kern_home_set(&h->hoa, h->plen, ifindex) == -1) {
		stats_inc("err.mn-kernel");
		log_warnx("cannot put home address %s on the home link", addr_str(&h->hoa));
	}
	mn_home_moved(h);
	if (h->bu->state == BUL_IDLE && !h->bu->bound)
		return;		/* nothing registered: nothing to undo */
	/* RFC 6275 11.5.4: de-register, from the home address */
	memset(&in, 0, sizeof(in));
	in.coa = h->hoa;
	h->retx_base = h->bu->n_retx;
	act(h, bul_event(reg.bl, h->bu, BUL_EV_DEREGISTER, &in, loop_now_ms()));
}

/* A handover is timed from the link coming up when that is what started it, otherwise
 * from the move being seen (an address or router change on a link that stayed up). */
static void
handover_begin(struct mn_home *h, const struct mn_place *p)
{
	uint64_t now = loop_now_ms(), up = mn_link_up_ms(p->ifindex);

	h->handover_start_ms = up != 0 && up > h->moved_ms && up <= now ? up : now;
	h->moved_ms = now;
	events_handover(0, &h->hoa, &p->addr, -1);
}

void
mn_reg_restart(struct mn_home *h)
{
	if (h->retired || h->retiring)
		return;
	h->stopped = 0;
	h->stop_status = 0;
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	h->retx_base = h->bu->n_retx;
	if (h->where == MN_AWAY)
		retry_cb(h);
	else if (h->where == MN_HOME && (h->bu->bound || h->bu->state != BUL_IDLE)) {
		struct bul_input in;

		memset(&in, 0, sizeof(in));
		in.coa = h->hoa;
		act(h, bul_event(reg.bl, h->bu, BUL_EV_DEREGISTER, &in, loop_now_ms()));
	}
}

void
mn_reg_place(struct mn_home *h, const struct mn_place *p)
{
	if (h->retired || h->retiring)
		return;		/* its home prefix is gone (renumbering) */
	switch (mn_move_where(p, &h->hoa, h->plen)) {
	case MN_DETACHED:
		/* RFC 6275 11.5: nothing to do until a link is there; the binding stays */
		return;
	case MN_HOME:
		if (h->where == MN_HOME && h->ifindex == p->ifindex)
			return;
		log_info("%s: at home on link %d", addr_str(&h->hoa), p->ifindex);
		handover_begin(h, p);
		go_home(h, p->ifindex);
		return;
	case MN_AWAY:
		if (h->where == MN_AWAY && addr_eq(&h->coa, &p->addr))
			return;
		if (h->dhaad_pending && addr_eq(&h->dhaad_src, &p->addr))
			return;		/* still discovering from there */
		log_info("%s: away, care-of address %s on link %d", addr_str(&h->hoa),
		    addr_str(&p->addr), p->ifindex);
		handover_begin(h, p);
		go_away(h, p);
		return;
	}
}

/* ---- discovered home agents (RFC 6275 11.4.1) ---- */

/*
 * Make ha (unspecified: none, discovery again) h's home agent: the tunnel to the old one goes,
 * and a new binding update list entry (the list is keyed by home agent) takes the old one's
 * place.  The old home agent's binding is left to expire there: it does not answer, or it
 * refused us.
 */
static int
switch_ha(struct mn_home *h, const struct in6_addr *ha, const char *why)
{
	struct bul_entry *e, *old = h->bu;

	if (h->where == MN_AWAY || h->tunnel > 0) {
		away_del(h);
		if (h->where == MN_AWAY)
			h->where = MN_DETACHED;
	}
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	if (old != NULL) {
		old->priv = NULL;
		bul_del(reg.bl, old);
		h->bu = NULL;
	}
	if ((e = bul_add(reg.bl, &h->hoa, ha, BUL_F_HOME | BUL_F_ACK)) == NULL) {
		log_warn("home address %s", addr_str(&h->hoa));
		return -1;
	}
	e->priv = h;
	h->bu = e;
	h->ha = *ha;
	h->stopped = 0;
	h->stop_status = 0;
	h->retx_base = h->ha_retx_base = e->n_retx;
	snprintf(h->ha_why, sizeof(h->ha_why), "%s", why);
	if (!addr_is_unspecified(ha))
		log_info("home address %s: home agent %s (%s)", addr_str(&h->hoa), addr_str(ha),
		    why);
	return 0;
}

/* Register with has[cur] from where the node is, or discover again when the list is done. */
static void
use_ha(struct mn_home *h, const char *why)
{
	static const struct in6_addr none;

	if (h->cur >= h->nhas) {
		log_warnx("home address %s: no home agent of the list answered; discovering again",
		    addr_str(&h->hoa));
		h->nhas = h->cur = 0;
		if (switch_ha(h, &none, "discovering") == -1)
			return;
	} else if (switch_ha(h, &h->has[h->cur], why) == -1)
		return;
	if (h->where != MN_HOME && h->place.ifindex != 0)
		go_away(h, &h->place);
}

static void
next_ha(struct mn_home *h, const char *why)
{
	char reason[96];

	log_warnx("home agent %s of %s given up: %s", addr_str(&h->ha), addr_str(&h->hoa), why);
	h->cur++;
	snprintf(reason, sizeof(reason), "DHAAD: %zu of %zu, after %s %s", h->cur + 1, h->nhas,
	    addr_str(&h->ha), why);
	use_ha(h, reason);
}

void
mn_reg_ha_found(struct mn_home *h, const struct in6_addr *addrs, size_t n)
{
	char why[96];

	h->nhas = n < MN_MAX_HAS ? n : MN_MAX_HAS;
	memcpy(h->has, addrs, h->nhas * sizeof(*addrs));
	h->cur = 0;
	snprintf(why, sizeof(why), "DHAAD: most preferred of %zu", h->nhas);
	use_ha(h, why);
}

/* ---- home renumbering (RFC 6275 11.4.3) ---- */

static void
retire_done(struct mn_home *h, const char *how)
{
	h->retiring = 0;
	h->retired = 1;
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	if (h->where == MN_AWAY || h->tunnel > 0)
		away_del(h);
	if (h->where == MN_HOME)
		mn_kern_home_del(&h->hoa, h->plen, h->ifindex);
	h->where = MN_DETACHED;
	stats_inc("mn.home-address-retired");
	log_notice("home address %s retired: %s", addr_str(&h->hoa), how);
}

struct mn_home *
mn_reg_renumber(struct mn_home *from, const struct in6_addr *hoa, uint32_t valid_s)
{
	struct mn_home *h;

	if (reg.nhomes >= reg.cap) {
		stats_inc("mn.renumber-no-room");
		log_warnx("no room for home address %s (at most %d formed by renumbering)",
		    addr_str(hoa), MN_MAX_RENUMBERED);
		return NULL;
	}
	h = &reg.homes[reg.nhomes];
	memset(h, 0, sizeof(*h));
	h->hoa = *hoa;
	h->ha = from->ha;
	h->plen = from->plen;
	h->lifetime_s = from->lifetime_s;
	h->renumbered = 1;
	h->renumbered_from = from;
	h->last_handover_ms = -1;
	/* the home agent that advertised the prefix serves it: no discovery for it */
	snprintf(h->ha_why, sizeof(h->ha_why), "renumbering of %s", addr_str(&from->hoa));
	if ((h->bu = bul_add(reg.bl, &h->hoa, &h->ha, BUL_F_HOME | BUL_F_ACK)) == NULL) {
		log_warn("home address %s", addr_str(hoa));
		return NULL;
	}
	h->bu->priv = h;
	reg.nhomes++;
	stats_inc("mn.renumbered");
	log_notice("home address %s/%d formed (renumbering of %s, prefix valid %u s), "
	    "home agent %s", addr_str(hoa), h->plen, addr_str(&from->hoa), valid_s,
	    addr_str(&h->ha));
	if (from->where == MN_AWAY && from->place.ifindex != 0) {
		h->moved_ms = loop_now_ms();
		go_away(h, &from->place);
	}
	return h;
}

/* A home address formed from h by renumbering that goes on: it takes over from h (another
 * configured home address with the same home agent does not). */
static struct mn_home *
successor(const struct mn_home *h)
{
	size_t i;

	for (i = 0; i < reg.nhomes; i++)
		if (reg.homes[i].renumbered_from == h && !reg.homes[i].retired &&
		    !reg.homes[i].retiring && addr_eq(&reg.homes[i].ha, &h->ha))
			return &reg.homes[i];
	return NULL;
}

void
mn_reg_prefix_ended(struct mn_home *h)
{
	struct bul_input in;
	struct mn_home *o;

	if (h->retired || h->retiring)
		return;
	if ((o = successor(h)) == NULL) {
		/* nothing to move to: keeping the address is all the node can do */
		log_warnx("home prefix of %s ended and no other is known: the address stays",
		    addr_str(&h->hoa));
		return;
	}
	log_notice("home address %s: its home prefix ended, %s takes over: de-registering",
	    addr_str(&h->hoa), addr_str(&o->hoa));
	if (h->retry != NULL)
		loop_timer_cancel(h->retry);
	mn_disc_cancel(h);
	if (h->where != MN_AWAY || h->stopped || (!h->bu->bound && h->bu->state == BUL_IDLE)) {
		retire_done(h, "nothing registered");
		return;
	}
	h->retiring = 1;
	h->bu->flags &= ~BUL_F_PERSIST;
	memset(&in, 0, sizeof(in));
	in.coa = h->coa;
	h->retx_base = h->bu->n_retx;
	act(h, bul_event(reg.bl, h->bu, BUL_EV_DEREGISTER, &in, loop_now_ms()));
}

/* ---- messages from the home agent ---- */

static struct mn_home *
home_of(const struct in6_addr *hoa, const struct in6_addr *peer)
{
	struct bul_entry *e;

	if (reg.bl == NULL || (e = bul_lookup(reg.bl, hoa, peer)) == NULL)
		return NULL;
	return e->priv;
}

void
mn_reg_recv_ba(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	const struct mh_ba *ba = &m->ba;
	struct bul_input in;
	struct mn_home *h;
	enum mn_ba_action what;
	char st[48];
	unsigned a;

	/* The kernel has swapped the type 2 routing header: dst is the home address. */
	if ((h = home_of(&rx->dst, &rx->src)) == NULL) {
		stats_inc("drop.ba-unknown-binding");
		log_debug("BA from %s to %s: no binding update list entry", addr_str(&rx->src),
		    addr_str(&rx->dst));
		return;
	}
	memset(&in, 0, sizeof(in));
	in.status = ba->status;
	in.seq = ba->seq;
	in.lifetime_s = (uint32_t)ba->lifetime * 4;
	if (ba->opts.present & MH_OPTF_REFRESH)
		in.refresh_s = (uint32_t)ba->opts.refresh * 4;	/* RFC 6275 6.2.4 */
	what = mn_ba_action(ba->status, h->bu->state == BUL_WAIT_DEREG);
	if (h->bu->state != BUL_WAIT_DEREG && mn_nemo_ba_check(&h->hoa, ba) == -1) {
		in.status = MH_BA_MR_OP_NOT_PERMITTED;	/* RFC 3963 5.3: as a refusal */
		what = MN_BA_STOP;
	}
	a = bul_event(reg.bl, h->bu, BUL_EV_BA, &in, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		/* RFC 6275 11.7.3: not the answer to the BU in flight */
		stats_inc("drop.ba-sequence");
		log_debug("BA from %s seq %u status %u: not expected (seq %u, %s)",
		    addr_str(&rx->src), ba->seq, ba->status, h->bu->seq,
		    bul_state_name(h->bu->state));
		return;
	}
	h->ha_retx_base = h->bu->n_retx;	/* the home agent is there, whatever it says */
	mh_ba_status_str(ba->status, st, sizeof(st));
	switch (what) {
	case MN_BA_ACCEPTED:
		break;
	case MN_BA_RESYNC:
		stats_inc("mn.seq-resync");
		log_info("%s answers %s: sequence number now %u", addr_str(&h->ha), st, ba->seq);
		break;
	case MN_BA_RETRY:
		stats_inc("mn.rejected");
		events_emit(EVENT_BINDING_REFUSED, "mn", &h->hoa, &h->coa, ba->status, st);
		log_warnx("%s refuses %s for now: %s; trying again in %u s", addr_str(&h->ha),
		    addr_str(&h->hoa), st, reg.retry_ms / 1000);
		if (h->where == MN_AWAY)
			retry_later(h);
		break;
	case MN_BA_STOP:
		stats_inc("mn.rejected");
		events_emit(EVENT_BINDING_REFUSED, "mn", &h->hoa, &h->coa, ba->status, st);
		h->stopped = 1;
		h->stop_status = ba->status;
		log_warnx("%s refuses home address %s: %s; no more Binding Updates to it",
		    addr_str(&h->ha), addr_str(&h->hoa), st);
		if (ba->status == MH_BA_NOT_HOME_SUBNET && !h->retiring && successor(h) != NULL) {
			/* RFC 6275 11.4.3: the home agent dropped the prefix before its lifetime
			 * said so; a renumbered home address took over: this one is done */
			h->retiring = 1;
		}
		if (h->discover && h->where == MN_AWAY && !h->retiring) {
			/* RFC 6275 11.4.1: another home agent of the list may serve us */
			act(h, a & ~BUL_ACT_SEND_BU);
			stats_inc("mn.ha-failover");
			next_ha(h, st);
			return;
		}
		break;
	}
	act(h, a);
}

void
mn_reg_recv_brr(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	struct mn_home *h;
	unsigned a;

	if ((h = home_of(&rx->dst, &rx->src)) == NULL) {
		stats_inc("drop.brr-unknown-binding");
		return;
	}
	/* RFC 6275 11.7.4: answer with a Binding Update (a refresh) */
	a = bul_event(reg.bl, h->bu, BUL_EV_BRR, NULL, loop_now_ms());
	if (a & BUL_ACT_DROP) {
		stats_inc("drop.brr-not-registered");
		return;
	}
	log_info("Binding Refresh Request from %s for %s", addr_str(&h->ha), addr_str(&h->hoa));
	h->retx_base = h->bu->n_retx;
	act(h, a);
}

void
mn_reg_recv_be(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	const struct mh_be *be = &m->be;
	struct mn_home *h;

	/*
	 * RFC 6275 6.1.9: the Home Address field names the home address of the packet that
	 * caused the error (unspecified when it had none): a Binding Error about another home
	 * address is not about this binding (MN-3-3-1-2-004 hostile variant).
	 */
	if (!addr_is_unspecified(&be->hoa) ? (h = home_of(&be->hoa, &rx->src)) == NULL :
	    (h = home_of(&rx->dst, &rx->src)) == NULL) {
		stats_inc("drop.be-unknown-binding");
		return;
	}
	log_warnx("Binding Error from %s for %s: %s", addr_str(&rx->src), addr_str(&h->hoa),
	    mh_be_status_name(be->status));
	/* RFC 6275 11.3.6: status 1, the HA has no binding for our HAO: register again */
	if (be->status == MH_BE_UNKNOWN_HAO && h->where == MN_AWAY && !h->stopped &&
	    h->bu->state != BUL_WAIT_BA)
		retry_cb(h);
}

/* ---- set-up ---- */

int
mn_reg_init(const struct conf *c)
{
	const struct conf_home_addr *ca;
	struct mn_home *h;
	size_t i;

	reg.retry_ms = c->mn.max_bindack_timeout_ms ? c->mn.max_bindack_timeout_ms :
	    BUL_MAX_BINDACK_TIMEOUT_MS;
	if ((reg.bl = bul_new(NULL)) == NULL ||
	    bul_attach_loop(reg.bl, bul_timer, NULL) == -1 ||
	    (reg.homes = calloc(c->nhome_addrs + MN_MAX_RENUMBERED, sizeof(*reg.homes))) ==
	    NULL) {
		log_warnx("out of memory");
		mn_reg_fini(0);
		return -1;
	}
	reg.cap = c->nhome_addrs + MN_MAX_RENUMBERED;
	bul_set_timeouts(reg.bl, c->mn.first_reg_timeout_ms, c->mn.bindack_timeout_ms,
	    c->mn.max_bindack_timeout_ms);
	/* without the ICMPv6 socket configured home agents still work (logged) */
	mn_disc_init(c);
	for (i = 0; i < c->nhome_addrs; i++) {
		ca = &c->home_addrs[i];
		h = &reg.homes[reg.nhomes];
		h->hoa = ca->hoa;
		h->ha = ca->ha;		/* unspecified when discovered (RFC 6275 11.4.1) */
		h->discover = ca->ha_discover;
		snprintf(h->ha_why, sizeof(h->ha_why), "%s", h->discover ? "discovering" :
		    "configured");
		h->plen = ca->plen;
		h->lifetime_s = ca->lifetime ? ca->lifetime : CONF_DEF_HOME_LIFETIME;
		h->last_handover_ms = -1;
		h->bu = bul_add(reg.bl, &h->hoa, &h->ha, BUL_F_HOME | BUL_F_ACK);
		if (h->bu == NULL) {
			log_warn("home address %s", addr_str(&h->hoa));
			continue;
		}
		h->bu->priv = h;
		reg.nhomes++;
		log_info("home address %s/%d, home agent %s, lifetime %u s", addr_str(&h->hoa),
		    h->plen, h->discover ? "to be discovered" : addr_str(&h->ha), h->lifetime_s);
	}
	return 0;
}

void
mn_reg_fini(int deregister)
{
	struct bul_input in;
	struct mn_home *h;
	size_t i;

	for (i = 0; i < reg.nhomes; i++) {
		h = &reg.homes[i];
		if (h->where == MN_AWAY) {
			if (deregister && h->bu != NULL &&
			    (h->bu->bound || h->bu->state == BUL_WAIT_BA)) {
				/* one de-registration, not waited for: the HA's binding goes now
				 * rather than at its expiry */
				memset(&in, 0, sizeof(in));
				in.coa = h->coa;
				if (bul_event(reg.bl, h->bu, BUL_EV_DEREGISTER, &in,
				    loop_now_ms()) & BUL_ACT_SEND_BU)
					send_bu(h);
			}
		}
		if (h->where == MN_AWAY || h->tunnel > 0)
			away_del(h);
		if (h->where == MN_HOME)
			mn_kern_home_del(&h->hoa, h->plen, h->ifindex);
		if (h->retry != NULL)
			loop_timer_free(h->retry);
		mn_disc_cancel(h);
		mn_mpd_fini(h);
		if (h->dhaad_timer != NULL)
			loop_timer_free(h->dhaad_timer);
	}
	mn_disc_fini();
	bul_free(reg.bl);
	free(reg.homes);
	memset(&reg, 0, sizeof(reg));
}

size_t
mn_reg_count(void)
{
	return reg.nhomes;
}

struct mn_home *
mn_reg_home(size_t i)
{
	return i < reg.nhomes ? &reg.homes[i] : NULL;
}

void
mn_reg_foreach(void (*f)(struct bul_entry *e, void *arg), void *arg)
{
	if (reg.bl != NULL)
		bul_foreach(reg.bl, f, arg);
}
