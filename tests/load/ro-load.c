/* ro-load.c - run return routability and Binding Updates of many mobile nodes against one
 * correspondent node and measure it
 *
 * Mobile node i has the home address HOA-BASE + i and the care-of address COA-PREFIX::(i + 1);
 * neither is configured anywhere: every message leaves with IPV6_FREEBIND and IPV6_PKTINFO.
 * Each one sends a HoTI from its home address and a CoTI from its care-of address, and once
 * both tokens are in, a Binding Update (A set, H clear) from the care-of address with a Home
 * Address option, Nonce Indices and Binding Authorization Data (RFC 6275 5.2.5, 5.2.6); it is
 * bound when the BA says 0 and carries the right authenticator.  WINDOW mobile nodes are in
 * flight at any time.  Run again with the same home addresses, other care-of addresses and
 * FIRST-SEQ beyond the last run's numbers, the mobile nodes move: each BU then changes an
 * existing binding.  The answers (HoT to the home address, CoT and BA to the care-of address,
 * the BA through a type 2 routing header) are caught on a packet socket.
 *
 * Prints HoT/CoT and BA rates, latency percentiles (HoTI to HoT, CoTI to CoT, BU to BA, each
 * from the message's last transmission; first HoTI to binding, retransmissions included) and
 * failures by reason; -v also lists, on stderr, each mobile node that did not end up bound.
 * A program that prints figures, not a pass/fail test: it exits non-zero only when some
 * mobile node did not end up bound.  The tokens and authenticators come from
 * rr_crypto, the daemon's own code: checking the correspondent's crypto independently is
 * tests/lab/cn_conformance.py's job, not this one's.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip6.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mh.h"
#include "rr_crypto.h"

/*
 * Retransmission as RFC 6275 11.8 has it: exponential back-off from INITIAL_BINDACK_TIMEOUT
 * (1 s), here for HoTI and CoTI as for BUs.  Each timeout is also spread over +-25 %: the
 * simulated mobile nodes of one window start in the same instant, and without the spread
 * those that lost a message to one burst would all send it again in one burst.
 */
#define MAX_TRIES	5	/* transmissions of each message: the last waits 16 s */
#define INITIAL_MS	1000
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define STALL_S		60	/* no answer at all for this long: give up the run */

enum mn_state { MN_IDLE = 0, MN_RR, MN_BU, MN_BOUND, MN_FAILED };

#define GOT_HOT		0x01
#define GOT_COT		0x02
#define GOT_BA		0x04
#define GOT_BOUND	0x08

enum fail {
	F_NONE = 0,
	F_HOT_TIMEOUT,
	F_COT_TIMEOUT,
	F_BA_TIMEOUT,
	F_BA_STATUS,
	F_BA_NO_AUTH,
	F_BA_BAD_AUTH,
	F_BA_SEQ,
	F_SEND,
	F_MAX
};

static const char *const fail_name[F_MAX] = {
	[F_HOT_TIMEOUT] = "no HoT to any of " STR(MAX_TRIES) " HoTIs",
	[F_COT_TIMEOUT] = "no CoT to any of " STR(MAX_TRIES) " CoTIs",
	[F_BA_TIMEOUT] = "no BA to any of " STR(MAX_TRIES) " BUs",
	[F_BA_STATUS] = "BA with a refusing status",
	[F_BA_NO_AUTH] = "accepting BA without Binding Authorization Data",
	[F_BA_BAD_AUTH] = "BA with a wrong authenticator",
	[F_BA_SEQ] = "BA with another sequence number",
	[F_SEND] = "sendmsg failed",
};

struct mn {
	uint64_t	start_us;			/* first HoTI */
	uint64_t	hoti_us, coti_us, bu_us;	/* last transmissions */
	uint64_t	hoti_due, coti_due, bu_due;	/* when to send them again */
	/* microseconds from the last transmission to the answer; bind_lat from the first
	 * HoTI to the accepting BA, retransmissions included */
	uint32_t	hot_lat, cot_lat, ba_lat, bind_lat;
	uint8_t		home_token[RR_TOKEN_LEN];
	uint8_t		careof_token[RR_TOKEN_LEN];
	uint8_t		kbm[RR_KBM_LEN];
	uint16_t	home_idx, careof_idx;
	uint16_t	seq;
	uint16_t	slot;				/* in g.flight */
	uint8_t		state;				/* enum mn_state */
	uint8_t		got;				/* GOT_*: answers in */
	uint8_t		hoti_tries, coti_tries, bu_tries;
	uint8_t		status;				/* BA status */
	uint8_t		fail;				/* enum fail */
};

