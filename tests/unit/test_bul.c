/* test_bul.c - binding update list: retransmission back-off, refresh, sequence resync,
 * return routability, expiry, 100,000 entries, and the loop timers */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "bul.h"
#include "loop.h"
#include "rr_crypto.h"

static struct in6_addr
addr(uint32_t net, uint32_t host)
{
	struct in6_addr	a;

	memset(&a, 0, sizeof(a));
	a.s6_addr[0] = 0x20;
	a.s6_addr[1] = 0x01;
	a.s6_addr[2] = 0x0d;
	a.s6_addr[3] = 0xb8;
	a.s6_addr32[1] = htonl(net);
	a.s6_addr32[3] = htonl(host);
	return a;
}

static uint8_t	rnd_next;

static int
rnd_counter(uint8_t *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		buf[i] = rnd_next++;
	return 0;
}

static struct bul_input
reg(const struct in6_addr *coa, uint32_t lifetime)
{
	struct bul_input in;

	memset(&in, 0, sizeof(in));
	in.coa = *coa;
	in.lifetime_s = lifetime;
	return in;
}

static struct bul_input
ba(uint8_t status, uint16_t seq, uint32_t lifetime, uint32_t refresh)
{
	struct bul_input in;

	memset(&in, 0, sizeof(in));
	in.status = status;
	in.seq = seq;
	in.lifetime_s = lifetime;
	in.refresh_s = refresh;
	return in;
}

/* Walk the retransmissions: each deadline brings a BU with a new sequence number and the
 * next timeout, doubled up to MAX_BINDACK_TIMEOUT; the one after that gives up. */
static void
check_backoff(struct bul *bl, struct bul_entry *e, uint64_t t, const uint32_t *timeouts,
    int n)
{
	int		 i;
	uint16_t	 seq = e->seq;

	for (i = 0; i < n; i++) {
		assert_int_equal(bul_deadline(e), t + timeouts[i]);
		assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, t + timeouts[i] - 1), 0);
		t += timeouts[i];
		if (i == n - 1)
			break;
		assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, t), BUL_ACT_SEND_BU);
		assert_int_equal(e->seq, (uint16_t)(seq + i + 1));
	}
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, t), BUL_ACT_GIVE_UP);
	assert_int_equal(e->state, BUL_IDLE);
	/* only the old binding's expiry is left to watch, if there is one */
	assert_int_equal(bul_deadline(e), e->bound ? e->expiry_ms : 0);
}

/* RFC 6275 11.8: first home registration 1.5 s, doubling to 32 s, then give up */
static void
test_bul_home_first_reg_backoff(void **state)
{
	static const uint32_t to[] = { 1500, 3000, 6000, 12000, 24000, 32000 };
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600);
	struct bul	*bl;
	struct bul_entry *e;
	uint16_t	 seq;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_null(bul_add(bl, &hoa, &ha, BUL_F_HOME));
	assert_int_equal(errno, EEXIST);
	assert_ptr_equal(bul_lookup(bl, &hoa, &ha), e);
	seq = e->seq;
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 10000), BUL_ACT_SEND_BU);
	assert_int_equal(e->seq, (uint16_t)(seq + 1));
	assert_int_equal(e->state, BUL_WAIT_BA);
	assert_string_equal(bul_state_name(e->state), "waiting-ba");
	check_backoff(bl, e, 10000, to, 6);
	assert_int_equal(e->n_fail, 1);
	assert_int_equal(e->n_retx, 5);
	bul_free(bl);
}

/* RFC 6275 13: the configuration's timeouts replace the defaults */
static void
test_bul_configured_timeouts(void **state)
{
	static const uint32_t to[] = { 500, 1000, 2000, 4000 };
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600);
	struct bul	*bl;
	struct bul_entry *e;

	assert_non_null(bl = bul_new(NULL));
	bul_set_timeouts(bl, 500, 250, 4000);
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 10000), BUL_ACT_SEND_BU);
	check_backoff(bl, e, 10000, to, 4);
	bul_free(bl);
}

