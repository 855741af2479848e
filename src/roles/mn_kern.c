/* mn_kern.c - the Mobile Node's kernel state: one seam over the kernel managers, so that the
 * role reads as RFC 6275 section 11 and its unit tests fake exactly these functions */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include "conf.h"
#include "kern_addr.h"
#include "kern_monitor.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "log.h"
#include "ipsec.h"
#include "mn_kern.h"
#include "mn_nemo.h"
#include "util.h"

static int	monitoring;
/* Requests for routes the kernel managers do not own (RA default routes). */
static struct nl_sock *rt_sock;

/* Write value into /proc/sys/net/ipv6/conf/IFACE/NAME when the kernel has that knob. */
static void
sysctl_set(const char *ifname, const char *name, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/%s", ifname, name);
	if (access(path, F_OK) == -1)
		return;
	if ((f = fopen(path, "w")) == NULL) {
		log_debug("cannot open %s: %s", path, strerror(errno));
		return;
	}
	if (fputs(value, f) == EOF || fclose(f) == EOF)
		log_debug("cannot set %s to %s", path, value);
}

static int
forwarding(const char *ifname)
{
	char path[128];
	FILE *f;
	int v = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%d", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

int
mn_kern_start(const struct conf *c, const struct kern_monitor_ops *ops, kern_ra_cb ra,
    void *arg)
{
	size_t i;

	/*
	 * Movement detection rests on the kernel's autoconfiguration: a new link's Router
	 * Advertisement gives a new address, usable at once with optimistic DAD (RFC 4429)
	 * where the kernel has it (RFC 6275 11.5.2).  A forwarding node needs accept_ra 2.
	 */
	for (i = 0; i < c->nifaces; i++) {
		const char *n = c->ifaces[i].name;

		sysctl_set(n, "accept_ra", forwarding(n) ? "2" : "1");
		sysctl_set(n, "autoconf", "1");
		sysctl_set(n, "optimistic_dad", "1");
		sysctl_set(n, "use_optimistic", "1");
	}
	if (kern_monitor_register(ops) == -1)
		return -1;
	monitoring = 1;
	if (kern_ra_open(ra, arg) == -1)
		log_warnx("no Router Advertisement socket: movement detection by addresses only");
	if (kern_monitor_dump() == -1) {
		log_warnx("cannot read the links and addresses");
		mn_kern_stop(ops);
		return -1;
	}
	return 0;
}

void
mn_kern_stop(const struct kern_monitor_ops *ops)
{
	if (rt_sock != NULL)
		nl_socket_free(rt_sock);
	rt_sock = NULL;
	kern_ra_close();
	if (monitoring)
		kern_monitor_unregister(ops);
	monitoring = 0;
}

static void
default_route(struct kern_route *r, int tunnel)
{
	memset(r, 0, sizeof(*r));
	r->oif = tunnel;
	r->table = kern_route_table();
}

/* Any protocol from the home agent to the home address may carry a type 2 routing header;
 * after the BA's own policy (2), before the route optimization with correspondents (10). */
#define MN_HA_RT2_PRIO	12

static int
ha_rt2_policy(int add, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, ha, 128, hoa, 128, 0, -1);
	if (!add)
		return kern_xfrm_ro_policy_del(&sel, XFRM_POLICY_IN);
	return kern_xfrm_ro_policy_add(&sel, XFRM_POLICY_IN, KERN_RO_RT2, MN_HA_RT2_PRIO);
}

int
mn_kern_away_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	struct kern_route r;
	int rc, t;

	/* RFC 6275 11.3.1: the reverse tunnel from the care-of address to the HA */
	if (*tunnel <= 0) {
		char name[IF_NAMESIZE];

		if ((t = kern_tunnel_mn_add(coa, ha, 0)) < 0)
			return -1;
		*tunnel = t;
		/* no Router Solicitations or autoconfiguration through the tunnel */
		if (if_indextoname((unsigned)t, name) != NULL) {
			sysctl_set(name, "router_solicitations", "0");
			sysctl_set(name, "accept_ra", "0");
			sysctl_set(name, "autoconf", "0");
		}
	} else if ((rc = kern_tunnel_mn_move(*tunnel, coa, ha, 0)) < 0)
		return -1;
	/*
	 * The home address lives on the tunnel while away, flagged as a home address: the kernel
	 * then accepts a type 2 routing header naming it (BAs, route optimization), and
	 * packets tunnelled to it are delivered.  No DAD: the HA defends it at home.
	 */
	if (kern_addr_add(*tunnel, hoa, 128, KERN_ADDR_HOME | KERN_ADDR_NODAD,
	    KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF) < 0)
		return -1;
	/* Traffic from the home address goes through the tunnel, all else as before. */
	default_route(&r, *tunnel);
	if (kern_route_add(&r) < 0 ||
	    kern_rule_src_add(hoa, 128, kern_route_table(), KERN_RULE_PRIO_DEFAULT) < 0)
		return -1;
	/*
	 * BAs come from the HA with a type 2 routing header to the care-of address, and so may
	 * anything else the HA itself sends to the home address (RFC 6275 9.3.2: its home
	 * registration is a Binding Cache entry; 11.3.3: the mobile node accepts the header).
	 */
	if (kern_xfrm_mn_home_policies(1, hoa, ha, 0) < 0 ||
	    kern_xfrm_ro_state_add(KERN_RO_RT2, ha, hoa, coa, 0) < 0 ||
	    ha_rt2_policy(1, hoa, ha) < 0)
		return -1;
	/* ESP tunnel mode from coa, migrated from the previous one (RFC 4877 5.3) */
	if (ipsec_mn_away(hoa, coa) < 0)
		return -1;
	/* RFC 3963 5.5: a mobile router's networks use the tunnel too */
	if (mn_nemo_away(hoa, 1) < 0)
		return -1;
	return 0;
}

