/* test_bcache.c - binding cache: keys, sequence numbers, cap, expiry order, 100,000 entries */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bcache.h"
#include "loop.h"

static struct in6_addr
addr(uint32_t net, uint32_t host)
{
	struct in6_addr	a;

	memset(&a, 0, sizeof(a));
	a.s6_addr[0] = 0x20;
	a.s6_addr[1] = 0x01;
	a.s6_addr[2] = 0x0d;
	a.s6_addr[3] = 0xb8;
	a.s6_addr32[1] = htonl(net);
	a.s6_addr32[3] = htonl(host);
	return a;
}

/* RFC 6275 9.5.1: newer when (a - b) mod 2^16 is in 1..32767 */
static void
test_bcache_seq_window_wrap(void **state)
{
	/* last accepted 15: 32782 is 32767 ahead (accepted), 32783 is 32768 ahead (not) */
	assert_true(bcache_seq_newer(32782, 15));
	assert_false(bcache_seq_newer(32783, 15));
	assert_true(bcache_seq_newer(16, 15));
	assert_false(bcache_seq_newer(15, 15));
	assert_false(bcache_seq_newer(14, 15));
	/* across the wrap */
	assert_true(bcache_seq_newer(0, 65535));
	assert_true(bcache_seq_newer(3, 65530));
	assert_false(bcache_seq_newer(65530, 3));
	assert_true(bcache_seq_newer(32766, 65535));
	assert_false(bcache_seq_newer(32767, 65535));
	assert_true(bcache_seq_newer(65535, 32768));
	assert_false(bcache_seq_newer(65535, 32767));
}

static void
test_bcache_add_lookup_del(void **state)
{
	struct bcache	*bc;
	struct bcache_entry *e, *e2, *f;
	struct in6_addr	 hoa = addr(1, 1), ha1 = addr(9, 1), ha2 = addr(9, 2);
	struct in6_addr	 other = addr(1, 2);

	assert_non_null(bc = bcache_new(0));
	assert_null(bcache_lookup(bc, &hoa, &ha1));
	assert_null(bcache_lookup_hoa(bc, &hoa));
	assert_non_null(e = bcache_add(bc, &hoa, &ha1));
	assert_memory_equal(&e->hoa, &hoa, sizeof(hoa));
	assert_memory_equal(&e->local, &ha1, sizeof(ha1));
	assert_int_equal(e->flags, 0);
	assert_int_equal(bcache_count(bc), 1);
	assert_ptr_equal(bcache_lookup(bc, &hoa, &ha1), e);
	assert_null(bcache_lookup(bc, &hoa, &ha2));
	assert_null(bcache_lookup(bc, &other, &ha1));
	errno = 0;
	assert_null(bcache_add(bc, &hoa, &ha1));
	assert_int_equal(errno, EEXIST);

	/* the same home address registered at two of our addresses */
	assert_non_null(e2 = bcache_add(bc, &hoa, &ha2));
	f = bcache_lookup_hoa(bc, &hoa);
	assert_true(f == e || f == e2);
	f = bcache_next_hoa(bc, f);
	assert_true(f == e || f == e2);
	assert_null(bcache_next_hoa(bc, f));

	bcache_del(bc, e);
	assert_null(bcache_lookup(bc, &hoa, &ha1));
	assert_ptr_equal(bcache_lookup_hoa(bc, &hoa), e2);
	assert_ptr_equal(bcache_lookup(bc, &hoa, &ha2), e2);
	assert_int_equal(bcache_count(bc), 1);
	bcache_free(bc);
}

