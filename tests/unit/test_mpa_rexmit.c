/* test_mpa_rexmit.c - unsolicited Mobile Prefix Advertisements: retransmitted after
 * PREFIX_ADV_TIMEOUT, the wait doubling, PREFIX_ADV_RETRIES times at most; an acknowledgement
 * (Mobile Prefix Solicitation) or the binding's expiry ends it (RFC 6275 10.6.2, 12) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mpa_rexmit.h"

#define T0	100000

/* the RFC's figures: 3 s, then 6 and 12: three retransmissions at 3, 9 and 21 s */
static void
test_unacknowledged_schedule(void **state)
{
	struct mpa_rexmit r;

	(void)state;
	mpa_rexmit_start(&r, 4242, T0);
	assert_true(mpa_rexmit_pending(&r));
	assert_int_equal(r.next_ms, T0 + 3000);
	assert_int_equal(mpa_rexmit_step(&r, T0, 0), MPA_REXMIT_WAIT);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 2999, 0), MPA_REXMIT_WAIT);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, 0), MPA_REXMIT_SEND);
	assert_int_equal(r.retries, 1);
	assert_int_equal(r.next_ms, T0 + 9000);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 8999, 0), MPA_REXMIT_WAIT);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 9000, 0), MPA_REXMIT_SEND);
	assert_int_equal(r.retries, 2);
	assert_int_equal(r.next_ms, T0 + 21000);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 21000, 0), MPA_REXMIT_LAST);
	assert_int_equal(r.retries, PREFIX_ADV_RETRIES);
	assert_false(mpa_rexmit_pending(&r));
	assert_int_equal(mpa_rexmit_step(&r, T0 + 45000, 0), MPA_REXMIT_IDLE);
	/* the identifier stays that of the advertisement retransmitted */
	assert_int_equal(r.id, 4242);
}

/* a late timer: the next wait counts from when it was sent */
static void
test_late_timer(void **state)
{
	struct mpa_rexmit r;

	(void)state;
	mpa_rexmit_start(&r, 1, T0);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3500, 0), MPA_REXMIT_SEND);
	assert_int_equal(r.next_ms, T0 + 3500 + 6000);
}

static void
test_acknowledged(void **state)
{
	struct mpa_rexmit r;

	(void)state;
	mpa_rexmit_start(&r, 7, T0);
	mpa_rexmit_ack(&r);
	assert_false(mpa_rexmit_pending(&r));
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, 0), MPA_REXMIT_IDLE);
	/* after a retransmission too */
	mpa_rexmit_start(&r, 8, T0);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, 0), MPA_REXMIT_SEND);
	mpa_rexmit_ack(&r);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 9000, 0), MPA_REXMIT_IDLE);
}

/* RFC 6275 10.6.2: the binding expired before the mobile node answered: no more */
static void
test_binding_expired(void **state)
{
	struct mpa_rexmit r;

	(void)state;
	mpa_rexmit_start(&r, 9, T0);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, T0 + 8000), MPA_REXMIT_SEND);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 9000, T0 + 8000), MPA_REXMIT_EXPIRED);
	assert_false(mpa_rexmit_pending(&r));
	assert_int_equal(mpa_rexmit_step(&r, T0 + 21000, T0 + 8000), MPA_REXMIT_IDLE);
	/* expired exactly when due */
	mpa_rexmit_start(&r, 9, T0);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, T0 + 3000), MPA_REXMIT_EXPIRED);
}

/* a new change of the prefixes while retransmitting: the new advertisement replaces the old
 * one and its count starts again */
static void
test_restart(void **state)
{
	struct mpa_rexmit r;

	(void)state;
	mpa_rexmit_start(&r, 1, T0);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 3000, 0), MPA_REXMIT_SEND);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 9000, 0), MPA_REXMIT_SEND);
	mpa_rexmit_start(&r, 2, T0 + 10000);
	assert_int_equal(r.retries, 0);
	assert_int_equal(r.id, 2);
	assert_int_equal(r.next_ms, T0 + 13000);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 13000, 0), MPA_REXMIT_SEND);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 19000, 0), MPA_REXMIT_SEND);
	assert_int_equal(mpa_rexmit_step(&r, T0 + 31000, 0), MPA_REXMIT_LAST);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unacknowledged_schedule),
		cmocka_unit_test(test_late_timer),
		cmocka_unit_test(test_acknowledged),
		cmocka_unit_test(test_binding_expired),
		cmocka_unit_test(test_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
