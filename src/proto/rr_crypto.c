/* rr_crypto.c - return routability crypto (RFC 6275 5.2) on OpenSSL 3 libcrypto */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "rr_crypto.h"

struct rr_key {
	EVP_MAC_CTX	*ctx;		/* keyed with Kcn; re-initialised per token */
	int		 refs;		/* nonce generations sharing this Kcn */
};

/* One nonce generation: a nonce, its index, and the Kcn in force when it was created. */
struct rr_gen {
	uint64_t	 created_ms;
	struct rr_key	*key;		/* NULL: slot unused */
	uint16_t	 idx;
	uint8_t		 nonce[RR_NONCE_LEN];
};

/* 240 / 30 + 1 = 9 generations can be valid at once; 16 slots indexed by idx % 16. */
#define RR_GENS		16

struct rr_cn {
	struct rr_gen	 gen[RR_GENS];
	uint16_t	 cur;		/* index of the newest nonce */
	uint64_t	 kcn_created_ms;
	rr_rand_fn	 rnd;
};

static EVP_MAC *hmac_alg;

static EVP_MAC *
hmac_fetch(void)
{
	if (hmac_alg == NULL)
		hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
	return hmac_alg;
}

/* Key a fresh HMAC-SHA1 context. */
static EVP_MAC_CTX *
hmac_sha1_new(const uint8_t *key, size_t keylen)
{
	EVP_MAC	*mac;
	EVP_MAC_CTX *ctx;
	OSSL_PARAM params[2];

	if ((mac = hmac_fetch()) == NULL)
		return NULL;
	if ((ctx = EVP_MAC_CTX_new(mac)) == NULL)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA1", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(ctx, key, keylen, params)) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int
rr_random(uint8_t *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

int
rr_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

struct rr_key *
rr_key_new(const uint8_t kcn[RR_KCN_LEN])
{
	struct rr_key *k;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	if ((k->ctx = hmac_sha1_new(kcn, RR_KCN_LEN)) == NULL) {
		free(k);
		return NULL;
	}
	k->refs = 1;
	return k;
}

void
rr_key_free(struct rr_key *k)
{
	if (k == NULL || --k->refs > 0)
		return;
	EVP_MAC_CTX_free(k->ctx);
	free(k);
}

int
rr_keygen_token(struct rr_key *k, const struct in6_addr *addr,
    const uint8_t nonce[RR_NONCE_LEN], int careof, uint8_t token[RR_TOKEN_LEN])
{
	uint8_t	 msg[sizeof(struct in6_addr) + RR_NONCE_LEN + 1];
	uint8_t	 mac[EVP_MAX_MD_SIZE];
	size_t	 len;

	/* RFC 6275 5.2.5: address | nonce | 0 (home) or 1 (care-of), one octet */
	memcpy(msg, addr, sizeof(*addr));
	memcpy(msg + sizeof(*addr), nonce, RR_NONCE_LEN);
	msg[sizeof(msg) - 1] = careof ? 1 : 0;

	/* A NULL key re-initialises with the Kcn schedule already held by the context. */
	if (!EVP_MAC_init(k->ctx, NULL, 0, NULL) ||
	    !EVP_MAC_update(k->ctx, msg, sizeof(msg)) ||
	    !EVP_MAC_final(k->ctx, mac, &len, sizeof(mac)) || len < RR_TOKEN_LEN)
		return -1;
	memcpy(token, mac, RR_TOKEN_LEN);
	return 0;
}

int
rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
    uint8_t kbm[RR_KBM_LEN])
{
	uint8_t		 in[2 * RR_TOKEN_LEN];
	size_t		 inlen = RR_TOKEN_LEN;
	unsigned int	 outlen;

	memcpy(in, home_token, RR_TOKEN_LEN);
	if (careof_token != NULL) {
		memcpy(in + RR_TOKEN_LEN, careof_token, RR_TOKEN_LEN);
		inlen += RR_TOKEN_LEN;
	}
	if (!EVP_Digest(in, inlen, kbm, &outlen, EVP_sha1(), NULL) || outlen != RR_KBM_LEN)
		return -1;
	return 0;
}

int
rr_auth(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
    const struct in6_addr *cn, const uint8_t *mh, size_t mh_len, uint8_t auth[RR_AUTH_LEN])
{
	static EVP_MAC_CTX	*ctx;
	static const uint8_t	 zero[2];
	uint8_t			 mac[EVP_MAX_MD_SIZE];
	size_t			 len;

	if (mh_len < 6)
		return -1;
	/* One context for the process, re-keyed with each Kbm: no allocation per message. */
	if (ctx == NULL) {
		if ((ctx = hmac_sha1_new(kbm, RR_KBM_LEN)) == NULL)
			return -1;
	} else if (!EVP_MAC_init(ctx, kbm, RR_KBM_LEN, NULL))
		return -1;

	/* RFC 6275 5.2.6: care-of address | correspondent | MH Data, checksum taken as zero */
	if (!EVP_MAC_update(ctx, (const uint8_t *)coa, sizeof(*coa)) ||
	    !EVP_MAC_update(ctx, (const uint8_t *)cn, sizeof(*cn)) ||
	    !EVP_MAC_update(ctx, mh, 4) ||
	    !EVP_MAC_update(ctx, zero, sizeof(zero)) ||
	    (mh_len > 6 && !EVP_MAC_update(ctx, mh + 6, mh_len - 6)) ||
	    !EVP_MAC_final(ctx, mac, &len, sizeof(mac)) || len < RR_AUTH_LEN)
		return -1;
	memcpy(auth, mac, RR_AUTH_LEN);
	return 0;
}

/* ---- Correspondent node state ---- */

static void
gen_clear(struct rr_gen *g)
{
	rr_key_free(g->key);
	OPENSSL_cleanse(g->nonce, sizeof(g->nonce));
	g->key = NULL;
}

/* Start nonce generation idx at now_ms, with a new Kcn when fresh_kcn or none exists. */
static int
gen_start(struct rr_cn *cn, uint16_t idx, uint64_t now_ms, int fresh_kcn)
{
	struct rr_gen	*cur = &cn->gen[cn->cur % RR_GENS];
	struct rr_gen	*g = &cn->gen[idx % RR_GENS];
	struct rr_key	*key;
	uint8_t		 kcn[RR_KCN_LEN];
	uint8_t		 nonce[RR_NONCE_LEN];

	if (cn->rnd(nonce, sizeof(nonce)) == -1)
		return -1;
	if (fresh_kcn || cur->key == NULL) {
		if (cn->rnd(kcn, sizeof(kcn)) == -1)
			return -1;
		key = rr_key_new(kcn);
		OPENSSL_cleanse(kcn, sizeof(kcn));
		if (key == NULL)
			return -1;
		cn->kcn_created_ms = now_ms;
	} else {
		key = cur->key;
		key->refs++;
	}
	gen_clear(g);
	g->key = key;
	g->idx = idx;
	g->created_ms = now_ms;
	memcpy(g->nonce, nonce, sizeof(nonce));
	cn->cur = idx;
	return 0;
}

struct rr_cn *
rr_cn_new(uint64_t now_ms, rr_rand_fn rnd)
{
	struct rr_cn	*cn;
	uint16_t	 idx;

	if ((cn = calloc(1, sizeof(*cn))) == NULL)
		return NULL;
	cn->rnd = rnd != NULL ? rnd : rr_random;
	/* A random first index, so indices say nothing about how long the node has been up. */
	if (cn->rnd((uint8_t *)&idx, sizeof(idx)) == -1 ||
	    gen_start(cn, idx, now_ms, 1) == -1) {
		free(cn);
		return NULL;
	}
	return cn;
}

void
rr_cn_free(struct rr_cn *cn)
{
	int	i;

	if (cn == NULL)
		return;
	for (i = 0; i < RR_GENS; i++)
		gen_clear(&cn->gen[i]);
	free(cn);
}

uint64_t
rr_cn_tick(struct rr_cn *cn, uint64_t now_ms)
{
	struct rr_gen	*cur = &cn->gen[cn->cur % RR_GENS];
	int		 i;

	if (now_ms - cur->created_ms >= RR_NONCE_INTERVAL_MS) {
		/* On failure keep the current nonce: it stays usable until it expires. */
		(void)gen_start(cn, (uint16_t)(cn->cur + 1), now_ms,
		    now_ms - cn->kcn_created_ms >= RR_KCN_INTERVAL_MS);
		cur = &cn->gen[cn->cur % RR_GENS];
	}
	for (i = 0; i < RR_GENS; i++) {
		struct rr_gen *g = &cn->gen[i];

		if (g->key != NULL && g != cur &&
		    now_ms - g->created_ms >= RR_MAX_NONCE_LIFETIME_MS)
			gen_clear(g);
	}
	return cur->created_ms + RR_NONCE_INTERVAL_MS;
}

uint16_t
rr_cn_nonce_index(struct rr_cn *cn, uint64_t now_ms)
{
	rr_cn_tick(cn, now_ms);
	return cn->cur;
}

static struct rr_gen *
gen_find(struct rr_cn *cn, uint64_t now_ms, uint16_t idx)
{
	struct rr_gen	*g = &cn->gen[idx % RR_GENS];

	if (g->key == NULL || g->idx != idx ||
	    now_ms - g->created_ms >= RR_MAX_NONCE_LIFETIME_MS)
		return NULL;
	return g;
}

int
rr_cn_token(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *addr, int careof,
    uint16_t *nonce_index, uint8_t token[RR_TOKEN_LEN])
{
	struct rr_gen	*g;

	rr_cn_tick(cn, now_ms);
	g = &cn->gen[cn->cur % RR_GENS];
	if (g->key == NULL)
		return -1;
	*nonce_index = cn->cur;
	return rr_keygen_token(g->key, addr, g->nonce, careof, token);
}

int
rr_cn_token_at(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *addr, int careof,
    uint16_t idx, uint8_t token[RR_TOKEN_LEN])
{
	struct rr_gen	*g;

	rr_cn_tick(cn, now_ms);
	if ((g = gen_find(cn, now_ms, idx)) == NULL)
		return -1;
	return rr_keygen_token(g->key, addr, g->nonce, careof, token);
}

int
rr_cn_verify(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *hoa,
    const struct in6_addr *coa, const struct in6_addr *cn_addr, uint16_t home_idx,
    uint16_t careof_idx, int dereg, const uint8_t *mh, size_t mh_len,
    const uint8_t auth[RR_AUTH_LEN], uint8_t kbm_out[RR_KBM_LEN])
{
	struct rr_gen	*hg, *cg = NULL;
	uint8_t		 ht[RR_TOKEN_LEN], ct[RR_TOKEN_LEN];
	uint8_t		 kbm[RR_KBM_LEN], mine[RR_AUTH_LEN];
	int		 ok;

	rr_cn_tick(cn, now_ms);
	/* RFC 6275 9.5.1: which nonce expired decides the status */
	hg = gen_find(cn, now_ms, home_idx);
	if (!dereg)
		cg = gen_find(cn, now_ms, careof_idx);
	if (hg == NULL && !dereg && cg == NULL)
		return RR_ST_EXPIRED_NONCES;
	if (hg == NULL)
		return RR_ST_EXPIRED_HOME;
	if (!dereg && cg == NULL)
		return RR_ST_EXPIRED_CAREOF;

	if (rr_keygen_token(hg->key, hoa, hg->nonce, 0, ht) == -1 ||
	    (!dereg && rr_keygen_token(cg->key, coa, cg->nonce, 1, ct) == -1) ||
	    rr_kbm(ht, dereg ? NULL : ct, kbm) == -1 ||
	    rr_auth(kbm, coa, cn_addr, mh, mh_len, mine) == -1)
		return RR_ST_BAD_AUTH;
	ok = rr_equal(mine, auth, RR_AUTH_LEN);
	if (ok && kbm_out != NULL)
		memcpy(kbm_out, kbm, RR_KBM_LEN);
	OPENSSL_cleanse(kbm, sizeof(kbm));
	return ok ? 0 : RR_ST_BAD_AUTH;
}
