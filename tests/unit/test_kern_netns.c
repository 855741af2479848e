/*
 * test_kern_netns.c - the kernel managers against this machine's own kernel, in a private
 * network namespace: what any kernel supports (sub policies, rules, routes in a table, proxy
 * entries, flagged addresses), clean shutdown, and the clean-up after a simulated crash.
 * Needs root (unshare); skipped (77) otherwise.  The Mobile IPv6 parts are the lab's.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/xfrm.h>

#include "log.h"
#include "loop.h"
#include "util.h"
#include "kern.h"
#include "kern_addr.h"
#include "kern_monitor.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_sysctl.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "mh.h"
#include "xfrm_prio.h"
#include "../../src/kern/kern_nl.h"

#include <linux/rtnetlink.h>
#include <netlink/msg.h>

static char journal[64];

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(addr_parse(s, &a), 0);
	return a;
}

/* How many lines of the output of cmd contain needle. */
static int
lines(const char *cmd, const char *needle)
{
	char line[512];
	FILE *p;
	int n = 0;

	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), p) != NULL)
		if (strstr(line, needle) != NULL)
			n++;
	pclose(p);
	return n;
}

/* One route-optimization policy of the shape the roles install (proto 135 when mh >= -1). */
static int
pol(int add, const struct in6_addr *src, const struct in6_addr *dst, int mh, uint8_t dir,
    uint8_t ro, uint8_t prio)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, src, 128, dst, 128, mh >= -1 ? IPPROTO_MH : 0,
	    mh >= -1 ? mh : -1);
	return add ? kern_xfrm_ro_policy_add(&sel, dir, ro, prio) :
	    kern_xfrm_ro_policy_del(&sel, dir);
}

static void
install(void)
{
	struct in6_addr ha = A("2001:db8:7::1"), hoa = A("2001:db8:7::100");
	struct in6_addr cn = A("2001:db8:4::2"), other = A("2001:db8:7::200");
	struct kern_route r;
	int lo = (int)if_nametoindex("lo");

	/* the HA's home policies (BU in, BA out) */
	assert_int_equal(pol(1, &hoa, &ha, 5, XFRM_POLICY_IN, KERN_RO_HAO, XFRM_PRIO_HOME), 0);
	assert_int_equal(pol(1, &ha, &hoa, 6, XFRM_POLICY_OUT, KERN_RO_RT2, XFRM_PRIO_HOME), 0);
	/* a mobile node's route optimization with a correspondent, any protocol */
	assert_int_equal(pol(1, &hoa, &cn, -2, XFRM_POLICY_OUT, KERN_RO_HAO, XFRM_PRIO_RO), 0);
	assert_int_equal(pol(1, &cn, &hoa, -2, XFRM_POLICY_IN, KERN_RO_RT2, XFRM_PRIO_RO), 0);
	/* a mobile node's home policies (BU out, BA in, the HA's other messages in) */
	assert_int_equal(pol(1, &other, &ha, 5, XFRM_POLICY_OUT, KERN_RO_HAO, XFRM_PRIO_HOME), 0);
	assert_int_equal(pol(1, &ha, &other, 6, XFRM_POLICY_IN, KERN_RO_RT2, XFRM_PRIO_HOME), 0);
	assert_int_equal(pol(1, &ha, &other, -1, XFRM_POLICY_IN, KERN_RO_RT2,
	    XFRM_PRIO_HOME_OTHER), 0);
	memset(&r, 0, sizeof(r));
	r.oif = lo;
	r.metric = 1024;
	assert_int_equal(kern_route_add(&r), 0);
	r.dst = cn;
	r.dplen = 128;
	assert_int_equal(kern_route_add(&r), 0);
	assert_int_equal(kern_route_add(&r), 0);	/* again: replaced, not doubled */
	assert_int_equal(kern_rule_src_add(&hoa, 128, 252, 1001), 0);
	assert_int_equal(kern_rule_src_add(&hoa, 128, 252, 1001), 0);
	assert_int_equal(kern_neigh_proxy_add(lo, &other), 0);
	assert_int_equal(kern_addr_add(lo, &hoa, 64, KERN_ADDR_HOME | KERN_ADDR_NODAD, 3600, 1800),
	    0);
}

