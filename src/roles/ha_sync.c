/* ha_sync.c - the home agent's bindings beyond the process: written to the binding store as
 * they change (batched: one write per turn of the event loop, one fdatasync per
 * state-sync-interval), loaded and reinstalled at start, and replicated to Redis when
 * configured.  See include/ha_sync.h, include/bstore.h and mip6d.8 (RESTART AND TAKEOVER). */
#include "config.h"

#define LOG_SUBSYS "ha-sync"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bcache.h"
#include "bindings.h"
#include "bstore.h"
#include "conf.h"
#include "control.h"
#include "ha_sync.h"
#include "kern.h"
#include "kern_monitor.h"
#include "log.h"
#include "loop.h"
#include "stats.h"
#include "util.h"

static struct {
	const struct conf	*conf;
	struct bcache		*bc;
	struct bstore		*bs;
	struct loop_timer	*flush_timer;	/* end of this loop turn: write the queue */
	struct loop_timer	*sync_timer;	/* fdatasync, at most every state_sync_ms */
	int			 unsynced;	/* written since the last fdatasync */
	int			 standby;
	int			 write_failed;	/* logged once until a write succeeds again */
	uint64_t		 restore_ms;	/* how long the last start's reinstall took */
	unsigned long		 restored;
	uint64_t		 takeover_ms;
	uint64_t		 write_us;	/* time spent in the store's writes and syncs */
	unsigned long		 taken_over;
	int			 watching;	/* address events registered */
} s;

/* read once per callback, as loop_now_ms is: records of one burst share it */
static uint64_t
wall_ms(void)
{
	return loop_wall_ms();
}

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t
mono_ms(void)
{
	return mono_us() / 1000;
}

uint64_t
ha_sync_remaining_ms(const struct bcache_entry *e)
{
	uint64_t now = loop_now_ms();

	return e->expiry_ms > now ? e->expiry_ms - now : 0;
}

size_t
ha_sync_image_of(const struct bcache_entry *e, uint8_t op, struct bstore_rec *recs)
{
	struct bstore_rec *r = &recs[0];
	unsigned i, n;

	memset(r, 0, sizeof(*r));
	r->op = op;
	r->hoa = e->hoa;
	r->local = e->local;
	if (op != BSTORE_OP_SET)
		return 1;
	r->coa = e->coa;
	r->seq = e->seq;
	r->flags = e->flags;
	r->lifetime_s = e->lifetime_s;
	/* the store keeps wall-clock time: the monotonic clock restarts with the machine */
	r->expiry_ms = wall_ms() + ha_sync_remaining_ms(e);
	n = (e->flags & BCACHE_F_ROUTER) && e->mnp != NULL ? e->mnp_count : 0;
	if (n > BSTORE_MNP_MAX)
		n = BSTORE_MNP_MAX;
	r->nmnp = (uint8_t)n;
	for (i = 0; i < n; i++) {
		memset(&recs[1 + i], 0, sizeof(recs[1 + i]));
		recs[1 + i].op = BSTORE_OP_MNP;
		recs[1 + i].hoa = e->hoa;
		recs[1 + i].local = e->local;
		recs[1 + i].prefix = e->mnp[i].prefix;
		recs[1 + i].plen = e->mnp[i].plen;
	}
	return 1 + n;
}

/* --- compaction ----------------------------------------------------------------------- */

struct compact_ctx {
	int	failed;
	size_t	n;
};

static void
compact_one(struct bcache_entry *e, void *arg)
{
	struct compact_ctx *c = arg;
	struct bstore_rec recs[BSTORE_IMAGE_MAX];
	size_t i, n;

	/* an entry waiting for DAD was never accepted: it has no expiry yet */
	if (c->failed || e->expiry_ms == 0)
		return;
	n = ha_sync_image_of(e, BSTORE_OP_SET, recs);
	for (i = 0; i < n; i++)
		if (bstore_compact_add(s.bs, &recs[i]) == -1) {
			c->failed = 1;
			return;
		}
	c->n++;
}

static void
compact(void)
{
	struct compact_ctx c = { 0, 0 };
	uint64_t t0 = mono_us();

	if (s.bs == NULL)
		return;
	if (bstore_compact_begin(s.bs) == -1) {
		log_warn("state file %s: cannot compact", bstore_path(s.bs));
		stats_inc("err.state-file");
		return;
	}
	bindings_foreach(BINDINGS_HOME, compact_one, &c);
	if (c.failed || bstore_compact_commit(s.bs) == -1) {
		log_warn("state file %s: cannot compact", bstore_path(s.bs));
		bstore_compact_abort(s.bs);
		stats_inc("err.state-file");
		return;
	}
	s.unsynced = 0;
	s.write_us += mono_us() - t0;
	stats_inc("ha.state-compactions");
	log_debug("state file %s compacted: %zu bindings", bstore_path(s.bs), c.n);
}

