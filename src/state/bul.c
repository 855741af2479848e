/* bul.c - the binding update list and its state machine (RFC 6275 11.1, 11.6-11.8) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bul.h"
#include "keyhash.h"
#include "loop.h"
#include "stats.h"

struct bul {
	struct bul_entry **bucket;
	uint32_t	 mask;
	uint32_t	 count;
	struct keyhash_key key;
	rr_rand_fn	 rnd;
	bul_timer_cb	 cb;
	void		*cb_arg;
	int		 on_loop;
	/* RFC 6275 13: configurable; the RFC's values by default */
	uint32_t	 first_reg_ms;
	uint32_t	 initial_ms;
	uint32_t	 max_ms;
};

static int
rehash(struct bul *bl, uint32_t nbuckets)
{
	struct bul_entry **nb, *e, *next;
	uint32_t	 i, b;

	if ((nb = calloc(nbuckets, sizeof(*nb))) == NULL)
		return -1;
	for (i = 0; bl->bucket != NULL && i <= bl->mask; i++)
		for (e = bl->bucket[i]; e != NULL; e = next) {
			next = e->bl_next;
			b = (uint32_t)keyhash_addr2(&bl->key, &e->hoa, &e->peer) & (nbuckets - 1);
			e->bl_next = nb[b];
			nb[b] = e;
		}
	free(bl->bucket);
	bl->bucket = nb;
	bl->mask = nbuckets - 1;
	return 0;
}

struct bul *
bul_new(rr_rand_fn rnd)
{
	struct bul	*bl;

	if ((bl = calloc(1, sizeof(*bl))) == NULL)
		return NULL;
	keyhash_seed(&bl->key);
	bl->rnd = rnd != NULL ? rnd : rr_random;
	bl->first_reg_ms = BUL_INITIAL_BINDACK_TIMEOUT_FIRSTREG_MS;
	bl->initial_ms = BUL_INITIAL_BINDACK_TIMEOUT_MS;
	bl->max_ms = BUL_MAX_BINDACK_TIMEOUT_MS;
	if (rehash(bl, 16) == -1) {
		free(bl);
		return NULL;
	}
	return bl;
}

void
bul_set_timeouts(struct bul *bl, uint32_t first_reg_ms, uint32_t initial_ms, uint32_t max_ms)
{
	if (first_reg_ms > 0)
		bl->first_reg_ms = first_reg_ms;
	if (initial_ms > 0)
		bl->initial_ms = initial_ms;
	if (max_ms > 0)
		bl->max_ms = max_ms;
}

static void
entry_free(struct bul_entry *e)
{
	if (e->bl_timer != NULL)
		loop_timer_free(e->bl_timer);
	memset(e->hot.token, 0, sizeof(e->hot.token));
	memset(e->cot.token, 0, sizeof(e->cot.token));
	free(e);
}

void
bul_free(struct bul *bl)
{
	struct bul_entry *e, *next;
	uint32_t	 i;

	if (bl == NULL)
		return;
	for (i = 0; i <= bl->mask; i++)
		for (e = bl->bucket[i]; e != NULL; e = next) {
			next = e->bl_next;
			entry_free(e);
		}
	free(bl->bucket);
	free(bl);
}

uint32_t
bul_count(const struct bul *bl)
{
	return bl->count;
}

static struct bul_entry **
bucket_of(struct bul *bl, const struct in6_addr *hoa, const struct in6_addr *peer)
{
	return &bl->bucket[(uint32_t)keyhash_addr2(&bl->key, hoa, peer) & bl->mask];
}

struct bul_entry *
bul_lookup(struct bul *bl, const struct in6_addr *hoa, const struct in6_addr *peer)
{
	struct bul_entry *e;

	for (e = *bucket_of(bl, hoa, peer); e != NULL; e = e->bl_next)
		if (memcmp(&e->hoa, hoa, sizeof(*hoa)) == 0 &&
		    memcmp(&e->peer, peer, sizeof(*peer)) == 0)
			return e;
	return NULL;
}

