/* test_control.c - the control socket: protocol parsing, limits and fairness between clients */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "control.h"
#include "log.h"
#include "loop.h"

static char tmpdir[64];
static char sockpath[128];

/* ---- handlers the tests register ---- */

static int
h_echo(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *v;

	if (json_object_object_get_ex(req, "x", &v))
		json_object_object_add(resp, "x", json_object_get(v));
	if (arg != NULL)
		json_object_object_add(resp, "tag", json_object_new_string(arg));
	return 0;
}

static int
h_fail(struct json_object *req, struct json_object *resp, void *arg)
{
	json_object_object_add(resp, "error", json_object_new_string("it failed"));
	return -1;
}

static int
h_fail_silent(struct json_object *req, struct json_object *resp, void *arg)
{
	/* A handler that forgets the error string, and even says ok itself. */
	json_object_object_add(resp, "ok", json_object_new_boolean(1));
	return -1;
}

/*
 * A bc-shaped answer with n entries of about 200 bytes, plus pad bytes of padding each: pad
 * makes a large answer cheap to build, so that building it does not hold up the loop long.
 */
static int
h_big(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *a = json_object_new_array(), *o, *v;
	int i, n = 20000, pad = 0;
	char buf[64], *p = NULL;

	if (json_object_object_get_ex(req, "n", &v))
		n = json_object_get_int(v);
	if (json_object_object_get_ex(req, "pad", &v))
		pad = json_object_get_int(v);
	if (pad > 0) {
		p = malloc(pad + 1);
		memset(p, 'p', pad);
		p[pad] = '\0';
	}
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		snprintf(buf, sizeof(buf), "2001:db8:1::%x", i);
		json_object_object_add(o, "home-address", json_object_new_string(buf));
		json_object_object_add(o, "care-of-address",
		    json_object_new_string("2001:db8:ffff:4242::1"));
		json_object_object_add(o, "local-address", json_object_new_string("2001:db8:1::1"));
		json_object_object_add(o, "lifetime", json_object_new_int(600));
		json_object_object_add(o, "remaining", json_object_new_int(598));
		json_object_object_add(o, "sequence", json_object_new_int(i));
		json_object_object_add(o, "flags", json_object_new_string("H"));
		json_object_object_add(o, "state", json_object_new_string("registered"));
		if (p != NULL)
			json_object_object_add(o, "pad", json_object_new_string(p));
		json_object_array_add(a, o);
	}
	json_object_object_add(resp, "bindings", a);
	free(p);
	return 0;
}

static void
register_all(void)
{
	assert_int_equal(control_register("echo", h_echo, NULL), 0);
	assert_int_equal(control_register("fail", h_fail, NULL), 0);
	assert_int_equal(control_register("fail-silent", h_fail_silent, NULL), 0);
	assert_int_equal(control_register("big", h_big, NULL), 0);
}

static int
setup(void **state)
{
	struct control_limits lim = { CONTROL_MAX_REQUEST, CONTROL_MAX_CLIENTS, CONTROL_IDLE_MS,
	    CONTROL_CONN_MS };

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_control.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(sockpath, sizeof(sockpath), "%s/ctl.sock", tmpdir);
	if (loop_init() == -1)
		return -1;
	control_set_limits(&lim);
	if (control_open(sockpath, 0600, NULL) == -1)
		return -1;
	register_all();
	return 0;
}

static void
rm_in_tmpdir(const char *name)
{
	char p[192];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	unlink(p);
}

static int
teardown(void **state)
{
	control_close();
	loop_free();
	rm_in_tmpdir("ctl.sock");
	rm_in_tmpdir("other.sock");
	rm_in_tmpdir("file");
	return rmdir(tmpdir);
}

/* ---- a test client, driven in the same thread as the daemon's loop ---- */

