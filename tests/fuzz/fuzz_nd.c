/*
 * fuzz_nd.c - libFuzzer target: what any node on a home link can make the packet socket of
 * DAD (src/net/nd.c) read: a whole IPv6 packet, through nd_input() and its parser
 * nd_msg_parse() (src/proto/nd_msg.c), while a probe for the packet's target may be running
 * over a fake socket seam (nd_set_ops), as tests/unit/test_nd.c fakes it.
 *
 * Input: one control byte, then the packet as the packet socket gives it (from the IPv6
 * header's first byte; trailing bytes are the frame's padding).  Control bits:
 *   0x01  probe the packet's target (its bytes 48-63, where present) on ifindex 1 first
 *   0x02  the packet arrives on ifindex 2, another link than the probe's
 *   0x04  the packet arrives twice
 *   0x08  the probe is cancelled after the packet
 *   0x10  every send fails (the probe ends unsent, never free)
 *   0x20  set the ICMPv6 checksum right before the packet goes in, so that mutations reach
 *         the options and the RFC 4861 7.1 rules behind the checksum
 *   0x40  the home agent's ND proxy (src/net/nd_proxy.c) answers for the packet's target on
 *         ifindex 1
 * The oracle: the probe ends exactly once, as duplicate when and only when the parser
 * classified the packet as an NA or a rival's probe for it on its link, and every parsed
 * packet satisfies the validity rules the parser promises.  The proxy answers exactly when
 * nd_ns_parse took the packet as an NS for its target, sent to the target or its
 * solicited-node group, on the proxied link, and its answer is a valid NA for that target.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "log.h"
#include "loop.h"
#include "mh.h"		/* in6_cksum */
#include "nd.h"
#include "nd_msg.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static struct {
	int	fail_send;
	int	done, result;
	int	joined, left;
	int	proxying, proxy_sends;
	struct in6_addr proxied;
} f;

static int
fake_send(int ifindex, const struct in6_addr *dst, const uint8_t *pkt, size_t len)
{
	struct in6_addr t;

	if (f.fail_send)
		return -ENOBUFS;
	/* our own probe is a valid rival probe, as anyone else would read it (home addresses
	 * are unicast: the callers refuse others, so a multicast target here is the harness's) */
	CHECK(len == ND_DAD_NS_LEN);
	if (pkt[48] != 0xff)
		CHECK(nd_msg_parse(pkt, len, &t) == ND_MSG_DAD_NS);
	return 0;
}

static int
fake_join(int ifindex, const struct in6_addr *g)
{
	f.joined++;
	return 0;
}

static int
fake_leave(int ifindex, const struct in6_addr *g)
{
	f.left++;
	return 0;
}

static int
fake_send_ll(int ifindex, const uint8_t mac[6], const uint8_t *pkt, size_t len)
{
	struct in6_addr t;

	f.proxy_sends++;
	CHECK(len == ND_NA_LEN && nd_msg_parse(pkt, len, &t) == ND_MSG_NA);
	CHECK(memcmp(&t, &f.proxied, 16) == 0);
	return 0;
}

static int
fake_link_addrs(int ifindex, uint8_t mac[6], struct in6_addr *ll)
{
	static const uint8_t m[6] = { 2, 0, 0, 0, 0, 1 };

	memcpy(mac, m, 6);
	*ll = in6addr_any;
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	ll->s6_addr[15] = 1;
	return 0;
}

static int
answers(int ifindex, const struct in6_addr *target, void *arg)
{
	return f.proxying && ifindex == 1 && memcmp(target, &f.proxied, 16) == 0;
}

static const struct nd_ops fake_ops = { fake_send, fake_join, fake_leave, fake_send_ll,
    fake_link_addrs };

static void
on_dad(const struct in6_addr *addr, int ifindex, int result, void *arg)
{
	f.done++;
	f.result = result;
}

static void
init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	log_init("fuzz_nd", LOG_DEST_STDERR, LOG_CRIT);
	CHECK(loop_init() == 0);
	nd_set_ops(&fake_ops);
	/* timers of 0 ms: each probe ends within a few turns of the loop */
	nd_set_timers(0, 0);
	CHECK(nd_proxy_start(1, answers, NULL) == 0);
}

