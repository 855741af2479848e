/* test_mh.c - Mobility Header codec: golden bytes, round trips, malformed input */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mh.h"

static struct in6_addr a_src, a_dst, a_coa, a_hoa, a_mnp;

static size_t
hex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void
assert_bytes(const uint8_t *got, size_t len, const char *want_hex)
{
	uint8_t want[MH_MAX_LEN];
	size_t n = hex(want_hex, want);

	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
}

static int
setup(void **state)
{
	inet_pton(AF_INET6, "2001:db8::1", &a_src);
	inet_pton(AF_INET6, "2001:db8::2", &a_dst);
	inet_pton(AF_INET6, "2001:db8:2::100", &a_coa);
	inet_pton(AF_INET6, "2001:db8:1::10", &a_hoa);
	inet_pton(AF_INET6, "2001:db8:100::", &a_mnp);
	return 0;
}

/* Parse with the checksum set for a_src/a_dst, expect success. */
static void
parse_ok(uint8_t *buf, size_t len, struct mh_msg *m)
{
	struct mh_error err;

	mh_checksum_set(buf, len, &a_src, &a_dst);
	assert_int_equal(mh_parse(buf, len, &a_src, &a_dst, m, &err), MH_OK);
	assert_int_equal(err.reason, MH_OK);
	assert_int_equal(err.action, MH_ACT_NONE);
	assert_int_equal(m->len, len);
}

/* Parse raw bytes (checksum fixed first), expect a reason, an action and a pointer. */
static void
parse_bad(const char *h, enum mh_reason r, enum mh_action a, uint32_t ptr)
{
	uint8_t buf[MH_MAX_LEN];
	struct mh_error err;
	struct mh_msg m;
	size_t len = hex(h, buf);

	/* the checksum over the message as its header length tells, trailing octets aside */
	if (len >= 8)
		mh_checksum_set(buf, ((size_t)buf[1] + 1) * 8 <= len ?
		    ((size_t)buf[1] + 1) * 8 : len, &a_src, &a_dst);
	assert_int_equal(mh_parse(buf, len, &a_src, &a_dst, &m, &err), r);
	assert_int_equal(err.reason, r);
	assert_int_equal(err.action, a);
	assert_int_equal(err.pointer, ptr);
	/* same verdict without the checksum check, and with err NULL */
	assert_int_equal(mh_parse(buf, len, NULL, NULL, &m, NULL), r);
}

/* ---- golden bytes ---- */

static void
test_bu_plain(void **state)
{
	struct mh_bu bu = { .seq = 0x1234, .flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_K,
	    .lifetime = 0x40 };
	uint8_t buf[64];
	size_t len;

	len = mh_build_bu(buf, sizeof(buf), &bu, NULL);
	assert_bytes(buf, len, "3b010500 0000 1234 d000 0040 01020000");
	/* checksum computed independently for 2001:db8::1 -> 2001:db8::2 */
	mh_checksum_set(buf, len, &a_src, &a_dst);
	assert_int_equal(buf[4], 0x80);
	assert_int_equal(buf[5], 0x7b);
	assert_true(mh_checksum_ok(buf, len, &a_src, &a_dst));
	buf[9] ^= 1;
	assert_false(mh_checksum_ok(buf, len, &a_src, &a_dst));
}

static void
test_bu_altcoa(void **state)
{
	struct mh_bu bu = { .seq = 1, .flags = MH_BU_F_A | MH_BU_F_H, .lifetime = 100 };
	struct mh_msg m;
	uint8_t buf[64];
	size_t len;

	bu.opts.present = MH_OPTF_ALTCOA;
	bu.opts.altcoa = a_coa;
	len = mh_build_bu(buf, sizeof(buf), &bu, NULL);
	/* Alternate CoA at 8n+6 (RFC 6275 6.2.5): PadN of 2 first */
	assert_bytes(buf, len, "3b030500 0000 0001 c000 0064 0100"
	    "0310 20010db8000200000000000000000100");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, MH_TYPE_BU);
	assert_int_equal(m.bu.seq, 1);
	assert_int_equal(m.bu.flags, MH_BU_F_A | MH_BU_F_H);
	assert_int_equal(m.bu.lifetime, 100);
	assert_int_equal(m.bu.opts.present, MH_OPTF_ALTCOA);
	assert_memory_equal(&m.bu.opts.altcoa, &a_coa, 16);
}

