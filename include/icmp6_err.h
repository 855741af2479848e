/* icmp6_err.h - what an ICMPv6 error message says about the packet that caused it (RFC 4443
 * 2.4: as much of the invoking packet as fits), for the mobile node's reaction to errors about
 * its return routability and Binding Updates (RFC 6275 11.3.5). */
#ifndef MIP6D_ICMP6_ERR_H
#define MIP6D_ICMP6_ERR_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct icmp6_err {
	uint8_t		 type;		/* 1 destination unreachable, 4 parameter problem */
	uint8_t		 code;
	uint32_t	 pointer;	/* parameter problem: offset in the invoking packet */
	struct in6_addr	 src, dst;	/* of the invoking packet */
	int		 has_hao;
	struct in6_addr	 hao;		/* its Home Address option */
	int		 mh_type;	/* its Mobility Header's type; -1 when none was seen */
};

/*
 * Decode an ICMPv6 destination unreachable or parameter problem message (from its type field
 * on, as a raw ICMPv6 socket gives it).  The invoking packet's headers are walked only as far
 * as they were returned.  0, or -1 when it is not such a message or too short to name the
 * invoking packet's addresses.
 */
int	icmp6_err_parse(const uint8_t *buf, size_t len, struct icmp6_err *out);

#endif
