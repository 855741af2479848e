/* mnp.h - what makes a Mobile Network Prefix acceptable (RFC 3963), shared by the
 * configuration checks and the home agent's verdict on the Mobile Network Prefix option */
#ifndef MIP6D_MNP_H
#define MIP6D_MNP_H

#include <netinet/in.h>

/* Most prefixes one mobile router may hold (configuration, binding cache). */
#define MNP_MAX		16

/*
 * Why prefix/plen cannot be a mobile network prefix, or NULL when it can: a length of 1 to
 * 128, no bit set beyond the length, and a prefix that can be routed to a mobile network
 * (not unspecified, loopback, IPv4-mapped, link-local or multicast: RFC 4291 2.4, 2.5).
 * The home agent answers such a prefix with status 141, Invalid Prefix (RFC 3963 6.6).
 */
const char *mnp_problem(const struct in6_addr *prefix, int plen);

/* Whether a/alen lies inside b/blen (alen >= blen and the first blen bits agree). */
int	mnp_within(const struct in6_addr *a, int alen, const struct in6_addr *b, int blen);
/* Whether the two prefixes share an address. */
int	mnp_overlap(const struct in6_addr *a, int alen, const struct in6_addr *b, int blen);

#endif