static void
test_bcache_cap_full(void **state)
{
	struct bcache	*bc;
	struct in6_addr	 ha = addr(9, 1), hoa;
	uint32_t	 i;

	assert_non_null(bc = bcache_new(10));
	for (i = 0; i < 10; i++) {
		hoa = addr(1, i);
		assert_false(bcache_full(bc));
		assert_non_null(bcache_add(bc, &hoa, &ha));
	}
	assert_true(bcache_full(bc));
	hoa = addr(1, 100);
	errno = 0;
	assert_null(bcache_add(bc, &hoa, &ha));
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(bcache_counters(bc)->refused_full, 1);
	hoa = addr(1, 3);
	bcache_del(bc, bcache_lookup(bc, &hoa, &ha));
	hoa = addr(1, 100);
	assert_false(bcache_full(bc));
	assert_non_null(bcache_add(bc, &hoa, &ha));
	bcache_set_cap(bc, 20);
	assert_int_equal(bcache_cap(bc), 20);
	assert_false(bcache_full(bc));
	bcache_free(bc);
}

static void
test_bcache_mnp(void **state)
{
	struct bcache	*bc;
	struct bcache_entry *e;
	struct bcache_mnp p[BCACHE_MNP_MAX + 1];
	struct in6_addr	 hoa = addr(1, 1), ha = addr(9, 1);

	memset(p, 0, sizeof(p));
	p[0].prefix = addr(5, 0);
	p[0].plen = 64;
	p[1].prefix = addr(6, 0);
	p[1].plen = 48;
	assert_non_null(bc = bcache_new(0));
	assert_non_null(e = bcache_add(bc, &hoa, &ha));
	e->flags = BCACHE_F_HOME | BCACHE_F_ROUTER;
	assert_int_equal(bcache_set_mnp(e, p, 2), 0);
	assert_int_equal(e->mnp_count, 2);
	assert_int_equal(e->mnp[1].plen, 48);
	assert_int_equal(bcache_set_mnp(e, p, BCACHE_MNP_MAX + 1), -1);
	assert_int_equal(e->mnp_count, 2);
	assert_int_equal(bcache_set_mnp(e, p, 1), 0);
	assert_int_equal(e->mnp_count, 1);
	bcache_free(bc);	/* frees the prefixes (checked under valgrind/ASan) */
}

struct expiry_log {
	uint64_t	 now;
	uint64_t	 last;		/* last expiry time seen */
	uint64_t	 prev_now;	/* now of the previous bcache_expire call */
	uint32_t	 n;
	int		 action;	/* 0 none, 1 re-arm once, 2 delete self, 3 delete victim */
	struct bcache	*bc;
	struct bcache_entry *victim;
};

static void
expire_check(struct bcache_entry *e, void *arg)
{
	struct expiry_log *log = arg;

	/* due, in order, and not late: it was not yet due at the previous call */
	assert_true(e->expiry_ms <= log->now);
	assert_true(e->expiry_ms >= log->last);
	assert_true(e->expiry_ms > log->prev_now || log->n == 0);
	log->last = e->expiry_ms;
	log->n++;
	switch (log->action) {
	case 1:
		if (e->role_state == 0) {
			e->role_state = 1;
			bcache_set_expiry(log->bc, e, log->now + 1000);
			log->last = 0;
		}
		break;
	case 2:
		bcache_del(log->bc, e);
		break;
	case 3:
		if (log->victim != NULL && log->victim != e) {
			bcache_del(log->bc, log->victim);
			log->victim = NULL;
		}
		break;
	}
}

/* Random expiries from 1 ms to 73 h (the largest lifetime, 65535 * 4 s), expired by calls at
 * random increasing times: each entry comes out at the first call at or after its time, in
 * expiry order. */
