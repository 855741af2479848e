/* control.c - the control socket: newline-delimited JSON requests, answered from the loop */
#include "config.h"

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#define LOG_SUBSYS "control"
#include "control.h"
#include "log.h"
#include "loop.h"

/*
 * Every client is served from the one event loop and nothing here may block it: sockets are
 * non-blocking, a request line is bounded, output is buffered per client and written as the
 * socket allows, and a client that misses a deadline (control.h) is dropped.
 */

#define OUT_HIGH	(256 * 1024)	/* stop reading requests while this much is unsent */
#define OUT_KEEP	(64 * 1024)	/* output buffer kept allocated once drained */
#define IN_FIRST	4096
#define JSON_DEPTH	32
#define ACCEPT_BURST	32	/* connections taken per wake-up, so the loop stays fair */
#define REQ_BURST	32	/* requests answered per wake-up of one client, likewise */

struct ctl_cmd {
	char		*name;
	control_handler	 fn;
	void		*arg;
};

struct ctl_client {
	TAILQ_ENTRY(ctl_client) entry;
	int		 fd;
	struct loop_io	*rio;
	struct loop_io	*wio;
	struct loop_timer *idle;
	struct loop_timer *more;	/* the rest of a pipeline, after other clients */
	unsigned int	 burst;		/* requests answered in this wake-up */
	char		*in;
	size_t		 inlen, incap;
	char		*out;
	size_t		 outoff, outlen, outcap;
	unsigned int	 reading:1, writing:1, eof:1, closing:1;
	unsigned int	 done:1;	/* a request answered or output read: a new wait */
	size_t		 nread;		/* output read since the wait began */
	uint64_t	 since_ms;	/* the current wait (for a request or a read) began */
	uint64_t	 until_ms;	/* end of the connection's life */
	control_takeover_fn takeover;	/* set by a handler: the connection goes there */
	void		*takeover_arg;
};

/* The client whose request a handler is answering, for control_peer and control_takeover. */
static struct ctl_client *current;

static struct {
	int		 fd;
	char		*path;
	dev_t		 dev;
	ino_t		 ino;
	struct loop_io	*io;
	struct ctl_cmd	*cmds;
	size_t		 ncmds;
	TAILQ_HEAD(, ctl_client) clients;
	unsigned int	 nclients;
	struct control_limits lim;
} ctl = {
	.fd = -1,
	.clients = TAILQ_HEAD_INITIALIZER(ctl.clients),
	.lim = { CONTROL_MAX_REQUEST, CONTROL_MAX_CLIENTS, CONTROL_IDLE_MS, CONTROL_CONN_MS },
};

void
control_set_limits(const struct control_limits *l)
{
	if (l->max_request)
		ctl.lim.max_request = l->max_request;
	if (l->max_clients)
		ctl.lim.max_clients = l->max_clients;
	if (l->idle_ms)
		ctl.lim.idle_ms = l->idle_ms;
	if (l->conn_ms)
		ctl.lim.conn_ms = l->conn_ms;
}

unsigned int
control_nclients(void)
{
	return ctl.nclients;
}

static struct ctl_cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < ctl.ncmds; i++)
		if (strcmp(ctl.cmds[i].name, name) == 0)
			return &ctl.cmds[i];
	return NULL;
}

int
control_register(const char *cmd, control_handler fn, void *arg)
{
	struct ctl_cmd *c = cmd_find(cmd), *n;

	if (fn == NULL) {
		if (c != NULL) {
			free(c->name);
			*c = ctl.cmds[--ctl.ncmds];
		}
		return 0;
	}
	if (c == NULL) {
		n = reallocarray(ctl.cmds, ctl.ncmds + 1, sizeof(*n));
		if (n == NULL)
			return -1;
		ctl.cmds = n;
		c = &ctl.cmds[ctl.ncmds];
		if ((c->name = strdup(cmd)) == NULL)
			return -1;
		ctl.ncmds++;
	}
	c->fn = fn;
	c->arg = arg;
	return 0;
}

static struct json_object *
error_response(const char *msg)
{
	struct json_object *resp = json_object_new_object();

	if (resp == NULL)
		return NULL;
	json_object_object_add(resp, "ok", json_object_new_boolean(0));
	json_object_object_add(resp, "error", json_object_new_string(msg));
	return resp;
}

