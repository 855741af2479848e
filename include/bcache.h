/* bcache.h - the binding cache (RFC 6275 9.1): entries keyed by (home address, local address
 * the Binding Update was sent to), O(1) expected lookup, insert, update and delete, hashing
 * keyed per process, and expiry on one hierarchical timer wheel for the whole cache.
 *
 * Built for a million entries on one home agent: entries live in fixed chunks (pointers stay
 * valid until bcache_del), no entry has a timer of its own, and one index answers both
 * lookups in one cache miss: its 64-octet buckets hold each entry's home address, a short
 * number for its local address and its entry number, so a lookup decides in the bucket
 * without reading any entry. Time is milliseconds on the caller's monotonic clock
 * (loop_now_ms in the daemon). */
#ifndef MIP6D_BCACHE_H
#define MIP6D_BCACHE_H

#include <netinet/in.h>
#include <stdint.h>

/* Entry flags: the BU's flags as registered (RFC 6275 6.1.7, RFC 3963 R) and local state. */
#define BCACHE_F_HOME		0x0001	/* H: home registration */
#define BCACHE_F_LLADDR		0x0002	/* L: link-local address compatibility */
#define BCACHE_F_KEYMGMT	0x0004	/* K: key management mobility capability */
#define BCACHE_F_ROUTER		0x0008	/* R: mobile router (RFC 3963), prefixes in mnp */
#define BCACHE_F_ACK		0x0010	/* A: the last BU asked for an acknowledgement */

/* Most mobile network prefixes one entry carries (RFC 3963). */
#define BCACHE_MNP_MAX		16

struct bcache_mnp {
	struct in6_addr	prefix;
	uint8_t		plen;
};

struct bcache_entry {
	struct in6_addr	 hoa;		/* key */
	struct in6_addr	 local;		/* key: our address the BU was sent to */
	struct in6_addr	 coa;
	uint64_t	 expiry_ms;	/* set with bcache_set_expiry only */
	uint64_t	 last_used_ms;	/* last traffic seen, for Binding Refresh Requests */
	uint64_t	 created_ms;	/* first accepted (set by the role), for its age */
	void		*priv;		/* the owning role's data, if it needs more */
	struct bcache_mnp *mnp;		/* NULL unless BCACHE_F_ROUTER: see bcache_set_mnp */
	uint32_t	 lifetime_s;	/* granted */
	uint32_t	 n_bu;		/* counters: BUs accepted for this entry */
	uint32_t	 n_refresh;	/* Binding Refresh Requests sent */
	uint16_t	 seq;		/* last accepted sequence number */
	uint16_t	 flags;		/* BCACHE_F_* */
	uint8_t		 role_state;	/* free for the role (DAD pending, tunnel up, ...) */
	uint8_t		 mnp_count;
	/* owned by bcache */
	uint16_t	 bc_flags;
	uint32_t	 bc_idx;	/* own number in the chunks */
	uint32_t	 bc_tprev;	/* timer wheel list */
	uint32_t	 bc_tnext;	/* (and the free list) */
};	/* 120 bytes: the keys are in the index too, so no alignment is spent on them */

struct bcache;

/* RFC 6275 9.5.1: whether sequence number a is newer than b, modulo 2^16: (a - b) mod 2^16
 * in 1..32767. */
int	bcache_seq_newer(uint16_t a, uint16_t b);

/* An empty cache holding at most cap entries (0: no cap but the 2^31 limit of the index). */
struct bcache *bcache_new(uint32_t cap);
/* Frees every entry (and its prefixes; not priv) and the cache. */
void	bcache_free(struct bcache *bc);

uint32_t bcache_count(const struct bcache *bc);
uint32_t bcache_cap(const struct bcache *bc);
void	bcache_set_cap(struct bcache *bc, uint32_t cap);
/* Whether a new entry would exceed the cap: the role answers BA status 130 (insufficient
 * resources, RFC 6275 6.1.8). */
int	bcache_full(const struct bcache *bc);

