/* test_icmp6.c - DHAAD, mobile prefix discovery and Router Advertisement parts */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmp6.h"
#include "icmp6_sock.h"

static struct in6_addr a_src, a_dst, a_ha1, a_ha2, a_pfx;

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

static void
assert_bytes(const uint8_t *got, size_t len, const char *want_hex)
{
	uint8_t want[2048];
	size_t n = hex(want_hex, want);

	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
}

static int
setup(void **state)
{
	inet_pton(AF_INET6, "fe80::1", &a_src);
	inet_pton(AF_INET6, "ff02::1", &a_dst);
	inet_pton(AF_INET6, "2001:db8:1::1", &a_ha1);
	inet_pton(AF_INET6, "2001:db8:1::2", &a_ha2);
	inet_pton(AF_INET6, "2001:db8:1::", &a_pfx);
	return 0;
}

static void
parse_ok(uint8_t *buf, size_t len, struct icmp6_msg *m)
{
	icmp6_checksum_set(buf, len, &a_src, &a_dst);
	assert_int_equal(icmp6_parse(buf, len, &a_src, &a_dst, m), ICMP6_OK);
	buf[len - 1] ^= 0x10;
	assert_int_equal(icmp6_parse(buf, len, &a_src, &a_dst, m), ICMP6_ERR_CHECKSUM);
	buf[len - 1] ^= 0x10;
	assert_int_equal(icmp6_parse(buf, len, &a_src, &a_dst, m), ICMP6_OK);
}

static void
parse_bad(const char *h, enum icmp6_reason r)
{
	uint8_t *buf = malloc(4096);
	struct icmp6_msg m;
	size_t len;

	assert_non_null(buf);
	len = hex(h, buf);
	if (len >= 4)
		icmp6_checksum_set(buf, len, &a_src, &a_dst);
	assert_int_equal(icmp6_parse(buf, len, &a_src, &a_dst, &m), r);
	assert_int_equal(icmp6_parse(buf, len, NULL, NULL, &m), r);
	free(buf);
}

static void
test_haad(void **state)
{
	struct icmp6_haad_req req = { .id = 0x1234, .flags = ICMP6_HAAD_F_R };
	struct icmp6_haad_rep rep = { .id = 0x1234, .naddr = 2 };
	struct icmp6_msg m;
	uint8_t buf[1500];
	size_t len;

	len = icmp6_build_haad_req(buf, sizeof(buf), &req);
	assert_bytes(buf, len, "9000 0000 1234 8000");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, ICMP6_HAAD_REQ_TYPE);
	assert_int_equal(m.haad_req.id, 0x1234);
	assert_int_equal(m.haad_req.flags, ICMP6_HAAD_F_R);

	rep.addr[0] = a_ha1;
	rep.addr[1] = a_ha2;
	len = icmp6_build_haad_rep(buf, sizeof(buf), &rep);
	assert_bytes(buf, len, "9100 0000 1234 0000 20010db8000100000000000000000001"
	    "20010db8000100000000000000000002");
	parse_ok(buf, len, &m);
	assert_int_equal(m.haad_rep.id, 0x1234);
	assert_int_equal(m.haad_rep.naddr, 2);
	assert_int_equal(m.haad_rep.more, 0);
	assert_memory_equal(&m.haad_rep.addr[1], &a_ha2, 16);
	assert_int_equal(icmp6_build_haad_rep(buf, len - 1, &rep), 0);

	/* more addresses than fit the minimum MTU: the first 77 kept */
	memset(buf, 0, sizeof(buf));
	buf[0] = ICMP6_HAAD_REP_TYPE;
	len = 8 + 16 * (ICMP6_HAAD_MAX + 2);
	assert_int_equal(icmp6_parse(buf, len, NULL, NULL, &m), ICMP6_OK);
	assert_int_equal(m.haad_rep.naddr, ICMP6_HAAD_MAX);
	assert_int_equal(m.haad_rep.more, 1);
}

