/* util.h - small helpers for IPv6 addresses and strings */
#ifndef MIP6D_UTIL_H
#define MIP6D_UTIL_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Text form of an address; rotates through a few static buffers so that several fit in one
 * log line. */
const char *addr_str(const struct in6_addr *a);
/* "ADDR" -> 0, or -1 */
int	addr_parse(const char *s, struct in6_addr *a);
/* "ADDR/PLEN" -> 0, or -1 (plen 0..128; plen_required: a bare address is refused) */
int	prefix_parse(const char *s, struct in6_addr *a, int *plen, int plen_required);
/* Whether a lies inside prefix/plen. */
int	prefix_match(const struct in6_addr *a, const struct in6_addr *prefix, int plen);
int	addr_is_linklocal(const struct in6_addr *a);
int	addr_is_multicast(const struct in6_addr *a);
int	addr_is_unspecified(const struct in6_addr *a);
int	addr_eq(const struct in6_addr *a, const struct in6_addr *b);

#endif
