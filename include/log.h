/* log.h - logging helpers: syslog or stderr, levels, a subsystem prefix per line */
#ifndef MIP6D_LOG_H
#define MIP6D_LOG_H

#include <stdarg.h>
#include <syslog.h>

/*
 * Each .c file may define LOG_SUBSYS before including this header; every line it logs is then
 * prefixed "subsys: ".  Files that do not define it log as "main".
 */
#ifndef LOG_SUBSYS
#define LOG_SUBSYS "main"
#endif

enum log_dest {
	LOG_DEST_SYSLOG,	/* syslog(3), facility daemon */
	LOG_DEST_STDERR,	/* foreground: timestamped lines on stderr */
	LOG_DEST_JOURNAL,	/* stderr is the journal: "<prio>" prefix, no timestamp */
};

void	log_init(const char *ident, enum log_dest dest, int level);
void	log_close(void);
/* Choose stderr or journal style by looking at $JOURNAL_STREAM. */
enum log_dest log_dest_for_stderr(void);
void	log_setlevel(int level);
int	log_getlevel(void);
/* Parse "err", "warning", "info", "debug" or 0-7; returns -1 when unknown. */
int	log_level_parse(const char *s);
const char *log_level_name(int level);

void	log_msg(int prio, const char *subsys, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	log_vmsg(int prio, const char *subsys, const char *fmt, va_list ap);
/* Like log_msg, with ": strerror(errno)" appended. */
void	log_msg_errno(int prio, const char *subsys, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	log_fatal(int with_errno, const char *subsys, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));

#define log_warn(...)	log_msg_errno(LOG_WARNING, LOG_SUBSYS, __VA_ARGS__)
#define log_warnx(...)	log_msg(LOG_WARNING, LOG_SUBSYS, __VA_ARGS__)
#define log_err(...)	log_msg_errno(LOG_ERR, LOG_SUBSYS, __VA_ARGS__)
#define log_errx(...)	log_msg(LOG_ERR, LOG_SUBSYS, __VA_ARGS__)
#define log_notice(...)	log_msg(LOG_NOTICE, LOG_SUBSYS, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, LOG_SUBSYS, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, LOG_SUBSYS, __VA_ARGS__)
#define fatal(...)	log_fatal(1, LOG_SUBSYS, __VA_ARGS__)
#define fatalx(...)	log_fatal(0, LOG_SUBSYS, __VA_ARGS__)

#endif
