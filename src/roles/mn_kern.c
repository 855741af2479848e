/* mn_kern.c - the Mobile Node's kernel state: one seam over the kernel managers, so that the
 * role reads as RFC 6275 section 11 and its unit tests fake exactly these functions */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <net/if.h>
#include <string.h>

#include <linux/xfrm.h>

#include "conf.h"
#include "icmp6.h"
#include "kern.h"
#include "kern_addr.h"
#include "kern_monitor.h"
#include "kern_route.h"
#include "kern_sysctl.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "log.h"
#include "mh.h"
#include "ipsec_kern.h"
#include "mn_kern.h"
#include "mn_nemo.h"
#include "util.h"
#include "xfrm_prio.h"

static int	monitoring;

static int
forwarding(const char *ifname)
{
	char v[8];

	return kern_sysctl_get(ifname, "forwarding", v, sizeof(v)) == 0 && strcmp(v, "0") != 0;
}

int
mn_kern_start_real(const struct conf *c, const struct kern_monitor_ops *ops, ra_sock_cb ra,
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

		kern_sysctl_set(n, "accept_ra", forwarding(n) ? "2" : "1");
		kern_sysctl_set(n, "autoconf", "1");
		/* not every kernel has optimistic DAD (-ENOENT): then without */
		kern_sysctl_set(n, "optimistic_dad", "1");
		kern_sysctl_set(n, "use_optimistic", "1");
	}
	if (kern_monitor_register(ops) == -1)
		return -1;
	monitoring = 1;
	if (ra_sock_open(ra, arg) == -1)
		log_warnx("no Router Advertisement socket: movement detection by addresses only");
	if (kern_monitor_dump() == -1) {
		log_warnx("cannot read the links and addresses");
		mn_kern_stop(ops);
		return -1;
	}
	return 0;
}

void
mn_kern_stop_real(const struct kern_monitor_ops *ops)
{
	ra_sock_close();
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

/*
 * The MN-HA signalling policies (seeds: "Mobile IPv6 XFRM 1/5"): BU out (HoA -> HA) with HAO,
 * BA in (HA -> HoA) with RT2.  Their ESP transport, when an ipsec section asks for it, is
 * ipsec.c's (type main).
 */
static int
home_policy(int add, const struct in6_addr *src, const struct in6_addr *dst, int mh_type,
    uint8_t dir, uint8_t ro, uint8_t prio)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, src, 128, dst, 128, IPPROTO_MH, mh_type);
	if (!add)
		return kern_xfrm_ro_policy_del(&sel, dir);
	return kern_xfrm_ro_policy_add(&sel, dir, ro, prio);
}

static int
home_policies(int add, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	int rc;

	rc = home_policy(add, hoa, ha, MH_TYPE_BU, XFRM_POLICY_OUT, KERN_RO_HAO,
	    XFRM_PRIO_HOME);
	if (rc == 0 || !add)
		rc = home_policy(add, ha, hoa, MH_TYPE_BA, XFRM_POLICY_IN, KERN_RO_RT2,
		    XFRM_PRIO_HOME) ?: rc;
	/*
	 * RFC 6275 11.7.4, 11.3.6, 9.2: the home agent also sends Binding Refresh Requests,
	 * Binding Errors and (to a type it does not know) whatever it sends, through the same
	 * type 2 routing header; without a policy for them the kernel rejects them (a route
	 * optimization state on the path and no policy).  RFC 4877 protects BU and BA only.
	 */
	if (rc == 0 || !add)
		rc = home_policy(add, ha, hoa, -1, XFRM_POLICY_IN, KERN_RO_RT2,
		    XFRM_PRIO_HOME_OTHER) ?: rc;
	return rc;
}

/*
 * RFC 6275 11.4.2: the Mobile Prefix Solicitation leaves from the care-of address with the home
 * address in a Home Address option.  The kernel inserts the option: the message is sent from the
 * home address through the ICMPv6 socket, so the checksum covers the home address (6.3) and
 * XFRM sees ICMPv6 type 146, which the ESP transport policy of an ipsec section that protects
 * prefix discovery names (RFC 3776 4.1); the state's own selector keeps every other packet to
 * the home agent off this path (they keep the tunnel).
 */
static int
mps_hao(int add, const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, hoa, 128, ha, 128, IPPROTO_ICMPV6, ICMP6_MPS_TYPE);
	if (!add) {
		kern_xfrm_ro_state_del(KERN_RO_HAO, hoa, ha);
		return kern_xfrm_ro_policy_del(&sel, XFRM_POLICY_OUT);
	}
	if (kern_xfrm_ro_policy_add(&sel, XFRM_POLICY_OUT, KERN_RO_HAO, XFRM_PRIO_HOME) < 0)
		return -1;
	return kern_xfrm_ro_state_add(KERN_RO_HAO, hoa, ha, coa,
	    KERN_XFRM_F_ICMP6_TYPE(ICMP6_MPS_TYPE)) < 0 ? -1 : 0;
}

static int
ha_rt2_policy(int add, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	struct kern_xfrm_sel sel;

	kern_xfrm_sel_init(&sel, ha, 128, hoa, 128, 0, -1);
	if (!add)
		return kern_xfrm_ro_policy_del(&sel, XFRM_POLICY_IN);
	return kern_xfrm_ro_policy_add(&sel, XFRM_POLICY_IN, KERN_RO_RT2, XFRM_PRIO_MN_HA_RT2);
}

