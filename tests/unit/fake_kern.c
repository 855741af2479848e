/*
 * fake_kern.c - the kernel managers as the core sees them (include/kern.h), as successful
 * no-ops, so that tests/unit/mip6d-fake runs the whole daemon on a kernel without Mobile IPv6
 * and without touching the host's routes, tunnels or XFRM state.
 *
 * mip6d-fake links with -Wl,--wrap=kern_probe (and kern_init, kern_shutdown): main.c's calls
 * land here whatever members of libmip6.a the roles pull in, and the real functions (in the
 * same member as kern_resync, which the netlink monitor calls) can be linked beside these
 * without a clash.  Only the functions src/main.c calls are faked.
 */
#include "config.h"

#include "kern.h"

int	__wrap_kern_probe(char *why, size_t len);
int	__wrap_kern_init(void);
void	__wrap_kern_shutdown(void);

int
__wrap_kern_probe(char *why, size_t len)
{
	return 0;
}

int
__wrap_kern_init(void)
{
	return 0;
}

void
__wrap_kern_shutdown(void)
{
}
