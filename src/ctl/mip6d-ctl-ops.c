/* mip6d-ctl-ops.c - mip6d-ctl's operator commands: building their requests, printing their
 * answers, and following the event stream of monitor and wait */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "mip6d-ctl-ops.h"

static const char *wire;	/* the command as sent, when ops_request completed it */

static void
say(const char *msg, const char *arg)
{
	fprintf(stderr, "mip6d-ctl: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
}

int
ops_request(const char *cmd, int argc, char **argv, int yes, int json,
    struct json_object *req)
{
	static char name[32];
	struct in6_addr a;

	if (strcmp(cmd, "wait") == 0) {
		if (argc < 1) {
			say("wait: name the event to wait for", NULL);
			return -1;
		}
		for (int i = 1; i < argc; i++)
			if (strchr(argv[i], '=') == NULL || argv[i][0] == '=') {
				say("wait: not KEY=VALUE", argv[i]);
				return -1;
			}
		/* the event stream, read as JSON whatever the output */
		wire = "monitor";
		json_object_object_add(req, "command", json_object_new_string(wire));
		json_object_object_add(req, "format", json_object_new_string("json"));
		return 0;
	}
	if (strcmp(cmd, "monitor") == 0) {
		wire = "monitor";
		json_object_object_add(req, "format", json_object_new_string(json ? "json" :
		    "text"));
		return 0;
	}
	if (strcmp(cmd, "metrics") == 0) {
		wire = "metrics";
		return 0;
	}
	if (strcmp(cmd, "bc") != 0 && strcmp(cmd, "bul") != 0)
		return 0;
	if (argc == 0)
		return 0;	/* the whole table, as before */
	if (strcmp(argv[0], "show") == 0 || strcmp(argv[0], "del") == 0) {
		if (argc != 2) {
			say("give one home address after", argv[0]);
			return -1;
		}
		if (inet_pton(AF_INET6, argv[1], &a) != 1) {
			say("not an IPv6 address", argv[1]);
			return -1;
		}
		json_object_object_add(req, "home-address", json_object_new_string(argv[1]));
	} else if (strcmp(argv[0], "flush") == 0) {
		if (argc != 1) {
			say("flush takes no argument; unexpected", argv[1]);
			return -1;
		}
		if (!yes) {
			say("flush removes every binding: confirm with --yes", NULL);
			return -1;
		}
		json_object_object_add(req, "confirm", json_object_new_boolean(1));
	} else {
		say("unknown action (show, del or flush)", argv[0]);
		return -1;
	}
	snprintf(name, sizeof(name), "%s-%s", cmd, argv[0]);
	wire = name;
	json_object_object_add(req, "command", json_object_new_string(name));
	return 0;
}

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "-";
	return json_object_get_string(v);
}

/* key: value lines, nested objects and arrays indented below their key */
static void
print_fields(struct json_object *o, int indent)
{
	size_t i, n;

	json_object_object_foreach(o, key, v) {
		if (strcmp(key, "ok") == 0)
			continue;
		if (json_object_is_type(v, json_type_object)) {
			printf("%*s%s:\n", indent, "", key);
			print_fields(v, indent + 2);
		} else if (json_object_is_type(v, json_type_array)) {
			n = json_object_array_length(v);
			printf("%*s%s:%s\n", indent, "", key, n ? "" : " none");
			for (i = 0; i < n; i++) {
				struct json_object *e = json_object_array_get_idx(v, i);

				if (json_object_is_type(e, json_type_object)) {
					printf("%*s-\n", indent + 2, "");
					print_fields(e, indent + 4);
				} else
					printf("%*s%s\n", indent + 2, "", json_object_get_string(e));
			}
		} else
			printf("%*s%s: %s\n", indent, "", key, v ? json_object_get_string(v) : "-");
	}
}

static void
print_list(struct json_object *resp, const char *key)
{
	struct json_object *list;
	size_t i, n;

	if (!json_object_object_get_ex(resp, key, &list) ||
	    !json_object_is_type(list, json_type_array))
		return;
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		if (i > 0)
			printf("\n");
		print_fields(json_object_array_get_idx(list, i), 0);
	}
}