struct cli {
	int	 fd;
	char	*buf;
	size_t	 len, cap;
	int	 eof;		/* EOF or ECONNRESET seen */
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run whatever the daemon side has to do right now, then wait a little. */
static void
pump(void)
{
	event_base_loop(loop_base(), EVLOOP_NONBLOCK);
	poll(NULL, 0, 1);
	event_base_loop(loop_base(), EVLOOP_NONBLOCK);
}

static void
pump_for(unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end)
		pump();
}

/* Pump until the daemon has n clients; fails the test after 2 s. */
static void
wait_clients(unsigned int n)
{
	uint64_t end = now_ms() + 2000;

	while (control_nclients() != n && now_ms() < end)
		pump();
	assert_int_equal(control_nclients(), n);
}

static struct cli *
cli_new(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct cli *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	strcpy(sun.sun_path, sockpath);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(c->fd >= 0);
	assert_int_equal(connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return c;
}

static void
cli_free(struct cli *c)
{
	close(c->fd);
	free(c->buf);
	free(c);
}

static void
cli_sendn(struct cli *c, const char *s, size_t len)
{
	uint64_t end = now_ms() + 5000;
	ssize_t n;

	while (len > 0) {
		n = send(c->fd, s, len, MSG_NOSIGNAL);
		if (n == -1) {
			assert_true(errno == EAGAIN);
			assert_true(now_ms() < end);
			pump();
			continue;
		}
		s += n;
		len -= n;
	}
}

static void
cli_send(struct cli *c, const char *s)
{
	cli_sendn(c, s, strlen(s));
}

/* Read what is there without waiting; 1 when something new came. */
static int
cli_poll(struct cli *c)
{
	ssize_t n;
	int got = 0;

	for (;;) {
		if (c->cap - c->len < 65536) {
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->buf = realloc(c->buf, c->cap);
			assert_non_null(c->buf);
		}
		n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
		if (n > 0) {
			c->len += n;
			got = 1;
			continue;
		}
		if (n == 0 || errno == ECONNRESET)
			c->eof = 1;
		return got;
	}
}

/* The next response line, parsed; NULL on EOF or after timeout_ms. */
static struct json_object *
cli_recv(struct cli *c, unsigned int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;
	struct json_object *o;
	char *nl;
	size_t l;

	for (;;) {
		cli_poll(c);
		if ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
			l = nl - c->buf;
			*nl = '\0';
			o = json_tokener_parse(c->buf);
			assert_non_null(o);
			memmove(c->buf, nl + 1, c->len - l - 1);
			c->len -= l + 1;
			return o;
		}
		if (c->eof || now_ms() >= end)
			return NULL;
		pump();
	}
}

/* Wait until the daemon hangs up on c; 1 when it did within timeout_ms. */
static int
cli_wait_eof(struct cli *c, unsigned int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;

	while (!c->eof && now_ms() < end) {
		pump();
		c->len = 0;
		cli_poll(c);
	}
	return c->eof;
}

static int
ok_of(struct json_object *o)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, "ok", &v));
	assert_true(json_object_is_type(v, json_type_boolean));
	return json_object_get_boolean(v);
}

static const char *
str_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

/* Send one request, expect one response; returns it. */
static struct json_object *
roundtrip(struct cli *c, const char *req)
{
	struct json_object *o;

	cli_send(c, req);
	o = cli_recv(c, 2000);
	assert_non_null(o);
	return o;
}

static void
expect_error(struct cli *c, const char *req, const char *error_prefix)
{
	struct json_object *o = roundtrip(c, req);
	const char *e;

	assert_false(ok_of(o));
	e = str_of(o, "error");
	assert_non_null(e);
	if (strncmp(e, error_prefix, strlen(error_prefix)) != 0)
		fail_msg("request %s: error '%s', expected '%s...'", req, e, error_prefix);
	json_object_put(o);
}

/* ---- the protocol, without sockets ---- */

