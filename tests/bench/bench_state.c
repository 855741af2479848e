/* bench_state.c - figures for the binding cache and the return routability crypto.
 * Not a pass/fail test: prints ns per operation and bytes per entry, next to the targets
 * (a lookup at 1M entries within 1.2 of the machine's memory latency, no more than 150 bytes
 * per entry, keygen token within 1.3x of a raw HMAC-SHA1 of the same input). */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/mman.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "bcache.h"
#include "rr_crypto.h"

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* splitmix64 finaliser: a bijection, so distinct i give distinct home addresses */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void
hoa_of(uint64_t i, struct in6_addr *a)
{
	uint64_t	 m = mix(i);

	memset(a, 0, 8);
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	memcpy(&a->s6_addr[8], &m, 8);
}

/* A visiting order over 0..n-1 that jumps around memory: i * p mod n, p prime, p !| n. */
static uint64_t
perm(uint64_t i, uint64_t n)
{
	return (i * 2654435761ull) % n;
}

#define LBLOCKS	100
#define LBLOCK	20000
#define MIN(a, b)	((a) < (b) ? (a) : (b))

static volatile uint64_t sink;

/* Resident bytes of the process */
static double
rss_bytes(void)
{
	long	 pages = 0, rss = 0;
	FILE	*f;

	if ((f = fopen("/proc/self/statm", "r")) == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(f);
	return (double)rss * (double)sysconf(_SC_PAGESIZE);
}

/* kB of the process on transparent huge pages, -1 when unknown */
static long
anon_huge_kb(void)
{
	char	 line[256];
	long	 kb = -1;
	FILE	*f;

	if ((f = fopen("/proc/self/smaps_rollup", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* The machine's own figure to read the others by: one dependent load at a random place in
 * 128 MiB (a cache miss, as a lookup in a large cache takes two). */
static double
mem_latency_ns(void)
{
	size_t		 n = (128u << 20) / sizeof(uint32_t), i, j;
	uint32_t	*a, p = 0, t;
	uint64_t	 t0, t1, steps = 100000;
	double		 best = 1e30;

	if ((a = aligned_alloc(2u << 20, n * sizeof(*a))) == NULL)
		return -1;
	(void)madvise(a, n * sizeof(*a), MADV_HUGEPAGE);
	/* one random cycle through all slots (Sattolo) */
	for (i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	for (i = n - 1; i > 0; i--) {
		j = mix(i) % i;
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	for (j = 0; j < 20; j++) {
		t0 = now_ns();
		for (i = 0; i < steps; i++)
			p = a[p];
		t1 = now_ns();
		best = MIN(best, (double)(t1 - t0) / steps);
	}
	sink += p;
	free(a);
	return best;
}

/* Lookups one after the other, each key chosen from the result of the one before (a data
 * dependency, without reading the entry), so that they cannot overlap: the cost of one
 * lookup on its own, to set against the machine's latency. Keys above n are absent. */
static double
lookup_chain(struct bcache *bc, const struct in6_addr *ha, uint64_t n, uint64_t off,
    uint64_t *hits)
{
	struct bcache_entry *e = NULL;
	struct in6_addr	 hoa;
	uint64_t	 t0, t1, i, k = 0;
	double		 best = 1e30;
	int		 r;

	for (r = 0; r < LBLOCKS; r++) {
		t0 = now_ns();
		for (i = 0; i < LBLOCK; i++) {
			/* (uintptr_t)e >> 63 is 0 for any pointer, but the compiler cannot know */
			hoa_of(off + perm(k + i + ((uintptr_t)e >> 63), n), &hoa);
			e = bcache_lookup(bc, &hoa, ha);
			*hits += e != NULL;
		}
		t1 = now_ns();
		k += LBLOCK;
		best = MIN(best, (double)(t1 - t0) / LBLOCK);
	}
	return best;
}

static double	lat_ns;

static void
bench_bcache(uint32_t n)
{
	struct bcache	*bc;
	struct bcache_index_stats st;
	struct in6_addr	 ha, hoa;
	double		 rss0;
	uint64_t	 t0, t1, t2, t3, hits = 0, i, k;
	int		 r;
	double		 ins, look, lhoa, del, mem_heap, mem_own, dep, miss;
	long		 huge_kb;

	inet_pton(AF_INET6, "2001:db8:ffff::1", &ha);
	rss0 = rss_bytes();
	bc = bcache_new(0);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		struct bcache_entry *e;

		hoa_of(i, &hoa);
		if ((e = bcache_add(bc, &hoa, &ha)) == NULL)
			abort();
		bcache_set_expiry(bc, e, 1000000 + mix(i) % 420000);
	}
	t1 = now_ns();
	ins = (double)(t1 - t0) / n;
	mem_heap = (rss_bytes() - rss0) / n;
	mem_own = (double)bcache_mem(bc) / n;
	huge_kb = anon_huge_kb();

	/* lookups at random over the whole cache, in short blocks, lookup and lookup-hoa side
	 * by side; the best block of each (the machine is shared) */
	look = lhoa = 1e30;
	for (r = 0, k = 0; r < LBLOCKS; r++) {
		t1 = now_ns();
		for (i = 0; i < LBLOCK; i++) {
			hoa_of(perm(k + i, n), &hoa);
			hits += bcache_lookup(bc, &hoa, &ha) != NULL;
		}
		t2 = now_ns();
		for (i = 0; i < LBLOCK; i++) {
			hoa_of(perm(k + i + 17, n), &hoa);
			hits += bcache_lookup_hoa(bc, &hoa) != NULL;
		}
		t3 = now_ns();
		k += LBLOCK;
		look = MIN(look, (double)(t2 - t1) / LBLOCK);
		lhoa = MIN(lhoa, (double)(t3 - t2) / LBLOCK);
	}
	if (hits != 2 * LBLOCKS * LBLOCK)
		abort();
	hits = 0;
	dep = lookup_chain(bc, &ha, n, 0, &hits);
	miss = lookup_chain(bc, &ha, n, n, &hits);
	if (hits != LBLOCKS * LBLOCK)
		abort();
	bcache_index_stats(bc, &st);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		hoa_of(perm(i, n), &hoa);
		bcache_del(bc, bcache_lookup(bc, &hoa, &ha));
	}
	t1 = now_ns();
	del = (double)(t1 - t0) / n;
	if (bcache_count(bc) != 0)
		abort();
	bcache_free(bc);

	printf("%-9u %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %7.2f %10.1f %10.1f %8ld\n", n, ins,
	    look, dep, miss, lhoa, del, dep / lat_ns, mem_heap, mem_own, huge_kb);
	printf("%-9s index: %u buckets, load %.2f, %.0f%% of buckets overflowed, farthest entry "
	    "%u buckets on\n", "", st.buckets, (double)n / (3.0 * st.buckets),
	    100.0 * st.overflowed / st.buckets, st.max_probe);
}

/* many short blocks, the six side by side: a burst of load elsewhere spoils a few blocks
 * of each, and the best block of each is what the code costs */
#define ITER	10000
#define BLOCKS	100

static void
bench_crypto(void)
{
	uint8_t		 kcn[RR_KCN_LEN], nonce[RR_NONCE_LEN], token[RR_TOKEN_LEN];
	uint8_t		 msg[25], out[EVP_MAX_MD_SIZE], kbm[RR_KBM_LEN], auth[RR_AUTH_LEN];
	uint8_t		 mh[40], amsg[32 + 40];
	struct in6_addr	 hoa, coa, cn;
	struct rr_key	*k;
	EVP_MAC		*mac;
	EVP_MAC_CTX	*ctx;
	OSSL_PARAM	 params[2];
	unsigned int	 olen;
	size_t		 slen;
	uint64_t	 t0, t1;
	double		 tok, raw, rawk, au, rawa, kb;
	int		 i, r;

	rr_random(kcn, sizeof(kcn));
	rr_random(nonce, sizeof(nonce));
	rr_random(kbm, sizeof(kbm));
	rr_random(mh, sizeof(mh));
	inet_pton(AF_INET6, "2001:db8:1::1", &hoa);
	inet_pton(AF_INET6, "2001:db8:2::1", &coa);
	inet_pton(AF_INET6, "2001:db8:3::1", &cn);
	memcpy(msg, &hoa, 16);
	memcpy(msg + 16, nonce, 8);
	msg[24] = 0;
	memcpy(amsg, &coa, 16);
	memcpy(amsg + 16, &cn, 16);
	memcpy(amsg + 32, mh, sizeof(mh));
	amsg[32 + 4] = amsg[32 + 5] = 0;

	k = rr_key_new(kcn);
	/* warm up */
	for (i = 0; i < 10000; i++) {
		rr_keygen_token(k, &hoa, nonce, 0, token);
		HMAC(EVP_sha1(), kcn, sizeof(kcn), msg, sizeof(msg), out, &olen);
	}

	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA1", 0);
	params[1] = OSSL_PARAM_construct_end();
	EVP_MAC_init(ctx, kcn, sizeof(kcn), params);
	tok = raw = rawk = au = rawa = kb = 1e30;
	for (r = 0; r < BLOCKS; r++) {
		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			nonce[0] = (uint8_t)i;
			rr_keygen_token(k, &hoa, nonce, 0, token);
			sink += token[0];
		}
		t1 = now_ns();
		tok = MIN(tok, (double)(t1 - t0) / ITER);

		/* raw: OpenSSL's one-shot HMAC over the same 25 octets, key given each time */
		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			msg[16] = (uint8_t)i;
			HMAC(EVP_sha1(), kcn, sizeof(kcn), msg, sizeof(msg), out, &olen);
			sink += out[0];
		}
		t1 = now_ns();
		raw = MIN(raw, (double)(t1 - t0) / ITER);

		/* raw, best case: an EVP_MAC context keyed once and re-initialised */
		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			msg[16] = (uint8_t)i;
			EVP_MAC_init(ctx, NULL, 0, NULL);
			EVP_MAC_update(ctx, msg, sizeof(msg));
			EVP_MAC_final(ctx, out, &slen, sizeof(out));
			sink += out[0];
		}
		t1 = now_ns();
		rawk = MIN(rawk, (double)(t1 - t0) / ITER);

		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			mh[10] = (uint8_t)i;
			rr_auth(kbm, &coa, &cn, mh, sizeof(mh), auth);
			sink += auth[0];
		}
		t1 = now_ns();
		au = MIN(au, (double)(t1 - t0) / ITER);

		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			amsg[42] = (uint8_t)i;
			HMAC(EVP_sha1(), kbm, sizeof(kbm), amsg, sizeof(amsg), out, &olen);
			sink += out[0];
		}
		t1 = now_ns();
		rawa = MIN(rawa, (double)(t1 - t0) / ITER);

		t0 = now_ns();
		for (i = 0; i < ITER; i++) {
			token[0] = (uint8_t)i;
			rr_kbm(token, nonce, kbm);
			sink += kbm[0];
		}
		t1 = now_ns();
		kb = MIN(kb, (double)(t1 - t0) / ITER);
	}

	printf("\nreturn routability crypto (ns/op, best of %d blocks of %d)\n", BLOCKS, ITER);
	printf("%-44s %8.1f\n", "keygen token (rr_keygen_token)", tok);
	printf("%-44s %8.1f\n", "raw HMAC-SHA1, same 25 octets (HMAC())", raw);
	printf("%-44s %8.1f\n", "raw HMAC-SHA1, EVP_MAC keyed once", rawk);
	printf("%-44s %8.2f   (target <= 1.30)\n", "ratio token / HMAC()", tok / raw);
	printf("%-44s %8.2f\n", "ratio token / EVP_MAC keyed once", tok / rawk);
	printf("%-44s %8.1f\n", "authenticator, 40-octet BU (rr_auth)", au);
	printf("%-44s %8.1f\n", "raw HMAC-SHA1, same 72 octets (HMAC())", rawa);
	printf("%-44s %8.2f\n", "ratio authenticator / HMAC()", au / rawa);
	printf("%-44s %8.1f\n", "Kbm (rr_kbm, SHA-1 of 16 octets)", kb);

	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	rr_key_free(k);
}

