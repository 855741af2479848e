/* bcache.c - the binding cache: chunked entry store, one keyed hash index that holds the keys,
 * one timer wheel */
#include <sys/mman.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bcache.h"
#include "keyhash.h"
#include "loop.h"

#define NIL		0xffffffffu
#define IDX_MAX		0x7fffffffu	/* bit 31 marks wheel slot heads in bc_tprev */
#define SLOT_REF	0x80000000u

#define CHUNK_BITS	10		/* 1024 entries, 120 KiB per chunk */
#define CHUNK_SIZE	(1u << CHUNK_BITS)
#define CHUNK_MASK	(CHUNK_SIZE - 1)
#define CHUNK_BYTES	(CHUNK_SIZE * sizeof(struct bcache_entry))
/* A large cache is touched at random, so TLB misses cost as much as cache misses: beyond the
 * first SMALL_CHUNKS (malloc'd one by one so a small cache stays small), chunks come
 * ARENA_CHUNKS at a time from 2 MiB regions the kernel may back with a huge page. */
#define SMALL_CHUNKS	16
#define ARENA_CHUNKS	17		/* 2,088,960 of the 2,097,152 octets */
#define HUGE_PAGE	(2u << 20)
_Static_assert(ARENA_CHUNKS * CHUNK_BYTES <= HUGE_PAGE, "an arena holds its chunks");
_Static_assert(sizeof(struct bcache_entry) == 120, "entry size as documented");

/*
 * The index: open addressing over 64-octet buckets (one cache line), 3 entries a bucket,
 * each with its home address, its entry number and a short number for its local address
 * (a node has few addresses of its own; LID_N of them get one, any others LID_OTHER, whose
 * entries are then told apart by reading the entry). A lookup of (hoa, local) therefore
 * decides in the bucket and reads no entry, so it costs one cache miss in a large cache.
 * The bucket is chosen by the home address alone, so the entries of one home address are
 * found together and the same index answers bcache_lookup_hoa.
 *
 * A full bucket sends an insert on to the next one (linear probing), and each bucket keeps
 * in far how many buckets on the farthest entry whose home it is went: a lookup reads the
 * home bucket and far more, so a missing key costs what a present one does (the next
 * buckets are the next cache lines, which the hardware fetches ahead), not the length of
 * the whole run as it would if lookups went on to an empty slot. A delete only empties
 * its slot; far shrinks back when the farthest entry goes. Past FAR_SAT, bc->maxd (the
 * farthest any entry went since the last rebuild) stands in.
 *
 * Buckets come in any number (the hash is scaled, not masked) so that the load stays
 * between LOAD_MAX / (1 + 1 / GROW_DIV) and LOAD_MAX: 0.82 to 0.875, 26 to 24 octets per
 * entry, which with the 120-octet entries keeps a million entries under 150 octets each.
 * Higher, the runs grow fast (at 0.9 some entries are hundreds of buckets from home).
 * Growing by 1/16 costs each insert 16 index slots moved, amortised; the rebuild reads
 * the old buckets only.
 */
#define BSLOTS		3
#define LID_N		32
#define LID_OTHER	0xffu
#define FAR_SAT		255
#define LOAD_MAX_NUM	7
#define LOAD_MAX_DEN	8
#define GROW_DIV	16
/* below 4 MiB of index, grow by half: fewer rebuilds while the memory is small anyway */
#define GROW_SMALL	65536

struct bkt {
	struct in6_addr	 hoa[BSLOTS];
	uint32_t	 ref[BSLOTS];		/* entry number + 1; 0: empty */
	uint8_t		 lid[BSLOTS];
	uint8_t		 far;			/* see above */
} __attribute__((aligned(64)));
_Static_assert(sizeof(struct bkt) == 64, "one cache line per bucket");

/* Hierarchical timer wheel: 4 levels of 256 slots, 1 ms at level 0, so 2^32 ms (49 days)
 * in all; lifetimes are at most 65535 * 4 s (RFC 6275 6.1.7), far below. */