static struct {
	struct in6_addr	 cn, coa_prefix, hoa_base;
	unsigned	 count, window, lifetime;
	uint16_t	 seq0;				/* first BU's sequence number */
	const char	*ifname;
	int		 tx, rx;
	uint8_t		 salt[3];
	uint32_t	 rnd;				/* xorshift32 state */
	struct mn	*mn;
	long		*flight;			/* window slots: index or -1 */
	unsigned	 inflight, next, ended;
	unsigned long	 n_hot, n_cot, n_ba, n_be, n_stray;
	unsigned long	 re_hoti, re_coti, re_bu;
	unsigned	 fails[F_MAX];
	unsigned	 ba_status[256];
	uint32_t	 lt_min, lt_max;		/* lifetimes granted, seconds */
} g = { .count = 1000, .window = 256, .lifetime = 420, .seq0 = 1 };

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* When a message sent at now for the tries-th time is sent again */
static uint64_t
retry_at(uint64_t now, unsigned tries)
{
	uint64_t ms = (uint64_t)INITIAL_MS << (tries - 1);

	g.rnd ^= g.rnd << 13;
	g.rnd ^= g.rnd >> 17;
	g.rnd ^= g.rnd << 5;
	return now + ms * 750 + ms * (g.rnd % 501);
}

static void
nth(const struct in6_addr *base, unsigned i, struct in6_addr *out)
{
	uint32_t v;

	*out = *base;
	memcpy(&v, out->s6_addr + 12, 4);
	v = htonl(ntohl(v) + i);
	memcpy(out->s6_addr + 12, &v, 4);
}

static void
hoa_of(unsigned i, struct in6_addr *out)
{
	nth(&g.hoa_base, i, out);
}

static void
coa_of(unsigned i, struct in6_addr *out)
{
	nth(&g.coa_prefix, i + 1, out);
}

/* The mobile node an address belongs to (base + first + i), or -1. */
static long
index_in(const struct in6_addr *a, const struct in6_addr *base, unsigned first)
{
	uint32_t x, b;

	if (memcmp(a, base, 12) != 0)
		return -1;
	memcpy(&x, a->s6_addr + 12, 4);
	memcpy(&b, base->s6_addr + 12, 4);
	x = ntohl(x) - ntohl(b) - first;
	return x < g.count ? (long)x : -1;
}

/* Init cookies (RFC 6275 6.1.3, 6.1.4) say whose test it is: salt | home/care-of | index */
static void
cookie_of(unsigned i, int careof, uint8_t cookie[RR_COOKIE_LEN])
{
	uint32_t v = htonl(i);

	memcpy(cookie, g.salt, 3);
	cookie[3] = (uint8_t)careof;
	memcpy(cookie + 4, &v, 4);
}

/* One Mobility Header from src to the correspondent, with a Home Address option when hao is
 * set; the checksum is ours (pseudo-header source = home address, RFC 6275 6.1.1). */
static int
send_mh(uint8_t *buf, size_t len, const struct in6_addr *src, const struct in6_addr *hao)
{
	uint8_t cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(24)];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct in6_pktinfo pi = { 0 };
	struct iovec iov;
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	uint8_t *d;

	mh_checksum_set(buf, len, hao ? hao : src, &g.cn);
	to.sin6_addr = g.cn;
	iov.iov_base = buf;
	iov.iov_len = len;
	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_name = &to;
	msg.msg_namelen = sizeof(to);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = hao ? sizeof(cbuf) : CMSG_SPACE(sizeof(pi));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	pi.ipi6_addr = *src;
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (hao != NULL) {
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_DSTOPTS;
		c->cmsg_len = CMSG_LEN(24);
		d = CMSG_DATA(c);
		d[1] = 2;		/* 24 octets */
		d[2] = 1;		/* PadN: the home address lands on 8n+6 */
		d[3] = 2;
		d[6] = 201;		/* Home Address option, RFC 6275 6.3 */
		d[7] = 16;
		memcpy(d + 8, hao, 16);
	}
	return sendmsg(g.tx, &msg, 0) == -1 ? -1 : 0;
}

