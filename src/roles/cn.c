/* cn.c - placeholder until the role lands */
#include "config.h"

#include "conf.h"
#include "roles.h"

int
cn_start(const struct conf *c)
{
	return 0;
}

int
cn_reload(const struct conf *c)
{
	return 0;
}

void
cn_stop(void)
{
}

unsigned long
cn_binding_count(void)
{
	return 0;
}