#define WHEEL_LEVELS	4
#define WHEEL_BITS	8
#define WHEEL_SLOTS	(1u << WHEEL_BITS)
#define WHEEL_MASK	(WHEEL_SLOTS - 1)

#define BC_USED		0x0001
#define BC_TIMED	0x0002		/* in the wheel */
#define BC_IN_CB	0x0004		/* its expiry callback is running */
#define BC_DEAD		0x0008		/* deleted during its expiry callback */
#define BC_LVL_SHIFT	4		/* wheel level, 2 bits */
#define BC_LVL_MASK	(3u << BC_LVL_SHIFT)

struct bcache {
	struct bcache_entry **chunk;
	uint32_t	 nchunks;
	size_t		 mem;			/* bytes of chunks and index */
	uint32_t	 nalloc;		/* entry numbers handed out so far */
	uint32_t	 free;			/* free list through bc_tnext */
	uint32_t	 count;
	uint32_t	 cap;

	struct bkt	*bkt;
	uint32_t	 nb;			/* buckets */
	uint32_t	 maxd;			/* farthest from home any entry went */
	struct keyhash_key key;
	struct {
		struct in6_addr	a;
		uint32_t	refs;		/* 0: free */
	}		 loc[LID_N];		/* local addresses by short number */
	uint32_t	 nloc;			/* numbers used so far (a bound for lookups) */
	uint32_t	 nother;		/* entries whose local address is LID_OTHER */

	uint32_t	 wheel[WHEEL_LEVELS][WHEEL_SLOTS];
	uint32_t	 wcount[WHEEL_LEVELS];
	uint64_t	 wt;			/* next millisecond the wheel processes */

	struct loop_timer *timer;
	uint64_t	 armed_ms;		/* 0: not armed */
	bcache_expire_cb cb;
	void		*cb_arg;
	struct bcache_counters ctr;
};

static inline struct bcache_entry *
ent(const struct bcache *bc, uint32_t i)
{
	return &bc->chunk[i >> CHUNK_BITS][i & CHUNK_MASK];
}

int
bcache_seq_newer(uint16_t a, uint16_t b)
{
	uint16_t d = (uint16_t)(a - b);

	/* RFC 6275 9.5.1: modulo 2^16, newer means ahead by less than half the space */
	return d != 0 && d < 32768;
}

static inline int
addr_same(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static size_t
big_size(size_t len)
{
	return len < HUGE_PAGE ? len : (len + HUGE_PAGE - 1) & ~((size_t)HUGE_PAGE - 1);
}

/* len bytes, on huge pages where the kernel allows when len is a huge page or more (mapped
 * here, aligned, so that every 2 MiB of it can be one page); the size really taken is added
 * to *mem. Freed with big_free(p, len). */
static void *
big_alloc(size_t len, size_t *mem)
{
	uint8_t	*p, *a;
	size_t	 size = big_size(len), head;

	if (len < HUGE_PAGE) {
		if ((p = aligned_alloc(64, (len + 63) & ~(size_t)63)) != NULL)
			*mem += len;
		return p;
	}
	p = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (uint8_t *)(((uintptr_t)p + HUGE_PAGE - 1) & ~((uintptr_t)HUGE_PAGE - 1));
	head = (size_t)(a - p);
	if (head > 0)
		munmap(p, head);
	if (HUGE_PAGE - head > 0)
		munmap(a + size, HUGE_PAGE - head);
	(void)madvise(a, size, MADV_HUGEPAGE);	/* only a hint */
	*mem += size;
	return a;
}

static void
big_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	if (len < HUGE_PAGE)
		free(p);
	else
		munmap(p, big_size(len));
}

static inline uint32_t
home(const struct bcache *bc, const struct in6_addr *hoa)
{
	return (uint32_t)(((keyhash_addr(&bc->key, hoa) >> 32) * bc->nb) >> 32);
}

