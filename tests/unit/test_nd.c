/* test_nd.c - DAD on behalf of a mobile node: the probe's bytes (from ::, RFC 4862 5.4.2), the
 * strict reading of answers (RFC 4861 7.1), and the probe engine over a fake socket seam:
 * memberships bounded and left, a probe that was not sent never reported free.  The home
 * agent's ND proxy (nd-proxy = mip6d): what it reads of an NS, what it answers and to whom
 * (RFC 4861 7.2.4, RFC 6275 10.4.1), the NA's bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "loop.h"
#include "mh.h"
#include "mld_msg.h"
#include "nd.h"
#include "nd_msg.h"
#include "stats.h"
#include "util.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* ---- wire format ---- */

/* HA_2_3_1: the probe leaves from the unspecified address, to the solicited-node group */
static void
test_HA_2_3_1_dad_ns_bytes(void **state)
{
	struct in6_addr t = A("2001:db8:1::12:3456"), sn = A("ff02::1:ff12:3456"), got;
	static const uint8_t head[8] = { 0x60, 0, 0, 0, 0, 24, 58, 255 };
	uint8_t buf[ND_DAD_NS_LEN + 8];

	assert_int_equal(nd_dad_ns_build(buf, ND_DAD_NS_LEN - 1, &t), 0);
	assert_int_equal(nd_dad_ns_build(buf, sizeof(buf), &t), ND_DAD_NS_LEN);
	assert_memory_equal(buf, head, sizeof(head));
	assert_memory_equal(buf + 8, &in6addr_any, 16);		/* source :: */
	assert_memory_equal(buf + 24, &sn, 16);
	assert_int_equal(buf[40], 135);
	assert_int_equal(buf[41], 0);
	assert_memory_equal(buf + 44, "\0\0\0\0", 4);		/* reserved */
	assert_memory_equal(buf + 48, &t, 16);
	assert_int_equal(in6_cksum(&in6addr_any, &sn, 58, buf + 40, 24), 0);
	/* and it reads back as a probe (what a rival sends looks the same) */
	assert_int_equal(nd_msg_parse(buf, ND_DAD_NS_LEN, &got), ND_MSG_DAD_NS);
	assert_memory_equal(&got, &t, 16);
}

/* An IPv6 packet with an ND message: type, source, destination, target, options. */
static size_t
nd_pkt(uint8_t *buf, uint8_t type, const char *src, const char *dst, const char *target,
    const uint8_t *opts, size_t olen, uint8_t hops)
{
	struct in6_addr s = A(src), d = A(dst), t = A(target);
	size_t plen = 24 + olen;
	uint16_t c;

	memset(buf, 0, 40 + plen);
	buf[0] = 0x60;
	buf[4] = (uint8_t)(plen >> 8);
	buf[5] = (uint8_t)plen;
	buf[6] = 58;
	buf[7] = hops;
	memcpy(buf + 8, &s, 16);
	memcpy(buf + 24, &d, 16);
	buf[40] = type;
	memcpy(buf + 48, &t, 16);
	if (olen)
		memcpy(buf + 64, opts, olen);
	c = in6_cksum(&s, &d, 58, buf + 40, plen);
	buf[42] = (uint8_t)(c >> 8);
	buf[43] = (uint8_t)c;
	return 40 + plen;
}

/* HA_2_4_1: a node that holds the address answers with an NA to all-nodes */
static void
test_HA_2_4_1_parse_na(void **state)
{
	static const uint8_t tlla[8] = { 2, 1, 2, 0, 0, 0, 2, 1 };
	uint8_t b[128];
	struct in6_addr t;
	size_t n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", tlla, 8, 255);
	struct in6_addr want = A("2001:db8:1::bad");

	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_NA);
	assert_true(addr_eq(&t, &want));
	/* trailing bytes (Ethernet padding) do not matter: the payload length decides */
	assert_int_equal(nd_msg_parse(b, n + 6, &t), ND_MSG_NA);
	/* RFC 4861 7.1.2: hop limit 255 only, checksum right, whole message there */
	b[7] = 254;
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	b[7] = 255;
	assert_int_equal(nd_msg_parse(b, n - 1, &t), ND_MSG_IGNORE);
	b[60] ^= 1;
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* an option of length 0 */
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad",
	    (const uint8_t[8]){ 2, 0 }, 8, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* a multicast target, and S set on a multicast NA */
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "ff02::1", NULL, 0, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", NULL, 0, 255);
	b[44] = 0x40;
	b[42] = b[43] = 0;
	{
		struct in6_addr s = A("fe80::1"), d = A("ff02::1");
		uint16_t c = in6_cksum(&s, &d, 58, b + 40, 24);

		b[42] = (uint8_t)(c >> 8);
		b[43] = (uint8_t)c;
	}
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* short, not IPv6, not ICMPv6 */
	assert_int_equal(nd_msg_parse(b, 40, &t), ND_MSG_IGNORE);
	b[0] = 0x40;
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
}