static int
send_test_init(unsigned i, int careof)
{
	struct mn *mn = &g.mn[i];
	struct in6_addr src;
	struct mh_msg m;
	uint8_t buf[64];
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = careof ? MH_TYPE_COTI : MH_TYPE_HOTI;
	/* hoti and coti share their layout: the cookie first */
	cookie_of(i, careof, careof ? m.coti.cookie : m.hoti.cookie);
	if ((len = mh_build(buf, sizeof(buf), &m, NULL)) == 0)
		return -1;
	if (careof)
		coa_of(i, &src);
	else
		hoa_of(i, &src);
	if (send_mh(buf, len, &src, NULL) == -1)
		return -1;
	if (careof) {
		mn->coti_us = now_us();
		mn->coti_tries++;
		mn->coti_due = retry_at(mn->coti_us, mn->coti_tries);
	} else {
		mn->hoti_us = now_us();
		mn->hoti_tries++;
		mn->hoti_due = retry_at(mn->hoti_us, mn->hoti_tries);
	}
	return 0;
}

/* RFC 6275 5.2.6: Kbm from both tokens, the authenticator over care-of address |
 * correspondent | the BU up to the authenticator. */
static int
send_bu(unsigned i)
{
	struct mn *mn = &g.mn[i];
	struct in6_addr hoa, coa;
	struct mh_bu bu;
	uint8_t buf[128];
	size_t len, auth_off = 0;

	hoa_of(i, &hoa);
	coa_of(i, &coa);
	memset(&bu, 0, sizeof(bu));
	/* a retransmission is a new BU: an old number would be out of window if the first
	 * one got through and only its BA was lost */
	bu.seq = ++mn->seq;
	bu.flags = MH_BU_F_A;
	bu.lifetime = (uint16_t)(g.lifetime / 4);
	bu.opts.present = MH_OPTF_NONCE | MH_OPTF_AUTH;
	bu.opts.home_nonce = mn->home_idx;
	bu.opts.careof_nonce = mn->careof_idx;
	if ((len = mh_build_bu(buf, sizeof(buf), &bu, &auth_off)) == 0 || auth_off == 0)
		return -1;
	if (rr_kbm(mn->home_token, mn->careof_token, mn->kbm) == -1 ||
	    rr_auth(mn->kbm, &coa, &g.cn, buf, auth_off, buf + auth_off) == -1)
		return -1;
	if (send_mh(buf, len, &coa, &hoa) == -1)
		return -1;
	mn->bu_us = now_us();
	mn->bu_tries++;
	mn->bu_due = retry_at(mn->bu_us, mn->bu_tries);
	return 0;
}

/* Mobile node i is done, one way or the other: the main loop gives its slot to the next one. */
static void
mn_end(unsigned i, enum mn_state st, enum fail why)
{
	struct mn *mn = &g.mn[i];
	unsigned slot = mn->slot;

	mn->state = (uint8_t)st;
	mn->fail = (uint8_t)why;
	g.fails[why]++;
	g.ended++;
	g.flight[slot] = -1;
	g.inflight--;
}

static void
mn_start(unsigned i, unsigned slot)
{
	struct mn *mn = &g.mn[i];

	mn->state = MN_RR;
	mn->seq = (uint16_t)(g.seq0 - 1);
	mn->slot = (uint16_t)slot;
	g.flight[slot] = i;
	g.inflight++;
	mn->start_us = now_us();
	if (send_test_init(i, 0) == -1 || send_test_init(i, 1) == -1)
		mn_end(i, MN_FAILED, F_SEND);
}

