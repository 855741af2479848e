/* nd.h - the Neighbour Discovery a Mobile IPv6 node does itself: DAD on behalf of a home address
 * and unsolicited Neighbour Advertisements (RFC 6275 10.4.1, 11.5.5, RFC 4862 5.4) */
#ifndef MIP6D_ND_H
#define MIP6D_ND_H

#include <netinet/in.h>

#define ND_DAD_TIMEOUT_MS	1000	/* RetransTimer with DupAddrDetectTransmits 1 */

/* ok: 1 when nobody defended the address, 0 when someone did. */
typedef void (*nd_dad_fn)(const struct in6_addr *addr, int ifindex, int ok, void *arg);

int	nd_open(void);
void	nd_close(void);
/* Probe addr on ifindex; fn is called once, from the loop, after at most ND_DAD_TIMEOUT_MS. */
int	nd_dad_start(int ifindex, const struct in6_addr *addr, nd_dad_fn fn, void *arg);
/* Forget a probe in progress (fn is not called). */
void	nd_dad_cancel(int ifindex, const struct in6_addr *addr);
/* Unsolicited NA to all-nodes, Override set, with this interface's link-layer address. */
int	nd_send_unsolicited_na(int ifindex, const struct in6_addr *target, int router);
/* The solicited-node multicast address of a (RFC 4291 2.7.1). */
void	nd_solicited_node(const struct in6_addr *a, struct in6_addr *out);

#endif