static void
handle_expect(const char *req, size_t len, int ok, const char *error_prefix)
{
	struct json_object *o = control_handle(req, len);
	const char *e;

	assert_non_null(o);
	assert_int_equal(ok_of(o), ok);
	if (error_prefix != NULL) {
		e = str_of(o, "error");
		assert_non_null(e);
		if (strncmp(e, error_prefix, strlen(error_prefix)) != 0)
			fail_msg("request %.*s: error '%s', expected '%s...'", (int)len, req, e,
			    error_prefix);
	}
	json_object_put(o);
}

#define HANDLE(s, ok, err)	handle_expect((s), sizeof(s) - 1, (ok), (err))

static void
test_handle_parsing(void **state)
{
	HANDLE("{\"command\":\"echo\"}", 1, NULL);
	HANDLE("  {\"command\" : \"echo\", \"x\": [1, {\"y\": null}]}  ", 1, NULL);
	HANDLE("{\"command\":\"echo\"}\r", 1, NULL);
	/* malformed */
	HANDLE("{\"command\":", 0, "invalid JSON");
	HANDLE("{\"command\":\"echo\"", 0, "invalid JSON");
	HANDLE("{'command':'echo'}", 0, "invalid JSON");
	HANDLE("{\"command\":\"echo\",}", 0, "invalid JSON");
	HANDLE("{\"command\":\"echo\"} {}", 0, "invalid JSON");
	HANDLE("{\"command\":\"echo\"}x", 0, "invalid JSON");
	HANDLE("{\"command\":\"echo\"}\0{\"x\":1}", 0, "invalid JSON");
	HANDLE("{\"command\":\"ech\xff\"}", 0, "invalid JSON");
	HANDLE("\x01\x02\x03\x80\xfe", 0, "invalid JSON");
	HANDLE("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 0, "invalid JSON");
	/* not an object */
	HANDLE("[1,2]", 0, "request is not a JSON object");
	HANDLE("\"status\"", 0, "request is not a JSON object");
	HANDLE("42", 0, "request is not a JSON object");
	HANDLE("null", 0, "request is not a JSON object");
	HANDLE("true", 0, "request is not a JSON object");
	/* no usable command */
	HANDLE("{}", 0, "missing command");
	HANDLE("{\"cmd\":\"echo\"}", 0, "missing command");
	HANDLE("{\"command\":42}", 0, "missing command");
	HANDLE("{\"command\":null}", 0, "missing command");
	HANDLE("{\"command\":[\"echo\"]}", 0, "missing command");
	/* unknown */
	HANDLE("{\"command\":\"nope\"}", 0, "unknown command");
	HANDLE("{\"command\":\"\"}", 0, "unknown command");
	HANDLE("{\"command\":\"echo\\u0000x\"}", 0, "unknown command");
	HANDLE("{\"command\":\"ECHO\"}", 0, "unknown command");
}

static void
test_handle_handlers(void **state)
{
	struct json_object *o;

	HANDLE("{\"command\":\"fail\"}", 0, "it failed");
	HANDLE("{\"command\":\"fail-silent\"}", 0, "command failed");

	/* "ok" comes first, then what the handler added. */
	o = control_handle("{\"command\":\"echo\",\"x\":7}", strlen("{\"command\":\"echo\",\"x\":7}"));
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
	    "{\"ok\":true,\"x\":7}");
	json_object_put(o);
}