int
ops_print(struct json_object *resp)
{
	struct json_object *t;

	if (wire == NULL)
		return 1;
	if (strcmp(wire, "metrics") == 0) {
		if (json_object_object_get_ex(resp, "text", &t))
			fputs(json_object_get_string(t), stdout);
	} else if (strcmp(wire, "bc-show") == 0)
		print_list(resp, "bindings");
	else if (strcmp(wire, "bul-show") == 0)
		print_list(resp, "entries");
	else if (strcmp(wire, "bc-del") == 0)
		printf("%s binding(s) removed\n", str(resp, "removed"));
	else if (strcmp(wire, "bc-flush") == 0) {
		if (strcmp(str(resp, "pending"), "0") == 0 || strcmp(str(resp, "pending"), "-") == 0)
			printf("%s binding(s) removed\n", str(resp, "removed"));
		else
			printf("%s binding(s) removed or being removed (%s to go, a slice per "
			    "millisecond)\n", str(resp, "removed"), str(resp, "pending"));
	}
	else if (strcmp(wire, "bul-del") == 0 || strcmp(wire, "bul-flush") == 0)
		printf("%s home registration(s) started anew\n", str(resp, "restarted"));
	else
		return 1;
	return 0;
}

void
ops_print_mn(struct json_object *mn)
{
	struct json_object *homes, *h, *ro, *v;
	char buf[64];
	struct tm tm;
	time_t t;
	size_t i, n;

	printf("\nmobile node:\n  interface: %s\n  address:   %s\n", str(mn, "interface"),
	    str(mn, "address"));
	if (json_object_object_get_ex(mn, "router-hold-ms", &v) &&
	    json_object_get_int64(v) > 0)
		printf("  router:    heard; holds the address %.1f s more against a new prefix\n",
		    (double)json_object_get_int64(v) / 1000);
	else
		printf("  router:    none heard lately\n");
	if (json_object_object_get_ex(mn, "home-addresses", &homes) &&
	    json_object_is_type(homes, json_type_array)) {
		n = json_object_array_length(homes);
		for (i = 0; i < n; i++) {
			h = json_object_array_get_idx(homes, i);
			printf("  home address %s: %s, care-of %s, home agent %s, registration %s\n",
			    str(h, "home-address"), str(h, "where"), str(h, "care-of-address"),
			    str(h, "home-agent"), str(h, "registration"));
			/* RFC 6275 11.4.1: configured, or discovered and why this one */
			if (json_object_object_get_ex(h, "home-agent-choice", &v))
				printf("    home agent: %s\n", json_object_get_string(v));
			if (json_object_object_get_ex(h, "last-movement", &v)) {
				t = (time_t)json_object_get_int64(v);
				if (localtime_r(&t, &tm) != NULL &&
				    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %z", &tm) > 0)
					printf("    last movement: %s\n", buf);
			}
			if (json_object_object_get_ex(h, "last-handover-ms", &v))
				printf("    last handover: %lld ms (link-up to Binding "
				    "Acknowledgement)%s\n", (long long)json_object_get_int64(v),
				    json_object_get_boolean(json_object_object_get(h,
				    "handover-in-progress")) ? "; one in progress" : "");
		}
	}
	if (json_object_object_get_ex(mn, "route-optimized", &ro) &&
	    json_object_is_type(ro, json_type_array)) {
		n = json_object_array_length(ro);
		printf("  route-optimized correspondents:%s", n ? "" : " none");
		for (i = 0; i < n; i++)
			printf("%s %s", i ? "," : "", json_object_get_string(
			    json_object_array_get_idx(ro, i)));
		printf("\n");
	}
}

/*
 * The event stream of a monitor request sent on fd: the daemon's answer, then each event line
 * to fn (NULL first, once the daemon took the request) until fn returns 1, the daemon ends
 * the stream, or timeout_ms passes (-1: no timeout, a quiet daemon is not a dead one).
 */
enum follow_end {
	FOLLOW_DONE,		/* fn ended it */
	FOLLOW_EOF,		/* the daemon ended the stream (it stopped, or dropped this
				 * reader for being too slow: the last line then says so) */
	FOLLOW_REFUSED,		/* said */
	FOLLOW_NO_ANSWER,
	FOLLOW_TIMEOUT,
	FOLLOW_LONG_LINE,
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum follow_end
follow(int fd, int64_t timeout_ms, int (*fn)(const char *line, void *arg), void *arg)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t end = mono_ms() + timeout_ms, left = -1;
	char buf[65536], *nl;
	size_t have = 0;
	int answered = 0;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		while ((nl = memchr(buf, '\n', have)) != NULL) {
			*nl = '\0';
			if (answered) {
				if (fn(buf, arg))
					return FOLLOW_DONE;
			} else if (strstr(buf, "\"ok\":true") == NULL) {
				say("monitor refused", buf);
				return FOLLOW_REFUSED;
			} else {
				answered = 1;
				if (fn(NULL, arg))
					return FOLLOW_DONE;
			}
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have);
		}
		if (have == sizeof(buf))
			return answered ? FOLLOW_LONG_LINE : FOLLOW_NO_ANSWER;
		if (timeout_ms >= 0 && (left = end - mono_ms()) <= 0)
			return FOLLOW_TIMEOUT;
		if ((n = poll(&pfd, 1, (int)left)) == -1 && errno != EINTR)
			return answered ? FOLLOW_EOF : FOLLOW_NO_ANSWER;
		if (n <= 0)
			continue;	/* EINTR, or the deadline: checked above */
		n = recv(fd, buf + have, sizeof(buf) - have, MSG_DONTWAIT);
		if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return answered ? FOLLOW_EOF : FOLLOW_NO_ANSWER;
		have += (size_t)n;
	}
}

