/* fake_net.c - the network seam of the role tests and the fake daemon (see fake_net.h) */
#include <string.h>

#include "fake_net.h"
#include "loop.h"
#include "mh_sock.h"

struct fake_sent fake_sent[FAKE_MAX_SENT];
int fake_nsent;
int fake_na_calls, fake_na_ifindex;
struct in6_addr fake_na_target;
int fake_dad_calls;
nd_dad_fn fake_dad_fn;
void *fake_dad_arg;
struct in6_addr fake_dad_addr;
char fake_trace[256];

void
fake_trace_add(char c)
{
	size_t n = strlen(fake_trace);

	if (n + 1 < sizeof(fake_trace)) {
		fake_trace[n] = c;
		fake_trace[n + 1] = '\0';
	}
}

void
fake_net_reset(void)
{
	memset(fake_sent, 0, sizeof(fake_sent));
	fake_nsent = fake_na_calls = fake_na_ifindex = fake_dad_calls = 0;
	memset(&fake_na_target, 0, sizeof(fake_na_target));
	memset(&fake_dad_addr, 0, sizeof(fake_dad_addr));
	fake_dad_fn = NULL;
	fake_dad_arg = NULL;
	fake_trace[0] = '\0';
}

static int
fake_mh_send(const struct mh_tx *tx)
{
	struct fake_sent *s = &fake_sent[fake_nsent < FAKE_MAX_SENT ? fake_nsent++ :
	    FAKE_MAX_SENT - 1];

	memset(s, 0, sizeof(*s));
	memcpy(s->buf, tx->buf, tx->len < sizeof(s->buf) ? tx->len : sizeof(s->buf));
	s->len = tx->len;
	s->src = tx->src;
	s->dst = tx->dst;
	s->has_hao = tx->hao != NULL;
	if (tx->hao != NULL)
		s->hao = *tx->hao;
	s->has_rt2 = tx->rt2_coa != NULL;
	if (tx->rt2_coa != NULL)
		s->rt2 = *tx->rt2_coa;
	s->ifindex = tx->ifindex;
	s->at_ms = loop_now_ms();
	fake_trace_add('B');
	return 0;
}

static int
fake_mh_sock_open(mh_sock_rx_fn fn, void *arg)
{
	return 0;
}

static void
fake_mh_sock_close(void)
{
}

static int
fake_nd_open(void)
{
	return 0;
}

static void
fake_nd_close(void)
{
}

static int
fake_nd_dad_start(int ifi, const struct in6_addr *a, nd_dad_fn fn, void *arg)
{
	fake_dad_calls++;
	fake_dad_fn = fn;
	fake_dad_arg = arg;
	fake_dad_addr = *a;
	return 0;
}

static void *
fake_nd_dad_cancel(int ifi, const struct in6_addr *a)
{
	void *arg = fake_dad_arg;

	/* the probe in progress, as nd.c gives it back: its context, once */
	if (fake_dad_fn == NULL || !IN6_ARE_ADDR_EQUAL(a, &fake_dad_addr))
		return NULL;
	fake_dad_fn = NULL;
	fake_dad_arg = NULL;
	return arg;
}

static int
fake_nd_send_unsolicited_na(int ifi, const struct in6_addr *t, int router)
{
	fake_na_calls++;
	fake_na_ifindex = ifi;
	fake_na_target = *t;
	fake_trace_add('N');
	return 0;
}

const struct net_ops fake_net_ops = {
	.mh_sock_open = fake_mh_sock_open,
	.mh_sock_close = fake_mh_sock_close,
	.mh_send = fake_mh_send,
	.nd_open = fake_nd_open,
	.nd_close = fake_nd_close,
	.nd_dad_start = fake_nd_dad_start,
	.nd_dad_cancel = fake_nd_dad_cancel,
	.nd_send_unsolicited_na = fake_nd_send_unsolicited_na,
};
