/* roles.c - start and stop the configured roles */
#include "config.h"

#include "conf.h"
#include "roles.h"

int
roles_start(const struct conf *c)
{
	return 0;
}

int
roles_reload(const struct conf *c)
{
	return 0;
}

void
roles_stop(void)
{
}

unsigned long
roles_binding_count(void)
{
	return 0;
}
