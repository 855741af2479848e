/*
 * kern-exercise - drives every kernel manager operation against the running kernel, for the
 * lab scenario "kernel" (tests/lab/scenarios/kernel.sh), which checks the results with ip(8).
 *
 *   kern-exercise [-j JOURNAL] probe
 *   kern-exercise [-j JOURNAL] install IFNAME   install one of everything, print "installed",
 *                                              then wait: SIGTERM removes it all and exits 0;
 *                                              SIGKILL leaves it behind (a crash)
 *   kern-exercise [-j JOURNAL] events IF RA1 RA2
 *                                              monitor: link (IF goes down), address, route,
 *                                              XFRM ACQUIRE and MIGRATE events, and an RA sent
 *                                              from RA1 that arrives on RA2
 *   kern-exercise [-j JOURNAL] cleanup         what mip6d does at start: remove leftovers
 *
 * Every step prints "ok STEP" or "FAIL STEP: why"; the exit status is the number of failures.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>

#include <linux/xfrm.h>

#define LOG_SUBSYS "exercise"
#include "log.h"
#include "loop.h"
#include "util.h"
#include "kern.h"
#include "kern_addr.h"
#include "kern_monitor.h"
#include "ra_sock.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "mh.h"
#include "xfrm_prio.h"

static int failures;

static void
step(const char *name, int rc)
{
	if (rc >= 0)
		printf("ok %s\n", name);
	else {
		printf("FAIL %s: %s\n", name, strerror(-rc));
		failures++;
	}
	fflush(stdout);
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	if (addr_parse(s, &a) == -1)
		fatalx("bad address %s", s);
	return a;
}

/* The addresses of the exercise: a home link 2001:db8:7::/64, care-of addresses on 8 and 9. */
#define HA	"2001:db8:7::1"
#define HOA	"2001:db8:7::100"
#define PROXIED	"2001:db8:7::200"
#define COA1	"2001:db8:8::100"
#define COA2	"2001:db8:9::100"
#define CN	"2001:db8:4::2"

/*
 * The roles' policy shapes (roles/mn_kern.c, cn_kern.c, mn_ro_kern.c, ipsec.c), built from the
 * managers' own operations: the kernel must take each.  A Mobility Header policy between src
 * and dst of one MH type (-1 any) with a route-optimization template, after ESP transport
 * when reqid is not 0 (RFC 4877: templates in the order the packet is built).
 */
static int
mh_policy(int add, const struct in6_addr *src, const struct in6_addr *dst, int mh_type,
    uint8_t dir, uint8_t ro, uint32_t reqid, uint8_t prio)
{
	struct kern_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, src, 128, dst, 128, IPPROTO_MH, mh_type);
	p.dir = dir;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = prio;
	if (reqid != 0) {
		p.tmpl[p.ntmpl].proto = IPPROTO_ESP;
		p.tmpl[p.ntmpl].mode = XFRM_MODE_TRANSPORT;
		p.tmpl[p.ntmpl].reqid = reqid;
		p.ntmpl++;
	}
	p.tmpl[p.ntmpl].proto = ro;
	p.tmpl[p.ntmpl].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[p.ntmpl].optional = 1;
	p.ntmpl++;
	return add ? kern_xfrm_policy_add(&p) : kern_xfrm_policy_del(&p);
}

/* HA: BU in with HAO, BA out with RT2 */
static int
ha_home_policies(const struct in6_addr *ha, const struct in6_addr *hoa)
{
	return mh_policy(1, hoa, ha, MH_TYPE_BU, XFRM_POLICY_IN, KERN_RO_HAO, 0, XFRM_PRIO_HOME) ?:
	    mh_policy(1, ha, hoa, MH_TYPE_BA, XFRM_POLICY_OUT, KERN_RO_RT2, 0, XFRM_PRIO_HOME);
}

/* MN: BU out with HAO, BA in with RT2, under ESP transport reqid and reqid + 1; the HA's
 * other messages in with RT2 */