static void
collect(void *ctx, const void *data, size_t len)
{
	uint8_t **p = ctx;

	memcpy(*p, data, len);
	*p += len;
}

static void
test_bu_rr(void **state)
{
	static const uint8_t mac[MH_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	struct mh_bu bu = { .seq = 7, .flags = MH_BU_F_A, .lifetime = 0x10 };
	uint8_t buf[64], in[64], *p = in;
	struct mh_msg m;
	size_t len, off = 99;

	bu.opts.present = MH_OPTF_NONCE | MH_OPTF_AUTH;
	bu.opts.home_nonce = 0x0102;
	bu.opts.careof_nonce = 0x0304;
	len = mh_build_bu(buf, sizeof(buf), &bu, &off);
	/* Nonce Indices at 2n, Authorization Data at 8n+2 and last (6.2.6, 6.2.7) */
	assert_bytes(buf, len, "3b030500 0000 0007 8000 0010 0404 0102 0304"
	    "050c 000000000000000000000000");
	assert_int_equal(off, 20);

	/* the MAC input: the message up to the authenticator, checksum as zero */
	mh_checksum_set(buf, len, &a_src, &a_dst);
	mh_auth_input(buf, off, collect, &p);
	assert_int_equal(p - in, 20);
	assert_memory_equal(in, "\x3b\x03\x05\x00\x00\x00", 6);
	assert_memory_equal(in + 6, buf + 6, 14);

	memcpy(buf + off, mac, sizeof(mac));
	parse_ok(buf, len, &m);
	assert_int_equal(m.bu.opts.present, MH_OPTF_NONCE | MH_OPTF_AUTH);
	assert_int_equal(m.bu.opts.home_nonce, 0x0102);
	assert_int_equal(m.bu.opts.careof_nonce, 0x0304);
	assert_int_equal(m.bu.opts.auth_off, 20);
	assert_ptr_equal(m.bu.opts.auth, buf + 20);
	assert_memory_equal(m.bu.opts.auth, mac, sizeof(mac));

	/* the builder copies a given authenticator */
	bu.opts.auth = mac;
	len = mh_build_bu(buf, sizeof(buf), &bu, &off);
	assert_memory_equal(buf + off, mac, sizeof(mac));
}

static void
test_bu_mnp(void **state)
{
	struct mh_bu bu = { .seq = 2, .flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_R,
	    .lifetime = 0x100 };
	struct mh_msg m;
	uint8_t buf[128];
	size_t len;

	bu.opts.present = MH_OPTF_MNP;
	bu.opts.nmnp = 2;
	bu.opts.mnp[0].plen = 48;
	bu.opts.mnp[0].prefix = a_mnp;
	bu.opts.mnp[1].plen = 64;
	bu.opts.mnp[1].prefix = a_coa;
	len = mh_build_bu(buf, sizeof(buf), &bu, NULL);
	/* Mobile Network Prefix at 8n+4 (RFC 3963 6.2): 56 octets, no final padding */
	assert_bytes(buf, len, "3b060500 0000 0002 c400 0100"
	    "0612 0030 20010db8010000000000000000000000"
	    "01020000"
	    "0612 0040 20010db8000200000000000000000100");
	parse_ok(buf, len, &m);
	assert_int_equal(m.bu.flags, MH_BU_F_A | MH_BU_F_H | MH_BU_F_R);
	assert_int_equal(m.bu.opts.present, MH_OPTF_MNP);
	assert_int_equal(m.bu.opts.nmnp, 2);
	assert_int_equal(m.bu.opts.mnp[0].plen, 48);
	assert_memory_equal(&m.bu.opts.mnp[0].prefix, &a_mnp, 16);
	assert_int_equal(m.bu.opts.mnp[1].plen, 64);
}

static void
test_ba(void **state)
{
	struct mh_ba ba = { .status = 0, .flags = MH_BA_F_K, .seq = 0x1234, .lifetime = 100 };
	struct mh_msg m;
	uint8_t buf[64];
	size_t len, off;

	ba.opts.present = MH_OPTF_REFRESH;
	ba.opts.refresh = 0x32;
	len = mh_build_ba(buf, sizeof(buf), &ba, &off);
	assert_int_equal(off, 0);
	assert_bytes(buf, len, "3b010600 0000 0080 1234 0064 0202 0032");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, MH_TYPE_BA);
	assert_int_equal(m.ba.status, 0);
	assert_int_equal(m.ba.flags, MH_BA_F_K);
	assert_int_equal(m.ba.seq, 0x1234);
	assert_int_equal(m.ba.lifetime, 100);
	assert_int_equal(m.ba.opts.present, MH_OPTF_REFRESH);
	assert_int_equal(m.ba.opts.refresh, 0x32);

	/* a correspondent's BA with the authenticator: PadN 6, then 8n+2 */
	memset(&ba, 0, sizeof(ba));
	ba.status = MH_BA_SEQ_OUT_OF_WINDOW;
	ba.seq = 7;
	ba.lifetime = 0x10;
	ba.opts.present = MH_OPTF_AUTH;
	len = mh_build_ba(buf, sizeof(buf), &ba, &off);
	assert_bytes(buf, len, "3b030600 0000 8700 0007 0010 0104 00000000"
	    "050c 000000000000000000000000");
	assert_int_equal(off, 20);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ba.status, 135);
	assert_int_equal(m.ba.opts.auth_off, 20);
}

