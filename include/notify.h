/* notify.h - service manager notifications (sd_notify); no-ops without libsystemd */
#ifndef MIP6D_NOTIFY_H
#define MIP6D_NOTIFY_H

void	notify_ready(void);
void	notify_reloading(void);
void	notify_stopping(void);
void	notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
