/* mh_sock.h - the Mobility Header socket: receive with ancillary data, send with HAO or RT2 */
#ifndef MIP6D_MH_SOCK_H
#define MIP6D_MH_SOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "net_ops.h"

#define MH_SOCK_MAXLEN	2048

/* One received Mobility Header message and where it came from. */
struct mh_rx {
	uint8_t		 buf[MH_SOCK_MAXLEN];
	size_t		 len;
	/*
	 * Addresses as the Mobility Header checksum and the RFC see them: when the packet carried
	 * a Home Address option the kernel has already swapped it, so src is the home address and
	 * coa the address the packet really came from (RFC 6275 9.3.1).
	 */
	struct in6_addr	 src;
	struct in6_addr	 dst;
	struct in6_addr	 coa;		/* valid when has_hao */
	struct in6_addr	 rt2_addr;	/* valid when has_rt2: the care-of address it went to */
	int		 has_hao;
	int		 has_rt2;
	int		 ifindex;
	int		 hoplimit;
};

/*
 * What to send.  src may be unspecified (the kernel chooses).  With hao, src is the care-of
 * address and *hao the home address carried in the option.  With rt2_coa, dst is the home
 * address (the final destination) and the packet goes to *rt2_coa with dst in a type 2
 * routing header, which is how Linux reads IPV6_RTHDR ancillary data.
 */
struct mh_tx {
	const uint8_t		*buf;
	size_t			 len;
	struct in6_addr		 src;
	struct in6_addr		 dst;
	const struct in6_addr	*hao;
	const struct in6_addr	*rt2_coa;
	int			 ifindex;
};

typedef void (*mh_sock_rx_fn)(const struct mh_rx *rx, void *arg);

static inline int
mh_sock_open(mh_sock_rx_fn fn, void *arg)
{
	return net_ops->mh_sock_open(fn, arg);
}

/*
 * Called with 0 before the messages of one readable event (at most 64) are handed over, and
 * with 1 after the last: what they ask of the kernel can leave together.
 */
typedef void (*mh_sock_burst_fn)(int end);
void	mh_sock_set_burst(mh_sock_burst_fn fn);
static inline void
mh_sock_close(void)
{
	net_ops->mh_sock_close();
}

/* 0, or -1 with errno; the checksum in tx->buf must already be right. */
static inline int
mh_send(const struct mh_tx *tx)
{
	return net_ops->mh_send(tx);
}

/* The same on another raw IPv6 socket (the ICMPv6 one). */
int	mh_sock_sendmsg(int fd, const struct mh_tx *tx);
/* Hold what mh_send_real sends until mh_sock_tx_flush, which sends it in one sendmmsg (a
 * burst's BAs); the socket's close flushes too.  (net_tx_hold in net_ops.h holds both
 * sockets of the home agent's bursts.) */
void	mh_sock_tx_hold(void);
void	mh_sock_tx_flush(void);

/* Ancillary data helpers, shared with the tests: fill rx from a received msghdr. */
struct msghdr;
void	mh_rx_parse_cmsgs(struct mh_rx *rx, struct msghdr *msg);

#endif