static void
test_be_brr_hoti_hot(void **state)
{
	struct mh_be be = { .status = MH_BE_UNKNOWN_TYPE, .hoa = a_hoa };
	struct mh_brr brr;
	struct mh_hoti hoti = { .cookie = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct mh_coti coti = { .cookie = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct mh_hot hot = { .nonce_idx = 0x0102,
	    .cookie = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 },
	    .token = { 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28 } };
	struct mh_cot cot;
	struct mh_msg m;
	uint8_t buf[64];
	size_t len;

	len = mh_build_be(buf, sizeof(buf), &be);
	assert_bytes(buf, len, "3b020700 0000 0200 20010db8000100000000000000000010");
	parse_ok(buf, len, &m);
	assert_int_equal(m.be.status, 2);
	assert_memory_equal(&m.be.hoa, &a_hoa, 16);

	memset(&brr, 0, sizeof(brr));
	len = mh_build_brr(buf, sizeof(buf), &brr);
	assert_bytes(buf, len, "3b000000 0000 0000");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, MH_TYPE_BRR);

	len = mh_build_hoti(buf, sizeof(buf), &hoti);
	assert_bytes(buf, len, "3b010100 0000 0000 0102030405060708");
	parse_ok(buf, len, &m);
	assert_memory_equal(m.hoti.cookie, hoti.cookie, 8);

	len = mh_build_coti(buf, sizeof(buf), &coti);
	assert_bytes(buf, len, "3b010200 0000 0000 0102030405060708");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, MH_TYPE_COTI);
	assert_memory_equal(m.coti.cookie, coti.cookie, 8);

	len = mh_build_hot(buf, sizeof(buf), &hot);
	assert_bytes(buf, len, "3b020300 0000 0102 1112131415161718 2122232425262728");
	parse_ok(buf, len, &m);
	assert_int_equal(m.hot.nonce_idx, 0x0102);
	assert_memory_equal(m.hot.cookie, hot.cookie, 8);
	assert_memory_equal(m.hot.token, hot.token, 8);

	memcpy(&cot, &hot, sizeof(cot));
	len = mh_build_cot(buf, sizeof(buf), &cot);
	assert_bytes(buf, len, "3b020400 0000 0102 1112131415161718 2122232425262728");
	parse_ok(buf, len, &m);
	assert_int_equal(m.type, MH_TYPE_COT);
	assert_int_equal(m.cot.nonce_idx, 0x0102);
}

