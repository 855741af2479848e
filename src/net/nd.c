/* nd.c - DAD for home addresses and unsolicited Neighbour Advertisements, on a raw ICMPv6 socket */
#include "config.h"

#define LOG_SUBSYS "nd"

#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "events.h"
#include "nd.h"
#include "stats.h"
#include "util.h"

struct dad_probe {
	struct dad_probe	*next;
	struct in6_addr		 addr;
	int			 ifindex;
	int			 defended;
	nd_dad_fn		 fn;
	void			*arg;
	struct loop_timer	*timer;
};

static int		 nd_fd = -1;
static struct loop_io	*nd_io;
/* Few probes run at once (one per first registration in the last second): a list will do. */
static struct dad_probe	*probes;

void
nd_solicited_node(const struct in6_addr *a, struct in6_addr *out)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };

	memcpy(out->s6_addr, pfx, sizeof(pfx));
	memcpy(out->s6_addr + 13, a->s6_addr + 13, 3);
}

static struct dad_probe *
probe_find(int ifindex, const struct in6_addr *addr)
{
	struct dad_probe *p;

	for (p = probes; p != NULL; p = p->next)
		if (p->ifindex == ifindex && addr_eq(&p->addr, addr))
			return p;
	return NULL;
}

static void
probe_unlink(struct dad_probe *p)
{
	struct dad_probe **pp;

	for (pp = &probes; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	loop_timer_free(p->timer);
	free(p);
}

static void
probe_done(void *arg)
{
	struct dad_probe *p = arg;
	nd_dad_fn fn = p->fn;
	void *fnarg = p->arg;
	struct in6_addr addr = p->addr;
	int ifindex = p->ifindex, ok = !p->defended;

	probe_unlink(p);
	stats_inc(ok ? "nd.dad-ok" : "nd.dad-failed");
	events_dad(&addr, ok);
	fn(&addr, ifindex, ok, fnarg);
}

/*
 * A Neighbour Advertisement for the target, or another node's DAD probe (NS from ::) for it,
 * means the address is in use (RFC 4862 5.4.3, 5.4.4).
 */
static void
nd_read(int fd, void *arg)
{
	uint8_t buf[1500];
	struct sockaddr_in6 from;
	socklen_t flen;
	struct nd_neighbor_advert *na;
	struct dad_probe *p;
	struct in6_addr target;
	ssize_t n;
	int i, ifindex;
	uint8_t cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg;
	struct cmsghdr *c;

	for (i = 0; i < 64; i++) {
		memset(&msg, 0, sizeof(msg));
		flen = sizeof(from);
		msg.msg_name = &from;
		msg.msg_namelen = flen;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n == -1)
			return;
		if ((size_t)n < sizeof(*na))
			continue;
		ifindex = 0;
		for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				ifindex = (int)pi.ipi6_ifindex;
			}
		na = (struct nd_neighbor_advert *)buf;
		if (na->nd_na_code != 0)
			continue;
		memcpy(&target, &na->nd_na_target, sizeof(target));
		if (na->nd_na_type == ND_NEIGHBOR_SOLICIT && !addr_is_unspecified(&from.sin6_addr))
			continue;	/* address resolution, not a rival probe */
		p = probe_find(ifindex, &target);
		if (p != NULL && !p->defended) {
			log_info("%s is defended on ifindex %d by %s", addr_str(&target), ifindex,
			    addr_str(&from.sin6_addr));
			p->defended = 1;
			/* Answer at once: no need to wait out the timer. */
			loop_timer_arm(p->timer, 0);
		}
	}
}

int
nd_open(void)
{
	struct icmp6_filter filt;
	int on = 1, off = 0, hops = 255;

	if (nd_fd != -1)
		return 0;
	nd_fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (nd_fd == -1) {
		log_warn("ICMPv6 socket");
		return -1;
	}
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_ADVERT, &filt);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_SOLICIT, &filt);
	if (setsockopt(nd_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) == -1 ||
	    /* our own probes must not come back and look like a rival's */
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) == -1) {
		log_warn("ICMPv6 socket options");
		close(nd_fd);
		nd_fd = -1;
		return -1;
	}
	nd_io = loop_io_add(nd_fd, nd_read, NULL);
	return 0;
}

