/* ha_repl.c - the home agent's bindings replicated to Redis (hiredis's asynchronous API on the
 * daemon's own libevent loop: nothing here ever blocks a registration).
 *
 * The active home agent writes each change twice: the key PREFIX:b:HOA|LOCAL holds the binding
 * (a binding store record, include/bstore.h) and expires with it, for a standby that starts
 * later; the channel PREFIX:changes carries the same record, for standbys that follow.  A
 * standby subscribes first, then reads every key (the snapshot), and applies what follows.
 *
 * A lost or slow Redis: a change that cannot be sent (no connection, or more than max-pending
 * commands unanswered) is counted, deletions are remembered, and when Redis answers again
 * everything is written once more (catch-up), and the gap is logged.
 *
 * With Sentinels (redis-sentinel) instead of one server: at start and after every lost
 * connection the Sentinels are asked in turn, each with its own connection and a time limit,
 * which master they know by the configured name (ha_sentinel.c decides what an answer says);
 * both connections go to that master once ROLE confirms it is one.  The connection of the
 * Sentinel that answered stays, subscribed to +switch-master: a failover moves both
 * connections at once, without waiting for the old master to be noticed lost. */
#include "config.h"

#define LOG_SUBSYS "ha-repl"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <hiredis/adapters/libevent.h>
#include <json-c/json.h>

#include "bcache.h"
#include "bindings.h"
#include "bstore.h"
#include "conf.h"
#include "ha_sentinel.h"
#include "ha_sync.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

#define RETRY_MS	1000
#define SNAP_BATCH	512
#define SENTINEL_WAIT_MS 3000	/* a Sentinel silent this long: the next one */
#define MASTER_WAIT_MS	5000	/* a master not connected (and confirmed) this long: ask again */

static struct {
	const struct conf_repl	*conf;
	struct bcache		*bc;
	redisAsyncContext	*cmd, *sub;
	int			 cmd_up, sub_up;
	int			 active;
	int			 dirty;		/* changes were lost: catch up when possible */
	uint64_t		 inflight;
	struct bstore_rec	*dels;		/* deletions not replicated yet */
	size_t			 ndels, capdels;
	struct loop_timer	*retry;
	char			 channel[80];
	uint64_t		 sent, lost, catchups, applied, errors;
	uint64_t		 lost_since_ms;	/* wall clock of the first lost change, 0: none */
	uint64_t		 lost_now;	/* changes lost since lost_since_ms */
	/* send times (wall clock, ms) of the changes Redis has not confirmed yet, oldest
	 * first: a ring, for the replication lag */
	uint64_t		*unacked;
	size_t			 uhead, un, ucap;
	uint64_t		 gone_since_ms;	/* the oldest change a lost connection took */
	/* with Sentinels: the master they named, the question asked, the watch kept */
	char			 master_host[SENTINEL_HOST_MAX];
	uint16_t		 master_port;	/* 0: no master named yet */
	redisAsyncContext	*sq, *sw;	/* the Sentinel asked; the one watched */
	size_t			 sq_idx, sw_idx;
	size_t			 preferred;	/* the Sentinel that answered last */
	struct sentinel_walk	 walk;
	struct loop_timer	*sq_timer, *master_timer;
	int			 sentinels_failed;	/* logged once per outage */
	uint64_t		 switches;
} r;

/* host:port as one reads it, [host]:port for an IPv6 address */
static const char *
hostport(const char *host, unsigned port, char *buf, size_t len)
{
	snprintf(buf, len, strchr(host, ':') ? "[%s]:%u" : "%s:%u", host, port);
	return buf;
}

/* The server the connections go to: the configured one, or the master Sentinels named. */
static const char *
srv_host(void)
{
	return r.conf->nsentinels > 0 ? r.master_host : r.conf->redis_host;
}

static unsigned
srv_port(void)
{
	return r.conf->nsentinels > 0 ? r.master_port : r.conf->redis_port;
}

static const char *
srv_name(char *buf, size_t len)
{
	return hostport(srv_host(), srv_port(), buf, len);
}

static uint64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
key_of(const struct bstore_rec *rec, char *key, size_t len)
{
	char h[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &rec->hoa, h, sizeof(h));
	inet_ntop(AF_INET6, &rec->local, l, sizeof(l));
	snprintf(key, len, "%s:b:%s|%s", r.conf->key_prefix, h, l);
}