static inline uint32_t
bnext(const struct bcache *bc, uint32_t b)
{
	return b + 1 == bc->nb ? 0 : b + 1;
}

/* How many buckets after home h may hold entries whose home it is. */
static inline uint32_t
span(const struct bcache *bc, uint32_t h)
{
	return bc->bkt[h].far < FAR_SAT ? bc->bkt[h].far : bc->maxd;
}

/* Place entry i in the first free slot from its home bucket on. */
static void
index_put(struct bcache *bc, const struct in6_addr *hoa, uint8_t lid, uint32_t i)
{
	uint32_t	 h = home(bc, hoa), b = h, d;
	unsigned	 s;

	for (d = 0;; d++, b = bnext(bc, b)) {
		struct bkt *k = &bc->bkt[b];

		for (s = 0; s < BSLOTS; s++)
			if (k->ref[s] == 0)
				goto found;
	}
found:
	bc->bkt[b].hoa[s] = *hoa;
	bc->bkt[b].ref[s] = i + 1;
	bc->bkt[b].lid[s] = lid;
	if (d > bc->bkt[h].far)
		bc->bkt[h].far = d < FAR_SAT ? (uint8_t)d : FAR_SAT;
	if (d > bc->maxd)
		bc->maxd = d;
}

/* At least nb buckets, as many more as fill the huge pages the index takes anyway. */
static uint32_t
index_size(uint32_t nb)
{
	size_t	 len = (size_t)nb * sizeof(struct bkt);

	return len < HUGE_PAGE ? nb : (uint32_t)(big_size(len) / sizeof(struct bkt));
}

/* A new index of nb buckets holding every indexed entry (the load stays below 1, so
 * index_put always finds a slot). 0, or -1. */
static int
index_alloc(struct bcache *bc, uint32_t nb)
{
	struct bkt	*old = bc->bkt, *k;
	uint32_t	 onb = bc->nb, b;
	size_t		 mem = 0;
	unsigned	 s;

	if ((k = big_alloc((size_t)nb * sizeof(*k), &mem)) == NULL)
		return -1;
	if ((size_t)nb * sizeof(*k) < HUGE_PAGE)
		memset(k, 0, (size_t)nb * sizeof(*k));	/* (fresh mappings are zero) */
	bc->bkt = k;
	bc->nb = nb;
	bc->maxd = 0;
	bc->mem += mem;
	/* O(n) once per growth by 1/GROW_DIV: O(1) amortised per insert, and it reads only
	 * the old buckets, not the entries */
	for (b = 0; b < onb; b++)
		for (s = 0; s < BSLOTS; s++)
			if (old[b].ref[s] != 0)
				index_put(bc, &old[b].hoa[s], old[b].lid[s], old[b].ref[s] - 1);
	if (old != NULL) {
		bc->mem -= big_size((size_t)onb * sizeof(*old));
		big_free(old, (size_t)onb * sizeof(*old));
	}
	return 0;
}

/* Take entry e out of the index; returns its local address number. */
static uint8_t
index_take(struct bcache *bc, const struct bcache_entry *e)
{
	uint32_t	 h = home(bc, &e->hoa), b = h, d, n, far;
	unsigned	 s;
	uint8_t		 lid;

	for (d = 0; d <= span(bc, h); d++, b = bnext(bc, b)) {
		struct bkt *k = &bc->bkt[b];

		for (s = 0; s < BSLOTS; s++)
			if (k->ref[s] == e->bc_idx + 1)
				goto found;
	}
	abort();	/* an indexed entry is always there */
found:
	lid = bc->bkt[b].lid[s];
	bc->bkt[b].ref[s] = 0;
	if (d == 0 || d != bc->bkt[h].far || d == FAR_SAT)
		return lid;	/* (a saturated far stays so until the next rebuild) */
	/* it was the farthest of its home: find the next farthest (hashing the addresses of
	 * the entries in between: no entry is read) */
	for (far = 0, n = 1, b = bnext(bc, h); n <= d; n++, b = bnext(bc, b))
		for (s = 0; s < BSLOTS; s++)
			if (bc->bkt[b].ref[s] != 0 && home(bc, &bc->bkt[b].hoa[s]) == h)
				far = n;
	bc->bkt[h].far = (uint8_t)far;
	return lid;
}

