/* test_mmsg.c - a batch leaves in full, and a refused message in its middle costs only itself */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mmsg.h"

enum { N = 5 };

struct refusals {
	unsigned int	n;
	unsigned int	at[N];
	int		err[N];
};

static void
note_refused(unsigned int i, int err, void *arg)
{
	struct refusals *r = arg;

	r->at[r->n] = i;
	r->err[r->n] = err;
	r->n++;
}

/*
 * N one-byte datagrams "abcde" from one UDP socket to another bound to ::1, sent with
 * mmsg_send_all; the messages marked in bad carry an address length the kernel refuses
 * (EINVAL).  Checks how many left and what arrived; r gets the refusals.
 */
static void
send_batch(unsigned int bad, unsigned int want_sent, const char *want_rx, struct refusals *r)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in6 to[N];
	struct mmsghdr v[N];
	struct iovec iov[N];
	socklen_t alen = sizeof(a);
	char payload[N], got[N + 1];
	size_t n = 0;
	unsigned int i;
	int rx, tx;

	rx = socket(AF_INET6, SOCK_DGRAM, 0);
	tx = socket(AF_INET6, SOCK_DGRAM, 0);
	if (rx == -1 || tx == -1 || bind(rx, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    getsockname(rx, (struct sockaddr *)&a, &alen) == -1)
		skip();		/* no IPv6 loopback here */
	memset(v, 0, sizeof(v));
	for (i = 0; i < N; i++) {
		to[i] = a;
		payload[i] = (char)('a' + i);
		iov[i].iov_base = &payload[i];
		iov[i].iov_len = 1;
		v[i].msg_hdr.msg_name = &to[i];
		v[i].msg_hdr.msg_namelen = (bad & (1u << i)) ? 4 : sizeof(to[i]);
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	assert_int_equal(mmsg_send_all(tx, v, N, note_refused, r), want_sent);
	while (n < N && recv(rx, got + n, 1, MSG_DONTWAIT) == 1)
		n++;
	got[n] = '\0';
	assert_string_equal(got, want_rx);
	close(tx);
	close(rx);
}

static void
test_all_leave(void **state)
{
	struct refusals r = { 0 };

	(void)state;
	send_batch(0, N, "abcde", &r);
	assert_int_equal(r.n, 0);
}

/* The kernel's sendmmsg stops at the first refusal: the messages after it still leave. */
static void
test_refused_in_middle(void **state)
{
	struct refusals r = { 0 };

	(void)state;
	send_batch((1u << 1) | (1u << 3) | (1u << 4), 2, "ac", &r);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.at[0], 1);
	assert_int_equal(r.at[1], 3);
	assert_int_equal(r.at[2], 4);
	assert_int_equal(r.err[0], EINVAL);
}

/* No socket (closed at shutdown): every message is refused once, none is retried forever. */
static void
test_no_socket(void **state)
{
	struct mmsghdr v[N];
	struct refusals r = { 0 };

	(void)state;
	memset(v, 0, sizeof(v));
	assert_int_equal(mmsg_send_all(-1, v, N, note_refused, &r), 0);
	assert_int_equal(r.n, N);
	assert_int_equal(r.at[4], 4);
	assert_int_equal(r.err[0], EBADF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_leave),
		cmocka_unit_test(test_refused_in_middle),
		cmocka_unit_test(test_no_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
