/* keyhash.h - SipHash-1-3 with a per-process random key, for hash tables whose keys come from
 * the network (a peer must not be able to choose colliding addresses). */
#ifndef MIP6D_KEYHASH_H
#define MIP6D_KEYHASH_H

#include <netinet/in.h>
#include <stdint.h>

struct keyhash_key {
	uint64_t	k0, k1;
};

/* A fresh random key (getrandom); falls back to time and address entropy only if the
 * kernel's generator fails, which it does not once booted. */
void	keyhash_seed(struct keyhash_key *k);
/* SipHash-1-3 of one address, and of two. */
uint64_t keyhash_addr(const struct keyhash_key *k, const struct in6_addr *a);
uint64_t keyhash_addr2(const struct keyhash_key *k, const struct in6_addr *a,
	    const struct in6_addr *b);

#endif