struct bul_entry *
bul_add(struct bul *bl, const struct in6_addr *hoa, const struct in6_addr *peer,
    uint16_t flags)
{
	struct bul_entry *e, **b;

	if (bul_lookup(bl, hoa, peer) != NULL) {
		errno = EEXIST;
		return NULL;
	}
	if (bl->count + 1 > bl->mask + 1 && rehash(bl, (bl->mask + 1) * 2) == -1)
		return NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->hoa = *hoa;
	e->peer = *peer;
	e->coa = *hoa;
	e->flags = flags;
	e->state = BUL_IDLE;
	e->bl_owner = bl;
	/* RFC 6275 11.7.1 leaves the first sequence number open: start anywhere */
	(void)bl->rnd((uint8_t *)&e->seq, sizeof(e->seq));
	b = bucket_of(bl, hoa, peer);
	e->bl_next = *b;
	*b = e;
	bl->count++;
	return e;
}

void
bul_del(struct bul *bl, struct bul_entry *e)
{
	struct bul_entry **pp = bucket_of(bl, &e->hoa, &e->peer);

	while (*pp != NULL && *pp != e)
		pp = &(*pp)->bl_next;
	if (*pp == NULL)
		return;
	*pp = e->bl_next;
	bl->count--;
	entry_free(e);
}

void
bul_foreach(struct bul *bl, void (*f)(struct bul_entry *e, void *arg), void *arg)
{
	struct bul_entry *e, *next;
	uint32_t	 i;

	for (i = 0; i <= bl->mask; i++)
		for (e = bl->bucket[i]; e != NULL; e = next) {
			next = e->bl_next;
			f(e, arg);
		}
}

const char *
bul_state_name(enum bul_state s)
{
	switch (s) {
	case BUL_IDLE:
		return "idle";
	case BUL_RR:
		return "return-routability";
	case BUL_WAIT_BA:
		return "waiting-ba";
	case BUL_REGISTERED:
		return "registered";
	case BUL_WAIT_DEREG:
		return "deregistering";
	}
	return "?";
}

/* ---- state machine ---- */

static int
dereg(const struct bul_entry *e)
{
	return e->lifetime_req_s == 0;
}

static int
token_valid(const struct bul_rr_test *t, uint64_t now_ms)
{
	/* RFC 6275 5.2.7: MAX_TOKEN_LIFETIME from receipt */
	return t->token_ms != 0 && now_ms - t->token_ms < RR_MAX_TOKEN_LIFETIME_MS;
}

int
bul_tokens_valid(const struct bul_entry *e, uint64_t now_ms)
{
	if (!token_valid(&e->hot, now_ms))
		return 0;
	if (dereg(e))
		return 1;
	return token_valid(&e->cot, now_ms) &&
	    memcmp(&e->cot.addr, &e->coa, sizeof(e->coa)) == 0;
}

int
bul_kbm(const struct bul_entry *e, uint8_t kbm[RR_KBM_LEN])
{
	return rr_kbm(e->hot.token, dereg(e) ? NULL : e->cot.token, kbm);
}

/* Send the BU for the entry's current CoA and lifetime: a new sequence number each time
 * (RFC 6275 9.5.1 would refuse a repeated one), timers per 11.8. */
static unsigned
send_bu(struct bul_entry *e, uint64_t now_ms, int retransmit)
{
	e->seq++;
	e->n_bu++;
	if (!retransmit) {
		e->seq_first = e->seq;
		e->bu_sent_ms = now_ms;
		/* RFC 6275 11.8: a first home registration allows for DAD at the HA */
		e->retx_timeout_ms = ((e->flags & BUL_F_HOME) && !e->bound) ?
		    e->bl_owner->first_reg_ms : e->bl_owner->initial_ms;
	} else {
		e->n_retx++;
		stats_inc((e->flags & BUL_F_HOME) ? "retx.bu-home" : "retx.bu-correspondent");
	}

	if (!(e->flags & BUL_F_ACK)) {
		/* no BA will come: the binding stands as sent */
		e->retx_at_ms = 0;
		if (dereg(e)) {
			e->state = BUL_IDLE;
			e->bound = 0;
			e->refresh_at_ms = 0;
			return BUL_ACT_SEND_BU | BUL_ACT_DEREGISTERED;
		}
		e->state = BUL_REGISTERED;
		e->bound = 1;
		e->lifetime_s = e->lifetime_req_s;
		e->expiry_ms = now_ms + (uint64_t)e->lifetime_s * 1000;
		e->refresh_at_ms = now_ms + (uint64_t)e->lifetime_s * BUL_REFRESH_PERMILLE;
		return BUL_ACT_SEND_BU | BUL_ACT_REGISTERED;
	}
	e->state = dereg(e) ? BUL_WAIT_DEREG : BUL_WAIT_BA;
	e->retx_at_ms = now_ms + e->retx_timeout_ms;
	return BUL_ACT_SEND_BU;
}