/* --- batched writes --------------------------------------------------------------------- */

static void
on_sync(void *arg)
{
	uint64_t t0 = mono_us();
	int rc;

	if (s.bs == NULL || !s.unsynced)
		return;
	rc = bstore_sync(s.bs);
	s.write_us += mono_us() - t0;
	if (rc == -1) {
		log_warn("state file %s: fdatasync", bstore_path(s.bs));
		stats_inc("err.state-file");
	}
	s.unsynced = 0;
}

static void
on_flush(void *arg)
{
	uint64_t t0 = mono_us();
	int rc;

	if (s.bs == NULL)
		return;
	rc = bstore_flush(s.bs);
	s.write_us += mono_us() - t0;
	if (rc == -1) {
		if (!s.write_failed)
			log_warn("state file %s: write (the bindings stay queued)",
			    bstore_path(s.bs));
		s.write_failed = 1;
		stats_inc("err.state-file");
		loop_timer_arm(s.flush_timer, 1000);
		return;
	}
	s.write_failed = 0;
	s.unsynced = 1;
	if (bstore_compact_due(bstore_images(s.bs), bindings_count(BINDINGS_HOME)))
		compact();
	if (s.conf->ha.state_sync_ms == 0)
		on_sync(NULL);
	else if (s.unsynced && !loop_timer_pending(s.sync_timer))
		loop_timer_arm(s.sync_timer, s.conf->ha.state_sync_ms);
}

static void
record(const struct bcache_entry *e, uint8_t op)
{
	struct bstore_rec recs[BSTORE_IMAGE_MAX];
	size_t i, n = ha_sync_image_of(e, op, recs);
	int failed = 0;

	if (s.bs != NULL) {
		for (i = 0; i < n && !failed; i++)
			failed = bstore_append(s.bs, &recs[i]) == -1;
		if (failed)
			stats_inc("err.state-file");
		/* A zero timer runs after the other events of this loop turn: a burst of BUs
		 * read in one turn costs one write. */
		else if (!loop_timer_pending(s.flush_timer))
			loop_timer_arm(s.flush_timer, 0);
	}
	if (!s.standby)
		ha_repl_change(recs, n, op == BSTORE_OP_SET ? ha_sync_remaining_ms(e) : 0);
}

void
ha_sync_set(const struct bcache_entry *e)
{
	record(e, BSTORE_OP_SET);
}

void
ha_sync_del(const struct bcache_entry *e)
{
	record(e, BSTORE_OP_DEL);
}

void
ha_sync_apply(const struct bstore_rec *recs, size_t n, int only_newer)
{
	const struct bstore_rec *r = &recs[0];
	uint64_t wall = wall_ms();
	struct bcache_entry *e;
	struct bstore_rec del;

	if (s.bc == NULL || !s.standby)
		return;		/* the active home agent hears its own changes: nothing to do */
	if (!bstore_image_whole(recs, n)) {
		stats_inc("drop.repl-bad-record");
		return;
	}
	stats_inc("ha.repl-applied");
	if (r->op == BSTORE_OP_DEL || r->expiry_ms <= wall) {
		ha_binding_forget(&r->hoa, &r->local);
		memset(&del, 0, sizeof(del));
		del.op = BSTORE_OP_DEL;
		del.hoa = r->hoa;
		del.local = r->local;
		if (s.bs != NULL && bstore_append(s.bs, &del) == 0 &&
		    !loop_timer_pending(s.flush_timer))
			loop_timer_arm(s.flush_timer, 0);
		return;
	}
	if (ha_binding_restore(recs, n, loop_now_ms() + (r->expiry_ms - wall), 0,
	    only_newer) == -1) {
		stats_inc("err.repl-apply");
		return;
	}
	/* the standby's own store follows too: a standby restarted is still warm */
	if ((e = bcache_lookup(s.bc, &r->hoa, &r->local)) != NULL)
		record(e, BSTORE_OP_SET);
}

int
ha_sync_is_standby(void)
{
	return s.standby;
}

/* --- load at start ----------------------------------------------------------------------- */

struct load_ctx {
	uint64_t	wall, mono;
	unsigned long	sets, dels, gone, torn;
	struct bstore_rec image[BSTORE_IMAGE_MAX];	/* a SET waiting for its MNP records */
	size_t		nimage;
};

static void load_image(struct load_ctx *c, const struct bstore_rec *recs, size_t n);

/* The file holds images one after the other; a SET that announced MNP records is applied once
 * the last of them is read.  An image cut short (by a crash, or followed by a record of
 * another binding) is not applied: the binding stays as its previous image left it. */
