/* conf.c - placeholder: the libconfuse schema lands with the configuration work */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

struct conf *
conf_load(const char *path, conf_report_fn report, void *arg)
{
	struct conf *c = calloc(1, sizeof(*c));
	FILE *f = fopen(path, "r");
	char msg[512];

	if (f == NULL) {
		snprintf(msg, sizeof(msg), "%s: cannot open", path);
		report(msg, arg);
		free(c);
		return NULL;
	}
	fclose(f);
	c->path = strdup(path);
	c->roles = ROLE_CN;
	c->log_level = -1;
	c->control_path = strdup("/run/mip6d.sock");
	c->control_mode = 0600;
	return c;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->control_path);
	free(c->control_group);
	free(c);
}

int
conf_needs_restart(const struct conf *old, const struct conf *new, char *why, size_t len)
{
	return 0;
}