/* Start (or keep) a HoTI or CoTI exchange. */
static unsigned
start_test(struct bul *bl, struct bul_entry *e, struct bul_rr_test *t, int careof,
    uint64_t now_ms)
{
	const struct in6_addr *a = careof ? &e->coa : &e->hoa;

	if (t->retx_at_ms != 0 && memcmp(&t->addr, a, sizeof(*a)) == 0)
		return 0;		/* already under way for this address */
	t->addr = *a;
	t->token_ms = 0;
	if (bl->rnd(t->cookie, sizeof(t->cookie)) == -1)
		return 0;
	t->timeout_ms = e->bl_owner->initial_ms;	/* RFC 6275 11.8 */
	t->retx_at_ms = now_ms + t->timeout_ms;
	t->n_sent = 1;
	if (careof) {
		e->n_coti++;
		return BUL_ACT_SEND_COTI;
	}
	e->n_hoti++;
	return BUL_ACT_SEND_HOTI;
}

/* Register (or refresh, or de-register) with what the entry holds now: directly for a home
 * agent, after return routability for a correspondent (RFC 6275 11.7.2). */
static unsigned
bul_bind(struct bul *bl, struct bul_entry *e, uint64_t now_ms)
{
	unsigned	 act = 0;

	e->n_resync = 0;
	if ((e->flags & BUL_F_HOME) || bul_tokens_valid(e, now_ms)) {
		e->hot.retx_at_ms = e->cot.retx_at_ms = 0;
		return send_bu(e, now_ms, 0);
	}
	/* a BU in flight for an older CoA or lifetime is superseded */
	e->retx_at_ms = 0;
	e->state = BUL_RR;
	if (!token_valid(&e->hot, now_ms))
		act |= start_test(bl, e, &e->hot, 0, now_ms);
	if (!dereg(e)) {
		if (!token_valid(&e->cot, now_ms) ||
		    memcmp(&e->cot.addr, &e->coa, sizeof(e->coa)) != 0)
			act |= start_test(bl, e, &e->cot, 1, now_ms);
	} else
		e->cot.retx_at_ms = 0;	/* 5.2.5: de-registration needs the home token only */
	return act;
}

static unsigned
give_up(struct bul_entry *e)
{
	e->state = BUL_IDLE;
	e->retx_at_ms = 0;
	e->hot.retx_at_ms = e->cot.retx_at_ms = 0;
	e->refresh_at_ms = 0;
	e->n_fail++;
	return BUL_ACT_GIVE_UP;
}

/* Retransmit a HoTI/CoTI whose answer is late, doubling up to MAX_BINDACK_TIMEOUT. */
static unsigned
test_timer(struct bul_entry *e, struct bul_rr_test *t, int careof, uint64_t now_ms)
{
	if (t->retx_at_ms == 0 || now_ms < t->retx_at_ms)
		return 0;
	if (t->timeout_ms >= e->bl_owner->max_ms && !(e->flags & BUL_F_PERSIST))
		return give_up(e);
	t->timeout_ms *= 2;
	if (t->timeout_ms > e->bl_owner->max_ms)
		t->timeout_ms = e->bl_owner->max_ms;
	t->retx_at_ms = now_ms + t->timeout_ms;
	t->n_sent++;
	if (careof) {
		e->n_coti++;
		return BUL_ACT_SEND_COTI;
	}
	e->n_hoti++;
	return BUL_ACT_SEND_HOTI;
}

