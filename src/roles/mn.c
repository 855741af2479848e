/* mn.c - the Mobile Node (RFC 6275 section 11): kernel events into the movement view, each
 * settled view into one decision (mn_move.c), the decision into home registrations
 * (mn_reg.c); and the binding update list on the control socket. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <net/if.h>
#include <string.h>

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
#include "ipsec.h"
#include "mn_kern.h"
#include "mn_nemo.h"
#include "mn_ro.h"
#include "roles.h"
#include "stats.h"
#include "util.h"

/*
 * Events come in bursts (a link going up brings link, address and route messages within a
 * few milliseconds): decide once they have settled, but not later than this.
 */
#define MN_SETTLE_MS	10

static struct {
	const struct conf	*conf;
	struct mn_view		 view;
	struct mn_place		 place;
	struct loop_timer	*settle;
	int			 running;
} mn;

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
	size_t i;

	mn_move_choose(&mn.view, mn.conf, mn.place.ifindex ? &mn.place : NULL, &p);
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
	if (mn_view_link(&mn.view, e))
		changed();
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
		json_object_object_add(o, "last-status", json_object_new_int(e->last_status));
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

/* ---- the role ---- */

int
mn_start(const struct conf *c)
{
	memset(&mn, 0, sizeof(mn));
	mn.conf = c;
	mn_view_init(&mn.view);
	if ((mn.settle = loop_timer_new(decide, NULL)) == NULL)
		return -1;
	if (mn_reg_init(c) == -1) {
		loop_timer_free(mn.settle);
		mn.settle = NULL;
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
	loop_timer_free(mn.settle);
	memset(&mn, 0, sizeof(mn));
}