/*
 * Strict JSON, valid UTF-8, one value filling the whole line.  0 with the value in *out (NULL
 * for JSON null), or -1 with the reason in why.
 */
static int
parse_request(const char *line, size_t len, struct json_object **out, char *why, size_t whylen)
{
	struct json_tokener *tok;
	struct json_object *req;
	enum json_tokener_error err;
	int rc = 0;

	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	req = json_tokener_parse_ex(tok, line, (int)len);
	err = json_tokener_get_error(tok);
	if (err == json_tokener_success && json_tokener_get_parse_end(tok) < len) {
		/* A NUL byte stops the tokener early: the rest of the line was not looked at. */
		err = json_tokener_error_parse_unexpected;
	} else if (err == json_tokener_continue) {
		/* The end of the line ends the value ("42") or shows it incomplete ("[1,"). */
		req = json_tokener_parse_ex(tok, "", 1);
		err = json_tokener_get_error(tok);
	}
	if (err != json_tokener_success) {
		json_object_put(req);
		req = NULL;
		snprintf(why, whylen, "invalid JSON: %s", json_tokener_error_desc(err));
		rc = -1;
	}
	json_tokener_free(tok);
	*out = req;
	return rc;
}

struct json_object *
control_handle(const char *line, size_t len)
{
	struct json_object *req, *resp, *jcmd, *jerr;
	struct ctl_cmd *c;
	control_handler fn;
	const char *name;
	char why[128];
	void *arg;
	int rc;

	if (len >= ctl.lim.max_request)
		return error_response("request too large");
	if (parse_request(line, len, &req, why, sizeof(why)) == -1)
		return error_response(why);
	if (req == NULL || !json_object_is_type(req, json_type_object)) {
		json_object_put(req);
		return error_response("request is not a JSON object");
	}
	if (!json_object_object_get_ex(req, "command", &jcmd) ||
	    !json_object_is_type(jcmd, json_type_string)) {
		json_object_put(req);
		return error_response("missing command");
	}
	name = json_object_get_string(jcmd);
	if ((size_t)json_object_get_string_len(jcmd) != strlen(name) ||
	    (c = cmd_find(name)) == NULL) {
		log_debug("unknown command");
		json_object_put(req);
		return error_response("unknown command");
	}
	log_debug("command %s", name);
	/* The handler may register or remove commands: do not keep c across the call. */
	fn = c->fn;
	arg = c->arg;
	if ((resp = json_object_new_object()) == NULL) {
		json_object_put(req);
		return NULL;
	}
	json_object_object_add(resp, "ok", json_object_new_boolean(1));
	rc = fn(req, resp, arg);
	/* Whatever the handler did, "ok" stays first and says how it went. */
	json_object_object_add(resp, "ok", json_object_new_boolean(rc == 0));
	if (rc != 0 && (!json_object_object_get_ex(resp, "error", &jerr) ||
	    !json_object_is_type(jerr, json_type_string)))
		json_object_object_add(resp, "error", json_object_new_string("command failed"));
	json_object_put(req);
	return resp;
}

int
control_peer(char *buf, size_t len)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);

	if (current == NULL ||
	    getsockopt(current->fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == -1) {
		snprintf(buf, len, "unknown client");
		return -1;
	}
	snprintf(buf, len, "uid %ld pid %ld", (long)cred.uid, (long)cred.pid);
	return 0;
}

int
control_takeover(control_takeover_fn fn, void *arg)
{
	if (current == NULL)
		return -1;
	current->takeover = fn;
	current->takeover_arg = arg;
	return 0;
}

static void
client_free(struct ctl_client *c)
{
	TAILQ_REMOVE(&ctl.clients, c, entry);
	ctl.nclients--;
	loop_io_free(c->rio);
	loop_io_free(c->wio);
	loop_timer_free(c->idle);
	loop_timer_free(c->more);
	if (c->fd != -1)
		close(c->fd);
	free(c->in);
	free(c->out);
	free(c);
}

/*
 * Arm the client's one timer for its nearest deadline.  A wait restarts only when a whole
 * request was answered (with no earlier answer still unread), or every pending answer or
 * OUT_KEEP bytes of them were read: a byte at a time moves nothing, or a client dripping
 * bytes would keep its slot.
 */
