/* test_mn.c - the Mobile Node: its pure decisions (care-of address choice, BA status), and the
 * role end to end without a kernel: link and address events go in through the monitor
 * callbacks mn_kern_start was given, BAs/BRRs through mh_io_input; BUs are caught at the
 * socket seam (mh_send), kernel effects at mn_kern_*, the home-address NA at nd_*.  Test names
 * carry the MN conformance case ids they cover. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bul.h"
#include "conf.h"
#include "control.h"
#include "icmp6.h"
#include "kern_monitor.h"
#include "ra_sock.h"
#include "loop.h"
#include "mh.h"
#include "fake_net.h"
#include "fake_role_kern.h"
#include "mh_io.h"
#include "mn.h"
#include "nd.h"
#include "roles.h"
#include "stats.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif

/* ---- seams ---- */

static const struct kern_monitor_ops *mon;
static ra_sock_cb ra_cb;
static void *ra_arg;

static int
fake_mn_kern_start(const struct conf *c, const struct kern_monitor_ops *ops, ra_sock_cb ra,
    void *arg)
{
	mon = ops;
	ra_cb = ra;
	ra_arg = arg;
	return 0;
}

static void
fake_mn_kern_stop(const struct kern_monitor_ops *ops)
{
	mon = NULL;
}

static int away_calls, away_del_calls, home_calls, home_del_calls, home_ifindex;
static struct in6_addr away_coa;
static int away_tunnel_in, away_keep_tunnel;

static int
fake_mn_kern_away_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	away_calls++;
	away_coa = *coa;
	away_tunnel_in = *tunnel;
	if (*tunnel == 0)
		*tunnel = 42;
	fake_trace_add('T');
	return 0;
}

static void
fake_mn_kern_away_del(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
    int keep_tunnel)
{
	away_del_calls++;
	away_keep_tunnel = keep_tunnel;
	fake_trace_add('t');
}

static int
fake_mn_kern_home_set(const struct in6_addr *hoa, int plen, int ifindex)
{
	home_calls++;
	home_ifindex = ifindex;
	fake_trace_add('H');
	return 0;
}

static void
fake_mn_kern_home_del(const struct in6_addr *hoa, int plen, int ifindex)
{
	home_del_calls++;
	fake_trace_add('h');
}

static int router_del_calls;
static struct in6_addr router_deleted;

static int
fake_mn_kern_router_del(int ifindex, const struct in6_addr *router)
{
	router_del_calls++;
	router_deleted = *router;
	fake_trace_add('R');
	return 0;
}

/* The shared fake kernel adapters (fake_role_kern.h), with the entries this test checks. */
static struct role_kern_ops rk;

static void
fake_role_kern_install(void)
{
	rk = fake_role_kern_ops;
	rk.mn_kern_start = fake_mn_kern_start;
	rk.mn_kern_stop = fake_mn_kern_stop;
	rk.mn_kern_away_set = fake_mn_kern_away_set;
	rk.mn_kern_away_del = fake_mn_kern_away_del;
	rk.mn_kern_home_set = fake_mn_kern_home_set;
	rk.mn_kern_home_del = fake_mn_kern_home_del;
	rk.mn_kern_router_del = fake_mn_kern_router_del;
	role_kern_ops_set(&rk);
}

/* ---- fixtures ---- */

static struct conf conf;
static struct conf_home_addr home;
static struct conf_iface ifaces[2];
static struct in6_addr ha, hoa, coa1, coa2, home_slaac;

static void
a6(const char *s, struct in6_addr *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static void
conf_init(void)
{
	memset(&conf, 0, sizeof(conf));
	memset(&home, 0, sizeof(home));
	memset(ifaces, 0, sizeof(ifaces));
	a6("2001:db8:1::1", &ha);
	a6("2001:db8:1::100", &hoa);
	a6("2001:db8:2::ff:fe00:300", &coa1);
	a6("2001:db8:3::ff:fe00:300", &coa2);
	a6("2001:db8:1::ff:fe00:300", &home_slaac);
	home.hoa = hoa;
	home.plen = 64;
	home.ha = ha;
	home.lifetime = 600;
	strcpy(ifaces[0].name, "eth0");
	ifaces[0].preference = 10;
	strcpy(ifaces[1].name, "eth1");
	ifaces[1].preference = 20;
	conf.roles = ROLE_MN;
	conf.home_addrs = &home;
	conf.nhome_addrs = 1;
	conf.ifaces = ifaces;
	conf.nifaces = 2;
	conf.mn.first_reg_timeout_ms = 1500;
	conf.mn.bindack_timeout_ms = 1000;
	conf.mn.max_bindack_timeout_ms = 32000;
}

/* Every fake and counter from zero, and the role started on conf. */
static int
start_role(void)
{
	fake_net_reset();
	router_del_calls = 0;
	away_calls = away_del_calls = home_calls = home_del_calls = 0;
	stats_reset();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	assert_non_null(mon);
	return 0;
}

static int
setup(void **state)
{
	conf_init();
	return start_role();
}

/* The same with retransmissions that end within a few seconds (the loop runs in real time). */
static int
setup_fast(void **state)
{
	conf_init();
	conf.mn.first_reg_timeout_ms = 500;
	conf.mn.bindack_timeout_ms = 500;
	conf.mn.max_bindack_timeout_ms = 1000;
	return start_role();
}

static int
teardown(void **state)
{
	roles_stop();
	loop_free();
	return 0;
}

static void
stop_loop(void *arg)
{
	loop_exit();
}

/* Let the loop run for ms milliseconds (settle timers, retransmissions). */
static void
run_ms(uint64_t ms)
{
	struct loop_timer *t = loop_timer_new(stop_loop, NULL);

	loop_timer_arm(t, ms);
	loop_run();
	loop_timer_free(t);
}

static void
link_ev(int ifindex, const char *name, unsigned int flags)
{
	struct kern_link_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	snprintf(e.name, sizeof(e.name), "%s", name);
	e.flags = flags;
	mon->link(&e, mon->arg);
}

static void
addr_ev(int ifindex, const struct in6_addr *a, uint32_t flags, uint32_t preferred, int deleted)
{
	struct kern_addr_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	e.addr = *a;
	e.plen = 64;
	e.flags = flags;
	e.valid = 86400;
	e.preferred = preferred;
	e.deleted = deleted;
	mon->addr(&e, mon->arg);
}

#define UP	(IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

/* The node comes up on foreign link 1 (eth0, index 2) and lets things settle. */
static void
attach_f1(void)
{
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0, 86400, 0);
	run_ms(30);
}