static void
test_bcache_expiry_order(void **state)
{
	struct bcache	*bc;
	struct expiry_log log = { 0 };
	struct in6_addr	 ha = addr(9, 1), hoa;
	uint64_t	 base = 123456789, when;
	uint32_t	 i, n = 20000, total = 0;

	srandom(7);
	assert_non_null(bc = bcache_new(0));
	for (i = 0; i < n; i++) {
		struct bcache_entry *e;
		uint64_t span = (i % 3 == 0) ? 300 : (i % 3 == 1) ? 600000 : 262140000;

		hoa = addr(2, i);
		assert_non_null(e = bcache_add(bc, &hoa, &ha));
		bcache_set_expiry(bc, e, base + 1 + (uint64_t)random() % span);
		assert_int_equal(e->flags, 0);
	}
	/* rescheduling moves an entry */
	hoa = addr(2, 5);
	bcache_set_expiry(bc, bcache_lookup(bc, &hoa, &ha), base + 42);
	assert_true(bcache_next_deadline(bc, &when));
	log.now = base;
	assert_int_equal(bcache_expire(bc, base, expire_check, &log), 0);
	log.prev_now = base;
	while (bcache_count(bc) > 0) {
		uint64_t step = (log.now < base + 1000) ? 1 + random() % 7 :
		    (log.now < base + 700000) ? 1 + random() % 5000 : 1 + random() % 3000000;

		assert_true(bcache_next_deadline(bc, &when));
		/* the deadline never lies beyond the next expiry */
		log.now += step;
		log.last = 0;
		total += bcache_expire(bc, log.now, expire_check, &log);
		log.prev_now = log.now;
	}
	assert_int_equal(total, n);
	assert_int_equal(log.n, n);
	assert_false(bcache_next_deadline(bc, &when));
	bcache_free(bc);
}

/* The deadline is at or before the next expiry, exact within 256 ms. */
static void
test_bcache_next_deadline(void **state)
{
	struct bcache	*bc;
	struct bcache_entry *e;
	struct in6_addr	 ha = addr(9, 1), hoa = addr(1, 1), hoa2 = addr(1, 2);
	uint64_t	 when;

	assert_non_null(bc = bcache_new(0));
	assert_int_equal(bcache_expire(bc, 1000000, NULL, NULL), 0);
	assert_non_null(e = bcache_add(bc, &hoa, &ha));
	bcache_set_expiry(bc, e, 1000100);
	assert_true(bcache_next_deadline(bc, &when));
	assert_int_equal(when, 1000100);
	assert_non_null(e = bcache_add(bc, &hoa2, &ha));
	bcache_set_expiry(bc, e, 1000050);
	assert_true(bcache_next_deadline(bc, &when));
	assert_int_equal(when, 1000050);
	assert_int_equal(bcache_expire(bc, 1000049, NULL, NULL), 0);
	assert_int_equal(bcache_expire(bc, 1000050, NULL, NULL), 1);
	assert_int_equal(bcache_count(bc), 1);
	/* far away: a cascade point before it */
	bcache_set_expiry(bc, bcache_lookup(bc, &hoa, &ha), 1000050 + 3600000);
	assert_true(bcache_next_deadline(bc, &when));
	assert_true(when <= 1000050 + 3600000);
	while (bcache_count(bc) > 0) {
		uint64_t prev = when;

		assert_true(bcache_next_deadline(bc, &when));
		assert_true(when >= prev);
		bcache_expire(bc, when, NULL, NULL);
	}
	assert_int_equal(when, 1000050 + 3600000);
	/* already past when scheduled: due at the wheel's next millisecond */
	assert_non_null(e = bcache_add(bc, &hoa, &ha));
	bcache_set_expiry(bc, e, 5);
	assert_true(bcache_next_deadline(bc, &when));
	assert_int_equal(when, 1000050 + 3600000 + 1);
	assert_int_equal(bcache_expire(bc, when, NULL, NULL), 1);
	bcache_free(bc);
}

