/* mn.c - placeholder until the role lands */
#include "config.h"

#include "conf.h"
#include "roles.h"

int
mn_start(const struct conf *c)
{
	return 0;
}

int
mn_reload(const struct conf *c)
{
	return 0;
}

void
mn_stop(void)
{
}
