/* ha-load.c - register many mobile nodes with one home agent and measure it
 *
 * Sends home registration Binding Updates with a Home Address option from COUNT care-of
 * addresses (PREFIX::1, ::2, ...; sent with IPV6_FREEBIND, so none needs configuring), for
 * home addresses HOA_BASE + i, keeping WINDOW of them in flight, and catches the BAs on a packet socket (they come through a type 2
 * routing header to care-of addresses no real node holds).  Prints registrations per second
 * and BU-to-BA latency percentiles.  A program that prints figures, not a pass/fail test:
 * it exits non-zero only when registrations were lost or refused.  It ends by itself: when
 * every registration was answered or given up (after MAX_TRIES transmissions), or after 60 s
 * without either, always with its summary.
 * Retransmissions back off as a mobile node's do (RFC 6275 11.8: the timeout doubles each time,
 * up to MAX_BINDACK_TIMEOUT), from a timeout that follows the BU-to-BA latency measured so far
 * (as TCP's does, RFC 6298): a window of BUs the home agent takes longer than the first
 * timeout to answer must not be sent again while they wait in its queue, since each
 * retransmission has a new sequence number and costs the home agent a whole registration.
 * -s SEQ starts the sequence numbers there (a later run for the same home addresses: a move
 * to another care-of prefix, or a de-registration with -l 0).
 *
 * With -m N they are mobile routers (RFC 3963): the R flag and N Mobile Network Prefix options
 * each, router i claiming the /64s MNP-BASE + N*i ... N*i+N-1 (counted in the 32 bits after
 * the first 32 of the prefix), which the home agent's configuration must authorize.
 * -v prints a line of progress every 5 s on stderr.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip6.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ext_hdr.h"
#include "mh.h"

#define MAX_TRIES	4		/* transmissions of one BU before it is given up */
#define RTO_MIN_US	3000000u	/* the first timeout, and its floor */
#define RTO_MAX_US	32000000u	/* RFC 6275 13: MAX_BINDACK_TIMEOUT */

struct reg {
	uint64_t	sent_us[MAX_TRIES];	/* each transmission */
	uint64_t	last_us;	/* the last one */
	uint32_t	latency_us;
	uint8_t		tries;
	uint8_t		done;
	uint8_t		lost;		/* given up */
	uint8_t		status;
};

static struct {
	struct in6_addr	ha, coa_prefix, hoa_base, mnp_base;
	unsigned	count, window, lifetime, seq0, nmnp;
	unsigned	rate;		/* -r: first BUs per second at most (0: as the window allows) */
	unsigned	late;		/* BAs for registrations already given up */
	unsigned	resent;		/* retransmissions */
	int		verbose;	/* -v: progress on stderr */
	uint64_t	srtt_us, rttvar_us;	/* of BAs to first transmissions (RFC 6298) */
	const char	*ifname;
	int		tx, rx;
	struct reg	*regs;
} g = { .count = 1000, .window = 256, .lifetime = 600 };

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
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

/* The k-th /64 after base, counted in bits 32-63 (mobile network prefixes). */
static void
nth64(const struct in6_addr *base, unsigned k, struct in6_addr *out)
{
	uint32_t v;

	*out = *base;
	memcpy(&v, out->s6_addr + 4, 4);
	v = htonl(ntohl(v) + k);
	memcpy(out->s6_addr + 4, &v, 4);
}

static long
index_of(const struct in6_addr *hoa)
{
	uint32_t a, b;

	if (memcmp(hoa, &g.hoa_base, 12) != 0)
		return -1;
	memcpy(&a, hoa->s6_addr + 12, 4);
	memcpy(&b, g.hoa_base.s6_addr + 12, 4);
	a = ntohl(a) - ntohl(b);
	return a < g.count ? (long)a : -1;
}

