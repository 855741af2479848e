/* ha_sentinel.c - the Redis Sentinel protocol's decisions (src/roles/ha_sentinel.h): the
 * answers are checked strictly, since a wrong master would take every replicated write. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "ha_sentinel.h"

/* A port as Redis writes it: 1 to 65535 in decimal digits. */
static int
port_of(const char *s, size_t len, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* An address or host name, copied: printable characters other than space only, since it
 * goes to the resolver and into the log. */
static int
host_of(const char *s, size_t len, char host[SENTINEL_HOST_MAX])
{
	size_t i;

	if (len == 0 || len >= SENTINEL_HOST_MAX)
		return -1;
	for (i = 0; i < len; i++)
		if (!isgraph((unsigned char)s[i]))
			return -1;
	memcpy(host, s, len);
	host[len] = '\0';
	return 0;
}

enum sentinel_answer
sentinel_master_of(const redisReply *rp, char host[SENTINEL_HOST_MAX], uint16_t *port)
{
	if (rp == NULL)
		return SENTINEL_BAD;
	if (rp->type == REDIS_REPLY_NIL)
		return SENTINEL_UNKNOWN;
	if (rp->type != REDIS_REPLY_ARRAY || rp->elements != 2 ||
	    rp->element[0]->type != REDIS_REPLY_STRING ||
	    rp->element[1]->type != REDIS_REPLY_STRING)
		return SENTINEL_BAD;
	if (host_of(rp->element[0]->str, rp->element[0]->len, host) == -1 ||
	    port_of(rp->element[1]->str, rp->element[1]->len, port) == -1)
		return SENTINEL_BAD;
	return SENTINEL_MASTER;
}

int
sentinel_switch_of(const char *msg, size_t len, const char *name,
    char host[SENTINEL_HOST_MAX], uint16_t *port)
{
	const char *f[5];
	size_t fl[5], i = 0, n;
	char old[SENTINEL_HOST_MAX], h[SENTINEL_HOST_MAX];
	uint16_t oldp, p;

	/* five fields separated by single spaces, none empty, nothing after the fifth */
	for (n = 0; n < 5; n++) {
		if (n > 0) {
			if (i == len)
				return -1;
			i++;	/* the space */
		}
		f[n] = msg + i;
		while (i < len && msg[i] != ' ')
			i++;
		fl[n] = (size_t)(msg + i - f[n]);
		if (fl[n] == 0)
			return -1;
	}
	if (i != len)
		return -1;
	if (host_of(f[1], fl[1], old) == -1 || port_of(f[2], fl[2], &oldp) == -1 ||
	    host_of(f[3], fl[3], h) == -1 || port_of(f[4], fl[4], &p) == -1)
		return -1;
	if (strlen(name) != fl[0] || memcmp(name, f[0], fl[0]) != 0)
		return 0;
	memcpy(host, h, fl[3] + 1);
	*port = p;
	return 1;
}

int
sentinel_role_is_master(const redisReply *rp)
{
	return rp != NULL && rp->type == REDIS_REPLY_ARRAY && rp->elements >= 1 &&
	    rp->element[0]->type == REDIS_REPLY_STRING && rp->element[0]->len == 6 &&
	    memcmp(rp->element[0]->str, "master", 6) == 0;
}

void
sentinel_walk_start(struct sentinel_walk *w, size_t n, size_t first)
{
	w->n = n;
	w->first = first < n ? first : 0;
	w->asked = 0;
}

long
sentinel_walk_next(struct sentinel_walk *w)
{
	if (w->asked >= w->n)
		return -1;
	return (long)((w->first + w->asked++) % w->n);
}
