/* mip6d-ctl.c - ask the running mip6d over its control socket; tables for people, JSON for scripts */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "control.h"
#include "mip6d-ctl-ops.h"

/* Exit codes, documented in mip6d-ctl(8). */
#define EXIT_OK		0
#define EXIT_DAEMON	1	/* the daemon answered with an error */
#define EXIT_USAGE	2
#define EXIT_NOTRUNNING	3	/* no socket, or nothing listening on it */
#define EXIT_PERM	4	/* the socket is not accessible to us */
#define EXIT_PROTO	5	/* malformed answer, timeout, connection lost */
/* 6: wait saw no matching event in time (mip6d-ctl-ops.c) */

#define MAX_RESPONSE	(512UL * 1024 * 1024)
#define DEFAULT_TIMEOUT	10

static const char *progname = "mip6d-ctl";

struct column {
	const char	*key;
	const char	*title;
	int		 right;		/* numbers are aligned to the right */
};

static const struct column bc_columns[] = {
	{ "home-address",	"HOME ADDRESS",		0 },
	{ "care-of-address",	"CARE-OF ADDRESS",	0 },
	{ "local-address",	"LOCAL ADDRESS",	0 },
	{ "lifetime",		"LIFETIME",		1 },
	{ "remaining",		"REMAINING",		1 },
	{ "sequence",		"SEQ",			1 },
	{ "flags",		"FLAGS",		0 },
	{ "state",		"STATE",		0 },
};

static const struct column bul_columns[] = {
	{ "home-address",	"HOME ADDRESS",		0 },
	{ "peer",		"PEER",			0 },
	{ "care-of-address",	"CARE-OF ADDRESS",	0 },
	{ "type",		"TYPE",			0 },
	{ "state",		"STATE",		0 },
	{ "lifetime",		"LIFETIME",		1 },
	{ "remaining",		"REMAINING",		1 },
	{ "sequence",		"SEQ",			1 },
	{ "retransmissions",	"RETRANS",		1 },
};

static const struct column hal_columns[] = {
	{ "link",		"LINK",			0 },
	{ "address",		"HOME AGENT",		0 },
	{ "link-local",		"LINK-LOCAL",		0 },
	{ "preference",		"PREF",			1 },
	{ "lifetime",		"LIFETIME",		1 },
	{ "remaining",		"REMAINING",		1 },
};

static const struct column msg_columns[] = {
	{ "type",	"MESSAGE",	0 },
	{ "rx",		"RECEIVED",	1 },
	{ "tx",		"SENT",		1 },
};

static const struct column drop_columns[] = {
	{ "reason",	"DROPPED",	0 },
	{ "count",	"COUNT",	1 },
};

static const struct column other_columns[] = {
	{ "name",	"COUNTER",	0 },
	{ "value",	"VALUE",	1 },
};

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-j] [-s socket] [-t seconds] command [argument]\n"
	    "commands:\n"
	    "  status              roles, uptime, version and message counters\n"
	    "  bc                  the binding cache (home agent, correspondent node)\n"
	    "  bc show HOA         one binding with everything known about it\n"
	    "  bc del HOA          remove it (a Binding Refresh Request goes first)\n"
	    "  bc flush --yes      remove every binding\n"
	    "  bul                 the binding update list (mobile node)\n"
	    "  hal                 the Home Agents List of each home link (home agent)\n"
	    "  bul show HOA        one home address's entries in full\n"
	    "  bul del HOA         register that home address anew from scratch\n"
	    "  bul flush --yes     the same for every home address\n"
	    "  metrics             every counter and gauge, Prometheus text format\n"
	    "  monitor             follow events as they happen (-j: JSON lines)\n"
	    "  wait EVENT [KEY=VALUE...]  until such an event comes (-t bounds the wait)\n"
	    "  reload              re-read the configuration file\n"
	    "  log-level [LEVEL]   show or set the log level (err, warning, notice, info, debug)\n"
	    "  sync                home agent: state file, replication, role (active, standby)\n"
	    "  takeover            home agent: become active, install every binding\n"
	    "  standby             home agent: become standby, keep the bindings warm only\n"
	    "options:\n"
	    "  -j, --json          print the daemon's JSON answer as it is\n"
	    "  -y, --yes           confirm a flush\n"
	    "  -s, --socket PATH   control socket (default $MIP6D_SOCKET or "
	    CONTROL_DEFAULT_PATH ")\n"
	    "  -t, --timeout SECS  give up when the daemon is silent that long (default %d)\n"
	    "  -V, --version       print the version and exit\n"
	    "  -h, --help          print this help and exit\n"
	    "exit status: 0 ok, 1 the daemon answered with an error, 2 usage, 3 mip6d not\n"
	    "running, 4 permission denied, 5 protocol error or timeout, 6 wait: no such\n"
	    "event in time\n",
	    progname, DEFAULT_TIMEOUT);
}

