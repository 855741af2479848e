/* mpa_rexmit.c - the retransmission of an unsolicited Mobile Prefix Advertisement until the
 * mobile node acknowledges it (RFC 6275 10.6.2): plain data, the caller owns the clock */
#include <string.h>

#include "mpa_rexmit.h"

void
mpa_rexmit_start(struct mpa_rexmit *r, uint16_t id, uint64_t now_ms)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	/* RFC 6275 10.6.2: PREFIX_ADV_TIMEOUT before the first retransmission */
	r->wait_ms = PREFIX_ADV_TIMEOUT_MS;
	r->next_ms = now_ms + r->wait_ms;
	if (r->next_ms == 0)
		r->next_ms = 1;
}

void
mpa_rexmit_ack(struct mpa_rexmit *r)
{
	r->next_ms = 0;
}

int
mpa_rexmit_pending(const struct mpa_rexmit *r)
{
	return r->next_ms != 0;
}

enum mpa_rexmit_do
mpa_rexmit_step(struct mpa_rexmit *r, uint64_t now_ms, uint64_t expiry_ms)
{
	if (r->next_ms == 0)
		return MPA_REXMIT_IDLE;
	/*
	 * RFC 6275 10.6.2: when the mobile node's binding expires before it answered, no more
	 * retransmissions, even if not all PREFIX_ADV_RETRIES were sent.
	 */
	if (expiry_ms != 0 && expiry_ms <= now_ms) {
		r->next_ms = 0;
		return MPA_REXMIT_EXPIRED;
	}
	if (now_ms < r->next_ms)
		return MPA_REXMIT_WAIT;
	/* the wait doubles for every succeeding retransmission, PREFIX_ADV_RETRIES at most */
	r->retries++;
	if (r->retries >= PREFIX_ADV_RETRIES) {
		r->next_ms = 0;
		return MPA_REXMIT_LAST;
	}
	r->wait_ms *= 2;
	r->next_ms = now_ms + r->wait_ms;
	return MPA_REXMIT_SEND;
}