static unsigned
on_timer(struct bul *bl, struct bul_entry *e, uint64_t now_ms)
{
	unsigned	 act = 0;

	if (e->bound && now_ms >= e->expiry_ms) {
		/* the peer dropped us by now: say so, whatever is in flight */
		e->bound = 0;
		e->refresh_at_ms = 0;
		act |= BUL_ACT_EXPIRED;
		if (e->state == BUL_REGISTERED)
			e->state = BUL_IDLE;
	}
	switch (e->state) {
	case BUL_WAIT_BA:
	case BUL_WAIT_DEREG:
		if (e->retx_at_ms == 0 || now_ms < e->retx_at_ms)
			break;
		/* RFC 6275 11.8: exponential back-off up to MAX_BINDACK_TIMEOUT */
		if (e->retx_timeout_ms >= bl->max_ms && !(e->flags & BUL_F_PERSIST))
			return act | give_up(e);
		e->retx_timeout_ms *= 2;
		if (e->retx_timeout_ms > bl->max_ms)
			e->retx_timeout_ms = bl->max_ms;
		act |= send_bu(e, now_ms, 1);
		break;
	case BUL_RR:
		act |= test_timer(e, &e->hot, 0, now_ms);
		if (e->state == BUL_RR)
			act |= test_timer(e, &e->cot, 1, now_ms);
		break;
	case BUL_REGISTERED:
		if (e->refresh_at_ms != 0 && now_ms >= e->refresh_at_ms) {
			e->refresh_at_ms = 0;
			act |= bul_bind(bl, e, now_ms);
		}
		break;
	case BUL_IDLE:
		break;
	}
	return act;
}

static unsigned
on_ba(struct bul *bl, struct bul_entry *e, const struct bul_input *in, uint64_t now_ms)
{
	uint64_t	 granted_ms;

	if (e->state != BUL_WAIT_BA && e->state != BUL_WAIT_DEREG)
		return BUL_ACT_DROP;
	if (in->status == 135) {
		/* RFC 6275 9.5.1, 11.7.3: the BA carries the last sequence number the peer
		 * accepted; continue from it */
		if (++e->n_resync > BUL_MAX_SEQ_RESYNC)
			return give_up(e);
		e->n_ba++;
		e->last_status = in->status;
		e->seq = in->seq;
		return send_bu(e, now_ms, 0);
	}
	/* 11.7.3: the answer to a BU we sent. Every retransmission asks the same (CoA,
	 * lifetime) under a new number, so a late answer to an earlier one settles it too. */
	if ((uint16_t)(in->seq - e->seq_first) > (uint16_t)(e->seq - e->seq_first))
		return BUL_ACT_DROP;
	e->n_ba++;
	e->last_status = in->status;
	e->retx_at_ms = 0;
	e->n_resync = 0;

	/* RFC 6275 10.3.2: a home agent with no binding for us answers a de-registration with
	 * 133; no binding is what the de-registration asked for (e.g. the HA dropped it on an
	 * earlier transmission whose BA was lost). */
	if (in->status < 128 || (in->status == 133 && e->state == BUL_WAIT_DEREG &&
	    (e->flags & BUL_F_HOME))) {
		if (e->state == BUL_WAIT_DEREG || in->lifetime_s == 0) {
			e->state = BUL_IDLE;
			e->bound = 0;
			e->refresh_at_ms = 0;
			return BUL_ACT_DEREGISTERED;
		}
		e->state = BUL_REGISTERED;
		e->bound = 1;
		e->lifetime_s = in->lifetime_s < e->lifetime_req_s ? in->lifetime_s :
		    e->lifetime_req_s;
		e->refresh_s = in->refresh_s;
		/* 11.7.3: the lifetime runs from when the BU was sent */
		granted_ms = (uint64_t)e->lifetime_s * 1000;
		e->expiry_ms = e->bu_sent_ms + granted_ms;
		if (in->refresh_s != 0 && in->refresh_s < e->lifetime_s)
			e->refresh_at_ms = e->bu_sent_ms + (uint64_t)in->refresh_s * 1000;
		else
			e->refresh_at_ms = e->bu_sent_ms +
			    (uint64_t)e->lifetime_s * BUL_REFRESH_PERMILLE;
		return BUL_ACT_REGISTERED;
	}
	switch (in->status) {
	case RR_ST_EXPIRED_HOME:
	case RR_ST_EXPIRED_CAREOF:
	case RR_ST_EXPIRED_NONCES:
		/* 11.7.3: fresh tokens for the nonces that expired, then the BU again */
		if (in->status != RR_ST_EXPIRED_CAREOF)
			e->hot.token_ms = 0;
		if (in->status != RR_ST_EXPIRED_HOME)
			e->cot.token_ms = 0;
		return bul_bind(bl, e, now_ms);
	}
	e->state = e->bound ? BUL_REGISTERED : BUL_IDLE;
	if (e->state == BUL_IDLE)
		e->refresh_at_ms = 0;
	e->n_fail++;
	return BUL_ACT_REJECTED;
}

