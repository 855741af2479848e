/* mpa_rexmit.h - when a home agent retransmits an unsolicited Mobile Prefix Advertisement
 * (RFC 6275 10.6.2, 12): plain data per binding and one decision function, no timers.  The
 * caller (roles/ha_disc.c) keeps one of these per home registration it advertised to, asks
 * mpa_rexmit_step when the time it names comes, and sends what it is told to. */
#ifndef MIP6D_MPA_REXMIT_H
#define MIP6D_MPA_REXMIT_H

#include <stdint.h>

/* RFC 6275 12 */
#define PREFIX_ADV_TIMEOUT_MS	3000	/* PREFIX_ADV_TIMEOUT: before the first retransmission */
#define PREFIX_ADV_RETRIES	3	/* PREFIX_ADV_RETRIES: retransmissions at most */

struct mpa_rexmit {
	uint64_t	next_ms;	/* when to retransmit; 0: nothing outstanding */
	uint32_t	wait_ms;	/* the wait that led to next_ms (doubles each time) */
	uint16_t	id;		/* the advertisement's identifier, kept by retransmissions */
	uint8_t		retries;	/* retransmissions sent so far */
};

enum mpa_rexmit_do {
	MPA_REXMIT_IDLE,	/* nothing outstanding */
	MPA_REXMIT_WAIT,	/* not yet: come back at next_ms */
	MPA_REXMIT_SEND,	/* retransmit now (retries counts it); next_ms says when next */
	MPA_REXMIT_LAST,	/* retransmit now, the last time: nothing outstanding after it */
	MPA_REXMIT_EXPIRED,	/* the binding expired first: no more (RFC 6275 10.6.2) */
};

/* An unsolicited advertisement with identifier id was just sent at now: wait
 * PREFIX_ADV_TIMEOUT for its acknowledgement.  A new one replaces an outstanding one (its
 * count starts again). */
void	mpa_rexmit_start(struct mpa_rexmit *r, uint16_t id, uint64_t now_ms);

/* A Mobile Prefix Solicitation came from the mobile node: the advertisement is
 * acknowledged, nothing more to send. */
void	mpa_rexmit_ack(struct mpa_rexmit *r);

/* The decision at now for a binding that expires at expiry_ms (0: never). */
enum mpa_rexmit_do mpa_rexmit_step(struct mpa_rexmit *r, uint64_t now_ms, uint64_t expiry_ms);

/* Whether an advertisement is outstanding. */
int	mpa_rexmit_pending(const struct mpa_rexmit *r);

#endif
