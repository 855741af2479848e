/* memtrim.h - hand the allocator's free pages back to the system once a burst is over */
#ifndef MIP6D_MEMTRIM_H
#define MIP6D_MEMTRIM_H

#include <stddef.h>

/* How often the heap is looked at, and the least free space worth a trim. */
#define MEMTRIM_INTERVAL_MS	30000
#define MEMTRIM_MIN_FREE	(1024 * 1024)

/* The heap as the allocator counts it. */
struct mem_heap {
	size_t	in_use;		/* handed out and not freed: a leak grows it with the work */
	size_t	held;		/* taken from the system: fragmentation grows it, no leak */
	size_t	free;		/* held but not in use */
};

/* 0 and *h filled, or -1 where the C library cannot tell (not glibc 2.33 or later). */
int	mem_heap_get(struct mem_heap *h);

/* 1 when free bytes held by the allocator (free) are worth returning next to those in use. */
int	memtrim_due(size_t free_bytes, size_t in_use);

void	memtrim_start(void);
void	memtrim_stop(void);
/* Trims now if due; returns 1 when it trimmed. */
int	memtrim_run(void);

#endif
