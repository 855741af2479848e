/* nl.c - netlink request sockets shared by the kernel managers, with the kernel's own reasons */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "kern.h"
#include "kern_nl.h"
#include "stats.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock	*sk_route;
static struct nl_sock	*sk_xfrm;

/* Filled by the error callback of the request in flight. */
static struct {
	int	error;			/* -errno from the kernel */
	char	extack[256];
} req;

/*
 * libnl has no extended ACK support: parse NLMSGERR_ATTR_MSG ourselves.  The nlmsgerr handed
 * to the callback sits right after its nlmsghdr.  NETLINK_CAP_ACK is set, so the TLVs follow
 * the error header without the echoed request.
 */
static int
on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off;

	req.error = e->error;
	req.extack[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off >= h->nlmsg_len)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + NLMSG_ALIGN(off)),
	    (int)(h->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off)), NULL) < 0)
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG] != NULL)
		nla_strlcpy(req.extack, tb[NLMSGERR_ATTR_MSG], sizeof(req.extack));
	return NL_STOP;
}

static struct nl_sock *
open_sock(int proto)
{
	struct nl_sock *sk;
	int one = 1;

	if ((sk = nl_socket_alloc()) == NULL)
		return NULL;
	if (nl_connect(sk, proto) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	/* Dumps of 100,000 routes or states: leave room (libnl sets only 32 KiB). */
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 18);
	nl_socket_set_msg_buf_size(sk, 32768);
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, NULL);
	return sk;
}

struct nl_sock *
kern_nl_route(void)
{
	if (sk_route == NULL && (sk_route = open_sock(NETLINK_ROUTE)) == NULL)
		log_warnx("cannot open a NETLINK_ROUTE socket");
	return sk_route;
}

struct nl_sock *
kern_nl_xfrm(void)
{
	if (sk_xfrm == NULL && (sk_xfrm = open_sock(NETLINK_XFRM)) == NULL)
		log_warnx("cannot open a NETLINK_XFRM socket");
	return sk_xfrm;
}

void
kern_nl_close(void)
{
	if (sk_route != NULL)
		nl_socket_free(sk_route);
	if (sk_xfrm != NULL)
		nl_socket_free(sk_xfrm);
	sk_route = sk_xfrm = NULL;
}

const char *
kern_nl_extack(void)
{
	return req.extack;
}

static int
quiet_for(int err, int quiet)
{
	if (quiet & KERN_NL_QUIET_ALL)
		return 1;
	if ((quiet & KERN_NL_QUIET_ENOENT) &&
	    (err == ENOENT || err == ESRCH || err == EADDRNOTAVAIL || err == ENODEV))
		return 1;
	if ((quiet & KERN_NL_QUIET_EEXIST) && err == EEXIST)
		return 1;
	return 0;
}

/*
 * Batches: while one is open, requests leave without waiting for their answers, and the
 * answers are collected every KERN_NL_BATCH requests and at the end.  Removing 100,000
 * bindings at shutdown then costs one round trip per batch instead of one per object.  The
 * kernel answers in order, so libnl's sequence check holds.
 */
#define KERN_NL_BATCH	128

static struct {
	int		 open;
	unsigned int	 pending;
	struct nl_sock	*sk;
	int		 quiet;
} batch;

static void
batch_drain(void)
{
	int err;

	while (batch.pending > 0) {
		batch.pending--;
		req.error = 0;
		req.extack[0] = '\0';
		if (nl_wait_for_ack(batch.sk) >= 0)
			continue;
		err = req.error < 0 ? -req.error : EIO;
		stats_inc("kern.request-failures");
		if (!quiet_for(err, batch.quiet))
			log_warnx("batched request: %s%s%s%s", strerror(err),
			    req.extack[0] ? " (kernel: " : "", req.extack,
			    req.extack[0] ? ")" : "");
	}
}

void
kern_batch_begin(void)
{
	batch.open = 1;
}

void
kern_batch_end(void)
{
	batch_drain();
	batch.open = 0;
	batch.sk = NULL;
}

int
kern_nl_request(struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet)
{
	int rc, err;

	req.error = 0;
	req.extack[0] = '\0';
	if (sk == NULL) {
		nlmsg_free(msg);
		return -ENOTCONN;
	}
	if (batch.open && batch.sk != sk)
		batch_drain();
	rc = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	stats_inc("kern.requests");
	if (rc < 0) {
		stats_inc("kern.request-failures");
		log_warnx("%s: cannot send: %s", what, nl_geterror(rc));
		return -EIO;
	}
	if (batch.open) {
		batch.sk = sk;
		batch.quiet = quiet;
		if (++batch.pending >= KERN_NL_BATCH)
			batch_drain();
		return 0;
	}
	rc = nl_wait_for_ack(sk);
	if (rc >= 0)
		return 0;
	/* libnl folds errno into NLE_*: prefer the kernel's number caught by on_error. */
	err = req.error < 0 ? -req.error : EIO;
	stats_inc("kern.request-failures");
	if (!quiet_for(err, quiet)) {
		if (req.extack[0] != '\0')
			log_warnx("%s: %s (kernel: %s)", what, strerror(err), req.extack);
		else
			log_warnx("%s: %s", what, strerror(err));
	}
	return -err;
}

struct dump_ctx {
	kern_nl_dump_cb	 cb;
	void		*arg;
	int		 rc;
};

static int
on_dump(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *c = arg;

	if (c->rc == 0)
		c->rc = c->cb(nlmsg_hdr(msg), c->arg);
	return NL_OK;
}

int
kern_nl_dump(struct nl_sock *sk, struct nl_msg *(*build)(void), kern_nl_dump_cb cb, void *arg)
{
	struct dump_ctx c;
	struct nl_msg *msg;
	struct nl_cb *ncb, *orig;
	int rc, tries;

	if (sk == NULL)
		return -ENOTCONN;
	for (tries = 0; tries < 5; tries++) {
		if ((msg = build()) == NULL)
			return -ENOMEM;
		rc = nl_send_auto(sk, msg);
		nlmsg_free(msg);
		if (rc < 0)
			return -EIO;
		orig = nl_socket_get_cb(sk);
		ncb = nl_cb_clone(orig);
		nl_cb_put(orig);
		if (ncb == NULL)
			return -ENOMEM;
		c.cb = cb;
		c.arg = arg;
		c.rc = 0;
		nl_cb_set(ncb, NL_CB_VALID, NL_CB_CUSTOM, on_dump, &c);
		req.error = 0;
		rc = nl_recvmsgs(sk, ncb);
		nl_cb_put(ncb);
		if (rc == -NLE_DUMP_INTR)
			continue;	/* the table changed under the dump: again */
		if (rc < 0) {
			log_warnx("dump: %s", req.error ? strerror(-req.error) : nl_geterror(rc));
			return req.error ? req.error : -EIO;
		}
		return c.rc;
	}
	return -EAGAIN;
}