static void
got_token(long i, int careof, uint16_t nonce_idx, const uint8_t *cookie_in,
    const uint8_t *token, uint64_t now)
{
	struct mn *mn;
	uint8_t cookie[RR_COOKIE_LEN];
	uint8_t bit = careof ? GOT_COT : GOT_HOT;

	if (i < 0 || g.mn[i].state != MN_RR || (g.mn[i].got & bit)) {
		g.n_stray++;
		return;
	}
	mn = &g.mn[i];
	cookie_of((unsigned)i, careof, cookie);
	if (memcmp(cookie, cookie_in, sizeof(cookie)) != 0) {
		g.n_stray++;
		return;
	}
	mn->got |= bit;
	if (careof) {
		g.n_cot++;
		mn->cot_lat = (uint32_t)(now - mn->coti_us);
		mn->careof_idx = nonce_idx;
		memcpy(mn->careof_token, token, RR_TOKEN_LEN);
	} else {
		g.n_hot++;
		mn->hot_lat = (uint32_t)(now - mn->hoti_us);
		mn->home_idx = nonce_idx;
		memcpy(mn->home_token, token, RR_TOKEN_LEN);
	}
	if (mn->got == (GOT_HOT | GOT_COT)) {
		mn->state = MN_BU;
		if (send_bu((unsigned)i) == -1)
			mn_end((unsigned)i, MN_FAILED, F_SEND);
	}
}

static void
got_ba(long i, const struct mh_msg *m, const uint8_t *mh, uint64_t now)
{
	struct mn *mn;
	struct in6_addr coa;
	uint8_t auth[RR_AUTH_LEN];
	const struct mh_ba *ba = &m->ba;

	if (i < 0 || g.mn[i].state != MN_BU) {
		g.n_stray++;
		return;
	}
	mn = &g.mn[i];
	/* RFC 6275 11.7.3: the answer to a BU this one has already replaced is discarded;
	 * the answer to the retransmission follows. */
	if ((uint16_t)(ba->seq - g.seq0) < (uint16_t)(mn->seq - g.seq0)) {
		g.n_stray++;
		return;
	}
	g.n_ba++;
	g.ba_status[ba->status]++;
	mn->got |= GOT_BA;
	mn->status = ba->status;
	mn->ba_lat = (uint32_t)(now - mn->bu_us);
	if (ba->seq != mn->seq) {
		mn_end((unsigned)i, MN_FAILED, F_BA_SEQ);
		return;
	}
	if (!(ba->opts.present & MH_OPTF_AUTH)) {
		mn_end((unsigned)i, MN_FAILED,
		    MH_BA_STATUS_ACCEPTED(ba->status) ? F_BA_NO_AUTH : F_BA_STATUS);
		return;
	}
	/* RFC 6275 5.2.6: the BA's authenticator, same Kbm, over the BA */
	coa_of((unsigned)i, &coa);
	if (rr_auth(mn->kbm, &coa, &g.cn, mh, ba->opts.auth_off, auth) == -1 ||
	    !rr_equal(auth, mh + ba->opts.auth_off, RR_AUTH_LEN)) {
		mn_end((unsigned)i, MN_FAILED, F_BA_BAD_AUTH);
		return;
	}
	if (ba->status != MH_BA_ACCEPTED)
		mn_end((unsigned)i, MN_FAILED, F_BA_STATUS);
	else {
		uint32_t lt = (uint32_t)ba->lifetime * 4;

		if (g.lt_max == 0 || lt < g.lt_min)
			g.lt_min = lt;
		if (lt > g.lt_max)
			g.lt_max = lt;
		mn->got |= GOT_BOUND;
		mn->bind_lat = (uint32_t)(now - mn->start_us);
		mn_end((unsigned)i, MN_BOUND, F_NONE);
	}
}

/* An Ethernet frame from the correspondent: HoT to a home address, CoT to a care-of address,
 * BA to a care-of address through a type 2 routing header naming the home address. */