static int
send_bu(unsigned i)
{
	static uint8_t buf[256];
	uint8_t cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(EXT_HAO_HDR_LEN)];
	struct in6_addr hoa, coa;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct in6_pktinfo pi = { 0 };
	struct iovec iov;
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	struct mh_bu bu = { 0 };
	size_t len;

	nth(&g.hoa_base, i, &hoa);
	nth(&g.coa_prefix, i + 1, &coa);
	bu.seq = (uint16_t)(g.seq0 + g.regs[i].tries + 1);
	bu.flags = MH_BU_F_A | MH_BU_F_H;
	bu.lifetime = (uint16_t)(g.lifetime / 4);
	if (g.nmnp > 0) {
		unsigned k;

		bu.flags |= MH_BU_F_R;
		bu.opts.present = MH_OPTF_MNP;
		bu.opts.nmnp = (uint8_t)g.nmnp;
		for (k = 0; k < g.nmnp; k++) {
			nth64(&g.mnp_base, i * g.nmnp + k, &bu.opts.mnp[k].prefix);
			bu.opts.mnp[k].plen = 64;
		}
	}
	len = mh_build_bu(buf, sizeof(buf), &bu, NULL);
	mh_checksum_set(buf, len, &hoa, &g.ha);

	to.sin6_addr = g.ha;
	iov.iov_base = buf;
	iov.iov_len = len;
	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_name = &to;
	msg.msg_namelen = sizeof(to);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	pi.ipi6_addr = coa;
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_DSTOPTS;
	c->cmsg_len = CMSG_LEN(ext_hao_build(CMSG_DATA(c), EXT_HAO_HDR_LEN, 0, &hoa));
	if (sendmsg(g.tx, &msg, 0) == -1)
		return -1;
	g.regs[i].tries++;
	g.regs[i].last_us = now_us();
	g.regs[i].sent_us[g.regs[i].tries - 1] = g.regs[i].last_us;
	return 0;
}

/* RFC 6298 2.2, 2.3: the smoothed BU-to-BA time and its variation, from one more sample */
static void
rtt_sample(uint64_t us)
{
	uint64_t d;

	if (g.srtt_us == 0) {
		g.srtt_us = us;
		g.rttvar_us = us / 2;
		return;
	}
	d = us > g.srtt_us ? us - g.srtt_us : g.srtt_us - us;
	g.rttvar_us = (3 * g.rttvar_us + d) / 4;
	g.srtt_us = (7 * g.srtt_us + us) / 8;
}

/* How long the tries-th transmission of a BU waits for its BA: the latency so far with room
 * for its variation (RFC 6298 2.3), at least RTO_MIN_US, doubled for each retransmission
 * before (RFC 6275 11.8), at most RTO_MAX_US. */
static uint64_t
rto_us(unsigned tries)
{
	uint64_t rto = g.srtt_us + 4 * g.rttvar_us;

	if (rto < RTO_MIN_US)
		rto = RTO_MIN_US;
	while (tries-- > 1 && rto < RTO_MAX_US)
		rto *= 2;
	return rto < RTO_MAX_US ? rto : RTO_MAX_US;
}

/* An Ethernet frame: IPv6 from the HA, a type 2 routing header, a BA.  1 when it completes a
 * registration. */
