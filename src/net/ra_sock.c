/* ra_sock.c - Router Advertisements as they arrive: a raw ICMPv6 socket filtered to type 134, and
 * the ICMPv6 errors (types 1 and 4) the mobile node's route optimization listens to */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>

#define LOG_SUBSYS "ra"
#include "log.h"
#include "loop.h"
#include "stats.h"
#include "ra_sock.h"

/*
 * RTM_NEWPREFIX carries neither the router's address, the H flag, the advertisement interval
 * nor the Home Agent Information option, and only for accepted RAs: the MN and HA read the
 * RAs themselves.  This file only delivers bytes; src/proto parses them.
 */

static int		 ra_fd = -1;
static struct loop_io	*ra_io;
static ra_sock_cb	 ra_cb;
static void		*ra_arg;

void
ra_sock_read(int fd)
{
	unsigned char buf[2048];
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				    CMSG_SPACE(sizeof(int))];
	} cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct cmsghdr *cm;
	struct in6_pktinfo pi;
	int hoplimit = -1, ifindex = 0;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &from;
	mh.msg_namelen = sizeof(from);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf.buf;
	mh.msg_controllen = sizeof(cbuf.buf);
	if ((n = recvmsg(fd, &mh, MSG_DONTWAIT)) == -1) {
		if (errno != EAGAIN && errno != EINTR)
			log_warn("RA socket");
		return;
	}
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		stats_inc("drop.ra-truncated");
		return;
	}
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			ifindex = (int)pi.ipi6_ifindex;
		} else if (cm->cmsg_type == IPV6_HOPLIMIT &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int)))
			memcpy(&hoplimit, CMSG_DATA(cm), sizeof(int));
	}
	if (ifindex != 0 && (buf[0] == ICMP6_DST_UNREACH || buf[0] == ICMP6_PARAM_PROB)) {
		/* errors about what the node sent (its parser reads the invoking packet) */
		stats_inc("rx.icmp6-error");
		if (ra_cb != NULL)
			ra_cb(ifindex, &from.sin6_addr, hoplimit, buf, (size_t)n, ra_arg);
		return;
	}
	if (ifindex == 0 || (size_t)n < sizeof(struct nd_router_advert) ||
	    buf[0] != ND_ROUTER_ADVERT) {
		stats_inc("drop.ra-short");
		return;
	}
	stats_inc("rx.ra");
	if (ra_cb != NULL)
		ra_cb(ifindex, &from.sin6_addr, hoplimit, buf, (size_t)n, ra_arg);
}

static void
readable(int fd, void *arg)
{
	ra_sock_read(fd);
}

int
ra_sock_open(ra_sock_cb cb, void *arg)
{
	struct icmp6_filter filt;
	int one = 1;

	if (ra_fd != -1)
		ra_sock_close();
	if ((ra_fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_ICMPV6)) == -1) {
		log_warn("RA socket");
		return -1;
	}
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filt);
	/* RFC 6275 11.3.5: a correspondent without Mobile IPv6 answers with these */
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &filt);
	if (setsockopt(ra_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) == -1 ||
	    setsockopt(ra_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) == -1 ||
	    setsockopt(ra_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) == -1) {
		log_warn("RA socket options");
		ra_sock_close();
		return -1;
	}
	ra_cb = cb;
	ra_arg = arg;
	if ((ra_io = loop_io_add(ra_fd, readable, NULL)) == NULL) {
		ra_sock_close();
		return -1;
	}
	return 0;
}

void
ra_sock_close(void)
{
	loop_io_free(ra_io);
	ra_io = NULL;
	if (ra_fd != -1)
		close(ra_fd);
	ra_fd = -1;
	ra_cb = NULL;
}
