/* log.c - logging to syslog, stderr or the journal */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum log_dest	log_dest = LOG_DEST_STDERR;
static int		log_level = LOG_INFO;

static const char *const level_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

void
log_init(const char *ident, enum log_dest dest, int level)
{
	log_dest = dest;
	log_level = level;
	if (dest == LOG_DEST_SYSLOG)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_close(void)
{
	if (log_dest == LOG_DEST_SYSLOG)
		closelog();
}

/*
 * systemd sets JOURNAL_STREAM=dev:ino when stderr is connected to the journal; then the journal
 * adds its own timestamps and understands a "<prio>" prefix (sd-daemon(3)).
 */
enum log_dest
log_dest_for_stderr(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return LOG_DEST_STDERR;
	if (fstat(STDERR_FILENO, &st) == -1)
		return LOG_DEST_STDERR;
	if ((unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino)
		return LOG_DEST_JOURNAL;
	return LOG_DEST_STDERR;
}

void
log_setlevel(int level)
{
	log_level = level;
}

int
log_getlevel(void)
{
	return log_level;
}

int
log_level_parse(const char *s)
{
	size_t i;
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end == '\0')
		return (v >= 0 && v <= LOG_DEBUG) ? (int)v : -1;
	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(s, "warn") == 0)
		return LOG_WARNING;
	return -1;
}

const char *
log_level_name(int level)
{
	if (level < 0 || level > LOG_DEBUG)
		return "unknown";
	return level_names[level];
}

void
log_vmsg(int prio, const char *subsys, const char *fmt, va_list ap)
{
	char msg[1024];
	struct timespec ts;
	struct tm tm;
	int saved = errno;

	if (prio > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	switch (log_dest) {
	case LOG_DEST_SYSLOG:
		syslog(prio, "%s: %s", subsys, msg);
		break;
	case LOG_DEST_JOURNAL:
		fprintf(stderr, "<%d>%s: %s\n", prio, subsys, msg);
		break;
	case LOG_DEST_STDERR:
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		fprintf(stderr, "%02d:%02d:%02d.%03ld %-7s %s: %s\n", tm.tm_hour, tm.tm_min,
		    tm.tm_sec, ts.tv_nsec / 1000000, level_names[prio & 7], subsys, msg);
		break;
	}
	errno = saved;
}

void
log_msg(int prio, const char *subsys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(prio, subsys, fmt, ap);
	va_end(ap);
}

void
log_msg_errno(int prio, const char *subsys, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg(prio, subsys, "%s: %s", buf, strerror(saved));
	errno = saved;
}

void
log_fatal(int with_errno, const char *subsys, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (with_errno)
		log_msg(LOG_CRIT, subsys, "fatal: %s: %s", buf, strerror(saved));
	else
		log_msg(LOG_CRIT, subsys, "fatal: %s", buf);
	exit(1);
}