static void
test_mps_mpa(void **state)
{
	struct icmp6_mps mps = { .id = 7 };
	struct icmp6_mpa mpa = { .id = 7, .flags = ICMP6_MPA_F_M | ICMP6_MPA_F_O, .nprefix = 1 };
	struct icmp6_msg m;
	uint8_t buf[1500];
	size_t len;

	len = icmp6_build_mps(buf, sizeof(buf), &mps);
	assert_bytes(buf, len, "9200 0000 0007 0000");
	parse_ok(buf, len, &m);
	assert_int_equal(m.mps.id, 7);

	mpa.prefix[0].prefix = a_pfx;
	mpa.prefix[0].plen = 64;
	mpa.prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A;
	mpa.prefix[0].valid = 86400;
	mpa.prefix[0].preferred = 14400;
	len = icmp6_build_mpa(buf, sizeof(buf), &mpa);
	assert_bytes(buf, len, "9300 0000 0007 c000 0304 40c0 00015180 00003840 00000000"
	    "20010db8000100000000000000000000");
	parse_ok(buf, len, &m);
	assert_int_equal(m.mpa.id, 7);
	assert_int_equal(m.mpa.flags, ICMP6_MPA_F_M | ICMP6_MPA_F_O);
	assert_int_equal(m.mpa.nprefix, 1);
	assert_int_equal(m.mpa.prefix[0].plen, 64);
	assert_int_equal(m.mpa.prefix[0].flags, ICMP6_PI_F_L | ICMP6_PI_F_A);
	assert_int_equal(m.mpa.prefix[0].valid, 86400);
	assert_int_equal(m.mpa.prefix[0].preferred, 14400);
	assert_memory_equal(&m.mpa.prefix[0].prefix, &a_pfx, 16);
	assert_int_equal(icmp6_build_mpa(buf, 39, &mpa), 0);
}

static void
test_ra(void **state)
{
	struct icmp6_ra ra = { .hoplimit = 64, .flags = ICMP6_RA_F_H, .lifetime = 1800,
	    .reachable = 30000, .retrans = 1000,
	    .present = ICMP6_RA_ADV_INTERVAL | ICMP6_RA_HA_INFO, .adv_interval = 1000,
	    .ha_pref = -2, .ha_lifetime = 1800, .nprefix = 1 };
	struct icmp6_msg m;
	uint8_t buf[1500];
	size_t len;

	ra.prefix[0].prefix = a_ha1;
	ra.prefix[0].plen = 64;
	ra.prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A | ICMP6_PI_F_R;
	ra.prefix[0].valid = 0xffffffff;
	ra.prefix[0].preferred = 0xffffffff;
	len = icmp6_build_ra(buf, sizeof(buf), &ra);
	assert_bytes(buf, len, "8600 0000 40 20 0708 00007530 000003e8"
	    "0701 0000 000003e8"		/* Advertisement Interval, RFC 6275 7.3 */
	    "0801 0000 fffe 0708"		/* Home Agent Information, RFC 6275 7.4 */
	    "0304 40e0 ffffffff ffffffff 00000000 20010db8000100000000000000000001");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, ICMP6_RA_TYPE);
	assert_int_equal(m.ra.hoplimit, 64);
	assert_int_equal(m.ra.flags, ICMP6_RA_F_H);
	assert_int_equal(m.ra.lifetime, 1800);
	assert_int_equal(m.ra.reachable, 30000);
	assert_int_equal(m.ra.retrans, 1000);
	assert_int_equal(m.ra.present, ICMP6_RA_ADV_INTERVAL | ICMP6_RA_HA_INFO);
	assert_int_equal(m.ra.adv_interval, 1000);
	assert_int_equal(m.ra.ha_pref, -2);
	assert_int_equal(m.ra.ha_lifetime, 1800);
	assert_int_equal(m.ra.nprefix, 1);
	assert_int_equal(m.ra.prefix[0].flags & ICMP6_PI_F_R, ICMP6_PI_F_R);
	assert_memory_equal(&m.ra.prefix[0].prefix, &a_ha1, 16);
	assert_int_equal(icmp6_build_ra(buf, len - 1, &ra), 0);
}