static void
load_one(const struct bstore_rec *r, void *arg)
{
	struct load_ctx *c = arg;

	if (r->op == BSTORE_OP_MNP) {
		if (c->nimage == 0 || c->nimage >= BSTORE_IMAGE_MAX) {
			c->torn++;
			return;
		}
		c->image[c->nimage++] = *r;
		if (c->nimage == 1 + (size_t)c->image[0].nmnp) {
			if (bstore_image_whole(c->image, c->nimage))
				load_image(c, c->image, c->nimage);
			else
				c->torn++;
			c->nimage = 0;
		}
		return;
	}
	if (c->nimage > 0) {
		c->torn++;
		c->nimage = 0;
	}
	if (r->op == BSTORE_OP_SET && r->nmnp > 0) {
		c->image[0] = *r;
		c->nimage = 1;
		return;
	}
	load_image(c, r, 1);
}

static void
load_image(struct load_ctx *c, const struct bstore_rec *recs, size_t n)
{
	const struct bstore_rec *r = &recs[0];

	if (r->op == BSTORE_OP_DEL) {
		c->dels++;
		ha_binding_forget(&r->hoa, &r->local);
		return;
	}
	c->sets++;
	if (r->expiry_ms <= c->wall) {
		/* expired while mip6d was not running */
		ha_binding_forget(&r->hoa, &r->local);
		return;
	}
	if (ha_binding_restore(recs, n, c->mono + (r->expiry_ms - c->wall), 0, 0) == -1)
		c->gone++;
}

static void
store_open(void)
{
	struct load_ctx c = { .wall = wall_ms(), .mono = loop_now_ms() };
	struct bstore_scan scan;
	char err[256];

	if (s.conf->ha.state_file == NULL) {
		log_info("no state file: bindings do not survive a restart");
		return;
	}
	s.bs = bstore_open(s.conf->ha.state_file, err, sizeof(err));
	if (s.bs == NULL) {
		log_warnx("state file %s: %s; bindings will not survive a restart",
		    s.conf->ha.state_file, err);
		stats_inc("err.state-file");
		return;
	}
	if (bstore_load(s.bs, load_one, &c, &scan) == -1) {
		log_warnx("state file %s is not a mip6d binding store (or unreadable): left as "
		    "it is, bindings will not survive a restart", s.conf->ha.state_file);
		stats_inc("err.state-file");
		bstore_close(s.bs);
		s.bs = NULL;
		return;
	}
	if (scan.dropped > 0) {
		log_warnx("state file %s: %zu bytes after the last valid record cut off (%s)",
		    s.conf->ha.state_file, scan.dropped,
		    scan.corrupt ? "a damaged record" : "a write torn by a crash");
		stats_add("ha.state-bytes-dropped", scan.dropped);
	}
	if (c.gone > 0)
		log_warnx("state file: %lu bindings no longer served by this configuration",
		    c.gone);
	if (c.nimage > 0)
		c.torn++;
	if (c.torn > 0) {
		/* each such binding stays as its previous image left it (or absent) */
		log_warnx("state file: %lu binding images cut short (a crash while writing): "
		    "not applied", c.torn);
		stats_add("ha.state-images-torn", c.torn);
	}
	log_info("state file %s: %zu records, %lu bindings alive", s.conf->ha.state_file,
	    scan.records, (unsigned long)bindings_count(BINDINGS_HOME));
	/* start from a file that holds exactly the live bindings */
	compact();
}

/* --- takeover and release ------------------------------------------------------------- */

unsigned long
ha_sync_takeover(const char *why)
{
	uint64_t t0 = mono_ms();
	unsigned long n;

	s.standby = 0;
	n = ha_binding_install_all();
	ha_repl_set_active(1);
	s.takeover_ms = mono_ms() - t0;
	s.taken_over = n;
	stats_inc("ha.takeovers");
	log_notice("active home agent now (%s): %lu bindings installed in %llu ms", why, n,
	    (unsigned long long)s.takeover_ms);
	return n;
}

static unsigned long
release(void)
{
	unsigned long n = ha_binding_uninstall_all();

	s.standby = 1;
	ha_repl_set_active(0);
	log_notice("standby home agent now: %lu bindings removed from the kernel, kept warm", n);
	return n;
}

/* --- the home agent address appearing (keepalived moved it here) ----------------------- */

static int
is_ha_addr(const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < s.conf->nhome_links; i++)
		if (memcmp(&s.conf->home_links[i].ha_addr, a, sizeof(*a)) == 0)
			return 1;
	return 0;
}

static void
on_addr(const struct kern_addr_event *ev, void *arg)
{
	if (s.bc == NULL || !s.standby || ev->deleted || (ev->flags & 0x40 /* tentative */) ||
	    !is_ha_addr(&ev->addr))
		return;
	ha_sync_takeover("the home agent address appeared");
}

static const struct kern_monitor_ops addr_watch = { .addr = on_addr };