static struct mh_msg
msg_sent(int i)
{
	struct mh_msg m;

	assert_true(i < fake_nsent);
	assert_int_equal(mh_parse(fake_sent[i].buf, fake_sent[i].len,
	    fake_sent[i].has_hao ? &fake_sent[i].hao : &fake_sent[i].src, &fake_sent[i].dst, &m, NULL), MH_OK);
	return m;
}

static struct mh_bu
bu_sent(int i)
{
	struct mh_msg m = msg_sent(i);

	assert_int_equal(m.type, MH_TYPE_BU);
	return m.bu;
}

/* A BA as the kernel delivers it: type 2 routing header swapped, dst is the home address. */
static void
send_ba_to(const struct in6_addr *to, uint8_t status, uint16_t seq, uint16_t lifetime_units,
    uint16_t refresh_units)
{
	struct mh_rx rx;
	struct mh_ba ba;

	memset(&rx, 0, sizeof(rx));
	memset(&ba, 0, sizeof(ba));
	ba.status = status;
	ba.seq = seq;
	ba.lifetime = lifetime_units;
	if (refresh_units) {
		ba.opts.present = MH_OPTF_REFRESH;
		ba.opts.refresh = refresh_units;
	}
	rx.len = mh_build_ba(rx.buf, sizeof(rx.buf), &ba, NULL);
	assert_true(rx.len > 0);
	mh_checksum_set(rx.buf, rx.len, &ha, to);
	rx.src = ha;
	rx.dst = *to;
	rx.has_rt2 = 1;
	rx.rt2_addr = coa1;
	mh_io_input(&rx);
}

static void
send_ba(uint8_t status, uint16_t seq, uint16_t lifetime_units, uint16_t refresh_units)
{
	send_ba_to(&hoa, status, seq, lifetime_units, refresh_units);
}

static void
send_brr(void)
{
	struct mh_rx rx;
	struct mh_brr brr;

	memset(&rx, 0, sizeof(rx));
	memset(&brr, 0, sizeof(brr));
	rx.len = mh_build_brr(rx.buf, sizeof(rx.buf), &brr);
	assert_true(rx.len > 0);
	mh_checksum_set(rx.buf, rx.len, &ha, &hoa);
	rx.src = ha;
	rx.dst = hoa;
	rx.has_rt2 = 1;
	mh_io_input(&rx);
}

static struct bul_entry *
entry(void)
{
	struct mn_home *h = mn_reg_home(0);

	assert_non_null(h);
	return h->bu;
}

/* ---- pure: care-of address choice ---- */

static void
view_add(struct mn_view *v, int ifindex, const char *name, unsigned int flags)
{
	struct kern_link_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	snprintf(e.name, sizeof(e.name), "%s", name);
	e.flags = flags;
	mn_view_link(v, &e);
}

static void
view_addr(struct mn_view *v, int ifindex, const struct in6_addr *a, uint32_t flags,
    uint32_t preferred, uint64_t now)
{
	struct kern_addr_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	e.addr = *a;
	e.plen = 64;
	e.flags = flags;
	e.preferred = preferred;
	mn_view_addr(v, &e, now);
}

static void
test_choose_preference_and_failover(void **state)
{
	struct mn_view v;
	struct mn_place p;

	conf_init();
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	view_add(&v, 3, "eth1", UP);
	view_add(&v, 4, "wlan9", UP);		/* not configured: never used */
	view_addr(&v, 2, &coa1, 0, 100, 10);
	view_addr(&v, 3, &coa2, 0, 100, 10);
	view_addr(&v, 4, &home_slaac, 0, 100, 20);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 3);		/* eth1 has the higher preference */
	assert_memory_equal(&p.addr, &coa2, 16);
	assert_int_equal(mn_move_where(&p, &hoa, 64), MN_AWAY);

	/* eth1 loses its carrier: fail over to eth0 */
	view_add(&v, 3, "eth1", IFF_UP);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_int_equal(p.ifindex, 2);
	assert_memory_equal(&p.addr, &coa1, 16);

	/* eth0 goes too: detached */
	view_add(&v, 2, "eth0", 0);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_int_equal(p.ifindex, 0);
	assert_int_equal(mn_move_where(&p, &hoa, 64), MN_DETACHED);
}

static void
test_choose_usable_addresses(void **state)
{
	struct mn_view v;
	struct mn_place p;

	conf_init();
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	/* tentative: not yet */
	view_addr(&v, 2, &coa1, IFA_F_TENTATIVE, 100, 10);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 0);
	/* optimistic (RFC 4429): usable at once */
	view_addr(&v, 2, &coa1, IFA_F_TENTATIVE | IFA_F_OPTIMISTIC, 100, 11);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 2);
	/* DAD failed: never */
	view_addr(&v, 2, &coa1, IFA_F_DADFAILED | IFA_F_TENTATIVE, 100, 12);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 0);
	/* the home address itself (on the tunnel or the home link) is never a care-of address */
	view_addr(&v, 2, &hoa, IFA_F_HOMEADDRESS | IFA_F_NODAD, 100, 13);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 0);
	/* link-local addresses are not recorded */
	{
		struct in6_addr ll;

		a6("fe80::ff:fe00:300", &ll);
		view_addr(&v, 2, &ll, 0, 100, 14);
		assert_int_equal(v.naddrs, 2);
	}
}

/* MN-3-1-1-1-010 style: the new link's prefix wins over a stale address of the old link */
static void
test_choose_fresh_prefix_wins(void **state)
{
	struct mn_view v;
	struct mn_place p;
	struct icmp6_ra ra;

	conf_init();
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	view_addr(&v, 2, &coa1, 0, 100, 10);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_memory_equal(&p.addr, &coa1, 16);
	/* carrier-only handover: the f1 address stays, the f2 address arrives */
	view_addr(&v, 2, &coa2, 0, 100, 500);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_memory_equal(&p.addr, &coa2, 16);
	/* an RA of f1 again (moved back): f1 is current once more */
	memset(&ra, 0, sizeof(ra));
	ra.nprefix = 1;
	a6("2001:db8:2::", &ra.prefix[0].prefix);
	ra.prefix[0].plen = 64;
	ra.prefix[0].valid = 86400;
	assert_int_equal(mn_view_ra(&v, 2, NULL, &ra, 900), 1);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_memory_equal(&p.addr, &coa1, 16);
	/* ties keep the current address */
	view_addr(&v, 2, &coa2, 0, 100, 900);
	v.addrs[1].fresh_ms = v.addrs[0].fresh_ms;
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_memory_equal(&p.addr, &coa1, 16);
	/* a deprecated address loses to a preferred one */
	view_addr(&v, 2, &coa1, 0, 0, 1000);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_memory_equal(&p.addr, &coa2, 16);
	/* the home prefix means home */
	view_addr(&v, 2, &home_slaac, 0, 100, 2000);
	mn_move_choose(&v, &conf, &p, 0, &p);
	assert_memory_equal(&p.addr, &home_slaac, 16);
	assert_int_equal(mn_move_where(&p, &hoa, 64), MN_HOME);
}