/* With a binding at the home agent (a refresh or a move): 1 s, doubling to 32 s */
static void
test_bul_home_refresh_backoff_and_expiry(void **state)
{
	static const uint32_t to[] = { 1000, 2000, 4000, 8000, 16000, 32000 };
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600), a;
	struct bul	*bl;
	struct bul_entry *e;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 1000), BUL_ACT_SEND_BU);
	/* a BA for another sequence number is not ours */
	a = ba(0, (uint16_t)(e->seq - 1), 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1200), BUL_ACT_DROP);
	/* granted less than asked: that lifetime, from when the BU was sent (11.7.3) */
	a = ba(0, e->seq, 300, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1200), BUL_ACT_REGISTERED);
	assert_int_equal(e->state, BUL_REGISTERED);
	assert_int_equal(e->lifetime_s, 300);
	assert_int_equal(e->expiry_ms, 1000 + 300000);
	assert_int_equal(e->refresh_at_ms, 1000 + 270000);
	assert_int_equal(bul_deadline(e), 1000 + 270000);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1300), BUL_ACT_DROP);

	/* refresh: sent at 90 %, then lost; timeouts from 1 s */
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 271000), BUL_ACT_SEND_BU);
	assert_int_equal(e->state, BUL_WAIT_BA);
	/* the old binding runs out while retransmitting: reported once, retransmission goes on */
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 272000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 274000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 278000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 286000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_deadline(e), 301000);	/* expiry comes before 286 + 16 s */
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 301000), BUL_ACT_EXPIRED);
	assert_false(e->bound);
	assert_int_equal(e->state, BUL_WAIT_BA);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 302000), BUL_ACT_SEND_BU);
	/* no binding any more: the next registration counts as a first one */
	bul_free(bl);

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 0), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 100), BUL_ACT_REGISTERED);
	/* moved: new CoA, binding still in place */
	in.coa = addr(8, 1);
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 50000), BUL_ACT_SEND_BU);
	assert_memory_equal(&e->coa, &in.coa, sizeof(in.coa));
	check_backoff(bl, e, 50000, to, 6);
	bul_free(bl);
}

static void
test_bul_persist(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600);
	struct bul	*bl;
	struct bul_entry *e;
	uint64_t	 t = 0;
	int		 i;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK | BUL_F_PERSIST));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, t), BUL_ACT_SEND_BU);
	for (i = 0; i < 20; i++) {
		t = bul_deadline(e);
		assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, t), BUL_ACT_SEND_BU);
	}
	assert_int_equal(e->retx_timeout_ms, BUL_MAX_BINDACK_TIMEOUT_MS);
	assert_int_equal(bul_deadline(e), t + BUL_MAX_BINDACK_TIMEOUT_MS);
	bul_free(bl);
}

/* Binding Refresh Advice (6.2.4) sets the refresh time; BRR (11.7.4) asks for a BU now. */
static void
test_bul_refresh_advice_and_brr(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600), a;
	struct bul	*bl;
	struct bul_entry *e;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_BRR, NULL, 0), BUL_ACT_DROP);
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 5000), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 600, 100);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 5500), BUL_ACT_REGISTERED);
	assert_int_equal(e->refresh_at_ms, 5000 + 100000);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 104999), 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 105000), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 105100), BUL_ACT_REGISTERED);
	assert_int_equal(e->expiry_ms, 105000 + 600000);
	assert_int_equal(bul_event(bl, e, BUL_EV_BRR, NULL, 200000), BUL_ACT_SEND_BU);
	assert_int_equal(e->n_ba, 2);
	bul_free(bl);
}

/* Status 135: continue from the peer's sequence number, a few times at most. Others reject. */
static void
test_bul_seq_resync_and_reject(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600), a;
	struct bul	*bl;
	struct bul_entry *e;
	int		 i;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 0), BUL_ACT_SEND_BU);
	a = ba(135, 40000, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 100), BUL_ACT_SEND_BU);
	assert_int_equal(e->seq, 40001);
	a = ba(0, 40001, 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 200), BUL_ACT_REGISTERED);

	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 1000), BUL_ACT_SEND_BU);
	for (i = 0; i < BUL_MAX_SEQ_RESYNC; i++) {
		a = ba(135, (uint16_t)(50000 + i), 0, 0);
		assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1100), BUL_ACT_SEND_BU);
	}
	a = ba(135, 60000, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1200), BUL_ACT_GIVE_UP);

	/* 130 insufficient resources: rejected, nothing more to do */
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 2000), BUL_ACT_SEND_BU);
	a = ba(130, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 2100), BUL_ACT_REJECTED);
	assert_int_equal(e->last_status, 130);
	/* the earlier binding is still in place at the HA until it expires */
	assert_int_equal(e->state, BUL_REGISTERED);
	bul_free(bl);
}