static int
mn_home_policies(const struct in6_addr *hoa, const struct in6_addr *ha, uint32_t reqid)
{
	return mh_policy(1, hoa, ha, MH_TYPE_BU, XFRM_POLICY_OUT, KERN_RO_HAO, reqid,
	    XFRM_PRIO_HOME) ?:
	    mh_policy(1, ha, hoa, MH_TYPE_BA, XFRM_POLICY_IN, KERN_RO_RT2, reqid + 1,
	    XFRM_PRIO_HOME) ?:
	    mh_policy(1, ha, hoa, -1, XFRM_POLICY_IN, KERN_RO_RT2, 0, XFRM_PRIO_HOME_OTHER);
}

/* MN route optimization with a correspondent: HAO out, RT2 in, any protocol */
static int
mn_ro_policies(int add, const struct in6_addr *hoa, const struct in6_addr *cn)
{
	struct kern_xfrm_sel out, in;

	kern_xfrm_sel_init(&out, hoa, 128, cn, 128, 0, -1);
	kern_xfrm_sel_init(&in, cn, 128, hoa, 128, 0, -1);
	if (!add)
		return kern_xfrm_ro_policy_del(&out, XFRM_POLICY_OUT) ?:
		    kern_xfrm_ro_policy_del(&in, XFRM_POLICY_IN);
	return kern_xfrm_ro_policy_add(&out, XFRM_POLICY_OUT, KERN_RO_HAO, XFRM_PRIO_RO) ?:
	    kern_xfrm_ro_policy_add(&in, XFRM_POLICY_IN, KERN_RO_RT2, XFRM_PRIO_RO);
}

/* CN and HA: a BU with HAO from anyone, and the wildcard HAO receive state */
static int
cn_wild_recv(void)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, NULL, 0, NULL, 0, IPPROTO_MH, MH_TYPE_BU);
	return kern_xfrm_ro_policy_add(&sel, XFRM_POLICY_IN, KERN_RO_HAO, XFRM_PRIO_WILD_RECV) ?:
	    kern_xfrm_ro_state_add(KERN_RO_HAO, NULL, NULL, NULL, KERN_XFRM_F_WILDRECV);
}