static void
test_experimental(void **state)
{
	static const uint8_t data[] = { 0xab, 0xcd };
	struct mh_brr brr;
	struct mh_msg m;
	uint8_t buf[64];
	size_t len;

	memset(&brr, 0, sizeof(brr));
	brr.opts.present = MH_OPTF_EXP;
	brr.opts.exp = data;
	brr.opts.exp_len = sizeof(data);
	len = mh_build_brr(buf, sizeof(buf), &brr);
	/* RFC 5096: type 18, no alignment */
	assert_bytes(buf, len, "3b010000 0000 0000 1202abcd 01020000");
	parse_ok(buf, len, &m);
	assert_int_equal(m.brr.opts.present, MH_OPTF_EXP);
	assert_int_equal(m.brr.opts.exp_len, 2);
	assert_memory_equal(m.brr.opts.exp, data, 2);

	/* one octet short of 8n: Pad1 (RFC 6275 6.2.2) */
	brr.opts.exp = (const uint8_t *)"\x01\x02\x03\x04\x05";
	brr.opts.exp_len = 5;
	len = mh_build_brr(buf, sizeof(buf), &brr);
	assert_bytes(buf, len, "3b010000 0000 0000 1205 0102030405 00");
	parse_ok(buf, len, &m);
	assert_int_equal(m.brr.opts.exp_len, 5);
}

/* Every option the builder knows in one BU, through mh_build, and back. */
static void
test_round_trip_all(void **state)
{
	static const uint8_t exp[] = { 1, 2, 3 };
	struct mh_msg in, out;
	uint8_t buf[MH_MAX_LEN];
	size_t len, off, i;

	memset(&in, 0, sizeof(in));
	in.type = MH_TYPE_BU;
	in.bu.seq = 65535;
	in.bu.flags = MH_BU_F_ALL;
	in.bu.lifetime = 65535;
	in.bu.opts.present = MH_OPTF_NONCE | MH_OPTF_ALTCOA | MH_OPTF_MNP | MH_OPTF_EXP |
	    MH_OPTF_AUTH;
	in.bu.opts.home_nonce = 1;
	in.bu.opts.careof_nonce = 2;
	in.bu.opts.altcoa = a_coa;
	in.bu.opts.nmnp = MH_MAX_MNP;
	for (i = 0; i < MH_MAX_MNP; i++) {
		in.bu.opts.mnp[i].plen = (uint8_t)(i * 16);
		in.bu.opts.mnp[i].prefix = a_mnp;
		in.bu.opts.mnp[i].prefix.s6_addr[5] = (uint8_t)i;
	}
	in.bu.opts.exp = exp;
	in.bu.opts.exp_len = sizeof(exp);
	len = mh_build(buf, sizeof(buf), &in, &off);
	assert_true(len > 0);
	assert_int_equal(len % 8, 0);
	assert_int_equal(off, len - MH_AUTH_LEN);
	parse_ok(buf, len, &out);
	assert_int_equal(out.bu.seq, 65535);
	assert_int_equal(out.bu.flags, MH_BU_F_ALL);
	assert_int_equal(out.bu.opts.present, in.bu.opts.present);
	assert_int_equal(out.bu.opts.nmnp, MH_MAX_MNP);
	for (i = 0; i < MH_MAX_MNP; i++) {
		assert_int_equal(out.bu.opts.mnp[i].plen, i * 16);
		assert_memory_equal(&out.bu.opts.mnp[i].prefix, &in.bu.opts.mnp[i].prefix, 16);
	}
	assert_memory_equal(out.bu.opts.exp, exp, sizeof(exp));
	assert_ptr_equal(mh_msg_opts(&out), &out.bu.opts);

	/* every size of buffer below the need fails cleanly */
	for (i = 0; i < len; i++)
		assert_int_equal(mh_build(buf, i, &in, &off), 0);

	/* other types through mh_build */
	for (i = 0; i <= MH_TYPE_BE; i++) {
		memset(&in, 0, sizeof(in));
		in.type = (uint8_t)i;
		len = mh_build(buf, sizeof(buf), &in, NULL);
		assert_true(len >= 8);
		parse_ok(buf, len, &out);
		assert_int_equal(out.type, i);
		assert_ptr_not_equal(mh_msg_opts(&out), NULL);
	}
	in.type = MH_TYPE_FBU;
	assert_int_equal(mh_build(buf, sizeof(buf), &in, NULL), 0);
}

/* ---- malformed input ---- */

