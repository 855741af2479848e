/* kern_neigh.h - proxy neighbour entries: the HA defends home addresses (RFC 6275 10.4.1) */
#ifndef MIP6D_KERN_NEIGH_H
#define MIP6D_KERN_NEIGH_H

#include <netinet/in.h>

#include "kern_ops.h"

struct nl_msg;

/* "ip -6 neigh add proxy addr dev ifindex"; journalled before install.  0 or -errno. */
static inline int
kern_neigh_proxy_add(int ifindex, const struct in6_addr *addr)
{
	return kern_ops->neigh_proxy_add(ifindex, addr);
}

static inline int
kern_neigh_proxy_del(int ifindex, const struct in6_addr *addr)
{
	return kern_ops->neigh_proxy_del(ifindex, addr);
}

/* Builder (cmd RTM_NEWNEIGH or RTM_DELNEIGH), for tests. */
int	kern_neigh_proxy_build(int cmd, int ifindex, const struct in6_addr *addr,
	    struct nl_msg **msg);

/* For probe.c */
void	kern_neigh_forget_all(int remove);
void	kern_neigh_remove_key(const void *key, size_t keylen);
void	kern_neigh_resync(void);

#endif
