/* ra_sock.h - Router Advertisements (and the ICMPv6 errors route optimization hears) as they
 * arrive, for the mobile node's movement detection */
#ifndef MIP6D_RA_SOCK_H
#define MIP6D_RA_SOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Router Advertisements: a raw ICMPv6 socket filtered to type 134, delivering each one with
 * its arrival interface, source and hop limit (RFC 4861 6.1.2: must be 255; the parser
 * checks).  One consumer.  ICMPv6 destination unreachable and parameter problem messages
 * come the same way (buf[0] says which).  0 or -1.
 */
typedef void (*ra_sock_cb)(int ifindex, const struct in6_addr *src, int hoplimit,
    const uint8_t *buf, size_t len, void *arg);
int	ra_sock_open(ra_sock_cb cb, void *arg);
void	ra_sock_close(void);
/* Read one datagram from fd and deliver it (the loop callback; also for tests). */
void	ra_sock_read(int fd);

#endif