/* HA_4_2_3 (the other way round): a rival's probe is an NS from :: to the group, no SLLA */
static void
test_parse_rival_probe(void **state)
{
	static const uint8_t slla[8] = { 1, 1, 2, 0, 0, 0, 2, 1 };
	uint8_t b[128];
	struct in6_addr t;
	size_t n;

	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_DAD_NS);
	/* address resolution (a real source) is not a probe */
	n = nd_pkt(b, 135, "fe80::1", "ff02::1:ff00:77", "2001:db8:1::77", slla, 8, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* RFC 4861 7.1.1: from :: only to the target's solicited-node group, and without SLLA */
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:78", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", slla, 8, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* other ICMPv6 and a non-zero code */
	n = nd_pkt(b, 134, "fe80::1", "ff02::1", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
}

/* Every length the parser reads (what fuzz_nd's seeds and mutations probe): the payload
 * length against the header and the bytes there, an option that would run past the message,
 * a lone byte where an option header should be */
static void
test_parse_lengths(void **state)
{
	static const uint8_t tlla[9] = { 2, 1, 2, 0, 0, 0, 2, 1, 2 };
	static const uint8_t overrun[8] = { 2, 2, 2, 0, 0, 0, 2, 1 };
	uint8_t b[128];
	struct in6_addr t;
	size_t n;

	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", tlla, 8, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_NA);
	/* payload length past the bytes there, or below an NA's 24 */
	b[5] = (uint8_t)(n - 40 + 1);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	b[5] = 23;
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	b[4] = 1;	/* 256 + 23: far past */
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* an option of 16 bytes in 8 */
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", overrun, 8, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* a 1-byte tail after a whole option */
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", tlla, 9, 255);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_IGNORE);
	/* every truncation of a valid probe is ignored */
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:bad", "2001:db8:1::bad", NULL, 0, 255);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(nd_msg_parse(b, i, &t), ND_MSG_IGNORE);
	assert_int_equal(nd_msg_parse(b, n, &t), ND_MSG_DAD_NS);
}

/* ---- the probe engine over a fake seam ---- */

static struct {
	int	sends, send_fail;	/* send_fail: fail this many sends, -1: all */
	int	joins, leaves, join_fail;
	int	bad_source;		/* probes not from :: */
	int	done, free, dup, unsent, expect;
} f;

static int
fake_send(int ifindex, const struct in6_addr *dst, const uint8_t *pkt, size_t len)
{
	struct in6_addr t;

	if (f.send_fail != 0) {
		if (f.send_fail > 0)
			f.send_fail--;
		return -ENOBUFS;
	}
	f.sends++;
	if (len != ND_DAD_NS_LEN || memcmp(pkt + 8, &in6addr_any, 16) != 0 ||
	    nd_msg_parse(pkt, len, &t) != ND_MSG_DAD_NS)
		f.bad_source++;
	return 0;
}

static int
fake_join(int ifindex, const struct in6_addr *g)
{
	if (f.join_fail)
		return -ENOBUFS;
	f.joins++;
	/* the bound holds at every moment */
	assert_true(nd_dad_joined() < ND_DAD_MAX_JOINS);
	return 0;
}

static int
fake_leave(int ifindex, const struct in6_addr *g)
{
	f.leaves++;
	return 0;
}

static struct {
	int		sends;
	int		until;		/* the loop stops at this many sends (run_sends) */
	int		ifindex;
	uint8_t		mac[6];
	uint8_t		pkt[1500];
	size_t		len;
} ll;

static int
fake_send_ll(int ifindex, const uint8_t mac[6], const uint8_t *pkt, size_t len)
{
	ll.sends++;
	ll.ifindex = ifindex;
	memcpy(ll.mac, mac, 6);
	assert_true(len <= sizeof(ll.pkt));
	memcpy(ll.pkt, pkt, len);
	ll.len = len;
	if (ll.sends == ll.until)
		loop_exit();
	return 0;
}

static const uint8_t ha_mac[6] = { 2, 0, 0, 0, 0, 0xaa };

static int
fake_link_addrs(int ifindex, uint8_t mac[6], struct in6_addr *lla)
{
	memcpy(mac, ha_mac, 6);
	*lla = A("fe80::aa");
	return 0;
}

static const struct nd_ops fake_ops = { fake_send, fake_join, fake_leave, fake_send_ll,
    fake_link_addrs };

static void
stop_loop(void *arg)
{
	loop_exit();
}

static void
on_dad(const struct in6_addr *addr, int ifindex, int result, void *arg)
{
	f.done++;
	if (result == ND_DAD_FREE)
		f.free++;
	else if (result == ND_DAD_DUPLICATE)
		f.dup++;
	else
		f.unsent++;
	if (f.done == f.expect)
		loop_exit();
}

/* Run the loop until *count reaches n (or 10 s, a failure); *stop_at = n tells the callback
 * counting it when to end the loop. */
static void
run_loop(const int *count, int *stop_at, int n)
{
	struct loop_timer *guard = loop_timer_new(stop_loop, NULL);

	*stop_at = n;
	loop_timer_arm(guard, 10000);
	if (*count < n)
		assert_int_equal(loop_run(), 0);
	loop_timer_free(guard);
	assert_int_equal(*count, n);
}

/* until expect DAD callbacks came */
static void
run_until(int expect)
{
	run_loop(&f.done, &f.expect, expect);
}

/* for ms, whatever happens (to see that nothing does) */
static void
run_quiet(unsigned int ms)
{
	struct loop_timer *guard = loop_timer_new(stop_loop, NULL);

	loop_timer_arm(guard, ms);
	assert_int_equal(loop_run(), 0);
	loop_timer_free(guard);
}

/* until the packet socket sent n frames in all */
static void
run_sends(int n)
{
	run_loop(&ll.sends, &ll.until, n);
	ll.until = 0;
}

static int
setup(void **state)
{
	memset(&f, 0, sizeof(f));
	stats_reset();
	assert_int_equal(loop_init(), 0);
	nd_set_ops(&fake_ops);
	nd_set_timers(30, 5);
	return 0;
}

static int
teardown(void **state)
{
	nd_close();
	nd_set_ops(NULL);
	loop_free();
	return 0;
}

static void
nth(unsigned i, struct in6_addr *a)
{
	*a = A("2001:db8:1::");
	a->s6_addr[12] = (uint8_t)(i >> 24);
	a->s6_addr[13] = (uint8_t)(i >> 16);
	a->s6_addr[14] = (uint8_t)(i >> 8);
	a->s6_addr[15] = (uint8_t)i;
}

/* 2,000 probes at once: every one sent from ::, memberships never above the bound, all left */
static void
test_many_probes_bounded_joins(void **state)
{
	struct in6_addr a;
	unsigned i, n = 2000;

	for (i = 0; i < n; i++) {
		nth(i + 1, &a);
		assert_int_equal(nd_dad_start(3, &a, on_dad, NULL), 0);
	}
	assert_int_equal(nd_dad_running(), n);
	assert_true(nd_dad_joined() <= ND_DAD_MAX_JOINS);
	run_until((int)n);
	assert_int_equal(f.free, n);
	assert_int_equal(f.sends, n);
	assert_int_equal(f.bad_source, 0);
	assert_int_equal(f.joins, ND_DAD_MAX_JOINS);
	assert_int_equal(f.leaves, f.joins);
	assert_int_equal(nd_dad_joined(), 0);
	assert_int_equal(nd_dad_running(), 0);
	assert_int_equal(stats_get("nd.dad-unjoined"), n - ND_DAD_MAX_JOINS);
	assert_int_equal(stats_get("err.nd-send"), 0);
	/* the groups are free again: the next probe joins */
	nth(1, &a);
	nd_dad_start(3, &a, on_dad, NULL);
	assert_int_equal(f.joins, ND_DAD_MAX_JOINS + 1);
	run_until((int)n + 1);
}

/* Two addresses in one solicited-node group: one membership, left after the second ends */
static void
test_shared_group_refcounted(void **state)
{
	struct in6_addr a = A("2001:db8:1::1:77"), b = A("2001:db8:2::1:77");

	nd_dad_start(3, &a, on_dad, NULL);
	nd_dad_start(3, &b, on_dad, NULL);
	assert_int_equal(f.joins, 1);
	assert_int_equal(nd_dad_joined(), 1);
	nd_dad_cancel(3, &a);
	assert_int_equal(f.leaves, 0);
	run_until(1);
	assert_int_equal(f.leaves, 1);
	assert_int_equal(nd_dad_joined(), 0);
}

/* A send that fails is tried again; the probe's timer starts when it left */
static void
test_send_retried(void **state)
{
	struct in6_addr a = A("2001:db8:1::5");

	f.send_fail = 2;
	nd_dad_start(3, &a, on_dad, NULL);
	run_until(1);
	assert_int_equal(f.free, 1);
	assert_int_equal(f.sends, 1);
	assert_int_equal(stats_get("err.nd-send"), 2);
}

/* A probe that never left is never "free" (the ENOBUFS defect): ND_DAD_UNSENT */
static void
test_unsent_never_free(void **state)
{
	struct in6_addr a = A("2001:db8:1::6");

	f.send_fail = -1;
	f.join_fail = 1;
	nd_dad_start(3, &a, on_dad, NULL);
	run_until(1);
	assert_int_equal(f.unsent, 1);
	assert_int_equal(f.free, 0);
	assert_int_equal(stats_get("err.nd-send"), ND_DAD_SEND_TRIES);
	assert_int_equal(stats_get("nd.dad-unsent"), 1);
	assert_int_equal(nd_dad_running(), 0);
}

/* HA_2_4_1, HA_2_3_3: an NA for the target ends the probe as duplicate at once; one for
 * another address (the link-local twin when only the global one is probed) does not */
static void
test_HA_2_4_1_defended(void **state)
{
	uint8_t b[128];
	size_t n;
	struct in6_addr a = A("2001:db8:1::bad"), c = A("2001:db8:1::c");

	nd_dad_start(3, &a, on_dad, NULL);
	nd_dad_start(3, &c, on_dad, NULL);
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "fe80::c", NULL, 0, 255);
	nd_input(3, b, n);
	n = nd_pkt(b, 136, "fe80::1", "ff02::1", "2001:db8:1::bad", NULL, 0, 255);
	nd_input(4, b, n);		/* another link: not ours */
	nd_input(3, b, n);
	run_until(2);
	assert_int_equal(f.dup, 1);
	assert_int_equal(f.free, 1);
}