static void
test_bcache_expire_callback_actions(void **state)
{
	struct bcache	*bc;
	struct expiry_log log = { 0 };
	struct bcache_entry *e, *a, *b;
	struct in6_addr	 ha = addr(9, 1), hoa = addr(1, 1), h2 = addr(1, 2), h3 = addr(1, 3);

	/* re-armed in the callback: kept, expires later */
	assert_non_null(bc = bcache_new(0));
	log.bc = bc;
	log.action = 1;
	assert_non_null(e = bcache_add(bc, &hoa, &ha));
	bcache_set_expiry(bc, e, 100);
	log.now = 100;
	assert_int_equal(bcache_expire(bc, 100, expire_check, &log), 1);
	assert_ptr_equal(bcache_lookup(bc, &hoa, &ha), e);
	assert_int_equal(e->expiry_ms, 1100);
	log.now = 1100;
	log.prev_now = 100;
	assert_int_equal(bcache_expire(bc, 1100, expire_check, &log), 1);
	assert_null(bcache_lookup(bc, &hoa, &ha));
	assert_int_equal(bcache_count(bc), 0);

	/* deleted by the callback itself */
	log.action = 2;
	assert_non_null(e = bcache_add(bc, &hoa, &ha));
	bcache_set_expiry(bc, e, 2000);
	log.now = 2000;
	assert_int_equal(bcache_expire(bc, 2000, expire_check, &log), 1);
	assert_int_equal(bcache_count(bc), 0);
	assert_null(bcache_lookup(bc, &hoa, &ha));

	/* the callback deletes another due entry in the same slot */
	log.action = 3;
	assert_non_null(a = bcache_add(bc, &h2, &ha));
	assert_non_null(b = bcache_add(bc, &h3, &ha));
	bcache_set_expiry(bc, a, 3000);
	bcache_set_expiry(bc, b, 3000);
	log.victim = b;
	log.now = 3000;
	log.last = 0;
	log.n = 0;
	/* whichever comes first deletes the other (or itself is the victim: then it deletes
	 * nothing and the other expires normally) */
	assert_true(bcache_expire(bc, 3000, expire_check, &log) >= 1);
	assert_int_equal(bcache_count(bc), 0);
	bcache_free(bc);
}

/* One home address at many of our addresses: all its entries share a home bucket, so they
 * run on over the next buckets, past LID_N local addresses (those without a short number
 * are told apart in the entry); deleting from the middle of the run keeps the rest found,
 * and the walk over the home address finds each exactly once. */
#define MANY_LOCALS	40

static int
hoa_walk_count(struct bcache *bc, const struct in6_addr *hoa, struct bcache_entry **seen,
    int nseen)
{
	struct bcache_entry *e;
	int	 n = 0, i;

	for (e = bcache_lookup_hoa(bc, hoa); e != NULL; e = bcache_next_hoa(bc, e)) {
		assert_memory_equal(&e->hoa, hoa, sizeof(*hoa));
		for (i = 0; i < nseen; i++)
			if (seen[i] == e)
				break;
		assert_true(i < nseen);		/* a live entry */
		seen[i] = NULL;			/* and not twice */
		n++;
	}
	return n;
}

static void
test_bcache_index_one_hoa_many_locals(void **state)
{
	struct bcache	*bc;
	struct bcache_entry *e[MANY_LOCALS], *seen[MANY_LOCALS];
	struct bcache_index_stats st;
	struct in6_addr	 hoa = addr(5, 1), other = addr(5, 2), loc;
	int		 i, j, live;

	assert_non_null(bc = bcache_new(0));
	/* a few other entries around, in the same buckets or not */
	for (i = 0; i < 20; i++) {
		struct in6_addr h = addr(6, (uint32_t)i);

		loc = addr(9, 1);
		assert_non_null(bcache_add(bc, &h, &loc));
	}
	for (i = 0; i < MANY_LOCALS; i++) {
		loc = addr(9, 100 + (uint32_t)i);
		assert_non_null(e[i] = bcache_add(bc, &hoa, &loc));
	}
	bcache_index_stats(bc, &st);
	assert_true(st.max_probe >= MANY_LOCALS / 3 - 1);
	assert_int_equal(st.locals, 32);	/* LID_N; the other 9 of 41 go without */
	for (i = 0; i < MANY_LOCALS; i++) {
		loc = addr(9, 100 + (uint32_t)i);
		assert_ptr_equal(bcache_lookup(bc, &hoa, &loc), e[i]);
		assert_null(bcache_lookup(bc, &other, &loc));
	}
	loc = addr(9, 99);
	assert_null(bcache_lookup(bc, &hoa, &loc));
	memcpy(seen, e, sizeof(seen));
	assert_int_equal(hoa_walk_count(bc, &hoa, seen, MANY_LOCALS), MANY_LOCALS);

	/* delete every third, then the rest from the far end of the run backwards */
	live = MANY_LOCALS;
	for (j = 0; j < 2; j++) {
		for (i = MANY_LOCALS - 1; i >= 0; i--) {
			if (e[i] == NULL || (j == 0 && i % 3 != 1))
				continue;
			bcache_del(bc, e[i]);
			e[i] = NULL;
			live--;
			for (int k = 0; k < MANY_LOCALS; k++) {
				loc = addr(9, 100 + (uint32_t)k);
				assert_ptr_equal(bcache_lookup(bc, &hoa, &loc), e[k]);
			}
			memcpy(seen, e, sizeof(seen));
			assert_int_equal(hoa_walk_count(bc, &hoa, seen, MANY_LOCALS), live);
		}
	}
	assert_null(bcache_lookup_hoa(bc, &hoa));
	assert_int_equal(bcache_count(bc), 20);
	bcache_index_stats(bc, &st);
	assert_int_equal(st.locals, 1);		/* numbers are given back */

	/* a number given back goes to a new address, and the old one is not found with it */
	loc = addr(9, 500);
	assert_non_null(e[0] = bcache_add(bc, &hoa, &loc));
	assert_ptr_equal(bcache_lookup(bc, &hoa, &loc), e[0]);
	loc = addr(9, 100);
	assert_null(bcache_lookup(bc, &hoa, &loc));
	bcache_free(bc);
}