static void
ra_prefix(struct icmp6_ra *ra, const char *prefix, uint16_t router_lifetime)
{
	memset(ra, 0, sizeof(*ra));
	ra->hoplimit = 64;
	ra->lifetime = router_lifetime;
	ra->nprefix = 1;
	a6(prefix, &ra->prefix[0].prefix);
	ra->prefix[0].plen = 64;
	ra->prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A;
	ra->prefix[0].valid = 86400;
	ra->prefix[0].preferred = 14400;
}

/* RFC 6275 11.5.1: the routers of the old link are stale once the new link's prefix is used */
static void
test_stale_routers(void **state)
{
	struct mn_view v;
	struct mn_place p;
	struct icmp6_ra ra;
	struct in6_addr r1, r2, r3, out[4];

	conf_init();
	a6("fe80::ff:fe00:201", &r1);
	a6("fe80::ff:fe00:202", &r2);
	a6("fe80::ff:fe00:203", &r3);
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	view_addr(&v, 2, &coa1, 0, 100, 10);
	ra_prefix(&ra, "2001:db8:2::", 30);
	mn_view_ra(&v, 2, &r1, &ra, 20);
	ra_prefix(&ra, "2001:db8:9::", 0);	/* not a default router: not recorded */
	mn_view_ra(&v, 2, &r3, &ra, 20);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(mn_move_stale_routers(&v, &p, out, 4), 0);
	/* f2 now: r1 never advertised 2001:db8:3::/64, and has been silent for its whole router
	 * lifetime (it sent no Advertisement Interval option) */
	view_addr(&v, 2, &coa2, 0, 100, 30);
	ra_prefix(&ra, "2001:db8:3::", 30);
	mn_view_ra(&v, 2, &r2, &ra, 31);
	mn_move_choose(&v, &conf, &p, 20 + 30000, &p);
	assert_memory_equal(&p.addr, &coa2, 16);
	assert_int_equal(mn_move_stale_routers(&v, &p, out, 4), 1);
	assert_memory_equal(&out[0], &r1, 16);
	mn_view_forget_router(&v, 2, &r1);
	assert_int_equal(mn_move_stale_routers(&v, &p, out, 4), 0);
	/* a router advertising both prefixes is never stale */
	ra_prefix(&ra, "2001:db8:2::", 30);
	mn_view_ra(&v, 2, &r2, &ra, 40);
	assert_int_equal(mn_move_stale_routers(&v, &p, out, 4), 0);
}

/*
 * MN-3-3-1-1-002 and -004 (RFC 6275 11.5.1): a second router on the link with a new prefix is
 * no move while the current router still advertises the current prefix; the node moves when
 * that router falls silent for two of its Advertisement Intervals, when its own latest RA
 * leaves the prefix out (the same link-local address on another link), or when the carrier
 * came back since it was last heard.  Each RA of either router used to make its prefix the
 * freshest, so the care-of address followed whichever router spoke last.
 */
static void
test_choose_second_router_no_move(void **state)
{
	struct mn_view v;
	struct mn_place p;
	struct icmp6_ra ra;
	struct in6_addr r1, r2, coa6, coa5;
	uint64_t t;

	conf_init();
	a6("fe80::ff:fe00:201", &r1);
	a6("fe80::99", &r2);
	a6("2001:db8:6::ff:fe00:300", &coa6);
	a6("2001:db8:5::ff:fe00:300", &coa5);
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	view_addr(&v, 2, &coa1, 0, 100, 10);
	ra_prefix(&ra, "2001:db8:2::", 30);
	ra.present |= ICMP6_RA_ADV_INTERVAL;
	ra.adv_interval = 1500;
	mn_view_ra(&v, 2, &r1, &ra, 100);
	mn_move_choose(&v, &conf, NULL, 100, &p);
	assert_memory_equal(&p.addr, &coa1, 16);
	assert_true(mn_move_held(&v, &p, 100));

	/* r2 advertises 2001:db8:6::/64 every second, r1 goes on every 1.5 s: no move, ever */
	for (t = 1000; t <= 10000; t += 500) {
		if (t % 1000 == 0) {
			ra_prefix(&ra, "2001:db8:6::", 1800);
			ra.present |= ICMP6_RA_ADV_INTERVAL;
			ra.adv_interval = 1000;
			mn_view_ra(&v, 2, &r2, &ra, t);
			if (t == 1000)	/* its address, newer than ours */
				view_addr(&v, 2, &coa6, 0, 100, t + 1);
		}
		if (t % 1500 == 0) {
			ra_prefix(&ra, "2001:db8:2::", 30);
			ra.present |= ICMP6_RA_ADV_INTERVAL;
			ra.adv_interval = 1500;
			mn_view_ra(&v, 2, &r1, &ra, t);
		}
		mn_move_choose(&v, &conf, &p, t + 2, &p);
		assert_memory_equal(&p.addr, &coa1, 16);
	}
	/* r1 was last heard at 9000: held for two intervals (3 s), then r2's prefix wins */
	assert_int_equal(mn_move_held(&v, &p, 11999), 12000);
	mn_move_choose(&v, &conf, &p, 11999, &p);
	assert_memory_equal(&p.addr, &coa1, 16);
	assert_false(mn_move_held(&v, &p, 12000));
	mn_move_choose(&v, &conf, &p, 12000, &p);
	assert_memory_equal(&p.addr, &coa6, 16);

	/* back on coa1: r1 speaks again; a carrier flap since: r1 must be heard anew */
	ra_prefix(&ra, "2001:db8:2::", 30);
	ra.present |= ICMP6_RA_ADV_INTERVAL;
	ra.adv_interval = 1500;
	mn_view_ra(&v, 2, &r1, &ra, 12500);
	p.addr = coa1;
	assert_true(mn_move_held(&v, &p, 12600));
	mn_view_link_up(&v, 2, 12600);
	assert_false(mn_move_held(&v, &p, 12700));
	mn_view_ra(&v, 2, &r1, &ra, 12800);
	assert_true(mn_move_held(&v, &p, 12900));

	/* a silent move: r1's link-local address on another link, with another prefix (R bit):
	 * its latest RA leaves 2001:db8:2::/64 out, so the new address wins at once */
	ra_prefix(&ra, "2001:db8:5::1", 30);
	ra.prefix[0].flags |= ICMP6_PI_F_R;
	ra.present |= ICMP6_RA_ADV_INTERVAL;
	ra.adv_interval = 1000;
	mn_view_ra(&v, 2, &r1, &ra, 13000);
	view_addr(&v, 2, &coa5, 0, 100, 13001);
	assert_false(mn_move_held(&v, &p, 13002));
	mn_move_choose(&v, &conf, &p, 13002, &p);
	assert_memory_equal(&p.addr, &coa5, 16);

	/* without the Advertisement Interval option, the router lifetime holds */
	mn_view_init(&v);
	view_add(&v, 2, "eth0", UP);
	view_addr(&v, 2, &coa1, 0, 100, 10);
	ra_prefix(&ra, "2001:db8:2::", 30);
	mn_view_ra(&v, 2, &r1, &ra, 100);
	p.addr = coa1;
	assert_int_equal(mn_move_held(&v, &p, 100 + 29999), 100 + 30000);
	assert_false(mn_move_held(&v, &p, 100 + 30000));
	/* a router lifetime of 0 (no default router any more) ends the hold at once */
	mn_view_ra(&v, 2, &r1, &ra, 200);
	assert_true(mn_move_held(&v, &p, 300));
	ra.lifetime = 0;
	mn_view_ra(&v, 2, &r1, &ra, 400);
	assert_false(mn_move_held(&v, &p, 400));
	/* no place, or a place on a link not seen: nothing holds */
	assert_false(mn_move_held(&v, NULL, 200));
	p.ifindex = 9;
	assert_false(mn_move_held(&v, &p, 200));
}