struct bcache_entry *bcache_lookup(struct bcache *bc, const struct in6_addr *hoa,
	    const struct in6_addr *local);
/* Some entry for hoa whatever the local address (packets to a home address), and the next
 * one with the same home address after e; NULL when none. No entry may be added or deleted
 * between the two (the walk follows the index, which an insert may rebuild). */
struct bcache_entry *bcache_lookup_hoa(struct bcache *bc, const struct in6_addr *hoa);
struct bcache_entry *bcache_next_hoa(struct bcache *bc, struct bcache_entry *e);

/* Insert a zeroed entry for (hoa, local) with no expiry. NULL with errno EEXIST when one
 * exists, ENOSPC when full, ENOMEM. */
struct bcache_entry *bcache_add(struct bcache *bc, const struct in6_addr *hoa,
	    const struct in6_addr *local);
/* Remove and free e (and its prefixes; not priv). */
void	bcache_del(struct bcache *bc, struct bcache_entry *e);

/* (Re)schedule e to expire at expiry_ms (O(1)); also sets e->expiry_ms. A time the wheel
 * has already passed (at or before the last bcache_expire's now) counts as the next
 * millisecond. */
void	bcache_set_expiry(struct bcache *bc, struct bcache_entry *e, uint64_t expiry_ms);
/* Set e's mobile network prefixes (count 0 frees them). 0, or -1 (count too big, ENOMEM). */
int	bcache_set_mnp(struct bcache_entry *e, const struct bcache_mnp *mnp, unsigned count);

/* Called for each entry whose expiry time has come, in expiry order (to the millisecond).
 * The entry is deleted when the callback returns, unless the callback gave it a new expiry
 * with bcache_set_expiry (e.g. to keep it a little longer while a tunnel is removed). */
typedef void (*bcache_expire_cb)(struct bcache_entry *e, void *arg);

/* Expire every entry due at now_ms; returns how many were expired. */
uint32_t bcache_expire(struct bcache *bc, uint64_t now_ms, bcache_expire_cb cb, void *arg);
/* When bcache_expire should next run: 1 and *when_ms set, or 0 when nothing is scheduled.
 * Exact when within 256 ms, otherwise a time at or before the next expiry. */
int	bcache_next_deadline(const struct bcache *bc, uint64_t *when_ms);

/* Drive expiry from the event loop (include/loop.h): one timer for the whole cache, re-armed
 * as entries are scheduled. 0, or -1. */
int	bcache_attach_loop(struct bcache *bc, bcache_expire_cb cb, void *arg);

/* Call f for every entry (order unspecified); f must not add or delete entries. */
void	bcache_foreach(struct bcache *bc, void (*f)(struct bcache_entry *e, void *arg),
	    void *arg);
/* The same, the entries' slots last to first: a cache filled afresh is walked newest first
 * (a slot freed and taken again breaks that order, which is a hint, never a promise). */
void	bcache_foreach_rev(struct bcache *bc, void (*f)(struct bcache_entry *e, void *arg),
	    void *arg);

/* Whole-cache counters since bcache_new */
struct bcache_counters {
	uint64_t	added;		/* entries created */
	uint64_t	deleted;	/* entries removed, expired ones included */
	uint64_t	expired;	/* entries removed by bcache_expire */
	uint64_t	refused_full;	/* bcache_add refused for the cap */
};
const struct bcache_counters *bcache_counters(const struct bcache *bc);

/* Bytes the cache holds for itself and its entries (chunks, indexes, wheel), without
 * prefixes and priv. */
size_t	bcache_mem(const struct bcache *bc);

/* How the index stands, for tests and the benchmark. */
struct bcache_index_stats {
	uint32_t	buckets;	/* 64-octet buckets, 3 entries each */
	uint32_t	overflowed;	/* buckets some entry had to probe past */
	uint32_t	max_probe;	/* most buckets a present entry is from its home bucket */
	uint32_t	locals;		/* local addresses with a short number */
};
void	bcache_index_stats(const struct bcache *bc, struct bcache_index_stats *st);

#endif