/* A rival's probe for the same address: duplicate (RFC 4862 5.4.3) */
static void
test_rival_probe_duplicate(void **state)
{
	uint8_t b[128];
	size_t n;
	struct in6_addr a = A("2001:db8:1::77");

	nd_dad_start(3, &a, on_dad, NULL);
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", NULL, 0, 255);
	nd_input(3, b, n);
	run_until(1);
	assert_int_equal(f.dup, 1);
}


/* ---- the home agent's ND proxy ---- */

static const uint8_t slla_opt[8] = { 1, 1, 2, 0, 0, 0, 0, 0x51 };
static const uint8_t frame_mac[6] = { 2, 0, 0, 0, 0, 0xf0 };

/* RFC 4861 7.1.1: what the proxy reads of an NS, and what it drops */
static void
test_HA_4_2_ns_parse(void **state)
{
	static const uint8_t tlla[8] = { 2, 1, 2, 0, 0, 0, 2, 1 };
	static const uint8_t bad_len[8] = { 1, 0, 2, 0, 0, 0, 2, 1 };
	static const uint8_t long_slla[16] = { 1, 2, 2, 0, 0, 0, 0, 0x51 };
	struct in6_addr t = A("2001:db8:1::77");
	struct nd_ns m;
	uint8_t b[128];
	size_t n;

	/* multicast, to the target's solicited-node group, with SLLA */
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8,
	    255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_true(addr_eq(&m.target, &t));
	assert_non_null(m.slla);
	assert_memory_equal(m.slla, slla_opt + 2, 6);
	/* to another group than the target's: invalid */
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:78", "2001:db8:1::77", slla_opt, 8,
	    255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	/* unicast without SLLA (NUD) */
	n = nd_pkt(b, 135, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_null(m.slla);
	/* DAD: from ::, to the group, without SLLA; with one it is invalid */
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	n = nd_pkt(b, 135, "::", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	/* hop limit, multicast target, multicast source, an NA, a zero-length option */
	n = nd_pkt(b, 135, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 254);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	n = nd_pkt(b, 135, "fe80::1", "ff02::1:ff00:1", "ff02::1", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	n = nd_pkt(b, 135, "ff02::5", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	n = nd_pkt(b, 136, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", tlla, 8, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	n = nd_pkt(b, 135, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", bad_len, 8, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	/* an SLLA that is not Ethernet's is no address to answer at, but no error either */
	n = nd_pkt(b, 135, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", long_slla, 16, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_null(m.slla);
	/* the checksum, and every length */
	n = nd_pkt(b, 135, "fe80::1", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 255);
	b[50] ^= 1;
	assert_int_equal(nd_ns_parse(b, n, &m), -1);
	b[50] ^= 1;
	for (size_t k = 0; k < n; k++)
		assert_int_equal(nd_ns_parse(b, k, &m), -1);
}

/* RFC 4861 7.2.4: to whom the proxy answers, and with which Solicited flag */
static void
test_HA_4_2_proxy_answer(void **state)
{
	struct in6_addr all = A("ff02::1"), src = A("2001:db8:1::1");
	struct nd_answer a;
	struct nd_ns m;
	uint8_t b[128];
	size_t n;

	/* address resolution: to the source, at its SLLA, Solicited */
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8,
	    255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_int_equal(nd_proxy_answer(&m, frame_mac, &a), 0);
	assert_true(addr_eq(&a.dst, &src));
	assert_memory_equal(a.dst_mac, slla_opt + 2, 6);
	assert_int_equal(a.solicited, 1);
	/* NUD without SLLA: at the frame's source */
	n = nd_pkt(b, 135, "2001:db8:1::1", "2001:db8:1::77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_int_equal(nd_proxy_answer(&m, frame_mac, &a), 0);
	assert_memory_equal(a.dst_mac, frame_mac, 6);
	/* DAD: to all-nodes, Solicited clear */
	n = nd_pkt(b, 135, "::", "ff02::1:ff00:77", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_int_equal(nd_proxy_answer(&m, frame_mac, &a), 0);
	assert_true(addr_eq(&a.dst, &all));
	assert_memory_equal(a.dst_mac, "\x33\x33\x00\x00\x00\x01", 6);
	assert_int_equal(a.solicited, 0);
	/* a unicast NS to another address than its target is not a question about it */
	n = nd_pkt(b, 135, "2001:db8:1::1", "2001:db8:1::78", "2001:db8:1::77", NULL, 0, 255);
	assert_int_equal(nd_ns_parse(b, n, &m), 0);
	assert_int_equal(nd_proxy_answer(&m, frame_mac, &a), -1);
}

/* The NA's bytes: a valid NA as any node reads it, with the home agent's link-layer address */
static void
test_HA_4_2_na_bytes(void **state)
{
	struct in6_addr src = A("fe80::aa"), t = A("2001:db8:1::77"), got;
	struct nd_answer a;
	uint8_t b[ND_NA_LEN];

	memset(&a, 0, sizeof(a));
	a.target = t;
	a.dst = A("2001:db8:1::1");
	a.solicited = 1;
	assert_int_equal(nd_na_build(b, ND_NA_LEN - 1, &src, &a, ha_mac), 0);
	assert_int_equal(nd_na_build(b, sizeof(b), &src, &a, ha_mac), ND_NA_LEN);
	assert_int_equal(b[7], 255);
	assert_int_equal(b[40], 136);
	assert_int_equal(b[44], 0x40);		/* S; R and O clear (RFC 4861 7.2.8) */
	assert_memory_equal(b + 48, &t, 16);
	assert_int_equal(b[64], 2);		/* Target Link-Layer Address */
	assert_int_equal(b[65], 1);
	assert_memory_equal(b + 66, ha_mac, 6);
	assert_int_equal(in6_cksum(&src, &a.dst, 58, b + 40, ND_NA_LEN - 40), 0);
	assert_int_equal(nd_msg_parse(b, sizeof(b), &got), ND_MSG_NA);
	/* to all-nodes (a defence against DAD), S clear: still a valid NA (RFC 4861 7.1.2) */
	a.dst = A("ff02::1");
	a.solicited = 0;
	nd_na_build(b, sizeof(b), &src, &a, ha_mac);
	assert_int_equal(b[44], 0);
	assert_int_equal(nd_msg_parse(b, sizeof(b), &got), ND_MSG_NA);
}

static int proxied_link = 3;

static int
answers_for(int ifindex, const struct in6_addr *target, void *arg)
{
	struct in6_addr bound = A("2001:db8:1::77");

	return ifindex == proxied_link && addr_eq(target, &bound);
}

/* HA_4_2_1-3, HA_4_3_1-3: the proxy answers for what the home agent serves, on its link only */
static void
test_HA_4_2_proxy_input(void **state)
{
	struct in6_addr src = A("fe80::aa"), dst = A("2001:db8:1::1"), got;
	uint8_t b[128];
	size_t n;

	memset(&ll, 0, sizeof(ll));
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8,
	    255);
	/* no proxy started: nothing */
	nd_proxy_input(3, frame_mac, b, n);
	assert_int_equal(ll.sends, 0);
	assert_int_equal(nd_proxy_start(3, answers_for, NULL), 0);
	nd_proxy_input(3, frame_mac, b, n);
	assert_int_equal(ll.sends, 1);
	assert_int_equal(ll.ifindex, 3);
	assert_memory_equal(ll.mac, slla_opt + 2, 6);
	assert_int_equal(ll.len, ND_NA_LEN);
	assert_memory_equal(ll.pkt + 8, &src, 16);	/* from the link's link-local address */
	assert_memory_equal(ll.pkt + 24, &dst, 16);
	assert_memory_equal(ll.pkt + 66, ha_mac, 6);
	assert_int_equal(nd_msg_parse(ll.pkt, ll.len, &got), ND_MSG_NA);
	/* another link, an unbound target, a malformed NS: silence */
	nd_proxy_input(4, frame_mac, b, n);
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:78", "2001:db8:1::78", slla_opt, 8,
	    255);
	nd_proxy_input(3, frame_mac, b, n);
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8,
	    254);
	nd_proxy_input(3, frame_mac, b, n);
	assert_int_equal(ll.sends, 1);
	/* stopped: silence again */
	nd_proxy_stop();
	n = nd_pkt(b, 135, "2001:db8:1::1", "ff02::1:ff00:77", "2001:db8:1::77", slla_opt, 8,
	    255);
	nd_proxy_input(3, frame_mac, b, n);
	assert_int_equal(ll.sends, 1);
}

/* ---- the proxy's MLD reports (RFC 3810) ---- */

/* A Report's bytes: hop limit 1, Router Alert, to ff02::16, checksum right, the records */
static void
test_HA_4_2_mld_report_bytes(void **state)
{
	struct in6_addr src = A("fe80::aa"), dst = A("ff02::16"), g1 = A("ff02::1:ff00:77"),
	    g2 = A("ff02::1:ff00:78");
	struct mld_record r[2] = { { MLD_TO_EXCLUDE, g1 }, { MLD_TO_INCLUDE, g2 } };
	uint8_t b[MLD_REPORT_MAX_LEN];
	size_t n;

	assert_int_equal(mld_report_build(b, sizeof(b), &src, r, 0), 0);
	assert_int_equal(mld_report_build(b, 40 + 8 + 8 + 39, &src, r, 2), 0);
	n = mld_report_build(b, sizeof(b), &src, r, 2);
	assert_int_equal(n, 40 + 8 + 8 + 40);
	assert_int_equal(b[6], 0);			/* Hop-by-Hop */
	assert_int_equal(b[7], 1);			/* hop limit 1 */
	assert_memory_equal(b + 8, &src, 16);
	assert_memory_equal(b + 24, &dst, 16);
	assert_int_equal(b[40], 58);
	assert_memory_equal(b + 42, "\x05\x02\x00\x00", 4);	/* Router Alert, MLD */
	assert_int_equal(b[48], 143);
	assert_int_equal(b[55], 2);			/* records */
	assert_int_equal(in6_cksum(&src, &dst, 58, b + 48, n - 48), 0);
	assert_int_equal(b[56], MLD_TO_EXCLUDE);
	assert_memory_equal(b + 60, &g1, 16);
	assert_int_equal(b[76], MLD_TO_INCLUDE);
	assert_memory_equal(b + 80, &g2, 16);
}

/* A Query as a router sends it: IPv6, Hop-by-Hop with Router Alert, MLDv2 Query for group,
 * Maximum Response Code mrc */
static size_t
mld_query_mrc(uint8_t *b, const char *src, const char *group, uint8_t hops, uint16_t mrc)
{
	struct in6_addr s = A(src), d = A("ff02::1"), g = A(group);
	static const uint8_t hbh[8] = { 58, 0, 5, 2, 0, 0, 1, 0 };
	uint16_t c;

	memset(b, 0, 40 + 8 + 28);
	b[0] = 0x60;
	b[5] = 8 + 28;
	b[6] = 0;
	b[7] = hops;
	memcpy(b + 8, &s, 16);
	memcpy(b + 24, &d, 16);
	memcpy(b + 40, hbh, 8);
	b[48] = 130;
	b[52] = (uint8_t)(mrc >> 8);
	b[53] = (uint8_t)mrc;
	memcpy(b + 56, &g, 16);
	b[72] = 2;			/* QRV */
	b[73] = 125;			/* QQIC */
	c = in6_cksum(&s, &d, 58, b + 48, 28);
	b[50] = (uint8_t)(c >> 8);
	b[51] = (uint8_t)c;
	return 40 + 8 + 28;
}

static size_t
mld_query(uint8_t *b, const char *src, const char *group, uint8_t hops)
{
	return mld_query_mrc(b, src, group, hops, 10000);	/* 10 s, RFC 3810 9.3 */
}

static void
test_HA_4_2_mld_query_parse(void **state)
{
	struct in6_addr g, any = IN6ADDR_ANY_INIT, want = A("ff02::1:ff00:77");
	uint8_t b[128];
	uint32_t mrd;
	size_t n;

	n = mld_query(b, "fe80::1", "::", 1);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), 0);
	assert_true(addr_eq(&g, &any));
	assert_int_equal(mrd, 10000);
	n = mld_query(b, "fe80::1", "ff02::1:ff00:77", 1);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), 0);
	assert_true(addr_eq(&g, &want));
	/* RFC 3810 5.1.3: from 32768 on, mantissa and exponent: (0xabc | 0x1000) << (2 + 3) */
	n = mld_query_mrc(b, "fe80::1", "::", 1, 0xaabc);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), 0);
	assert_int_equal(mrd, (0xabc | 0x1000) << 5);
	n = mld_query_mrc(b, "fe80::1", "::", 1, 32767);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), 0);
	assert_int_equal(mrd, 32767);
	/* RFC 3810 5: hop limit 1, a link-local source, a multicast (or no) group */
	n = mld_query(b, "fe80::1", "::", 2);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), -1);
	n = mld_query(b, "2001:db8:1::1", "::", 1);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), -1);
	n = mld_query(b, "fe80::1", "2001:db8::1", 1);
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), -1);
	n = mld_query(b, "fe80::1", "::", 1);
	b[60] ^= 1;
	assert_int_equal(mld_query_parse(b, n, &g, &mrd), -1);
	b[60] ^= 1;
	for (size_t k = 0; k < n; k++)
		assert_int_equal(mld_query_parse(b, k, &g, &mrd), -1);
}

