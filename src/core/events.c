/* events.c - the event bus: roles announce, subscribers (the monitor clients) listen */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "loop.h"

static struct {
	events_fn	 fn;
	void		*arg;
} subs[EVENTS_MAX_SUBSCRIBERS];
static unsigned int nsubs;
static unsigned int dispatching;

static const char *const kind_names[EVENT_KIND_MAX] = {
	[EVENT_BINDING_CREATED]		= "binding-created",
	[EVENT_BINDING_REFRESHED]	= "binding-refreshed",
	[EVENT_BINDING_MOVED]		= "binding-moved",
	[EVENT_BINDING_EXPIRED]		= "binding-expired",
	[EVENT_BINDING_REMOVED]		= "binding-removed",
	[EVENT_BINDING_REFUSED]		= "binding-refused",
	[EVENT_HANDOVER_STARTED]	= "handover-started",
	[EVENT_HANDOVER_FINISHED]	= "handover-finished",
	[EVENT_DAD]			= "dad",
};

const char *
events_kind_name(enum event_kind kind)
{
	return (unsigned)kind < EVENT_KIND_MAX ? kind_names[kind] : "unknown";
}

int
events_listened(void)
{
	return nsubs > 0;
}

int
events_subscribe(events_fn fn, void *arg)
{
	if (nsubs == EVENTS_MAX_SUBSCRIBERS)
		return -1;
	subs[nsubs].fn = fn;
	subs[nsubs].arg = arg;
	nsubs++;
	return 0;
}

void
events_unsubscribe(events_fn fn, void *arg)
{
	unsigned int i;

	for (i = 0; i < nsubs; i++)
		if (subs[i].fn == fn && subs[i].arg == arg) {
			subs[i] = subs[--nsubs];
			return;
		}
}

static void
dispatch(struct event *ev)
{
	unsigned int i;

	/* A subscriber that emits while being told would recurse without end. */
	if (dispatching)
		return;
	ev->time_ms = loop_wall_ms();
	dispatching = 1;
	/* A subscriber may unsubscribe itself (a dropped client): walk from the end. */
	for (i = nsubs; i-- > 0;)
		if (i < nsubs)
			subs[i].fn(ev, subs[i].arg);
	dispatching = 0;
}

void
events_emit(enum event_kind kind, const char *role, const struct in6_addr *hoa,
    const struct in6_addr *coa, int status, const char *reason)
{
	struct event ev;

	if (nsubs == 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.role = role;
	if (hoa != NULL) {
		ev.hoa = *hoa;
		ev.has_hoa = 1;
	}
	if (coa != NULL) {
		ev.coa = *coa;
		ev.has_coa = 1;
	}
	ev.status = status;
	ev.duration_ms = -1;
	ev.reason = reason;
	dispatch(&ev);
}

void
events_handover(int finished, const struct in6_addr *hoa, const struct in6_addr *coa,
    int64_t duration_ms)
{
	struct event ev;

	if (nsubs == 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = finished ? EVENT_HANDOVER_FINISHED : EVENT_HANDOVER_STARTED;
	ev.role = "mn";
	if (hoa != NULL) {
		ev.hoa = *hoa;
		ev.has_hoa = 1;
	}
	if (coa != NULL) {
		ev.coa = *coa;
		ev.has_coa = 1;
	}
	ev.status = -1;
	ev.duration_ms = duration_ms;
	dispatch(&ev);
}

void
events_dad(const struct in6_addr *addr, int ok)
{
	events_emit(EVENT_DAD, "nd", addr, NULL, ok ? 1 : 0, ok ? "unique" : "duplicate");
}

/* ---- formatting (pure) ---- */

struct out {
	char	*buf;
	size_t	 len, used;
};

static void
put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->used < o->len ? o->buf + o->used : NULL,
	    o->used < o->len ? o->len - o->used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}

/* A reason is ours (a literal), but keep JSON valid whatever it holds. */
static void
put_json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			put(o, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			put(o, "\\u%04x", (unsigned char)*s);
		else
			put(o, "%c", *s);
	}
	put(o, "\"");
}

size_t
events_format(const struct event *ev, int json, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN], when[40];
	time_t t = (time_t)(ev->time_ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S",
	    &tm) == 0)
		snprintf(when, sizeof(when), "%lld", (long long)t);
	if (ev->has_hoa)
		inet_ntop(AF_INET6, &ev->hoa, hoa, sizeof(hoa));
	if (ev->has_coa)
		inet_ntop(AF_INET6, &ev->coa, coa, sizeof(coa));
	if (json) {
		put(&o, "{\"time\":\"%s.%03uZ\",\"event\":\"%s\"", when,
		    (unsigned)(ev->time_ms % 1000), events_kind_name(ev->kind));
		if (ev->role != NULL) {
			put(&o, ",\"role\":");
			put_json_str(&o, ev->role);
		}
		if (ev->has_hoa)
			put(&o, ",\"%s\":\"%s\"", ev->kind == EVENT_DAD ? "address" :
			    "home-address", hoa);
		if (ev->has_coa)
			put(&o, ",\"care-of-address\":\"%s\"", coa);
		if (ev->status >= 0)
			put(&o, ",\"%s\":%d", ev->kind == EVENT_DAD ? "ok" : "status", ev->status);
		if (ev->duration_ms >= 0)
			put(&o, ",\"duration-ms\":%lld", (long long)ev->duration_ms);
		if (ev->reason != NULL) {
			put(&o, ",\"reason\":");
			put_json_str(&o, ev->reason);
		}
		put(&o, "}\n");
	} else {
		put(&o, "%s.%03uZ %s", when, (unsigned)(ev->time_ms % 1000),
		    events_kind_name(ev->kind));
		if (ev->role != NULL)
			put(&o, " role=%s", ev->role);
		if (ev->has_hoa)
			put(&o, " %s=%s", ev->kind == EVENT_DAD ? "address" : "hoa", hoa);
		if (ev->has_coa)
			put(&o, " coa=%s", coa);
		if (ev->status >= 0)
			put(&o, " %s=%d", ev->kind == EVENT_DAD ? "ok" : "status", ev->status);
		if (ev->duration_ms >= 0)
			put(&o, " duration=%lldms", (long long)ev->duration_ms);
		if (ev->reason != NULL)
			put(&o, " reason=\"%s\"", ev->reason);
		put(&o, "\n");
	}
	if (len > 0 && o.used >= len)
		buf[len - 1] = '\0';
	return o.used;
}
