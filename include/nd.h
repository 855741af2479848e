/* nd.h - the Neighbour Discovery a Mobile IPv6 node does itself: DAD on behalf of a home address
 * and unsolicited Neighbour Advertisements (RFC 6275 10.4.1, 11.5.5, RFC 4862 5.4) */
#ifndef MIP6D_ND_H
#define MIP6D_ND_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "nd_msg.h"	/* nd_solicited_node */
#include "net_ops.h"

#define ND_DAD_TIMEOUT_MS	1000	/* RetransTimer with DupAddrDetectTransmits 1 */
#define ND_DAD_RETRY_MS		100	/* a probe the kernel would not send: try again after */
#define ND_DAD_SEND_TRIES	4	/* ... this many times in all, then the probe fails */
/*
 * Solicited-node groups joined at once for probes (RFC 4862 5.4.2).  Each costs socket option
 * memory (net.core.optmem_max, 20 KiB by default, holds about 360), and a group is left when
 * its last probe ends.  Past this many, probes go out without joining: the packet socket that
 * hears answers does not depend on the joins, only MLD-snooping switches do.
 */
#define ND_DAD_MAX_JOINS	256

/* The outcome of a probe. */
#define ND_DAD_DUPLICATE	0	/* someone defended the address (RFC 4862 5.4.3, 5.4.4) */
#define ND_DAD_FREE		1	/* the probe went out and nobody answered */
#define ND_DAD_UNSENT		(-1)	/* the probe could not be sent: nothing is known */

typedef void (*nd_dad_fn)(const struct in6_addr *addr, int ifindex, int result, void *arg);

static inline int
nd_open(void)
{
	return net_ops->nd_open();
}

static inline void
nd_close(void)
{
	net_ops->nd_close();
}

/* Probe addr on ifindex; fn is called once, from the loop, with ND_DAD_*. */
static inline int
nd_dad_start(int ifindex, const struct in6_addr *addr, nd_dad_fn fn, void *arg)
{
	return net_ops->nd_dad_start(ifindex, addr, fn, arg);
}

/* Forget a probe in progress (fn is not called): its arg, for the caller to release, or
 * NULL when no probe of addr was in progress. */
static inline void *
nd_dad_cancel(int ifindex, const struct in6_addr *addr)
{
	return net_ops->nd_dad_cancel(ifindex, addr);
}

/* Unsolicited NA to all-nodes, Override set, with this interface's link-layer address. */
static inline int
nd_send_unsolicited_na(int ifindex, const struct in6_addr *target, int router)
{
	return net_ops->nd_send_unsolicited_na(ifindex, target, router);
}

/*
 * The home agent's ND proxy (nd-proxy = mip6d, RFC 6275 10.4.1): answer the Neighbour
 * Solicitations heard on ifindex whose target fn says this node answers for (1), with the
 * link's own link-layer address.  Each call adds a link; fn and arg are the last call's.
 */
typedef int (*nd_proxy_fn)(int ifindex, const struct in6_addr *target, void *arg);

static inline int
nd_proxy_start(int ifindex, nd_proxy_fn fn, void *arg)
{
	return net_ops->nd_proxy_start != NULL ? net_ops->nd_proxy_start(ifindex, fn, arg) : 0;
}

/*
 * A home address the proxy answers for on ifindex now (in_use 1), or no longer (0): its
 * solicited-node group is reported to the link's MLD snoopers at its first and its last
 * home address (RFC 3810 TO_EXCLUDE, TO_INCLUDE records, a burst's in one report).
 */
static inline void
nd_proxy_report(int ifindex, const struct in6_addr *addr, int in_use)
{
	if (net_ops->nd_proxy_report != NULL)
		net_ops->nd_proxy_report(ifindex, addr, in_use);
}

/* No more answers, on any link (the reports still held leave first). */
static inline void
nd_proxy_stop(void)
{
	if (net_ops->nd_proxy_stop != NULL)
		net_ops->nd_proxy_stop();
}

/*
 * The seam under DAD and the proxy, for unit tests: sending a whole IPv6 packet, joining and
 * leaving a group, sending a whole IPv6 packet to a link-layer address, a link's own
 * link-layer and link-local addresses.  Each returns 0 or -errno (-1 for link_addrs).  NULL
 * puts the sockets back; a NULL send_ll or link_addrs is the sockets' own.
 */
struct nd_ops {
	int	(*send)(int ifindex, const struct in6_addr *dst, const uint8_t *pkt, size_t len);
	int	(*join)(int ifindex, const struct in6_addr *group);
	int	(*leave)(int ifindex, const struct in6_addr *group);
	int	(*send_ll)(int ifindex, const uint8_t mac[6], const uint8_t *pkt, size_t len);
	int	(*link_addrs)(int ifindex, uint8_t mac[6], struct in6_addr *ll);
};
/* Through the seam: the proxy's sending, and the addresses it answers with (nd_proxy.c). */
int	nd_send_ll(int ifindex, const uint8_t mac[6], const uint8_t *pkt, size_t len);
int	nd_link_addrs(int ifindex, uint8_t mac[6], struct in6_addr *ll);
/* The same, kept for a second: ll NULL asks for the link-layer address alone; -1 when it
 * (or a link-local address, when ll is asked for) is missing. */
int	nd_link_own(int ifindex, uint8_t mac[6], struct in6_addr *ll);
int	nd_link_addrs_real(int ifindex, uint8_t mac[6], struct in6_addr *ll);
/* ALLMULTI on ifindex for the packet socket: 0, or -1 past its limit of links. */
int	nd_allmulti(int ifindex);
/* A frame heard on ifindex from frame_src, for the proxy (what the packet socket's reader
 * does with each, after nd_input). */
void	nd_proxy_input(int ifindex, const uint8_t frame_src[6], const uint8_t *pkt, size_t len);
/* The proxy's reports held with the NAs of a burst (nd_tx_hold, nd_tx_flush). */
void	nd_proxy_tx_hold(void);
void	nd_proxy_tx_flush(void);
/* Solicited-node groups the proxy reports, on all its links. */
unsigned int nd_proxy_groups(void);
/* The Unsolicited Report Interval within which a state change is sent again (RFC 3810 9.11:
 * 1 s; 0 puts it back); tests shorten it. */
void	nd_proxy_set_unsolicited_ms(unsigned int ms);
void	nd_set_ops(const struct nd_ops *ops);
/* A packet heard on ifindex (what the packet socket's reader does with each). */
void	nd_input(int ifindex, const uint8_t *pkt, size_t len);
/* Hold the unsolicited NAs until nd_tx_flush, which sends them in one sendmmsg; closing
 * flushes too (net_tx_hold, net_ops.h). */
void	nd_tx_hold(void);
void	nd_tx_flush(void);
/* Probes running, and solicited-node groups joined for them. */
unsigned int nd_dad_running(void);
unsigned int nd_dad_joined(void);
/* Shorter timers, for tests. */
void	nd_set_timers(unsigned int timeout_ms, unsigned int retry_ms);

#endif