static void
test_choose_unconfigured_interfaces(void **state)
{
	struct mn_view v;
	struct mn_place p;

	conf_init();
	conf.nifaces = 0;		/* any link but loopback and tunnels */
	mn_view_init(&v);
	view_add(&v, 1, "lo", UP);
	view_add(&v, 5, "mip6t0", UP);
	view_addr(&v, 1, &coa1, 0, 100, 10);
	view_addr(&v, 5, &coa2, 0, 100, 10);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 0);
	view_add(&v, 7, "wlan0", UP);
	view_addr(&v, 7, &coa2, 0, 100, 10);
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 7);
	/* the link goes away with its addresses */
	{
		struct kern_link_event e;

		memset(&e, 0, sizeof(e));
		e.ifindex = 7;
		e.deleted = 1;
		assert_int_equal(mn_view_link(&v, &e), 1);
	}
	mn_move_choose(&v, &conf, NULL, 0, &p);
	assert_int_equal(p.ifindex, 0);
}

/* ---- pure: BA status ---- */

/* RFC 6275 11.4.1, 11.4.2: the discovery timers and the fail-over rule */
static void
test_discovery_rules(void **state)
{
	/* DHAAD: 3 s, doubled, at most 24 s */
	assert_int_equal(mn_dhaad_timeout_ms(0), 3000);
	assert_int_equal(mn_dhaad_timeout_ms(1), 6000);
	assert_int_equal(mn_dhaad_timeout_ms(3), 24000);
	assert_int_equal(mn_dhaad_timeout_ms(30), 24000);
	/* a configured home agent is never given up; a discovered one after the budget */
	assert_false(mn_ha_give_up(0, 100));
	assert_false(mn_ha_give_up(1, MN_HA_FAILOVER_RETX - 1));
	assert_true(mn_ha_give_up(1, MN_HA_FAILOVER_RETX));
	/* MPS at three quarters of the home prefix's valid lifetime; never for infinite or 0 */
	assert_int_equal(mn_mps_due_ms(12, 1000), 1000 + 9000);
	assert_int_equal(mn_mps_due_ms(0xffffffff, 1000), 0);
	assert_int_equal(mn_mps_due_ms(0, 1000), 0);
	/* unanswered Solicitations: again at three quarters of what is left, if worth it */
	assert_int_equal(mn_mps_again_ms(1000 + 40000, 1000), 30000);
	assert_int_equal(mn_mps_again_ms(0, 1000), 0);
	assert_int_equal(mn_mps_again_ms(900, 1000), 0);
	assert_int_equal(mn_mps_again_ms(1000 + 3000, 1000), 0);
}

/* RFC 6275 11.4.3: which prefixes of a Mobile Prefix Advertisement form a new home address */
static void
test_renumber_prefix_action(void **state)
{
	struct icmp6_prefix p;
	struct in6_addr nhoa, want;

	memset(&p, 0, sizeof(p));
	p.plen = 64;
	p.valid = 30;
	/* the home prefix itself: its lifetimes, no new address */
	a6("2001:db8:1::", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_OURS);
	p.valid = 0;	/* withdrawn: still about this address (it ends) */
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_OURS);
	/* a new prefix: the same interface identifier in it */
	p.valid = 30;
	a6("2001:db8:5::", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_NEW);
	a6("2001:db8:5::100", &want);
	assert_memory_equal(&nhoa, &want, 16);
	/* prefix bits beyond the length are the advertisement's noise, not the address's */
	a6("2001:db8:6::ffff", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_NEW);
	a6("2001:db8:6::100", &want);
	assert_memory_equal(&nhoa, &want, 16);
	/* an odd length keeps the identifier's bits below it */
	a6("2001:db8:1::8100", &want);
	a6("2001:db8:7::", &p.prefix);
	p.plen = 113;
	assert_int_equal(mn_mpa_prefix_action(&want, 113, &p, &nhoa), MN_MPA_NEW);
	a6("2001:db8:7::100", &want);
	assert_memory_equal(&nhoa, &want, 16);
	/* another length: the identifier does not fit */
	p.plen = 48;
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_IGNORE);
	p.plen = 64;
	/* a new prefix withdrawn, link-local, multicast, unspecified: nothing formed */
	a6("2001:db8:5::", &p.prefix);
	p.valid = 0;
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_IGNORE);
	p.valid = 30;
	a6("fe80::", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_IGNORE);
	a6("ff0e::", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_IGNORE);
	a6("::", &p.prefix);
	assert_int_equal(mn_mpa_prefix_action(&hoa, 64, &p, &nhoa), MN_MPA_IGNORE);
}