static void
test_ra_other_options(void **state)
{
	uint8_t buf[2048];
	struct icmp6_msg m;
	size_t len, i;

	/* source link-layer address and MTU options are skipped; a second HA info ignored */
	len = hex("8600 0000 40 00 0708 00000000 00000000 0101 020000000001"
	    "0501 0000 000005dc 0801 0000 0001 0010 0801 0000 0002 0020", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ra.present, ICMP6_RA_HA_INFO);
	assert_int_equal(m.ra.ha_pref, 1);
	assert_int_equal(m.ra.ha_lifetime, 16);
	assert_int_equal(m.ra.nprefix, 0);

	/* more prefixes than kept: the rest are still checked, and flagged */
	memset(buf, 0, sizeof(buf));
	buf[0] = ICMP6_RA_TYPE;
	len = 16;
	for (i = 0; i < ICMP6_MAX_PREFIX + 3; i++, len += 32) {
		buf[len] = 3;
		buf[len + 1] = 4;
		buf[len + 2] = 64;
	}
	assert_int_equal(icmp6_parse(buf, len, NULL, NULL, &m), ICMP6_OK);
	assert_int_equal(m.ra.nprefix, ICMP6_MAX_PREFIX);
	assert_int_equal(m.ra.more, 1);
	buf[len - 32 + 11] = 1;	/* last prefix: preferred 1 > valid 0 */
	assert_int_equal(icmp6_parse(buf, len, NULL, NULL, &m), ICMP6_ERR_LIFETIME);
}

#define PFX	"20010db8000100000000000000000000"

static void
test_bad(void **state)
{
	parse_bad("", ICMP6_ERR_TRUNCATED);
	parse_bad("9000 0000 12", ICMP6_ERR_TRUNCATED);
	parse_bad("8600 0000 40 00 0708 0000", ICMP6_ERR_TRUNCATED);
	parse_bad("8000 0000 1234 0001", ICMP6_ERR_UNKNOWN_TYPE);
	parse_bad("9001 0000 1234 0000", ICMP6_ERR_CODE);
	parse_bad("9101 0000 1234 0000", ICMP6_ERR_CODE);
	/* address list not a multiple of 16 */
	parse_bad("9100 0000 1234 0000 20010db800010000", ICMP6_ERR_LEN);
	/* option of length 0: refused, never looped on (RFC 4861 4.6) */
	parse_bad("9300 0000 0007 0000 0300 00000000", ICMP6_ERR_OPT_TRUNCATED);
	parse_bad("8600 0000 40 00 0708 00000000 00000000 0100 000000000000",
	    ICMP6_ERR_OPT_TRUNCATED);
	/* option running past the end; a lone octet */
	parse_bad("9300 0000 0007 0000 0304 40c0 00015180", ICMP6_ERR_OPT_TRUNCATED);
	parse_bad("8600 0000 40 00 0708 00000000 00000000 07", ICMP6_ERR_OPT_TRUNCATED);
	/* Prefix Information of 24 octets, too short */
	parse_bad("9300 0000 0007 0000 0303 40c0 00015180 00003840 00000000 20010db800010000",
	    ICMP6_ERR_OPT_LEN);
	/* Prefix Information of 40 octets */
	parse_bad("9300 0000 0007 0000 0305 40c0 00015180 00003840 00000000" PFX
	    "0000000000000000", ICMP6_ERR_OPT_LEN);
	/* Advertisement Interval and Home Agent Information of 16 octets */
	parse_bad("8600 0000 40 00 0708 00000000 00000000 0702 0000 000003e8 0000000000000000",
	    ICMP6_ERR_OPT_LEN);
	parse_bad("8600 0000 40 00 0708 00000000 00000000 0802 0000 0000 0708 0000000000000000",
	    ICMP6_ERR_OPT_LEN);
	/* prefix length 129 */
	parse_bad("9300 0000 0007 0000 0304 81c0 00015180 00003840 00000000" PFX,
	    ICMP6_ERR_PREFIX_LEN);
	/* valid lifetime below preferred lifetime, in an MPA and in an RA */
	parse_bad("9300 0000 0007 0000 0304 40c0 00003840 00015180 00000000" PFX,
	    ICMP6_ERR_LIFETIME);
	parse_bad("8600 0000 40 20 0708 00000000 00000000 0304 40c0 00000000 00000001 00000000"
	    PFX, ICMP6_ERR_LIFETIME);
	/* an MPA ignores RA-only options but still checks their length */
	parse_bad("9300 0000 0007 0000 0801 0000 0001 0010", ICMP6_OK);
	parse_bad("9300 0000 0007 0000 0800 0000 0001 0010", ICMP6_ERR_OPT_TRUNCATED);
}

