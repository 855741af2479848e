/* mn.c - the Mobile Node (RFC 6275 section 11): kernel events into the movement view, each
 * settled view into one decision (mn_move.c), the decision into home registrations
 * (mn_reg.c); and the binding update list on the control socket. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <net/if.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "bul.h"
#include "conf.h"
#include "control.h"
#include "icmp6.h"
#include "kern_monitor.h"
#include "log.h"
#include "loop.h"
#include "mh_io.h"
#include "mn.h"
#include "ipsec_kern.h"
#include "mn_kern.h"
#include "mn_nemo.h"
#include "mn_ro.h"
#include "roles.h"
#include "stats.h"
#include "util.h"

/*
 * Events come in bursts (a link going up brings link, address and route messages; a Router
 * Advertisement's route and address come in one read): decide once per turn of the loop,
 * after every event already readable, and set no timer for it.  A timer of even 2 ms fired
 * 2.5-15.6 ms late in the lab's kernel and was half of a handover's time from link-up to the
 * BA (issue 17); a decision on a half-read burst is corrected by the next one.
 */
#define MN_SETTLE_MS	0
/* The place's hold ends at a millisecond the decision must not see as still held. */
#define MN_HOLD_MARGIN_MS 1

static struct {
	const struct conf	*conf;
	struct mn_view		 view;
	struct mn_place		 place;
	struct loop_timer	*settle;
	struct loop_timer	*hold;		/* decide again when the place's hold ends */
	int			 running;
	struct {
		int		 ifindex;
		uint64_t	 ms;
	} link_up[8];			/* the last links to come up, for handover times */
	unsigned int		 link_up_next;
} mn;

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000	/* linux/if.h; net/if.h lacks it */
#endif
#define CARRIER	(IFF_UP | IFF_LOWER_UP)

uint64_t
mn_link_up_ms(int ifindex)
{
	size_t i;

	for (i = 0; i < sizeof(mn.link_up) / sizeof(mn.link_up[0]); i++)
		if (mn.link_up[i].ifindex == ifindex)
			return mn.link_up[i].ms;
	return 0;
}

/* Remember when a link gained its carrier: a handover is timed from there.  1 when it just
 * did. */
static int
note_link_up(const struct kern_link_event *e)
{
	unsigned int old = 0;
	size_t i, n = sizeof(mn.link_up) / sizeof(mn.link_up[0]);
	int known = 0;

	for (i = 0; i < mn.view.nlinks; i++)
		if (mn.view.links[i].ifindex == e->ifindex) {
			old = mn.view.links[i].flags;
			known = 1;
		}
	if (e->deleted || (e->flags & CARRIER) != CARRIER || (known && (old & CARRIER) == CARRIER))
		return 0;
	for (i = 0; i < n && mn.link_up[i].ifindex != e->ifindex; i++)
		;
	if (i == n)
		i = mn.link_up_next++ % n;
	mn.link_up[i].ifindex = e->ifindex;
	mn.link_up[i].ms = loop_now_ms();
	return 1;
}

/* RFC 6275 11.5.1: the old link's default routers are gone; do not wait for the kernel
 * to find out (router lifetime, unreachability detection) before the BU can leave. */
static void
drop_stale_routers(const struct mn_place *p)
{
	struct in6_addr stale[8];
	size_t i, n;

	n = mn_move_stale_routers(&mn.view, p, stale, sizeof(stale) / sizeof(stale[0]));
	for (i = 0; i < n; i++) {
		log_info("default router %s is not on this link any more: its route goes",
		    addr_str(&stale[i]));
		stats_inc("mn.stale-router");
		mn_kern_router_del(p->ifindex, &stale[i]);
		mn_view_forget_router(&mn.view, p->ifindex, &stale[i]);
	}
}

static void
decide(void *arg)
{
	struct mn_place p;
	char ifname[IF_NAMESIZE];
	uint64_t now = loop_now_ms(), until;
	size_t i;

	mn_move_choose(&mn.view, mn.conf, mn.place.ifindex ? &mn.place : NULL, now, &p);
	/* A router that still vouches for the place may keep a fresher address of the link
	 * waiting (RFC 6275 11.5.1); when it falls silent, decide again even if nothing else
	 * happens (the new link's router may advertise seldom). */
	if ((until = mn_move_held(&mn.view, &p, now)) != 0)
		loop_timer_arm(mn.hold, until - now + MN_HOLD_MARGIN_MS);
	else
		loop_timer_cancel(mn.hold);
	if (p.ifindex != mn.place.ifindex || !addr_eq(&p.addr, &mn.place.addr)) {
		if (p.ifindex == 0)
			log_info("no usable link");
		else {
			log_info("attached to %s, address %s",
			    if_indextoname((unsigned)p.ifindex, ifname) ? ifname : "?",
			    addr_str(&p.addr));
			drop_stale_routers(&p);
		}
		stats_inc("mn.movement");
	}
	mn.place = p;
	for (i = 0; i < mn_reg_count(); i++)
		mn_reg_place(mn_reg_home(i), &p);
}