static void
test_ba_action(void **state)
{
	int s;

	for (s = 0; s < 128; s++)
		assert_int_equal(mn_ba_action((uint8_t)s, 0), MN_BA_ACCEPTED);
	assert_int_equal(mn_ba_action(135, 0), MN_BA_RESYNC);
	assert_int_equal(mn_ba_action(128, 0), MN_BA_RETRY);
	assert_int_equal(mn_ba_action(130, 0), MN_BA_RETRY);
	assert_int_equal(mn_ba_action(129, 0), MN_BA_STOP);
	assert_int_equal(mn_ba_action(131, 0), MN_BA_STOP);
	assert_int_equal(mn_ba_action(132, 0), MN_BA_STOP);
	assert_int_equal(mn_ba_action(133, 0), MN_BA_STOP);
	assert_int_equal(mn_ba_action(134, 0), MN_BA_STOP);
	/* to a de-registration, 133 says the binding is gone already */
	assert_int_equal(mn_ba_action(133, 1), MN_BA_ACCEPTED);
	assert_int_equal(mn_ba_action(129, 1), MN_BA_STOP);
	assert_int_equal(mn_lifetime_units(600), 150);
	assert_int_equal(mn_lifetime_units(601), 151);
	assert_int_equal(mn_lifetime_units(0), 0);
	assert_int_equal(mn_lifetime_units(CONF_MAX_BU_LIFETIME), 65535);
	assert_int_equal(mn_lifetime_units(0xffffffffu), 65535);
}

/* ---- the role ---- */

/* MN-2-1-1-1-001: away from home, a BU from the CoA with the HAO, A and H set */
static void
test_MN_2_1_1_1_001_first_bu(void **state)
{
	struct mh_bu bu;

	attach_f1();
	assert_int_equal(away_calls, 1);
	assert_memory_equal(&away_coa, &coa1, 16);
	assert_int_equal(fake_nsent, 1);
	/* the tunnel (and the source rule) exist before the BU leaves: traffic from the home
	 * address sent meanwhile goes through it, not lost */
	assert_string_equal(fake_trace, "TB");
	bu = bu_sent(0);
	assert_int_equal(bu.flags & (MH_BU_F_A | MH_BU_F_H), MH_BU_F_A | MH_BU_F_H);
	assert_int_equal(bu.lifetime, 150);
	assert_memory_equal(&fake_sent[0].src, &coa1, 16);
	assert_memory_equal(&fake_sent[0].dst, &ha, 16);
	assert_true(fake_sent[0].has_hao);
	assert_memory_equal(&fake_sent[0].hao, &hoa, 16);
	assert_int_equal(entry()->state, BUL_WAIT_BA);
}

/* MN-2-1-1-1-006: a care-of address that lives 40 s: the BU asks for 40 s, not 600 */
static void
test_MN_2_1_1_1_006_coa_lifetime(void **state)
{
	struct kern_addr_event e;

	link_ev(2, "eth0", UP);
	memset(&e, 0, sizeof(e));
	e.ifindex = 2;
	e.addr = coa1;
	e.plen = 64;
	e.valid = 40;
	e.preferred = 30;
	mon->addr(&e, mon->arg);
	run_ms(30);
	assert_int_equal(fake_nsent, 1);
	assert_int_equal(bu_sent(0).lifetime, 10);
}

static void
send_be(uint8_t status, const struct in6_addr *about)
{
	struct mh_rx rx;
	struct mh_be be;

	memset(&rx, 0, sizeof(rx));
	memset(&be, 0, sizeof(be));
	be.status = status;
	be.hoa = *about;
	rx.len = mh_build_be(rx.buf, sizeof(rx.buf), &be);
	assert_true(rx.len > 0);
	mh_checksum_set(rx.buf, rx.len, &ha, &hoa);
	rx.src = ha;
	rx.dst = hoa;
	rx.has_rt2 = 1;
	rx.rt2_addr = coa1;
	mh_io_input(&rx);
}

/* MN-3-3-1-2-004: Binding Error status 1 from the HA: register again; one naming another
 * home address is not about us (dropped, counted, no BU) */
static void
test_MN_3_3_1_2_004_be_status_1(void **state)
{
	struct in6_addr other;

	attach_f1();
	send_ba(0, entry()->seq, 100, 0);
	assert_int_equal(entry()->state, BUL_REGISTERED);
	a6("2001:db8:1::dead", &other);
	send_be(1, &other);
	assert_int_equal(fake_nsent, 1);
	assert_int_equal(stats_get("drop.be-unknown-binding"), 1);
	send_be(1, &hoa);
	assert_int_equal(fake_nsent, 2);
	assert_int_equal(bu_sent(1).lifetime, 150);
}

/* MN-2-2-1-1-001, MN-2-2-1-1-020, MN-2-2-1-1-026: accepted; the granted (shorter) lifetime
 * and the Refresh Advice decide the refresh */
static void
test_MN_2_2_1_1_001_accepted_refresh_advice(void **state)
{
	struct bul_entry *e;
	struct json_object *resp, *list, *o, *v;
	const char *req = "{\"command\":\"bul\"}";

	attach_f1();
	e = entry();
	send_ba(0, e->seq, 100, 50);		/* 400 s granted, refresh after 200 s */
	assert_int_equal(e->state, BUL_REGISTERED);
	assert_int_equal(e->lifetime_s, 400);
	assert_int_equal(e->refresh_s, 200);
	assert_true(e->refresh_at_ms - e->bu_sent_ms == 200000);
	assert_int_equal(stats_get("mn.registered"), 1);

	resp = control_handle(req, strlen(req));
	assert_non_null(resp);
	assert_true(json_object_object_get_ex(resp, "entries", &list));
	assert_int_equal(json_object_array_length(list), 1);
	o = json_object_array_get_idx(list, 0);
	assert_true(json_object_object_get_ex(o, "state", &v));
	assert_string_equal(json_object_get_string(v), "registered");
	assert_true(json_object_object_get_ex(o, "type", &v));
	assert_string_equal(json_object_get_string(v), "home");
	assert_true(json_object_object_get_ex(o, "care-of-address", &v));
	assert_string_equal(json_object_get_string(v), "2001:db8:2::ff:fe00:300");
	assert_true(json_object_object_get_ex(o, "peer", &v));
	assert_string_equal(json_object_get_string(v), "2001:db8:1::1");
	assert_true(json_object_object_get_ex(o, "lifetime", &v));
	assert_int_equal(json_object_get_int(v), 400);
	assert_true(json_object_object_get_ex(o, "retransmissions", &v));
	assert_int_equal(json_object_get_int(v), 0);
	json_object_put(resp);

	/* without advice: before expiry */
	send_brr();
	assert_int_equal(fake_nsent, 2);
	send_ba(0, e->seq, 150, 0);
	assert_true(e->refresh_at_ms > e->bu_sent_ms);
	assert_true(e->refresh_at_ms < e->bu_sent_ms + 600000);
}