/* Mutated and random request lines: always one well-formed answer, never a crash. */
static void
test_handle_random(void **state)
{
	static const char *const seeds[] = {
		"{\"command\":\"echo\",\"x\":[1,2,{\"y\":\"z\"}]}",
		"{\"command\":\"fail\"}",
		"{\"command\":\"log-level\",\"level\":\"debug\"}",
		"[\"\\u00e9\\ud83d\\ude00\",1e400,-0,null,true]",
	};
	static const char alphabet[] = "{}[]\":,\\u0123456789abcdeftrunl \t\r\x80\xc3\xa9\xff";
	struct json_object *o, *ok;
	unsigned int seed = 12345, i, j, n, len;
	char buf[256];

	for (i = 0; i < 20000; i++) {
		strcpy(buf, seeds[i % 4]);
		len = strlen(buf);
		n = 1 + rand_r(&seed) % 4;
		for (j = 0; j < n; j++) {
			switch (rand_r(&seed) % 3) {
			case 0:		/* replace a byte */
				buf[rand_r(&seed) % len] = alphabet[rand_r(&seed) %
				    (sizeof(alphabet) - 1)];
				break;
			case 1:		/* cut */
				len = 1 + rand_r(&seed) % len;
				break;
			default:	/* any byte, NUL included */
				buf[rand_r(&seed) % len] = (char)rand_r(&seed);
				break;
			}
		}
		o = control_handle(buf, len);
		assert_non_null(o);
		assert_true(json_object_is_type(o, json_type_object));
		assert_true(json_object_object_get_ex(o, "ok", &ok));
		assert_true(json_object_is_type(ok, json_type_boolean));
		json_object_put(o);
	}
}

static void
test_register_replace_remove(void **state)
{
	struct json_object *o;

	assert_int_equal(control_register("echo", h_echo, "second"), 0);
	o = control_handle("{\"command\":\"echo\"}", strlen("{\"command\":\"echo\"}"));
	assert_string_equal(str_of(o, "tag"), "second");
	json_object_put(o);
	assert_int_equal(control_register("echo", NULL, NULL), 0);
	HANDLE("{\"command\":\"echo\"}", 0, "unknown command");
	assert_int_equal(control_register("never-registered", NULL, NULL), 0);
	HANDLE("{\"command\":\"fail\"}", 0, "it failed");
}

/* ---- over the socket ---- */

static void
test_socket_valid(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o;

	o = roundtrip(c, "{\"command\":\"echo\",\"x\":\"hello\"}\n");
	assert_true(ok_of(o));
	assert_string_equal(str_of(o, "x"), "hello");
	json_object_put(o);
	/* The connection stays open for more. */
	o = roundtrip(c, "{\"command\":\"echo\",\"x\":2}\n");
	assert_true(ok_of(o));
	json_object_put(o);
	cli_free(c);
}

static void
test_socket_pipelined(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o;
	int i;

	cli_send(c, "{\"command\":\"echo\",\"x\":0}\n\n  \n{\"command\":\"echo\",\"x\":1}\n"
	    "{\"command\":\"nope\"}\r\n{\"command\":\"echo\",\"x\":3}\n");
	for (i = 0; i < 4; i++) {
		o = cli_recv(c, 2000);
		assert_non_null(o);
		if (i == 2)
			assert_false(ok_of(o));
		else
			assert_int_equal(json_object_get_int(json_object_object_get(o, "x")), i);
		json_object_put(o);
	}
	cli_free(c);
}

static void
test_socket_split(void **state)
{
	static const char req[] = "{\"command\":\"echo\",\"x\":\"split\"}\n";
	struct cli *c = cli_new();
	struct json_object *o;
	size_t i;

	for (i = 0; i < sizeof(req) - 1; i++) {
		cli_sendn(c, req + i, 1);
		pump();
	}
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_string_equal(str_of(o, "x"), "split");
	json_object_put(o);
	cli_free(c);
}

static void
test_socket_malformed(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o;

	expect_error(c, "{\"command\":\n", "invalid JSON");
	expect_error(c, "not json at all\n", "invalid JSON");
	expect_error(c, "[\"status\"]\n", "request is not a JSON object");
	expect_error(c, "17\n", "request is not a JSON object");
	expect_error(c, "{\"x\":1}\n", "missing command");
	expect_error(c, "{\"command\":\"nope\"}\n", "unknown command");
	cli_sendn(c, "{\"command\":\0\xff\xfe}\n", 16);
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_false(ok_of(o));
	json_object_put(o);
	/* After all that the framing holds and the connection still works. */
	o = roundtrip(c, "{\"command\":\"echo\"}\n");
	assert_true(ok_of(o));
	json_object_put(o);
	cli_free(c);
}

