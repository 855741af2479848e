/* test_monitor.c - mip6d-ctl monitor on the daemon side: a control connection taken over
 * for the event stream, JSON and text lines, the asker's credentials, and a reader that
 * stops reading dropped without slowing the loop */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <errno.h>
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
#include "ctl_ops.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

static char tmpdir[64], sockpath[128], peer_seen[64];

static int
h_whoami(struct json_object *req, struct json_object *resp, void *arg)
{
	control_peer(peer_seen, sizeof(peer_seen));
	return 0;
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_monitor.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(sockpath, sizeof(sockpath), "%s/ctl.sock", tmpdir);
	if (loop_init() == -1 || control_open(sockpath, 0600, NULL) == -1)
		return -1;
	ctl_monitor_start();
	control_register("whoami", h_whoami, NULL);
	stats_reset();
	ctl_monitor_set_limit(0);
	return 0;
}

static int
teardown(void **state)
{
	ctl_monitor_stop();
	control_close();
	loop_free();
	unlink(sockpath);
	return rmdir(tmpdir);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pump(void)
{
	event_base_loop(loop_base(), EVLOOP_NONBLOCK);
	poll(NULL, 0, 1);
	event_base_loop(loop_base(), EVLOOP_NONBLOCK);
}

static int
cli_new(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	strcpy(sun.sun_path, sockpath);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

/* Read until n newlines have come (or 2 s pass); the text in buf. */
static size_t
cli_lines(int fd, char *buf, size_t cap, int n)
{
	uint64_t end = now_ms() + 2000;
	size_t len = 0;
	ssize_t r;
	int lines = 0;
	char *p;

	while (lines < n && now_ms() < end) {
		pump();
		r = recv(fd, buf + len, cap - len - 1, 0);
		if (r <= 0)
			continue;
		buf[len + r] = '\0';
		for (p = buf + len; (p = strchr(p, '\n')) != NULL; p++)
			lines++;
		len += (size_t)r;
	}
	buf[len] = '\0';
	return len;
}

static void
test_peer_credentials(void **state)
{
	int fd = cli_new();
	char buf[256], want[64];

	send(fd, "{\"command\":\"whoami\"}\n", 21, 0);
	cli_lines(fd, buf, sizeof(buf), 1);
	snprintf(want, sizeof(want), "uid %ld pid %ld", (long)getuid(), (long)getpid());
	assert_string_equal(peer_seen, want);
	/* outside a handler there is no asker */
	assert_int_equal(control_peer(buf, sizeof(buf)), -1);
	assert_int_equal(control_takeover(NULL, NULL), -1);
	close(fd);
}

static void
test_stream_json(void **state)
{
	int fd = cli_new(), fd2 = cli_new();
	struct json_object *o, *v;
	struct in6_addr hoa, coa;
	char buf[4096], *nl;

	inet_pton(AF_INET6, "2001:db8:1::100", &hoa);
	inet_pton(AF_INET6, "2001:db8:f1::5", &coa);
	send(fd, "{\"command\":\"monitor\",\"format\":\"json\"}\n", 38, 0);
	send(fd2, "{\"command\":\"monitor\"}\n", 22, 0);
	cli_lines(fd, buf, sizeof(buf), 1);
	assert_non_null(strstr(buf, "\"ok\":true"));
	cli_lines(fd2, buf, sizeof(buf), 1);
	assert_non_null(strstr(buf, "\"ok\":true"));
	/* the connections left the request/response protocol and its idle limit */
	assert_int_equal(control_nclients(), 0);
	assert_int_equal(ctl_monitor_clients(), 2);
	assert_true(events_listened());

	events_emit(EVENT_BINDING_MOVED, "ha", &hoa, &coa, 0, NULL);
	cli_lines(fd, buf, sizeof(buf), 1);
	assert_non_null(nl = strchr(buf, '\n'));
	*nl = '\0';
	assert_non_null(o = json_tokener_parse(buf));
	assert_true(json_object_object_get_ex(o, "event", &v));
	assert_string_equal(json_object_get_string(v), "binding-moved");
	assert_true(json_object_object_get_ex(o, "care-of-address", &v));
	assert_string_equal(json_object_get_string(v), "2001:db8:f1::5");
	json_object_put(o);
	cli_lines(fd2, buf, sizeof(buf), 1);
	assert_non_null(strstr(buf, " binding-moved role=ha hoa=2001:db8:1::100 "));

	/* a reader that hangs up is forgotten; the last one takes the subscription along */
	close(fd2);
	while (ctl_monitor_clients() != 1)
		pump();
	close(fd);
	while (ctl_monitor_clients() != 0)
		pump();
	assert_false(events_listened());
}

static void
test_slow_reader_dropped(void **state)
{
	int slow = cli_new(), fast = cli_new();
	struct in6_addr hoa;
	char buf[65536];
	uint64_t start, took;
	unsigned long got = 0;
	ssize_t r;
	int i, j;

	inet_pton(AF_INET6, "2001:db8:1::100", &hoa);
	ctl_monitor_set_limit(64 * 1024);
	send(slow, "{\"command\":\"monitor\"}\n", 22, 0);
	send(fast, "{\"command\":\"monitor\"}\n", 22, 0);
	cli_lines(slow, buf, sizeof(buf), 1);
	cli_lines(fast, buf, sizeof(buf), 1);
	assert_int_equal(ctl_monitor_clients(), 2);
	/* 10,000 events in bursts of 100; slow never reads again, fast reads between bursts */
	start = now_ms();
	for (i = 0; i < 100; i++) {
		for (j = 0; j < 100; j++)
			events_emit(EVENT_BINDING_CREATED, "ha", &hoa, &hoa, 0, NULL);
		pump();
		while ((r = recv(fast, buf, sizeof(buf), 0)) > 0)
			for (j = 0; j < r; j++)
				got += buf[j] == '\n';
	}
	took = now_ms() - start;
	assert_int_equal(ctl_monitor_clients(), 1);
	assert_int_equal(stats_get("ctl.monitor-dropped"), 1);
	while (got < 10000 && now_ms() - start < 5000) {
		pump();
		while ((r = recv(fast, buf, sizeof(buf), 0)) > 0)
			for (j = 0; j < r; j++)
				got += buf[j] == '\n';
	}
	assert_int_equal(got, 10000);
	/* the loop never waited for slow: 10,000 events cost well under a second here */
	print_message("10000 events, 2 readers, one dropped: %llu ms\n",
	    (unsigned long long)took);
	assert_true(took < 2000);
	/* slow finds the end of its stream once it reads what it was sent */
	while ((r = recv(slow, buf, sizeof(buf), 0)) > 0)
		;
	assert_int_equal(r, 0);
	close(slow);
	close(fast);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_peer_credentials),
		T(test_stream_json),
		T(test_slow_reader_dropped),
	};

	log_init("test_monitor", LOG_DEST_STDERR, LOG_WARNING);
	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