/* MN-2-1-2-1-004: a refresh BU before the binding expires (here 90 % of a 4 s lifetime) */
static void
test_MN_2_1_2_1_004_refresh_before_expiry(void **state)
{
	struct mh_bu bu;

	attach_f1();
	send_ba(0, entry()->seq, 1, 0);		/* 4 s granted */
	assert_int_equal(entry()->lifetime_s, 4);
	run_ms(3000);
	assert_int_equal(fake_nsent, 1);
	run_ms(900);
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_int_equal(bu.seq, entry()->seq);
	assert_int_equal(bu.lifetime, 150);	/* asks for the configured lifetime again */
	assert_int_equal(entry()->state, BUL_WAIT_BA);
	assert_int_equal(entry()->retx_timeout_ms, 1000);	/* INITIAL_BINDACK_TIMEOUT */
}

/* MN-2-1-1-1-013: no answer: the first retransmission after InitialBindackTimeoutFirstReg */
static void
test_MN_2_1_1_1_013_first_reg_backoff(void **state)
{
	struct mh_bu b0, b1;

	attach_f1();
	assert_int_equal(fake_nsent, 1);
	run_ms(1800);
	assert_int_equal(fake_nsent, 2);
	b0 = bu_sent(0);
	b1 = bu_sent(1);
	assert_int_equal((uint16_t)(b0.seq + 1), b1.seq);
	/* not before 1.5 s (the loop's clock; a loaded machine may only make it later) */
	assert_true(fake_sent[1].at_ms - fake_sent[0].at_ms >= 1500);
	assert_true(fake_sent[1].at_ms - fake_sent[0].at_ms < 1800);
	assert_int_equal(entry()->retx_timeout_ms, 3000);	/* doubled */
}

/* MN-2-2-1-1-010, MN-2-2-1-1-016: 135 gives the HA's last sequence number: continue from it */
static void
test_MN_2_2_1_1_010_seq_resync(void **state)
{
	struct mh_bu bu;

	attach_f1();
	send_ba(135, 65535, 0, 0);
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_int_equal(bu.seq, 0);		/* 65535 + 1 wraps */
	send_ba(0, 0, 150, 0);
	assert_int_equal(entry()->state, BUL_REGISTERED);
	assert_int_equal(stats_get("mn.seq-resync"), 1);
}

/* MN-2-2-1-1-017: a BA whose sequence number is not the BU's is ignored */
static void
test_MN_2_2_1_1_017_wrong_seq(void **state)
{
	attach_f1();
	send_ba(0, (uint16_t)(entry()->seq + 7), 150, 0);
	assert_int_equal(entry()->state, BUL_WAIT_BA);
	assert_int_equal(stats_get("drop.ba-sequence"), 1);
}

/* 132, 133, 129: log and stop retrying that HA, also after a move */
static void
test_refusals_stop(void **state)
{
	static const uint8_t codes[] = { 132, 133, 129 };
	size_t i;

	for (i = 0; i < sizeof(codes); i++) {
		if (i > 0) {
			teardown(state);
			setup(state);
		}
		attach_f1();
		assert_int_equal(fake_nsent, 1);
		send_ba(codes[i], entry()->seq, 0, 0);
		assert_int_equal(entry()->state, BUL_IDLE);
		assert_true(mn_reg_home(0)->stopped);
		run_ms(1700);
		assert_int_equal(fake_nsent, 1);	/* no retransmission */
		/* a move sets up the tunnel but sends nothing to that HA */
		addr_ev(2, &coa2, 0, 86400, 0);
		run_ms(30);
		assert_int_equal(away_calls, 2);
		assert_int_equal(fake_nsent, 1);
	}
}

/* 128: a transient refusal: no immediate retransmission, a retry later */
static void
test_MN_2_2_1_1_003_unspecified_retry(void **state)
{
	attach_f1();
	send_ba(128, entry()->seq, 0, 0);
	assert_false(mn_reg_home(0)->stopped);
	assert_non_null(mn_reg_home(0)->retry);
	assert_true(loop_timer_pending(mn_reg_home(0)->retry));
	assert_int_equal(fake_nsent, 1);
}

/* Binding Refresh Request answered with a BU (RFC 6275 11.7.4) */
static void
test_brr_answered(void **state)
{
	struct mh_bu bu;

	attach_f1();
	send_brr();				/* not registered yet: nothing */
	assert_int_equal(fake_nsent, 1);
	send_ba(0, entry()->seq, 150, 0);
	send_brr();
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_int_equal(bu.lifetime, 150);
	assert_memory_equal(&fake_sent[1].src, &coa1, 16);
}

/* A Binding Error status 1 from the HA (it has no binding for our HAO): register again */
static void
test_be_unknown_hao_reregisters(void **state)
{
	struct mh_rx rx;
	struct mh_be be;

	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	memset(&rx, 0, sizeof(rx));
	memset(&be, 0, sizeof(be));
	be.status = MH_BE_UNKNOWN_HAO;
	be.hoa = hoa;
	rx.len = mh_build_be(rx.buf, sizeof(rx.buf), &be);
	assert_true(rx.len > 0);
	mh_checksum_set(rx.buf, rx.len, &ha, &coa1);
	rx.src = ha;
	rx.dst = coa1;
	mh_io_input(&rx);
	assert_int_equal(fake_nsent, 2);
	assert_int_equal(bu_sent(1).lifetime, 150);
	assert_int_equal(entry()->state, BUL_WAIT_BA);
}

/* The binding runs out while no BA comes for the refresh: the node registers anew */
static void
test_expiry_while_unanswered(void **state)
{
	attach_f1();
	send_ba(0, entry()->seq, 1, 0);		/* 4 s */
	run_ms(4200);		/* refresh at 3.6 s, unanswered; expiry at 4 s */
	assert_true(fake_nsent >= 2);
	assert_false(entry()->bound);
	assert_int_equal(stats_get("mn.expired"), 1);
	assert_int_equal(entry()->state, BUL_WAIT_BA);	/* still trying */
}

