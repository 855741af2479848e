/* bcache.c - the binding cache: chunked entry store, two keyed hash indexes, one timer wheel */
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

#define CHUNK_BITS	12		/* 4096 entries, 512 KiB per chunk */
#define CHUNK_SIZE	(1u << CHUNK_BITS)
#define CHUNK_MASK	(CHUNK_SIZE - 1)
#define CHUNK_BYTES	(CHUNK_SIZE * sizeof(struct bcache_entry))
/* A large cache is touched at random, so TLB misses cost as much as cache misses: beyond the
 * first SMALL_CHUNKS (malloc'd one by one so a small cache stays small), chunks come
 * ARENA_CHUNKS at a time from 2 MiB regions the kernel may back with a huge page. */
#define SMALL_CHUNKS	4
#define ARENA_CHUNKS	4
#define HUGE_PAGE	(2u << 20)
_Static_assert(ARENA_CHUNKS * CHUNK_BYTES <= HUGE_PAGE, "an arena holds its chunks");
_Static_assert(sizeof(struct bcache_entry) == 128, "two cache lines per entry");

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
	size_t		 mem;			/* bytes of chunks and indexes */
	uint32_t	 nalloc;		/* entry numbers handed out so far */
	uint32_t	 free;			/* free list through bc_next */
	uint32_t	 count;
	uint32_t	 cap;

	uint32_t	*head;			/* (hoa, local) -> first entry */
	uint32_t	*hhead;			/* hoa -> first entry */
	uint32_t	 mask;			/* buckets - 1 */
	struct keyhash_key key;

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

static int
index_alloc(struct bcache *bc, uint32_t buckets)
{
	uint32_t	*h, *hh, i;
	size_t		 len = (size_t)buckets * sizeof(*h), mem = 0;

	h = big_alloc(len, &mem);
	hh = big_alloc(len, &mem);
	if (h == NULL || hh == NULL) {
		big_free(h, len);
		big_free(hh, len);
		return -1;
	}
	if (bc->head != NULL)
		bc->mem -= 2 * big_size(((size_t)bc->mask + 1) * sizeof(*h));
	big_free(bc->head, ((size_t)bc->mask + 1) * sizeof(*h));
	big_free(bc->hhead, ((size_t)bc->mask + 1) * sizeof(*h));
	bc->mem += mem;
	memset(h, 0xff, len);
	memset(hh, 0xff, len);
	bc->head = h;
	bc->hhead = hh;
	bc->mask = buckets - 1;
	/* Relink every entry: O(n), once per doubling, so O(1) amortised per insert. */
	for (i = 0; i < bc->nalloc; i++) {
		struct bcache_entry *e = ent(bc, i);
		uint32_t b;

		if ((e->bc_flags & (BC_USED | BC_DEAD)) != BC_USED)
			continue;
		b = (uint32_t)keyhash_addr2(&bc->key, &e->hoa, &e->local) & bc->mask;
		e->bc_next = bc->head[b];
		bc->head[b] = i;
		b = (uint32_t)keyhash_addr(&bc->key, &e->hoa) & bc->mask;
		e->bc_hnext = bc->hhead[b];
		bc->hhead[b] = i;
	}
	return 0;
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
	if (index_alloc(bc, 64) == -1) {
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
	if (bc->head != NULL) {
		big_free(bc->head, ((size_t)bc->mask + 1) * sizeof(uint32_t));
		big_free(bc->hhead, ((size_t)bc->mask + 1) * sizeof(uint32_t));
	}
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
	uint32_t	 i;

	i = bc->head[(uint32_t)keyhash_addr2(&bc->key, hoa, local) & bc->mask];
	while (i != NIL) {
		struct bcache_entry *e = ent(bc, i);

		if (addr_same(&e->hoa, hoa) && addr_same(&e->local, local))
			return e;
		i = e->bc_next;
	}
	return NULL;
}

static struct bcache_entry *
hoa_from(struct bcache *bc, uint32_t i, const struct in6_addr *hoa)
{
	while (i != NIL) {
		struct bcache_entry *e = ent(bc, i);

		if (addr_same(&e->hoa, hoa))
			return e;
		i = e->bc_hnext;
	}
	return NULL;
}

struct bcache_entry *
bcache_lookup_hoa(struct bcache *bc, const struct in6_addr *hoa)
{
	return hoa_from(bc, bc->hhead[(uint32_t)keyhash_addr(&bc->key, hoa) & bc->mask], hoa);
}

struct bcache_entry *
bcache_next_hoa(struct bcache *bc, struct bcache_entry *e)
{
	return hoa_from(bc, e->bc_hnext, &e->hoa);
}

static uint32_t
slot_alloc(struct bcache *bc)
{
	uint32_t	 i;

	if (bc->free != NIL) {
		i = bc->free;
		bc->free = ent(bc, i)->bc_next;
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
	uint32_t	 i, b;

	if (bcache_lookup(bc, hoa, local) != NULL) {
		errno = EEXIST;
		return NULL;
	}
	if (bcache_full(bc)) {
		bc->ctr.refused_full++;
		errno = ENOSPC;
		return NULL;
	}
	/* load factor at most 1 */
	if (bc->count + 1 > bc->mask + 1 && bc->mask < IDX_MAX &&
	    index_alloc(bc, (bc->mask + 1) * 2) == -1) {
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
	b = (uint32_t)keyhash_addr2(&bc->key, hoa, local) & bc->mask;
	e->bc_next = bc->head[b];
	bc->head[b] = i;
	b = (uint32_t)keyhash_addr(&bc->key, hoa) & bc->mask;
	e->bc_hnext = bc->hhead[b];
	bc->hhead[b] = i;
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
	uint32_t	*pp;

	wheel_unlink(bc, e);
	pp = &bc->head[(uint32_t)keyhash_addr2(&bc->key, &e->hoa, &e->local) & bc->mask];
	while (*pp != e->bc_idx)
		pp = &ent(bc, *pp)->bc_next;
	*pp = e->bc_next;
	pp = &bc->hhead[(uint32_t)keyhash_addr(&bc->key, &e->hoa) & bc->mask];
	while (*pp != e->bc_idx)
		pp = &ent(bc, *pp)->bc_hnext;
	*pp = e->bc_hnext;
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
	e->bc_next = bc->free;
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