static void
test_bad_header(void **state)
{
	uint8_t buf[64];
	struct mh_error err;
	struct mh_msg m;
	size_t len;

	/* shorter than 8 octets */
	parse_bad("3b0005", MH_ERR_TRUNCATED, MH_DROP, 1);
	parse_bad("", MH_ERR_TRUNCATED, MH_DROP, 1);
	/* header length says 16 octets, 8 received */
	parse_bad("3b010000 0000 0000", MH_ERR_TRUNCATED, MH_DROP, 1);
	/* header length lies high on a BU */
	parse_bad("3b030500 0000 0001 c000 0064 01020000", MH_ERR_TRUNCATED, MH_DROP, 1);
	/* RFC 6275 9.2: payload proto not 59 -> Parameter Problem at offset 0 */
	parse_bad("06010500 0000 0001 c000 0064 01020000", MH_ERR_BAD_PROTO, MH_SEND_PARAMPROB,
	    0);
	/* header length below the type's minimum -> Parameter Problem at offset 1 */
	parse_bad("3b000500 0000 0001", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, 1);
	parse_bad("3b010300 0000 0001 0000000000000000", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB,
	    1);
	parse_bad("3b010700 0000 0200 0000000000000000", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB,
	    1);
	parse_bad("3b000100 0000 0000", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, 1);
	/* unrecognised types, assigned or not -> Binding Error status 2 */
	parse_bad("3b000800 0000 0000", MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, 2);
	parse_bad("3b001700 0000 0000", MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, 2);
	parse_bad("3b00ff00 0000 0000", MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, 2);

	/* the type is reported for the Binding Error and the counters */
	len = hex("3b001000 0000 0000", buf);
	assert_int_equal(mh_parse(buf, len, NULL, NULL, &m, &err), MH_ERR_UNKNOWN_TYPE);
	assert_int_equal(err.type, MH_TYPE_BR);
	assert_string_equal(mh_type_stat_name(err.type), "rx.brev");

	/* bad checksum: silent discard, checked before anything else (9.2) */
	len = hex("06000800 0000 0000", buf);
	mh_checksum_set(buf, len, &a_src, &a_dst);
	buf[5] ^= 0x40;
	assert_int_equal(mh_parse(buf, len, &a_src, &a_dst, &m, &err), MH_ERR_CHECKSUM);
	assert_int_equal(err.action, MH_DROP);
	assert_int_equal(err.pointer, 4);
	/* a checksum made with the care-of address where the home address belongs */
	mh_checksum_set(buf, len, &a_coa, &a_dst);
	assert_int_equal(mh_parse(buf, len, &a_hoa, &a_dst, &m, &err), MH_ERR_CHECKSUM);
}

/*
 * The Mobility Header checks of the conformance suites, as the parser answers them:
 * CN-2-1-3, CN-2-2-3, CN-2-3-3, HA_1_1_4 (header length), CN-2-1-5, CN-2-2-5, CN-2-3-5,
 * MN-4-2-1-2-011 (payload proto), CN-2-1-6, CN-2-2-6, CN-2-3-6, HA_1_1_3, MN-6-2-1-1-004,
 * MN-4-2-1-2-007 (checksum), CN-2-4-1, HA_1_1_1, MN-6-2-1-1-003 (MH type).
 */
static void
test_conformance_header(void **state)
{
	/* HoTI, CoTI, BU with a header length one unit short: Parameter Problem, pointer 1 */
	parse_bad("3b000100 0000 0000", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, 1);
	parse_bad("3b000200 0000 0000", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, 1);
	parse_bad("3b000500 0000 0001", MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, 1);
	/* payload proto 6 on HoTI, CoTI, BU, CoT: Parameter Problem, pointer 0 */
	parse_bad("06010100 0000 0000 0102030405060708", MH_ERR_BAD_PROTO, MH_SEND_PARAMPROB,
	    0);
	parse_bad("06010200 0000 0000 0102030405060708", MH_ERR_BAD_PROTO, MH_SEND_PARAMPROB,
	    0);
	parse_bad("3a010500 0000 0001 c000 0064 01020000", MH_ERR_BAD_PROTO, MH_SEND_PARAMPROB,
	    0);
	parse_bad("06020400 0000 0102 1112131415161718 2122232425262728", MH_ERR_BAD_PROTO,
	    MH_SEND_PARAMPROB, 0);
	/* MH type 8 and 255 where a BA or HoT was due: Binding Error status 2 */
	parse_bad("3b010800 0000 0000 0102030405060708", MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, 2);
	parse_bad("3b01ff00 0000 0000 0102030405060708", MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, 2);
}