/* The short number of a local address, LID_OTHER when it has none. */
static inline uint8_t
lid_find(const struct bcache *bc, const struct in6_addr *local)
{
	uint32_t	 i;

	for (i = 0; i < bc->nloc; i++)
		if (bc->loc[i].refs > 0 && addr_same(&bc->loc[i].a, local))
			return (uint8_t)i;
	return LID_OTHER;
}

/* The number for one more entry at local. */
static uint8_t
lid_get(struct bcache *bc, const struct in6_addr *local)
{
	uint32_t	 i, fr = LID_N;

	for (i = 0; i < bc->nloc; i++) {
		if (bc->loc[i].refs == 0) {
			if (fr == LID_N)
				fr = i;
		} else if (addr_same(&bc->loc[i].a, local)) {
			bc->loc[i].refs++;
			return (uint8_t)i;
		}
	}
	if (fr == LID_N && bc->nloc < LID_N)
		fr = bc->nloc++;
	if (fr == LID_N) {
		bc->nother++;
		return LID_OTHER;
	}
	bc->loc[fr].a = *local;
	bc->loc[fr].refs = 1;
	return (uint8_t)fr;
}

static void
lid_put(struct bcache *bc, uint8_t lid)
{
	if (lid == LID_OTHER)
		bc->nother--;
	else
		bc->loc[lid].refs--;
}

/* Entry i of bucket k, slot s, is (hoa, local)? hoa already matched. */
static inline int
local_match(struct bcache *bc, const struct bkt *k, unsigned s, uint8_t lid,
    const struct in6_addr *local)
{
	if (k->lid[s] != LID_OTHER)
		return k->lid[s] == lid;
	return addr_same(&ent(bc, k->ref[s] - 1)->local, local);
}

struct bcache *
bcache_new(uint32_t cap)
{
	struct bcache	*bc;
	int		 l;
	unsigned	 s;

	if ((bc = calloc(1, sizeof(*bc))) == NULL)
		return NULL;
	keyhash_seed(&bc->key);
	bc->free = NIL;
	bcache_set_cap(bc, cap);
	for (l = 0; l < WHEEL_LEVELS; l++)
		for (s = 0; s < WHEEL_SLOTS; s++)
			bc->wheel[l][s] = NIL;
	if (index_alloc(bc, 8) == -1) {
		free(bc);
		return NULL;
	}
	return bc;
}

void
bcache_free(struct bcache *bc)
{
	uint32_t	i;

	if (bc == NULL)
		return;
	for (i = 0; i < bc->nalloc; i++)
		if (ent(bc, i)->bc_flags & BC_USED)
			free(ent(bc, i)->mnp);
	for (i = 0; i < bc->nchunks; i++)
		if (i < SMALL_CHUNKS)
			big_free(bc->chunk[i], CHUNK_BYTES);
		else if ((i - SMALL_CHUNKS) % ARENA_CHUNKS == 0)
			big_free(bc->chunk[i], HUGE_PAGE);
	if (bc->timer != NULL)
		loop_timer_free(bc->timer);
	free(bc->chunk);
	big_free(bc->bkt, (size_t)bc->nb * sizeof(struct bkt));
	free(bc);
}

uint32_t
bcache_count(const struct bcache *bc)
{
	return bc->count;
}

uint32_t
bcache_cap(const struct bcache *bc)
{
	return bc->cap;
}

