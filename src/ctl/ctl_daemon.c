/* ctl_daemon.c - the daemon's own commands on the control socket: status, reload, log-level.
 * main.c owns what they report on (the configuration, the start time) and the reload itself;
 * here they only read and answer, so that the fuzz target drives the same handlers. */
#include "config.h"

#include <stdint.h>
#include <unistd.h>

#include <json-c/json.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "ha_kern.h"
#include "ipsec_kern.h"
#include "log.h"
#include "loop.h"
#include "memtrim.h"
#include "roles.h"
#include "stats.h"

static struct ctl_daemon dm;

static void
add_counter(const char *name, uint64_t value, void *arg)
{
	json_object_object_add(arg, name, json_object_new_int64((int64_t)value));
}

/* The heap in use (a leak makes it grow with the work done) beside what the allocator holds
 * from the system (which fragmentation can grow without any leak, as the resident size does). */
static void
memory_json(struct json_object *resp)
{
	struct json_object *m = json_object_new_object();
	struct mem_heap h;

	if (mem_heap_get(&h) == 0) {
		json_object_object_add(m, "heap-in-use", json_object_new_int64((int64_t)h.in_use));
		json_object_object_add(m, "heap-arena", json_object_new_int64((int64_t)h.held));
		json_object_object_add(m, "heap-free", json_object_new_int64((int64_t)h.free));
	}
	json_object_object_add(resp, "memory", m);
}

static int
ctl_status(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *roles = json_object_new_array(), *counters = json_object_new_object();
	unsigned int r = dm.roles();

	if (r & ROLE_MN)
		json_object_array_add(roles, json_object_new_string("mn"));
	if (r & ROLE_HA)
		json_object_array_add(roles, json_object_new_string("ha"));
	if (r & ROLE_CN)
		json_object_array_add(roles, json_object_new_string("cn"));
	ipsec_stats_refresh();	/* the kernel's ESP drops, into the counters */
	ha_kern_stats_refresh();	/* and those of the reverse-tunnel check */
	stats_foreach(add_counter, counters);
	json_object_object_add(resp, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(resp, "pid", json_object_new_int((int)getpid()));
	json_object_object_add(resp, "config", json_object_new_string(dm.conf_path));
	json_object_object_add(resp, "roles", roles);
	json_object_object_add(resp, "started", json_object_new_int64((int64_t)dm.started));
	json_object_object_add(resp, "uptime",
	    json_object_new_int64((int64_t)((loop_now_ms() - dm.started_mono) / 1000)));
	json_object_object_add(resp, "bindings",
	    json_object_new_int64((int64_t)roles_binding_count()));
	json_object_object_add(resp, "errors",
	    json_object_new_int64((int64_t)(stats_sum_prefix("err.") + stats_sum_prefix("drop."))));
	json_object_object_add(resp, "log-level",
	    json_object_new_string(log_level_name(log_getlevel())));
	roles_status_json(resp);
	memory_json(resp);
	json_object_object_add(resp, "counters", counters);
	return 0;
}

static int
ctl_reload(struct json_object *req, struct json_object *resp, void *arg)
{
	if (dm.reload() == -1) {
		json_object_object_add(resp, "error", json_object_new_string(
		    "reload failed or needs a restart; see the daemon's log"));
		return -1;
	}
	return 0;
}

static int
ctl_log_level(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *lv;
	int level;

	if (json_object_object_get_ex(req, "level", &lv)) {
		level = log_level_parse(json_object_get_string(lv));
		if (level < 0) {
			json_object_object_add(resp, "error",
			    json_object_new_string("unknown log level"));
			return -1;
		}
		log_setlevel(level);
		log_notice("log level set to %s", log_level_name(level));
	}
	json_object_object_add(resp, "level",
	    json_object_new_string(log_level_name(log_getlevel())));
	return 0;
}

void
ctl_daemon_start(const struct ctl_daemon *d)
{
	dm = *d;
	control_register("status", ctl_status, NULL);
	control_register("reload", ctl_reload, NULL);
	control_register("log-level", ctl_log_level, NULL);
}