/*
 * Options of the conformance suites: MN-3-2-1-2-023 (a BA with an option the node does not
 * know is processed), MN-3-2-1-2-025 (Authorization Data not last: discarded), CN-2-3-1-2
 * (Authorization Data off its 8n+2 alignment: discarded), CN-2-3-11 (Authorization Data of
 * a wrong length: discarded).
 */
static void
test_conformance_options(void **state)
{
	uint8_t buf[64];
	struct mh_msg m;
	size_t len;

	len = hex("3b020600 0000 0000 0001 0064 2a02 ffff 0202 0032 01020000", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ba.opts.present, MH_OPTF_REFRESH);
	assert_int_equal(m.ba.opts.refresh, 0x32);
	assert_int_equal(m.ba.opts.nskipped, 1);
	parse_bad("3b040600 0000 0000 0007 0010 010400000000 050c 000000000000000000000000"
	    "0202 0032 01020000", MH_ERR_OPT_AUTH_NOT_LAST, MH_DROP, 32);
	parse_bad("3b040500 0000 0007 8000 0010 0404 0102 0304 0100 050c"
	    "000000000000000000000000 000000000000", MH_ERR_OPT_ALIGN, MH_DROP, 20);
	parse_bad("3b030500 0000 0007 8000 0010 0404 0102 0304 050a"
	    "00000000000000000000 0100", MH_ERR_OPT_LEN, MH_DROP, 19);
}

static void
test_trailing_and_reserved(void **state)
{
	uint8_t buf[64];
	struct mh_msg m;
	size_t len;

	/* reserved bits and octets set: ignored on receipt */
	len = hex("3b0105ff 0000 0001 c00f 0064 01020000", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.bu.flags, MH_BU_F_A | MH_BU_F_H);
	len = hex("3b0106ff 0000 00ff 0001 0064 01020000", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ba.flags, MH_BA_F_ALL);
	/* octets after the Mobility Header are not part of it (No Next Header) */
	len = hex("3b000000 0000 0000 deadbeef", buf);
	mh_checksum_set(buf, 8, &a_src, &a_dst);
	assert_int_equal(mh_parse(buf, len, &a_src, &a_dst, &m, NULL), MH_OK);
	assert_int_equal(m.len, 8);
}

static void
test_unaligned_buffer(void **state)
{
	struct mh_bu bu = { .seq = 9, .flags = MH_BU_F_A, .lifetime = 3 };
	uint8_t *raw = malloc(MH_MAX_LEN + 1), *buf = raw + 1;
	struct mh_msg m;
	size_t len, off;

	assert_non_null(raw);
	bu.opts.present = MH_OPTF_ALTCOA | MH_OPTF_NONCE | MH_OPTF_AUTH;
	len = mh_build_bu(buf, MH_MAX_LEN, &bu, &off);
	assert_true(len > 0);
	parse_ok(buf, len, &m);
	assert_int_equal(m.bu.seq, 9);
	free(raw);
}