void
bcache_set_cap(struct bcache *bc, uint32_t cap)
{
	bc->cap = (cap == 0 || cap > IDX_MAX) ? IDX_MAX : cap;
}

int
bcache_full(const struct bcache *bc)
{
	return bc->count >= bc->cap;
}

struct bcache_entry *
bcache_lookup(struct bcache *bc, const struct in6_addr *hoa, const struct in6_addr *local)
{
	uint32_t	 b, d, end;
	unsigned	 s;
	uint8_t		 lid = lid_find(bc, local);

	if (lid == LID_OTHER && bc->nother == 0)
		return NULL;	/* not one of the addresses any entry is at */
	b = home(bc, hoa);
	end = span(bc, b);
	for (d = 0; d <= end; d++, b = bnext(bc, b)) {
		const struct bkt *k = &bc->bkt[b];

		for (s = 0; s < BSLOTS; s++)
			if (k->ref[s] != 0 && addr_same(&k->hoa[s], hoa) &&
			    local_match(bc, k, s, lid, local))
				return ent(bc, k->ref[s] - 1);
	}
	return NULL;
}

/* The first entry for hoa after entry number after (NIL: from the start) in the order of
 * the index. */
static struct bcache_entry *
hoa_from(struct bcache *bc, const struct in6_addr *hoa, uint32_t after)
{
	uint32_t	 b = home(bc, hoa), d, end = span(bc, b);
	unsigned	 s;
	int		 past = after == NIL;

	for (d = 0; d <= end; d++, b = bnext(bc, b)) {
		const struct bkt *k = &bc->bkt[b];

		for (s = 0; s < BSLOTS; s++) {
			if (!past) {
				past = k->ref[s] == after + 1;
				continue;
			}
			if (k->ref[s] != 0 && addr_same(&k->hoa[s], hoa))
				return ent(bc, k->ref[s] - 1);
		}
	}
	return NULL;
}

struct bcache_entry *
bcache_lookup_hoa(struct bcache *bc, const struct in6_addr *hoa)
{
	return hoa_from(bc, hoa, NIL);
}

struct bcache_entry *
bcache_next_hoa(struct bcache *bc, struct bcache_entry *e)
{
	return hoa_from(bc, &e->hoa, e->bc_idx);
}

static uint32_t
slot_alloc(struct bcache *bc)
{
	uint32_t	 i;

	if (bc->free != NIL) {
		i = bc->free;
		bc->free = ent(bc, i)->bc_tnext;
		return i;
	}
	if (bc->nalloc >= IDX_MAX)
		return NIL;
	if ((bc->nalloc >> CHUNK_BITS) >= bc->nchunks) {
		struct bcache_entry **c, *chunk;

		c = realloc(bc->chunk, (bc->nchunks + 1) * sizeof(*c));
		if (c == NULL)
			return NIL;
		bc->chunk = c;
		if (bc->nchunks < SMALL_CHUNKS)
			chunk = big_alloc(CHUNK_BYTES, &bc->mem);
		else if ((bc->nchunks - SMALL_CHUNKS) % ARENA_CHUNKS == 0)
			chunk = big_alloc(HUGE_PAGE, &bc->mem);
		else
			chunk = c[bc->nchunks - 1] + CHUNK_SIZE;
		if (chunk == NULL)
			return NIL;
		c[bc->nchunks++] = chunk;
	}
	return bc->nalloc++;
}