static void
unacked_push(uint64_t t)
{
	uint64_t *n;
	size_t i, cap;

	if (r.un == r.ucap) {
		cap = r.ucap ? 2 * r.ucap : 256;
		if ((n = malloc(cap * sizeof(*n))) == NULL)
			return;		/* the lag then reads a little short; nothing else */
		for (i = 0; i < r.un; i++)
			n[i] = r.unacked[(r.uhead + i) % r.ucap];
		free(r.unacked);
		r.unacked = n;
		r.uhead = 0;
		r.ucap = cap;
	}
	r.unacked[(r.uhead + r.un++) % r.ucap] = t;
}

static void
unacked_pop(void)
{
	if (r.un == 0)
		return;
	r.uhead = (r.uhead + 1) % r.ucap;
	r.un--;
}

/* The connection is gone with the changes it carried: they count as lost since the oldest. */
static void
unacked_lost(void)
{
	if (r.un > 0 && r.gone_since_ms == 0)
		r.gone_since_ms = r.unacked[r.uhead];
	r.uhead = r.un = 0;
}

static void connect_all(void);
static void catch_up(void);

static void
lose(const struct bstore_rec *rec)
{
	struct bstore_rec *n;

	r.lost++;
	r.lost_now++;
	stats_inc("ha.repl-unreplicated");
	if (r.lost_since_ms == 0) {
		r.lost_since_ms = wall_ms();
		log_warnx("Redis %s: changes are not replicated now (counted; caught up later)",
		    r.cmd_up ? "is slow" : "is not reachable");
	}
	r.dirty = 1;
	if (rec != NULL && rec->op == BSTORE_OP_DEL && r.ndels < r.conf->max_pending) {
		if (r.ndels == r.capdels) {
			n = realloc(r.dels, (r.capdels ? r.capdels * 2 : 256) * sizeof(*n));
			if (n == NULL)
				return;
			r.dels = n;
			r.capdels = r.capdels ? r.capdels * 2 : 256;
		}
		r.dels[r.ndels++] = *rec;
	}
}

static void
on_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	redisReply *rp = reply;

	if (r.inflight > 0)
		r.inflight--;
	if (priv != NULL)
		unacked_pop();		/* the last command of a change: Redis has it */
	if (rp == NULL || rp->type == REDIS_REPLY_ERROR) {
		r.errors++;
		stats_inc("err.repl");
		if (rp != NULL)
			log_debug("Redis: %s", rp->str);
		r.dirty = 1;
		return;
	}
	if (r.inflight == 0 && r.dirty && r.cmd_up && r.active)
		catch_up();
}

/* One binding's image (its SET and its prefixes, or its DEL): the key's value and the message
 * are the records back to back. */
static int
send_rec(const struct bstore_rec *recs, size_t n, uint64_t remaining_ms)
{
	const struct bstore_rec *rec = &recs[0];
	uint8_t b[BSTORE_IMAGE_MAX * BSTORE_REC_LEN];
	size_t i, len;
	char key[200];

	key_of(rec, key, sizeof(key));
	if (n > BSTORE_IMAGE_MAX)
		n = BSTORE_IMAGE_MAX;
	for (i = 0; i < n; i++)
		bstore_encode(&recs[i], b + i * BSTORE_REC_LEN);
	len = n * BSTORE_REC_LEN;
	if (rec->op == BSTORE_OP_SET) {
		if (remaining_ms == 0)
			return 0;
		if (redisAsyncCommand(r.cmd, on_reply, NULL, "SET %s %b PX %llu", key, b,
		    len, (unsigned long long)remaining_ms) != REDIS_OK)
			return -1;
	} else if (redisAsyncCommand(r.cmd, on_reply, NULL, "DEL %s", key) != REDIS_OK)
		return -1;
	r.inflight++;
	if (redisAsyncCommand(r.cmd, on_reply, &r, "PUBLISH %s %b", r.channel, b,
	    len) != REDIS_OK)
		return -1;
	r.inflight++;
	unacked_push(wall_ms());
	r.sent++;
	return 0;
}