static void
client_deadline(struct ctl_client *c)
{
	uint64_t now = loop_now_ms(), end;

	if (c->done) {
		c->since_ms = now;
		c->nread = 0;
	}
	c->done = 0;
	end = c->since_ms + ctl.lim.idle_ms;
	if (end > c->until_ms)
		end = c->until_ms;
	loop_timer_arm(c->idle, end > now ? end - now : 0);
}

static size_t
client_backlog(const struct ctl_client *c)
{
	return c->outlen - c->outoff;
}

static int
client_append(struct ctl_client *c, const char *s, size_t len)
{
	size_t need, cap;
	char *n;

	if (c->outoff > 0 && c->outoff == c->outlen)
		c->outoff = c->outlen = 0;
	need = c->outlen + len;
	if (need > c->outcap && c->outoff > 0) {
		memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
		c->outlen -= c->outoff;
		c->outoff = 0;
		need = c->outlen + len;
	}
	if (need > c->outcap) {
		for (cap = c->outcap ? c->outcap : 4096; cap < need; cap *= 2)
			;
		if ((n = realloc(c->out, cap)) == NULL)
			return -1;
		c->out = n;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, s, len);
	c->outlen += len;
	return 0;
}

static int
client_respond(struct ctl_client *c, struct json_object *resp)
{
	const char *s;
	size_t len;
	int rc;

	if (resp == NULL)
		return -1;
	s = json_object_to_json_string_length(resp,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	rc = s == NULL || client_append(c, s, len) == -1 || client_append(c, "\n", 1) == -1;
	json_object_put(resp);
	return rc ? -1 : 0;
}

static int
blank(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return len == 0;
}

static int
answer(struct ctl_client *c, const char *line, size_t len)
{
	struct json_object *resp;

	current = c;
	resp = control_handle(line, len);
	current = NULL;
	return client_respond(c, resp);
}

/* The handler took the connection over: hand it the socket and the unsent answer. */
static void
client_handoff(struct ctl_client *c)
{
	int fd = c->fd;

	loop_io_free(c->rio);
	loop_io_free(c->wio);
	c->rio = c->wio = NULL;
	c->fd = -1;
	c->takeover(fd, c->out + c->outoff, client_backlog(c), c->takeover_arg);
	client_free(c);
}

/* Answer the complete lines in the input buffer while the output backlog allows. */
static int
client_process(struct ctl_client *c)
{
	size_t off = 0, len;
	char *nl;

	while (!c->closing && c->takeover == NULL && client_backlog(c) < OUT_HIGH &&
	    c->burst < REQ_BURST) {
		nl = memchr(c->in + off, '\n', c->inlen - off);
		if (nl == NULL) {
			len = c->inlen - off;
			if (len >= ctl.lim.max_request) {
				/* The framing is lost: say why and hang up. */
				log_debug("request too large, closing");
				if (client_respond(c, error_response("request too large")) == -1)
					return -1;
				c->closing = 1;
			} else if (c->eof && len > 0) {
				/* A last request without its newline is still answered. */
				if (!blank(c->in + off, len) &&
				    answer(c, c->in + off, len) == -1)
					return -1;
				off = c->inlen;
			}
			break;
		}
		len = nl - (c->in + off);
		if (!blank(c->in + off, len)) {
			/* the wait for its answer to be read starts, unless one was on already */
			if (client_backlog(c) == 0)
				c->done = 1;
			if (answer(c, c->in + off, len) == -1)
				return -1;
			c->burst++;
		}
		off += len + 1;
	}
	if (off > 0) {
		memmove(c->in, c->in + off, c->inlen - off);
		c->inlen -= off;
	}
	if (c->eof && c->inlen == 0)
		c->closing = 1;
	return 0;
}

static int
client_flush(struct ctl_client *c)
{
	ssize_t n;

	while (client_backlog(c) > 0) {
		n = send(c->fd, c->out + c->outoff, client_backlog(c), MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_debug("client write: %s", strerror(errno));
			return -1;
		}
		c->outoff += n;
		/* a whole answer, or a good part of a long one (a reader at 13 kB/s at least) */
		c->nread += (size_t)n;
		if (client_backlog(c) == 0 || c->nread >= OUT_KEEP)
			c->done = 1;
	}
	if (client_backlog(c) == 0) {
		c->outoff = c->outlen = 0;
		if (c->outcap > OUT_KEEP) {
			free(c->out);
			c->out = NULL;
			c->outcap = 0;
		}
	}
	return 0;
}

/*
 * Move a client along: answer what can be answered, write what the socket takes, and choose
 * what to wait for next.  Frees the client when it is done or broken; -1 then.
 */
static int
client_step(struct ctl_client *c)
{
	unsigned int reading, writing;

	c->burst = 0;
	do {
		if (client_process(c) == -1)
			goto fail;
		if (c->takeover != NULL) {
			client_handoff(c);
			return -1;
		}
		if (client_flush(c) == -1)
			goto fail;
		/*
		 * Drained completely with lines still waiting: answer them now, as no event may
		 * come for them (the client may have sent all it had).  Otherwise the write
		 * event brings us back.
		 */
	} while (!c->closing && c->burst < REQ_BURST && client_backlog(c) == 0 && c->inlen > 0 &&
	    memchr(c->in, '\n', c->inlen) != NULL);
	/*
	 * A pipeline longer than a burst goes on after the other clients had their turn: one
	 * whose socket takes every answer at once (it need not read them for that) would keep
	 * the loop to itself for thousands of requests.
	 */
	if (c->burst >= REQ_BURST && !c->closing)
		loop_timer_arm(c->more, 0);

	if (c->closing && client_backlog(c) == 0)
		goto fail;
	reading = !c->closing && !c->eof && client_backlog(c) < OUT_HIGH;
	writing = client_backlog(c) > 0;
	if (c->reading != reading && loop_io_enable(c->rio, reading) == -1)
		goto fail;
	c->reading = reading;
	if (c->writing != writing && loop_io_enable(c->wio, writing) == -1)
		goto fail;
	c->writing = writing;
	client_deadline(c);
	return 0;
fail:
	client_free(c);
	return -1;
}

static void
client_read(int fd, void *arg)
{
	struct ctl_client *c = arg;
	size_t cap;
	ssize_t n;
	char *b;

	if (c->inlen == c->incap) {
		if (c->incap >= ctl.lim.max_request) {
			/* Full without a newline: client_step says so and closes. */
			client_step(c);
			return;
		}
		cap = c->incap ? c->incap * 2 : IN_FIRST;
		if (cap > ctl.lim.max_request)
			cap = ctl.lim.max_request;
		if ((b = realloc(c->in, cap)) == NULL) {
			client_free(c);
			return;
		}
		c->in = b;
		c->incap = cap;
	}
	n = recv(fd, c->in + c->inlen, c->incap - c->inlen, MSG_DONTWAIT);
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		log_debug("client read: %s", strerror(errno));
		client_free(c);
		return;
	}
	if (n == 0)
		c->eof = 1;
	else
		c->inlen += n;
	client_step(c);
}