/* monitor: every event line, copied as it comes, until stdout fails (*arg set) */
static int
copy_event(const char *line, void *arg)
{
	if (line == NULL || printf("%s\n", line) >= 0)
		return 0;
	*(int *)arg = 1;
	return 1;
}

/* The exit status of a follow that did not end as its caller wanted, said (event: wait's) */
static int
follow_failed(enum follow_end e, const char *event)
{
	switch (e) {
	case FOLLOW_REFUSED:
		return 1;	/* said by follow */
	case FOLLOW_TIMEOUT:
		say("no such event before the timeout", event);
		return 6;
	case FOLLOW_EOF:
		say("the daemon ended the event stream", NULL);
		return 5;
	case FOLLOW_LONG_LINE:
		say("an event line too long", NULL);
		return 5;
	default:
		say("mip6d closed the connection without answering", NULL);
		return 5;
	}
}

int
ops_monitor(int fd)
{
	enum follow_end e;
	int out_failed = 0;

	if ((e = follow(fd, -1, copy_event, &out_failed)) == FOLLOW_DONE)
		return 5;	/* stdout failed: nobody reads */
	if (e == FOLLOW_EOF) {
		fflush(stdout);
		say("the daemon ended the event stream", NULL);
		return 0;
	}
	return follow_failed(e, NULL);
}

struct wait_for {
	int	  argc;		/* the event's name, then KEY=VALUE */
	char	**argv;
	int	  json;
};

/* Whether event ev is name with every KEY=VALUE of argv: members compared as their text. */
static int
event_matches(struct json_object *ev, int argc, char **argv)
{
	struct json_object *v;
	const char *eq;
	size_t klen;
	char key[64];
	int i;

	if (!json_object_object_get_ex(ev, "event", &v) ||
	    strcmp(json_object_get_string(v), argv[0]) != 0)
		return 0;
	for (i = 1; i < argc; i++) {
		eq = strchr(argv[i], '=');
		klen = (size_t)(eq - argv[i]);
		if (klen >= sizeof(key))
			return 0;
		memcpy(key, argv[i], klen);
		key[klen] = '\0';
		if (!json_object_object_get_ex(ev, key, &v) ||
		    strcmp(json_object_get_string(v), eq + 1) != 0)
			return 0;
	}
	return 1;
}

/* wait: "waiting for" once taken (no event missed from then on), then the first match */
static int
match_event(const char *line, void *arg)
{
	struct wait_for *w = arg;
	struct json_object *ev;
	int found;

	if (line == NULL) {
		if (!w->json)
			printf("waiting for %s\n", w->argv[0]);
		return 0;
	}
	if ((ev = json_tokener_parse(line)) == NULL)
		return 0;
	if ((found = event_matches(ev, w->argc, w->argv)) && w->json)
		printf("%s\n", line);
	else if (found) {
		/* the text form of monitor: time, event, then key=value */
		printf("%s %s", json_object_get_string(json_object_object_get(ev, "time")),
		    json_object_get_string(json_object_object_get(ev, "event")));
		json_object_object_foreach(ev, k, v)
			if (strcmp(k, "time") != 0 && strcmp(k, "event") != 0)
				printf(" %s=%s", k, json_object_get_string(v));
		printf("\n");
	}
	json_object_put(ev);
	return found;
}

int
ops_wait(int fd, int argc, char **argv, int json, int timeout_s)
{
	struct wait_for w = { argc, argv, json };
	enum follow_end e;

	if ((e = follow(fd, (int64_t)timeout_s * 1000, match_event, &w)) == FOLLOW_DONE)
		return 0;
	return follow_failed(e, argv[0]);
}