void
ha_repl_change(const struct bstore_rec *recs, size_t n, uint64_t remaining_ms)
{
	if (r.conf == NULL || !r.active || n == 0)
		return;
	if (!r.cmd_up || r.inflight + 2 > r.conf->max_pending || r.dirty) {
		/* while dirty, the catch-up writes the whole cache anyway */
		lose(&recs[0]);
		return;
	}
	if (send_rec(recs, n, remaining_ms) == -1)
		lose(&recs[0]);
}

struct catch_ctx {
	unsigned long	n;
	int		failed;
};

static void
catch_one(struct bcache_entry *e, void *arg)
{
	struct catch_ctx *c = arg;
	struct bstore_rec recs[BSTORE_IMAGE_MAX];
	size_t n;

	if (c->failed || e->expiry_ms == 0)
		return;
	n = ha_sync_image_of(e, BSTORE_OP_SET, recs);
	if (send_rec(recs, n, ha_sync_remaining_ms(e)) == -1)
		c->failed = 1;
	else
		c->n++;
}

/* Redis answers again: the deletions it missed, then every live binding. */
static void
catch_up(void)
{
	struct catch_ctx c = { 0, 0 };
	size_t i;

	r.dirty = 0;
	for (i = 0; i < r.ndels && !c.failed; i++)
		if (send_rec(&r.dels[i], 1, 0) == -1)
			c.failed = 1;
	bindings_foreach(BINDINGS_HOME, catch_one, &c);
	if (c.failed) {
		r.dirty = 1;
		return;
	}
	r.catchups++;
	stats_inc("ha.repl-catchups");
	if (r.lost_since_ms != 0)
		log_notice("Redis: caught up: %llu changes of the last %.1f s had not been "
		    "replicated; %zu deletions and %lu bindings written again",
		    (unsigned long long)r.lost_now, (wall_ms() - r.lost_since_ms) / 1000.0,
		    r.ndels, c.n);
	else
		log_info("Redis: %lu bindings written", c.n);
	r.ndels = 0;
	r.lost_since_ms = 0;
	r.gone_since_ms = 0;
	r.lost_now = 0;
}

/* --- the standby's side: snapshot and stream ----------------------------------------------- */

static void
apply_bytes(const char *p, size_t len, int only_newer)
{
	struct bstore_rec recs[BSTORE_IMAGE_MAX];
	int n;

	if ((n = bstore_decode_image((const uint8_t *)p, len, recs, BSTORE_IMAGE_MAX)) == -1) {
		stats_inc("drop.repl-bad-record");
		return;
	}
	r.applied++;
	ha_sync_apply(recs, (size_t)n, only_newer);
}

static void
on_mget(redisAsyncContext *ac, void *reply, void *priv)
{
	redisReply *rp = reply;
	size_t i;

	if (r.inflight > 0)
		r.inflight--;
	if (rp == NULL || rp->type != REDIS_REPLY_ARRAY)
		return;
	for (i = 0; i < rp->elements; i++)
		if (rp->element[i]->type == REDIS_REPLY_STRING)
			apply_bytes(rp->element[i]->str, (size_t)rp->element[i]->len, 1);
}

static void
on_keys(redisAsyncContext *ac, void *reply, void *priv)
{
	redisReply *rp = reply;
	const char *argv[SNAP_BATCH + 1];
	size_t argl[SNAP_BATCH + 1], i, n;

	if (r.inflight > 0)
		r.inflight--;
	if (rp == NULL || rp->type != REDIS_REPLY_ARRAY || !r.cmd_up)
		return;
	log_info("Redis: snapshot of %zu bindings", rp->elements);
	for (i = 0; i < rp->elements; i += n) {
		argv[0] = "MGET";
		argl[0] = 4;
		for (n = 0; n < SNAP_BATCH && i + n < rp->elements; n++) {
			argv[n + 1] = rp->element[i + n]->str;
			argl[n + 1] = (size_t)rp->element[i + n]->len;
		}
		if (redisAsyncCommandArgv(r.cmd, on_mget, NULL, (int)n + 1, argv, argl) ==
		    REDIS_OK)
			r.inflight++;
	}
}

static void
snapshot(void)
{
	if (!r.cmd_up || r.active)
		return;
	if (redisAsyncCommand(r.cmd, on_keys, NULL, "KEYS %s:b:*", r.conf->key_prefix) ==
	    REDIS_OK)
		r.inflight++;
}