static void
client_write(int fd, void *arg)
{
	client_step(arg);
}

static void
client_more(void *arg)
{
	client_step(arg);
}

static void
client_timeout(void *arg)
{
	struct ctl_client *c = arg;

	if (loop_now_ms() >= c->until_ms)
		log_debug("client connected for %u ms, closing", ctl.lim.conn_ms);
	else
		log_debug("client %s for %u ms, closing", client_backlog(c) > 0 ?
		    "did not read its answer" : "sent no whole request", ctl.lim.idle_ms);
	client_free(c);
}

/* Who connected: the socket's mode decides who may, the log says who did. */
static void
log_peer(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
		log_debug("client pid %ld uid %ld connected (%u clients)", (long)cred.pid,
		    (long)cred.uid, ctl.nclients);
}

static void
refuse(int fd)
{
	static const char msg[] = "{\"ok\":false,\"error\":\"too many clients\"}\n";

	/* Best effort: the line fits in any socket buffer, and waiting is not an option. */
	if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) == -1)
		log_debug("refusing client: %s", strerror(errno));
	close(fd);
}

static void
client_accept(int lfd, void *arg)
{
	struct ctl_client *c;
	int fd, i;

	for (i = 0; i < ACCEPT_BURST; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED)
				log_warn("accept");
			return;
		}
		if (ctl.nclients >= ctl.lim.max_clients) {
			log_debug("%u clients already, refusing one", ctl.nclients);
			refuse(fd);
			continue;
		}
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->rio = loop_io_add(fd, client_read, c);
		c->wio = loop_io_add_write(fd, client_write, c);
		c->idle = loop_timer_new(client_timeout, c);
		c->more = loop_timer_new(client_more, c);
		TAILQ_INSERT_TAIL(&ctl.clients, c, entry);
		ctl.nclients++;
		if (c->rio == NULL || c->wio == NULL || c->idle == NULL || c->more == NULL) {
			log_warnx("cannot watch a client");
			client_free(c);
			continue;
		}
		c->reading = 1;
		c->since_ms = loop_now_ms();
		c->until_ms = c->since_ms + ctl.lim.conn_ms;
		client_deadline(c);
		log_peer(fd);
	}
}

