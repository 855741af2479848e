/* nl.c - netlink request sockets shared by the kernel managers, with the kernel's own reasons */
#include "config.h"

#include <errno.h>
#include <stdio.h>
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
#include "kern_real.h"
#include "stats.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock	*sk_route;
static struct nl_sock	*sk_xfrm;
/*
 * Dumps read on sockets of their own: a dump's callbacks may send requests (a home link seen
 * up in a link dump puts its prefix routes back), and a request on the dump's socket would
 * read the rest of the dump as its answer, and the dump then a sequence number mismatch.
 */
static struct nl_sock	*sk_dump_route;
static struct nl_sock	*sk_dump_xfrm;
static int		 dumping;

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

static void batch_forget(void);

void
kern_nl_close(void)
{
	if (sk_route != NULL)
		nl_socket_free(sk_route);
	if (sk_xfrm != NULL)
		nl_socket_free(sk_xfrm);
	if (sk_dump_route != NULL)
		nl_socket_free(sk_dump_route);
	if (sk_dump_xfrm != NULL)
		nl_socket_free(sk_dump_xfrm);
	sk_route = sk_xfrm = sk_dump_route = sk_dump_xfrm = NULL;
	batch_forget();
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
 * Batches: while one is open, requests are queued per socket and leave several to a sendmsg
 * (KERN_NL_BATCH_BYTES at most), without NLM_F_ACK.  The kernel handles a netlink request in
 * the sender's sendmsg, one message after the other, and answers a message without NLM_F_ACK
 * only when it fails: when sendmsg returns, every error of the batch is already in our
 * receive queue, and one non-blocking read that finds it empty says that all of them went
 * through.  A binding's route, proxy entries and XFRM states and policies then cost two
 * sendmsg and two reads instead of a round trip each, and removing 100,000 bindings at
 * shutdown a few hundred.  Errors are matched to their request by sequence number.  The
 * journal lines of what a batch installs are written (one write) before it leaves.
 */
#define KERN_NL_BATCH_BYTES	(60 * 1024)	/* under the 256 KiB send buffer */
#define KERN_NL_BATCH_MAX	512

struct pending {
	uint32_t		 seq;
	int			 quiet;
	kern_nl_eexist_fn	 on_eexist;	/* called after the batch, for EEXIST */
	unsigned char		 arg[KERN_NL_EEXIST_ARG];
	char			 what[160];
};

struct queue {
	struct nl_sock	*sk;
	unsigned char	 buf[KERN_NL_BATCH_BYTES];
	size_t		 len;
	struct pending	 p[KERN_NL_BATCH_MAX];
	unsigned int	 n;
};

static struct {
	int		 depth;		/* kern_batch_begin nests */
	unsigned int	 failures;	/* since the outermost begin */
	uint32_t	 seq;
	struct queue	 q[2];		/* route, xfrm */
} batch;

/* The failures of the batch while it is suspended (kern_batch_suspend): a request answered
 * on its own meanwhile is its caller's to handle, not the batch's. */
static unsigned int suspended_failures;

/* The retries of failed requests that asked for one, run once the batch is out. */
struct retry {
	kern_nl_eexist_fn fn;
	unsigned char	  arg[KERN_NL_EEXIST_ARG];
};

static void
parse_extack(const struct nlmsghdr *h, const struct nlmsgerr *e, char *out, size_t outlen)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off;

	out[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off >= h->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + NLMSG_ALIGN(off)),
	    (int)(h->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off)), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG] != NULL)
		nla_strlcpy(out, tb[NLMSGERR_ATTR_MSG], outlen);
}

static void
batch_fail(const struct pending *p, int err, const char *extack, struct retry *rt,
    unsigned int *nrt)
{
	if (err == EEXIST && p->on_eexist != NULL) {
		rt[*nrt].fn = p->on_eexist;
		memcpy(rt[*nrt].arg, p->arg, sizeof(p->arg));
		(*nrt)++;
		return;
	}
	stats_inc("kern.request-failures");
	batch.failures++;
	if (!quiet_for(err, p->quiet))
		log_warnx("%s: %s%s%s%s", p->what, strerror(err), extack[0] ? " (kernel: " : "",
		    extack, extack[0] ? ")" : "");
}