static void
on_message(redisAsyncContext *ac, void *reply, void *priv)
{
	redisReply *rp = reply;

	if (rp == NULL || rp->type != REDIS_REPLY_ARRAY || rp->elements != 3 ||
	    rp->element[0]->type != REDIS_REPLY_STRING)
		return;
	if (!strcmp(rp->element[0]->str, "subscribe")) {
		/* subscribed first, then the snapshot: nothing falls between the two */
		log_info("Redis: following %s", r.channel);
		snapshot();
		return;
	}
	if (!strcmp(rp->element[0]->str, "message") &&
	    rp->element[2]->type == REDIS_REPLY_STRING && !r.active)
		apply_bytes(rp->element[2]->str, (size_t)rp->element[2]->len, 0);
}

/* --- connections ------------------------------------------------------------------------ */

static void sentinel_ask(void);

static void
on_retry(void *arg)
{
	connect_all();
}

static void
schedule_retry(void)
{
	if (r.retry != NULL && !loop_timer_pending(r.retry))
		loop_timer_arm(r.retry, RETRY_MS);
}

/* The command connection talks to the master: now changes may be sent. */
static void
cmd_ready(void)
{
	char sv[300];

	r.cmd_up = 1;
	log_notice("Redis %s: connected", srv_name(sv, sizeof(sv)));
	if (r.active)
		catch_up();	/* everything once: Redis may have restarted empty */
	else if (r.sub_up)
		snapshot();
}

/* ROLE's answer: a server the Sentinels named may have been demoted since (their view lags
 * a failover, or an old master came back as a replica), and it would refuse every write. */
static void
on_role(redisAsyncContext *ac, void *reply, void *priv)
{
	char sv[300];

	if (ac != r.cmd || r.conf == NULL || reply == NULL)
		return;		/* given up, or lost: on_disconnect has it */
	if (sentinel_role_is_master(reply)) {
		cmd_ready();
		return;
	}
	log_warnx("Redis %s: not a master now; asking the Sentinels again",
	    srv_name(sv, sizeof(sv)));
	redisAsyncDisconnect(ac);	/* on_disconnect: retry, which asks */
}

static void
on_connect(const redisAsyncContext *ac, int status)
{
	char sv[300];

	if (ac != r.cmd && ac != r.sub)
		return;		/* a connection given up already */
	if (status != REDIS_OK) {
		log_debug("Redis %s: %s", srv_name(sv, sizeof(sv)), ac->errstr);
		if (ac == r.cmd)
			r.cmd = NULL;
		else
			r.sub = NULL;
		schedule_retry();
		return;
	}
	if (ac == r.cmd) {
		if (r.conf->nsentinels == 0)
			cmd_ready();
		else if (redisAsyncCommand(r.cmd, on_role, NULL, "ROLE") != REDIS_OK)
			redisAsyncDisconnect(r.cmd);
	} else {
		r.sub_up = 1;
		redisAsyncCommand(r.sub, on_message, NULL, "SUBSCRIBE %s", r.channel);
	}
}

/* The command connection is gone, lost or given up, with the changes it carried. */
static void
cmd_gone(void)
{
	r.cmd_up = 0;
	r.inflight = 0;
	unacked_lost();
	if (r.conf != NULL && r.active)
		r.dirty = 1;
}

static void
on_disconnect(const redisAsyncContext *ac, int status)
{
	char sv[300];

	if (ac == r.cmd) {
		r.cmd = NULL;
		cmd_gone();
		if (r.conf != NULL)
			log_warnx("Redis %s: connection lost", srv_name(sv, sizeof(sv)));
	} else if (ac == r.sub) {
		r.sub = NULL;
		r.sub_up = 0;
	} else
		return;		/* a connection given up already */
	if (r.conf != NULL)
		schedule_retry();
}

static redisAsyncContext *
connect_to(const char *host, unsigned port, redisConnectCallback *on_conn,
    redisDisconnectCallback *on_disc)
{
	char sv[300];
	redisAsyncContext *ac = redisAsyncConnect(host, (int)port);

	if (ac == NULL)
		return NULL;
	if (ac->err) {
		log_debug("Redis %s: %s", hostport(host, port, sv, sizeof(sv)), ac->errstr);
		redisAsyncFree(ac);
		return NULL;
	}
	redisLibeventAttach(ac, loop_base());
	redisAsyncSetConnectCallback(ac, on_conn);
	redisAsyncSetDisconnectCallback(ac, on_disc);
	return ac;
}

