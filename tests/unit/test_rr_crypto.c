/* test_rr_crypto.c - return routability crypto against an independent computation
 * (tests/unit/rr_vectors.py, Python hashlib/hmac) and the correspondent's nonce window. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rr_crypto.h"

#ifndef RR_VECTORS_PY
#define RR_VECTORS_PY "tests/unit/rr_vectors.py"
#endif

struct vec {
	const char	*kcn, *hnonce, *cnonce, *hoa, *coa, *cn, *mh;
};

/* Fixed inputs; the last MH has a non-zero checksum field that must not matter. */
static const struct vec fixed[] = {
	{ "000102030405060708090a0b0c0d0e0f10111213", "0102030405060708",
	  "a1a2a3a4a5a6a7a8", "2001:db8:1::100", "2001:db8:2::200", "2001:db8:3::1",
	  /* BU: proto 59, len 3, type 5, rsvd, csum 0, seq 7, A|H... lifetime 0x10,
	   * then Nonce Indices (type 2, len 4) and BAD option type 5, len 12 */
	  "3b03050000000007c0000010020400010002050c" },
	{ "ffffffffffffffffffffffffffffffffffffffff", "0000000000000000",
	  "ffffffffffffffff", "::1", "fe80::1", "2001:db8::ffff",
	  "3b0305001234fffe80000001050c" },
	{ "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "deadbeefcafef00d",
	  "0011223344556677", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "2001:db8::2",
	  "2001:db8::3", "3b030500beef0001000003ff020400070009050c" },
};