static void
changed(void)
{
	if (!loop_timer_pending(mn.settle))
		loop_timer_arm(mn.settle, MN_SETTLE_MS);
}

static void
on_link(const struct kern_link_event *e, void *arg)
{
	int up = note_link_up(e);

	if (mn_view_link(&mn.view, e))
		changed();
	if (up)
		mn_view_link_up(&mn.view, e->ifindex, loop_now_ms());
}

static void
on_addr(const struct kern_addr_event *e, void *arg)
{
	if (mn_view_addr(&mn.view, e, loop_now_ms()))
		changed();
}

static void
on_resync(void *arg)
{
	/* the links and addresses are delivered again next */
	mn_view_init(&mn.view);
	changed();
}

static void
on_ra(int ifindex, const struct in6_addr *src, int hoplimit, const uint8_t *buf, size_t len,
    void *arg)
{
	struct icmp6_msg m;

	if (len > 0 && buf[0] != ICMP6_RA_TYPE) {
		mn_ro_icmp_error(buf, len);
		return;
	}
	/* RFC 4861 6.1.2 */
	if (hoplimit != 255 || !addr_is_linklocal(src)) {
		stats_inc("drop.ra-not-on-link");
		return;
	}
	if (icmp6_parse(buf, len, NULL, NULL, &m) != ICMP6_OK || m.type != ICMP6_RA_TYPE) {
		stats_inc("drop.ra-invalid");
		return;
	}
	if (mn_view_ra(&mn.view, ifindex, src, &m.ra, loop_now_ms()))
		changed();
}

/* Answers from correspondents go to route optimization, the rest to home registration. */
static void
on_ba(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	if (!mn_ro_recv_ba(m, rx))
		mn_reg_recv_ba(m, rx, arg);
}

static void
on_brr(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	if (!mn_ro_recv_brr(m, rx))
		mn_reg_recv_brr(m, rx, arg);
}

static void
on_be(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	if (!mn_ro_recv_be(m, rx))
		mn_reg_recv_be(m, rx, arg);
}

static const struct kern_monitor_ops mn_ops = {
	.link = on_link,
	.addr = on_addr,
	.resync = on_resync,
};

/* ---- control ---- */

static void
bul_add_json(struct bul_entry *e, void *arg)
{
	struct json_object *list = arg, *o = json_object_new_object();
	const struct mn_home *h = (e->flags & BUL_F_HOME) ? e->priv : NULL;
	uint64_t now = loop_now_ms();

	json_object_object_add(o, "home-address", json_object_new_string(addr_str(&e->hoa)));
	json_object_object_add(o, "peer", json_object_new_string(addr_str(&e->peer)));
	json_object_object_add(o, "care-of-address", json_object_new_string(addr_str(&e->coa)));
	json_object_object_add(o, "type", json_object_new_string(
	    (e->flags & BUL_F_HOME) ? "home" : "cn"));
	json_object_object_add(o, "state", json_object_new_string(
	    h != NULL && h->retired ? "retired" :
	    h != NULL && h->stopped && e->state == BUL_IDLE ? "refused" :
	    bul_state_name(e->state)));
	json_object_object_add(o, "lifetime", json_object_new_int64(
	    e->bound ? e->lifetime_s : e->lifetime_req_s));
	json_object_object_add(o, "remaining", json_object_new_int64(
	    e->bound && e->expiry_ms > now ? (int64_t)((e->expiry_ms - now) / 1000) : 0));
	json_object_object_add(o, "sequence", json_object_new_int(e->seq));
	json_object_object_add(o, "retransmissions", json_object_new_int64(
	    h != NULL ? e->n_retx - h->retx_base : e->n_retx));
	if (h != NULL) {
		json_object_object_add(o, "where", json_object_new_string(
		    mn_where_name(h->where)));
		/* RFC 6275 11.4.1: which home agent, and why this one */
		json_object_object_add(o, "home-agent-discovered",
		    json_object_new_boolean(h->discover));
		json_object_object_add(o, "home-agent-choice", json_object_new_string(h->ha_why));
		/* RFC 6275 11.4.3: what the home agent said of the home prefix */
		json_object_object_add(o, "prefix-advertisements", json_object_new_int64(h->n_mpa));
		json_object_object_add(o, "home-prefix-remaining", json_object_new_int64(
		    h->prefix_until_ms > now ? (int64_t)((h->prefix_until_ms - now) / 1000) :
		    -1));
		json_object_object_add(o, "last-status", json_object_new_int(e->last_status));
		/* RFC 6275 11.4.3: formed from a new home prefix rather than configured */
		json_object_object_add(o, "renumbered", json_object_new_boolean(h->renumbered));
	} else {
		json_object_object_add(o, "last-status", json_object_new_int(e->last_status));
		json_object_object_add(o, "direct", json_object_new_boolean(mn_ro_direct(e)));
	}
	json_object_array_add(list, o);
}