static void
test_bul_home_dereg(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600), a;
	struct bul	*bl;
	struct bul_entry *e;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 0), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 100), BUL_ACT_REGISTERED);
	in = reg(&hoa, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 200), BUL_ACT_DROP);
	assert_int_equal(bul_event(bl, e, BUL_EV_DEREGISTER, &in, 200), BUL_ACT_SEND_BU);
	assert_int_equal(e->state, BUL_WAIT_DEREG);
	assert_int_equal(bul_deadline(e), 1200);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 1200), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 1300), BUL_ACT_DEREGISTERED);
	assert_int_equal(e->state, BUL_IDLE);
	assert_false(e->bound);
	assert_int_equal(bul_deadline(e), 0);

	/* the HA is slow: the BA to the first transmission comes after the retransmission
	 * and settles it; the HA, without a binding by then, answers the second with 133 */
	in = reg(&coa, 600);
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 2000), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 2100), BUL_ACT_REGISTERED);
	in = reg(&hoa, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_DEREGISTER, &in, 3000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 4000), BUL_ACT_SEND_BU);
	a = ba(0, (uint16_t)(e->seq - 1), 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 4100), BUL_ACT_DEREGISTERED);
	a = ba(133, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 4200), BUL_ACT_DROP);
	/* only the 133 arrives: the binding is gone all the same */
	assert_int_equal(bul_event(bl, e, BUL_EV_DEREGISTER, &in, 5000), BUL_ACT_SEND_BU);
	a = ba(133, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 5100), BUL_ACT_DEREGISTERED);
	assert_int_equal(e->last_status, 133);
	/* a BA older than the current BU's first transmission is not ours */
	in = reg(&coa, 600);
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 6000), BUL_ACT_SEND_BU);
	a = ba(0, (uint16_t)(e->seq - 1), 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 6100), BUL_ACT_DROP);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 7500), BUL_ACT_SEND_BU);
	a = ba(0, (uint16_t)(e->seq - 1), 600, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 7600), BUL_ACT_REGISTERED);
	/* the lifetime counts from the first transmission */
	assert_int_equal(e->expiry_ms, 6000 + 600000);
	bul_del(bl, e);
	assert_int_equal(bul_count(bl), 0);
	bul_free(bl);
}

static struct bul_input
test_reply(const struct bul_rr_test *t, uint16_t idx, uint8_t fill)
{
	struct bul_input in;

	memset(&in, 0, sizeof(in));
	memcpy(in.cookie, t->cookie, sizeof(in.cookie));
	in.nonce_idx = idx;
	memset(in.token, fill, sizeof(in.token));
	return in;
}

