/* sync.c - home-agent { state-file, state-sync-interval, replication { } }: where the bindings
 * are kept across a restart, and the Redis server (or the Sentinels that name it) that standby
 * home agents follow */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"

cfg_opt_t conf_repl_opts[] = {
	CFG_STR("redis-server", NULL, CFGF_NONE),
	CFG_STR("redis-port", "6379", CFGF_NONE),
	CFG_STR_LIST("redis-sentinel", NULL, CFGF_NONE),
	CFG_STR("redis-master-name", NULL, CFGF_NONE),
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

/* A port of its own: 1 to 65535 in decimal digits, nothing else. */
static int
parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) || i == 5)
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int
host_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 255)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '_')
			return 0;
	return 1;
}

/*
 * One Sentinel: "HOST", "HOST:PORT", "[IPV6]:PORT", "[IPV6]" or a bare IPv6 address (more than
 * one colon and no brackets: an address, since "2001:db8::1:26379" could be either).  The port
 * defaults to Sentinel's own, 26379.  0, or -1 when s is none of these.
 */
static int
sentinel_addr_parse(const char *s, char **host, uint16_t *port)
{
	struct in6_addr a;
	char buf[INET6_ADDRSTRLEN + 1];
	const char *c, *end;
	size_t len;

	*port = CONF_SENTINEL_PORT;
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (end == NULL || (size_t)(end - s - 1) >= sizeof(buf))
			return -1;
		len = (size_t)(end - s - 1);
		memcpy(buf, s + 1, len);
		buf[len] = '\0';
		if (inet_pton(AF_INET6, buf, &a) != 1)
			return -1;
		if (end[1] != '\0' && (end[1] != ':' || parse_port(end + 2, port) == -1))
			return -1;
		*host = strdup(buf);
	} else if ((c = strchr(s, ':')) != NULL && strchr(c + 1, ':') != NULL) {
		if (inet_pton(AF_INET6, s, &a) != 1)
			return -1;
		*host = strdup(s);
	} else {
		len = c != NULL ? (size_t)(c - s) : strlen(s);
		if (!host_name_ok(s, len) || (c != NULL && parse_port(c + 1, port) == -1))
			return -1;
		*host = strndup(s, len);
	}
	if (*host == NULL)
		abort();
	return 0;
}

static void
load_sentinels(struct cv *ld, cfg_t *sec, const char *p, struct conf_repl *r)
{
	unsigned int i, j, n = cfg_size(sec, "redis-sentinel");
	struct conf_redis_addr *sa;
	const char *s;

	if (n == 0) {
		CV_PROBLEM(ld, p, "redis-sentinel", "empty: name one Sentinel or more");
		return;
	}
	if (n > CONF_MAX_SENTINELS) {
		CV_PROBLEM(ld, p, "redis-sentinel", "%u Sentinels: %d at most", n,
		    CONF_MAX_SENTINELS);
		return;
	}
	r->sentinels = calloc(n, sizeof(*r->sentinels));
	if (r->sentinels == NULL)
		abort();
	for (i = 0; i < n; i++) {
		s = cfg_getnstr(sec, "redis-sentinel", i);
		sa = &r->sentinels[r->nsentinels];
		if (s == NULL || sentinel_addr_parse(s, &sa->host, &sa->port) == -1) {
			CV_PROBLEM(ld, p, "redis-sentinel", "'%s' is not a Sentinel (host, "
			    "host:port, IPv6 address, or [IPv6 address]:port)", s ? s : "");
			continue;
		}
		for (j = 0; j < r->nsentinels; j++)
			if (r->sentinels[j].port == sa->port &&
			    !strcmp(r->sentinels[j].host, sa->host))
				break;
		if (j < r->nsentinels) {
			CV_PROBLEM(ld, p, "redis-sentinel", "'%s' is named twice", s);
			free(sa->host);
			continue;
		}
		r->nsentinels++;
	}
}

static void
load_repl(struct cv *ld, cfg_t *ha_sec, struct conf_repl *r)
{
	const char *p = "home-agent|replication";
	cfg_t *sec = cfg_getsec(ha_sec, "replication");
	const char *s, *name;
	uint32_t port = 6379;
	int server, sentinel;

	r->max_pending = 100000;
	if (sec == NULL || conf_line_of(ld->x, p) == 0)
		return;
	s = cfg_getstr(sec, "redis-server");
	name = cfg_getstr(sec, "redis-master-name");
	server = s != NULL;
	sentinel = conf_line_of(ld->x, "home-agent|replication|redis-sentinel") > 0;
	if (!server && !sentinel) {
		CV_PROBLEM(ld, p, "redis-server", "not set: name the Redis server that holds the "
		    "replicated bindings, or its Sentinels (redis-sentinel)");
		return;
	}
#ifndef HAVE_HIREDIS
	CV_PROBLEM(ld, p, server ? "redis-server" : "redis-sentinel",
	    "this mip6d was built without hiredis: no replication");
#endif
	if (server && sentinel)
		/* which one would be right is the operator's choice, not a guess of ours */
		CV_PROBLEM(ld, p, "redis-sentinel", "not with redis-server: name one Redis "
		    "server, or the Sentinels that know its master");
	else if (server) {
		if (*s == '\0' || has_space(s) || strlen(s) > 255)
			CV_PROBLEM(ld, p, "redis-server", "'%s' is not a host name or address", s);
		else
			r->redis_host = xstrdup(s);
		if (cv_uint(ld, sec, p, "redis-port", 1, 65535, &port) == 0)
			r->redis_port = (uint16_t)port;
		if (name != NULL)
			CV_PROBLEM(ld, p, "redis-master-name", "only with redis-sentinel");
	} else {
		load_sentinels(ld, sec, p, r);
		if (conf_line_of(ld->x, "home-agent|replication|redis-port") > 0)
			CV_PROBLEM(ld, p, "redis-port", "only with redis-server: the Sentinels "
			    "name the master's port");
		if (name == NULL)
			CV_PROBLEM(ld, p, "redis-master-name", "not set: name the master as the "
			    "Sentinels know it (their 'sentinel monitor NAME')");
		else if (*name == '\0' || has_space(name) || strlen(name) > 255)
			/* no space: Sentinel's +switch-master message separates by spaces */
			CV_PROBLEM(ld, p, "redis-master-name", "'%s' is not a master name (1-255 "
			    "characters, no space)", name);
		else
			r->master_name = xstrdup(name);
	}
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
	size_t i;

	free(ha->state_file);
	free(ha->repl.redis_host);
	free(ha->repl.key_prefix);
	for (i = 0; i < ha->repl.nsentinels; i++)
		free(ha->repl.sentinels[i].host);
	free(ha->repl.sentinels);
	free(ha->repl.master_name);
}