void
nd_close(void)
{
	while (probes != NULL)
		probe_unlink(probes);
	loop_io_free(nd_io);
	nd_io = NULL;
	if (nd_fd != -1)
		close(nd_fd);
	nd_fd = -1;
}

static int
nd_sendto(int ifindex, const struct in6_addr *dst, const struct in6_addr *src,
    const void *buf, size_t len)
{
	uint8_t cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct sockaddr_in6 to;
	struct in6_pktinfo pi;
	struct iovec iov = { (void *)buf, len };
	struct msghdr msg;
	struct cmsghdr *c;

	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	to.sin6_addr = *dst;
	to.sin6_scope_id = (uint32_t)ifindex;
	memset(&msg, 0, sizeof(msg));
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
	memset(&pi, 0, sizeof(pi));
	if (src != NULL)
		pi.ipi6_addr = *src;
	pi.ipi6_ifindex = (unsigned int)ifindex;
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(nd_fd, &msg, 0) == -1) {
		log_warn("send to %s on ifindex %d", addr_str(dst), ifindex);
		return -1;
	}
	return 0;
}

int
nd_dad_start(int ifindex, const struct in6_addr *addr, nd_dad_fn fn, void *arg)
{
	struct nd_neighbor_solicit ns;
	struct in6_addr dst;
	struct ipv6_mreq mreq;
	struct dad_probe *p;

	if (probe_find(ifindex, addr) != NULL)
		return 0;	/* already probing: the first caller's callback answers */
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	p->timer = loop_timer_new(probe_done, p);
	if (p->timer == NULL) {
		free(p);
		return -1;
	}
	p->addr = *addr;
	p->ifindex = ifindex;
	p->fn = fn;
	p->arg = arg;
	p->next = probes;
	probes = p;

	nd_solicited_node(addr, &dst);
	/* Hear rival probes for the same address (RFC 4862 5.4.3). */
	memset(&mreq, 0, sizeof(mreq));
	mreq.ipv6mr_multiaddr = dst;
	mreq.ipv6mr_interface = (unsigned int)ifindex;
	setsockopt(nd_fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof(mreq));

	/* RFC 4862 5.4.2: from the unspecified address, no source link-layer option. */
	memset(&ns, 0, sizeof(ns));
	ns.nd_ns_type = ND_NEIGHBOR_SOLICIT;
	memcpy(&ns.nd_ns_target, addr, sizeof(*addr));
	stats_inc("nd.dad-started");
	if (nd_sendto(ifindex, &dst, &in6addr_any, &ns, sizeof(ns)) == -1)
		stats_inc("err.nd-send");
	loop_timer_arm(p->timer, ND_DAD_TIMEOUT_MS);
	return 0;
}

void
nd_dad_cancel(int ifindex, const struct in6_addr *addr)
{
	struct dad_probe *p = probe_find(ifindex, addr);

	if (p != NULL)
		probe_unlink(p);
}

static int
if_lladdr(int ifindex, uint8_t mac[6])
{
	struct ifreq ifr;
	int fd, rc = -1;

	memset(&ifr, 0, sizeof(ifr));
	if (if_indextoname((unsigned int)ifindex, ifr.ifr_name) == NULL)
		return -1;
	if ((fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
		rc = 0;
	}
	close(fd);
	return rc;
}

int
nd_send_unsolicited_na(int ifindex, const struct in6_addr *target, int router)
{
	struct {
		struct nd_neighbor_advert na;
		uint8_t opt[8];
	} pkt;
	struct in6_addr all_nodes;
	uint8_t mac[6];

	if (if_lladdr(ifindex, mac) == -1) {
		log_warnx("no link-layer address on ifindex %d", ifindex);
		return -1;
	}
	memset(&pkt, 0, sizeof(pkt));
	pkt.na.nd_na_type = ND_NEIGHBOR_ADVERT;
	/* RFC 6275 10.4.1: Override set, Solicited clear; Router as this node is one */
	pkt.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE | (router ? ND_NA_FLAG_ROUTER : 0);
	memcpy(&pkt.na.nd_na_target, target, sizeof(*target));
	pkt.opt[0] = ND_OPT_TARGET_LINKADDR;
	pkt.opt[1] = 1;
	memcpy(pkt.opt + 2, mac, 6);
	addr_parse("ff02::1", &all_nodes);
	stats_inc("tx.na");
	return nd_sendto(ifindex, &all_nodes, NULL, &pkt, sizeof(pkt));
}
