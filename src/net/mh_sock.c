/* mh_sock.c - the raw IPPROTO_MH socket: the only code that sends or receives Mobility Headers */
#include "config.h"

#define LOG_SUBSYS "mh"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/ip6.h>

#include "ext_hdr.h"
#include "log.h"
#include "loop.h"
#include "mh_sock.h"
#include "mmsg.h"
#include "stats.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH 135
#endif

/* Bursts of thousands of BUs (a home agent restarting its mobile nodes' registrations, a
 * correspondent under load) must queue rather than vanish: a larger receive buffer, and the
 * kernel's count of what it still dropped (SO_RXQ_OVFL) as a counter. */
#define MH_SOCK_RCVBUF	(1 << 20)

static int		 mh_fd = -1;
static uint32_t		 rx_overflow;	/* the kernel's running drop count, last seen */
static struct loop_io	*mh_io;
static mh_sock_rx_fn	 rx_fn;
static void		*rx_arg;

void
mh_rx_parse_cmsgs(struct mh_rx *rx, struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		const uint8_t *data = CMSG_DATA(c);
		size_t dlen = c->cmsg_len - CMSG_LEN(0);

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL &&
		    dlen >= sizeof(uint32_t)) {
			uint32_t n;

			memcpy(&n, data, sizeof(n));
			if (n != rx_overflow) {
				stats_add("drop.socket-overflow", (uint32_t)(n - rx_overflow));
				rx_overflow = n;
			}
			continue;
		}
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		switch (c->cmsg_type) {
		case IPV6_PKTINFO:
			if (dlen >= sizeof(struct in6_pktinfo)) {
				struct in6_pktinfo pi;

				memcpy(&pi, data, sizeof(pi));
				rx->dst = pi.ipi6_addr;
				rx->ifindex = (int)pi.ipi6_ifindex;
			}
			break;
		case IPV6_HOPLIMIT:
			if (dlen >= sizeof(int))
				memcpy(&rx->hoplimit, data, sizeof(int));
			break;
		case IPV6_DSTOPTS:
			if (ext_hao_parse(data, dlen, &rx->coa, NULL) == EXT_OK)
				rx->has_hao = 1;
			break;
		case IPV6_RTHDR:
			/* Already processed: it holds the care-of address it went to. */
			if (ext_rt2_parse(data, dlen, &rx->rt2_addr, NULL, NULL) == EXT_OK)
				rx->has_rt2 = 1;
			break;
		}
	}
}

static mh_sock_burst_fn burst_fn;

void
mh_sock_set_burst(mh_sock_burst_fn fn)
{
	burst_fn = fn;
}

/*
 * Up to RX_BATCH messages per system call (recvmmsg), RX_ROUNDS calls per wake-up: a burst of
 * Binding Updates costs one call per RX_BATCH of them, not one each, and one busy peer cannot
 * starve the rest of the loop.
 */
#define RX_BATCH	16
#define RX_ROUNDS	4

static struct {
	struct mh_rx		 rx[RX_BATCH];
	struct sockaddr_in6	 from[RX_BATCH];
	uint8_t			 cbuf[RX_BATCH][512];
	struct iovec		 iov[RX_BATCH];
	struct mmsghdr		 mm[RX_BATCH];
} rxb;

static void
mh_sock_read_burst(int fd)
{
	int i, k, n;

	for (k = 0; k < RX_ROUNDS; k++) {
		for (i = 0; i < RX_BATCH; i++) {
			struct msghdr *msg = &rxb.mm[i].msg_hdr;

			rxb.iov[i].iov_base = rxb.rx[i].buf;
			rxb.iov[i].iov_len = sizeof(rxb.rx[i].buf);
			memset(msg, 0, sizeof(*msg));
			msg->msg_name = &rxb.from[i];
			msg->msg_namelen = sizeof(rxb.from[i]);
			msg->msg_iov = &rxb.iov[i];
			msg->msg_iovlen = 1;
			msg->msg_control = rxb.cbuf[i];
			msg->msg_controllen = sizeof(rxb.cbuf[i]);
		}
		n = recvmmsg(fd, rxb.mm, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("recvmmsg");
			return;
		}
		for (i = 0; i < n; i++) {
			struct msghdr *msg = &rxb.mm[i].msg_hdr;
			struct mh_rx *rx = &rxb.rx[i];

			if (msg->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
				stats_inc("drop.truncated");
				continue;
			}
			rx->len = rxb.mm[i].msg_len;
			rx->src = rxb.from[i].sin6_addr;
			rx->has_hao = rx->has_rt2 = 0;
			memset(&rx->dst, 0, sizeof(rx->dst));
			memset(&rx->coa, 0, sizeof(rx->coa));
			memset(&rx->rt2_addr, 0, sizeof(rx->rt2_addr));
			rx->ifindex = 0;
			rx->hoplimit = -1;
			mh_rx_parse_cmsgs(rx, msg);
			rx_fn(rx, rx_arg);
		}
		if (n < RX_BATCH)
			return;		/* drained */
	}
}

