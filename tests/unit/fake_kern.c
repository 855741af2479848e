/*
 * fake_kern.c - the kernel managers as the core sees them (include/kern.h), as successful
 * no-ops, so that tests/unit/mip6d-fake runs the whole daemon on a kernel without Mobile IPv6
 * and without touching the host's routes, tunnels or XFRM state.
 *
 * Linked as an object before libmip6.a: the linker then takes no archive member for these
 * symbols.  Only the functions src/main.c calls are here; a role that calls more of kern/
 * pulls those members in, which must not define these three again.
 */
#include "config.h"

#include "kern.h"

int
kern_probe(char *why, size_t len)
{
	return 0;
}

int
kern_init(void)
{
	return 0;
}

void
kern_shutdown(void)
{
}
