/* main.c - mip6d start-up: options, pid file, signals, wiring of the modules; nothing else */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "kern.h"
#include "log.h"
#include "metrics.h"
#include "loop.h"
#include "memtrim.h"
#include "notify.h"
#include "roles.h"
#include "stats.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONF	SYSCONFDIR "/mip6d.conf"

static struct {
	const char	*conf_path;
	const char	*pid_path;
	struct conf	*conf;
	int		 foreground;
	int		 cmdline_level;	/* -d, overrides the configuration; -1 when not given */
	int		 pid_fd;
	time_t		 started;	/* wall clock, for status */
	uint64_t	 started_mono;
	int		 exit_code;
	struct loop_timer *status_timer;	/* keeps the service manager's STATUS= current */
	unsigned long	 last_bindings;
} d = { .cmdline_level = -1, .pid_fd = -1, .last_bindings = (unsigned long)-1 };

#define STATUS_INTERVAL_MS	10000

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: mip6d [-fn] [-c file] [-d level] [-p pidfile]\n"
	    "  -c, --config FILE     configuration file (default " DEFAULT_CONF ")\n"
	    "  -f, --foreground      stay in the foreground, log to stderr\n"
	    "  -d, --debug LEVEL     log level: err, warning, notice, info, debug (or 0-7)\n"
	    "  -n, --check           check the configuration, print every problem, exit\n"
	    "  -p, --pidfile FILE    write the process id to FILE and lock it\n"
	    "  -V, --version         print the version and exit\n"
	    "  -h, --help            print this help and exit\n");
}

static void
report_stderr(const char *msg, void *arg)
{
	fprintf(stderr, "%s\n", msg);
}

static void
report_log(const char *msg, void *arg)
{
	log_errx("%s", msg);
}

/*
 * Lock the pid file so that a second daemon on the same file refuses to start; the lock
 * disappears with the process, so a stale file after a crash does not block a restart.
 */
static int
pidfile_open(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1) {
		log_err("pid file %s", path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		log_errx("another mip6d is running (pid file %s, pid %s)", path,
		    buf[0] ? buf : "?");
		close(fd);
		return -1;
	}
	return fd;
}

static int
pidfile_write(int fd)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, len, 0) != len)
		return -1;
	return 0;
}

/* when the signal to stop came, for the time the stop took (a figure of issue 17) */
static uint64_t terminate_ns;

static void
on_terminate(void *arg)
{
	terminate_ns = metrics_mono_ns();
	log_notice("signal %s: shutting down", (const char *)arg);
	notify_stopping();
	loop_exit();
}

static void
apply_log_level(const struct conf *c)
{
	if (d.cmdline_level >= 0)
		log_setlevel(d.cmdline_level);
	else if (c->log_level >= 0)
		log_setlevel(c->log_level);
}

