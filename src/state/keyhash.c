/* keyhash.c - SipHash-1-3 (Aumasson, Bernstein) over IPv6 addresses, keyed per process */
#include <sys/random.h>

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keyhash.h"

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

void
keyhash_seed(struct keyhash_key *k)
{
	struct timespec	ts;

	if (getrandom(k, sizeof(*k), 0) == (ssize_t)sizeof(*k))
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	k->k0 ^= (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	k->k1 ^= (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)k;
}

/* Messages here are whole 64-bit words: nwords of them, then the length block. */
static uint64_t
siphash13(const struct keyhash_key *k, const uint64_t *m, unsigned nwords)
{
	uint64_t	v0 = k->k0 ^ 0x736f6d6570736575ull;
	uint64_t	v1 = k->k1 ^ 0x646f72616e646f6dull;
	uint64_t	v2 = k->k0 ^ 0x6c7967656e657261ull;
	uint64_t	v3 = k->k1 ^ 0x7465646279746573ull;
	uint64_t	b = (uint64_t)(nwords * 8) << 56;
	unsigned	i;

	for (i = 0; i < nwords; i++) {
		v3 ^= m[i];
		SIPROUND;
		v0 ^= m[i];
	}
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
keyhash_addr(const struct keyhash_key *k, const struct in6_addr *a)
{
	uint64_t	m[2];

	memcpy(m, a, sizeof(m));
	return siphash13(k, m, 2);
}

uint64_t
keyhash_addr2(const struct keyhash_key *k, const struct in6_addr *a,
    const struct in6_addr *b)
{
	uint64_t	m[4];

	memcpy(m, a, 16);
	memcpy(m + 2, b, 16);
	return siphash13(k, m, 4);
}
