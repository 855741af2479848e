/* mmsg.c - one sendmmsg per batch, stepping over the messages the kernel refuses */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "mmsg.h"

unsigned int
mmsg_send_all(int fd, struct mmsghdr *v, unsigned int n, mmsg_refused_fn refused, void *arg)
{
	unsigned int i = 0, sent = 0;
	int r;

	while (i < n) {
		r = fd == -1 ? -1 : sendmmsg(fd, v + i, n - i, 0);
		if (r > 0) {
			i += (unsigned int)r;
			sent += (unsigned int)r;
			continue;
		}
		if (r == -1 && errno == EINTR)
			continue;
		/* sendmmsg returns the first failure only when no message of the call left:
		 * the message at i is the refused one */
		refused(i, fd == -1 ? EBADF : (r == 0 ? EAGAIN : errno), arg);
		i++;
	}
	return sent;
}