/* Everything of away but the tunnel's creation, queued in the caller's kernel batch. */
static int
away_objects(const struct in6_addr *hoa, const struct in6_addr *ha, const struct in6_addr *coa,
    int tunnel)
{
	struct kern_route r;

	/*
	 * The home address lives on the tunnel while away, flagged as a home address: the kernel
	 * then accepts a type 2 routing header naming it (BAs, route optimization), and
	 * packets tunnelled to it are delivered.  No DAD: the HA defends it at home.
	 */
	if (kern_addr_add(tunnel, hoa, 128, KERN_ADDR_HOME | KERN_ADDR_NODAD,
	    KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF) < 0)
		return -1;
	/* Traffic from the home address goes through the tunnel, all else as before. */
	default_route(&r, tunnel);
	if (kern_route_add(&r) < 0 ||
	    kern_rule_src_add(hoa, 128, kern_route_table(), KERN_RULE_PRIO_DEFAULT) < 0)
		return -1;
	/*
	 * BAs come from the HA with a type 2 routing header to the care-of address, and so may
	 * anything else the HA itself sends to the home address (RFC 6275 9.3.2: its home
	 * registration is a Binding Cache entry; 11.3.3: the mobile node accepts the header).
	 */
	if (home_policies(1, hoa, ha) < 0 ||
	    kern_xfrm_ro_state_add(KERN_RO_RT2, ha, hoa, coa, 0) < 0 ||
	    ha_rt2_policy(1, hoa, ha) < 0 || mps_hao(1, hoa, ha, coa) < 0)
		return -1;
	/* ESP tunnel mode from coa, migrated from the previous one (RFC 4877 5.3) */
	if (ipsec_mn_away(hoa, coa) < 0)
		return -1;
	/* RFC 3963 5.5: a mobile router's networks use the tunnel too */
	if (mn_nemo_away(hoa, 1) < 0)
		return -1;
	return 0;
}

int
mn_kern_away_set_real(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	int rc = 0, made = 0, failed;

	/* RFC 6275 11.3.1: the reverse tunnel from the care-of address to the HA */
	if (*tunnel <= 0) {
		char name[IF_NAMESIZE];
		int t;

		/* made at once: the requests below name its index */
		if ((t = kern_tunnel_mn_add(coa, ha, 0)) < 0)
			return -1;
		*tunnel = t;
		made = 1;
		/* no Router Solicitations or autoconfiguration through the tunnel */
		if (if_indextoname((unsigned)t, name) != NULL) {
			kern_sysctl_set(name, "router_solicitations", "0");
			kern_sysctl_set(name, "accept_ra", "0");
			kern_sysctl_set(name, "autoconf", "0");
		}
	}
	/*
	 * A handover's dozen requests (tunnel end point, address, route, rule, policies, states)
	 * leave together and are all answered before the BU, which needs them, is sent: one
	 * round trip to the kernel instead of one each (issue 17: link-up to BA).
	 */
	kern_batch_begin();
	if (!made && kern_tunnel_mn_move(*tunnel, coa, ha, 0) < 0)
		rc = -1;
	if (rc == 0)
		rc = away_objects(hoa, ha, coa, *tunnel);
	failed = kern_batch_end();
	return rc < 0 || failed > 0 ? -1 : 0;
}

void
mn_kern_away_del_real(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
    int keep_tunnel)
{
	struct kern_route r;

	/* one round trip for the removals too (failures are logged by the batch) */
	kern_batch_begin();
	mn_nemo_away(hoa, 0);
	ipsec_mn_home(hoa);
	mps_hao(0, hoa, ha, NULL);
	ha_rt2_policy(0, hoa, ha);
	kern_xfrm_ro_state_del(KERN_RO_RT2, ha, hoa);
	home_policies(0, hoa, ha);
	kern_rule_src_del(hoa, 128, kern_route_table(), KERN_RULE_PRIO_DEFAULT);
	if (tunnel > 0 && keep_tunnel) {
		/* another home address to the same HA goes on using the tunnel and its route */
		kern_addr_del(tunnel, hoa, 128);
	} else if (tunnel > 0) {
		char name[IF_NAMESIZE];

		default_route(&r, tunnel);
		kern_route_del(&r);
		kern_addr_del(tunnel, hoa, 128);
		/* the tunnel's knobs go with it: nothing to put back */
		if (if_indextoname((unsigned)tunnel, name) != NULL)
			kern_sysctl_forget(name);
		kern_tunnel_mn_del(tunnel);
	}
	(void)kern_batch_end();
}

int
mn_kern_home_set_real(const struct in6_addr *hoa, int plen, int ifindex)
{
	if (kern_addr_add(ifindex, hoa, plen, KERN_ADDR_HOME | KERN_ADDR_NODAD,
	    KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF) < 0)
		return -1;
	return 0;
}

void
mn_kern_home_del_real(const struct in6_addr *hoa, int plen, int ifindex)
{
	kern_addr_del(ifindex, hoa, plen);
}

int
mn_kern_router_del_real(int ifindex, const struct in6_addr *router)
{
	return kern_route_ra_default_del(ifindex, router);
}