static void
assert_installed(void)
{
	assert_int_equal(lines("ip xfrm policy", "ptype sub"), 7);
	assert_int_equal(lines("ip xfrm policy", "priority 27906"), 4);
	/* the MN's inbound policy for the HA's other Mobility Header types, under the BA's */
	assert_int_equal(lines("ip xfrm policy", "priority 27907"), 1);
	assert_int_equal(lines("ip xfrm policy", "priority 27914"), 2);
	assert_int_equal(lines("ip -6 route show table 252", "proto 109"), 2);
	assert_int_equal(lines("ip -6 rule", "from 2001:db8:7::100 lookup 252 proto 109"), 1);
	assert_int_equal(lines("ip -6 neigh show proxy", "2001:db8:7::200 dev lo"), 1);
	assert_int_equal(lines("ip -6 addr show dev lo", "2001:db8:7::100/64 scope global nodad home"),
	    1);
}

static void
assert_ours_gone(void)
{
	assert_int_equal(lines("ip xfrm policy", "priority 279"), 0);
	assert_int_equal(lines("ip -6 route show table all", "proto 109"), 0);
	assert_int_equal(lines("ip -6 rule", "proto 109"), 0);
	assert_int_equal(lines("ip -6 neigh show proxy", "2001:db8:7::"), 0);
	assert_int_equal(lines("ip -6 addr", "2001:db8:7::"), 0);
}

static void
assert_foreign_there(void)
{
	assert_int_equal(lines("ip xfrm policy", "priority 100"), 1);
	assert_int_equal(lines("ip -6 route show table 252", "2001:db8:99::/64"), 1);
	assert_int_equal(lines("ip -6 rule", "from 2001:db8:99::1 lookup 252"), 1);
	assert_int_equal(lines("ip -6 neigh show proxy", "2001:db8:99::5"), 1);
	assert_int_equal(lines("ip -6 addr", "2001:db8:99::6"), 1);
}

static int
group_setup(void **state)
{
	if (getuid() != 0 || unshare(CLONE_NEWNET) == -1 ||
	    system("ip link set lo up 2>/dev/null") != 0) {
		fprintf(stderr, "test_kern_netns: needs root, unshare and ip(8): skipped\n");
		exit(77);
	}
	log_init("test_kern_netns", LOG_DEST_STDERR, LOG_WARNING);
	snprintf(journal, sizeof(journal), "/tmp/test_kern_netns.%d", (int)getpid());
	kern_set_journal(journal);
	/* Others' objects of every kind: none may be touched. */
	if (system("ip -6 route add 2001:db8:99::/64 dev lo table 252 && "
	    "ip -6 rule add from 2001:db8:99::1 lookup 252 priority 1001 && "
	    "ip xfrm policy add src 2001:db8:99::1 dst 2001:db8:99::2 dir out priority 100 && "
	    "ip -6 neigh add proxy 2001:db8:99::5 dev lo && "
	    "ip -6 addr add 2001:db8:99::6/64 dev lo") != 0)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	unlink(journal);
	return 0;
}

/* The probe answers and changes nothing, whatever this kernel has. */
static void
test_probe(void **state)
{
	char why[512];
	int rc;

	rc = kern_probe(why, sizeof(why));
	if (rc == -1)
		assert_true(strstr(why, "no Mobile IPv6 XFRM types") != NULL ||
		    strstr(why, "no ip6ip6 tunnels") != NULL);
	assert_int_equal(lines("ip xfrm state", "src"), 0);
	assert_int_equal(lines("ip link", "mip6probe"), 0);
}

