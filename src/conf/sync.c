/* sync.c - home-agent { state-file, state-sync-interval, replication { } }: where the bindings
 * are kept across a restart, and the Redis server that standby home agents follow */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"

cfg_opt_t conf_repl_opts[] = {
	CFG_STR("redis-server", NULL, CFGF_NONE),
	CFG_STR("redis-port", "6379", CFGF_NONE),
	CFG_STR("key-prefix", "mip6d", CFGF_NONE),
	CFG_STR("role", "active", CFGF_NONE),
	CFG_STR("max-pending", "100000", CFGF_NONE),
	CFG_END()
};

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

static int
has_space(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || (unsigned char)*s < 0x20)
			return 1;
	return 0;
}

static void
load_repl(struct cv *ld, cfg_t *ha_sec, struct conf_repl *r)
{
	const char *p = "home-agent|replication";
	cfg_t *sec = cfg_getsec(ha_sec, "replication");
	const char *s;
	uint32_t port = 6379;

	r->max_pending = 100000;
	if (sec == NULL || (s = cfg_getstr(sec, "redis-server")) == NULL) {
		if (conf_line_of(ld->x, "home-agent|replication") > 0)
			CV_PROBLEM(ld, p, "redis-server", "not set: name the Redis server that "
			    "holds the replicated bindings");
		return;
	}
#ifndef HAVE_HIREDIS
	CV_PROBLEM(ld, p, "redis-server", "this mip6d was built without hiredis: no replication");
#endif
	if (*s == '\0' || has_space(s) || strlen(s) > 255)
		CV_PROBLEM(ld, p, "redis-server", "'%s' is not a host name or address", s);
	else
		r->redis_host = xstrdup(s);
	if (cv_uint(ld, sec, p, "redis-port", 1, 65535, &port) == 0)
		r->redis_port = (uint16_t)port;
	s = cfg_getstr(sec, "key-prefix");
	if (s == NULL || *s == '\0' || has_space(s) || strlen(s) > 64 || strchr(s, '*') ||
	    strchr(s, '?') || strchr(s, '['))
		CV_PROBLEM(ld, p, "key-prefix", "'%s' is not a key prefix (1-64 characters, no "
		    "space and no pattern characters * ? [)", s ? s : "");
	else
		r->key_prefix = xstrdup(s);
	s = cfg_getstr(sec, "role");
	if (s != NULL && !strcmp(s, "standby"))
		r->standby = true;
	else if (s == NULL || strcmp(s, "active"))
		CV_PROBLEM(ld, p, "role", "'%s' is not a role (active or standby)", s ? s : "");
	cv_uint(ld, sec, p, "max-pending", 100, 10000000, &r->max_pending);
}

void
conf_load_ha_sync(struct cv *ld, cfg_t *ha_sec)
{
	struct conf_ha *ha = &ld->c->ha;
	const char *p = "home-agent";
	const char *s = cfg_getstr(ha_sec, "state-file");

	if (s != NULL && *s != '\0') {
		if (s[0] != '/')
			CV_PROBLEM(ld, p, "state-file", "'%s' is not an absolute path (\"\" for "
			    "none)", s);
		else if (strlen(s) > 4000)
			CV_PROBLEM(ld, p, "state-file", "too long");
		else
			ha->state_file = xstrdup(s);
	}
	ha->state_sync_ms = 1000;
	cv_ms(ld, ha_sec, p, "state-sync-interval", 0, 3600000, &ha->state_sync_ms);
	load_repl(ld, ha_sec, &ha->repl);
}

void
conf_free_ha_sync(struct conf_ha *ha)
{
	free(ha->state_file);
	free(ha->repl.redis_host);
	free(ha->repl.key_prefix);
}