static void
mh_sock_read(int fd, void *arg)
{
	if (burst_fn != NULL)
		burst_fn(0);
	mh_sock_read_burst(fd);
	if (burst_fn != NULL)
		burst_fn(1);
}

int
mh_sock_open_real(mh_sock_rx_fn fn, void *arg)
{
	int on = 1, off = -1;

	if (mh_fd != -1)
		return 0;
	mh_fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_MH);
	if (mh_fd == -1) {
		log_warn("Mobility Header socket");
		return -1;
	}
	/*
	 * Linux checksums raw Mobility Header sockets itself (offset 4), with the packet's
	 * source address in the pseudo-header.  RFC 6275 6.1.1 wants the home address there
	 * when a Home Address option is present, so the kernel would spoil every BU sent from a
	 * care-of address and drop every one received.  The codec computes and checks it.
	 */
	if (setsockopt(mh_fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off)) == -1 ||
	    setsockopt(mh_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == -1 ||
	    setsockopt(mh_fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS, &on, sizeof(on)) == -1 ||
	    setsockopt(mh_fd, IPPROTO_IPV6, IPV6_RECVRTHDR, &on, sizeof(on)) == -1 ||
	    setsockopt(mh_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) == -1) {
		log_warn("Mobility Header socket options");
		close(mh_fd);
		mh_fd = -1;
		return -1;
	}
	on = MH_SOCK_RCVBUF;
	if (setsockopt(mh_fd, SOL_SOCKET, SO_RCVBUFFORCE, &on, sizeof(on)) == -1)
		(void)setsockopt(mh_fd, SOL_SOCKET, SO_RCVBUF, &on, sizeof(on));
	on = 1;
	(void)setsockopt(mh_fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	rx_overflow = 0;
	rx_fn = fn;
	rx_arg = arg;
	mh_io = loop_io_add(mh_fd, mh_sock_read, NULL);
	if (mh_io == NULL) {
		close(mh_fd);
		mh_fd = -1;
		return -1;
	}
	return 0;
}

void
mh_sock_close_real(void)
{
	mh_sock_tx_flush();	/* what a burst held still leaves */
	loop_io_free(mh_io);
	mh_io = NULL;
	if (mh_fd != -1)
		close(mh_fd);
	mh_fd = -1;
}

#define MH_CBUF_LEN	(CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(EXT_HAO_HDR_LEN) + \
			    CMSG_SPACE(EXT_RT2_HDR_LEN))

/* One message of tx in msg (to, iov and cbuf its storage): the source by IPV6_PKTINFO, the
 * Home Address option and the type 2 routing header as ancillary data when tx asks for them. */
static void
msg_build(const struct mh_tx *tx, struct msghdr *msg, struct sockaddr_in6 *to,
    struct iovec *iov, uint8_t *cbuf)
{
	struct in6_pktinfo pi;
	struct cmsghdr *c;
	size_t clen = 0;

	memset(to, 0, sizeof(*to));
	to->sin6_family = AF_INET6;
	to->sin6_addr = tx->dst;
	memset(cbuf, 0, MH_CBUF_LEN);
	iov->iov_base = (void *)tx->buf;
	iov->iov_len = tx->len;
	memset(msg, 0, sizeof(*msg));
	msg->msg_name = to;
	msg->msg_namelen = sizeof(*to);
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = cbuf;
	msg->msg_controllen = MH_CBUF_LEN;

