/* ha_kern.h - what the Home Agent asks of the kernel, as one narrow seam (faked in unit tests) */
#ifndef MIP6D_HA_KERN_H
#define MIP6D_HA_KERN_H

#include <netinet/in.h>

#include "role_kern_ops.h"

struct conf;

/* Role-wide state: proxy NDP on the home links, the receive side for Home Address options,
 * the shared tunnel device. */
static inline int
ha_kern_start(const struct conf *c)
{
	return role_kern_ops->ha_kern_start(c);
}

static inline void
ha_kern_stop(void)
{
	role_kern_ops->ha_kern_stop();
}

/*
 * Make hoa reachable through coa: proxy neighbour entry on the home link, a route to hoa
 * through the tunnel from ha_addr to coa, and the route-optimization states of the binding
 * (Home Address option in, type 2 routing header out, between ha_addr and hoa).  Called again with a new coa it moves the tunnel
 * endpoint in place.
 */
static inline int
ha_kern_binding_set(int home_ifindex, const struct in6_addr *hoa,
    const struct in6_addr *ll, const struct in6_addr *ha_addr,
    const struct in6_addr *coa)
{
	return role_kern_ops->ha_kern_binding_set(home_ifindex, hoa, ll, ha_addr, coa);
}

/* ll: the link-local address also defended when the BU had L set (RFC 6275 10.4.1), or NULL;
 * ha_addr the address the binding was registered with; proxies: 0 when
 * ha_kern_stop_proxies_del removed the binding's proxy entries already */
static inline void
ha_kern_binding_del(int home_ifindex, const struct in6_addr *hoa,
    const struct in6_addr *ll, const struct in6_addr *ha_addr, int proxies)
{
	role_kern_ops->ha_kern_binding_del(home_ifindex, hoa, ll, ha_addr, proxies);
}

/*
 * Every binding is about to go, then ha_kern_stop: their removals skip what stopping drops
 * whole.  Their proxy entries go first, for every binding (ha_kern_stop_proxies_del, then
 * ha_kern_binding_del with proxies 0).  Each proxy entry holds a multicast group of the home link; its leave arms the
 * kernel's MLD report work, which walks every group of the link when the leaves pause for
 * two clock ticks.  Interleaved with the slower XFRM removals they paused after every few
 * dozen bindings (at 100,000: a walk of 100,000 groups hundreds of times); back to back,
 * the walks are a handful.
 */
void	ha_kern_stopping(void);
static inline void
ha_kern_stop_proxies_del(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll)
{
	role_kern_ops->ha_kern_stop_proxies_del(home_ifindex, hoa, ll);
}
/* What a reload changes in the kernel state (the reverse-tunnel check's capacity). */
void	ha_kern_reload(const struct conf *c);
/* Whether bindings are entries of the home prefixes' routes (binding-routes = no, in place). */
int	ha_kern_prefix_routes(void);
/* Whether mip6d, not the kernel, answers NS for home addresses (nd-proxy = mip6d, in place). */
int	ha_kern_nd_proxy(void);
/*
 * A first registration waiting for DAD: the mobile node already sends from its home address
 * through the reverse tunnel, from the care-of address of its BU; the reverse-tunnel check
 * lets that through (and nothing else) until the binding is accepted or refused.
 */
int	ha_kern_pending_set(const struct in6_addr *hoa, const struct in6_addr *coa);
void	ha_kern_pending_del(const struct in6_addr *hoa);
/* Read the kernel's counters of the reverse-tunnel check into the daemon's (status). */
void	ha_kern_stats_refresh(void);

#endif