/* A run longer than a bucket can say (255 buckets on): lookups still reach its end. */
static void
test_bcache_index_long_run(void **state)
{
	struct bcache	*bc;
	struct bcache_entry **e;
	struct bcache_index_stats st;
	struct in6_addr	 hoa = addr(5, 7), loc;
	uint32_t	 i, k, n = 1000;

	assert_non_null(e = calloc(n, sizeof(*e)));
	assert_non_null(bc = bcache_new(0));
	for (i = 0; i < n; i++) {
		loc = addr(9, 2000 + i);
		assert_non_null(e[i] = bcache_add(bc, &hoa, &loc));
	}
	bcache_index_stats(bc, &st);
	assert_true(st.max_probe > 255);
	for (k = 0; k < 2; k++)
		for (i = k; i < n; i += 2) {
			uint32_t j;

			bcache_del(bc, e[i]);
			e[i] = NULL;
			if (i % 64 != k)
				continue;
			for (j = 0; j < n; j++) {
				loc = addr(9, 2000 + j);
				assert_ptr_equal(bcache_lookup(bc, &hoa, &loc), e[j]);
			}
		}
	assert_int_equal(bcache_count(bc), 0);
	assert_null(bcache_lookup_hoa(bc, &hoa));
	bcache_free(bc);
	free(e);
}

/* The index against a plain array, through growth, deletes in runs and address numbers
 * coming and going: random operations over 3,000 home addresses at 40 local addresses. */
#define MODEL_HOAS	3000
#define MODEL_LOCALS	40
#define MODEL_OPS	200000

static uint32_t
rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*x >> 33);
}

