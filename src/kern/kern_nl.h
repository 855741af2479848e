/* kern_nl.h - what the kernel managers share: request sockets, errors, the ownership record */
#ifndef MIP6D_KERN_NL_H
#define MIP6D_KERN_NL_H

#include <stddef.h>
#include <stdint.h>

struct nl_sock;
struct nl_msg;
struct nlmsghdr;

/*
 * Request sockets: blocking, one per netlink family, NETLINK_EXT_ACK on, kept apart from the
 * event sockets of monitor.c so that a multicast message never meets a sequence check.
 * They open lazily, so that a manager works without kern_init() (tests, kern-exercise).
 */
struct nl_sock *kern_nl_route(void);
struct nl_sock *kern_nl_xfrm(void);
void	kern_nl_close(void);

/* Errors that a caller expects and handles: not logged. */
#define KERN_NL_QUIET_ENOENT	0x01	/* ENOENT, ESRCH, EADDRNOTAVAIL: already gone */
#define KERN_NL_QUIET_EEXIST	0x02
#define KERN_NL_QUIET_ALL	0x04	/* probing: the caller reports */

/*
 * Send msg (always consumed) and wait for the kernel's answer.  Returns 0 or -errno.  A failure
 * is logged as "what: strerror (kernel: extended ACK text)".
 */
int	kern_nl_request(struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet);
/*
 * The same, with something to do when the kernel answers EEXIST (an object of that key was
 * already there: update it instead).  fn gets a copy of arg (at most KERN_NL_EEXIST_ARG
 * bytes): in a batch it runs after the batch has left, else at once; the EEXIST itself is
 * then no failure.
 */
#define KERN_NL_EEXIST_ARG	64
typedef void (*kern_nl_eexist_fn)(const void *arg);
int	kern_nl_request_ex(struct nl_sock *sk, struct nl_msg *msg, const char *what, int quiet,
	    kern_nl_eexist_fn fn, const void *arg, size_t arglen);
/* The extended ACK text of the last failed request, "" when the kernel gave none. */
const char *kern_nl_extack(void);

/*
 * Dump: send msg (consumed; built with NLM_F_DUMP) and call cb for every answer message.
 * cb returns 0 to go on.  Returns 0 or -errno.  Retries on an interrupted dump.
 */
typedef int (*kern_nl_dump_cb)(struct nlmsghdr *h, void *arg);
int	kern_nl_dump(struct nl_sock *sk, struct nl_msg *(*build)(void), kern_nl_dump_cb cb,
	    void *arg);

/*
 * Ownership record.  Every manager records what it installed, keyed by the bytes that identify
 * the kernel object, with the bytes needed to install it again (resync after an overrun).
 * Objects the kernel cannot mark as ours (XFRM states, proxy entries, addresses) are also
 * written to a journal file before they are installed; see rec.c.
 */
enum kern_rec_kind {
	KREC_SA,		/* XFRM state */
	KREC_POLICY,		/* XFRM policy */
	KREC_ROUTE,
	KREC_RULE,
	KREC_PROXY,		/* proxy neighbour entry */
	KREC_ADDR,
	KREC_LINK,		/* tunnel device */
	KREC_SYSCTL,		/* interface knob, with its value from before */
	KREC_NKINDS
};

/*
 * Keys and values are structures (addresses, ifindexes, policies) read in place through
 * KREC_KEY/KREC_VAL: data[] and the value that follows the key are aligned for any type, as
 * malloc's memory is, so that no read is misaligned on any architecture.
 */
#define KREC_ALIGN		_Alignof(max_align_t)
#define KREC_VALOFF(keylen)	(((size_t)(keylen) + KREC_ALIGN - 1) & ~(KREC_ALIGN - 1))

struct kern_rec {
	struct kern_rec	*next;
	uint8_t		 kind;
	uint16_t	 keylen;
	uint16_t	 vallen;
	_Alignas(max_align_t) unsigned char data[];	/* key, padding, value */
};

#define KREC_KEY(r)	((void *)(r)->data)
#define KREC_VAL(r)	((void *)((r)->data + KREC_VALOFF((r)->keylen)))

/*
 * Lifetime: a record is freed by kern_rec_del() and by a kern_rec_put() of the same key, so a
 * key or value pointer obtained from a record is dead after either.  Both may be given the
 * record's own key and value (they copy and journal before they free).
 */
/* Insert or replace; journal: also write it to the journal file first. 0 or -1. */
int	kern_rec_put(int kind, const void *key, size_t keylen, const void *val, size_t vallen,
	    int journal);
struct kern_rec *kern_rec_get(int kind, const void *key, size_t keylen);
/* Forget a record (and journal its removal if it was journalled). */
void	kern_rec_del(int kind, const void *key, size_t keylen, int journal);
/*
 * Call fn for every record of a kind.  fn may delete or replace any record, the one it is given
 * included; a record put during the walk may or may not be visited.
 */
void	kern_rec_foreach(int kind, void (*fn)(struct kern_rec *, void *), void *arg);
size_t	kern_rec_count(int kind);

/* Journal file ("" or NULL: none).  Default /run/mip6d/kern-<netns inode>.journal. */
void	kern_rec_set_journal(const char *path);
const char *kern_rec_journal(void);
/*
 * Replay the journal left by an earlier process: fn gets every object added and not removed.
 * Then start an empty journal.
 */
int	kern_rec_replay(void (*fn)(int kind, const void *key, size_t keylen, void *arg),
	    void *arg);
/* Write the journal lines waiting in memory (done before every netlink request leaves). */
void	kern_rec_journal_flush(void);
/* Remove the journal (clean shutdown, nothing left installed). */
void	kern_rec_journal_remove(void);

#endif
