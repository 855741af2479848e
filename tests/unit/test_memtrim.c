/* test_memtrim.c - when the heap's free pages are worth handing back, and that a trim after a
 * burst gives them back */
#include "config.h"

#include <stdlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "memtrim.h"

static void
test_due(void **state)
{
	(void)state;
	/* small free space: never, however little is in use */
	assert_false(memtrim_due(0, 0));
	assert_false(memtrim_due(MEMTRIM_MIN_FREE - 1, 0));
	/* a megabyte free beside little in use: yes */
	assert_true(memtrim_due(MEMTRIM_MIN_FREE, 100 * 1024));
	/* free space under a quarter of what is in use is the working margin of a busy heap */
	assert_false(memtrim_due(2 * MEMTRIM_MIN_FREE, 9 * (size_t)MEMTRIM_MIN_FREE));
	assert_true(memtrim_due(2 * MEMTRIM_MIN_FREE, 8 * (size_t)MEMTRIM_MIN_FREE));
}

/* A burst of small blocks, every other one freed so that the top of the heap stays in use,
 * leaves megabytes free inside the arena: the trim runs and the free space is counted. */
static void
test_run_after_burst(void **state)
{
	enum { N = 40000 };
	struct mem_heap h;
	void **p;
	size_t i;

	(void)state;
	if (mem_heap_get(&h) == -1)
		skip();
	p = calloc(N, sizeof(*p));
	assert_non_null(p);
	for (i = 0; i < N; i++)
		assert_non_null(p[i] = malloc(200));
	for (i = 0; i < N; i += 2) {
		free(p[i]);
		p[i] = NULL;
	}
	assert_int_equal(mem_heap_get(&h), 0);
	if (h.in_use < (size_t)N / 2 * 200) {
		/* another allocator answers malloc (AddressSanitizer's): glibc's figures say
		 * nothing of these blocks */
		for (i = 0; i < N; i++)
			free(p[i]);
		free(p);
		skip();
	}
	assert_true(h.free >= MEMTRIM_MIN_FREE);
	assert_true(h.held >= h.in_use);
	assert_int_equal(memtrim_run(), memtrim_due(h.free, h.in_use));
	for (i = 0; i < N; i++)
		free(p[i]);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_run_after_burst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
