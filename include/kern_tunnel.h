/* kern_tunnel.h - IPv6-in-IPv6 tunnels between MN and HA (RFC 6275 10.4.1, 11.3.1) */
#ifndef MIP6D_KERN_TUNNEL_H
#define MIP6D_KERN_TUNNEL_H

#include <netinet/in.h>
#include <stdint.h>

#include "kern_ops.h"

struct nl_msg;

/* The HA's one external-mode (collect_md) ip6tnl device, shared by all bindings. */
#define KERN_TUNNEL_HA_NAME	"mip6ha"

/*
 * HA: create (if need be) and bring up the external-mode device.  Returns its ifindex or
 * -errno.  kern_tunnel_ha_route_set calls it itself.
 */
static inline int
kern_tunnel_ha_init(void)
{
	return kern_ops->tunnel_ha_init();
}

/*
 * HA: packets to hoa go through the external device with a per-route encapsulation
 * "encap ip6 src ha dst coa" in the main table (a /128 beats the home prefix); setting it
 * again with another coa moves it in place.  No device per mobile node: 100,000 bindings are
 * 100,000 routes.  0 or -errno.
 */
static inline int
kern_tunnel_ha_route_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	return kern_ops->tunnel_ha_route_set(hoa, ha, coa);
}

static inline int
kern_tunnel_ha_route_del(const struct in6_addr *hoa)
{
	return kern_ops->tunnel_ha_route_del(hoa);
}

/* The same for a prefix (a mobile network behind a mobile router, RFC 3963 6.4). */
static inline int
kern_tunnel_ha_prefix_set(const struct in6_addr *dst, int plen,
    const struct in6_addr *ha, const struct in6_addr *coa)
{
	return kern_ops->tunnel_ha_prefix_set(dst, plen, ha, coa);
}

static inline int
kern_tunnel_ha_prefix_del(const struct in6_addr *dst, int plen)
{
	return kern_ops->tunnel_ha_prefix_del(dst, plen);
}

/*
 * MN: one ip6ip6 device per MN-HA pair, local = care-of address, remote = HA, bound to the
 * interface link (0: any).  Named KERN_TUNNEL_PREFIX "t<n>".  Returns the ifindex or -errno.
 */
static inline int
kern_tunnel_mn_add(const struct in6_addr *local, const struct in6_addr *remote, int link)
{
	return kern_ops->tunnel_mn_add(local, remote, link);
}

/* Move in place: new endpoints on the same device (routes and addresses on it stay). */
static inline int
kern_tunnel_mn_move(int ifindex, const struct in6_addr *local,
    const struct in6_addr *remote, int link)
{
	return kern_ops->tunnel_mn_move(ifindex, local, remote, link);
}

static inline int
kern_tunnel_mn_del(int ifindex)
{
	return kern_ops->tunnel_mn_del(ifindex);
}

/* Builders, for tests.  ifindex 0 with a name: create; ifindex > 0: change. */
int	kern_tunnel_ip6ip6_build(int ifindex, const char *name, const struct in6_addr *local,
	    const struct in6_addr *remote, int link, struct nl_msg **msg);
int	kern_tunnel_external_build(const char *name, struct nl_msg **msg);

/* For probe.c */
int	kern_tunnel_cleanup(void);
void	kern_tunnel_forget_all(int remove);
int	kern_link_delete(int ifindex, int quiet);

#endif
