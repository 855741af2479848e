/* mip6d-ctl.c - placeholder */
#include "config.h"

#include <stdio.h>

int
main(int argc, char *argv[])
{
	printf("mip6d-ctl %s\n", PACKAGE_VERSION);
	return 0;
}
