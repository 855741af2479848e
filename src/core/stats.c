/* stats.c - named counters: a small open-addressing table keyed by the name's address */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define STATS_MAX 512	/* distinct counter names; a fixed set chosen by the code */

struct counter {
	const char	*name;
	uint64_t	 value;
};

static struct counter table[STATS_MAX];
static unsigned int nused;

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a: names are ours, not a peer's */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static struct counter *
lookup(const char *name, int create)
{
	uint32_t i = name_hash(name) % STATS_MAX;
	unsigned int n;

	for (n = 0; n < STATS_MAX; n++, i = (i + 1) % STATS_MAX) {
		if (table[i].name == NULL) {
			if (!create || nused == STATS_MAX - 1)
				return NULL;
			table[i].name = name;
			nused++;
			return &table[i];
		}
		if (table[i].name == name || strcmp(table[i].name, name) == 0)
			return &table[i];
	}
	return NULL;
}

void
stats_add(const char *name, uint64_t n)
{
	struct counter *c = lookup(name, 1);

	if (c != NULL)
		c->value += n;
}

void
stats_inc(const char *name)
{
	stats_add(name, 1);
}

uint64_t
stats_get(const char *name)
{
	struct counter *c = lookup(name, 0);

	return c ? c->value : 0;
}

static int
cmp_counter(const void *a, const void *b)
{
	const struct counter *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void
stats_foreach(void (*fn)(const char *, uint64_t, void *), void *arg)
{
	struct counter *sorted[STATS_MAX];
	unsigned int i, n = 0;

	for (i = 0; i < STATS_MAX; i++)
		if (table[i].name != NULL)
			sorted[n++] = &table[i];
	qsort(sorted, n, sizeof(sorted[0]), cmp_counter);
	for (i = 0; i < n; i++)
		fn(sorted[i]->name, sorted[i]->value, arg);
}

void
stats_reset(void)
{
	memset(table, 0, sizeof(table));
	nused = 0;
}

uint64_t
stats_sum_prefix(const char *prefix)
{
	size_t len = strlen(prefix);
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < STATS_MAX; i++)
		if (table[i].name != NULL && strncmp(table[i].name, prefix, len) == 0)
			sum += table[i].value;
	return sum;
}
