/* ctl_monitor.c - mip6d-ctl monitor: the event stream, for any number of readers, none of
 * which can slow the daemon */
#include "config.h"

#define LOG_SUBSYS "monitor"

#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "control.h"
#include "ctl_ops.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

/*
 * Each reader has a bounded buffer of lines not yet taken by its socket.  Events are
 * appended and the socket is written when the loop says it is writable, so a burst of
 * events costs one send per reader, not one per event.  A reader that lets its buffer
 * fill is dropped (and the log says so): the daemon never waits for one.
 */
#define MON_MAX_CLIENTS	64
#define MON_BUF_DEFAULT	(256 * 1024)
#define MON_LINE_MAX	512

struct mon_client {
	LIST_ENTRY(mon_client) entry;
	int		 fd;
	int		 json;
	struct loop_io	*rio, *wio;
	char		*buf;
	size_t		 off, len;
	unsigned long	 sent;
	unsigned int	 writing:1;
	char		 who[48];
};

static LIST_HEAD(, mon_client) clients = LIST_HEAD_INITIALIZER(clients);
static unsigned int nclients;
static size_t buf_max = MON_BUF_DEFAULT;
static int subscribed;

void
ctl_monitor_set_limit(size_t bytes)
{
	buf_max = bytes ? bytes : MON_BUF_DEFAULT;
}

unsigned int
ctl_monitor_clients(void)
{
	return nclients;
}

static void on_event(const struct event *ev, void *arg);

static void
client_close(struct mon_client *c)
{
	LIST_REMOVE(c, entry);
	nclients--;
	loop_io_free(c->rio);
	loop_io_free(c->wio);
	if (c->fd != -1)
		close(c->fd);
	free(c->buf);
	free(c);
	if (nclients == 0 && subscribed) {
		events_unsubscribe(on_event, NULL);
		subscribed = 0;
	}
}

static void
client_drop(struct mon_client *c)
{
	static const char note[] = "{\"event\":\"dropped\",\"reason\":\"reader too slow\"}\n";

	log_notice("monitor client %s reads too slowly: dropped after %lu events, %zu bytes "
	    "waiting", c->who, c->sent, c->len - c->off);
	stats_inc("ctl.monitor-dropped");
	/* Best effort only: its socket is full, which is why it goes. */
	(void)send(c->fd, note, sizeof(note) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	client_close(c);
}

/* Write what the socket takes; 0, or -1 when the client is gone (closed). */
static int
client_flush(struct mon_client *c)
{
	ssize_t n;

	while (c->off < c->len) {
		n = send(c->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_debug("monitor client %s: %s", c->who, strerror(errno));
			client_close(c);
			return -1;
		}
		c->off += (size_t)n;
	}
	if (c->off == c->len)
		c->off = c->len = 0;
	if (c->writing != (c->len > 0)) {
		c->writing = c->len > 0;
		loop_io_enable(c->wio, c->writing);
	}
	return 0;
}

static int
client_append(struct mon_client *c, const char *s, size_t len)
{
	if (c->len - c->off + len > buf_max) {
		client_drop(c);
		return -1;
	}
	if (c->len + len > buf_max) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	memcpy(c->buf + c->len, s, len);
	c->len += len;
	if (!c->writing) {
		c->writing = 1;
		loop_io_enable(c->wio, 1);
	}
	return 0;
}

static void
on_event(const struct event *ev, void *arg)
{
	struct mon_client *c, *next;
	char text[MON_LINE_MAX], json[MON_LINE_MAX];
	size_t tlen = 0, jlen = 0;

	for (c = LIST_FIRST(&clients); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (c->json && jlen == 0)
			jlen = events_format(ev, 1, json, sizeof(json));
		else if (!c->json && tlen == 0)
			tlen = events_format(ev, 0, text, sizeof(text));
		if ((c->json ? jlen : tlen) >= MON_LINE_MAX)
			continue;	/* cannot happen with our fields; never send half a line */
		if (client_append(c, c->json ? json : text, c->json ? jlen : tlen) == 0)
			c->sent++;
	}
}

static void
client_writable(int fd, void *arg)
{
	client_flush(arg);
}

/* Readers send nothing; reading tells when they hang up. */
static void
client_readable(int fd, void *arg)
{
	struct mon_client *c = arg;
	char junk[256];
	ssize_t n;

	n = recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
		log_debug("monitor client %s left after %lu events", c->who, c->sent);
		client_close(c);
	}
}

static void
attach(int fd, const char *unsent, size_t len, void *arg)
{
	struct mon_client *c = arg;

	c->fd = fd;
	c->rio = loop_io_add(fd, client_readable, c);
	c->wio = loop_io_add_write(fd, client_writable, c);
	LIST_INSERT_HEAD(&clients, c, entry);
	nclients++;
	if (c->rio == NULL || c->wio == NULL || (!subscribed &&
	    events_subscribe(on_event, NULL) == -1)) {
		log_warnx("cannot follow monitor client %s", c->who);
		client_close(c);
		return;
	}
	subscribed = 1;
	if (client_append(c, unsent, len) == 0)
		client_flush(c);
}

/* {"command":"monitor","format":"json"|"text"} */
static int
ctl_monitor(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *f;
	struct mon_client *c;

	if (nclients >= MON_MAX_CLIENTS) {
		json_object_object_add(resp, "error", json_object_new_string(
		    "too many monitor clients"));
		return -1;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL || (c->buf = malloc(buf_max)) == NULL) {
		free(c);
		json_object_object_add(resp, "error", json_object_new_string("out of memory"));
		return -1;
	}
	c->fd = -1;
	c->json = json_object_object_get_ex(req, "format", &f) &&
	    json_object_is_type(f, json_type_string) &&
	    strcmp(json_object_get_string(f), "json") == 0;
	control_peer(c->who, sizeof(c->who));
	if (control_takeover(attach, c) == -1) {
		free(c->buf);
		free(c);
		return -1;
	}
	log_info("monitor client %s attached (%s lines)", c->who, c->json ? "JSON" : "text");
	json_object_object_add(resp, "monitor", json_object_new_string(
	    c->json ? "json" : "text"));
	return 0;
}

void
ctl_monitor_start(void)
{
	control_register("monitor", ctl_monitor, NULL);
}

void
ctl_monitor_stop(void)
{
	while (!LIST_EMPTY(&clients))
		client_close(LIST_FIRST(&clients));
	control_register("monitor", NULL, NULL);
}