/* Both connections to the server (the configured one, or the master named). */
static void
connect_master(void)
{
	if (r.cmd == NULL &&
	    (r.cmd = connect_to(srv_host(), srv_port(), on_connect, on_disconnect)) == NULL)
		schedule_retry();
	if (r.sub == NULL &&
	    (r.sub = connect_to(srv_host(), srv_port(), on_connect, on_disconnect)) == NULL)
		schedule_retry();
	if (r.conf->nsentinels > 0 && !(r.cmd_up && r.sub_up))
		loop_timer_arm(r.master_timer, MASTER_WAIT_MS);
}

/* Give up a connection now: its callbacks see it is no longer ours.  Changes in flight on
 * the command connection may be lost: the next master gets everything again (catch-up). */
static void
drop(redisAsyncContext **acp)
{
	redisAsyncContext *ac = *acp;

	if (ac == NULL)
		return;
	*acp = NULL;
	redisAsyncFree(ac);
}

static void
connect_all(void)
{
	if (r.conf->nsentinels > 0)
		sentinel_ask();
	else
		connect_master();
}

/* --- Sentinels ---------------------------------------------------------------------------- */

static void sentinel_next(void);

static const char *
sentinel_name(size_t i, char *buf, size_t len)
{
	const struct conf_redis_addr *a = &r.conf->sentinels[i];

	return hostport(a->host, a->port, buf, len);
}

/* The master is (now) at host:port: both connections go there. */
static void
master_is(const char *host, uint16_t port)
{
	char sv[300], nv[300];

	if (r.master_port == port && !strcmp(r.master_host, host)) {
		connect_master();	/* the same: whichever connection is missing */
		return;
	}
	if (r.master_port != 0)
		log_notice("Redis master %s moved from %s to %s", r.conf->master_name,
		    srv_name(sv, sizeof(sv)), hostport(host, port, nv, sizeof(nv)));
	else
		log_notice("Redis master %s is at %s", r.conf->master_name,
		    hostport(host, port, nv, sizeof(nv)));
	if (r.cmd != NULL)
		cmd_gone();
	drop(&r.cmd);
	drop(&r.sub);
	r.sub_up = 0;
	snprintf(r.master_host, sizeof(r.master_host), "%s", host);
	r.master_port = port;
	connect_master();
}

static void
on_master_timeout(void *arg)
{
	char sv[300];

	if (r.cmd_up && r.sub_up)
		return;
	log_warnx("Redis %s: no connection within %u ms; asking the Sentinels again",
	    srv_name(sv, sizeof(sv)), MASTER_WAIT_MS);
	if (!r.cmd_up && r.cmd != NULL) {
		cmd_gone();
		drop(&r.cmd);
	}
	if (!r.sub_up)
		drop(&r.sub);
	schedule_retry();
}

static void
on_switch(redisAsyncContext *ac, void *reply, void *priv)
{
	redisReply *rp = reply;
	char host[SENTINEL_HOST_MAX], sn[300];
	uint16_t port;
	int k;

	if (ac != r.sw || rp == NULL || rp->type != REDIS_REPLY_ARRAY || rp->elements != 3 ||
	    rp->element[0]->type != REDIS_REPLY_STRING)
		return;
	if (!strcmp(rp->element[0]->str, "subscribe")) {
		log_info("Sentinel %s: watching for a failover of %s",
		    sentinel_name(r.sw_idx, sn, sizeof(sn)), r.conf->master_name);
		return;
	}
	if (strcmp(rp->element[0]->str, "message") || rp->element[2]->type != REDIS_REPLY_STRING)
		return;
	k = sentinel_switch_of(rp->element[2]->str, rp->element[2]->len, r.conf->master_name,
	    host, &port);
	if (k == -1)
		stats_inc("drop.repl-sentinel-bad-message");
	if (k != 1)
		return;
	r.switches++;
	stats_inc("ha.repl-sentinel-switches");
	log_notice("Sentinel %s: +switch-master %s", sentinel_name(r.sw_idx, sn, sizeof(sn)),
	    rp->element[2]->str);
	master_is(host, port);
}

