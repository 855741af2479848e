/* control.c - placeholder until the control socket lands */
#include "config.h"

#include "control.h"

int
control_open(const char *path, mode_t mode, const char *group)
{
	return 0;
}

void
control_close(void)
{
}

int
control_register(const char *cmd, control_handler fn, void *arg)
{
	return 0;
}
