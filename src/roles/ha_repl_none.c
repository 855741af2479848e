/* ha_repl_none.c - replication to Redis in a build without hiredis: configured, it says so */
#include "config.h"

#include <stddef.h>

#include "ha_sync.h"

int
ha_repl_start(const struct conf_repl *r, struct bcache *bc, int active)
{
	return -1;
}

void
ha_repl_stop(void)
{
}

void
ha_repl_set_active(int active)
{
}

void
ha_repl_change(const struct bstore_rec *recs, size_t n, uint64_t remaining_ms)
{
}

void
ha_repl_json(struct json_object *o)
{
}

double
ha_repl_lag_s(void)
{
	return 0;
}

int
ha_repl_state(int *connected, int *behind, uint64_t *pending)
{
	return -1;
}