static void
test_socket_oversized(void **state)
{
	struct cli *c = cli_new(), *d;
	struct json_object *o;
	char *big = malloc(CONTROL_MAX_REQUEST + 10);

	memset(big, 'a', CONTROL_MAX_REQUEST + 10);
	cli_sendn(c, big, CONTROL_MAX_REQUEST + 10);
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_false(ok_of(o));
	assert_string_equal(str_of(o, "error"), "request too large");
	json_object_put(o);
	assert_true(cli_wait_eof(c, 2000));
	cli_free(c);

	/* The largest request that fits: max_request bytes with its newline. */
	d = cli_new();
	memset(big, ' ', CONTROL_MAX_REQUEST);
	memcpy(big, "{\"command\":\"echo\"}", 18);
	big[CONTROL_MAX_REQUEST - 1] = '\n';
	cli_sendn(d, big, CONTROL_MAX_REQUEST);
	o = cli_recv(d, 2000);
	assert_non_null(o);
	assert_true(ok_of(o));
	json_object_put(o);
	/* One byte more is too much, even with a newline. */
	memset(big, ' ', CONTROL_MAX_REQUEST + 1);
	memcpy(big, "{\"command\":\"echo\"}", 18);
	big[CONTROL_MAX_REQUEST] = '\n';
	cli_sendn(d, big, CONTROL_MAX_REQUEST + 1);
	o = cli_recv(d, 2000);
	assert_non_null(o);
	assert_string_equal(str_of(o, "error"), "request too large");
	json_object_put(o);
	assert_true(cli_wait_eof(d, 2000));
	cli_free(d);
	free(big);
}

static void
test_socket_last_request_without_newline(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o;

	cli_send(c, "{\"command\":\"echo\",\"x\":1}\n{\"command\":\"echo\",\"x\":2}");
	shutdown(c->fd, SHUT_WR);
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_int_equal(json_object_get_int(json_object_object_get(o, "x")), 1);
	json_object_put(o);
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_int_equal(json_object_get_int(json_object_object_get(o, "x")), 2);
	json_object_put(o);
	assert_true(cli_wait_eof(c, 2000));
	cli_free(c);
	wait_clients(0);
}

static void
test_socket_many_clients(void **state)
{
	struct cli *c[50];
	struct json_object *o;
	char req[64];
	int i;

	for (i = 0; i < 50; i++)
		c[i] = cli_new();
	for (i = 0; i < 50; i++) {
		snprintf(req, sizeof(req), "{\"command\":\"echo\",\"x\":%d}\n", i);
		cli_send(c[i], req);
	}
	wait_clients(50);
	/* Answered in any order of reading. */
	for (i = 49; i >= 0; i--) {
		o = cli_recv(c[i], 2000);
		assert_non_null(o);
		assert_int_equal(json_object_get_int(json_object_object_get(o, "x")), i);
		json_object_put(o);
	}
	for (i = 0; i < 50; i++)
		cli_free(c[i]);
	wait_clients(0);
}

static void
test_socket_client_cap(void **state)
{
	struct control_limits lim = { .max_clients = 4 };
	struct cli *c[5];
	struct json_object *o;
	int i;

	control_set_limits(&lim);
	for (i = 0; i < 4; i++)
		c[i] = cli_new();
	wait_clients(4);
	c[4] = cli_new();
	o = cli_recv(c[4], 2000);
	assert_non_null(o);
	assert_string_equal(str_of(o, "error"), "too many clients");
	json_object_put(o);
	assert_true(cli_wait_eof(c[4], 2000));
	for (i = 0; i < 4; i++) {
		o = roundtrip(c[i], "{\"command\":\"echo\"}\n");
		assert_true(ok_of(o));
		json_object_put(o);
	}
	/* A place freed is a place taken. */
	cli_free(c[0]);
	cli_free(c[4]);
	wait_clients(3);
	c[0] = cli_new();
	o = roundtrip(c[0], "{\"command\":\"echo\"}\n");
	assert_true(ok_of(o));
	json_object_put(o);
	for (i = 0; i < 4; i++)
		cli_free(c[i]);
}

