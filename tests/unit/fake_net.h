/* fake_net.h - the network seam faked for the role tests (test_ha, test_ha_nemo, test_mn,
 * test_mn_ro): Mobility Header messages sent are kept, Neighbor Discovery is counted and DAD
 * ends when the test says: the table fake_net_ops (net_ops.h), put in force with net_ops_set. */
#ifndef MIP6D_FAKE_NET_H
#define MIP6D_FAKE_NET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "mh.h"
#include "net_ops.h"
#include "nd.h"

#define FAKE_MAX_SENT 64

/* What mh_send was given, in order; past FAKE_MAX_SENT the last slot is overwritten. */
struct fake_sent {
	uint8_t		buf[MH_MAX_LEN];
	size_t		len;
	struct in6_addr	src, dst;
	struct in6_addr	hao;		/* when has_hao */
	struct in6_addr	rt2;		/* when has_rt2 */
	int		has_hao, has_rt2;
	int		ifindex;
	uint64_t	at_ms;		/* loop_now_ms() when it left */
};
extern struct fake_sent fake_sent[FAKE_MAX_SENT];
extern int fake_nsent;

/* Unsolicited Neighbor Advertisements: how many, and the last one's interface and target. */
extern int fake_na_calls, fake_na_ifindex;
extern struct in6_addr fake_na_target;

/* DAD: how many started, and the last one's address and callback (the test ends it). */
extern int fake_dad_calls;
extern nd_dad_fn fake_dad_fn;
extern void *fake_dad_arg;
extern struct in6_addr fake_dad_addr;

/*
 * The order of effects, one letter each: 'B' a Mobility Header message sent, 'N' an
 * unsolicited NA; a test's own fakes add theirs with fake_trace_add.
 */
extern char fake_trace[256];
void	fake_trace_add(char c);

extern const struct net_ops fake_net_ops;

/* Forget everything sent, counted and traced. */
void	fake_net_reset(void);

#endif
