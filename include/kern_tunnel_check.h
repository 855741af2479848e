/* kern_tunnel_check.h - the home agent's reverse-tunnel source check (RFC 6275 10.4.5): an eBPF
 * tc classifier on the shared tunnel device and its map of home address -> care-of address */
#ifndef MIP6D_KERN_TUNNEL_CHECK_H
#define MIP6D_KERN_TUNNEL_CHECK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "kern_ops.h"

struct kern_tunnel_check_counts {
	uint64_t	passed;
	uint64_t	wrong_coa;	/* dropped: the inner source's binding has another CoA */
	uint64_t	no_binding;	/* dropped: no binding for the inner source */
};

/*
 * Load the program (its map grows as needed up to max_bindings entries) and attach it to the ingress of
 * device ifindex.  0, or -errno with the reason in why (not built in, object missing, kernel
 * without BPF...): the caller decides whether to go on without.
 */
static inline int
kern_tunnel_check_start(int ifindex, uint32_t max_bindings, char *why, size_t len)
{
	return kern_ops->tunnel_check_start(ifindex, max_bindings, why, len);
}

/* A new max-bindings (reload). */
static inline void
kern_tunnel_check_limit(uint32_t max_bindings)
{
	kern_ops->tunnel_check_limit(max_bindings);
}

/* Detach and free everything: nothing stays in the kernel. */
static inline void
kern_tunnel_check_stop(void)
{
	kern_ops->tunnel_check_stop();
}

/*
 * Insert or move (0 or -errno; 0 when the check is not running), and remove.  src: the home
 * agent address the send side tunnels from (kern_tunnel_xmit_route_add), or NULL while the
 * binding is not accepted yet (its packets pass the check, none is tunnelled to it).
 */
static inline int
kern_tunnel_check_set(const struct in6_addr *hoa, const struct in6_addr *coa,
    const struct in6_addr *src)
{
	return kern_ops->tunnel_check_set(hoa, coa, src);
}

static inline int
kern_tunnel_check_del(const struct in6_addr *hoa)
{
	return kern_ops->tunnel_check_del(hoa);
}

/*
 * A mobile router's network prefix (RFC 3963 6.6): packets from inside it pass from coa.
 * Looked up (longest match) only when the inner source is no home address.  The prefix's
 * host bits must be zero.
 */
static inline int
kern_tunnel_check_prefix_set(const struct in6_addr *prefix, int plen,
    const struct in6_addr *coa)
{
	return kern_ops->tunnel_check_prefix_set(prefix, plen, coa);
}

static inline int
kern_tunnel_check_prefix_del(const struct in6_addr *prefix, int plen)
{
	return kern_ops->tunnel_check_prefix_del(prefix, plen);
}

/* The counters summed over CPUs; -1 when the check is not running. */
static inline int
kern_tunnel_check_counts(struct kern_tunnel_check_counts *c)
{
	return kern_ops->tunnel_check_counts(c);
}

/*
 * The send side on the map (binding-routes = no): a route for prefix/plen through home link
 * ifindex whose program tunnels each packet for a home address with a source in the map, and
 * sends any other on to the link.  Kept across the map's growth, re-added by
 * kern_tunnel_xmit_link_up (the kernel removes a down link's routes), removed at
 * kern_tunnel_check_stop.  A prefix that has its routes already: nothing.  0, or -errno (the
 * check is not running: -ENOTCONN).
 */
static inline int
kern_tunnel_xmit_route_add(int ifindex, const struct in6_addr *prefix, int plen)
{
	return kern_ops->tunnel_xmit_route_add(ifindex, prefix, plen);
}

static inline void
kern_tunnel_xmit_link_up(int ifindex)
{
	kern_ops->tunnel_xmit_link_up(ifindex);
}

/* Where the program object is looked for. */
const char *kern_tunnel_check_object(void);

#endif
