/* mn_kern.h - what the Mobile Node asks of the kernel, as one narrow seam (faked in unit tests) */
#ifndef MIP6D_MN_KERN_H
#define MIP6D_MN_KERN_H

#include <netinet/in.h>

#include "kern_monitor.h"
#include "ra_sock.h"
#include "role_kern_ops.h"

struct conf;

/*
 * Prepare the configured interfaces for movement detection (Router Advertisements accepted,
 * autoconfiguration, optimistic DAD where the kernel has it), subscribe ops to link and
 * address events, deliver the current links and addresses through them, and open the Router
 * Advertisement socket with ra.  0, or -1.
 */
static inline int
mn_kern_start(const struct conf *c, const struct kern_monitor_ops *ops, ra_sock_cb ra,
    void *arg)
{
	return role_kern_ops->mn_kern_start(c, ops, ra, arg);
}

static inline void
mn_kern_stop(const struct kern_monitor_ops *ops)
{
	role_kern_ops->mn_kern_stop(ops);
}

/*
 * Away from home (RFC 6275 11.3.1, 11.5.1): an ip6ip6 tunnel from coa to the HA carrying the
 * home address (home-address flag, no DAD), a default route through it in the home address'
 * table with the source rule "from hoa", and the route-optimization state and policies that
 * let the HA's Binding Acknowledgements in through a type 2 routing header.  *tunnel is 0 to
 * create it, or the tunnel made earlier, moved in place to the new coa; home addresses with
 * the same HA share one tunnel (RFC 6275 11.4.3: a renumbered home address joins the old one,
 * and the default route through it is replaced, not doubled).  0, or -1.
 */
static inline int
mn_kern_away_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	return role_kern_ops->mn_kern_away_set(hoa, ha, coa, tunnel);
}

/* Remove all of it (returning home, stopping); keep_tunnel: another home address still uses
 * the tunnel, only this address's state goes. */
static inline void
mn_kern_away_del(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
    int keep_tunnel)
{
	role_kern_ops->mn_kern_away_del(hoa, ha, tunnel, keep_tunnel);
}

/* At home (RFC 6275 11.5.4): the home address on the home link with its prefix length,
 * without DAD (the HA still defends it until the de-registration). 0, or -1. */
static inline int
mn_kern_home_set(const struct in6_addr *hoa, int plen, int ifindex)
{
	return role_kern_ops->mn_kern_home_set(hoa, plen, ifindex);
}

static inline void
mn_kern_home_del(const struct in6_addr *hoa, int plen, int ifindex)
{
	role_kern_ops->mn_kern_home_del(hoa, plen, ifindex);
}

/* Remove the main table's default route through router on ifindex, whoever installed it
 * (the kernel, from a Router Advertisement of a link the node has left).  0, or -1. */
static inline int
mn_kern_router_del(int ifindex, const struct in6_addr *router)
{
	return role_kern_ops->mn_kern_router_del(ifindex, router);
}

#endif