static void
errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
errmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
ctl_connect(const char *path, int timeout)
{
	struct timeval tv = { .tv_sec = timeout };
	struct sockaddr_un sun;
	int fd, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errmsg("socket path too long: %s", path);
		return -EXIT_USAGE;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		errmsg("socket: %s", strerror(errno));
		return -EXIT_PROTO;
	}
	/* A blocking socket whose every wait is bounded: connect, send and each receive. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1) {
		errmsg("setsockopt: %s", strerror(errno));
		close(fd);
		return -EXIT_PROTO;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENOTDIR:
		errmsg("mip6d is not running (no control socket %s)", path);
		rc = EXIT_NOTRUNNING;
		break;
	case ECONNREFUSED:
		errmsg("mip6d is not running (nothing listens on %s)", path);
		rc = EXIT_NOTRUNNING;
		break;
	case EACCES:
	case EPERM:
		errmsg("permission denied on %s (run as root or as a member of the "
		    "socket's group)", path);
		rc = EXIT_PERM;
		break;
	case EAGAIN:
	case EINPROGRESS:
		errmsg("mip6d does not accept connections on %s (timed out)", path);
		rc = EXIT_PROTO;
		break;
	default:
		errmsg("cannot connect to %s: %s", path, strerror(errno));
		rc = EXIT_PROTO;
		break;
	}
	close(fd);
	return -rc;
}

/* 0, or the errno that stopped the sending. */
static int
send_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		s += n;
		len -= n;
	}
	return 0;
}

/*
 * Read one response line; returns it NUL-terminated without the newline, or NULL (after saying
 * why, unless quiet).
 */
static char *
recv_line(int fd, size_t *lenp, int quiet)
{
	size_t len = 0, cap = 0, scanned = 0;
	char *buf = NULL, *n, *nl;
	ssize_t r;

	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_RESPONSE + 1 || (n = realloc(buf, cap)) == NULL) {
				errmsg("the answer is too large");
				free(buf);
				return NULL;
			}
			buf = n;
		}
		r = recv(fd, buf + len, cap - len - 1, 0);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			if (!quiet && (errno == EAGAIN || errno == EWOULDBLOCK))
				errmsg("timed out waiting for mip6d's answer");
			else if (!quiet)
				errmsg("reading the answer: %s", strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0) {
			if (!quiet)
				errmsg(len ? "mip6d closed the connection in the middle of its "
				    "answer" : "mip6d closed the connection without answering");
			free(buf);
			return NULL;
		}
		len += r;
		if ((nl = memchr(buf + scanned, '\n', len - scanned)) != NULL) {
			*nl = '\0';
			*lenp = nl - buf;
			return buf;
		}
		scanned = len;
	}
}

static struct json_object *
parse_response(const char *line, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	struct json_object *o, *ok;

	if (tok == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, line, (int)len + 1);
	if (o != NULL && (json_tokener_get_parse_end(tok) < len ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "ok", &ok) ||
	    !json_object_is_type(ok, json_type_boolean))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static const char *
cell(struct json_object *row, const char *key)
{
	struct json_object *v;
	const char *s;

	if (!json_object_object_get_ex(row, key, &v) || v == NULL)
		return "-";
	s = json_object_get_string(v);
	return s && *s ? s : "-";
}

/* An aligned table: every column as wide as its widest cell, two spaces between columns. */
static void
table_print(struct json_object *rows, const struct column *cols, size_t ncols)
{
	size_t i, j, n = json_object_array_length(rows), w[16], len;
	struct json_object *row;
	const char *s;

	for (j = 0; j < ncols; j++)
		w[j] = strlen(cols[j].title);
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(rows, i);
		for (j = 0; j < ncols; j++)
			if ((len = strlen(cell(row, cols[j].key))) > w[j])
				w[j] = len;
	}
	for (j = 0; j < ncols; j++) {
		if (j + 1 == ncols && !cols[j].right)
			printf("%s\n", cols[j].title);
		else
			printf(cols[j].right ? "%*s%s" : "%-*s%s", (int)w[j], cols[j].title,
			    j + 1 == ncols ? "\n" : "  ");
	}
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(rows, i);
		for (j = 0; j < ncols; j++) {
			s = cell(row, cols[j].key);
			if (j + 1 == ncols && !cols[j].right)
				printf("%s\n", s);
			else
				printf(cols[j].right ? "%*s%s" : "%-*s%s", (int)w[j], s,
				    j + 1 == ncols ? "\n" : "  ");
		}
	}
}

