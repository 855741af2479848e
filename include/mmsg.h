/* mmsg.h - sending a batch of datagrams with sendmmsg until each has left or been refused */
#ifndef MIP6D_MMSG_H
#define MIP6D_MMSG_H

#include <sys/socket.h>

/* Called for the message at i when the kernel refused it (sendmmsg reports only the first
 * failure of a call; the rest of the batch is sent by the next call). */
typedef void (*mmsg_refused_fn)(unsigned int i, int err, void *arg);

/* Send v[0..n-1] on fd (fd -1: every message is refused with EBADF).  Returns how many left. */
unsigned int	mmsg_send_all(int fd, struct mmsghdr *v, unsigned int n, mmsg_refused_fn refused,
		    void *arg);

#endif
