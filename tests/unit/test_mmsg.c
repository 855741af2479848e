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

/* A UDP socket bound to ::1 and a batch of N datagrams to it; bad marks the messages whose
 * address length the kernel refuses (EINVAL). */
static int
batch(int *rx, struct mmsghdr *v, struct sockaddr_in6 *to, struct iovec *iov, char *payload,
    unsigned int bad)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t alen = sizeof(a);
	unsigned int i;
	int tx;

	*rx = socket(AF_INET6, SOCK_DGRAM, 0);
	tx = socket(AF_INET6, SOCK_DGRAM, 0);
	if (*rx == -1 || tx == -1 || bind(*rx, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    getsockname(*rx, (struct sockaddr *)&a, &alen) == -1)
		return -1;
	memset(v, 0, N * sizeof(v[0]));
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
	return tx;
}

static void
received(int rx, const char *want)
{
	char got[N + 1];
	size_t n = 0;
	ssize_t r;

	while ((r = recv(rx, got + n, 1, MSG_DONTWAIT)) == 1)
		n++;
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void
test_all_leave(void **state)
{
	struct mmsghdr v[N];
	struct sockaddr_in6 to[N];
	struct iovec iov[N];
	char payload[N];
	struct refusals r = { 0 };
	int rx, tx;

	(void)state;
	tx = batch(&rx, v, to, iov, payload, 0);
	if (tx == -1)
		skip();		/* no IPv6 loopback here */
	assert_int_equal(mmsg_send_all(tx, v, N, note_refused, &r), N);
	assert_int_equal(r.n, 0);
	received(rx, "abcde");
	close(tx);
	close(rx);
}

/* The kernel's sendmmsg stops at the first refusal: the messages after it still leave. */
static void
test_refused_in_middle(void **state)
{
	struct mmsghdr v[N];
	struct sockaddr_in6 to[N];
	struct iovec iov[N];
	char payload[N];
	struct refusals r = { 0 };
	int rx, tx;

	(void)state;
	tx = batch(&rx, v, to, iov, payload, (1u << 1) | (1u << 3) | (1u << 4));
	if (tx == -1)
		skip();
	assert_int_equal(mmsg_send_all(tx, v, N, note_refused, &r), 2);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.at[0], 1);
	assert_int_equal(r.at[1], 3);
	assert_int_equal(r.at[2], 4);
	assert_int_equal(r.err[0], EINVAL);
	received(rx, "ac");
	close(tx);
	close(rx);
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
