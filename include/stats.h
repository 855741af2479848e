/* stats.h - named message counters for mip6d-ctl status ("rx.bu", "drop.bad-checksum", ...) */
#ifndef MIP6D_STATS_H
#define MIP6D_STATS_H

#include <stdint.h>

/* Counter names are string literals (or otherwise live for the process): they are not copied. */
void	 stats_inc(const char *name);
void	 stats_add(const char *name, uint64_t n);
uint64_t stats_get(const char *name);
/* Calls fn for every counter, in name order. */
void	 stats_foreach(void (*fn)(const char *name, uint64_t value, void *arg), void *arg);
void	 stats_reset(void);
/* Sum of counters whose name starts with prefix ("drop.", "err."). */
uint64_t stats_sum_prefix(const char *prefix);

#endif
