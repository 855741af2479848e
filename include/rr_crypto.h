/* rr_crypto.h - return routability crypto (RFC 6275 5.2): Kcn, nonces, keygen tokens, Kbm and
 * the Binding Authorization Data authenticator. Pure functions over plain data; time is passed
 * in (milliseconds on the caller's monotonic clock) so that tests control it. */
#ifndef MIP6D_RR_CRYPTO_H
#define MIP6D_RR_CRYPTO_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define RR_KCN_LEN		20	/* RFC 6275 5.2.1: 20 octets */
#define RR_NONCE_LEN		8	/* 64-bit nonces (5.2.2) */
#define RR_TOKEN_LEN		8	/* First(64, ...) (5.2.5) */
#define RR_COOKIE_LEN		8	/* init cookies of HoTI/CoTI (6.1.3, 6.1.4) */
#define RR_KBM_LEN		20	/* SHA-1 output (5.2.5) */
#define RR_AUTH_LEN		12	/* First(96, ...) (5.2.6) */

/* RFC 6275 12: protocol constants */
#define RR_MAX_NONCE_LIFETIME_MS	240000u
#define RR_MAX_TOKEN_LIFETIME_MS	210000u
/* How often a correspondent starts a new nonce generation. A token issued with the last use
 * of a nonce must still verify MAX_TOKEN_LIFETIME later: 30 + 210 = 240 (MAX_NONCE_LIFETIME). */
#define RR_NONCE_INTERVAL_MS		30000u
/* How often Kcn is replaced (RFC 6275 5.2.1: "regenerated periodically"); a multiple of the
 * nonce interval because a new Kcn only takes effect with a new nonce generation. */
#define RR_KCN_INTERVAL_MS		(10u * RR_NONCE_INTERVAL_MS)

/* BA status values for nonce trouble (RFC 6275 6.1.8) returned by rr_cn_verify() */
#define RR_ST_EXPIRED_HOME	136
#define RR_ST_EXPIRED_CAREOF	137
#define RR_ST_EXPIRED_NONCES	138
#define RR_ST_BAD_AUTH		-1	/* authenticator mismatch: drop silently (9.5.1) */

/* Fill buf with len strong random octets; 0 on success, -1 on failure. */
typedef int (*rr_rand_fn)(uint8_t *buf, size_t len);
/* The default: OpenSSL RAND_bytes. */
int	rr_random(uint8_t *buf, size_t len);

/* ---- Primitives ---------------------------------------------------------------------- */

/* A Kcn with its HMAC-SHA1 key schedule computed once, so that each token costs one HMAC
 * over the message and nothing more. */
struct rr_key;

struct rr_key *rr_key_new(const uint8_t kcn[RR_KCN_LEN]);
void	rr_key_free(struct rr_key *k);

/* RFC 6275 5.2.5:
 *   home keygen token    = First(64, HMAC_SHA1(Kcn, home address | nonce | 0))
 *   care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))
 * careof selects the final octet. Returns 0, or -1 when libcrypto failed. */
int	rr_keygen_token(struct rr_key *k, const struct in6_addr *addr,
	    const uint8_t nonce[RR_NONCE_LEN], int careof, uint8_t token[RR_TOKEN_LEN]);

/* RFC 6275 5.2.5: Kbm = SHA1(home token | care-of token), or SHA1(home token) when
 * careof_token is NULL (de-registration, lifetime 0 / CoA == HoA). */
int	rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
	    uint8_t kbm[RR_KBM_LEN]);

/* RFC 6275 5.2.6: Authenticator = First(96, HMAC_SHA1(Kbm, care-of address | correspondent |
 * MH Data)). mh/mh_len: the Mobility Header from its first octet up to, not including, the
 * authenticator itself (so it ends with the option type and length of the Binding
 * Authorization Data option, which must be the last option). The checksum field (octets 4-5)
 * is taken as zero whatever mh holds. coa is the home address for a de-registration.
 * Returns 0, or -1 (mh_len < 6, or libcrypto failed). */
int	rr_auth(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
	    const struct in6_addr *cn, const uint8_t *mh, size_t mh_len,
	    uint8_t auth[RR_AUTH_LEN]);

/* Constant-time comparison of two byte strings of length len: 1 when equal. */
int	rr_equal(const void *a, const void *b, size_t len);

/* ---- Correspondent node state: Kcn and the window of nonces (RFC 6275 5.2.1, 5.2.2, 9.4) -- */

struct rr_cn;

/* New state with a fresh Kcn and a first nonce (index chosen at random) created at now_ms.
 * rnd NULL means rr_random. NULL on failure. */
struct rr_cn *rr_cn_new(uint64_t now_ms, rr_rand_fn rnd);
void	rr_cn_free(struct rr_cn *cn);

/* Start a new nonce generation (and a new Kcn when due) if the current one is older than
 * RR_NONCE_INTERVAL_MS; forget generations older than RR_MAX_NONCE_LIFETIME_MS. Returns the
 * time at which it should be called next. Safe to call at any time (the token functions call
 * it too). */
uint64_t rr_cn_tick(struct rr_cn *cn, uint64_t now_ms);

/* Answer to a HoTI / CoTI: the keygen token for addr with the current nonce, and that
 * nonce's index. 0, or -1. */
int	rr_cn_token(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *addr, int careof,
	    uint16_t *nonce_index, uint8_t token[RR_TOKEN_LEN]);

/* Keygen token for addr with the nonce of index idx, if that nonce is still valid:
 * 0, or -1 (unknown or expired index, libcrypto failure). */
int	rr_cn_token_at(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *addr,
	    int careof, uint16_t idx, uint8_t token[RR_TOKEN_LEN]);

/* Verify a Binding Update's Binding Authorization Data (RFC 6275 9.5.1): recompute the tokens
 * from the nonce indices, Kbm (home token only when dereg) and the authenticator over
 * (coa, cn_addr, mh[0..mh_len)), compare in constant time with auth.
 * Returns 0 when valid, RR_ST_EXPIRED_HOME / _CAREOF / _NONCES (the BA status to send) when
 * a nonce index is no longer valid, RR_ST_BAD_AUTH when the authenticator does not match.
 * kbm_out, when not NULL, receives Kbm (the BA is authenticated with it too). */
int	rr_cn_verify(struct rr_cn *cn, uint64_t now_ms, const struct in6_addr *hoa,
	    const struct in6_addr *coa, const struct in6_addr *cn_addr, uint16_t home_idx,
	    uint16_t careof_idx, int dereg, const uint8_t *mh, size_t mh_len,
	    const uint8_t auth[RR_AUTH_LEN], uint8_t kbm_out[RR_KBM_LEN]);

/* Current nonce index (after a tick at now_ms). */
uint16_t rr_cn_nonce_index(struct rr_cn *cn, uint64_t now_ms);

#endif
