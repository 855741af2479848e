/* ha_sentinel.h - the Redis Sentinel protocol's decisions, without a connection: what a
 * Sentinel's answers say and which Sentinel to ask next (ha_sentinel.c; used by ha_repl.c) */
#ifndef MIP6D_HA_SENTINEL_H
#define MIP6D_HA_SENTINEL_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#define SENTINEL_HOST_MAX	256	/* a host as a Sentinel names it, with its NUL */

/* What SENTINEL get-master-addr-by-name NAME answered. */
enum sentinel_answer {
	SENTINEL_MASTER,	/* host and port of the master */
	SENTINEL_UNKNOWN,	/* a nil: this Sentinel monitors no master of that name */
	SENTINEL_BAD,		/* an error (-IDONTKNOW, -NOPERM...) or no such answer */
};

enum sentinel_answer sentinel_master_of(const redisReply *rp, char host[SENTINEL_HOST_MAX],
	    uint16_t *port);

/* A message of the +switch-master channel: "NAME OLD-HOST OLD-PORT NEW-HOST NEW-PORT".
 * 1 and the new master when it is about name, 0 about another master, -1 malformed. */
int	sentinel_switch_of(const char *msg, size_t len, const char *name,
	    char host[SENTINEL_HOST_MAX], uint16_t *port);

/* ROLE's answer from a server: 1 when it is a master (not a replica, not a Sentinel). */
int	sentinel_role_is_master(const redisReply *rp);

/* One round of questions: each of n Sentinels once, from the one that answered last (the
 * Sentinel clients' guideline: the Sentinel that answered is asked first next time). */
struct sentinel_walk {
	size_t	n;
	size_t	first;
	size_t	asked;
};

void	sentinel_walk_start(struct sentinel_walk *w, size_t n, size_t first);
/* The index of the next Sentinel to ask, or -1 when every one was asked this round. */
long	sentinel_walk_next(struct sentinel_walk *w);

#endif