/* 1 when something accepts connections on path, 0 when nothing does, -1 (errno) otherwise. */
static int
probe(const struct sockaddr_un *sun)
{
	int fd, rc, saved;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	saved = errno;
	close(fd);
	if (rc == 0 || saved == EAGAIN || saved == EINPROGRESS)
		return 1;	/* EAGAIN: alive, with a full backlog */
	if (saved == ECONNREFUSED)
		return 0;
	errno = saved;
	return -1;
}

int
control_open(const char *path, mode_t mode, const char *group)
{
	struct sockaddr_un sun;
	struct group *gr;
	struct stat st;
	gid_t gid = (gid_t)-1;
	mode_t old;
	int fd, rc;

	if (ctl.fd != -1) {
		log_warnx("control socket %s already open", ctl.path);
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0' || strlen(path) >= sizeof(sun.sun_path)) {
		log_errx("control socket path is empty or too long: %s", path ? path : "");
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (group != NULL && group[0] != '\0') {
		errno = 0;
		if ((gr = getgrnam(group)) == NULL) {
			log_errx("control socket group %s: %s", group,
			    errno ? strerror(errno) : "no such group");
			return -1;
		}
		gid = gr->gr_gid;
	}

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_errx("%s exists and is not a socket; not replacing it", path);
			return -1;
		}
		switch (probe(&sun)) {
		case 1:
			log_errx("another mip6d is listening on %s", path);
			return -1;
		case 0:
			log_info("removing stale control socket %s", path);
			if (unlink(path) == -1 && errno != ENOENT) {
				log_err("cannot remove %s", path);
				return -1;
			}
			break;
		default:
			log_err("control socket %s", path);
			return -1;
		}
	} else if (errno != ENOENT) {
		log_err("control socket %s", path);
		return -1;
	}

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1) {
		log_err("control socket");
		return -1;
	}
	/* Born with the right mode: no window in which others could connect. */
	old = umask(~mode & 0777);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc == -1) {
		if (errno == EADDRINUSE)
			log_errx("another mip6d is listening on %s", path);
		else
			log_err("bind %s", path);
		close(fd);
		return -1;
	}
	if (chmod(path, mode) == -1 ||
	    (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1) ||
	    lstat(path, &st) == -1) {
		log_err("control socket %s: mode or group", path);
		goto fail;
	}
	if (listen(fd, 128) == -1) {
		log_err("listen %s", path);
		goto fail;
	}
	if ((ctl.path = strdup(path)) == NULL ||
	    (ctl.io = loop_io_add(fd, client_accept, NULL)) == NULL) {
		log_warnx("control socket %s: out of memory", path);
		free(ctl.path);
		ctl.path = NULL;
		goto fail;
	}
	ctl.fd = fd;
	ctl.dev = st.st_dev;
	ctl.ino = st.st_ino;
	log_debug("listening on %s", path);
	return 0;
fail:
	unlink(path);
	close(fd);
	return -1;
}

void
control_close(void)
{
	struct ctl_client *c;
	struct stat st;
	size_t i;

	while ((c = TAILQ_FIRST(&ctl.clients)) != NULL)
		client_free(c);
	if (ctl.fd != -1) {
		loop_io_free(ctl.io);
		ctl.io = NULL;
		/* Only our own socket: another daemon may have taken the path meanwhile. */
		if (lstat(ctl.path, &st) == 0 && st.st_dev == ctl.dev && st.st_ino == ctl.ino)
			unlink(ctl.path);
		close(ctl.fd);
		ctl.fd = -1;
		free(ctl.path);
		ctl.path = NULL;
	}
	for (i = 0; i < ctl.ncmds; i++)
		free(ctl.cmds[i].name);
	free(ctl.cmds);
	ctl.cmds = NULL;
	ctl.ncmds = 0;
}
