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

/* Insert or move (0 or -errno; 0 when the check is not running), and remove. */
static inline int
kern_tunnel_check_set(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	return kern_ops->tunnel_check_set(hoa, coa);
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

/* Where the program object is looked for. */
const char *kern_tunnel_check_object(void);

#endif