static void
test_bad_options(void **state)
{
	/* option length runs past the end */
	parse_bad("3b010500 0000 0001 c000 0064 0105 0000", MH_ERR_OPT_TRUNCATED, MH_DROP, 13);
	parse_bad("3b010500 0000 0001 c000 0064 0001 ff00", MH_ERR_OPT_TRUNCATED, MH_DROP, 14);
	/* an option type in the last octet */
	parse_bad("3b010500 0000 0001 c000 0064 000000 04", MH_ERR_OPT_TRUNCATED, MH_DROP, 15);
	/* Nonce Indices of length 3 */
	parse_bad("3b010500 0000 0001 c000 0064 0402 0102", MH_ERR_OPT_LEN, MH_DROP, 13);
	/* Nonce Indices on an odd offset */
	parse_bad("3b030500 0000 0001 c000 0064 00 0404 01020304 0106 000000000000 0000000000",
	    MH_ERR_OPT_ALIGN, MH_DROP, 13);
	/* Alternate CoA at 8n+4 instead of 8n+6 */
	parse_bad("3b030500 0000 0001 c000 0064 0310 20010db8000200000000000000000100 0100",
	    MH_ERR_OPT_ALIGN, MH_DROP, 12);
	/* Alternate CoA of length 8 */
	parse_bad("3b030500 0000 0001 c000 0064 0100 0308 2001000000000000 0106000000000000",
	    MH_ERR_OPT_LEN, MH_DROP, 15);
	/* two Nonce Indices */
	parse_bad("3b030500 0000 0001 c000 0064 0404 01020304 0404 01020304 0106000000000000",
	    MH_ERR_OPT_DUP, MH_DROP, 18);
	/* Authorization Data followed by another option */
	parse_bad("3b040500 0000 0001 c000 0064 010400000000 050c 000000000000000000000000"
	    "0106000000000000", MH_ERR_OPT_AUTH_NOT_LAST, MH_DROP, 32);
	/* Authorization Data followed by Pad1 */
	parse_bad("3b040500 0000 0001 c000 0064 010400000000 050c 000000000000000000000000"
	    "0000000000000000", MH_ERR_OPT_AUTH_NOT_LAST, MH_DROP, 32);
	/* Authorization Data of 8 octets */
	parse_bad("3b030500 0000 0001 c000 0064 010400000000 0508 0000000000000000 01020000",
	    MH_ERR_OPT_LEN, MH_DROP, 19);
	/* Authorization Data misaligned at 8n+4 */
	parse_bad("3b030500 0000 0001 c000 0064 050c 000000000000000000000000 010400000000",
	    MH_ERR_OPT_ALIGN, MH_DROP, 12);
	/* Mobile Network Prefix length 129 */
	parse_bad("3b030500 0000 0001 c000 0064 0612 0081 20010db8010000000000000000000000",
	    MH_ERR_OPT_VALUE, MH_DROP, 15);
	/* Mobile Network Prefix overlapping the end of the message */
	parse_bad("3b030500 0000 0001 c000 0064 0614 0030 20010db8010000000000000000000000",
	    MH_ERR_OPT_TRUNCATED, MH_DROP, 13);
	/* Binding Refresh Advice of length 4 in a BA */
	parse_bad("3b020600 0000 0000 0001 0064 0204 00320000 0104 00000000",
	    MH_ERR_OPT_LEN, MH_DROP, 13);
	/* two Binding Refresh Advice */
	parse_bad("3b020600 0000 0000 0001 0064 0202 0032 0202 0032 01020000",
	    MH_ERR_OPT_DUP, MH_DROP, 16);
}

static void
test_too_many_mnp(void **state)
{
	uint8_t buf[MH_MAX_LEN];
	struct mh_error err;
	struct mh_msg m;
	size_t off = MH_BU_LEN, i;

	memset(buf, 0, sizeof(buf));
	buf[0] = IPPROTO_NONE;
	buf[2] = MH_TYPE_BU;
	for (i = 0; i <= MH_MAX_MNP; i++) {
		if (off % 8 != 4) {
			buf[off] = MH_OPT_PADN;
			buf[off + 1] = 2;
			off += 4;
		}
		buf[off] = MH_OPT_MNP;
		buf[off + 1] = 18;
		buf[off + 3] = 64;
		off += 20;
	}
	if (off % 8) {
		buf[off] = MH_OPT_PADN;
		buf[off + 1] = (uint8_t)(8 - off % 8 - 2);
		off += 8 - off % 8;
	}
	buf[1] = (uint8_t)(off / 8 - 1);
	assert_int_equal(mh_parse(buf, off, NULL, NULL, &m, &err), MH_ERR_OPT_TOO_MANY);
	assert_int_equal(err.action, MH_DROP);
}

static void
test_skipped_options(void **state)
{
	uint8_t buf[64];
	struct mh_msg m;
	size_t len;

	/* unknown option 200 and a Refresh Advice (valid only in a BA) in a BU: skipped */
	len = hex("3b020500 0000 0001 c000 0064 c803 aabbcc 0202 0032 010100", buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.bu.opts.present, 0);
	assert_int_equal(m.bu.opts.nskipped, 2);
	/* an Alternate CoA in a BA: skipped, whatever its alignment */
	len = hex("3b030600 0000 0000 0001 0064 0310 20010db8000200000000000000000100 0100",
	    buf);
	parse_ok(buf, len, &m);
	assert_int_equal(m.ba.opts.present, 0);
	assert_int_equal(m.ba.opts.nskipped, 1);
	/* PadN contents are ignored */
	len = hex("3b010500 0000 0001 c000 0064 0102 ffff", buf);
	parse_ok(buf, len, &m);
}