	c = CMSG_FIRSTHDR(msg);
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_addr = tx->src;
	pi.ipi6_ifindex = (unsigned int)tx->ifindex;
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	clen += CMSG_SPACE(sizeof(pi));
	if (tx->hao != NULL) {
		c = CMSG_NXTHDR(msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_DSTOPTS;
		c->cmsg_len = CMSG_LEN(ext_hao_build(CMSG_DATA(c), EXT_HAO_HDR_LEN, 0, tx->hao));
		clen += CMSG_SPACE(EXT_HAO_HDR_LEN);
	}
	if (tx->rt2_coa != NULL) {
		c = CMSG_NXTHDR(msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_RTHDR;
		c->cmsg_len = CMSG_LEN(ext_rt2_build(CMSG_DATA(c), EXT_RT2_HDR_LEN, 0,
		    tx->rt2_coa));
		clen += CMSG_SPACE(EXT_RT2_HDR_LEN);
	}
	msg->msg_controllen = clen;
}

/* Send tx->buf on fd (a raw IPv6 socket) from tx->src, with the Home Address option and the
 * type 2 routing header as ancillary data when tx asks for them; shared by the ICMPv6
 * socket (icmp6_sock.c).  0, or -1 with errno. */
int
mh_sock_sendmsg(int fd, const struct mh_tx *tx)
{
	uint8_t cbuf[MH_CBUF_LEN];
	struct sockaddr_in6 to;
	struct iovec iov;
	struct msghdr msg;

	if (fd == -1) {
		errno = EBADF;
		return -1;
	}
	msg_build(tx, &msg, &to, &iov, cbuf);
	if (sendmsg(fd, &msg, 0) == -1) {
		stats_inc("err.send");
		return -1;
	}
	return 0;
}

/*
 * Held sends (mh_sock_tx_hold): the BAs of a burst of home registrations leave together, in
 * one sendmmsg, instead of a system call each.  A message too long for a slot leaves at once.
 */
#define TX_HELD_MAX	64
#define TX_HELD_LEN	256	/* a BA with its options is under 64 bytes */

struct tx_held {
	uint8_t		 buf[TX_HELD_LEN];
	struct mh_tx	 tx;
	struct in6_addr	 hao, rt2_coa;
};

static struct {
	int		 held;
	unsigned int	 n;
	struct tx_held	 m[TX_HELD_MAX];
} txq;

/* the message at i was refused */
static void
tx_refused(unsigned int i, int err, void *arg)
{
	(void)i;
	(void)err;
	(void)arg;
	stats_inc("err.send");
}

static void
tx_flush(void)
{
	static struct mmsghdr v[TX_HELD_MAX];
	static struct sockaddr_in6 to[TX_HELD_MAX];
	static struct iovec iov[TX_HELD_MAX];
	static uint8_t cbuf[TX_HELD_MAX][MH_CBUF_LEN];
	unsigned int i, n = txq.n;

	txq.n = 0;
	if (n == 0)
		return;
	memset(v, 0, n * sizeof(v[0]));
	for (i = 0; i < n; i++)
		msg_build(&txq.m[i].tx, &v[i].msg_hdr, &to[i], &iov[i], cbuf[i]);
	stats_inc("mh.tx-batches");
	(void)mmsg_send_all(mh_fd, v, n, tx_refused, NULL);
}

void
mh_sock_tx_hold(void)
{
	txq.held = 1;
}

void
mh_sock_tx_flush(void)
{
	tx_flush();
	txq.held = 0;
}

int
mh_send_real(const struct mh_tx *tx)
{
	struct tx_held *m;

	if (!txq.held || tx->len > TX_HELD_LEN)
		return mh_sock_sendmsg(mh_fd, tx);
	if (mh_fd == -1) {
		errno = EBADF;
		return -1;
	}
	if (txq.n == TX_HELD_MAX)
		tx_flush();
	m = &txq.m[txq.n++];
	memcpy(m->buf, tx->buf, tx->len);
	m->tx = *tx;
	m->tx.buf = m->buf;
	if (tx->hao != NULL) {
		m->hao = *tx->hao;
		m->tx.hao = &m->hao;
	}
	if (tx->rt2_coa != NULL) {
		m->rt2_coa = *tx->rt2_coa;
		m->tx.rt2_coa = &m->rt2_coa;
	}
	return 0;
}
