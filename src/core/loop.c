/* loop.c - thin wrapper over libevent so that the rest of mip6d names no libevent type */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "loop.h"

struct loop_timer {
	struct event	*ev;
	loop_cb		 cb;
	void		*arg;
};

struct loop_io {
	struct event	*ev;
	loop_io_cb	 cb;
	void		*arg;
};

#define MAX_SIGNALS 8
static struct event_base *base;
static struct event *sig_events[MAX_SIGNALS];
static int nsig;

int
loop_init(void)
{
	struct event_config *cfg;

	if (base != NULL)
		return 0;
	cfg = event_config_new();
	if (cfg == NULL)
		return -1;
	/* One thread only: libevent needs no locks. */
	event_config_set_flag(cfg, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base ? 0 : -1;
}

void
loop_free(void)
{
	int i;

	for (i = 0; i < nsig; i++)
		event_free(sig_events[i]);
	nsig = 0;
	if (base != NULL)
		event_base_free(base);
	base = NULL;
}

struct event_base *
loop_base(void)
{
	return base;
}

int
loop_run(void)
{
	return event_base_dispatch(base) < 0 ? -1 : 0;
}

void
loop_exit(void)
{
	if (base != NULL)
		event_base_loopbreak(base);
}

/*
 * The clock as read once per callback: a burst of 64 Binding Updates handled in one callback
 * asks for the time a dozen times each, and where a system call is dear (user-mode Linux: no
 * vDSO) those reads cost more than the rest of the Binding Update.  The reading is dropped
 * when the callback returns, and outside callbacks (start-up, shutdown) the clock is read
 * every time.
 */
static struct {
	int		depth;		/* callbacks running */
	int		mono_valid, wall_valid;
	uint64_t	mono_ns, wall_ms;
} now;

static uint64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
loop_now_ns(void)
{
	if (!now.mono_valid) {
		now.mono_ns = clock_ns(CLOCK_MONOTONIC);
		now.mono_valid = now.depth > 0;
	}
	return now.mono_ns;
}

uint64_t
loop_now_ms(void)
{
	return loop_now_ns() / 1000000;
}

uint64_t
loop_wall_ms(void)
{
	if (!now.wall_valid) {
		now.wall_ms = clock_ns(CLOCK_REALTIME) / 1000000;
		now.wall_valid = now.depth > 0;
	}
	return now.wall_ms;
}

static void
cb_enter(void)
{
	now.depth++;
	now.mono_valid = now.wall_valid = 0;
}

static void
cb_leave(void)
{
	now.depth--;
	now.mono_valid = now.wall_valid = 0;
}

void
loop_clock_hold(void)
{
	cb_enter();
}

void
loop_clock_release(void)
{
	cb_leave();
}

static void
timer_fire(evutil_socket_t fd, short what, void *arg)
{
	struct loop_timer *t = arg;

	cb_enter();
	t->cb(t->arg);
	cb_leave();
}

struct loop_timer *
loop_timer_new(loop_cb cb, void *arg)
{
	struct loop_timer *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->cb = cb;
	t->arg = arg;
	t->ev = evtimer_new(base, timer_fire, t);
	if (t->ev == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
loop_timer_arm(struct loop_timer *t, uint64_t ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	/*
	 * libevent counts from the time cached when this loop iteration began; after a long
	 * callback (a large control answer) that would fire the timer early.
	 */
	event_base_update_cache_time(base);
	evtimer_add(t->ev, &tv);
}

void
loop_timer_cancel(struct loop_timer *t)
{
	if (t != NULL)
		evtimer_del(t->ev);
}

int
loop_timer_pending(const struct loop_timer *t)
{
	return t != NULL && evtimer_pending(t->ev, NULL);
}

void
loop_timer_free(struct loop_timer *t)
{
	if (t == NULL)
		return;
	event_free(t->ev);
	free(t);
}

static void
io_ready(evutil_socket_t fd, short what, void *arg)
{
	struct loop_io *io = arg;

	cb_enter();
	io->cb(fd, io->arg);
	cb_leave();
}

struct loop_io *
loop_io_add(int fd, loop_io_cb cb, void *arg)
{
	struct loop_io *io;

	if ((io = calloc(1, sizeof(*io))) == NULL)
		return NULL;
	io->cb = cb;
	io->arg = arg;
	io->ev = event_new(base, fd, EV_READ | EV_PERSIST, io_ready, io);
	if (io->ev == NULL || event_add(io->ev, NULL) == -1) {
		if (io->ev)
			event_free(io->ev);
		free(io);
		return NULL;
	}
	return io;
}

void
loop_io_free(struct loop_io *io)
{
	if (io == NULL)
		return;
	event_free(io->ev);
	free(io);
}

struct loop_io *
loop_io_add_write(int fd, loop_io_cb cb, void *arg)
{
	struct loop_io *io;

	if ((io = calloc(1, sizeof(*io))) == NULL)
		return NULL;
	io->cb = cb;
	io->arg = arg;
	/* Not added yet: a writable socket would wake the loop on every iteration. */
	io->ev = event_new(base, fd, EV_WRITE | EV_PERSIST, io_ready, io);
	if (io->ev == NULL) {
		free(io);
		return NULL;
	}
	return io;
}

int
loop_io_enable(struct loop_io *io, int on)
{
	if (on)
		return event_pending(io->ev, EV_READ | EV_WRITE, NULL) ? 0 :
		    event_add(io->ev, NULL);
	return event_del(io->ev);
}

struct sig_ctx {
	loop_cb	 cb;
	void	*arg;
};

static struct sig_ctx sig_ctx[MAX_SIGNALS];

static void
signal_fire(evutil_socket_t sig, short what, void *arg)
{
	struct sig_ctx *c = arg;

	c->cb(c->arg);
}

int
loop_signal_add(int signo, loop_cb cb, void *arg)
{
	struct event *ev;

	if (nsig == MAX_SIGNALS)
		return -1;
	sig_ctx[nsig].cb = cb;
	sig_ctx[nsig].arg = arg;
	ev = evsignal_new(base, signo, signal_fire, &sig_ctx[nsig]);
	if (ev == NULL || event_add(ev, NULL) == -1) {
		if (ev)
			event_free(ev);
		return -1;
	}
	sig_events[nsig++] = ev;
	return 0;
}
