/* kern.h - what the core asks of the kernel managers as a whole */
#ifndef MIP6D_KERN_H
#define MIP6D_KERN_H

#include <stddef.h>

#include "kern_ops.h"

/*
 * Marks that tell mip6d's kernel objects from everyone else's (see src/kern/rec.c), so that a
 * start after a crash removes exactly what an earlier mip6d left behind.
 */
#define KERN_RTPROT		109	/* routes (rtm_protocol) and rules (FRA_PROTOCOL) */
#define KERN_XFRM_PRIO_BASE	0x6d00	/* XFRM policy priorities: base + role priority */
#define KERN_XFRM_PRIO_SPAN	256
#define KERN_TUNNEL_PREFIX	"mip6"	/* tunnel device names */
#define KERN_JOURNAL_DIR	"/run/mip6d"	/* journal of unmarkable objects */

/* Journal file of what cannot be marked (default KERN_JOURNAL_DIR/kern-<netns>.journal). */
void	kern_set_journal(const char *path);

/*
 * Check the kernel for what Mobile IPv6 needs (mip6 XFRM types, ip6ip6 tunnels, ...).
 * 0 when all is there; otherwise -1 with what is missing spelled out in why.
 * Side-effect free: the tries run in a private network namespace when possible.
 */
static inline int
kern_probe(char *why, size_t len)
{
	return kern_ops->probe(why, len);
}

/* Open netlink sockets and remove what an earlier, crashed mip6d left behind. */
static inline int
kern_init(void)
{
	return kern_ops->init();
}

/* Remove every kernel object mip6d installed, close the sockets. */
static inline void
kern_shutdown(void)
{
	kern_ops->shutdown();
}

/*
 * Remove every object that carries mip6d's marks or is listed in the journal, whoever
 * installed it (kern_init does this; mip6d-less tools may too).  Returns how many went.
 */
int	kern_cleanup_leftovers(void);
/* Install again everything recorded (after a netlink overrun lost events). */
void	kern_resync(void);

/*
 * Around many requests: they queue per netlink socket and leave several to a sendmsg when a
 * queue is full and at the outermost end (see nl.c).  Requests made in between return 0 at
 * once; failures are logged when the batch leaves.  Batches nest: only the outermost end
 * sends, and it returns how many requests of the whole batch failed (an inner end returns 0).
 * One binding's objects in a batch of their own cost two sendmsg, and their end says whether
 * all of them are in place.
 */
void	kern_batch_begin(void);
int	kern_batch_end(void);
/*
 * Step out of an open batch: what it queued leaves now, and requests made until
 * kern_batch_resume(the value returned) go one by one, each answered before it returns (for
 * a caller that must know at once, and undo, what the kernel refused: ESP states and
 * policies).  Failures of the batch before the suspension still count at its end.
 */
int	kern_batch_suspend(void);
void	kern_batch_resume(int depth);
/* Whether a batch is open (requests made now return 0 before the kernel saw them). */
int	kern_batch_open(void);

#endif
