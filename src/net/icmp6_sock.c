/* icmp6_sock.c - raw ICMPv6 sockets for DHAAD, mobile prefix discovery and the home agent's
 * Router Advertisements (the only code that sends or receives them) */
#include "config.h"

#define LOG_SUBSYS "icmp6"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>

#include "icmp6.h"
#include "icmp6_sock.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

struct icmp6_sock {
	int		 fd;
	struct loop_io	*io;
	icmp6_sock_fn	 fn;
	void		*arg;
};

static void
readable(int fd, void *arg)
{
	static struct mh_rx rx;
	struct icmp6_sock *s = arg;
	uint8_t cbuf[512];
	struct sockaddr_in6 from;
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;
	int i;

	for (i = 0; i < 32; i++) {
		rx.has_hao = rx.has_rt2 = 0;
		rx.ifindex = 0;
		rx.hoplimit = -1;
		memset(&rx.dst, 0, sizeof(rx.dst));
		iov.iov_base = rx.buf;
		iov.iov_len = sizeof(rx.buf);
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(fd, &msg, MSG_DONTWAIT)) == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("ICMPv6 socket");
			return;
		}
		if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
			stats_inc("drop.icmp6-truncated");
			continue;
		}
		rx.len = (size_t)n;
		rx.src = from.sin6_addr;
		mh_rx_parse_cmsgs(&rx, &msg);
		if (s->fn != NULL)
			s->fn(&rx, s->arg);
	}
}

struct icmp6_sock *
icmp6_sock_open(const uint8_t *types, size_t ntypes, icmp6_sock_fn fn, void *arg)
{
	struct icmp6_filter filt;
	struct icmp6_sock *s;
	int on = 1, off = 0;
	size_t i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_ICMPV6)) == -1) {
		log_warn("ICMPv6 socket");
		free(s);
		return NULL;
	}
	ICMP6_FILTER_SETBLOCKALL(&filt);
	for (i = 0; i < ntypes; i++)
		ICMP6_FILTER_SETPASS(types[i], &filt);
	/* multicast loop off: a home agent's own RAs (from radvd) are not other home agents */
	if (setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) == -1 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == -1 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) == -1 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS, &on, sizeof(on)) == -1 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVRTHDR, &on, sizeof(on)) == -1 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) == -1) {
		log_warn("ICMPv6 socket options");
		close(s->fd);
		free(s);
		return NULL;
	}
	s->fn = fn;
	s->arg = arg;
	if ((s->io = loop_io_add(s->fd, readable, s)) == NULL) {
		close(s->fd);
		free(s);
		return NULL;
	}
	return s;
}

void
icmp6_sock_close(struct icmp6_sock *s)
{
	if (s == NULL)
		return;
	loop_io_free(s->io);
	close(s->fd);
	free(s);
}

static int
anycast(struct icmp6_sock *s, int opt, int ifindex, const struct in6_addr *addr)
{
	struct ipv6_mreq mr;

	memset(&mr, 0, sizeof(mr));
	mr.ipv6mr_multiaddr = *addr;
	mr.ipv6mr_interface = (unsigned int)ifindex;
	return setsockopt(s->fd, IPPROTO_IPV6, opt, &mr, sizeof(mr));
}

int
icmp6_sock_join_anycast(struct icmp6_sock *s, int ifindex, const struct in6_addr *addr)
{
	return anycast(s, IPV6_JOIN_ANYCAST, ifindex, addr);
}

int
icmp6_sock_leave_anycast(struct icmp6_sock *s, int ifindex, const struct in6_addr *addr)
{
	return anycast(s, IPV6_LEAVE_ANYCAST, ifindex, addr);
}

int
icmp6_sock_send(struct icmp6_sock *s, const struct mh_tx *tx)
{
	return mh_sock_sendmsg(s->fd, tx);
}

void
icmp6_ha_anycast(const struct in6_addr *prefix, int plen, struct in6_addr *out)
{
	int i;

	*out = *prefix;
	if (plen == 64) {
		/* RFC 2526 2: EUI-64 format identifiers, the u bit clear */
		static const uint8_t iid[8] = { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };

		memcpy(out->s6_addr + 8, iid, 8);
		return;
	}
	for (i = plen < 0 ? 0 : plen; i < 128; i++)
		out->s6_addr[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	out->s6_addr[15] = 0xfe;	/* all ones but the anycast ID 0x7e */
}