static void
test_socket_silent_client_times_out(void **state)
{
	struct control_limits lim = { .idle_ms = 300 };
	struct cli *silent, *busy;
	struct json_object *o;
	uint64_t start;

	control_set_limits(&lim);
	silent = cli_new();
	busy = cli_new();
	wait_clients(2);
	start = now_ms();
	/* busy keeps talking, so it outlives the idle limit; silent does not. */
	while (!silent->eof && now_ms() - start < 3000) {
		o = roundtrip(busy, "{\"command\":\"echo\"}\n");
		assert_true(ok_of(o));
		json_object_put(o);
		pump_for(30);
		cli_poll(silent);
	}
	assert_true(silent->eof);
	assert_true(now_ms() - start >= 250);
	assert_false(busy->eof);
	assert_int_equal(control_nclients(), 1);
	/* A client that sent half a request and stalled is dropped the same way. */
	cli_send(busy, "{\"command\":");
	assert_true(cli_wait_eof(busy, 2000));
	cli_free(silent);
	cli_free(busy);
}

/*
 * A client that sends a request a byte at a time, each byte well within the limit, is dropped
 * when the request's deadline passes: a byte does not re-arm it.  So are clients that make
 * up all the slots that way, and the slot is free for the operator again.
 */
static void
test_socket_dripping_client_dropped(void **state)
{
	struct control_limits lim = { .idle_ms = 300, .max_clients = 4 };
	struct cli *drip[4], *op;
	struct json_object *o;
	uint64_t start;
	int i, open;

	control_set_limits(&lim);
	for (i = 0; i < 4; i++)
		drip[i] = cli_new();
	wait_clients(4);
	start = now_ms();
	do {
		for (i = 0, open = 0; i < 4; i++) {
			if (drip[i]->eof)
				continue;
			if (send(drip[i]->fd, " ", 1, MSG_NOSIGNAL) == -1)
				drip[i]->eof = 1;
			cli_poll(drip[i]);
			open += !drip[i]->eof;
		}
		pump_for(50);
	} while (open > 0 && now_ms() - start < 3000);
	assert_int_equal(open, 0);
	assert_true(now_ms() - start >= 250);
	assert_true(now_ms() - start < 1500);
	op = cli_new();
	o = roundtrip(op, "{\"command\":\"echo\",\"x\":\"in\"}\n");
	assert_string_equal(str_of(o, "x"), "in");
	json_object_put(o);
	for (i = 0; i < 4; i++)
		cli_free(drip[i]);
	cli_free(op);
}

/* A client that keeps asking (and reading) is served until its connection's deadline. */
static void
test_socket_connection_deadline(void **state)
{
	struct control_limits lim = { .idle_ms = 300, .conn_ms = 600 };
	struct cli *c;
	struct json_object *o;
	uint64_t start;
	int answered = 0;

	control_set_limits(&lim);
	c = cli_new();
	wait_clients(1);
	start = now_ms();
	while (now_ms() - start < 3000) {
		if (send(c->fd, "{\"command\":\"echo\"}\n", 19, MSG_NOSIGNAL) == -1)
			break;
		if ((o = cli_recv(c, 500)) == NULL)
			break;
		assert_true(ok_of(o));
		json_object_put(o);
		answered++;
		pump_for(50);
	}
	assert_true(cli_wait_eof(c, 1000));
	assert_true(now_ms() - start >= 550);
	assert_true(now_ms() - start < 2000);
	assert_true(answered >= 5);	/* more than one idle period's worth */
	assert_int_equal(control_nclients(), 0);
	cli_free(c);
}