/* The records of the last report sent, by type */
static void
report_counts(int *join, int *leave, int *is)
{
	unsigned int i, n;

	*join = *leave = *is = 0;
	assert_int_equal(ll.pkt[48], 143);
	n = (unsigned int)ll.pkt[54] << 8 | ll.pkt[55];
	assert_int_equal(ll.len, 56 + 20 * n);
	for (i = 0; i < n; i++) {
		uint8_t t = ll.pkt[56 + 20 * i];

		*join += t == MLD_TO_EXCLUDE;
		*leave += t == MLD_TO_INCLUDE;
		*is += t == MLD_MODE_IS_EXCLUDE;
	}
}

/* A group is reported at its first home address and its last, each change twice (RFC 3810
 * 6.1); a burst's in one report; a Query answered with every group in use, a General Query
 * after a random delay within its Maximum Response Delay (6.2), not twice within 100 ms, nor
 * within a second unless the query's delay is shorter */
static void
test_HA_4_2_mld_groups(void **state)
{
	struct in6_addr a = A("2001:db8:1::77"), b = A("2001:db8:2::77"), c = A("2001:db8:1::78");
	int join, leave, is;
	uint8_t q[128];
	size_t n;

	memset(&ll, 0, sizeof(ll));
	nd_proxy_set_unsolicited_ms(20);
	assert_int_equal(nd_proxy_start(3, answers_for, NULL), 0);
	nd_tx_hold();
	nd_proxy_report(3, &a, 1);
	nd_proxy_report(3, &b, 1);	/* the same group (its last 24 bits) */
	nd_proxy_report(3, &c, 1);
	nd_proxy_report(4, &c, 1);	/* not a proxied link */
	assert_int_equal(ll.sends, 0);	/* held */
	nd_tx_flush();
	assert_int_equal(ll.sends, 1);
	assert_memory_equal(ll.mac, "\x33\x33\x00\x00\x00\x16", 6);
	report_counts(&join, &leave, &is);
	assert_int_equal(join, 2);
	assert_int_equal(nd_proxy_groups(), 2);
	/* the state change once more, within the Unsolicited Report Interval */
	run_sends(2);
	report_counts(&join, &leave, &is);
	assert_int_equal(join, 2);
	/* a General Query: not at once; within its 50 ms, both groups, MODE_IS_EXCLUDE */
	n = mld_query_mrc(q, "fe80::1", "::", 1, 50);
	nd_tx_hold();
	nd_proxy_input(3, frame_mac, q, n);
	nd_tx_flush();
	run_sends(3);
	report_counts(&join, &leave, &is);
	assert_int_equal(is, 2);
	/* another at once, asking for no delay: not within 100 ms of the last answer */
	n = mld_query_mrc(q, "fe80::1", "::", 1, 0);
	nd_proxy_input(3, frame_mac, q, n);
	run_quiet(50);
	assert_int_equal(ll.sends, 3);
	run_sends(4);
	/* one that gives 5 s: not within a second of the last answer (a flood waits) */
	n = mld_query_mrc(q, "fe80::1", "::", 1, 5000);
	nd_proxy_input(3, frame_mac, q, n);
	run_quiet(500);
	assert_int_equal(ll.sends, 4);
	run_sends(5);
	/* a group's query: that group only, at once */
	n = mld_query(q, "fe80::1", "ff02::1:ff00:78", 1);
	nd_tx_hold();
	nd_proxy_input(3, frame_mac, q, n);
	nd_tx_flush();
	assert_int_equal(ll.sends, 6);
	report_counts(&join, &leave, &is);
	assert_int_equal(is, 1);
	/* one of two home addresses of a group goes: nothing; the second: the group leaves */
	nd_tx_hold();
	nd_proxy_report(3, &a, 0);
	nd_tx_flush();
	assert_int_equal(ll.sends, 6);
	nd_tx_hold();
	nd_proxy_report(3, &b, 0);
	nd_proxy_report(3, &b, 0);	/* twice: no harm */
	nd_tx_flush();
	assert_int_equal(ll.sends, 7);
	report_counts(&join, &leave, &is);
	assert_int_equal(leave, 1);
	assert_int_equal(nd_proxy_groups(), 1);
	/* a group that joins and leaves before its second report: that one says it left */
	nd_tx_hold();
	nd_proxy_report(3, &a, 1);
	nd_tx_flush();
	nd_tx_hold();
	nd_proxy_report(3, &a, 0);
	nd_tx_flush();
	assert_int_equal(ll.sends, 9);
	run_sends(10);
	report_counts(&join, &leave, &is);
	assert_int_equal(join, 0);
	assert_int_equal(leave, 1);	/* b's leave and a's join and leave: one group, left */
	/* a change whose second copy is still waiting at the stop: sent then */
	nd_tx_hold();
	nd_proxy_report(3, &b, 1);
	nd_tx_flush();
	assert_int_equal(ll.sends, 11);
	nd_proxy_stop();
	assert_int_equal(ll.sends, 12);
	report_counts(&join, &leave, &is);
	assert_int_equal(join, 1);
	nd_proxy_set_unsolicited_ms(0);
	assert_int_equal(nd_proxy_groups(), 0);
}