static void
on_frame(const uint8_t *p, size_t n, uint64_t now)
{
	const struct ip6_hdr *ip;
	struct in6_addr dst, rt2_hoa;
	struct mh_msg m;
	size_t off = 14 + 40, end;
	uint8_t nxt;
	int has_rt2 = 0;

	if (n < off)
		return;
	ip = (const struct ip6_hdr *)(p + 14);
	if ((p[14] >> 4) != 6 || memcmp(&ip->ip6_src, &g.cn, 16) != 0)
		return;
	end = off + ntohs(ip->ip6_plen);
	if (end > n)
		return;
	dst = ip->ip6_dst;
	nxt = ip->ip6_nxt;
	while (nxt != IPPROTO_MH) {
		size_t hl;

		if (off + 8 > end)
			return;
		hl = ((size_t)p[off + 1] + 1) * 8;
		if (off + hl > end)
			return;
		if (nxt == IPPROTO_ROUTING) {
			/* RFC 6275 6.4: type 2, one address, segments left 1 */
			if (p[off + 2] != 2 || p[off + 1] != 2 || has_rt2)
				return;
			memcpy(&rt2_hoa, p + off + 8, 16);
			has_rt2 = 1;
		} else if (nxt != IPPROTO_DSTOPTS) {
			return;
		}
		nxt = p[off];
		off += hl;
	}
	if (mh_parse(p + off, end - off, &g.cn, has_rt2 ? &rt2_hoa : &dst, &m, NULL) != MH_OK) {
		g.n_stray++;
		return;
	}
	switch (m.type) {
	case MH_TYPE_HOT:
		got_token(has_rt2 ? -1 : index_in(&dst, &g.hoa_base, 0), 0, m.hot.nonce_idx,
		    m.hot.cookie, m.hot.token, now);
		break;
	case MH_TYPE_COT:
		got_token(has_rt2 ? -1 : index_in(&dst, &g.coa_prefix, 1), 1, m.cot.nonce_idx,
		    m.cot.cookie, m.cot.token, now);
		break;
	case MH_TYPE_BA:
		if (!has_rt2 || index_in(&dst, &g.coa_prefix, 1) !=
		    index_in(&rt2_hoa, &g.hoa_base, 0)) {
			g.n_stray++;
			break;
		}
		got_ba(index_in(&rt2_hoa, &g.hoa_base, 0), &m, p + off, now);
		break;
	case MH_TYPE_BE:
		g.n_be++;
		break;
	default:
		g.n_stray++;
		break;
	}
}

