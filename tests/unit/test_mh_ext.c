/* test_mh_ext.c - Home Address destination option and type 2 routing header */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ext_hdr.h"

static struct in6_addr a_hoa;

static size_t
hex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s++;
	}
	return n;
}

#define HOA	"20010db8000100000000000000000010"

static void
test_hao(void **state)
{
	uint8_t buf[64], want[64], nxt = 0;
	struct in6_addr a;
	size_t len;

	inet_pton(AF_INET6, "2001:db8:1::10", &a_hoa);
	assert_int_equal(ext_hao_build(buf, 23, IPPROTO_MH, &a_hoa), 0);
	len = ext_hao_build(buf, sizeof(buf), IPPROTO_MH, &a_hoa);
	/* RFC 6275 6.3: option 201 at 8n+6 after a 4-octet PadN */
	assert_int_equal(len, hex("8702 0102 0000 c910" HOA, want));
	assert_memory_equal(buf, want, len);
	memset(&a, 0, sizeof(a));
	assert_int_equal(ext_hao_parse(buf, len, &a, &nxt), EXT_OK);
	assert_memory_equal(&a, &a_hoa, 16);
	assert_int_equal(nxt, IPPROTO_MH);
	assert_int_equal(ext_hao_parse(buf, len, &a, NULL), EXT_OK);
}

static void
check_hao(const char *h, enum ext_reason r)
{
	uint8_t buf[128];
	struct in6_addr a;
	size_t len = hex(h, buf);

	assert_int_equal(ext_hao_parse(buf, len, &a, NULL), r);
}

static void
test_hao_bad(void **state)
{
	check_hao("8702 0102", EXT_ERR_TRUNCATED);
	check_hao("8702 0102 0000 c910 20010db8", EXT_ERR_TRUNCATED);
	/* no HAO, only padding */
	check_hao("8700 0104 00000000", EXT_NOT_FOUND);
	check_hao("8700 00 00 00 00 00 00", EXT_NOT_FOUND);
	/* option running past the header */
	check_hao("8700 0105 00000000", EXT_ERR_OPT_TRUNCATED);
	check_hao("8700 00000000 00 c9", EXT_ERR_OPT_TRUNCATED);
	/* HAO of length 8 */
	check_hao("8701 0102 0000 c908 20010db800010000 0000000000000000",
	    EXT_ERR_OPT_LEN);
	/* HAO at 8n+2 */
	check_hao("8702 c910" HOA "01020000", EXT_ERR_ALIGN);
	/* two HAOs */
	check_hao("8705 0102 0000 c910" HOA "0104 00000000 c910" HOA, EXT_ERR_DUP);
	/* multicast, unspecified, loopback home addresses */
	check_hao("8702 0102 0000 c910 ff020000000000000000000000000001", EXT_ERR_ADDR);
	check_hao("8702 0102 0000 c910 00000000000000000000000000000000", EXT_ERR_ADDR);
	check_hao("8702 0102 0000 c910 00000000000000000000000000000001", EXT_ERR_ADDR);
	check_hao("8702 0102 0000 c910 00000000000000000000ffffc0000201", EXT_ERR_ADDR);
	/* a link-local one is the roles' to refuse with a BA (HA_2_2_9 - HA_2_2_11) */
	check_hao("8702 0102 0000 c910 fe800000000000000000000000000001", EXT_OK);
	/* unknown options around it are skipped */
	check_hao("8702 1e02 0000 c910" HOA, EXT_OK);
}

static void
test_rt2(void **state)
{
	uint8_t buf[64], want[64], seg = 9, nxt = 0;
	struct in6_addr a;
	size_t len;

	assert_int_equal(ext_rt2_build(buf, 10, IPPROTO_MH, &a_hoa), 0);
	len = ext_rt2_build(buf, sizeof(buf), IPPROTO_MH, &a_hoa);
	/* RFC 6275 6.4: length 2, type 2, segments left 1 */
	assert_int_equal(len, hex("8702 0201 00000000" HOA, want));
	assert_memory_equal(buf, want, len);
	assert_int_equal(ext_rt2_parse(buf, len, &a, &seg, &nxt), EXT_OK);
	assert_memory_equal(&a, &a_hoa, 16);
	assert_int_equal(seg, 1);
	assert_int_equal(nxt, IPPROTO_MH);
	/* as ancillary data shows it after processing */
	buf[3] = 0;
	assert_int_equal(ext_rt2_parse(buf, len, &a, &seg, NULL), EXT_OK);
	assert_int_equal(seg, 0);
}

static void
check_rt2(const char *h, enum ext_reason r)
{
	uint8_t buf[128];
	struct in6_addr a;
	size_t len = hex(h, buf);

	assert_int_equal(ext_rt2_parse(buf, len, &a, NULL, NULL), r);
}

static void
test_rt2_bad(void **state)
{
	check_rt2("8702 0201", EXT_ERR_TRUNCATED);
	check_rt2("8702 0201 00000000 20010db8", EXT_ERR_TRUNCATED);
	check_rt2("8702 0001 00000000" HOA, EXT_ERR_BAD_TYPE);
	check_rt2("8701 0201 00000000 20010db800010000", EXT_ERR_BAD_LEN);
	check_rt2("8704 0201 00000000" HOA HOA, EXT_ERR_BAD_LEN);
	check_rt2("8702 0202 00000000" HOA, EXT_ERR_SEGLEFT);
	check_rt2("8702 0201 00000000 ff020000000000000000000000000001", EXT_ERR_ADDR);
	/* reserved octets are ignored */
	check_rt2("8702 0201 ffffffff" HOA, EXT_OK);
}

static void
test_names(void **state)
{
	int r;

	for (r = 0; r <= EXT_REASON_MAX; r++)
		assert_non_null(ext_reason_str(r));
	assert_string_equal(ext_reason_str(EXT_ERR_SEGLEFT), "segments left not 0 or 1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hao),
		cmocka_unit_test(test_hao_bad),
		cmocka_unit_test(test_rt2),
		cmocka_unit_test(test_rt2_bad),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("mh_ext", tests, NULL, NULL);
}