static void
install(const char *ifname)
{
	struct in6_addr ha = A(HA), hoa = A(HOA), coa1 = A(COA1), coa2 = A(COA2), cn = A(CN);
	struct in6_addr proxied = A(PROXIED);
	struct kern_xfrm_policy p;
	struct kern_xfrm_migrate m;
	struct kern_esp_sa sa;
	struct kern_route r;
	int ifindex, tnl;

	if ((ifindex = (int)if_nametoindex(ifname)) == 0)
		fatalx("no interface %s", ifname);

	/* Route optimization states (RFC 6275 6.3, 6.4) and their care-of address update. */
	step("xfrm RT2 state", kern_xfrm_ro_state_add(KERN_RO_RT2, &ha, &hoa, &coa1, 0));
	step("xfrm RT2 state coa update", kern_xfrm_ro_state_add(KERN_RO_RT2, &ha, &hoa, &coa2, 0));
	step("xfrm HAO state", kern_xfrm_ro_state_add(KERN_RO_HAO, &hoa, &cn, &coa2, 0));
	step("xfrm HAO state removed", kern_xfrm_ro_state_del(KERN_RO_HAO, &hoa, &cn));
	step("xfrm HAO state again", kern_xfrm_ro_state_add(KERN_RO_HAO, &hoa, &cn, &coa2, 0));
	/* Policies as in the seeds, sub type, priority band. */
	step("xfrm HA home policies", ha_home_policies(&ha, &hoa));
	/* MN side of the same signalling, protected by ESP transport (RFC 4877): reqid 1 and 2 */
	step("xfrm MN home policies with ESP", mn_home_policies(&hoa, &ha, 1));
	memset(&sa, 0, sizeof(sa));
	sa.spi = 0x2000;
	sa.reqid = 1;
	sa.mode = XFRM_MODE_TRANSPORT;
	sa.saddr = hoa;
	sa.daddr = ha;
	snprintf(sa.auth_alg, sizeof(sa.auth_alg), "hmac(sha1)");
	sa.auth_keylen = 20;
	memset(sa.auth_key, 0x33, 20);
	step("xfrm ESP transport state", kern_xfrm_esp_state_add(&sa));
	step("xfrm MN RO policies", mn_ro_policies(1, &hoa, &cn));
	step("xfrm MN RO policies removed", mn_ro_policies(0, &hoa, &cn));
	step("xfrm MN RO policies again", mn_ro_policies(1, &hoa, &cn));
	step("xfrm CN wild receive", cn_wild_recv());
	/* ESP tunnel mode between HA and the MN's care-of address, then MIGRATE (RFC 6275 11.7.1) */
	memset(&sa, 0, sizeof(sa));
	sa.spi = 0x1000;
	sa.reqid = 4;
	sa.mode = XFRM_MODE_TUNNEL;
	sa.saddr = ha;
	sa.daddr = coa1;
	snprintf(sa.auth_alg, sizeof(sa.auth_alg), "hmac(sha1)");
	sa.auth_keylen = 20;
	memset(sa.auth_key, 0x11, 20);
	snprintf(sa.enc_alg, sizeof(sa.enc_alg), "cbc(aes)");
	sa.enc_keylen = 16;
	memset(sa.enc_key, 0x22, 16);
	step("xfrm ESP tunnel state", kern_xfrm_esp_state_add(&sa));
	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, NULL, 0, &hoa, 128, 135, -1);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_MAIN;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = 9;
	p.ntmpl = 1;
	p.tmpl[0].proto = IPPROTO_ESP;
	p.tmpl[0].mode = XFRM_MODE_TUNNEL;
	p.tmpl[0].reqid = 4;
	p.tmpl[0].saddr = ha;
	p.tmpl[0].daddr = coa1;
	step("xfrm ESP tunnel policy", kern_xfrm_policy_add(&p));
	memset(&m, 0, sizeof(m));
	m.old_saddr = ha;
	m.old_daddr = coa1;
	m.new_saddr = ha;
	m.new_daddr = coa2;
	m.proto = IPPROTO_ESP;
	m.mode = XFRM_MODE_TUNNEL;
	m.reqid = 4;
	step("xfrm migrate", kern_xfrm_migrate(&p.sel, p.dir, p.type, &m, 1));

	/* HA: the external tunnel and a per-binding encapsulating route, moved in place. */
	step("tunnel HA route", kern_tunnel_ha_route_set(&hoa, &ha, &coa1));
	step("tunnel HA route move", kern_tunnel_ha_route_set(&hoa, &ha, &coa2));
	/* MN: one ip6ip6 device, moved in place. */
	tnl = kern_tunnel_mn_add(&coa1, &ha, 0);
	step("tunnel MN add", tnl);
	if (tnl > 0)
		step("tunnel MN move", kern_tunnel_mn_move(tnl, &coa2, &ha, 0));
	/* Routes in table 252 and the home address' source rule (seeds: "from <HoA> lookup 252") */
	memset(&r, 0, sizeof(r));
	r.oif = tnl > 0 ? tnl : ifindex;
	r.metric = 1024;
	step("route default in table", kern_route_add(&r));
	r.dst = cn;
	r.dplen = 128;
	step("route host in table", kern_route_add(&r));
	step("route host removed", kern_route_del(&r));
	step("rule from HoA", kern_rule_src_add(&hoa, 128, kern_route_table(),
	    KERN_RULE_PRIO_DEFAULT));
	/* HA: proxy ND for a home address (RFC 6275 10.4.1). */
	step("neigh proxy", kern_neigh_proxy_add(ifindex, &proxied));
	/* MN: the home address, flagged (RFC 6275 11.5.4), with lifetimes. */
	step("addr home", kern_addr_add(ifindex, &hoa, 64, KERN_ADDR_HOME | KERN_ADDR_NODAD |
	    KERN_ADDR_NOPREFIXROUTE, 3600, 1800));
	step("addr home lifetimes refreshed", kern_addr_add(ifindex, &hoa, 64,
	    KERN_ADDR_HOME | KERN_ADDR_NODAD | KERN_ADDR_NOPREFIXROUTE, 7200, 3600));
}