static void
test_install_and_shutdown(void **state)
{
	assert_int_equal(kern_init(), 0);
	install();
	assert_installed();
	assert_foreign_there();
	kern_shutdown();
	assert_ours_gone();
	assert_foreign_there();
	assert_int_equal(access(journal, F_OK), -1);
}

/* Removal of what was never there (or is gone already) is not an error. */
static void
test_remove_twice(void **state)
{
	struct in6_addr hoa = A("2001:db8:7::100"), ha = A("2001:db8:7::1");
	int lo = (int)if_nametoindex("lo");

	assert_int_equal(kern_init(), 0);
	assert_int_equal(pol(0, &hoa, &ha, 5, XFRM_POLICY_IN, KERN_RO_HAO, XFRM_PRIO_HOME), 0);
	assert_int_equal(pol(0, &ha, &hoa, 6, XFRM_POLICY_OUT, KERN_RO_RT2, XFRM_PRIO_HOME), 0);
	assert_int_equal(kern_rule_src_del(&hoa, 128, 252, 1001), 0);
	assert_int_equal(kern_neigh_proxy_del(lo, &hoa), 0);
	assert_int_equal(kern_addr_del(lo, &hoa, 64), 0);
	assert_int_equal(kern_tunnel_ha_route_del(&hoa), 0);
	kern_shutdown();
}

/* A crash: the records are lost, the kernel objects stay; the next start removes them. */
static void
test_crash_cleanup(void **state)
{
	assert_int_equal(kern_init(), 0);
	install();
	kern_xfrm_forget_all(0);
	kern_route_forget_all(0);
	kern_neigh_forget_all(0);
	kern_addr_forget_all(0);
	kern_tunnel_forget_all(0);
	kern_set_journal(journal);	/* a new process opens the journal afresh */
	assert_installed();
	assert_int_equal(kern_init(), 0);
	assert_ours_gone();
	assert_foreign_there();
	kern_shutdown();
}

static void
assert_knob(const char *ifname, const char *knob, const char *want)
{
	char v[16];

	assert_int_equal(kern_sysctl_get(ifname, knob, v, sizeof(v)), 0);
	assert_string_equal(v, want);
}

/* A knob goes back as it was before mip6d's first change: on stop, on request, after a crash. */
static void
test_sysctl(void **state)
{
	char v[16];

	assert_int_equal(kern_init(), 0);
	assert_knob("lo", "proxy_ndp", "0");
	assert_int_equal(kern_sysctl_set("lo", "proxy_ndp", "1"), 0);
	assert_int_equal(kern_sysctl_set("lo", "proxy_ndp", "1"), 0);	/* a second role */
	assert_int_equal(kern_sysctl_set("all", "proxy_ndp", "1"), 0);
	assert_knob("lo", "proxy_ndp", "1");
	kern_sysctl_restore("lo", "proxy_ndp");
	assert_knob("lo", "proxy_ndp", "0");
	assert_knob("all", "proxy_ndp", "1");
	kern_shutdown();
	assert_knob("all", "proxy_ndp", "0");
	/* a knob the kernel lacks, a name that would leave the directory */
	assert_int_equal(kern_sysctl_get("lo", "no_such_knob", v, sizeof(v)), -ENOENT);
	assert_int_equal(kern_sysctl_set("../lo", "proxy_ndp", "1"), -EINVAL);
	/* a crash, and the next start */
	assert_int_equal(kern_init(), 0);
	assert_int_equal(kern_sysctl_set("lo", "proxy_ndp", "1"), 0);
	kern_sysctl_forget_all(0);
	kern_set_journal(journal);
	assert_knob("lo", "proxy_ndp", "1");
	assert_int_equal(kern_init(), 0);
	assert_knob("lo", "proxy_ndp", "0");
	kern_shutdown();
}

static int resyncs, addr_events;

static void
on_resync(void *arg)
{
	resyncs++;
}