static void
on_master_addr(redisAsyncContext *ac, void *reply, void *priv)
{
	char host[SENTINEL_HOST_MAX], sn[300], nv[300];
	uint16_t port;
	enum sentinel_answer a;

	if (ac != r.sq || r.conf == NULL)
		return;		/* a question given up already (its time was over) */
	loop_timer_cancel(r.sq_timer);
	a = sentinel_master_of(reply, host, &port);
	sentinel_name(r.sq_idx, sn, sizeof(sn));
	if (a != SENTINEL_MASTER) {
		log_debug("Sentinel %s: %s", sn, a == SENTINEL_UNKNOWN ?
		    "knows no master of that name" : "no usable answer");
		if (a == SENTINEL_BAD && reply != NULL)	/* NULL: the connection was lost */
			stats_inc("drop.repl-sentinel-bad-answer");
		drop(&r.sq);
		sentinel_next();
		return;
	}
	if (r.sentinels_failed)
		log_notice("Sentinel %s answers again", sn);
	r.sentinels_failed = 0;
	r.preferred = r.sq_idx;
	log_debug("Sentinel %s: master %s is at %s", sn, r.conf->master_name,
	    hostport(host, port, nv, sizeof(nv)));
	if (r.sw == NULL) {
		/* the connection that answered becomes the watch (a subscribed connection can
		 * ask nothing more, so each later question has a connection of its own) */
		if (redisAsyncCommand(ac, on_switch, NULL, "SUBSCRIBE +switch-master") ==
		    REDIS_OK) {
			r.sw = ac;
			r.sw_idx = r.sq_idx;
			r.sq = NULL;
		}
	}
	drop(&r.sq);
	master_is(host, port);
}

static void
on_sentinel_connect(const redisAsyncContext *ac, int status)
{
	char sn[300];

	if (ac != r.sq || status == REDIS_OK)
		return;
	/* hiredis frees it after this callback: ours no longer */
	log_debug("Sentinel %s: %s", sentinel_name(r.sq_idx, sn, sizeof(sn)), ac->errstr);
	r.sq = NULL;
	loop_timer_cancel(r.sq_timer);
	sentinel_next();
}

static void
on_sentinel_disconnect(const redisAsyncContext *ac, int status)
{
	char sn[300];

	if (r.conf == NULL)
		return;
	if (ac == r.sw) {
		/* no watch now: the next question (at the next loss, or right now) makes one */
		log_info("Sentinel %s: connection lost", sentinel_name(r.sw_idx, sn, sizeof(sn)));
		r.sw = NULL;
		if (r.sq == NULL)
			schedule_retry();
	} else if (ac == r.sq) {
		r.sq = NULL;
		loop_timer_cancel(r.sq_timer);
		sentinel_next();
	}
}

static void
on_sentinel_timeout(void *arg)
{
	char sn[300];

	log_debug("Sentinel %s: no answer within %u ms", sentinel_name(r.sq_idx, sn, sizeof(sn)),
	    SENTINEL_WAIT_MS);
	drop(&r.sq);
	sentinel_next();
}

/* The next Sentinel of this round, or, when all were asked, another round a second later. */
static void
sentinel_next(void)
{
	const struct conf_redis_addr *a;
	long i;

	while ((i = sentinel_walk_next(&r.walk)) != -1) {
		a = &r.conf->sentinels[i];
		r.sq = connect_to(a->host, a->port, on_sentinel_connect, on_sentinel_disconnect);
		if (r.sq == NULL)
			continue;
		r.sq_idx = (size_t)i;
		if (redisAsyncCommand(r.sq, on_master_addr, NULL,
		    "SENTINEL get-master-addr-by-name %s", r.conf->master_name) != REDIS_OK) {
			drop(&r.sq);
			continue;
		}
		loop_timer_arm(r.sq_timer, SENTINEL_WAIT_MS);
		return;
	}
	if (!r.sentinels_failed)
		log_warnx("Sentinels: none of the %zu named the master %s; asking again every "
		    "%u ms", r.conf->nsentinels, r.conf->master_name, RETRY_MS);
	r.sentinels_failed = 1;
	schedule_retry();
}

/* A round of questions, unless one is under way. */
static void
sentinel_ask(void)
{
	if (r.sq != NULL)
		return;
	sentinel_walk_start(&r.walk, r.conf->nsentinels, r.preferred);
	sentinel_next();
}

