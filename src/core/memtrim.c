/*
 * memtrim.c - hand the allocator's free pages back to the system once a burst is over
 *
 * A home agent's bindings come and go in bursts: ten thousand mobile nodes register, move and
 * leave, and each of them left small blocks all over the heap.  glibc gives memory back to the
 * system only from the top of its arena, so after the burst the pages in the middle stay
 * resident although nothing uses them, and the resident size keeps the high-water mark of
 * every burst's layout (the soak scenario saw it grow by a third while the heap in use stayed
 * flat).  malloc_trim() also releases whole free pages inside the arena (MADV_DONTNEED), so a
 * slow timer looks at the heap and trims when the free space is large both absolutely and
 * next to what is in use: a daemon at rest then holds what it uses, and an operator's
 * resident-size graph means something.  Nothing is freed or moved: blocks in use stay where
 * they are, so the trim is safe at any time; it costs one walk of the free lists.
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>

#include "log.h"
#include "loop.h"
#include "memtrim.h"
#include "stats.h"

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#define HAVE_MALLINFO2_TRIM 1
#endif

static struct loop_timer *trim_timer;

int
memtrim_due(size_t free_bytes, size_t in_use)
{
	/* at least MEMTRIM_MIN_FREE, and at least a quarter of what is in use: a heap that
	 * churns steadily keeps a working margin and is not trimmed at every look */
	return free_bytes >= MEMTRIM_MIN_FREE && free_bytes >= in_use / 4;
}

int
mem_heap_get(struct mem_heap *h)
{
#ifdef HAVE_MALLINFO2_TRIM
	struct mallinfo2 mi = mallinfo2();

	/* blocks served by mmap (hblkhd) are in use and held alike */
	h->in_use = mi.uordblks + mi.hblkhd;
	h->held = mi.arena + mi.hblkhd;
	h->free = mi.fordblks;
	return 0;
#else
	(void)h;
	return -1;
#endif
}

int
memtrim_run(void)
{
	struct mem_heap h;

	if (mem_heap_get(&h) == -1 || !memtrim_due(h.free, h.in_use))
		return 0;
	malloc_trim(0);
	stats_inc("memory.trims");
	log_debug("memory: %zu kB free in the heap beside %zu kB in use; trimmed",
	    h.free / 1024, h.in_use / 1024);
	return 1;
}

static void
on_trim_timer(void *arg)
{
	(void)arg;
	memtrim_run();
	loop_timer_arm(trim_timer, MEMTRIM_INTERVAL_MS);
}

void
memtrim_start(void)
{
	if (trim_timer != NULL)
		return;
	if ((trim_timer = loop_timer_new(on_trim_timer, NULL)) == NULL) {
		log_warnx("memory: no timer; the heap is not trimmed after bursts");
		return;
	}
	loop_timer_arm(trim_timer, MEMTRIM_INTERVAL_MS);
}

void
memtrim_stop(void)
{
	loop_timer_free(trim_timer);
	trim_timer = NULL;
}