static int
ctl_bul(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *list = json_object_new_array();

	mn_reg_foreach(bul_add_json, list);
	mn_ro_foreach(bul_add_json, list);
	json_object_object_add(resp, "entries", list);
	return 0;
}

/* ---- the operator's view: mip6d-ctl status, bul show / del / flush ---- */

static int64_t
wall_of(uint64_t mono_ms)
{
	uint64_t now = loop_now_ms();

	return (int64_t)time(NULL) - (int64_t)((now > mono_ms ? now - mono_ms : 0) / 1000);
}

static void
ro_peer(struct bul_entry *e, void *arg)
{
	if (mn_ro_direct(e))
		json_object_array_add(arg, json_object_new_string(addr_str(&e->peer)));
}

void
mn_status_json(struct json_object *resp)
{
	struct json_object *homes = json_object_new_array(), *o, *ro;
	char ifname[IF_NAMESIZE];
	struct mn_home *h;
	uint64_t until, now;
	size_t i;

	json_object_object_add(resp, "interface", json_object_new_string(mn.place.ifindex &&
	    if_indextoname((unsigned)mn.place.ifindex, ifname) ? ifname : "-"));
	json_object_object_add(resp, "address", json_object_new_string(mn.place.ifindex ?
	    addr_str(&mn.place.addr) : "-"));
	/* how long the router of the current address, heard lately, keeps the node there
	 * against a new prefix on the same link (RFC 6275 11.5.1); 0: none heard */
	now = loop_now_ms();
	until = mn_move_held(&mn.view, &mn.place, now);
	json_object_object_add(resp, "router-hold-ms",
	    json_object_new_int64(until > now ? (int64_t)(until - now) : 0));
	for (i = 0; i < mn_reg_count(); i++) {
		h = mn_reg_home(i);
		o = json_object_new_object();
		json_object_object_add(o, "home-address", json_object_new_string(
		    addr_str(&h->hoa)));
		json_object_object_add(o, "home-agent", json_object_new_string(addr_str(&h->ha)));
		json_object_object_add(o, "home-agent-choice", json_object_new_string(h->ha_why));
		json_object_object_add(o, "where", json_object_new_string(mn_where_name(h->where)));
		json_object_object_add(o, "care-of-address", json_object_new_string(
		    h->where == MN_AWAY ? addr_str(&h->coa) : "-"));
		json_object_object_add(o, "registration", json_object_new_string(
		    h->retired ? "retired" : h->stopped ? "refused" :
		    bul_state_name(h->bu->state)));
		if (h->moved_ms != 0)
			json_object_object_add(o, "last-movement",
			    json_object_new_int64(wall_of(h->moved_ms)));
		if (h->last_handover_ms >= 0)
			json_object_object_add(o, "last-handover-ms",
			    json_object_new_int64(h->last_handover_ms));
		json_object_object_add(o, "handover-in-progress",
		    json_object_new_boolean(h->handover_start_ms != 0));
		json_object_array_add(homes, o);
	}
	json_object_object_add(resp, "home-addresses", homes);
	ro = json_object_new_array();
	mn_ro_foreach(ro_peer, ro);
	json_object_object_add(resp, "route-optimized", ro);
}

struct bul_match {
	const struct in6_addr	*hoa;
	struct json_object	*list;
	int			 n;
};

static void
bul_match_json(struct bul_entry *e, void *arg)
{
	struct bul_match *m = arg;
	struct json_object *o;

	if (!addr_eq(&e->hoa, m->hoa))
		return;
	bul_add_json(e, m->list);
	o = json_object_array_get_idx(m->list, json_object_array_length(m->list) - 1);
	json_object_object_add(o, "binding-updates", json_object_new_int64(e->n_bu));
	json_object_object_add(o, "binding-acks", json_object_new_int64(e->n_ba));
	json_object_object_add(o, "retransmissions-total", json_object_new_int64(e->n_retx));
	json_object_object_add(o, "failures", json_object_new_int64(e->n_fail));
	json_object_object_add(o, "home-tests", json_object_new_int64(e->n_hoti));
	json_object_object_add(o, "care-of-tests", json_object_new_int64(e->n_coti));
	json_object_object_add(o, "bound", json_object_new_boolean(e->bound));
	m->n++;
}