void
mn_kern_away_del(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
    int keep_tunnel)
{
	struct kern_route r;

	mn_nemo_away(hoa, 0);
	ipsec_mn_home(hoa);
	ha_rt2_policy(0, hoa, ha);
	kern_xfrm_ro_state_del(KERN_RO_RT2, ha, hoa);
	kern_xfrm_mn_home_policies(0, hoa, ha, 0);
	kern_rule_src_del(hoa, 128, kern_route_table(), KERN_RULE_PRIO_DEFAULT);
	if (tunnel > 0 && keep_tunnel) {
		/* another home address to the same HA goes on using the tunnel and its route */
		kern_addr_del(tunnel, hoa, 128);
	} else if (tunnel > 0) {
		default_route(&r, tunnel);
		kern_route_del(&r);
		kern_addr_del(tunnel, hoa, 128);
		kern_tunnel_mn_del(tunnel);
	}
}

int
mn_kern_home_set(const struct in6_addr *hoa, int plen, int ifindex)
{
	if (kern_addr_add(ifindex, hoa, plen, KERN_ADDR_HOME | KERN_ADDR_NODAD,
	    KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF) < 0)
		return -1;
	return 0;
}

void
mn_kern_home_del(const struct in6_addr *hoa, int plen, int ifindex)
{
	kern_addr_del(ifindex, hoa, plen);
}

int
mn_kern_router_del(int ifindex, const struct in6_addr *router)
{
	struct rtnl_route *r = NULL;
	struct rtnl_nexthop *nh;
	struct nl_addr *dst = NULL, *gw = NULL;
	int rc = -NLE_NOMEM;

	/*
	 * The route came from a Router Advertisement, so it is not mip6d's and the kernel
	 * managers (which remove only what they installed) cannot do this: match it by table,
	 * destination, gateway and interface, any protocol.
	 */
	if (rt_sock == NULL) {
		if ((rt_sock = nl_socket_alloc()) == NULL)
			return -1;
		if (nl_connect(rt_sock, NETLINK_ROUTE) < 0) {
			nl_socket_free(rt_sock);
			rt_sock = NULL;
			return -1;
		}
	}
	if ((r = rtnl_route_alloc()) == NULL || (nh = rtnl_route_nh_alloc()) == NULL)
		goto out;
	rtnl_route_set_family(r, AF_INET6);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_type(r, RTN_UNICAST);
	/* libnl defaults to "static"; 0 matches any protocol (here: ra) */
	rtnl_route_set_protocol(r, RTPROT_UNSPEC);
	if ((dst = nl_addr_build(AF_INET6, &in6addr_any, sizeof(in6addr_any))) == NULL ||
	    (gw = nl_addr_build(AF_INET6, router, sizeof(*router))) == NULL) {
		rtnl_route_nh_free(nh);
		goto out;
	}
	nl_addr_set_prefixlen(dst, 0);
	rtnl_route_set_dst(r, dst);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(r, nh);
	rc = rtnl_route_delete(rt_sock, r, 0);
out:
	if (dst != NULL)
		nl_addr_put(dst);
	if (gw != NULL)
		nl_addr_put(gw);
	if (r != NULL)
		rtnl_route_put(r);
	if (rc == -NLE_OBJ_NOTFOUND) {
		log_debug("no default route via %s", addr_str(router));
		return 0;
	}
	if (rc < 0) {
		log_warnx("cannot remove the default route via %s: %s", addr_str(router),
		    nl_geterror(rc));
		return -1;
	}
	return 0;
}
