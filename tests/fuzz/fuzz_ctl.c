/*
 * fuzz_ctl.c - libFuzzer target: what a local user can send to the control socket
 * (src/ctl/control.c).  The first byte chooses the way in:
 *   even: each line of the rest is one request, straight to control_handle() (the JSON
 *         parser, its limits, the dispatch and the commands' arguments);
 *   odd:  the rest is written to a real connection of a real control socket, which is then
 *         half-closed; the event loop runs until the daemon hangs up (the framing, split and
 *         pipelined requests, oversized lines, a last line without its newline).
 *
 * The commands behind it are the daemon's own where they can run without a kernel: those of
 * ctl_daemon_start() (src/ctl/ctl_daemon.c status, reload and log-level; the reload itself,
 * main.c's, is a stand-in that refuses, as a configuration with errors does) and of
 * ctl_ops_start() (src/ctl/ctl_admin.c bc-show|del|flush and bul-show|del|flush with their
 * home-address and confirm arguments, ctl_metrics.c metrics, ctl_monitor.c monitor, which
 * takes the connection over on the socket path), registered for every role.  No role runs,
 * so bc/bul find nothing to show or remove, but every argument is read as in the daemon;
 * starting one (roles_start) would open the Mobility Header and DAD sockets and program the
 * kernel, which a fuzz target cannot.  log-level really sets the level; it is put back after
 * each input (a debug level would drown the run in logs).  A stand-in remains for one command:
 *   bc                         static in src/roles/roles.c, registered by roles_start
 * and none for those a running role registers (bul, hal, takeover, standby, sync), for the
 * same reason: they answer "unknown command", a path that is fuzzed too.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "log.h"
#include "loop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static char sockpath[108];

static unsigned int
all_roles(void)
{
	return ROLE_HA | ROLE_CN | ROLE_MN;
}

/* main.c's reload, refusing as with a configuration that has errors */
static int
reload_refused(void)
{
	return -1;
}

/* bc's stand-in: an answer echoing the request back. */
static int
h_status(struct json_object *req, struct json_object *resp, void *arg)
{
	json_object_object_add(resp, "request", json_object_get(req));
	return 0;
}

static void
init(void)
{
	static struct conf conf;
	static int done;

	if (done)
		return;
	done = 1;
	log_init("fuzz_ctl", LOG_DEST_STDERR, LOG_CRIT);
	CHECK(loop_init() == 0);
	snprintf(sockpath, sizeof(sockpath), "/tmp/fuzz_ctl.%d.sock", (int)getpid());
	unlink(sockpath);
	CHECK(control_open(sockpath, 0600, NULL) == 0);
	/* the daemon's operator commands, as ctl_ops_start registers them for each role */
	memset(&conf, 0, sizeof(conf));
	conf.roles = ROLE_HA | ROLE_CN | ROLE_MN;
	CHECK(ctl_ops_start(&conf) == 0);
	ctl_daemon_start(&(struct ctl_daemon){ .conf_path = "/etc/mip6d.conf",
	    .started = time(NULL), .started_mono = loop_now_ms(), .roles = all_roles,
	    .reload = reload_refused });
	control_register("bc", h_status, NULL);
	atexit(control_close);
	atexit(ctl_ops_stop);
}

static void
by_lines(const uint8_t *p, size_t n)
{
	struct json_object *resp, *ok;
	const uint8_t *nl;
	size_t len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl ? (size_t)(nl - p) : n;
		resp = control_handle((const char *)p, len);
		CHECK(resp != NULL);
		CHECK(json_object_object_get_ex(resp, "ok", &ok));
		CHECK(json_object_is_type(ok, json_type_boolean));
		json_object_put(resp);
		if (nl == NULL)
			break;
		p += len + 1;
		n -= len + 1;
	}
}

static void
by_socket(const uint8_t *p, size_t n)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint8_t buf[65536];
	size_t sent = 0;
	ssize_t r;
	int fd, i, eof = 0;

	strcpy(sun.sun_path, sockpath);
	CHECK((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0);
	CHECK(connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	/* Bounded: a daemon that stops answering is a finding (abort below). */
	for (i = 0; i < 100000 && !eof; i++) {
		if (sent < n) {
			r = send(fd, p + sent, n - sent, MSG_NOSIGNAL);
			if (r > 0)
				sent += (size_t)r;
			else if (r == -1 && errno != EAGAIN)
				sent = n;	/* the daemon hung up (request too large) */
			if (sent == n)
				shutdown(fd, SHUT_WR);
		} else if (n == 0 && i == 0)
			shutdown(fd, SHUT_WR);
		event_base_loop(loop_base(), EVLOOP_NONBLOCK);
		while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			;
		if (r == 0 || (r == -1 && errno != EAGAIN))
			eof = 1;
	}
	CHECK(eof);
	close(fd);
	/* the daemon has forgotten the client once it hung up */
	for (i = 0; i < 1000 && control_nclients() != 0; i++)
		event_base_loop(loop_base(), EVLOOP_NONBLOCK);
	CHECK(control_nclients() == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4 * CONTROL_MAX_REQUEST)
		return 0;
	init();
	if (data[0] & 1)
		by_socket(data + 1, size - 1);
	else
		by_lines(data + 1, size - 1);
	log_setlevel(LOG_CRIT);
	return 0;
}