static void
on_addr(const struct kern_addr_event *e, void *arg)
{
	addr_events++;
}

static void
on_timer(void *arg)
{
	loop_exit();
}

/*
 * An overrun of the event socket (ENOBUFS): the resync callback runs and what mip6d installed
 * and someone removed behind its back is there again.
 */
static void
test_overrun_resync(void **state)
{
	static const struct kern_monitor_ops ops = { .addr = on_addr, .resync = on_resync };
	struct in6_addr other = A("2001:db8:7::200");
	struct loop_timer *t;
	int lo = (int)if_nametoindex("lo");

	assert_int_equal(kern_init(), 0);
	assert_int_equal(loop_init(), 0);
	kern_monitor_set_rcvbuf(1);	/* the kernel's minimum: a few messages */
	assert_int_equal(kern_monitor_register(&ops), 0);
	assert_int_equal(kern_neigh_proxy_add(lo, &other), 0);
	assert_int_equal(system("ip -6 neigh del proxy 2001:db8:7::200 dev lo"), 0);
	/* A burst of 200 address events nobody reads in time. */
	assert_int_equal(system("for i in $(seq 1 200); do echo addr add 2001:db8:55::$i/128 dev lo;"
	    " done | ip -6 -batch -"), 0);
	t = loop_timer_new(on_timer, NULL);
	loop_timer_arm(t, 300);
	assert_int_equal(loop_run(), 0);
	assert_true(resyncs >= 1);
	/* After the resync the current addresses were delivered again. */
	assert_true(addr_events >= 200);
	assert_int_equal(lines("ip -6 neigh show proxy", "2001:db8:7::200 dev lo"), 1);
	loop_timer_free(t);
	kern_monitor_set_rcvbuf(0);
	kern_shutdown();
	assert_int_equal(system("ip -6 addr flush dev lo to 2001:db8:55::/64"), 0);
	assert_ours_gone();
}


/* A route dump of every table: with 1,000 routes it takes several reads. */
static struct nl_msg *
route_dump_build(void)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6 };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_DUMP);

	if (m != NULL && nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

static int dumped, requested;

/* Each answer of the dump sends a request and waits for it: a home link seen up in a link
 * dump puts its prefix routes back so. */
static int
on_route_request(struct nlmsghdr *h, void *arg)
{
	struct in6_addr a = A("2001:db8:7::300");
	int lo = (int)if_nametoindex("lo");

	dumped++;
	if (dumped % 100 == 1) {
		assert_int_equal(kern_neigh_proxy_add(lo, &a), 0);
		assert_int_equal(kern_neigh_proxy_del(lo, &a), 0);
		requested++;
	}
	return 0;
}

/* Requests from a dump's callbacks neither break the dump nor read its answers as theirs. */
static void
test_request_during_dump(void **state)
{
	assert_int_equal(kern_init(), 0);
	assert_int_equal(system("for i in $(seq 1 1000); do echo route add 2001:db8:56::$i/128 dev lo"
	    " table 252; done | ip -6 -batch -"), 0);
	dumped = requested = 0;
	assert_int_equal(kern_nl_dump(kern_nl_route(), route_dump_build, on_route_request, NULL),
	    0);
	assert_true(dumped >= 1000);
	assert_true(requested >= 10);
	/* and the socket of the requests is still in step */
	assert_int_equal(kern_nl_dump(kern_nl_route(), route_dump_build, on_route_request, NULL),
	    0);
	kern_shutdown();
	assert_int_equal(system("ip -6 route flush table 252 to 2001:db8:56::/64"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_install_and_shutdown),
		cmocka_unit_test(test_remove_twice),
		cmocka_unit_test(test_crash_cleanup),
		cmocka_unit_test(test_overrun_resync),
		cmocka_unit_test(test_sysctl),
		cmocka_unit_test(test_request_during_dump),
	};

	return cmocka_run_group_tests_name("kern_netns", tests, group_setup, group_teardown);
}
