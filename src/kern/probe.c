/* probe.c - placeholder until the kernel managers land */
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