static void
test_socket_slow_reader_does_not_block(void **state)
{
	struct control_limits lim = { .idle_ms = 1000 };
	struct cli *slow, *other;
	struct json_object *o;
	uint64_t start, t;
	int got;

	control_set_limits(&lim);
	slow = cli_new();
	wait_clients(1);
	/* About 4 MB of answer, far more than the socket buffers hold; slow never reads. */
	start = now_ms();
	cli_send(slow, "{\"command\":\"big\",\"n\":1000,\"pad\":4000}\n");
	/* other comes once the answer is made (under a sanitizer that takes a while) */
	while (!(got = cli_poll(slow)) && now_ms() - start < 10000)
		pump();
	assert_true(got);	/* slow got the beginning of its answer */
	other = cli_new();
	wait_clients(2);
	t = now_ms();
	o = roundtrip(other, "{\"command\":\"echo\",\"x\":\"served\"}\n");
	assert_string_equal(str_of(o, "x"), "served");
	json_object_put(o);
	assert_true(now_ms() - t < 1000);
	/* The stuck writer is dropped after the idle limit; other, still talking, is not. */
	while (control_nclients() == 2 && now_ms() - start < 15000) {
		o = roundtrip(other, "{\"command\":\"echo\"}\n");
		assert_true(ok_of(o));
		json_object_put(o);
		pump_for(50);
	}
	assert_int_equal(control_nclients(), 1);
	assert_true(now_ms() - start >= 800);
	o = roundtrip(other, "{\"command\":\"echo\"}\n");
	assert_true(ok_of(o));
	json_object_put(o);
	/* then the daemon hung up on slow */
	assert_true(cli_wait_eof(slow, 2000));
	cli_free(slow);
	cli_free(other);
}

/* Answers with how many requests it answered before. */
static int
h_count(struct json_object *req, struct json_object *resp, void *arg)
{
	int *served = arg;

	json_object_object_add(resp, "n", json_object_new_int((*served)++));
	return 0;
}

/*
 * A client whose socket takes every answer at once (it need not read them) pipelines
 * thousands of requests: another client is answered long before all of them, as the daemon
 * answers a burst at a time and lets the loop serve others in between.
 */
static void
test_socket_pipeline_shares_the_loop(void **state)
{
	static const char req[] = "{\"command\":\"count\"}\n";
	const size_t rl = sizeof(req) - 1;
	struct cli *hog, *other;
	struct json_object *o, *v;
	size_t sent = 0, n, i;
	int served = 0, sz = 4 << 20;
	char *buf;
	ssize_t r;

	assert_int_equal(control_register("count", h_count, &served), 0);
	hog = cli_new();
	other = cli_new();
	setsockopt(hog->fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	wait_clients(2);
	n = 3000;
	assert_non_null(buf = malloc(n * rl));
	for (i = 0; i < n; i++)
		memcpy(buf + i * rl, req, rl);
	while (sent < n * rl && (r = send(hog->fd, buf + sent, n * rl - sent, MSG_NOSIGNAL)) > 0)
		sent += (size_t)r;
	n = sent / rl;
	assert_true(n > 200);
	cli_send(other, req);
	o = cli_recv(other, 5000);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "n", &v));
	/* served among the first bursts, not after the whole pipeline */
	assert_true(json_object_get_int(v) < 200);
	json_object_put(o);
	free(buf);
	cli_free(hog);
	cli_free(other);
}

static void
test_socket_big_pipelined(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o, *b;
	int i;

	/* Five large answers queued at once: the daemon pauses and resumes, none is lost. */
	for (i = 0; i < 5; i++)
		cli_send(c, "{\"command\":\"big\",\"n\":5000}\n");
	cli_send(c, "{\"command\":\"echo\",\"x\":\"last\"}\n");
	for (i = 0; i < 5; i++) {
		o = cli_recv(c, 5000);
		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "bindings", &b));
		assert_int_equal(json_object_array_length(b), 5000);
		json_object_put(o);
	}
	o = cli_recv(c, 2000);
	assert_non_null(o);
	assert_string_equal(str_of(o, "x"), "last");
	json_object_put(o);
	cli_free(c);
}