int
mn_bul_show(const struct in6_addr *hoa, struct json_object *list)
{
	struct bul_match m = { hoa, list, 0 };

	if (!mn.running)
		return 0;
	mn_reg_foreach(bul_match_json, &m);
	mn_ro_foreach(bul_match_json, &m);
	return m.n;
}

int
mn_bul_del(const struct in6_addr *hoa, const char *who)
{
	struct mn_home *h;
	size_t i;
	int n = 0;

	if (!mn.running)
		return 0;
	for (i = 0; i < mn_reg_count(); i++) {
		h = mn_reg_home(i);
		if (!addr_eq(&h->hoa, hoa))
			continue;
		log_notice("home registration of %s with %s started anew by the administrator "
		    "(%s)", addr_str(&h->hoa), addr_str(&h->ha), who);
		stats_inc("mn.restarted-by-administrator");
		mn_reg_restart(h);
		n++;
	}
	return n;
}

unsigned long
mn_bul_flush(const char *who)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; mn.running && i < mn_reg_count(); i++)
		n += (unsigned long)mn_bul_del(&mn_reg_home(i)->hoa, who);
	return n;
}

struct state_walk {
	void	(*fn)(const char *type, const char *state, void *arg);
	void	*arg;
};

static void
state_of(struct bul_entry *e, void *arg)
{
	struct state_walk *w = arg;

	w->fn((e->flags & BUL_F_HOME) ? "home" : "correspondent", bul_state_name(e->state),
	    w->arg);
}

void
mn_bul_states(void (*fn)(const char *type, const char *state, void *arg), void *arg)
{
	struct state_walk w = { fn, arg };

	if (!mn.running)
		return;
	mn_reg_foreach(state_of, &w);
	mn_ro_foreach(state_of, &w);
}

/* ---- the role ---- */

void
mn_home_registered(struct mn_home *h)
{
	/* RFC 6275 11.7.2: the tunnel works now, so can the home test */
	if (h->where == MN_AWAY)
		mn_ro_registered(h);
	mn_mpd_registered(h);
}

void
mn_home_moved(struct mn_home *h)
{
	mn_ro_moved(h);
}

int
mn_start(const struct conf *c)
{
	memset(&mn, 0, sizeof(mn));
	mn.conf = c;
	mn_view_init(&mn.view);
	if ((mn.settle = loop_timer_new(decide, NULL)) == NULL)
		return -1;
	if ((mn.hold = loop_timer_new(decide, NULL)) == NULL || mn_reg_init(c) == -1) {
		loop_timer_free(mn.hold);
		loop_timer_free(mn.settle);
		mn.settle = mn.hold = NULL;
		return -1;
	}
	if (mn_ro_init(c) == -1) {
		mn_stop();
		return -1;
	}
	mh_io_register(MH_TYPE_BA, on_ba, NULL);
	mh_io_register(MH_TYPE_BRR, on_brr, NULL);
	mh_io_register(MH_TYPE_BE, on_be, NULL);
	mh_io_register(MH_TYPE_HOT, mn_ro_recv_hot, NULL);
	mh_io_register(MH_TYPE_COT, mn_ro_recv_cot, NULL);
	control_register("bul", ctl_bul, NULL);
	/* RFC 3776: BU/BA under ESP from the first BU on */
	if (ipsec_mn_start(c) == -1) {
		mn_stop();
		return -1;
	}
	/* RFC 3963 5: a mobile router forwards (before mn_kern_start sets accept_ra) */
	if (mn_nemo_start(c) == -1) {
		mn_stop();
		return -1;
	}
	if (mn_kern_start(c, &mn_ops, on_ra, NULL) == -1) {
		mn_stop();
		return -1;
	}
	mn.running = 1;
	log_info("mobile node with %zu home address(es)", mn_reg_count());
	return 0;
}

int
mn_reload(const struct conf *c)
{
	/* Home addresses and interfaces changing need a restart (conf_needs_restart); the
	 * rest is read where it is used. */
	mn.conf = c;
	mn_disc_reload(c);
	mn_ro_reload(c);
	mn_nemo_reload(c);
	changed();
	return 0;
}

void
mn_stop(void)
{
	if (mn.settle == NULL)
		return;
	mn_kern_stop(&mn_ops);
	control_register("bul", NULL, NULL);
	mn_ro_fini();
	mn_reg_fini(1);
	ipsec_mn_stop();	/* after the de-registration, which goes under ESP too */
	mn_nemo_stop();
	loop_timer_free(mn.hold);
	loop_timer_free(mn.settle);
	memset(&mn, 0, sizeof(mn));
}