struct bcache_entry *
bcache_add(struct bcache *bc, const struct in6_addr *hoa, const struct in6_addr *local)
{
	struct bcache_entry *e;
	uint32_t	 i;

	if (bcache_lookup(bc, hoa, local) != NULL) {
		errno = EEXIST;
		return NULL;
	}
	if (bcache_full(bc)) {
		bc->ctr.refused_full++;
		errno = ENOSPC;
		return NULL;
	}
	if ((uint64_t)(bc->count + 1) * LOAD_MAX_DEN >
	    (uint64_t)bc->nb * BSLOTS * LOAD_MAX_NUM &&
	    index_alloc(bc, index_size(bc->nb + bc->nb /
	    (bc->nb < GROW_SMALL ? 2 : GROW_DIV) + 1)) == -1) {
		errno = ENOMEM;
		return NULL;
	}
	if ((i = slot_alloc(bc)) == NIL) {
		errno = ENOMEM;
		return NULL;
	}
	e = ent(bc, i);
	memset(e, 0, sizeof(*e));
	e->hoa = *hoa;
	e->local = *local;
	e->bc_flags = BC_USED;
	e->bc_idx = i;
	e->bc_tprev = e->bc_tnext = NIL;
	index_put(bc, hoa, lid_get(bc, local), i);
	bc->count++;
	bc->ctr.added++;
	return e;
}

/* ---- timer wheel ---- */

static void
wheel_link(struct bcache *bc, struct bcache_entry *e, unsigned lvl, unsigned slot)
{
	uint32_t	*head = &bc->wheel[lvl][slot];

	e->bc_tprev = SLOT_REF | (lvl << WHEEL_BITS) | slot;
	e->bc_tnext = *head;
	if (*head != NIL)
		ent(bc, *head)->bc_tprev = e->bc_idx;
	*head = e->bc_idx;
	e->bc_flags = (uint16_t)((e->bc_flags & ~BC_LVL_MASK) | BC_TIMED |
	    (lvl << BC_LVL_SHIFT));
	bc->wcount[lvl]++;
}

static void
wheel_unlink(struct bcache *bc, struct bcache_entry *e)
{
	unsigned	 lvl = (e->bc_flags & BC_LVL_MASK) >> BC_LVL_SHIFT;

	if (!(e->bc_flags & BC_TIMED))
		return;
	if (e->bc_tprev & SLOT_REF)
		bc->wheel[(e->bc_tprev >> WHEEL_BITS) & 3][e->bc_tprev & WHEEL_MASK] =
		    e->bc_tnext;
	else
		ent(bc, e->bc_tprev)->bc_tnext = e->bc_tnext;
	if (e->bc_tnext != NIL)
		ent(bc, e->bc_tnext)->bc_tprev = e->bc_tprev;
	e->bc_tprev = e->bc_tnext = NIL;
	e->bc_flags &= (uint16_t)~(BC_TIMED | BC_LVL_MASK);
	bc->wcount[lvl]--;
}

/* Place e by its expiry relative to the wheel's time (the classic hierarchical scheme:
 * level l holds what is due within 2^(8(l+1)) ms, and is cascaded down slot by slot). */
static void
wheel_insert(struct bcache *bc, struct bcache_entry *e)
{
	uint64_t	 x = e->expiry_ms, delta;
	unsigned	 lvl;

	if (x < bc->wt) {
		/* overdue: the very next step handles it */
		wheel_link(bc, e, 0, bc->wt & WHEEL_MASK);
		return;
	}
	delta = x - bc->wt;
	if (delta > 0xffffffffull) {
		delta = 0xffffffffull;
		x = bc->wt + delta;	/* comes back through a cascade, still not due */
	}
	for (lvl = 0; lvl < WHEEL_LEVELS - 1; lvl++)
		if (delta < (1ull << (WHEEL_BITS * (lvl + 1))))
			break;
	wheel_link(bc, e, lvl, (unsigned)(x >> (WHEEL_BITS * lvl)) & WHEEL_MASK);
}

static void
cascade(struct bcache *bc, unsigned lvl, unsigned slot)
{
	uint32_t	 i = bc->wheel[lvl][slot];

	bc->wheel[lvl][slot] = NIL;
	while (i != NIL) {
		struct bcache_entry *e = ent(bc, i);

		i = e->bc_tnext;
		e->bc_flags &= (uint16_t)~(BC_TIMED | BC_LVL_MASK);
		bc->wcount[lvl]--;
		wheel_insert(bc, e);
	}
}