/* Handover: a new CoA moves the tunnel in place and registers it */
static void
test_handover_new_coa(void **state)
{
	struct mh_bu bu;

	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	/* the old link's address goes (admin down), the new link's comes */
	addr_ev(2, &coa1, 0, 86400, 1);
	addr_ev(2, &coa2, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(away_calls, 2);
	assert_int_equal(away_tunnel_in, 42);	/* the same tunnel, moved */
	assert_memory_equal(&away_coa, &coa2, 16);
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_memory_equal(&fake_sent[1].src, &coa2, 16);
	assert_int_equal(bu.lifetime, 150);
	/* not a first registration any more: 1 s */
	assert_int_equal(entry()->retx_timeout_ms, 1000);
	assert_memory_equal(&entry()->coa, &coa2, 16);
}

/* A link that loses its carrier: nothing happens until a usable link is there. */
static void
test_detached_keeps_binding(void **state)
{
	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	link_ev(2, "eth0", IFF_UP);
	run_ms(30);
	assert_int_equal(fake_nsent, 1);
	assert_int_equal(away_del_calls, 0);
	link_ev(2, "eth0", UP);
	run_ms(30);
	assert_int_equal(fake_nsent, 1);		/* same CoA: no new BU */
}

/* MN-2-2-2-1-001: returning home: tunnel gone, the HoA on the home link, a de-registration
 * from the HoA, and after its BA the NA for the HoA */
static void
test_MN_2_2_2_1_001_return_home(void **state)
{
	struct mh_bu bu;

	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	addr_ev(2, &coa1, 0, 86400, 1);
	addr_ev(2, &home_slaac, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(away_del_calls, 1);
	assert_int_equal(home_calls, 1);
	assert_int_equal(home_ifindex, 2);
	assert_string_equal(fake_trace, "TBtHB");
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_int_equal(bu.lifetime, 0);
	assert_false(fake_sent[1].has_hao);
	assert_memory_equal(&fake_sent[1].src, &hoa, 16);
	assert_memory_equal(&fake_sent[1].dst, &ha, 16);
	assert_int_equal(entry()->state, BUL_WAIT_DEREG);
	assert_int_equal(fake_na_calls, 0);
	send_ba(0, entry()->seq, 0, 0);
	assert_int_equal(entry()->state, BUL_IDLE);
	assert_int_equal(fake_na_calls, 1);
	assert_int_equal(fake_na_ifindex, 2);
	assert_memory_equal(&fake_na_target, &hoa, 16);

	/* and away again */
	addr_ev(2, &home_slaac, 0, 86400, 1);
	addr_ev(2, &coa2, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(home_del_calls, 1);
	assert_int_equal(away_calls, 2);
	assert_int_equal(away_tunnel_in, 0);	/* a new tunnel */
	assert_int_equal(fake_nsent, 3);
	assert_true(fake_sent[2].has_hao);
}

/* MN-2-2-2-1-001 variant: the HA answers the de-registration with 133 (it dropped the
 * binding on a transmission whose BA was lost): done, not a refusal */
static void
test_deregistration_answered_133(void **state)
{
	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	addr_ev(2, &coa1, 0, 86400, 1);
	addr_ev(2, &home_slaac, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(entry()->state, BUL_WAIT_DEREG);
	send_ba(133, entry()->seq, 0, 0);
	assert_int_equal(entry()->state, BUL_IDLE);
	assert_false(mn_reg_home(0)->stopped);
	assert_int_equal(fake_na_calls, 1);
	/* away again: registers as usual */
	addr_ev(2, &home_slaac, 0, 86400, 1);
	addr_ev(2, &coa2, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(fake_nsent, 3);
	assert_int_equal(entry()->state, BUL_WAIT_BA);
}

/*
 * RFC 6275 11.4.3: a new home prefix: the new home address is registered with the same home
 * agent through the same tunnel; when the old prefix ends, the old address is de-registered
 * and its state goes, the tunnel stays for the new one.
 */
static void
test_renumber_new_home_address(void **state)
{
	struct in6_addr nhoa;
	struct mn_home *old, *nh;
	struct mh_bu bu;

	a6("2001:db8:5::100", &nhoa);
	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	old = mn_reg_home(0);
	assert_true(old->bu->bound);
	/* no successor yet: the prefix ending keeps the address */
	mn_reg_prefix_ended(old);
	assert_false(old->retiring || old->retired);
	assert_int_equal(fake_nsent, 1);

	nh = mn_reg_renumber(old, &nhoa, 30);
	assert_non_null(nh);
	assert_int_equal(mn_reg_count(), 2);
	assert_true(nh->renumbered);
	assert_memory_equal(&nh->ha, &ha, 16);
	/* the same tunnel, the BU from the care-of address with the new home address */
	assert_int_equal(away_calls, 2);
	assert_int_equal(away_tunnel_in, 42);
	assert_int_equal(nh->tunnel, 42);
	assert_int_equal(fake_nsent, 2);
	bu = bu_sent(1);
	assert_true(bu.lifetime > 0);
	assert_true(bu.flags & MH_BU_F_H);
	assert_true(fake_sent[1].has_hao);
	assert_memory_equal(&fake_sent[1].hao, &nhoa, 16);
	assert_memory_equal(&fake_sent[1].src, &coa1, 16);
	assert_memory_equal(&fake_sent[1].dst, &ha, 16);
	send_ba_to(&nhoa, 0, nh->bu->seq, 150, 0);
	assert_true(nh->bu->bound);
	assert_true(old->bu->bound);	/* both registered */

	/* the old prefix ends: a de-registration from the care-of address */
	mn_reg_prefix_ended(old);
	assert_true(old->retiring);
	assert_int_equal(fake_nsent, 3);
	bu = bu_sent(2);
	assert_int_equal(bu.lifetime, 0);
	assert_memory_equal(&fake_sent[2].hao, &hoa, 16);
	assert_int_equal(away_del_calls, 0);	/* the BA still has to come in */
	send_ba(0, old->bu->seq, 0, 0);
	assert_true(old->retired);
	assert_false(old->retiring);
	assert_int_equal(away_del_calls, 1);
	assert_int_equal(away_keep_tunnel, 1);	/* the new address still uses it */
	assert_true(nh->bu->bound);

	/* a move: only the new address follows, on the tunnel it kept */
	addr_ev(2, &coa1, 0, 86400, 1);
	addr_ev(2, &coa2, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(away_calls, 3);
	assert_int_equal(away_tunnel_in, 42);
	assert_int_equal(fake_nsent, 4);
	assert_memory_equal(&fake_sent[3].hao, &nhoa, 16);
	/* renumbering to a prefix already formed forms nothing more */
	assert_int_equal(mn_reg_count(), 2);
}

/* The old address's de-registration unanswered: it goes all the same (not for ever) */
static void
test_renumber_old_unanswered(void **state)
{
	struct in6_addr nhoa;
	struct mn_home *old, *nh;

	a6("2001:db8:5::100", &nhoa);
	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	old = mn_reg_home(0);
	nh = mn_reg_renumber(old, &nhoa, 30);
	assert_non_null(nh);
	send_ba_to(&nhoa, 0, nh->bu->seq, 150, 0);
	mn_reg_prefix_ended(old);
	assert_true(old->retiring);
	run_ms(2500);
	assert_true(old->retired);
	assert_int_equal(away_keep_tunnel, 1);
	/* the new one is never given up for the old one's silence */
	assert_false(nh->retired || nh->retiring);
	assert_true(nh->bu->bound);
}

/* The home agent drops the old prefix first: 132 to the old address's refresh ends it (no
 * fail-over to another home agent, the new address stays) */
static void
test_renumber_old_not_home_subnet(void **state)
{
	struct in6_addr nhoa;
	struct mn_home *old, *nh;

	a6("2001:db8:5::100", &nhoa);
	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	old = mn_reg_home(0);
	nh = mn_reg_renumber(old, &nhoa, 30);
	assert_non_null(nh);
	send_ba_to(&nhoa, 0, nh->bu->seq, 150, 0);
	mn_reg_restart(old);	/* a refresh of the old address */
	assert_int_equal(fake_nsent, 3);
	send_ba(MH_BA_NOT_HOME_SUBNET, old->bu->seq, 0, 0);
	assert_true(old->retired);
	assert_int_equal(away_keep_tunnel, 1);
	assert_memory_equal(&old->ha, &ha, 16);
	assert_true(nh->bu->bound);
	assert_int_equal(fake_nsent, 3);
}

/* Starting at home: the home address on the link, nothing to de-register */
static void
test_start_at_home(void **state)
{
	link_ev(2, "eth0", UP);
	addr_ev(2, &home_slaac, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(home_calls, 1);
	assert_int_equal(away_calls, 0);
	assert_int_equal(fake_nsent, 0);
}

/* Router Advertisements: only from on-link routers; a carrier-only move to another prefix
 * follows the advertised prefix */
static void
test_ra_moves(void **state)
{
	uint8_t buf[256];
	struct icmp6_ra ra;
	struct in6_addr ll;
	size_t len;

	attach_f1();
	send_ba(0, entry()->seq, 150, 0);
	run_ms(5);
	addr_ev(2, &coa2, 0, 86400, 0);		/* f2 address comes: it is newer */
	run_ms(30);
	assert_memory_equal(&away_coa, &coa2, 16);
	/* an RA of f1 again: back to the f1 address */
	memset(&ra, 0, sizeof(ra));
	ra.hoplimit = 64;
	ra.lifetime = 30;
	ra.nprefix = 1;
	a6("2001:db8:2::", &ra.prefix[0].prefix);
	ra.prefix[0].plen = 64;
	ra.prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A;
	ra.prefix[0].valid = 86400;
	ra.prefix[0].preferred = 14400;
	len = icmp6_build_ra(buf, sizeof(buf), &ra);
	assert_true(len > 0);
	a6("fe80::1", &ll);
	assert_non_null(ra_cb);
	ra_cb(2, &coa1, 255, buf, len, ra_arg);		/* not link-local: ignored */
	ra_cb(2, &ll, 64, buf, len, ra_arg);		/* hop limit not 255: ignored */
	run_ms(30);
	assert_memory_equal(&away_coa, &coa2, 16);
	assert_int_equal(stats_get("drop.ra-not-on-link"), 2);
	ra_cb(2, &ll, 255, buf, len, ra_arg);
	run_ms(30);
	assert_memory_equal(&away_coa, &coa1, 16);
}

/* A carrier-only move: the old link's router route goes before the BU leaves */
static void
test_move_drops_old_router(void **state)
{
	uint8_t buf[256];
	struct icmp6_ra ra;
	struct in6_addr r1, r2;
	size_t len;

	a6("fe80::ff:fe00:201", &r1);
	a6("fe80::ff:fe00:202", &r2);
	link_ev(2, "eth0", UP);
	ra_prefix(&ra, "2001:db8:2::", 30);
	len = icmp6_build_ra(buf, sizeof(buf), &ra);
	ra_cb(2, &r1, 255, buf, len, ra_arg);
	addr_ev(2, &coa1, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(router_del_calls, 0);
	send_ba(0, entry()->seq, 150, 0);
	fake_trace[0] = '\0';
	link_ev(2, "eth0", IFF_UP);
	link_ev(2, "eth0", UP);
	ra_prefix(&ra, "2001:db8:3::", 30);
	len = icmp6_build_ra(buf, sizeof(buf), &ra);
	ra_cb(2, &r2, 255, buf, len, ra_arg);
	addr_ev(2, &coa2, 0, 86400, 0);
	run_ms(30);
	assert_int_equal(router_del_calls, 1);
	assert_memory_equal(&router_deleted, &r1, 16);
	assert_string_equal(fake_trace, "RTB");
	assert_memory_equal(&fake_sent[fake_nsent - 1].src, &coa2, 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choose_preference_and_failover),
		cmocka_unit_test(test_choose_usable_addresses),
		cmocka_unit_test(test_choose_fresh_prefix_wins),
		cmocka_unit_test(test_choose_unconfigured_interfaces),
		cmocka_unit_test(test_stale_routers),
		cmocka_unit_test(test_choose_second_router_no_move),
		cmocka_unit_test(test_ba_action),
		cmocka_unit_test(test_discovery_rules),
		cmocka_unit_test(test_renumber_prefix_action),
		cmocka_unit_test_setup_teardown(test_renumber_new_home_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renumber_old_not_home_subnet, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_renumber_old_unanswered, setup_fast,
		    teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_1_1_1_001_first_bu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_1_1_1_006_coa_lifetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_3_3_1_2_004_be_status_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_2_1_1_001_accepted_refresh_advice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_1_1_1_013_first_reg_backoff, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_1_2_1_004_refresh_before_expiry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_2_1_1_010_seq_resync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_2_1_1_017_wrong_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_2_1_1_003_unspecified_retry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_brr_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_be_unknown_hao_reregisters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_while_unanswered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handover_new_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detached_keeps_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_MN_2_2_2_1_001_return_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deregistration_answered_133, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_start_at_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ra_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_drops_old_router, setup, teardown),
	};

	net_ops_set(&fake_net_ops);
	fake_role_kern_install();
	return cmocka_run_group_tests_name("mn", tests, NULL, NULL);
}