/* What nd_msg_parse promises of a packet it did not ignore (RFC 4861 7.1.1, 7.1.2). */
static void
check_valid(const uint8_t *p, size_t len, enum nd_msg_kind k, const struct in6_addr *t)
{
	size_t plen, off, olen;

	CHECK(len >= 64 && (p[0] >> 4) == 6 && p[6] == 58 && p[7] == 255);
	plen = (size_t)p[4] << 8 | p[5];
	CHECK(plen >= 24 && plen <= len - 40 && p[41] == 0);
	CHECK(memcmp(t, p + 48, 16) == 0 && t->s6_addr[0] != 0xff);
	CHECK(k == (p[40] == 136 ? ND_MSG_NA : ND_MSG_DAD_NS));
	for (off = 64; off < 40 + plen; off += olen) {
		CHECK(40 + plen - off >= 2 && p[off + 1] != 0);
		olen = (size_t)p[off + 1] * 8;
		CHECK(olen <= 40 + plen - off);
		if (k == ND_MSG_DAD_NS)
			CHECK(p[off] != 1);	/* no Source Link-Layer Address from :: */
	}
	if (k == ND_MSG_DAD_NS)
		CHECK(memcmp(p + 8, &in6addr_any, 16) == 0 && p[24] == 0xff && p[25] == 0x02);
}

/* The checksum the packet would need, where the header says where the message ends. */
static void
fix_cksum(uint8_t *p, size_t len)
{
	struct in6_addr s, d;
	size_t plen;
	uint16_t c;

	if (len < 64)
		return;
	plen = (size_t)p[4] << 8 | p[5];
	if (plen < 24 || plen > len - 40)
		return;
	memcpy(s.s6_addr, p + 8, 16);
	memcpy(d.s6_addr, p + 24, 16);
	p[42] = p[43] = 0;
	c = in6_cksum(&s, &d, 58, p + 40, plen);
	p[42] = (uint8_t)(c >> 8);
	p[43] = (uint8_t)c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in6_addr target = IN6ADDR_ANY_INIT, t;
	enum nd_msg_kind k;
	uint8_t ctl, *pkt;
	size_t len;
	int probing = 0, ifindex, i, hit;

	if (size < 1 || size > 4096)
		return 0;
	init();
	memset(&f, 0, sizeof(f));
	ctl = data[0];
	len = size - 1;
	/* exactly the packet's bytes, so that ASan sees any read past them */
	if ((pkt = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(pkt, data + 1, len);
	if (ctl & 0x20)
		fix_cksum(pkt, len);
	f.fail_send = (ctl & 0x10) != 0;
	ifindex = ctl & 0x02 ? 2 : 1;

	if ((ctl & 0x01) && len >= 64) {
		memcpy(target.s6_addr, pkt + 48, 16);
		CHECK(nd_dad_start(1, &target, on_dad, NULL) == 0);
		CHECK(nd_dad_running() == 1);
		probing = 1;
	}
	k = nd_msg_parse(pkt, len, &t);
	if (k != ND_MSG_IGNORE)
		check_valid(pkt, len, k, &t);
	/* the probe sees the packet only once its NS left: the loop sends it first */
	if (probing)
		event_base_loop(loop_base(), EVLOOP_NONBLOCK);
	hit = probing && f.done == 0 && k != ND_MSG_IGNORE && ifindex == 1 &&
	    addr_eq(&t, &target);
	nd_input(ifindex, pkt, len);
	if (ctl & 0x04)
		nd_input(ifindex, pkt, len);
	if ((ctl & 0x40) && len >= 64) {
		static const uint8_t from[6] = { 2, 0, 0, 0, 0, 2 };
		struct in6_addr sn;
		struct nd_ns ns;
		int want;

		f.proxying = 1;
		memcpy(f.proxied.s6_addr, pkt + 48, 16);
		want = ifindex == 1 && nd_ns_parse(pkt, len, &ns) == 0;
		if (want) {
			nd_solicited_node(&ns.target, &sn);
			want = addr_eq(&ns.dst, &sn) || addr_eq(&ns.dst, &ns.target);
		}
		nd_proxy_input(ifindex, from, pkt, len);
		CHECK(f.proxy_sends == want);
		f.proxying = 0;
	}
	if (ctl & 0x08) {
		nd_dad_cancel(1, &target);
		CHECK(nd_dad_running() == 0);
	}
	for (i = 0; i < 64 && nd_dad_running() > 0; i++)
		event_base_loop(loop_base(), EVLOOP_NONBLOCK);
	CHECK(nd_dad_running() == 0);
	CHECK(nd_dad_joined() == 0 && f.left == f.joined);
	if (probing && !(ctl & 0x08)) {
		CHECK(f.done == 1);
		/* an answer before our probe left still says the address is taken */
		CHECK(f.result == (hit ? ND_DAD_DUPLICATE : f.fail_send ? ND_DAD_UNSENT :
		    ND_DAD_FREE));
	} else if (probing)
		CHECK(f.done <= 1);	/* it may have ended unsent before the cancel */
	else
		CHECK(f.done == 0);
	free(pkt);
	return 0;
}