/* Correspondent registration (RFC 6275 5.2, 11.6, 11.7.2) */
static void
test_bul_correspondent_rr(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), cn = addr(5, 5), coa = addr(7, 1), coa2 = addr(8, 1);
	struct bul_input in = reg(&coa, 420), r, a;
	struct bul	*bl;
	struct bul_entry *e;
	uint8_t		 kbm[RR_KBM_LEN], want[RR_KBM_LEN], ht[RR_TOKEN_LEN], ct[RR_TOKEN_LEN];

	rnd_next = 1;
	assert_non_null(bl = bul_new(rnd_counter));
	assert_non_null(e = bul_add(bl, &hoa, &cn, BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 1000),
	    BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
	assert_int_equal(e->state, BUL_RR);
	assert_memory_equal(&e->hot.addr, &hoa, sizeof(hoa));
	assert_memory_equal(&e->cot.addr, &coa, sizeof(coa));
	assert_memory_not_equal(e->hot.cookie, e->cot.cookie, RR_COOKIE_LEN);
	assert_int_equal(bul_deadline(e), 2000);

	/* wrong cookie; a CoT for the home test's cookie */
	r = test_reply(&e->hot, 7, 0x11);
	r.cookie[0] ^= 1;
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 1100), BUL_ACT_DROP);
	r = test_reply(&e->hot, 7, 0x11);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 1100), BUL_ACT_DROP);
	/* CoTI lost once: retransmitted after 1 s with the same cookie */
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 1100), 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 1150), BUL_ACT_DROP);
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 2000), BUL_ACT_SEND_COTI);
	assert_int_equal(bul_deadline(e), 4000);
	r = test_reply(&e->cot, 8, 0x22);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 2500), BUL_ACT_SEND_BU);
	assert_int_equal(e->state, BUL_WAIT_BA);
	assert_int_equal(e->hot.nonce_idx, 7);
	assert_int_equal(e->cot.nonce_idx, 8);
	assert_true(bul_tokens_valid(e, 2500));
	assert_int_equal(bul_kbm(e, kbm), 0);
	memset(ht, 0x11, sizeof(ht));
	memset(ct, 0x22, sizeof(ct));
	assert_int_equal(rr_kbm(ht, ct, want), 0);
	assert_memory_equal(kbm, want, RR_KBM_LEN);
	assert_int_equal(bul_deadline(e), 3500);	/* not a home registration: 1 s */
	a = ba(0, e->seq, 420, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 2600), BUL_ACT_REGISTERED);

	/* moved within MAX_TOKEN_LIFETIME of the HoT: care-of test only */
	in.coa = coa2;
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 100000), BUL_ACT_SEND_COTI);
	assert_false(bul_tokens_valid(e, 100000));
	r = test_reply(&e->cot, 9, 0x33);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 100100), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 420, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 100200), BUL_ACT_REGISTERED);
	assert_int_equal(e->refresh_at_ms, 100100 + 378000);

	/* the home token is older than 210 s at the refresh: both tests again */
	assert_int_equal(bul_event(bl, e, BUL_EV_TIMER, NULL, 478100),
	    BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
	r = test_reply(&e->hot, 20, 0x44);
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 478100), 0);
	r = test_reply(&e->cot, 20, 0x55);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 478200), BUL_ACT_SEND_BU);

	/* BA 136 / 137 / 138: new tokens for the expired nonces only */
	a = ba(RR_ST_EXPIRED_HOME, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 478300), BUL_ACT_SEND_HOTI);
	r = test_reply(&e->hot, 21, 0x66);
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 478400), BUL_ACT_SEND_BU);
	a = ba(RR_ST_EXPIRED_CAREOF, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 478500), BUL_ACT_SEND_COTI);
	r = test_reply(&e->cot, 21, 0x77);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 478600), BUL_ACT_SEND_BU);
	a = ba(RR_ST_EXPIRED_NONCES, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 478700),
	    BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
	r = test_reply(&e->hot, 22, 0x11);
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 478800), 0);
	r = test_reply(&e->cot, 22, 0x22);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 478900), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 420, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 479000), BUL_ACT_REGISTERED);

	/* BRR: the tokens are fresh enough, so straight to the BU */
	assert_int_equal(bul_event(bl, e, BUL_EV_BRR, NULL, 500000), BUL_ACT_SEND_BU);
	a = ba(0, e->seq, 420, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 500100), BUL_ACT_REGISTERED);

	/* back home: de-registration needs the home token only (5.2.5) */
	in = reg(&hoa, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_DEREGISTER, &in, 600000), BUL_ACT_SEND_BU);
	assert_int_equal(bul_kbm(e, kbm), 0);
	assert_int_equal(rr_kbm(ht, NULL, want), 0);
	assert_memory_equal(kbm, want, RR_KBM_LEN);
	a = ba(0, e->seq, 0, 0);
	assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, 600100), BUL_ACT_DEREGISTERED);
	/* later, with the home token too old: HoTI only */
	assert_int_equal(bul_event(bl, e, BUL_EV_DEREGISTER, &in, 800000), BUL_ACT_SEND_HOTI);
	bul_free(bl);
}

/* HoTI retransmission gives up like the BU's. */
static void
test_bul_rr_give_up(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), cn = addr(5, 5), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 420);
	struct bul	*bl;
	struct bul_entry *e;
	unsigned	 act;
	uint64_t	 t;
	int		 n = 0;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &cn, BUL_F_ACK));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 0),
	    BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
	while ((t = bul_deadline(e)) != 0) {
		act = bul_event(bl, e, BUL_EV_TIMER, NULL, t);
		if (act & BUL_ACT_GIVE_UP)
			break;
		assert_int_equal(act, BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
		n++;
	}
	assert_int_equal(n, 5);		/* 1, 2, 4, 8, 16, then 32 s and done */
	assert_int_equal(t, 1000 + 2000 + 4000 + 8000 + 16000 + 32000);
	assert_int_equal(e->state, BUL_IDLE);
	assert_int_equal(e->hot.n_sent, 6);
	bul_free(bl);
}

/* No acknowledgement asked: registered as sent. */
static void
test_bul_no_ack(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), cn = addr(5, 5), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 100), r;
	struct bul	*bl;
	struct bul_entry *e;

	assert_non_null(bl = bul_new(NULL));
	assert_non_null(e = bul_add(bl, &hoa, &cn, 0));
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, 0),
	    BUL_ACT_SEND_HOTI | BUL_ACT_SEND_COTI);
	r = test_reply(&e->hot, 1, 1);
	assert_int_equal(bul_event(bl, e, BUL_EV_HOT, &r, 10), 0);
	r = test_reply(&e->cot, 1, 2);
	assert_int_equal(bul_event(bl, e, BUL_EV_COT, &r, 20),
	    BUL_ACT_SEND_BU | BUL_ACT_REGISTERED);
	assert_int_equal(e->expiry_ms, 20 + 100000);
	assert_int_equal(bul_deadline(e), 20 + 90000);
	bul_free(bl);
}