static void
test_bcache_index_model(void **state)
{
	struct bcache	*bc;
	struct bcache_entry **m;
	struct bcache_index_stats st;
	struct in6_addr	 hoa, loc;
	uint64_t	 x = 42;
	uint32_t	 n = 0, op, h, l, grew = 0, last_nb = 0;

	assert_non_null(m = calloc(MODEL_HOAS * MODEL_LOCALS, sizeof(*m)));
	assert_non_null(bc = bcache_new(0));
	for (op = 0; op < MODEL_OPS; op++) {
		struct bcache_entry *e, **me;

		/* adds win over deletes for the first half (growth), then lose (runs thin) */
		int add = rnd(&x) % 100 < (op < MODEL_OPS / 2 ? 70 : 35);

		h = rnd(&x) % MODEL_HOAS;
		/* few local addresses mostly, all 40 now and then */
		l = rnd(&x) % 8 == 0 ? rnd(&x) % MODEL_LOCALS : rnd(&x) % 3;
		hoa = addr(7, h);
		loc = addr(9, 1000 + l);
		me = &m[h * MODEL_LOCALS + l];
		e = bcache_lookup(bc, &hoa, &loc);
		assert_ptr_equal(e, *me);
		if (add && *me == NULL) {
			assert_non_null(*me = bcache_add(bc, &hoa, &loc));
			(*me)->seq = (uint16_t)op;
			n++;
		} else if (!add && *me != NULL) {
			bcache_del(bc, *me);
			*me = NULL;
			n--;
		}
		assert_int_equal(bcache_count(bc), n);
		if (op % 256 != 0)
			continue;
		bcache_index_stats(bc, &st);
		if (st.buckets != last_nb) {
			grew++;
			last_nb = st.buckets;
		}
		if (op % 20480 == 0) {
			/* the whole model: every key, and every home address's walk */
			for (h = 0; h < MODEL_HOAS; h++) {
				struct bcache_entry *seen[MODEL_LOCALS];
				int live = 0;

				hoa = addr(7, h);
				for (l = 0; l < MODEL_LOCALS; l++) {
					loc = addr(9, 1000 + l);
					e = m[h * MODEL_LOCALS + l];
					assert_ptr_equal(bcache_lookup(bc, &hoa, &loc), e);
					seen[l] = e;
					live += e != NULL;
				}
				assert_int_equal(hoa_walk_count(bc, &hoa, seen, MODEL_LOCALS),
				    live);
			}
		}
	}
	assert_true(grew >= 5);
	bcache_free(bc);
	free(m);
}

/* 100,000 entries: insert, look up, delete half, reinsert, expire all. */
static void
test_bcache_100k(void **state)
{
	struct bcache	*bc;
	struct expiry_log log = { 0 };
	struct in6_addr	 ha = addr(9, 1), ha2 = addr(9, 2), hoa;
	uint32_t	 i, n = 100000;

	assert_non_null(bc = bcache_new(n));
	for (i = 0; i < n; i++) {
		struct bcache_entry *e;

		hoa = addr(3, i);
		assert_non_null(e = bcache_add(bc, &hoa, (i & 1) ? &ha : &ha2));
		e->seq = (uint16_t)i;
		bcache_set_expiry(bc, e, 1000000 + (i * 7919u) % 420000);
	}
	assert_true(bcache_full(bc));
	for (i = 0; i < n; i++) {
		struct bcache_entry *e;

		hoa = addr(3, i);
		assert_non_null(e = bcache_lookup(bc, &hoa, (i & 1) ? &ha : &ha2));
		assert_int_equal(e->seq, (uint16_t)i);
		assert_ptr_equal(bcache_lookup_hoa(bc, &hoa), e);
		assert_null(bcache_lookup(bc, &hoa, (i & 1) ? &ha2 : &ha));
	}
	for (i = 0; i < n; i += 2) {
		hoa = addr(3, i);
		bcache_del(bc, bcache_lookup(bc, &hoa, &ha2));
	}
	assert_int_equal(bcache_count(bc), n / 2);
	for (i = 0; i < n; i++) {
		hoa = addr(3, i);
		if (i & 1)
			assert_non_null(bcache_lookup(bc, &hoa, &ha));
		else
			assert_null(bcache_lookup_hoa(bc, &hoa));
	}
	for (i = 0; i < n; i += 2) {
		struct bcache_entry *e;

		hoa = addr(3, i);
		assert_non_null(e = bcache_add(bc, &hoa, &ha2));
		bcache_set_expiry(bc, e, 1000000 + (i * 7919u) % 420000);
	}
	assert_int_equal(bcache_count(bc), n);
	assert_true(bcache_mem(bc) / n < 200);
	for (log.now = 1000000; bcache_count(bc) > 0; log.now += 997) {
		log.last = 0;
		bcache_expire(bc, log.now, expire_check, &log);
		log.prev_now = log.now;
	}
	assert_int_equal(log.n, n);
	assert_int_equal(bcache_counters(bc)->added, n + n / 2);
	assert_int_equal(bcache_counters(bc)->deleted, n + n / 2);
	assert_int_equal(bcache_counters(bc)->expired, n);
	bcache_free(bc);
}

