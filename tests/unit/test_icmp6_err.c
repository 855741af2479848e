/* test_icmp6_err.c - the invoking packet of an ICMPv6 error, as the mobile node reads it
 * (MN-4-2-2-2-005: parameter problem about a CoTI; MN-4-2-2-2-011: code 2 about our HAO) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "icmp6_err.h"

static size_t
ip6(uint8_t *p, uint8_t nh, const char *src, const char *dst)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[6] = nh;
	p[7] = 64;
	inet_pton(AF_INET6, src, p + 8);
	inet_pton(AF_INET6, dst, p + 24);
	return 40;
}

static void
test_param_problem_coti(void **state)
{
	uint8_t b[128] = { 4, 1, 0, 0, 0, 0, 0, 40 };
	struct icmp6_err e;
	struct in6_addr a;
	size_t n = 8;

	n += ip6(b + n, 135, "2001:db8:2::5", "2001:db8:4::2");
	memcpy(b + n, "\x3b\x01\x02\x00\x00\x00\x00\x00", 8);
	n += 16;
	assert_int_equal(icmp6_err_parse(b, n, &e), 0);
	assert_int_equal(e.type, 4);
	assert_int_equal(e.code, 1);
	assert_int_equal(e.pointer, 40);
	assert_int_equal(e.mh_type, 2);
	assert_false(e.has_hao);
	inet_pton(AF_INET6, "2001:db8:4::2", &a);
	assert_memory_equal(&e.dst, &a, 16);
	/* cut inside the invoking IPv6 header: nothing to name */
	assert_int_equal(icmp6_err_parse(b, 8 + 39, &e), -1);
	/* not an error message */
	b[0] = 128;
	assert_int_equal(icmp6_err_parse(b, n, &e), -1);
}

static void
test_param_problem_hao(void **state)
{
	uint8_t b[160] = { 4, 2, 0, 0, 0, 0, 0, 42 };
	struct icmp6_err e;
	struct in6_addr hoa;
	size_t n = 8;

	n += ip6(b + n, 60, "2001:db8:2::5", "2001:db8:4::2");
	/* destination options: PadN(2), HAO at 8n+6 */
	b[n] = 58;
	b[n + 1] = 2;
	b[n + 2] = 1;
	b[n + 3] = 2;
	b[n + 6] = 201;
	b[n + 7] = 16;
	inet_pton(AF_INET6, "2001:db8:1::100", b + n + 8);
	n += 24;
	b[n] = 128;
	n += 8;
	assert_int_equal(icmp6_err_parse(b, n, &e), 0);
	inet_pton(AF_INET6, "2001:db8:1::100", &hoa);
	assert_true(e.has_hao);
	assert_memory_equal(&e.hao, &hoa, 16);
	assert_int_equal(e.mh_type, -1);
	/* an option running past its header is not read */
	b[8 + 40 + 7] = 40;
	assert_int_equal(icmp6_err_parse(b, n, &e), 0);
	assert_false(e.has_hao);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_param_problem_coti),
		cmocka_unit_test(test_param_problem_hao),
	};

	return cmocka_run_group_tests_name("icmp6_err", tests, NULL, NULL);
}