static void
timer_rearm(struct bcache *bc)
{
	uint64_t	 when, now;

	if (bc->timer == NULL || !bcache_next_deadline(bc, &when))
		return;
	now = loop_now_ms();
	loop_timer_arm(bc->timer, when > now ? when - now : 0);
	bc->armed_ms = when;
}

void
bcache_set_expiry(struct bcache *bc, struct bcache_entry *e, uint64_t expiry_ms)
{
	wheel_unlink(bc, e);
	e->expiry_ms = expiry_ms;
	wheel_insert(bc, e);
	if (bc->timer != NULL && (bc->armed_ms == 0 || expiry_ms < bc->armed_ms)) {
		/* the new earliest: no need to look through the wheel */
		uint64_t now = loop_now_ms();

		loop_timer_arm(bc->timer, expiry_ms > now ? expiry_ms - now : 0);
		bc->armed_ms = expiry_ms;
	}
}

/* Take e out of the indexes and the wheel. */
static void
entry_unindex(struct bcache *bc, struct bcache_entry *e)
{
	wheel_unlink(bc, e);
	lid_put(bc, index_take(bc, e));
	free(e->mnp);
	e->mnp = NULL;
	e->mnp_count = 0;
	bc->count--;
	bc->ctr.deleted++;
}

/* Give e's slot back. */
static void
entry_release(struct bcache *bc, struct bcache_entry *e)
{
	e->bc_flags = 0;
	e->bc_tnext = bc->free;
	bc->free = e->bc_idx;
}

void
bcache_del(struct bcache *bc, struct bcache_entry *e)
{
	entry_unindex(bc, e);
	if (e->bc_flags & BC_IN_CB)
		e->bc_flags |= BC_DEAD;	/* the slot is released when the callback returns */
	else
		entry_release(bc, e);
}

int
bcache_set_mnp(struct bcache_entry *e, const struct bcache_mnp *mnp, unsigned count)
{
	struct bcache_mnp *p = NULL;

	if (count > BCACHE_MNP_MAX)
		return -1;
	if (count > 0) {
		if ((p = malloc(count * sizeof(*p))) == NULL)
			return -1;
		memcpy(p, mnp, count * sizeof(*p));
	}
	free(e->mnp);
	e->mnp = p;
	e->mnp_count = (uint8_t)count;
	return 0;
}

static unsigned
lowest_level(const struct bcache *bc)
{
	unsigned	 l;

	for (l = 0; l < WHEEL_LEVELS; l++)
		if (bc->wcount[l] != 0)
			break;
	return l;
}

uint32_t
bcache_expire(struct bcache *bc, uint64_t now_ms, bcache_expire_cb cb, void *arg)
{
	uint32_t	 n = 0;

	while (bc->wt <= now_ms) {
		unsigned l = lowest_level(bc), slot, k;

		if (l == WHEEL_LEVELS) {
			bc->wt = now_ms + 1;
			break;
		}
		if (l > 0) {
			/* nothing until level l's next cascade: skip there */
			uint64_t span = 1ull << (WHEEL_BITS * l);
			uint64_t next = (bc->wt + span - 1) & ~(span - 1);

			if (next > bc->wt) {
				bc->wt = next < now_ms + 1 ? next : now_ms + 1;
				continue;
			}
		}
		for (k = 1; k < WHEEL_LEVELS; k++) {
			if ((bc->wt >> (WHEEL_BITS * (k - 1))) & WHEEL_MASK)
				break;
			cascade(bc, k, (bc->wt >> (WHEEL_BITS * k)) & WHEEL_MASK);
		}
		slot = bc->wt & WHEEL_MASK;
		bc->wt++;
		while (bc->wheel[0][slot] != NIL) {
			struct bcache_entry *e = ent(bc, bc->wheel[0][slot]);

			wheel_unlink(bc, e);
			if (e->expiry_ms > now_ms) {
				/* cannot happen with exact level-0 slots; stay safe */
				wheel_insert(bc, e);
				continue;
			}
			n++;
			bc->ctr.expired++;
			e->bc_flags |= BC_IN_CB;
			if (cb != NULL)
				cb(e, arg);
			e->bc_flags &= (uint16_t)~BC_IN_CB;
			if (e->bc_flags & BC_DEAD)
				entry_release(bc, e);
			else if (!(e->bc_flags & BC_TIMED)) {
				entry_unindex(bc, e);
				entry_release(bc, e);
			}
		}
	}
	return n;
}