static void
on_term(void *arg)
{
	loop_exit();
}

/* ---- events ---- */

static struct {
	int	link, addr, route, acquire, migrate, ra, resync;
	int	ifa, ifb, ifc;
} seen;

static void
ev_link(const struct kern_link_event *e, void *arg)
{
	if (e->ifindex == seen.ifa && !(e->flags & IFF_UP))
		seen.link = 1;
}

static void
ev_addr(const struct kern_addr_event *e, void *arg)
{
	struct in6_addr want = A("2001:db8:7::300");

	if (e->ifindex == seen.ifa && addr_eq(&e->addr, &want) && !e->deleted)
		seen.addr = 1;
}

static void
ev_route(const struct kern_route_event *e, void *arg)
{
	if (e->protocol == KERN_RTPROT && e->table == kern_route_table() && !e->deleted)
		seen.route = 1;
}

static void
ev_acquire(const struct kern_xfrm_acquire_event *e, void *arg)
{
	if (e->proto == IPPROTO_ESP && e->dir == XFRM_POLICY_OUT)
		seen.acquire = 1;
}

static void
ev_migrate(const struct kern_xfrm_migrate_event *e, void *arg)
{
	struct in6_addr coa2 = A(COA2);

	if (e->n == 1 && addr_eq(&e->m[0].new_daddr, &coa2))
		seen.migrate = 1;
}

static void
ev_resync(void *arg)
{
	seen.resync = 1;
}

static void
ev_ra(int ifindex, const struct in6_addr *src, int hoplimit, const uint8_t *buf, size_t len,
    void *arg)
{
	if (ifindex == seen.ifc && hoplimit == 255 && len >= 16 && buf[0] == ND_ROUTER_ADVERT)
		seen.ra = 1;
}

static void
on_timeout(void *arg)
{
	loop_exit();
}

static struct loop_timer *tick;

static void
poll_tick(void *arg)
{
	struct loop_timer *t = tick;

	if (seen.link && seen.addr && seen.route && seen.acquire && seen.migrate && seen.ra)
		loop_exit();
	else
		loop_timer_arm(t, 50);
}

static int
send_ra(int ifindex)
{
	struct nd_router_advert ra;
	struct sockaddr_in6 to;
	int fd, hops = 255;

	memset(&ra, 0, sizeof(ra));
	ra.nd_ra_type = ND_ROUTER_ADVERT;
	ra.nd_ra_router_lifetime = 0;	/* no default route on the receiving side */
	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	to.sin6_addr = A("ff02::1");
	to.sin6_scope_id = (uint32_t)ifindex;
	if ((fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) == -1)
		return -errno;
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops));
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex));
	if (sendto(fd, &ra, sizeof(ra), 0, (struct sockaddr *)&to, sizeof(to)) == -1) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