static int
print_list(struct json_object *resp, const char *key, const struct column *cols, size_t ncols,
    const char *none)
{
	struct json_object *rows;

	if (!json_object_object_get_ex(resp, key, &rows) ||
	    !json_object_is_type(rows, json_type_array)) {
		errmsg("malformed answer: no \"%s\" list", key);
		return EXIT_PROTO;
	}
	if (json_object_array_length(rows) == 0)
		printf("%s\n", none);
	else
		table_print(rows, cols, ncols);
	return EXIT_OK;
}

static void
print_duration(int64_t s)
{
	if (s >= 86400)
		printf("%lldd ", (long long)(s / 86400));
	if (s >= 3600)
		printf("%lldh ", (long long)(s % 86400 / 3600));
	if (s >= 60)
		printf("%lldm ", (long long)(s % 3600 / 60));
	printf("%llds\n", (long long)(s % 60));
}

static void
print_value(const char *key, struct json_object *v)
{
	char buf[64];
	struct tm tm;
	time_t t;
	size_t i, n;

	if (strcmp(key, "uptime") == 0 && json_object_is_type(v, json_type_int)) {
		print_duration(json_object_get_int64(v));
	} else if (strcmp(key, "started") == 0 && json_object_is_type(v, json_type_int)) {
		t = (time_t)json_object_get_int64(v);
		if (localtime_r(&t, &tm) != NULL &&
		    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %z", &tm) > 0)
			printf("%s\n", buf);
		else
			printf("%lld\n", (long long)t);
	} else if (json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			printf("%s%s", i ? ", " : "",
			    json_object_get_string(json_object_array_get_idx(v, i)));
		printf("%s\n", n ? "" : "none");
	} else if (json_object_is_type(v, json_type_object)) {
		printf("%s\n", json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	} else {
		printf("%s\n", v ? json_object_get_string(v) : "-");
	}
}

static void
add_row2(struct json_object *rows, const char *k1, const char *v1, const char *k2,
    struct json_object *v2)
{
	struct json_object *row = json_object_new_object();

	json_object_object_add(row, k1, json_object_new_string(v1));
	json_object_object_add(row, k2, json_object_get(v2));
	json_object_array_add(rows, row);
}

static int
by_type(const void *a, const void *b)
{
	struct json_object *const *x = a, *const *y = b;

	return strcmp(cell(*x, "type"), cell(*y, "type"));
}

/* Counters "rx.TYPE" and "tx.TYPE" make one table, "drop.REASON" another, the rest a third. */
static void
print_counters(struct json_object *counters)
{
	struct json_object *msgs = json_object_new_array(), *drops = json_object_new_array();
	struct json_object *other = json_object_new_array(), *bytype = json_object_new_object();
	struct json_object *row;
	const char *type;
	int dir;

	json_object_object_foreach(counters, name, value) {
		dir = strncmp(name, "rx.", 3) == 0 ? 1 : strncmp(name, "tx.", 3) == 0 ? 2 : 0;
		if (dir != 0 && name[3] != '\0') {
			type = name + 3;
			if (!json_object_object_get_ex(bytype, type, &row)) {
				row = json_object_new_object();
				json_object_object_add(row, "type", json_object_new_string(type));
				json_object_object_add(bytype, type, row);
				json_object_array_add(msgs, json_object_get(row));
			}
			json_object_object_add(row, dir == 1 ? "rx" : "tx", json_object_get(value));
		} else if (strncmp(name, "drop.", 5) == 0 && name[5] != '\0')
			add_row2(drops, "reason", name + 5, "count", value);
		else
			add_row2(other, "name", name, "value", value);
	}
	/* A type seen only one way still shows 0 the other way. */
	json_object_object_foreach(bytype, t, r) {
		(void)t;
		if (!json_object_object_get_ex(r, "rx", NULL))
			json_object_object_add(r, "rx", json_object_new_int(0));
		if (!json_object_object_get_ex(r, "tx", NULL))
			json_object_object_add(r, "tx", json_object_new_int(0));
	}
	json_object_array_sort(msgs, by_type);
	if (json_object_array_length(msgs) > 0) {
		printf("\n");
		table_print(msgs, msg_columns, NCOLS(msg_columns));
	}
	if (json_object_array_length(drops) > 0) {
		printf("\n");
		table_print(drops, drop_columns, NCOLS(drop_columns));
	}
	if (json_object_array_length(other) > 0) {
		printf("\n");
		table_print(other, other_columns, NCOLS(other_columns));
	}
	json_object_put(msgs);
	json_object_put(drops);
	json_object_put(other);
	json_object_put(bytype);
}

static int
print_status(struct json_object *resp)
{
	struct json_object *counters = NULL, *mn;
	size_t w = 0, len;

	json_object_object_foreach(resp, k0, v0) {
		(void)v0;
		if (strcmp(k0, "ok") != 0 && strcmp(k0, "counters") != 0 &&
		    (len = strlen(k0)) > w)
			w = len;
	}
	json_object_object_foreach(resp, key, v) {
		if (strcmp(key, "ok") == 0)
			continue;
		if (strcmp(key, "counters") == 0) {
			counters = v;
			continue;
		}
		if (strcmp(key, "mobile-node") == 0)
			continue;
		printf("%s:%*s ", key, (int)(w - strlen(key)), "");
		print_value(key, v);
	}
	if (json_object_object_get_ex(resp, "mobile-node", &mn) &&
	    json_object_is_type(mn, json_type_object))
		ops_print_mn(mn);
	if (counters != NULL && json_object_is_type(counters, json_type_object))
		print_counters(counters);
	return EXIT_OK;
}

static const struct column mnp_columns[] = {
	{ "home-address",	"MOBILE ROUTER",		0 },
	{ "prefixes",		"MOBILE NETWORK PREFIXES",	0 },
};

/* RFC 3963: the prefixes of each mobile router's binding, in a table of their own below
 * the bindings (none: nothing printed) */
static void
print_mnp(struct json_object *resp)
{
	struct json_object *rows, *row, *list, *out, *o;
	char buf[1024];
	size_t i, j, n, used;

	if (!json_object_object_get_ex(resp, "bindings", &rows))
		return;
	out = json_object_new_array();
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(rows, i);
		if (!json_object_object_get_ex(row, "mobile-network-prefixes", &list) ||
		    !json_object_is_type(list, json_type_array))
			continue;
		buf[0] = '\0';
		for (used = 0, j = 0; j < json_object_array_length(list) && used < sizeof(buf);
		    j++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
			    j ? ", " : "",
			    json_object_get_string(json_object_array_get_idx(list, j)));
		o = json_object_new_object();
		json_object_object_add(o, "home-address",
		    json_object_get(json_object_object_get(row, "home-address")));
		json_object_object_add(o, "prefixes", json_object_new_string(buf));
		json_object_array_add(out, o);
	}
	if (json_object_array_length(out) > 0) {
		printf("\n");
		table_print(out, mnp_columns, NCOLS(mnp_columns));
	}
	json_object_put(out);
}

static int
print_human(const char *cmd, struct json_object *resp)
{
	struct json_object *v;

	if (ops_print(resp) == 0)
		return EXIT_OK;
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "sync") == 0 ||
	    strcmp(cmd, "takeover") == 0 || strcmp(cmd, "standby") == 0)
		return print_status(resp);
	if (strcmp(cmd, "bc") == 0) {
		int rc = print_list(resp, "bindings", bc_columns, NCOLS(bc_columns),
		    "no bindings");

		if (rc == EXIT_OK)
			print_mnp(resp);
		return rc;
	}
	if (strcmp(cmd, "bul") == 0)
		return print_list(resp, "entries", bul_columns, NCOLS(bul_columns),
		    "no binding update list entries");
	if (strcmp(cmd, "hal") == 0)
		return print_list(resp, "home-agents", hal_columns, NCOLS(hal_columns),
		    "no home agents");
	if (strcmp(cmd, "reload") == 0) {
		printf("configuration reloaded\n");
		return EXIT_OK;
	}
	if (strcmp(cmd, "log-level") == 0) {
		printf("log level: %s\n", json_object_object_get_ex(resp, "level", &v) ?
		    json_object_get_string(v) : "?");
		return EXIT_OK;
	}
	return EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "yes",	no_argument,		NULL, 'y' },
		{ "socket",	required_argument,	NULL, 's' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char	*name;
		int		 maxargs;
	} commands[] = {
		{ "status", 0 }, { "bc", 2 }, { "bul", 2 }, { "hal", 0 }, { "reload", 0 },
		{ "log-level", 1 },
		{ "metrics", 0 }, { "monitor", 0 }, { "wait", 16 },
		{ "sync", 0 }, { "takeover", 0 }, { "standby", 0 },
	};
	struct json_object *req, *resp, *err;
	const char *path, *cmd, *s;
	char *line, *reqline, *end;
	size_t i, len;
	long timeout = DEFAULT_TIMEOUT;
	int ch, json = 0, yes = 0, fd, rc, serr;

	path = getenv("MIP6D_SOCKET");
	if (path == NULL || path[0] == '\0')
		path = CONTROL_DEFAULT_PATH;
	while ((ch = getopt_long(argc, argv, "jys:t:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'y':
			yes = 1;
			break;
		case 's':
			path = optarg;
			break;
		case 't':
			errno = 0;
			timeout = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || timeout < 1 || timeout > 3600) {
				errmsg("-t: a number of seconds from 1 to 3600, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'V':
			printf("mip6d-ctl %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		errmsg("no command given");
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind++];
	for (i = 0; i < NCOLS(commands); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			break;
	if (i == NCOLS(commands)) {
		errmsg("unknown command '%s'", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - optind > commands[i].maxargs) {
		errmsg("%s: unexpected argument '%s'", cmd, argv[optind + commands[i].maxargs]);
		usage(stderr);
		return EXIT_USAGE;
	}

	req = json_object_new_object();
	json_object_object_add(req, "command", json_object_new_string(cmd));
	if (strcmp(cmd, "log-level") == 0 && optind < argc)
		json_object_object_add(req, "level", json_object_new_string(argv[optind]));
	if (ops_request(cmd, argc - optind, argv + optind, yes, json, req) == -1) {
		json_object_put(req);
		return EXIT_USAGE;
	}
	s = json_object_to_json_string_length(req, JSON_C_TO_STRING_PLAIN, &len);
	/* The request and its newline in one piece, as the daemon may answer on the first read. */
	if ((reqline = malloc(len + 2)) != NULL) {
		memcpy(reqline, s, len);
		memcpy(reqline + len, "\n", 2);
	}
	json_object_put(req);
	if (reqline == NULL) {
		errmsg("out of memory");
		return EXIT_PROTO;
	}

	if ((fd = ctl_connect(path, (int)timeout)) < 0) {
		free(reqline);
		return -fd;
	}
	serr = send_all(fd, reqline, len + 1);
	free(reqline);
	if (serr == EAGAIN || serr == EWOULDBLOCK) {
		errmsg("timed out sending the request");
		close(fd);
		return EXIT_PROTO;
	}
	if (strcmp(cmd, "wait") == 0 && serr == 0) {
		rc = ops_wait(fd, argc - optind, argv + optind, json, (int)timeout);
		close(fd);
		return rc;
	}
	if (strcmp(cmd, "monitor") == 0 && serr == 0) {
		rc = ops_monitor(fd);
		close(fd);
		return rc;
	}
	/* A daemon that hangs up at once ("too many clients") may have answered all the same. */
	line = recv_line(fd, &len, serr != 0);
	close(fd);
	if (line == NULL) {
		if (serr != 0)
			errmsg("sending the request: %s", strerror(serr));
		return EXIT_PROTO;
	}
	if ((resp = parse_response(line, len)) == NULL) {
		errmsg("malformed answer from mip6d");
		free(line);
		return EXIT_PROTO;
	}

	if (!json_object_get_boolean(json_object_object_get(resp, "ok"))) {
		if (json)
			printf("%s\n", line);
		errmsg("%s: %s", cmd, json_object_object_get_ex(resp, "error", &err) ?
		    json_object_get_string(err) : "failed");
		rc = EXIT_DAEMON;
	} else if (json) {
		printf("%s\n", line);
		rc = EXIT_OK;
	} else
		rc = print_human(cmd, resp);
	json_object_put(resp);
	free(line);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		errmsg("writing the output: %s", strerror(errno));
		return EXIT_PROTO;
	}
	return rc;
}