int
ha_repl_start(const struct conf_repl *c, struct bcache *bc, int active)
{
	char sv[300];

	memset(&r, 0, sizeof(r));
	r.conf = c;
	r.bc = bc;
	r.active = active;
	snprintf(r.channel, sizeof(r.channel), "%s:changes", c->key_prefix);
	r.retry = loop_timer_new(on_retry, NULL);
	if (c->nsentinels > 0) {
		r.sq_timer = loop_timer_new(on_sentinel_timeout, NULL);
		r.master_timer = loop_timer_new(on_master_timeout, NULL);
		log_info("replication to the Redis master %s named by %zu Sentinels, as %s",
		    c->master_name, c->nsentinels, active ? "active" : "standby");
	} else
		log_info("replication to Redis %s as %s",
		    hostport(c->redis_host, c->redis_port, sv, sizeof(sv)),
		    active ? "active" : "standby");
	connect_all();
	return 0;
}

void
ha_repl_stop(void)
{
	if (r.conf == NULL)
		return;
	r.conf = NULL;		/* no retry from the disconnect callbacks */
	loop_timer_free(r.retry);
	loop_timer_free(r.sq_timer);
	loop_timer_free(r.master_timer);
	r.retry = r.sq_timer = r.master_timer = NULL;
	if (r.cmd != NULL)
		redisAsyncFree(r.cmd);
	if (r.sub != NULL)
		redisAsyncFree(r.sub);
	r.cmd = r.sub = NULL;
	drop(&r.sq);
	drop(&r.sw);
	free(r.dels);
	r.dels = NULL;
	free(r.unacked);
	r.unacked = NULL;
	r.uhead = r.un = r.ucap = 0;
}

double
ha_repl_lag_s(void)
{
	uint64_t now = wall_ms(), since = 0;

	if (r.conf == NULL || !r.active)
		return 0;
	/* behind: since the first change Redis missed, until the catch-up ends */
	if (r.lost_since_ms != 0)
		since = r.lost_since_ms;
	if (r.gone_since_ms != 0 && (since == 0 || r.gone_since_ms < since))
		since = r.gone_since_ms;
	if (since == 0 && r.un > 0)
		since = r.unacked[r.uhead];
	return since != 0 && now > since ? (double)(now - since) / 1000.0 : 0;
}

int
ha_repl_state(int *connected, int *behind, uint64_t *pending)
{
	if (r.conf == NULL)
		return -1;
	*connected = r.cmd_up && r.sub_up;
	*behind = r.dirty;
	*pending = r.inflight;
	return 0;
}

void
ha_repl_set_active(int active)
{
	if (r.conf == NULL || r.active == active)
		return;
	r.active = active;
	if (!active) {
		r.dirty = 0;
		r.ndels = 0;
		snapshot();	/* a fresh view of the new active home agent's bindings */
	}
}

void
ha_repl_json(struct json_object *o)
{
	struct json_object *j;

	if (r.conf == NULL)
		return;
	j = json_object_new_object();
	json_object_object_add(j, "server", json_object_new_string(srv_host()));
	json_object_object_add(j, "port", json_object_new_int((int)srv_port()));
	if (r.conf->nsentinels > 0) {
		char sn[300];

		json_object_object_add(j, "master-name",
		    json_object_new_string(r.conf->master_name));
		json_object_object_add(j, "sentinel", r.sw == NULL ? NULL :
		    json_object_new_string(sentinel_name(r.sw_idx, sn, sizeof(sn))));
		json_object_object_add(j, "master-switches",
		    json_object_new_int64((int64_t)r.switches));
	}
	json_object_object_add(j, "connected", json_object_new_boolean(r.cmd_up && r.sub_up));
	json_object_object_add(j, "sent", json_object_new_int64((int64_t)r.sent));
	json_object_object_add(j, "unreplicated", json_object_new_int64((int64_t)r.lost));
	json_object_object_add(j, "pending", json_object_new_int64((int64_t)r.inflight));
	json_object_object_add(j, "catch-ups", json_object_new_int64((int64_t)r.catchups));
	json_object_object_add(j, "applied", json_object_new_int64((int64_t)r.applied));
	json_object_object_add(j, "errors", json_object_new_int64((int64_t)r.errors));
	json_object_object_add(j, "behind", json_object_new_boolean(r.dirty));
	json_object_object_add(j, "lag-seconds", json_object_new_double(ha_repl_lag_s()));
	json_object_object_add(o, "replication", j);
}