/* Every truncation of a valid message is refused without reading past the end. */
static void
test_truncations(void **state)
{
	struct mh_bu bu = { .seq = 1, .flags = MH_BU_F_A, .lifetime = 1 };
	uint8_t buf[128], *copy;
	struct mh_msg m;
	size_t len, i;

	bu.opts.present = MH_OPTF_ALTCOA | MH_OPTF_NONCE | MH_OPTF_AUTH | MH_OPTF_MNP;
	bu.opts.nmnp = 1;
	len = mh_build_bu(buf, sizeof(buf), &bu, NULL);
	for (i = 0; i < len; i++) {
		copy = malloc(i ? i : 1);
		assert_non_null(copy);
		memcpy(copy, buf, i);
		assert_int_not_equal(mh_parse(copy, i, NULL, NULL, &m, NULL), MH_OK);
		free(copy);
	}
}

static void
test_names(void **state)
{
	char b[64];
	int r;

	assert_string_equal(mh_type_name(MH_TYPE_BU), "Binding Update");
	assert_string_equal(mh_type_name(MH_TYPE_SR), "Subscription Response");
	assert_string_equal(mh_type_name(24), "unassigned");
	assert_string_equal(mh_type_stat_name(MH_TYPE_BU), "rx.bu");
	assert_string_equal(mh_type_tx_stat_name(MH_TYPE_BA), "tx.ba");
	assert_string_equal(mh_type_stat_name(99), "rx.unassigned");
	assert_string_equal(mh_type_str(99, b, sizeof(b)), "unassigned (99)");
	assert_string_equal(mh_ba_status_name(0), "Binding Update accepted");
	assert_string_equal(mh_ba_status_name(132), "Not home subnet");
	assert_string_equal(mh_ba_status_name(139), "Registration type change disallowed");
	assert_string_equal(mh_ba_status_name(180), "CANNOT_SUPPORT_MULTIPATH_BINDING");
	assert_string_equal(mh_ba_status_name(7), "unassigned");
	assert_string_equal(mh_ba_status_name(181), "unassigned");
	assert_string_equal(mh_ba_status_str(7, b, sizeof(b)), "unassigned (7)");
	assert_string_equal(mh_ba_status_str(133, b, sizeof(b)),
	    "Not home agent for this mobile node (133)");
	for (r = 128; r <= 180; r++)
		assert_string_not_equal(mh_ba_status_name((uint8_t)r), "unassigned");
	assert_string_equal(mh_be_status_name(2), "Unrecognized MH Type value");
	assert_string_equal(mh_opt_name(MH_OPT_MNP), "Mobile Network Prefix");
	for (r = 0; r < MH_REASON_MAX; r++) {
		assert_non_null(mh_reason_str(r));
		assert_non_null(mh_reason_stat_name(r));
	}
	assert_string_equal(mh_reason_stat_name(MH_ERR_CHECKSUM), "drop.bad-checksum");
	assert_string_equal(mh_reason_str(MH_REASON_MAX), "unknown reason");
	assert_string_equal(mh_action_str(MH_SEND_BE_2), "binding error 2");
	assert_string_equal(mh_bu_flags_str(MH_BU_F_ALL, b, sizeof(b)), "AHLKMRPFTBSD");
	assert_string_equal(mh_bu_flags_str(MH_BU_F_A | MH_BU_F_K, b, sizeof(b)), "AK");
	assert_string_equal(mh_ba_flags_str(MH_BA_F_ALL, b, sizeof(b)), "KRPTBSD");
	assert_string_equal(mh_ba_flags_str(MH_BA_F_ALL, b, 3), "KR");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bu_plain),
		cmocka_unit_test(test_bu_altcoa),
		cmocka_unit_test(test_bu_rr),
		cmocka_unit_test(test_bu_mnp),
		cmocka_unit_test(test_ba),
		cmocka_unit_test(test_be_brr_hoti_hot),
		cmocka_unit_test(test_experimental),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_conformance_header),
		cmocka_unit_test(test_conformance_options),
		cmocka_unit_test(test_trailing_and_reserved),
		cmocka_unit_test(test_unaligned_buffer),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_too_many_mnp),
		cmocka_unit_test(test_skipped_options),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("mh", tests, setup, NULL);
}