/* Retransmissions, and giving up after MAX_TRIES of a message. */
static void
check_timeouts(uint64_t now)
{
	unsigned s;

	for (s = 0; s < g.window; s++) {
		long i = g.flight[s];
		struct mn *mn;

		if (i < 0)
			continue;
		mn = &g.mn[i];
		if (mn->state == MN_RR) {
			if (!(mn->got & GOT_HOT) && now >= mn->hoti_due) {
				if (mn->hoti_tries >= MAX_TRIES) {
					mn_end((unsigned)i, MN_FAILED, F_HOT_TIMEOUT);
					continue;
				}
				g.re_hoti++;
				if (send_test_init((unsigned)i, 0) == -1) {
					mn_end((unsigned)i, MN_FAILED, F_SEND);
					continue;
				}
			}
			if (!(mn->got & GOT_COT) && now >= mn->coti_due) {
				if (mn->coti_tries >= MAX_TRIES) {
					mn_end((unsigned)i, MN_FAILED, F_COT_TIMEOUT);
					continue;
				}
				g.re_coti++;
				if (send_test_init((unsigned)i, 1) == -1)
					mn_end((unsigned)i, MN_FAILED, F_SEND);
			}
		} else if (mn->state == MN_BU && now >= mn->bu_due) {
			if (mn->bu_tries >= MAX_TRIES) {
				mn_end((unsigned)i, MN_FAILED, F_BA_TIMEOUT);
				continue;
			}
			g.re_bu++;
			if (send_bu((unsigned)i) == -1)
				mn_end((unsigned)i, MN_FAILED, F_SEND);
		}
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Percentiles of one latency over the mobile nodes that got that answer. */
static void
print_latency(const char *what, uint32_t *lat, size_t off, uint8_t need)
{
	unsigned i, k = 0;

	for (i = 0; i < g.count; i++) {
		const struct mn *mn = &g.mn[i];
		if (mn->got & need)
			lat[k++] = *(const uint32_t *)((const uint8_t *)mn + off);
	}
	if (k == 0) {
		printf("ro-load: %s latency: no answers\n", what);
		return;
	}
	qsort(lat, k, sizeof(lat[0]), cmp_u32);
	printf("ro-load: %s latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", what,
	    lat[k / 2] / 1e3, lat[k * 9 / 10] / 1e3, lat[k * 99 / 100] / 1e3, lat[k - 1] / 1e3);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ro-load -i IFACE -c CN -p COA-PREFIX -b HOA-BASE [-n COUNT] "
	    "[-w WINDOW] [-l LIFETIME] [-s FIRST-SEQ] [-v]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	uint8_t frame[2048];
	uint64_t t0, t1, last_progress;
	unsigned long progress = 0;
	unsigned long answers = 0;
	uint32_t *lat;
	struct sockaddr_ll sll = { 0 };
	struct tpacket_stats pst;
	socklen_t len;
	double secs;
	unsigned i, bound;
	int ch, any, verbose = 0;

	while ((ch = getopt(argc, argv, "i:c:p:b:n:w:l:s:v")) != -1) {
		switch (ch) {
		case 'i': g.ifname = optarg; break;
		case 'c': if (inet_pton(AF_INET6, optarg, &g.cn) != 1) usage(); break;
		case 'p': if (inet_pton(AF_INET6, optarg, &g.coa_prefix) != 1) usage(); break;
		case 'b': if (inet_pton(AF_INET6, optarg, &g.hoa_base) != 1) usage(); break;
		case 'n': g.count = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': g.window = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'l': g.lifetime = (unsigned)strtoul(optarg, NULL, 10); break;
		case 's': g.seq0 = (uint16_t)strtoul(optarg, NULL, 10); break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (g.ifname == NULL || g.count == 0 || g.window == 0 || g.window > 65535 ||
	    g.lifetime / 4 > 0xffff || optind != argc)
		usage();
	if (g.window > g.count)
		g.window = g.count;
	g.mn = calloc(g.count, sizeof(*g.mn));
	g.flight = calloc(g.window, sizeof(*g.flight));
	lat = calloc(g.count, sizeof(*lat));
	g.tx = socket(AF_INET6, SOCK_RAW, IPPROTO_MH);
	g.rx = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (g.mn == NULL || g.flight == NULL || lat == NULL || g.tx == -1 || g.rx == -1 ||
	    rr_random(g.salt, sizeof(g.salt)) == -1 ||
	    rr_random((uint8_t *)&g.rnd, sizeof(g.rnd)) == -1) {
		perror("ro-load: setup");
		return 2;
	}
	g.rnd |= 1;		/* xorshift never leaves 0 */
	/* Sources from the whole home and care-of prefixes without an address each (Linux
	 * 4.15+); the checksum is ours, with the home address in the pseudo-header. */
	ch = 1;
	if (setsockopt(g.tx, IPPROTO_IPV6, IPV6_FREEBIND, &ch, sizeof(ch)) == -1) {
		perror("ro-load: IPV6_FREEBIND");
		return 2;
	}
	ch = -1;
	if (setsockopt(g.tx, IPPROTO_IPV6, IPV6_CHECKSUM, &ch, sizeof(ch)) == -1) {
		perror("ro-load: IPV6_CHECKSUM");
		return 2;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = (int)if_nametoindex(g.ifname);
	if (sll.sll_ifindex == 0 || bind(g.rx, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		perror("ro-load: bind");
		return 2;
	}
	/* Room for the answers to a whole window and more: beyond rmem_max when root */
	ch = 4 << 20;
	if (setsockopt(g.rx, SOL_SOCKET, SO_RCVBUFFORCE, &ch, sizeof(ch)) == -1)
		setsockopt(g.rx, SOL_SOCKET, SO_RCVBUF, &ch, sizeof(ch));
	ch = 4 << 20;
	setsockopt(g.tx, SOL_SOCKET, SO_SNDBUF, &ch, sizeof(ch));

	t0 = last_progress = now_us();
	for (i = 0; i < g.window; i++)
		g.flight[i] = -1;
	while (g.ended < g.count) {
		struct pollfd pfd = { .fd = g.rx, .events = POLLIN };
		ssize_t n;
		uint64_t now;

		/* the window's free slots (mobile nodes that ended) to the next ones */
		for (i = 0; i < g.window && g.next < g.count; i++)
			if (g.flight[i] == -1)
				mn_start(g.next++, i);
		poll(&pfd, 1, 50);
		any = 0;
		while ((n = recv(g.rx, frame, sizeof(frame), 0)) > 0) {
			on_frame(frame, (size_t)n, now_us());
			any = 1;
		}
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			perror("ro-load: recv");
			return 2;
		}
		now = now_us();
		check_timeouts(now);
		/*
		 * Progress is an answer that moved a mobile node on or one that ended, not any
		 * frame: the packet socket also hears Router Advertisements and neighbour
		 * discovery, which would keep a stalled run going for ever.
		 */
		if (g.n_hot + g.n_cot + g.n_ba + g.ended != progress) {
			progress = g.n_hot + g.n_cot + g.n_ba + g.ended;
			last_progress = now;
		}
		else if (now - last_progress > STALL_S * 1000000ULL) {
			fprintf(stderr, "ro-load: nothing from the correspondent for %d s\n",
			    STALL_S);
			break;
		}
	}
	t1 = now_us();
	secs = (double)(t1 - t0) / 1e6;

	for (i = 0, bound = 0; i < g.count; i++)
		bound += g.mn[i].state == MN_BOUND;
	answers = g.n_hot + g.n_cot;
	printf("ro-load: %u mobile nodes, window %u: %u bound, %u failed, %u never ended\n",
	    g.count, g.window, bound, g.ended - bound, g.count - g.ended);
	printf("ro-load: %.2f s: %.0f HoT+CoT/s (%lu HoT, %lu CoT), %.0f BAs/s (%lu BAs), "
	    "%.0f bindings/s\n", secs, (double)answers / secs, g.n_hot, g.n_cot,
	    (double)g.n_ba / secs, g.n_ba, (double)bound / secs);
	print_latency("HoTI-to-HoT", lat, offsetof(struct mn, hot_lat), GOT_HOT);
	print_latency("CoTI-to-CoT", lat, offsetof(struct mn, cot_lat), GOT_COT);
	print_latency("BU-to-BA", lat, offsetof(struct mn, ba_lat), GOT_BA);
	print_latency("first-HoTI-to-bound", lat, offsetof(struct mn, bind_lat), GOT_BOUND);
	printf("ro-load: retransmissions: %lu HoTI, %lu CoTI, %lu BU; %lu late, duplicate or "
	    "stray answers, %lu Binding Errors\n", g.re_hoti, g.re_coti, g.re_bu, g.n_stray, g.n_be);
	if (bound > 0)
		printf("ro-load: lifetime asked %u s, granted %u s to %u s\n", g.lifetime / 4 * 4,
		    g.lt_min, g.lt_max);
	len = sizeof(pst);
	if (getsockopt(g.rx, SOL_PACKET, PACKET_STATISTICS, &pst, &len) == 0)
		printf("ro-load: packet socket: %u frames, %u dropped for want of room\n",
		    pst.tp_packets, pst.tp_drops);
	for (i = 1; i < 256; i++)
		if (g.ba_status[i])
			printf("ro-load: %u BAs with status %u (%s)\n", g.ba_status[i], i,
			    mh_ba_status_name((uint8_t)i));
	for (i = 1, any = 0; i < F_MAX; i++)
		if (g.fails[i]) {
			printf("ro-load: failed: %u mobile nodes: %s\n", g.fails[i], fail_name[i]);
			any = 1;
		}
	if (verbose)
		for (i = 0; i < g.count; i++)
			if (g.mn[i].state == MN_FAILED)
				fprintf(stderr, "ro-load: mobile node %u: %s (answers 0x%x, "
				    "%u HoTIs, %u CoTIs, %u BUs)\n", i,
				    fail_name[g.mn[i].fail], g.mn[i].got, g.mn[i].hoti_tries,
				    g.mn[i].coti_tries, g.mn[i].bu_tries);
	if (!any && g.ended == g.count)
		printf("ro-load: failures: none\n");
	return bound == g.count ? 0 : 1;
}