static void
events(const char *ifa, const char *ifb, const char *ifc)
{
	static const struct kern_monitor_ops ops = {
		.link = ev_link, .addr = ev_addr, .route = ev_route, .acquire = ev_acquire,
		.migrate = ev_migrate, .resync = ev_resync,
	};
	/* dst: on the link of the address below, so that the packet reaches the policy. */
	struct in6_addr ha = A(HA), coa1 = A(COA1), coa2 = A(COA2), dst = A("2001:db8:7::5");
	struct in6_addr addr = A("2001:db8:7::300");
	struct kern_xfrm_policy p;
	struct kern_xfrm_migrate m;
	struct kern_route r;
	struct loop_timer *t;
	char cmd[64];
	int fd;
	struct sockaddr_in6 to;

	seen.ifa = (int)if_nametoindex(ifa);
	seen.ifb = (int)if_nametoindex(ifb);
	seen.ifc = (int)if_nametoindex(ifc);
	if (seen.ifa == 0 || seen.ifb == 0 || seen.ifc == 0)
		fatalx("no interfaces %s %s %s", ifa, ifb, ifc);
	step("monitor register", kern_monitor_register(&ops));
	step("ra socket", ra_sock_open(ev_ra, NULL));

	step("event source: address", kern_addr_add(seen.ifa, &addr, 64, KERN_ADDR_NODAD,
	    KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF));
	memset(&r, 0, sizeof(r));
	r.oif = seen.ifa;
	step("event source: route", kern_route_add(&r));
	/*
	 * ACQUIRE: a required ESP template without a state, and a packet that needs it.  The
	 * MIGRATE comes first: the kernel cannot migrate the larval state an ACQUIRE leaves.
	 */
	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, NULL, 0, &dst, 128, IPPROTO_UDP, -1);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_MAIN;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = 20;
	p.ntmpl = 1;
	p.tmpl[0].proto = IPPROTO_ESP;
	p.tmpl[0].mode = XFRM_MODE_TUNNEL;
	p.tmpl[0].reqid = 7;
	p.tmpl[0].saddr = ha;
	p.tmpl[0].daddr = coa1;
	step("event source: policy", kern_xfrm_policy_add(&p));
	memset(&m, 0, sizeof(m));
	m.old_saddr = ha;
	m.old_daddr = coa1;
	m.new_saddr = ha;
	m.new_daddr = coa2;
	m.proto = IPPROTO_ESP;
	m.mode = XFRM_MODE_TUNNEL;
	m.reqid = 7;
	step("event source: migrate", kern_xfrm_migrate(&p.sel, p.dir, p.type, &m, 1));
	if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) != -1) {
		memset(&to, 0, sizeof(to));
		to.sin6_family = AF_INET6;
		to.sin6_addr = dst;
		to.sin6_port = htons(9);
		(void)sendto(fd, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof(to));
		close(fd);
	}
	step("event source: RA", send_ra(seen.ifb));
	snprintf(cmd, sizeof(cmd), "ip link set dev %s down", ifa);
	step("event source: link down", system(cmd) == 0 ? 0 : -EIO);

	t = loop_timer_new(on_timeout, NULL);
	loop_timer_arm(t, 5000);
	tick = loop_timer_new(poll_tick, NULL);
	loop_timer_arm(tick, 50);
	loop_run();
	step("event link", seen.link ? 0 : -ETIMEDOUT);
	step("event address", seen.addr ? 0 : -ETIMEDOUT);
	step("event route", seen.route ? 0 : -ETIMEDOUT);
	step("event xfrm acquire", seen.acquire ? 0 : -ETIMEDOUT);
	step("event xfrm migrate", seen.migrate ? 0 : -ETIMEDOUT);
	step("event router advertisement", seen.ra ? 0 : -ETIMEDOUT);
}

int
main(int argc, char *argv[])
{
	char why[512];
	int c;

	log_init("kern-exercise", LOG_DEST_STDERR, LOG_DEBUG);
	while ((c = getopt(argc, argv, "j:")) != -1) {
		switch (c) {
		case 'j':
			kern_set_journal(optarg);
			break;
		default:
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return 2;
	if (loop_init() == -1)
		fatalx("event loop");
	if (strcmp(argv[0], "probe") == 0) {
		if (kern_probe(why, sizeof(why)) == 0)
			printf("ok probe\n");
		else
			printf("missing: %s\n", why);
		return 0;
	}
	if (strcmp(argv[0], "cleanup") == 0) {
		step("cleanup", kern_init());
		kern_shutdown();
		return failures;
	}
	if (strcmp(argv[0], "install") == 0 && argc == 2) {
		install(argv[1]);
		printf("installed\n");
		fflush(stdout);
		loop_signal_add(SIGTERM, on_term, NULL);
		loop_run();
		kern_shutdown();
		printf("removed\n");
		return failures;
	}
	if (strcmp(argv[0], "events") == 0 && argc == 4) {
		events(argv[1], argv[2], argv[3]);
		kern_shutdown();
		return failures;
	}
	return 2;
}