static void
test_socket_client_hangs_up_mid_answer(void **state)
{
	struct cli *c = cli_new();
	struct json_object *o;

	/* SIGPIPE is not ignored in this process: writing to a closed peer must not raise it. */
	cli_send(c, "{\"command\":\"big\",\"n\":1000,\"pad\":4000}\n");
	wait_clients(1);
	pump_for(10);
	cli_free(c);
	wait_clients(0);
	c = cli_new();
	o = roundtrip(c, "{\"command\":\"echo\"}\n");
	assert_true(ok_of(o));
	json_object_put(o);
	cli_free(c);
}

/* ---- opening and closing the socket ---- */

static int
listen_at(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sun.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

static void
test_open_refuses_live_daemon(void **state)
{
	char other[192];
	struct stat st;
	int fd;

	/* Already open in this process. */
	assert_int_equal(control_open(sockpath, 0600, NULL), -1);
	/* Someone else listening on the path: refused, their socket left alone. */
	snprintf(other, sizeof(other), "%s/other.sock", tmpdir);
	fd = listen_at(other);
	control_close();
	assert_int_equal(control_open(other, 0600, NULL), -1);
	assert_int_equal(stat(other, &st), 0);
	close(fd);
	/* Now it is stale: replaced. */
	assert_int_equal(control_open(other, 0600, NULL), 0);
	assert_int_equal(stat(other, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	control_close();
	assert_int_equal(stat(other, &st), -1);
}

static void
test_open_not_a_socket(void **state)
{
	char file[192];
	struct stat st;
	int fd;

	control_close();
	snprintf(file, sizeof(file), "%s/file", tmpdir);
	fd = open(file, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(control_open(file, 0600, NULL), -1);
	assert_int_equal(stat(file, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* Paths that cannot be a socket address. */
	assert_int_equal(control_open("", 0600, NULL), -1);
	memset(file, 'x', sizeof(file) - 1);
	file[0] = '/';
	file[sizeof(file) - 1] = '\0';
	assert_int_equal(control_open(file, 0600, NULL), -1);
}

static void
test_open_mode_and_group(void **state)
{
	struct group *gr = getgrgid(getgid());
	struct stat st;

	assert_int_equal(stat(sockpath, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	control_close();
	assert_int_equal(stat(sockpath, &st), -1);

	assert_non_null(gr);
	assert_int_equal(control_open(sockpath, 0660, gr->gr_name), 0);
	assert_int_equal(stat(sockpath, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0660);
	assert_int_equal(st.st_gid, gr->gr_gid);
	control_close();
	assert_int_equal(control_open(sockpath, 0600, "no-such-group-for-mip6d"), -1);
	assert_int_equal(stat(sockpath, &st), -1);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_handle_parsing),
		T(test_handle_handlers),
		T(test_handle_random),
		T(test_register_replace_remove),
		T(test_socket_valid),
		T(test_socket_pipelined),
		T(test_socket_split),
		T(test_socket_malformed),
		T(test_socket_oversized),
		T(test_socket_last_request_without_newline),
		T(test_socket_many_clients),
		T(test_socket_client_cap),
		T(test_socket_silent_client_times_out),
		T(test_socket_dripping_client_dropped),
		T(test_socket_connection_deadline),
		T(test_socket_slow_reader_does_not_block),
		T(test_socket_big_pipelined),
		T(test_socket_pipeline_shares_the_loop),
		T(test_socket_client_hangs_up_mid_answer),
		T(test_open_refuses_live_daemon),
		T(test_open_not_a_socket),
		T(test_open_mode_and_group),
	};

	log_init("test_control", LOG_DEST_STDERR, LOG_WARNING);
	return cmocka_run_group_tests_name("control", tests, NULL, NULL);
}
