/* mh_io.h - Mobility Header messages in and out: validation, dispatch to the roles, counters,
 * and the senders every role shares (BA, BE) */
#ifndef MIP6D_MH_IO_H
#define MIP6D_MH_IO_H

#include <netinet/in.h>
#include <stdint.h>

#include "mh.h"
#include "mh_sock.h"

/* A role's handler for one message type; m points into rx->buf. */
typedef void (*mh_io_handler)(const struct mh_msg *m, const struct mh_rx *rx, void *arg);

/* Open the Mobility Header socket and start dispatching. */
int	mh_io_start(void);
void	mh_io_stop(void);
/*
 * Claim a message type.  Binding Updates are split by the H flag: MH_IO_BU_HOME and
 * MH_IO_BU_CORR.  Types nobody claims draw a Binding Error status 2 (RFC 6275 9.2).
 */
#define MH_IO_BU_HOME	0x100
#define MH_IO_BU_CORR	0x101
void	mh_io_register(unsigned int type, mh_io_handler fn, void *arg);
void	mh_io_unregister_all(void);
/* begin and end of the messages of one read of the socket (one role: the home agent) */
void	mh_io_set_burst(void (*begin)(void), void (*end)(void));

/* Validate, count and dispatch one received message (the socket calls this; so do tests). */
void	mh_io_input(const struct mh_rx *rx);

/*
 * Build and send a message with the checksum for (src, dst); with hao, src is the care-of
 * address and *hao the home address; with rt2_coa, dst is the home address reached through
 * the care-of address.  Counts "tx.<type>".  0, or -1.
 */
int	mh_io_send(const struct mh_msg *m, const struct in6_addr *src,
	    const struct in6_addr *dst, const struct in6_addr *hao,
	    const struct in6_addr *rt2_coa);
/* The same for a message already built (with Binding Authorization Data filled in). */
int	mh_io_send_raw(uint8_t *buf, size_t len, uint8_t type, const struct in6_addr *src,
	    const struct in6_addr *dst, const struct in6_addr *hao,
	    const struct in6_addr *rt2_coa);

/*
 * Binding Error (RFC 6275 9.3.3, 9.2): to the source of the offending packet (its care-of
 * address), from the address it was sent to; hoa is the home address it carried, if any.
 * Rate limited (RFC 6275 9.3.3): one token bucket for all destinations, 10 a second with a
 * burst of 10 (mh_io.c); one over the limit is not sent (drop.be-rate-limited).
 */
int	mh_io_send_be(uint8_t status, const struct in6_addr *to, const struct in6_addr *from,
	    const struct in6_addr *hoa);

/*
 * Binding Acknowledgement for a BU received in rx (RFC 6275 9.5.4): from the address the BU
 * was sent to, to the home address, through a type 2 routing header to the address the BU
 * came from when that is not the home address.  coa is the binding's care-of address (an
 * Alternate Care-of Address, if the BU had one), covered by the authenticator; NULL: the
 * source.  Lifetimes in seconds.
 */
int	mh_io_send_ba(const struct mh_rx *rx, const struct in6_addr *coa, uint8_t status,
	    uint8_t flags, uint16_t seq, uint32_t lifetime_s, uint32_t refresh_s);
/* The same with Binding Authorization Data computed with kbm (RFC 6275 5.2.6, 9.5.4). */
int	mh_io_send_ba_auth(const struct mh_rx *rx, const struct in6_addr *coa, uint8_t status,
	    uint16_t seq, uint32_t lifetime_s, uint32_t refresh_s, const uint8_t *kbm);
/* Reject a BU with status (RFC 6275 9.5.1: a BA even when A is clear). */
void	mh_io_reject_bu(const struct mh_msg *bu, const struct mh_rx *rx, uint8_t status);

#endif