static void
unhex(const char *s, uint8_t *out, size_t *len)
{
	size_t	n = strlen(s) / 2, i;

	for (i = 0; i < n; i++) {
		unsigned int v;

		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	*len = n;
}

static void
tohex(const uint8_t *p, size_t n, char *out)
{
	size_t	i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

/* Our six values for v, as the script prints them. */
static void
compute(const struct vec *v, char *line)
{
	uint8_t		 kcn[64], hn[16], cnn[16], mh[256];
	uint8_t		 ht[RR_TOKEN_LEN], ct[RR_TOKEN_LEN], kbm[RR_KBM_LEN], kbmd[RR_KBM_LEN];
	uint8_t		 auth[RR_AUTH_LEN], authd[RR_AUTH_LEN];
	struct in6_addr	 hoa, coa, cn;
	struct rr_key	*k;
	size_t		 len, mhlen;

	unhex(v->kcn, kcn, &len);
	assert_int_equal(len, RR_KCN_LEN);
	unhex(v->hnonce, hn, &len);
	assert_int_equal(len, RR_NONCE_LEN);
	unhex(v->cnonce, cnn, &len);
	assert_int_equal(len, RR_NONCE_LEN);
	unhex(v->mh, mh, &mhlen);
	assert_int_equal(inet_pton(AF_INET6, v->hoa, &hoa), 1);
	assert_int_equal(inet_pton(AF_INET6, v->coa, &coa), 1);
	assert_int_equal(inet_pton(AF_INET6, v->cn, &cn), 1);

	assert_non_null(k = rr_key_new(kcn));
	assert_int_equal(rr_keygen_token(k, &hoa, hn, 0, ht), 0);
	assert_int_equal(rr_keygen_token(k, &coa, cnn, 1, ct), 0);
	rr_key_free(k);
	assert_int_equal(rr_kbm(ht, ct, kbm), 0);
	assert_int_equal(rr_kbm(ht, NULL, kbmd), 0);
	assert_int_equal(rr_auth(kbm, &coa, &cn, mh, mhlen, auth), 0);
	assert_int_equal(rr_auth(kbmd, &hoa, &cn, mh, mhlen, authd), 0);

	tohex(ht, sizeof(ht), line);
	strcat(line, " ");
	tohex(ct, sizeof(ct), line + strlen(line));
	strcat(line, " ");
	tohex(kbm, sizeof(kbm), line + strlen(line));
	strcat(line, " ");
	tohex(kbmd, sizeof(kbmd), line + strlen(line));
	strcat(line, " ");
	tohex(auth, sizeof(auth), line + strlen(line));
	strcat(line, " ");
	tohex(authd, sizeof(authd), line + strlen(line));
}

static int
have_python(void)
{
	return system("python3 -c 'import hashlib, hmac, ipaddress' >/dev/null 2>&1") == 0;
}

static void
check_against_python(const struct vec *v, size_t n)
{
	char	 cmd[8192], got[256], want[256];
	FILE	*p;
	size_t	 i;

	snprintf(cmd, sizeof(cmd), "python3 '%s'", RR_VECTORS_PY);
	for (i = 0; i < n; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
		    " %s %s %s %s %s %s %s", v[i].kcn, v[i].hnonce, v[i].cnonce, v[i].hoa,
		    v[i].coa, v[i].cn, v[i].mh);
	assert_non_null(p = popen(cmd, "r"));
	for (i = 0; i < n; i++) {
		assert_non_null(fgets(want, sizeof(want), p));
		want[strcspn(want, "\n")] = '\0';
		compute(&v[i], got);
		assert_string_equal(got, want);
	}
	assert_int_equal(pclose(p), 0);
}

static void
test_rr_fixed_vectors_python(void **state)
{
	if (!have_python())
		skip();
	check_against_python(fixed, sizeof(fixed) / sizeof(fixed[0]));
}

/* Random inputs each run, so the check is not limited to a few hand-picked values. */
static void
test_rr_random_vectors_python(void **state)
{
	static char	 kcn[8][41], hn[8][17], cnn[8][17], mh[8][129];
	static char	 hoa[8][64], coa[8][64], cn[8][64];
	struct vec	 v[8];
	uint8_t		 buf[64];
	struct in6_addr	 a;
	int		 i;

	if (!have_python())
		skip();
	for (i = 0; i < 8; i++) {
		assert_int_equal(rr_random(buf, sizeof(buf)), 0);
		tohex(buf, 20, kcn[i]);
		tohex(buf + 20, 8, hn[i]);
		tohex(buf + 28, 8, cnn[i]);
		assert_int_equal(rr_random(buf, sizeof(buf)), 0);
		tohex(buf, 6 + (buf[63] % 58), mh[i]);
		assert_int_equal(rr_random(buf, sizeof(buf)), 0);
		memcpy(&a, buf, 16);
		inet_ntop(AF_INET6, &a, hoa[i], sizeof(hoa[i]));
		memcpy(&a, buf + 16, 16);
		inet_ntop(AF_INET6, &a, coa[i], sizeof(coa[i]));
		memcpy(&a, buf + 32, 16);
		inet_ntop(AF_INET6, &a, cn[i], sizeof(cn[i]));
		v[i] = (struct vec){ kcn[i], hn[i], cnn[i], hoa[i], coa[i], cn[i], mh[i] };
	}
	check_against_python(v, 8);
}

static void
test_rr_auth_ignores_checksum(void **state)
{
	uint8_t		 kbm[RR_KBM_LEN] = { 1, 2, 3 }, a1[RR_AUTH_LEN], a2[RR_AUTH_LEN];
	uint8_t		 mh[20] = { 59, 3, 5, 0, 0, 0, 0, 1 };
	struct in6_addr	 coa = IN6ADDR_LOOPBACK_INIT, cn = IN6ADDR_ANY_INIT;

	assert_int_equal(rr_auth(kbm, &coa, &cn, mh, sizeof(mh), a1), 0);
	mh[4] = 0xab;
	mh[5] = 0xcd;
	assert_int_equal(rr_auth(kbm, &coa, &cn, mh, sizeof(mh), a2), 0);
	assert_memory_equal(a1, a2, RR_AUTH_LEN);
	mh[19] ^= 1;
	assert_int_equal(rr_auth(kbm, &coa, &cn, mh, sizeof(mh), a2), 0);
	assert_memory_not_equal(a1, a2, RR_AUTH_LEN);
	/* too short to hold a checksum */
	assert_int_equal(rr_auth(kbm, &coa, &cn, mh, 5, a2), -1);
}

static void
test_rr_equal(void **state)
{
	uint8_t	a[12] = { 1 }, b[12] = { 1 };

	assert_true(rr_equal(a, b, sizeof(a)));
	b[11] = 1;
	assert_false(rr_equal(a, b, sizeof(a)));
}

/* Deterministic "random" source so the tests know the Kcn and nonces. */
static uint8_t	rnd_next;

static int
rnd_counter(uint8_t *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		buf[i] = rnd_next++;
	return 0;
}

static const uint8_t mh_bu[] = { 59, 3, 5, 0, 0x12, 0x34, 0, 9, 0, 0, 0, 100,
	2, 4, 0, 0, 0, 0, 5, 12 };

/* What a mobile node does: tokens from HoT/CoT, Kbm, authenticator over the BU. */
static void
mn_auth(struct rr_cn *cn, uint64_t now, const struct in6_addr *hoa,
    const struct in6_addr *coa, const struct in6_addr *cna, int dereg, uint16_t *hi,
    uint16_t *ci, uint8_t auth[RR_AUTH_LEN])
{
	uint8_t	ht[RR_TOKEN_LEN], ct[RR_TOKEN_LEN], kbm[RR_KBM_LEN];

	assert_int_equal(rr_cn_token(cn, now, hoa, 0, hi, ht), 0);
	assert_int_equal(rr_cn_token(cn, now, coa, 1, ci, ct), 0);
	assert_int_equal(rr_kbm(ht, dereg ? NULL : ct, kbm), 0);
	assert_int_equal(rr_auth(kbm, dereg ? hoa : coa, cna, mh_bu, sizeof(mh_bu), auth), 0);
}

static void
test_rr_cn_roundtrip(void **state)
{
	struct in6_addr	 hoa, coa, cna;
	struct rr_cn	*cn;
	uint8_t		 auth[RR_AUTH_LEN], kbm[RR_KBM_LEN];
	uint16_t	 hi, ci;

	inet_pton(AF_INET6, "2001:db8:1::5", &hoa);
	inet_pton(AF_INET6, "2001:db8:7::5", &coa);
	inet_pton(AF_INET6, "2001:db8:9::1", &cna);
	assert_non_null(cn = rr_cn_new(1000, NULL));
	mn_auth(cn, 1000, &hoa, &coa, &cna, 0, &hi, &ci, auth);
	assert_int_equal(hi, ci);
	assert_int_equal(rr_cn_verify(cn, 1500, &hoa, &coa, &cna, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, kbm), 0);
	/* wrong HoA, CoA or correspondent: bad authenticator */
	assert_int_equal(rr_cn_verify(cn, 1500, &coa, &coa, &cna, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_BAD_AUTH);
	assert_int_equal(rr_cn_verify(cn, 1500, &hoa, &hoa, &cna, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_BAD_AUTH);
	assert_int_equal(rr_cn_verify(cn, 1500, &hoa, &coa, &hoa, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_BAD_AUTH);
	/* de-registration: home token only, CoA = HoA */
	mn_auth(cn, 2000, &hoa, &coa, &cna, 1, &hi, &ci, auth);
	assert_int_equal(rr_cn_verify(cn, 2000, &hoa, &hoa, &cna, hi, 0x5555, 1, mh_bu,
	    sizeof(mh_bu), auth, NULL), 0);
	assert_int_equal(rr_cn_verify(cn, 2000, &hoa, &hoa, &cna, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_BAD_AUTH);
	rr_cn_free(cn);
}

/* RFC 6275 5.2.7, 9.5.1: a nonce stays valid MAX_NONCE_LIFETIME; newer ones come every
 * RR_NONCE_INTERVAL_MS; expired indices give status 136, 137 or 138. Kcn changes on the way
 * and tokens from before the change still verify. */
static void
test_rr_cn_nonce_window(void **state)
{
	struct in6_addr	 hoa, coa, cna;
	struct rr_cn	*cn;
	uint8_t		 auth[RR_AUTH_LEN], auth2[RR_AUTH_LEN], t1[RR_TOKEN_LEN];
	uint8_t		 t2[RR_TOKEN_LEN];
	uint16_t	 hi, ci, hi2, ci2, i0;
	uint64_t	 t0 = 5000000, next, t, g_created[40];
	uint16_t	 g_hi[40], g_ci[40];
	uint8_t		 g_auth[40][RR_AUTH_LEN];
	int		 n, j;

	inet_pton(AF_INET6, "2001:db8:1::5", &hoa);
	inet_pton(AF_INET6, "2001:db8:7::5", &coa);
	inet_pton(AF_INET6, "2001:db8:9::1", &cna);
	rnd_next = 0;
	assert_non_null(cn = rr_cn_new(t0, rnd_counter));
	i0 = rr_cn_nonce_index(cn, t0);
	assert_int_equal(i0, 0x0100);	/* first two counter octets, host order little end */
	mn_auth(cn, t0, &hoa, &coa, &cna, 0, &hi, &ci, auth);

	/* the same index for the whole interval, the next one after it */
	next = rr_cn_tick(cn, t0 + 1);
	assert_int_equal(next, t0 + RR_NONCE_INTERVAL_MS);
	assert_int_equal(rr_cn_nonce_index(cn, t0 + RR_NONCE_INTERVAL_MS - 1), i0);
	assert_int_equal(rr_cn_nonce_index(cn, t0 + RR_NONCE_INTERVAL_MS), i0 + 1);

	/* tick every interval for 20 minutes: indices advance, Kcn is replaced (every
	 * RR_KCN_INTERVAL_MS), and a token taken from each generation verifies until
	 * MAX_NONCE_LIFETIME after its nonce was created, never after */
	for (t = t0 + RR_NONCE_INTERVAL_MS, n = 0; t < t0 + 1200000;
	    t += RR_NONCE_INTERVAL_MS, n++) {
		/* just before this generation starts, then at its start: every earlier
		 * token verifies until MAX_NONCE_LIFETIME after its nonce was created */
		for (j = 0; j < n; j++) {
			int want = g_created[j] + RR_MAX_NONCE_LIFETIME_MS > t - 1 ? 0 :
			    RR_ST_EXPIRED_NONCES;

			assert_int_equal(rr_cn_verify(cn, t - 1, &hoa, &coa, &cna, g_hi[j],
			    g_ci[j], 0, mh_bu, sizeof(mh_bu), g_auth[j], NULL), want);
		}
		mn_auth(cn, t, &hoa, &coa, &cna, 0, &g_hi[n], &g_ci[n], g_auth[n]);
		g_created[n] = t;
		assert_int_equal(g_hi[n], (uint16_t)(i0 + (t - t0) / RR_NONCE_INTERVAL_MS));
		for (j = 0; j <= n; j++) {
			int want = g_created[j] + RR_MAX_NONCE_LIFETIME_MS > t ? 0 :
			    RR_ST_EXPIRED_NONCES;

			assert_int_equal(rr_cn_verify(cn, t, &hoa, &coa, &cna, g_hi[j],
			    g_ci[j], 0, mh_bu, sizeof(mh_bu), g_auth[j], NULL), want);
		}
	}
	rr_cn_free(cn);

	/* which index expired decides the status */
	rnd_next = 0;
	assert_non_null(cn = rr_cn_new(t0, rnd_counter));
	mn_auth(cn, t0, &hoa, &coa, &cna, 0, &hi, &ci, auth);
	for (t = t0; t <= t0 + 200000; t += RR_NONCE_INTERVAL_MS)
		rr_cn_tick(cn, t);
	mn_auth(cn, t0 + 200000, &hoa, &coa, &cna, 0, &hi2, &ci2, auth2);
	assert_int_not_equal(hi, hi2);
	t = t0 + RR_MAX_NONCE_LIFETIME_MS;
	assert_int_equal(rr_cn_verify(cn, t, &hoa, &coa, &cna, hi, ci2, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_EXPIRED_HOME);
	assert_int_equal(rr_cn_verify(cn, t, &hoa, &coa, &cna, hi2, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_EXPIRED_CAREOF);
	assert_int_equal(rr_cn_verify(cn, t, &hoa, &coa, &cna, hi, ci, 0, mh_bu,
	    sizeof(mh_bu), auth, NULL), RR_ST_EXPIRED_NONCES);
	assert_int_equal(rr_cn_verify(cn, t, &hoa, &coa, &cna, hi2, ci2, 0, mh_bu,
	    sizeof(mh_bu), auth2, NULL), 0);
	/* unknown index (never issued) */
	assert_int_equal(rr_cn_token_at(cn, t, &hoa, 0, (uint16_t)(hi2 + 100), t1), -1);
	/* token_at agrees with the token handed out */
	assert_int_equal(rr_cn_token(cn, t, &hoa, 0, &hi, t1), 0);
	assert_int_equal(rr_cn_token_at(cn, t, &hoa, 0, hi, t2), 0);
	assert_memory_equal(t1, t2, RR_TOKEN_LEN);
	rr_cn_free(cn);
}

/* Tokens from the correspondent equal the primitive with the Kcn and nonce it drew. */
static void
test_rr_cn_uses_kcn_and_nonce(void **state)
{
	uint8_t		 kcn[RR_KCN_LEN], nonce[RR_NONCE_LEN], t1[RR_TOKEN_LEN], t2[RR_TOKEN_LEN];
	struct in6_addr	 hoa = IN6ADDR_LOOPBACK_INIT;
	struct rr_cn	*cn;
	struct rr_key	*k;
	uint16_t	 idx;
	int		 i;

	/* rr_cn_new draws: index (2), nonce (8), Kcn (20) */
	rnd_next = 0;
	assert_non_null(cn = rr_cn_new(0, rnd_counter));
	for (i = 0; i < RR_NONCE_LEN; i++)
		nonce[i] = (uint8_t)(2 + i);
	for (i = 0; i < RR_KCN_LEN; i++)
		kcn[i] = (uint8_t)(10 + i);
	assert_non_null(k = rr_key_new(kcn));
	assert_int_equal(rr_cn_token(cn, 10, &hoa, 1, &idx, t1), 0);
	assert_int_equal(rr_keygen_token(k, &hoa, nonce, 1, t2), 0);
	assert_memory_equal(t1, t2, RR_TOKEN_LEN);
	rr_key_free(k);
	rr_cn_free(cn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rr_fixed_vectors_python),
		cmocka_unit_test(test_rr_random_vectors_python),
		cmocka_unit_test(test_rr_auth_ignores_checksum),
		cmocka_unit_test(test_rr_equal),
		cmocka_unit_test(test_rr_cn_roundtrip),
		cmocka_unit_test(test_rr_cn_nonce_window),
		cmocka_unit_test(test_rr_cn_uses_kcn_and_nonce),
	};

	return cmocka_run_group_tests_name("rr_crypto", tests, NULL, NULL);
}