/* Whether some home agent address is one of ours now: bind(2) says so without a dump. */
static int
holds_ha_addr(void)
{
	struct sockaddr_in6 sin6;
	size_t i;
	int fd, ok = 0;

	for (i = 0; i < s.conf->nhome_links && !ok; i++) {
		if ((fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
			return 0;
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_addr = s.conf->home_links[i].ha_addr;
		ok = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
		close(fd);
	}
	return ok;
}

static void
sync_json(struct json_object *resp)
{
	json_object_object_add(resp, "role", json_object_new_string(s.standby ? "standby" :
	    "active"));
	json_object_object_add(resp, "bindings", json_object_new_int64(bindings_count(BINDINGS_HOME)));
	json_object_object_add(resp, "state-file", json_object_new_string(s.bs ?
	    bstore_path(s.bs) : "none"));
	if (s.bs != NULL)
		json_object_object_add(resp, "state-records",
		    json_object_new_int64((int64_t)bstore_records(s.bs)));
	json_object_object_add(resp, "write-us", json_object_new_int64((int64_t)s.write_us));
	json_object_object_add(resp, "restored", json_object_new_int64((int64_t)s.restored));
	json_object_object_add(resp, "restore-ms", json_object_new_int64((int64_t)s.restore_ms));
	json_object_object_add(resp, "taken-over", json_object_new_int64((int64_t)s.taken_over));
	json_object_object_add(resp, "takeover-ms",
	    json_object_new_int64((int64_t)s.takeover_ms));
	ha_repl_json(resp);
}

static int
ctl_takeover(struct json_object *req, struct json_object *resp, void *arg)
{
	if (s.bc == NULL) {
		json_object_object_add(resp, "error", json_object_new_string("not a home agent"));
		return -1;
	}
	if (s.standby)
		ha_sync_takeover("mip6d-ctl takeover");
	sync_json(resp);
	return 0;
}

static int
ctl_standby(struct json_object *req, struct json_object *resp, void *arg)
{
	if (s.bc == NULL) {
		json_object_object_add(resp, "error", json_object_new_string("not a home agent"));
		return -1;
	}
	if (!s.standby)
		release();
	sync_json(resp);
	return 0;
}

static int
ctl_sync(struct json_object *req, struct json_object *resp, void *arg)
{
	if (s.bc == NULL) {
		json_object_object_add(resp, "error", json_object_new_string("not a home agent"));
		return -1;
	}
	sync_json(resp);
	return 0;
}

int
ha_sync_start(const struct conf *c, struct bcache *bc)
{
	uint64_t t0 = mono_ms();

	if (c == NULL || bc == NULL)
		return -1;
	memset(&s, 0, sizeof(s));
	s.conf = c;
	s.bc = bc;
	s.standby = conf_repl_on(&c->ha.repl) && c->ha.repl.standby;
	s.flush_timer = loop_timer_new(on_flush, NULL);
	s.sync_timer = loop_timer_new(on_sync, NULL);
	control_register("takeover", ctl_takeover, NULL);
	control_register("standby", ctl_standby, NULL);
	control_register("sync", ctl_sync, NULL);
	/* thousands of bindings loaded and installed: one reading of the clocks for them all
	 * (the store's expiries are converted from one reading already) */
	loop_clock_hold();
	store_open();
	if (s.standby) {
		/* keepalived may have moved the address before mip6d (re)started, or after */
		s.watching = kern_monitor_register(&addr_watch) == 0;
		if (holds_ha_addr())
			s.standby = 0;
		else
			log_notice("standby home agent: %lu bindings kept warm, none installed",
			    (unsigned long)bindings_count(BINDINGS_HOME));
	}
	if (!s.standby && bindings_count(BINDINGS_HOME) > 0) {
		s.restored = ha_binding_install_all();
		s.restore_ms = mono_ms() - t0;
		stats_add("ha.restored", s.restored);
		log_notice("%lu bindings reinstalled from the state file in %llu ms",
		    s.restored, (unsigned long long)s.restore_ms);
	}
	loop_clock_release();
	if (conf_repl_on(&c->ha.repl) && ha_repl_start(&c->ha.repl, bc, !s.standby) == -1)
		log_warnx("replication to Redis is not available in this build");
	return 0;
}

void
ha_sync_stop(void)
{
	if (s.watching)
		kern_monitor_unregister(&addr_watch);
	s.watching = 0;
	ha_repl_stop();
	if (s.bs != NULL) {
		/* the bindings stay in the store for the next start: a stop is not their end */
		on_flush(NULL);
		compact();
		on_sync(NULL);
		bstore_close(s.bs);
		s.bs = NULL;
	}
	loop_timer_free(s.flush_timer);
	loop_timer_free(s.sync_timer);
	s.flush_timer = s.sync_timer = NULL;
	s.bc = NULL;
}