static int
on_frame(const uint8_t *p, size_t n)
{
	const struct ip6_hdr *ip;
	struct in6_addr hoa;
	struct mh_msg m;
	const uint8_t *rh;
	uint16_t try;
	long i;

	if (n < 14 + 40 + 24 + MH_BA_LEN)
		return 0;
	ip = (const struct ip6_hdr *)(p + 14);
	if (ip->ip6_nxt != IPPROTO_ROUTING || memcmp(&ip->ip6_src, &g.ha, 16) != 0)
		return 0;
	rh = p + 14 + 40;
	if (rh[0] != IPPROTO_MH || rh[1] != 2 || rh[2] != 2)
		return 0;
	memcpy(&hoa, rh + 8, 16);
	if (mh_parse(rh + 24, n - 14 - 40 - 24, &ip->ip6_src, &hoa, &m, NULL) != MH_OK ||
	    m.type != MH_TYPE_BA)
		return 0;
	i = index_of(&hoa);
	if (i < 0 || g.regs[i].done)
		return 0;
	if (g.regs[i].lost) {
		/* counted as lost already: counting it again would end the run early and wrap
		 * the number in flight */
		g.late++;
		return 0;
	}
	g.regs[i].done = 1;
	g.regs[i].status = m.ba.status;
	/* The BA's sequence number says which transmission it answers (the n-th has seq0 + n):
	 * its latency counts from that one, so answers that come after a retransmission still
	 * measure the queue rather than leaving the slow ones out (Karn's problem). */
	try = (uint16_t)(m.ba.seq - g.seq0 - 1);
	if (try >= g.regs[i].tries)
		try = g.regs[i].tries - 1;
	g.regs[i].latency_us = (uint32_t)(now_us() - g.regs[i].sent_us[try]);
	rtt_sample(g.regs[i].latency_us);
	return 1;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ha-load -i IFACE -a HA -p COA-PREFIX -b HOA-BASE [-n COUNT] "
	    "[-w WINDOW] [-r RATE] [-l LIFETIME] [-s SEQ] [-m PREFIXES -P MNP-BASE] [-v]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	unsigned next = 0, inflight = 0, done = 0, accepted = 0, lost = 0, progress = 0, i, k;
	uint8_t frame[2048];
	uint64_t t0, t1, last_progress, last_report;
	uint32_t *lat;
	struct sockaddr_ll sll = { 0 };
	int ch, status_count[256] = { 0 };

	while ((ch = getopt(argc, argv, "i:a:p:b:n:w:r:l:s:m:P:v")) != -1) {
		switch (ch) {
		case 'i': g.ifname = optarg; break;
		case 'a': if (inet_pton(AF_INET6, optarg, &g.ha) != 1) usage(); break;
		case 'p': if (inet_pton(AF_INET6, optarg, &g.coa_prefix) != 1) usage(); break;
		case 'b': if (inet_pton(AF_INET6, optarg, &g.hoa_base) != 1) usage(); break;
		case 'n': g.count = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': g.window = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'r': g.rate = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'l': g.lifetime = (unsigned)strtoul(optarg, NULL, 10); break;
		case 's': g.seq0 = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'm': g.nmnp = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'P': if (inet_pton(AF_INET6, optarg, &g.mnp_base) != 1) usage(); break;
		case 'v': g.verbose = 1; break;
		default: usage();
		}
	}
	if (g.ifname == NULL || g.count == 0 || g.window == 0 || g.nmnp > MH_MAX_MNP)
		usage();
	g.regs = calloc(g.count, sizeof(*g.regs));
	lat = calloc(g.count, sizeof(*lat));
	g.tx = socket(AF_INET6, SOCK_RAW, IPPROTO_MH);
	g.rx = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (g.regs == NULL || lat == NULL || g.tx == -1 || g.rx == -1) {
		perror("ha-load: setup");
		return 2;
	}
	/* Sources from the whole care-of prefix without an address each (Linux 4.15+); the
	 * checksum is ours, with the home address in the pseudo-header (RFC 6275 6.1.1). */
	ch = 1;
	if (setsockopt(g.tx, IPPROTO_IPV6, IPV6_FREEBIND, &ch, sizeof(ch)) == -1) {
		perror("ha-load: IPV6_FREEBIND");
		return 2;
	}
	ch = -1;
	if (setsockopt(g.tx, IPPROTO_IPV6, IPV6_CHECKSUM, &ch, sizeof(ch)) == -1) {
		perror("ha-load: IPV6_CHECKSUM");
		return 2;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = (int)if_nametoindex(g.ifname);
	if (bind(g.rx, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		perror("ha-load: bind");
		return 2;
	}
	ch = 4 << 20;
	setsockopt(g.rx, SOL_SOCKET, SO_RCVBUF, &ch, sizeof(ch));

	t0 = last_progress = last_report = now_us();
	while (done + lost < g.count) {
		struct pollfd pfd = { .fd = g.rx, .events = POLLIN };
		uint64_t now = now_us();
		ssize_t n;

		/* paced (-r): the latency at a given offered load, not at saturation */
		unsigned allowed = g.rate ? (unsigned)((now - t0) * g.rate / 1000000ULL) + 1 :
		    g.count;
		int wait_ms = 50;

		while (inflight < g.window && next < g.count && next < allowed) {
			if (send_bu(next) == -1) {
				perror("ha-load: sendmsg");
				return 2;
			}
			next++;
			inflight++;
		}
		if (g.rate && next < g.count) {
			uint64_t due = t0 + (uint64_t)next * 1000000ULL / g.rate;

			wait_ms = due > now ? (int)((due - now + 999) / 1000) : 0;
			if (wait_ms > 50)
				wait_ms = 50;
		}
		poll(&pfd, 1, wait_ms);
		while ((n = recv(g.rx, frame, sizeof(frame), 0)) > 0)
			if (on_frame(frame, (size_t)n)) {
				done++;
				inflight--;
			}
		now = now_us();
		for (i = 0; i < next; i++) {
			struct reg *r = &g.regs[i];

			if (r->done || r->lost || now - r->last_us < rto_us(r->tries))
				continue;
			if (r->tries == MAX_TRIES) {
				r->lost = 1;
				lost++;
				inflight--;
				continue;
			}
			send_bu(i);
			g.resent++;
		}
		/* every 5 s a line of progress: where a slow run loses its time shows in it */
		if (g.verbose && now - last_report >= 5 * 1000000ULL) {
			last_report = now;
			fprintf(stderr, "ha-load: %6.1f s: %u sent, %u answered, %u in flight, "
			    "%u retransmitted, %u given up, timeout %.1f s\n", (double)(now - t0) / 1e6,
			    next, done, inflight, g.resent, lost, rto_us(1) / 1e6);
		}
		/* a BA or a registration given up is progress; nothing for 60 s ends the run */
		if (done + lost != progress) {
			progress = done + lost;
			last_progress = now;
		} else if (now - last_progress > 60 * 1000000ULL) {
			fprintf(stderr, "ha-load: nothing answered or given up for 60 s\n");
			break;
		}
	}
	t1 = now_us();

	for (i = 0, k = 0; i < g.count; i++) {
		if (!g.regs[i].done)
			continue;
		status_count[g.regs[i].status]++;
		if (g.regs[i].status == 0)
			accepted++;
		lat[k++] = g.regs[i].latency_us;
	}
	qsort(lat, k, sizeof(lat[0]), cmp_u32);
	if (g.nmnp > 0)
		printf("ha-load: %u mobile routers with %u prefixes each, window %u: %u accepted, "
		    "%u refused, %u lost (%u answered after they were given up)\n", g.count, g.nmnp,
		    g.window, accepted, done - accepted, g.count - done, g.late);
	else
		printf("ha-load: %u mobile nodes, window %u%s: %u accepted, %u refused, %u lost "
		    "(%u answered after they were given up)\n",
		    g.count, g.window, g.rate ? ", paced" : "", accepted, done - accepted,
		    g.count - done, g.late);
	printf("ha-load: %.2f s, %.0f registrations/s, %u retransmissions\n",
	    (double)(t1 - t0) / 1e6, (double)done / ((double)(t1 - t0) / 1e6), g.resent);
	if (k > 0)
		printf("ha-load: BU-to-BA latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
		    lat[k / 2] / 1e3, lat[k * 9 / 10] / 1e3, lat[k * 99 / 100] / 1e3,
		    lat[k - 1] / 1e3);
	for (i = 1; i < 256; i++)
		if (status_count[i])
			printf("ha-load: %d BAs with status %u (%s)\n", status_count[i], i,
			    mh_ba_status_name((uint8_t)i));
	return accepted == g.count ? 0 : 1;
}