static unsigned
on_test(struct bul *bl, struct bul_entry *e, struct bul_rr_test *t,
    const struct bul_input *in, uint64_t now_ms)
{
	/* RFC 6275 11.6.2: only an answer to an outstanding init with the same cookie */
	if (t->retx_at_ms == 0 ||
	    !rr_equal(t->cookie, in->cookie, sizeof(t->cookie)))
		return BUL_ACT_DROP;
	t->retx_at_ms = 0;
	memcpy(t->token, in->token, sizeof(t->token));
	t->nonce_idx = in->nonce_idx;
	t->token_ms = now_ms;
	if (e->state == BUL_RR && bul_tokens_valid(e, now_ms))
		return send_bu(e, now_ms, 0);
	return 0;
}

static unsigned
event(struct bul *bl, struct bul_entry *e, enum bul_ev ev, const struct bul_input *in,
    uint64_t now_ms)
{
	switch (ev) {
	case BUL_EV_REGISTER:
		if (in->lifetime_s == 0)
			return BUL_ACT_DROP;	/* that is BUL_EV_DEREGISTER */
		e->coa = in->coa;
		e->lifetime_req_s = in->lifetime_s;
		return bul_bind(bl, e, now_ms);
	case BUL_EV_DEREGISTER:
		e->coa = in->coa;
		e->lifetime_req_s = 0;
		e->refresh_at_ms = 0;
		return bul_bind(bl, e, now_ms);
	case BUL_EV_TIMER:
		return on_timer(bl, e, now_ms);
	case BUL_EV_BA:
		return on_ba(bl, e, in, now_ms);
	case BUL_EV_HOT:
		return on_test(bl, e, &e->hot, in, now_ms);
	case BUL_EV_COT:
		return on_test(bl, e, &e->cot, in, now_ms);
	case BUL_EV_BRR:
		/* RFC 6275 11.7.4: answer with a BU (after RR for a correspondent) */
		if (e->state != BUL_REGISTERED)
			return BUL_ACT_DROP;
		return bul_bind(bl, e, now_ms);
	}
	return BUL_ACT_DROP;
}

uint64_t
bul_deadline(const struct bul_entry *e)
{
	uint64_t	 d = 0;

#define EARLIEST(x)	do { if ((x) != 0 && (d == 0 || (x) < d)) d = (x); } while (0)
	switch (e->state) {
	case BUL_WAIT_BA:
	case BUL_WAIT_DEREG:
		EARLIEST(e->retx_at_ms);
		break;
	case BUL_RR:
		EARLIEST(e->hot.retx_at_ms);
		EARLIEST(e->cot.retx_at_ms);
		break;
	case BUL_REGISTERED:
		EARLIEST(e->refresh_at_ms);
		break;
	case BUL_IDLE:
		break;
	}
	if (e->bound)
		EARLIEST(e->expiry_ms);
#undef EARLIEST
	return d;
}

static void entry_timer(void *);

static void
rearm(struct bul *bl, struct bul_entry *e)
{
	uint64_t	 d, now;

	if (!bl->on_loop)
		return;
	if (e->bl_timer == NULL && (e->bl_timer = loop_timer_new(entry_timer, e)) == NULL)
		return;
	if ((d = bul_deadline(e)) == 0) {
		loop_timer_cancel(e->bl_timer);
		return;
	}
	now = loop_now_ms();
	loop_timer_arm(e->bl_timer, d > now ? d - now : 0);
}

unsigned
bul_event(struct bul *bl, struct bul_entry *e, enum bul_ev ev, const struct bul_input *in,
    uint64_t now_ms)
{
	unsigned	 act;

	if (in == NULL && ev != BUL_EV_TIMER && ev != BUL_EV_BRR)
		return BUL_ACT_DROP;
	act = event(bl, e, ev, in, now_ms);
	rearm(bl, e);
	return act;
}

static void
entry_timer(void *arg)
{
	struct bul_entry *e = arg;
	struct bul	*bl = e->bl_owner;
	unsigned	 act;

	act = event(bl, e, BUL_EV_TIMER, NULL, loop_now_ms());
	rearm(bl, e);
	/* last: the callback may delete the entry */
	if (bl->cb != NULL)
		bl->cb(e, act, bl->cb_arg);
}

int
bul_attach_loop(struct bul *bl, bul_timer_cb cb, void *arg)
{
	bl->cb = cb;
	bl->cb_arg = arg;
	bl->on_loop = 1;
	return 0;
}
