/* icmp6_sock.h - raw ICMPv6 sockets for the Mobile IPv6 messages (DHAAD, mobile prefix
 * discovery) and the Router Advertisements a home agent reads: one socket per user, each
 * filtered to the types it asks for */
#ifndef MIP6D_ICMP6_SOCK_H
#define MIP6D_ICMP6_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "mh_sock.h"	/* struct mh_rx, struct mh_tx: the same ancillary data */

struct icmp6_sock;

/* rx->buf holds the ICMPv6 message (checksum already verified by the kernel). */
typedef void (*icmp6_sock_fn)(const struct mh_rx *rx, void *arg);

/* A socket passing only the ntypes types; NULL on failure (logged). */
struct icmp6_sock *icmp6_sock_open(const uint8_t *types, size_t ntypes, icmp6_sock_fn fn,
	    void *arg);
void	icmp6_sock_close(struct icmp6_sock *s);
/* Receive what is sent to the anycast address addr on ifindex, as long as s is open
 * (IPV6_JOIN_ANYCAST).  0, or -1 with errno. */
int	icmp6_sock_join_anycast(struct icmp6_sock *s, int ifindex, const struct in6_addr *addr);
int	icmp6_sock_leave_anycast(struct icmp6_sock *s, int ifindex, const struct in6_addr *addr);
/* Send tx (the kernel computes the ICMPv6 checksum).  0, or -1 with errno. */
int	icmp6_sock_send(struct icmp6_sock *s, const struct mh_tx *tx);

/* The Mobile IPv6 Home-Agents anycast address of a home prefix (RFC 2526, RFC 6275 10.5):
 * the prefix with the interface identifier fdff:ffff:ffff:fffe (64-bit prefixes), or the
 * prefix followed by ones and the anycast ID 0x7e. */
void	icmp6_ha_anycast(const struct in6_addr *prefix, int plen, struct in6_addr *out);

#endif