static const char *
roles_str(unsigned int roles)
{
	static char buf[16];

	snprintf(buf, sizeof(buf), "%s%s%s", roles & ROLE_MN ? "mn " : "",
	    roles & ROLE_HA ? "ha " : "", roles & ROLE_CN ? "cn " : "");
	if (buf[0])
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

static void
update_status(void)
{
	unsigned long n = roles_binding_count();

	if (n == d.last_bindings)
		return;
	d.last_bindings = n;
	notify_status("roles: %s; bindings: %lu", roles_str(d.conf->roles), n);
}

static void
on_status_timer(void *arg)
{
	update_status();
	loop_timer_arm(d.status_timer, STATUS_INTERVAL_MS);
}

/* Reload: what can change at run time is applied; the rest is named and kept as it was. */
static int
reload(void)
{
	struct conf *nc;
	char why[512];

	notify_reloading();
	log_info("reloading %s", d.conf_path);
	nc = conf_load(d.conf_path, report_log, NULL);
	if (nc == NULL) {
		log_warnx("reload: %s has errors; keeping the running configuration",
		    d.conf_path);
		stats_inc("err.reload");
		notify_ready();
		return -1;
	}
	if (conf_needs_restart(d.conf, nc, why, sizeof(why))) {
		log_warnx("reload: restart mip6d to apply: %s", why);
		conf_free(nc);
		notify_ready();
		return -1;
	}
	if (roles_reload(nc) == -1) {
		log_warnx("reload: the roles refused the new configuration; keeping the old");
		conf_free(nc);
		notify_ready();
		return -1;
	}
	conf_free(d.conf);
	d.conf = nc;
	apply_log_level(nc);
	log_info("reloaded %s", d.conf_path);
	notify_ready();
	d.last_bindings = (unsigned long)-1;	/* the roles may read differently now */
	update_status();
	return 0;
}

static void
on_hangup(void *arg)
{
	reload();
}

static unsigned int
conf_roles(void)
{
	return d.conf->roles;
}

static int
run(void)
{
	uint64_t t_roles;
	char why[512];

	if (kern_probe(why, sizeof(why)) == -1) {
		log_errx("this kernel cannot run Mobile IPv6: %s", why);
		return 1;
	}
	if (loop_init() == -1)
		fatalx("cannot create the event loop");
	if (control_open(d.conf->control_path, d.conf->control_mode,
	    d.conf->control_group) == -1)
		return 1;
	ctl_daemon_start(&(struct ctl_daemon){ .conf_path = d.conf_path, .started = d.started,
	    .started_mono = d.started_mono, .roles = conf_roles, .reload = reload });
	if (kern_init() == -1) {
		control_close();
		return 1;
	}
	loop_signal_add(SIGTERM, on_terminate, "TERM");
	loop_signal_add(SIGINT, on_terminate, "INT");
	loop_signal_add(SIGHUP, on_hangup, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (roles_start(d.conf) == -1) {
		kern_shutdown();
		control_close();
		return 1;
	}
	if (ctl_ops_start(d.conf) == -1) {
		roles_stop();
		kern_shutdown();
		control_close();
		return 1;
	}
	log_info("mip6d %s started, roles: %s", PACKAGE_VERSION, roles_str(d.conf->roles));
	notify_ready();
	if ((d.status_timer = loop_timer_new(on_status_timer, NULL)) != NULL)
		on_status_timer(NULL);
	memtrim_start();

	if (loop_run() == -1)
		log_errx("event loop failed");
	loop_timer_free(d.status_timer);
	memtrim_stop();

	ctl_ops_stop();
	roles_stop();
	t_roles = metrics_mono_ns();
	kern_shutdown();
	control_close();
	loop_free();
	if (terminate_ns != 0)
		log_notice("stopped, %.1f s after the signal (roles %.1f s, kernel managers %.1f s)",
		    (double)(metrics_mono_ns() - terminate_ns) / 1e9,
		    (double)(t_roles - terminate_ns) / 1e9,
		    (double)(metrics_mono_ns() - t_roles) / 1e9);
	else
		log_info("stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "foreground",	no_argument,	   NULL, 'f' },
		{ "debug",	required_argument, NULL, 'd' },
		{ "check",	no_argument,	   NULL, 'n' },
		{ "pidfile",	required_argument, NULL, 'p' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, check = 0, rc;

	d.conf_path = DEFAULT_CONF;
	while ((ch = getopt_long(argc, argv, "c:fd:np:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			d.conf_path = optarg;
			break;
		case 'f':
			d.foreground = 1;
			break;
		case 'd':
			d.cmdline_level = log_level_parse(optarg);
			if (d.cmdline_level < 0) {
				fprintf(stderr, "mip6d: -d: unknown log level '%s'\n", optarg);
				return 1;
			}
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			d.pid_path = optarg;
			break;
		case 'V':
			printf("mip6d %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "mip6d: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 1;
	}

	d.conf = conf_load(d.conf_path, report_stderr, NULL);
	if (check) {
		if (d.conf == NULL)
			return 1;
		printf("%s: configuration OK (roles: %s)\n", d.conf_path,
		    roles_str(d.conf->roles));
		conf_free(d.conf);
		return 0;
	}
	if (d.conf == NULL)
		return 1;

	log_init("mip6d", d.foreground ? log_dest_for_stderr() : LOG_DEST_SYSLOG, LOG_INFO);
	apply_log_level(d.conf);

	if (d.pid_path != NULL && (d.pid_fd = pidfile_open(d.pid_path)) == -1)
		return 1;
	if (!d.foreground && daemon(0, 0) == -1)
		fatal("daemon");
	if (d.pid_fd != -1 && pidfile_write(d.pid_fd) == -1)
		log_warn("cannot write pid file %s", d.pid_path);
	d.started = time(NULL);
	d.started_mono = loop_now_ms();

	rc = run();

	if (d.pid_fd != -1) {
		unlink(d.pid_path);
		close(d.pid_fd);
	}
	conf_free(d.conf);
	log_close();
	return rc;
}
