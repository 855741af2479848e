/* kern.h - what the core asks of the kernel managers as a whole */
#ifndef MIP6D_KERN_H
#define MIP6D_KERN_H

#include <stddef.h>

/*
 * Check the kernel for what Mobile IPv6 needs (mip6 XFRM types, ip6ip6 tunnels, ...).
 * 0 when all is there; otherwise -1 with what is missing spelled out in why.
 */
int	kern_probe(char *why, size_t len);
/* Open netlink sockets and remove what an earlier, crashed mip6d left behind. */
int	kern_init(void);
/* Remove every kernel object mip6d installed, close the sockets. */
void	kern_shutdown(void);

#endif