/*
 * MN-5-1-2-1-021 and MN-4-2-1-1-015: reserved bits set in a HAAD Reply or a Mobile Prefix
 * Advertisement are ignored; MN-4-2-1-1-019: an MPA option other than Prefix Information is
 * skipped; HA_7_2_1, HA_7_2_2, HA_7_3_1: Home Agent Information with preference 0, 0xffff
 * (-1) and lifetime 0 is read as such.
 */
static void
test_conformance(void **state)
{
	uint8_t buf[256];
	struct icmp6_msg m;
	size_t len;

	len = hex("9100 0000 1234 7fff 20010db8000100000000000000000001", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.haad_rep.flags, 0);
	assert_int_equal(m.haad_rep.naddr, 1);
	len = hex("9300 0000 0007 3fff 0101 020000000001 0304 40c0 00015180 00003840 00000000"
	    PFX, buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.mpa.flags, 0);
	assert_int_equal(m.mpa.nprefix, 1);
	assert_int_equal(m.mpa.prefix[0].valid, 86400);
	len = hex("8600 0000 40 20 0708 00000000 00000000 0801 0000 0000 0708", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ra.ha_pref, 0);
	assert_int_equal(m.ra.ha_lifetime, 1800);
	len = hex("8600 0000 40 20 0708 00000000 00000000 0801 0000 ffff 0000", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ra.ha_pref, -1);
	assert_int_equal(m.ra.ha_lifetime, 0);
}

/* RFC 2526 2, RFC 6275 10.5: the Mobile IPv6 Home-Agents anycast address of a prefix */
static void
test_ha_anycast(void **state)
{
	struct in6_addr p, out, want;
	char buf[INET6_ADDRSTRLEN];

	inet_pton(AF_INET6, "2001:db8:1::", &p);
	icmp6_ha_anycast(&p, 64, &out);
	inet_pton(AF_INET6, "2001:db8:1:0:fdff:ffff:ffff:fffe", &want);
	assert_string_equal(inet_ntop(AF_INET6, &out, buf, sizeof(buf)),
	    "2001:db8:1:0:fdff:ffff:ffff:fffe");
	assert_memory_equal(&out, &want, 16);
	/* not EUI-64 format: all ones but the anycast identifier 0x7e */
	inet_pton(AF_INET6, "2001:db8:1:2::", &p);
	icmp6_ha_anycast(&p, 80, &out);
	assert_string_equal(inet_ntop(AF_INET6, &out, buf, sizeof(buf)),
	    "2001:db8:1:2:0:ffff:ffff:fffe");
}

static void
test_names(void **state)
{
	int r;

	assert_string_equal(icmp6_type_name(ICMP6_MPA_TYPE), "Mobile Prefix Advertisement");
	assert_string_equal(icmp6_type_stat_name(ICMP6_HAAD_REQ_TYPE), "rx.haad-req");
	assert_string_equal(icmp6_type_name(1), "other");
	for (r = 0; r <= ICMP6_REASON_MAX; r++) {
		assert_non_null(icmp6_reason_str(r));
		assert_non_null(icmp6_reason_stat_name(r));
	}
	assert_string_equal(icmp6_reason_stat_name(ICMP6_ERR_LIFETIME), "drop.icmp6-lifetime");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_haad),
		cmocka_unit_test(test_mps_mpa),
		cmocka_unit_test(test_ra),
		cmocka_unit_test(test_ra_other_options),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_conformance),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ha_anycast),
	};

	return cmocka_run_group_tests_name("icmp6", tests, setup, NULL);
}
