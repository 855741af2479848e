/* kern_addr.h - addresses: the MN's home address (RFC 6275 11.5.4), with flags and lifetimes */
#ifndef MIP6D_KERN_ADDR_H
#define MIP6D_KERN_ADDR_H

#include <netinet/in.h>
#include <stdint.h>

#include "kern_ops.h"

struct nl_msg;

#define KERN_ADDR_HOME		0x01	/* IFA_F_HOMEADDRESS: preferred source for home traffic */
#define KERN_ADDR_NODAD		0x02	/* IFA_F_NODAD */
/*
 * IFA_F_NOPREFIXROUTE: no on-link route for the prefix (a home address away from home).
 * Without it the kernel keeps the prefix route of an address with finite lifetimes after
 * the address is deleted, until it expires.
 */
#define KERN_ADDR_NOPREFIXROUTE	0x04
#define KERN_ADDR_LIFE_INF	0xffffffffu

/*
 * Add or replace (lifetimes refreshed) addr/plen on ifindex; journalled before install.
 * Lifetimes in seconds, KERN_ADDR_LIFE_INF forever.  0 or -errno.
 */
static inline int
kern_addr_add(int ifindex, const struct in6_addr *addr, int plen, unsigned int flags,
    uint32_t valid, uint32_t preferred)
{
	return kern_ops->addr_add(ifindex, addr, plen, flags, valid, preferred);
}

static inline int
kern_addr_del(int ifindex, const struct in6_addr *addr, int plen)
{
	return kern_ops->addr_del(ifindex, addr, plen);
}

int	kern_addr_build(int cmd, int ifindex, const struct in6_addr *addr, int plen,
	    unsigned int flags, uint32_t valid, uint32_t preferred, struct nl_msg **msg);

/* For probe.c */
void	kern_addr_forget_all(int remove);
void	kern_addr_remove_key(const void *key, size_t keylen);
void	kern_addr_resync(void);

#endif