/* Send what q holds and read its errors. */
static void
queue_flush(struct queue *q)
{
	static unsigned char rbuf[32768];
	struct retry rt[KERN_NL_BATCH_MAX];	/* local: a retry may flush a queue again */
	struct sockaddr_nl peer;
	struct nlmsghdr *h;
	struct nlmsgerr *e;
	char extack[256];
	unsigned int i, n, nrt = 0;
	uint32_t first;
	ssize_t r;
	int fd;

	/* the reverse-tunnel check's entries first: each in place before its route.  A map
	 * that grows meanwhile queues its routes' replacements here too: counted from now,
	 * so that their answers are read like the others'. */
	batch.failures += (unsigned int)kern_tunnel_check_flush_held();
	n = q->n;
	if (n == 0)
		return;
	first = q->p[0].seq;
	q->n = 0;
	kern_rec_journal_flush();
	fd = nl_socket_get_fd(q->sk);
	memset(&peer, 0, sizeof(peer));
	peer.nl_family = AF_NETLINK;
	while ((r = sendto(fd, q->buf, q->len, 0, (struct sockaddr *)&peer, sizeof(peer))) == -1 &&
	    errno == EINTR)
		;
	q->len = 0;
	stats_inc("kern.batches");
	if (r == -1) {
		log_warn("batch of %u requests: cannot send", n);
		for (i = 0; i < n; i++)
			batch_fail(&q->p[i], EIO, "", rt, &nrt);
		return;
	}
	for (;;) {
		r = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				/* ENOBUFS: errors were lost; say so, the objects are recorded */
				log_warn("batch of %u requests: reading the answers", n);
				stats_inc("kern.request-failures");
				batch.failures++;
			}
			break;
		}
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)r); h = NLMSG_NEXT(h, r)) {
			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				continue;
			e = NLMSG_DATA(h);
			i = h->nlmsg_seq - first;
			if (e->error == 0 || i >= n || q->p[i].seq != h->nlmsg_seq)
				continue;
			parse_extack(h, e, extack, sizeof(extack));
			batch_fail(&q->p[i], -e->error, extack, rt, &nrt);
		}
	}
	/* retries go out on their own (a batch may be open again by then: they queue) */
	for (i = 0; i < nrt; i++)
		rt[i].fn(rt[i].arg);
}

/* The sockets are closed: what their queues held goes nowhere. */
static void
batch_forget(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		batch.q[i].sk = NULL;
		batch.q[i].len = 0;
		batch.q[i].n = 0;
	}
}

static void
batch_flush(void)
{
	queue_flush(&batch.q[0]);
	queue_flush(&batch.q[1]);
	/* no request left names a program a growth replaced */
	kern_tunnel_check_release();
}

void
kern_batch_begin(void)
{
	if (batch.depth++ == 0)
		batch.failures = 0;
}

int
kern_batch_end(void)
{
	if (batch.depth == 0 || --batch.depth > 0)
		return 0;
	batch_flush();
	return (int)batch.failures;
}

int
kern_batch_suspend(void)
{
	int depth = batch.depth;

	if (depth == 0)
		return 0;
	/* what the batch queued leaves first: the requests that follow may depend on it */
	batch_flush();
	batch.depth = 0;
	suspended_failures = batch.failures;
	return depth;
}

void
kern_batch_resume(int depth)
{
	if (depth == 0)
		return;
	batch.depth = depth;
	batch.failures = suspended_failures;
}

int
kern_batch_open(void)
{
	return batch.depth > 0;
}

static struct queue *
queue_of(struct nl_sock *sk)
{
	int i;

	for (i = 0; i < 2; i++)
		if (batch.q[i].sk == sk)
			return &batch.q[i];
	for (i = 0; i < 2; i++)
		if (batch.q[i].sk == NULL) {
			batch.q[i].sk = sk;
			return &batch.q[i];
		}
	return NULL;
}