/* The whole cache on the event loop: one timer, entries expire on time. */
static int	loop_expired;

static void
loop_expire_cb(struct bcache_entry *e, void *arg)
{
	assert_true(loop_now_ms() >= e->expiry_ms);
	if (++loop_expired == 3)
		loop_exit();
}

static void
loop_guard(void *arg)
{
	loop_exit();
}

static void
test_bcache_on_loop(void **state)
{
	struct bcache	*bc;
	struct loop_timer *guard;
	struct in6_addr	 ha = addr(9, 1), hoa;
	uint64_t	 now;
	int		 i;

	assert_int_equal(loop_init(), 0);
	assert_non_null(bc = bcache_new(0));
	assert_int_equal(bcache_attach_loop(bc, loop_expire_cb, NULL), 0);
	now = loop_now_ms();
	for (i = 0; i < 3; i++) {
		struct bcache_entry *e;

		hoa = addr(4, (uint32_t)i);
		assert_non_null(e = bcache_add(bc, &hoa, &ha));
		bcache_set_expiry(bc, e, now + 60 - 20 * (uint64_t)i);
	}
	assert_non_null(guard = loop_timer_new(loop_guard, NULL));
	loop_timer_arm(guard, 3000);
	assert_int_equal(loop_run(), 0);
	assert_int_equal(loop_expired, 3);
	assert_int_equal(bcache_count(bc), 0);
	loop_timer_free(guard);
	bcache_free(bc);
	loop_free();
}

/* bcache_foreach_rev: a cache filled afresh is walked newest first, bcache_foreach oldest
 * first; both see every live entry once and none deleted. */
struct walk {
	uint16_t	seen[64];
	size_t		n;
};

static void
walk_one(struct bcache_entry *e, void *arg)
{
	struct walk *w = arg;

	w->seen[w->n++] = (uint16_t)(e->hoa.s6_addr[14] << 8 | e->hoa.s6_addr[15]);
}

static void
test_bcache_foreach_rev(void **state)
{
	struct bcache	*bc;
	struct bcache_entry *e[40];
	struct in6_addr	 hoa, ha = addr(9, 1);
	struct walk	 fw, rv;
	size_t		 i;

	(void)state;
	assert_non_null(bc = bcache_new(0));
	for (i = 0; i < 40; i++) {
		hoa = addr(1, (uint32_t)i + 1);
		assert_non_null(e[i] = bcache_add(bc, &hoa, &ha));
	}
	bcache_del(bc, e[7]);
	memset(&fw, 0, sizeof(fw));
	memset(&rv, 0, sizeof(rv));
	bcache_foreach(bc, walk_one, &fw);
	bcache_foreach_rev(bc, walk_one, &rv);
	assert_int_equal(fw.n, 39);
	assert_int_equal(rv.n, 39);
	for (i = 0; i < 39; i++)
		assert_int_equal(rv.seen[i], fw.seen[38 - i]);
	assert_int_equal(rv.seen[0], 40);	/* the newest first */
	assert_int_equal(rv.seen[38], 1);
	for (i = 0; i < 39; i++)
		assert_int_not_equal(rv.seen[i], 8);	/* the deleted one is not seen */
	bcache_free(bc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bcache_seq_window_wrap),
		cmocka_unit_test(test_bcache_add_lookup_del),
		cmocka_unit_test(test_bcache_cap_full),
		cmocka_unit_test(test_bcache_mnp),
		cmocka_unit_test(test_bcache_expiry_order),
		cmocka_unit_test(test_bcache_next_deadline),
		cmocka_unit_test(test_bcache_expire_callback_actions),
		cmocka_unit_test(test_bcache_index_one_hoa_many_locals),
		cmocka_unit_test(test_bcache_index_long_run),
		cmocka_unit_test(test_bcache_index_model),
		cmocka_unit_test(test_bcache_100k),
		cmocka_unit_test(test_bcache_on_loop),
		cmocka_unit_test(test_bcache_foreach_rev),
	};

	return cmocka_run_group_tests_name("bcache", tests, NULL, NULL);
}
