/* conf.h - mip6d.conf: one libconfuse schema for every role */
#ifndef MIP6D_CONF_H
#define MIP6D_CONF_H

#include <sys/types.h>

#define ROLE_MN		0x1
#define ROLE_HA		0x2
#define ROLE_CN		0x4

/*
 * The parsed configuration.  The conf module fills the role-specific parts; the fields below
 * are the ones the core (main.c) relies on.
 */
struct conf {
	char		*path;
	unsigned int	 roles;		/* ROLE_* bits */
	int		 log_level;	/* syslog level, -1 when not set */
	char		*control_path;
	mode_t		 control_mode;
	char		*control_group;	/* NULL: the daemon's group */
};

/* Receives each problem as one line "file:line: option: message". */
typedef void (*conf_report_fn)(const char *msg, void *arg);

/* Parse and validate; every problem is reported. NULL when there was any. */
struct conf *conf_load(const char *path, conf_report_fn report, void *arg);
void	conf_free(struct conf *c);
/*
 * After a reload: 0 when new can replace old at run time; otherwise 1, with the settings that
 * need a restart named in why.
 */
int	conf_needs_restart(const struct conf *old, const struct conf *new, char *why, size_t len);

#endif