static int
batch_add(struct queue *q, struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet,
    kern_nl_eexist_fn on_eexist, const void *arg, size_t arglen)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);
	struct pending *p;

	if (len > sizeof(q->buf)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	if (q->len + len > sizeof(q->buf) || q->n == KERN_NL_BATCH_MAX)
		queue_flush(q);
	h->nlmsg_pid = nl_socket_get_local_port(sk);
	/* our own numbers: libnl's counter stays in step with the answers it waits for */
	h->nlmsg_seq = ++batch.seq;
	h->nlmsg_flags = (uint16_t)((h->nlmsg_flags | NLM_F_REQUEST) & ~NLM_F_ACK);
	memcpy(q->buf + q->len, h, h->nlmsg_len);
	memset(q->buf + q->len + h->nlmsg_len, 0, len - h->nlmsg_len);
	q->len += len;
	p = &q->p[q->n++];
	p->seq = h->nlmsg_seq;
	p->quiet = quiet;
	p->on_eexist = on_eexist;
	if (on_eexist != NULL)
		memcpy(p->arg, arg, arglen < sizeof(p->arg) ? arglen : sizeof(p->arg));
	snprintf(p->what, sizeof(p->what), "%s", what);
	nlmsg_free(msg);
	stats_inc("kern.requests");
	return 0;
}

int
kern_nl_request_ex(struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet,
    kern_nl_eexist_fn on_eexist, const void *arg, size_t arglen)
{
	struct queue *q;
	int rc;

	if (sk != NULL && batch.depth > 0 && (q = queue_of(sk)) != NULL)
		return batch_add(q, sk, msg, what, quiet, on_eexist, arg, arglen);
	rc = kern_nl_request(sk, msg, what, on_eexist != NULL ? quiet | KERN_NL_QUIET_EEXIST :
	    quiet);
	if (rc == -EEXIST && on_eexist != NULL) {
		on_eexist(arg);
		return 0;
	}
	return rc;
}

int
kern_nl_request(struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet)
{
	struct queue *q;
	int rc, err;

	req.error = 0;
	req.extack[0] = '\0';
	if (sk == NULL) {
		nlmsg_free(msg);
		return -ENOTCONN;
	}
	if (batch.depth > 0 && (q = queue_of(sk)) != NULL)
		return batch_add(q, sk, msg, what, quiet, NULL, NULL, 0);
	kern_rec_journal_flush();
	rc = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	stats_inc("kern.requests");
	if (rc < 0) {
		stats_inc("kern.request-failures");
		log_warnx("%s: cannot send: %s", what, nl_geterror(rc));
		return -EIO;
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

/* The dump socket of request socket sk (opened at its first dump); other sockets are their own. */
static struct nl_sock *
dump_sock(struct nl_sock *sk)
{
	struct nl_sock **d;
	int proto;

	if (sk == sk_route) {
		d = &sk_dump_route;
		proto = NETLINK_ROUTE;
	} else if (sk == sk_xfrm) {
		d = &sk_dump_xfrm;
		proto = NETLINK_XFRM;
	} else
		return sk;
	if (*d == NULL && (*d = open_sock(proto)) == NULL)
		log_warnx("cannot open a netlink socket for dumps");
	return *d;
}

static int
dump_on(struct nl_sock *sk, struct nl_msg *(*build)(void), kern_nl_dump_cb cb, void *arg)
{
	struct dump_ctx c;
	struct nl_msg *msg;
	struct nl_cb *ncb, *orig;
	int rc, tries;

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

int
kern_nl_dump(struct nl_sock *sk, struct nl_msg *(*build)(void), kern_nl_dump_cb cb, void *arg)
{
	int rc;

	if (sk == NULL || (sk = dump_sock(sk)) == NULL)
		return -ENOTCONN;
	/* one dump at a time: a callback's own dump would read this one's rest */
	if (dumping) {
		log_warnx("dump inside a dump's callback: not done");
		return -EBUSY;
	}
	dumping = 1;
	rc = dump_on(sk, build, cb, arg);
	dumping = 0;
	return rc;
}
