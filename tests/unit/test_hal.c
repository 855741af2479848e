/* test_hal.c - the Home Agents List: RAs in, DHAAD Reply order out (RFC 6275 10.5.1) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "hal.h"
#include "icmp6.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* An RA with the H bit (h), a router lifetime, the option when pref/lifetime >= 0, and one
 * R-bit prefix holding addr (when not NULL). */
/* A pointer to the address (a ring of slots: several may be alive in one call) */
static const struct in6_addr *
P(const char *s)
{
	static struct in6_addr ring[8];
	static unsigned i;

	ring[i % 8] = A(s);
	return &ring[i++ % 8];
}

static void
ra_make(struct icmp6_ra *ra, int h, uint16_t rl, int opt, int16_t pref, uint16_t lt,
    const char *addr)
{
	memset(ra, 0, sizeof(*ra));
	ra->flags = h ? ICMP6_RA_F_H : 0;
	ra->lifetime = rl;
	if (opt) {
		ra->present |= ICMP6_RA_HA_INFO;
		ra->ha_pref = pref;
		ra->ha_lifetime = lt;
	}
	if (addr != NULL) {
		ra->prefix[0].prefix = A(addr);
		ra->prefix[0].plen = 64;
		ra->prefix[0].flags = ICMP6_PI_F_R | ICMP6_PI_F_A | ICMP6_PI_F_L;
		ra->nprefix = 1;
	}
}

static uint32_t
rnd_last(uint32_t n)
{
	return n - 1;
}

/* HA_7_2_3 .. HA_7_2_8: the reply lists the home agents by preference, this node included */
static void
test_order(void **state)
{
	struct hal h;
	struct icmp6_ra ra;
	struct in6_addr out[8], ll0 = A("fe80::10"), ll1 = A("fe80::11");
	size_t n;

	hal_init(&h);
	assert_int_equal(hal_set_self(&h, 0, P("2001:db8:1::1"), 10,
	    1800), 0);
	ra_make(&ra, 1, 1800, 1, 20, 1800, "2001:db8:1::10");
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 0), 1);
	ra_make(&ra, 1, 1800, 1, 5, 1800, "2001:db8:1::11");
	assert_int_equal(hal_ra(&h, 0, &ll1, &ra, 0), 1);
	n = hal_reply(&h, 0, NULL, out, 8);
	assert_int_equal(n, 3);
	assert_memory_equal(&out[0], P("2001:db8:1::10"), 16);
	assert_memory_equal(&out[1], P("2001:db8:1::1"), 16);
	assert_memory_equal(&out[2], P("2001:db8:1::11"), 16);
	/* HA_7_2_12: a new preference moves it; the same RA again is no change */
	ra_make(&ra, 1, 1800, 1, -3, 1800, "2001:db8:1::10");
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 1000), 1);
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 2000), 0);
	n = hal_reply(&h, 0, NULL, out, 8);
	assert_memory_equal(&out[2], P("2001:db8:1::10"), 16);
	/* another link has none of them */
	assert_int_equal(hal_reply(&h, 1, NULL, out, 8), 0);
	/* max is respected (HA_7_5_1) */
	assert_int_equal(hal_reply(&h, 0, NULL, out, 2), 2);
}

/* HA_7_2_14: equal preferences are shuffled, the higher one stays first */
static void
test_equal(void **state)
{
	struct hal h;
	struct icmp6_ra ra;
	struct in6_addr out[8], ll0 = A("fe80::10"), ll1 = A("fe80::11");

	hal_init(&h);
	hal_set_self(&h, 0, P("2001:db8:1::1"), 1, 1800);
	ra_make(&ra, 1, 1800, 1, 7, 1800, "2001:db8:1::10");
	hal_ra(&h, 0, &ll0, &ra, 0);
	ra_make(&ra, 1, 1800, 1, 7, 1800, "2001:db8:1::11");
	hal_ra(&h, 0, &ll1, &ra, 0);
	assert_int_equal(hal_reply(&h, 0, rnd_last, out, 8), 3);
	/* rnd_last swaps nothing: the stable order stays */
	assert_memory_equal(&out[0], P("2001:db8:1::10"), 16);
	assert_memory_equal(&out[2], P("2001:db8:1::1"), 16);
}

/* HA_7_2_9, HA_7_2_10, HA_7_2_11, HA_7_3_1, HA_7_3_2, HA_7_4_1, HA_7_4_2, HA_7_2_15 */
static void
test_lifetimes(void **state)
{
	struct hal h;
	struct icmp6_ra ra;
	struct in6_addr out[8], ll0 = A("fe80::10");
	uint64_t next;

	hal_init(&h);
	/* without the option: preference 0, router lifetime */
	ra_make(&ra, 1, 30, 0, 0, 0, "2001:db8:1::10");
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 0), 1);
	assert_int_equal(h.e[0].pref, 0);
	assert_int_equal(h.e[0].lifetime_s, 30);
	assert_int_equal(hal_expire(&h, 29999, &next), 0);
	assert_int_equal(next, 30000);
	assert_int_equal(hal_expire(&h, 30000, &next), 1);
	assert_int_equal(h.n, 0);
	/* the option's lifetime wins over the router lifetime */
	ra_make(&ra, 1, 30, 1, 0, 60, "2001:db8:1::10");
	hal_ra(&h, 0, &ll0, &ra, 0);
	assert_int_equal(hal_remaining(&h.e[0], 0), 60);
	/* lifetime 0 removes, with or without the option */
	ra_make(&ra, 1, 30, 1, 0, 0, NULL);
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 0), 1);
	assert_int_equal(h.n, 0);
	ra_make(&ra, 1, 30, 0, 0, 0, "2001:db8:1::10");
	hal_ra(&h, 0, &ll0, &ra, 0);
	ra_make(&ra, 1, 0, 0, 0, 0, NULL);
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 0), 1);
	assert_int_equal(h.n, 0);
	/* H=0: not a home agent (and removed when it was one) */
	ra_make(&ra, 0, 1800, 0, 0, 0, "2001:db8:1::10");
	assert_int_equal(hal_ra(&h, 0, &ll0, &ra, 0), 0);
	assert_int_equal(h.n, 0);
	/* R=0: no address of the home agent, so nothing to reply with */
	ra_make(&ra, 1, 1800, 0, 0, 0, "2001:db8:1::10");
	ra.prefix[0].flags &= (uint8_t)~ICMP6_PI_F_R;
	hal_ra(&h, 0, &ll0, &ra, 0);
	assert_int_equal(hal_reply(&h, 0, NULL, out, 8), 0);
	/* the bare prefix with the R bit (radvd given a prefix, not an address): not an address */
	ra_make(&ra, 1, 1800, 0, 0, 0, "2001:db8:1::");
	hal_ra(&h, 0, &ll0, &ra, 0);
	assert_int_equal(hal_reply(&h, 0, NULL, out, 8), 0);
	/* two global addresses of one home agent */
	ra_make(&ra, 1, 1800, 0, 0, 0, "2001:db8:1::10");
	ra.prefix[1] = ra.prefix[0];
	ra.prefix[1].prefix = A("2001:db8:5::10");
	ra.nprefix = 2;
	hal_ra(&h, 0, &ll0, &ra, 0);
	assert_int_equal(hal_reply(&h, 0, NULL, out, 8), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_lifetimes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
