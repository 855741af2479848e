/*
 * fake_daemon.c - what makes tests/unit/mip6d-fake of src/main.c: the fake tables are put in
 * force before main() runs, so the whole daemon runs on any kernel and leaves the host's
 * network configuration alone.
 */
#include "config.h"

#include "fake_kern.h"

static void fake_daemon_install(void) __attribute__((constructor));

static void
fake_daemon_install(void)
{
	kern_ops_set(&fake_kern_ops);
}