/* 100,000 entries: one per (HoA, peer), found again, registered, deleted. */
static void
test_bul_100k(void **state)
{
	struct in6_addr	 ha = addr(1, 0xfe), coa = addr(7, 1), hoa;
	struct bul_input in = reg(&coa, 600), a;
	struct bul	*bl;
	struct bul_entry *e;
	uint32_t	 i, n = 100000;

	assert_non_null(bl = bul_new(NULL));
	for (i = 0; i < n; i++) {
		hoa = addr(2, i);
		assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
		assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, i), BUL_ACT_SEND_BU);
	}
	assert_int_equal(bul_count(bl), n);
	for (i = 0; i < n; i++) {
		hoa = addr(2, i);
		assert_non_null(e = bul_lookup(bl, &hoa, &ha));
		assert_memory_equal(&e->hoa, &hoa, sizeof(hoa));
		a = ba(0, e->seq, 600, 0);
		assert_int_equal(bul_event(bl, e, BUL_EV_BA, &a, n + i), BUL_ACT_REGISTERED);
		assert_int_equal(bul_deadline(e), i + 540000);
		assert_null(bul_lookup(bl, &ha, &hoa));
	}
	for (i = 0; i < n; i += 2) {
		hoa = addr(2, i);
		bul_del(bl, bul_lookup(bl, &hoa, &ha));
	}
	assert_int_equal(bul_count(bl), n / 2);
	for (i = 0; i < n; i++) {
		hoa = addr(2, i);
		if (i & 1)
			assert_non_null(bul_lookup(bl, &hoa, &ha));
		else
			assert_null(bul_lookup(bl, &hoa, &ha));
	}
	bul_free(bl);
}

/* On the event loop: the entry's timer brings the retransmission after 1.5 s. */
static unsigned	loop_act;
static uint64_t	loop_fired_ms;

static void
bul_loop_cb(struct bul_entry *e, unsigned act, void *arg)
{
	loop_act = act;
	loop_fired_ms = loop_now_ms();
	loop_exit();
}

static void
loop_guard(void *arg)
{
	loop_exit();
}

static void
test_bul_on_loop(void **state)
{
	struct in6_addr	 hoa = addr(1, 1), ha = addr(1, 0xfe), coa = addr(7, 1);
	struct bul_input in = reg(&coa, 600);
	struct loop_timer *guard;
	struct bul	*bl;
	struct bul_entry *e;
	uint64_t	 start;

	assert_int_equal(loop_init(), 0);
	assert_non_null(bl = bul_new(NULL));
	assert_int_equal(bul_attach_loop(bl, bul_loop_cb, NULL), 0);
	assert_non_null(e = bul_add(bl, &hoa, &ha, BUL_F_HOME | BUL_F_ACK));
	start = loop_now_ms();
	assert_int_equal(bul_event(bl, e, BUL_EV_REGISTER, &in, start), BUL_ACT_SEND_BU);
	assert_non_null(guard = loop_timer_new(loop_guard, NULL));
	loop_timer_arm(guard, 5000);
	assert_int_equal(loop_run(), 0);
	assert_int_equal(loop_act, BUL_ACT_SEND_BU);
	assert_true(loop_fired_ms >= start + 1500);
	assert_true(loop_fired_ms < start + 3000);
	assert_int_equal(e->n_retx, 1);
	loop_timer_free(guard);
	bul_free(bl);
	loop_free();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bul_home_first_reg_backoff),
		cmocka_unit_test(test_bul_configured_timeouts),
		cmocka_unit_test(test_bul_home_refresh_backoff_and_expiry),
		cmocka_unit_test(test_bul_persist),
		cmocka_unit_test(test_bul_refresh_advice_and_brr),
		cmocka_unit_test(test_bul_seq_resync_and_reject),
		cmocka_unit_test(test_bul_home_dereg),
		cmocka_unit_test(test_bul_correspondent_rr),
		cmocka_unit_test(test_bul_rr_give_up),
		cmocka_unit_test(test_bul_no_ack),
		cmocka_unit_test(test_bul_100k),
		cmocka_unit_test(test_bul_on_loop),
	};

	return cmocka_run_group_tests_name("bul", tests, NULL, NULL);
}
