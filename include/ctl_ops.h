/* ctl_ops.h - the operator's commands on the control socket: status, reload and log-level,
 * metrics (and their HTTP listener), monitor, bc/bul show, del and flush */
#ifndef MIP6D_CTL_OPS_H
#define MIP6D_CTL_OPS_H

#include <stddef.h>

struct conf;
struct metrics_buf;

#include <stdint.h>
#include <time.h>

/* ctl_daemon.c: status, reload and log-level, over what main.c owns */
struct ctl_daemon {
	const char	*conf_path;
	time_t		 started;	/* wall clock */
	uint64_t	 started_mono;	/* loop_now_ms() at start */
	unsigned int	(*roles)(void);	/* the configured roles (ROLE_*) */
	int		(*reload)(void);	/* 0, or -1 (failed, or needs a restart) */
};
void	ctl_daemon_start(const struct ctl_daemon *d);

/* Register the commands and start the metrics listener if configured; 0, or -1. */
int	ctl_ops_start(const struct conf *c);
void	ctl_ops_stop(void);

/* ctl_metrics.c: every counter and gauge of the daemon as exposition text into out. */
int	ctl_metrics_render(struct metrics_buf *out);
int	ctl_metrics_start(const struct conf *c);
void	ctl_metrics_stop(void);

/* ctl_monitor.c: the event stream */
void	ctl_monitor_start(void);
void	ctl_monitor_stop(void);
unsigned int ctl_monitor_clients(void);
/* Bytes one monitor client may have waiting before it is dropped (tests set it small). */
void	ctl_monitor_set_limit(size_t bytes);

#endif