int
bcache_next_deadline(const struct bcache *bc, uint64_t *when_ms)
{
	unsigned	 l = lowest_level(bc), i;
	uint64_t	 span;

	if (l == WHEEL_LEVELS)
		return 0;
	if (l == 0) {
		for (i = 0; i < WHEEL_SLOTS; i++)
			if (bc->wheel[0][(bc->wt + i) & WHEEL_MASK] != NIL) {
				*when_ms = bc->wt + i;
				return 1;
			}
	}
	span = 1ull << (WHEEL_BITS * l);
	*when_ms = (bc->wt + span - 1) & ~(span - 1);
	return 1;
}

static void
timer_fire(void *arg)
{
	struct bcache	*bc = arg;

	bc->armed_ms = 0;
	bcache_expire(bc, loop_now_ms(), bc->cb, bc->cb_arg);
	timer_rearm(bc);
}

int
bcache_attach_loop(struct bcache *bc, bcache_expire_cb cb, void *arg)
{
	if (bc->timer == NULL && (bc->timer = loop_timer_new(timer_fire, bc)) == NULL)
		return -1;
	bc->cb = cb;
	bc->cb_arg = arg;
	/* the wheel starts at the loop's present, not at 0 */
	if (bc->wt == 0 && bc->count == 0)
		bc->wt = loop_now_ms();
	timer_rearm(bc);
	return 0;
}

void
bcache_foreach(struct bcache *bc, void (*f)(struct bcache_entry *e, void *arg), void *arg)
{
	uint32_t	 i;

	for (i = 0; i < bc->nalloc; i++) {
		struct bcache_entry *e = ent(bc, i);

		if ((e->bc_flags & BC_USED) && !(e->bc_flags & BC_DEAD))
			f(e, arg);
	}
}

void
bcache_foreach_rev(struct bcache *bc, void (*f)(struct bcache_entry *e, void *arg), void *arg)
{
	uint32_t	 i;

	for (i = bc->nalloc; i-- > 0;) {
		struct bcache_entry *e = ent(bc, i);

		if ((e->bc_flags & BC_USED) && !(e->bc_flags & BC_DEAD))
			f(e, arg);
	}
}

const struct bcache_counters *
bcache_counters(const struct bcache *bc)
{
	return &bc->ctr;
}

size_t
bcache_mem(const struct bcache *bc)
{
	return sizeof(*bc) + bc->mem + bc->nchunks * sizeof(struct bcache_entry *);
}

void
bcache_index_stats(const struct bcache *bc, struct bcache_index_stats *st)
{
	uint32_t	 b, d, i;
	unsigned	 s;

	memset(st, 0, sizeof(*st));
	st->buckets = bc->nb;
	for (b = 0; b < bc->nb; b++) {
		const struct bkt *k = &bc->bkt[b];

		if (k->far != 0)
			st->overflowed++;
		for (s = 0; s < BSLOTS; s++) {
			if (k->ref[s] == 0)
				continue;
			i = home(bc, &k->hoa[s]);
			d = b >= i ? b - i : b + bc->nb - i;
			if (d > st->max_probe)
				st->max_probe = d;
		}
	}
	for (i = 0; i < bc->nloc; i++)
		if (bc->loc[i].refs > 0)
			st->locals++;
}