/* Arguments: other cache sizes to measure instead (the crypto figures are then left out). */
int
main(int argc, char **argv)
{
	uint32_t	 sizes[] = { 10000, 100000, 1000000 };
	unsigned	 i;
	int		 a;

	lat_ns = mem_latency_ns();
	printf("this machine: one dependent load at random in 128 MiB (best block): %.1f ns\n",
	    lat_ns);
	printf("binding cache (ns/op, best block of %d; bytes/entry: growth of the resident set,\n"
	    "and the cache's own accounting incl. index and timer wheel; entry struct %zu "
	    "bytes)\n", LBLOCK, sizeof(struct bcache_entry));
	printf("  lookup: lookups one after the other, free to overlap (throughput)\n"
	    "  dep, miss-dep: each key taken from the previous result (no overlap: latency),\n"
	    "  of present and of absent keys; dep/lat: dep over the machine's latency\n");
	printf("%-9s %8s %8s %8s %8s %8s %8s %7s %10s %10s %8s\n", "entries", "insert",
	    "lookup", "dep", "miss-dep", "look-hoa", "delete", "dep/lat", "B/ent-RSS",
	    "B/ent-own", "THP-kB");
	for (a = 1; a < argc; a++)
		bench_bcache((uint32_t)strtoul(argv[a], NULL, 10));
	if (argc > 1)
		return 0;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_bcache(sizes[i]);
	printf("targets at 1M entries: dep/lat <= 1.2, B/ent-own <= 150\n");
	printf("this machine again (the host is shared): %.1f ns\n", mem_latency_ns());
	bench_crypto();
	return 0;
}