/* In one burst, the nth(i) home addresses from first to n, every step, bound or not */
static void
report_every(unsigned int first, unsigned int step, unsigned int n, int in_use)
{
	struct in6_addr a;
	unsigned int i;

	nd_tx_hold();
	for (i = first; i < n; i += step) {
		nth(i, &a);
		nd_proxy_report(3, &a, in_use);
	}
	nd_tx_flush();
}

/* Thousands of groups: the table grows, removals keep every other group findable, and the
 * reports hold at most MLD_REPORT_MAX_RECORDS records each */
static void
test_HA_4_2_mld_many_groups(void **state)
{
	unsigned int n = 5000;

	memset(&ll, 0, sizeof(ll));
	assert_int_equal(nd_proxy_start(3, answers_for, NULL), 0);
	report_every(0, 1, n, 1);
	assert_int_equal(nd_proxy_groups(), n);
	assert_int_equal(ll.sends, (n + MLD_REPORT_MAX_RECORDS - 1) / MLD_REPORT_MAX_RECORDS);
	ll.sends = 0;
	report_every(0, 2, n, 0);
	assert_int_equal(nd_proxy_groups(), n / 2);
	assert_int_equal(ll.sends, (n / 2 + MLD_REPORT_MAX_RECORDS - 1) / MLD_REPORT_MAX_RECORDS);
	/* each remaining one is still there: a second add counts, it does not report */
	ll.sends = 0;
	report_every(1, 2, n, 1);
	assert_int_equal(nd_proxy_groups(), n / 2);
	assert_int_equal(ll.sends, 0);
	nd_proxy_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_HA_2_3_1_dad_ns_bytes),
		cmocka_unit_test(test_HA_2_4_1_parse_na),
		cmocka_unit_test(test_parse_rival_probe),
		cmocka_unit_test(test_parse_lengths),
		cmocka_unit_test_setup_teardown(test_many_probes_bounded_joins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_group_refcounted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsent_never_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_2_4_1_defended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rival_probe_duplicate, setup, teardown),
		cmocka_unit_test(test_HA_4_2_ns_parse),
		cmocka_unit_test(test_HA_4_2_proxy_answer),
		cmocka_unit_test(test_HA_4_2_na_bytes),
		cmocka_unit_test_setup_teardown(test_HA_4_2_proxy_input, setup, teardown),
		cmocka_unit_test(test_HA_4_2_mld_report_bytes),
		cmocka_unit_test(test_HA_4_2_mld_query_parse),
		cmocka_unit_test_setup_teardown(test_HA_4_2_mld_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_4_2_mld_many_groups, setup, teardown),
	};

	return cmocka_run_group_tests_name("nd", tests, NULL, NULL);
}
