/* ctl_metrics.c - every counter and gauge of the daemon in the Prometheus text format:
 * mip6d-ctl metrics, and an optional HTTP listener (metrics { listen }) on the event loop */
#include "config.h"

#define LOG_SUBSYS "metrics"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <json-c/json.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "ha_sync.h"
#include "ipsec_kern.h"
#include "log.h"
#include "loop.h"
#include "memtrim.h"
#include "metrics.h"
#include "roles.h"
#include "stats.h"

struct coll {
	struct metrics_sample	*s;
	size_t			 n, cap;
	int			 err;
};

static struct {
	struct evhttp		*http;
	time_t			 started;
} m;

static struct metrics_sample *
slot(struct coll *c)
{
	struct metrics_sample *n;
	size_t cap;

	if (c->n == c->cap) {
		cap = c->cap ? c->cap * 2 : 128;
		if ((n = reallocarray(c->s, cap, sizeof(*n))) == NULL) {
			c->err = 1;
			return NULL;
		}
		c->s = n;
		c->cap = cap;
	}
	return &c->s[c->n++];
}

static void
add(struct coll *c, const char *family, enum metrics_type type, const char *help, double v,
    const char *l1, const char *v1, const char *l2, const char *v2)
{
	struct metrics_sample *s = slot(c);

	if (s != NULL)
		metrics_set(s, family, type, help, v, l1, v1, l2, v2);
}

/*
 * The named counters of stats.h ("drop.bad-checksum") become labelled families; a prefix
 * without a rule of its own becomes mip6d_PREFIX_events_total{event}.
 */
static const struct {
	const char	*prefix;
	const char	*family;
	const char	*label;
	const char	*help;
} rules[] = {
	{ "rx.", "mip6d_mh_received_total", "type",
	  "Valid Mobility Header messages received, by type" },
	{ "tx.", "mip6d_mh_sent_total", "type", "Mobility Header messages sent, by type" },
	{ "drop.", "mip6d_dropped_total", "reason", "Messages and packets dropped, by reason" },
	{ "reject.", "mip6d_bu_refused_total", "reason",
	  "Binding Updates refused with a Binding Acknowledgement status >= 128, by reason" },
	{ "err.", "mip6d_errors_total", "kind", "Local failures, by kind" },
	{ "retx.", "mip6d_retransmissions_total", "message",
	  "Binding Update retransmissions, by kind of registration" },
};

static const struct {
	const char	*name;
	const char	*family;
	const char	*label, *value;
	const char	*help;
} exact[] = {
	{ "nd.dad-ok", "mip6d_dad_total", "result", "unique",
	  "Duplicate Address Detection probes ended, by result" },
	{ "nd.dad-failed", "mip6d_dad_total", "result", "duplicate",
	  "Duplicate Address Detection probes ended, by result" },
	{ "nd.dad-started", "mip6d_dad_started_total", NULL, NULL,
	  "Duplicate Address Detection probes started" },
	{ "kern.requests", "mip6d_kernel_requests_total", NULL, NULL,
	  "Netlink requests sent to the kernel" },
	{ "kern.request-failures", "mip6d_kernel_request_failures_total", NULL, NULL,
	  "Netlink requests the kernel refused or that could not be sent" },
	{ "memory.trims", "mip6d_heap_trims_total", NULL, NULL,
	  "Times the heap's free pages were handed back to the system after a burst" },
	{ "ctl.monitor-dropped", "mip6d_monitor_clients_dropped_total", NULL, NULL,
	  "mip6d-ctl monitor readers dropped for reading too slowly" },
};

static void
from_stat(const char *name, uint64_t value, void *arg)
{
	struct coll *c = arg;
	char family[METRICS_NAME_MAX], *p;
	const char *dot;
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i].name) == 0) {
			add(c, exact[i].family, METRICS_COUNTER, exact[i].help, (double)value,
			    exact[i].label, exact[i].value, NULL, NULL);
			return;
		}
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strncmp(name, rules[i].prefix, strlen(rules[i].prefix)) == 0) {
			add(c, rules[i].family, METRICS_COUNTER, rules[i].help, (double)value,
			    rules[i].label, name + strlen(rules[i].prefix), NULL, NULL);
			return;
		}
	if ((dot = strchr(name, '.')) != NULL)
		snprintf(family, sizeof(family), "mip6d_%.*s_events_total", (int)(dot - name), name);
	else
		snprintf(family, sizeof(family), "mip6d_%s_total", name);
	for (p = family; *p; p++)
		if (*p == '-' || *p == '.')
			*p = '_';
	add(c, family, METRICS_COUNTER, "Events of one part of the daemon, by event",
	    (double)value, dot ? "event" : NULL, dot ? dot + 1 : NULL, NULL, NULL);
}

static void
bul_state(const char *type, const char *state, void *arg)
{
	struct coll *c = arg;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->s[i].family, "mip6d_bul_entries") == 0 &&
		    strcmp(c->s[i].lvalue[0], type) == 0 && strcmp(c->s[i].lvalue[1], state) == 0) {
			c->s[i].value++;
			return;
		}
	add(c, "mip6d_bul_entries", METRICS_GAUGE,
	    "Binding update list entries of the mobile node, by kind and state", 1,
	    "type", type, "state", state);
}

int
ctl_metrics_render(struct metrics_buf *out)
{
	static const char *const ha_states[3] = { "active", "dad", "new" };
	struct coll c = { NULL, 0, 0, 0 };
	struct mem_heap heap;
	struct metrics_hist h;
	const uint64_t *ba, *be;
	unsigned int roles = roles_running();
	unsigned long n[3];
	uint64_t pending;
	int rc, up, behind;
	char num[8];
	size_t i;

	ipsec_stats_refresh();	/* the kernel's ESP drops, into the counters */
	stats_foreach(from_stat, &c);

	ba = metrics_ba_counts();
	be = metrics_be_counts();
	for (i = 0; i < 256; i++) {
		snprintf(num, sizeof(num), "%zu", i);
		if (ba[i] != 0)
			add(&c, "mip6d_binding_acks_sent_total", METRICS_COUNTER,
			    "Binding Acknowledgements sent, by status (registrations and refusals)",
			    (double)ba[i], "status", num, "result", i < 128 ? "accepted" :
			    "refused");
		if (be[i] != 0)
			add(&c, "mip6d_binding_errors_sent_total", METRICS_COUNTER,
			    "Binding Errors sent, by status", (double)be[i], "status", num,
			    NULL, NULL);
	}
	/* Return routability: the correspondent answers tests, the mobile node gets answers. */
	if (roles & ROLE_CN) {
		add(&c, "mip6d_return_routability_tests_total", METRICS_COUNTER,
		    "Return routability tests completed (CN: answered, MN: answers received)",
		    (double)stats_get("tx.hot"), "role", "cn", "test", "home");
		add(&c, "mip6d_return_routability_tests_total", METRICS_COUNTER, NULL,
		    (double)stats_get("tx.cot"), "role", "cn", "test", "care-of");
	}
	if (roles & ROLE_MN) {
		add(&c, "mip6d_return_routability_tests_total", METRICS_COUNTER,
		    "Return routability tests completed (CN: answered, MN: answers received)",
		    (double)stats_get("rx.hot"), "role", "mn", "test", "home");
		add(&c, "mip6d_return_routability_tests_total", METRICS_COUNTER, NULL,
		    (double)stats_get("rx.cot"), "role", "mn", "test", "care-of");
	}

	if (roles & ROLE_HA) {
		ha_bc_states(n);
		for (i = 0; i < 3; i++)
			add(&c, "mip6d_bindings", METRICS_GAUGE,
			    "Binding cache entries, by role and state", (double)n[i],
			    "role", "ha", "state", ha_states[i]);
	}
	if ((roles & ROLE_HA) && ha_repl_state(&up, &behind, &pending) == 0) {
		add(&c, "mip6d_replication_connected", METRICS_GAUGE,
		    "Whether the home agent's Redis connections are up (1) or not (0)", up,
		    NULL, NULL, NULL, NULL);
		add(&c, "mip6d_replication_behind", METRICS_GAUGE,
		    "Whether changes Redis missed are still to be written again (1) or not (0)",
		    behind, NULL, NULL, NULL, NULL);
		add(&c, "mip6d_replication_pending_commands", METRICS_GAUGE,
		    "Redis commands sent and not answered yet", (double)pending, NULL, NULL,
		    NULL, NULL);
		add(&c, "mip6d_replication_lag_seconds", METRICS_GAUGE,
		    "Age of the oldest binding change Redis has not confirmed (0: none)",
		    ha_repl_lag_s(), NULL, NULL, NULL, NULL);
	}
	if (roles & ROLE_CN)
		add(&c, "mip6d_bindings", METRICS_GAUGE, "Binding cache entries, by role and state",
		    (double)cn_binding_count(), "role", "cn", "state", "active");
	if (roles & ROLE_MN)
		mn_bul_states(bul_state, &c);

	add(&c, "mip6d_build_info", METRICS_GAUGE, "Version of the running mip6d (always 1)", 1,
	    "version", PACKAGE_VERSION, NULL, NULL);
	add(&c, "mip6d_start_time_seconds", METRICS_GAUGE,
	    "When mip6d started, in seconds since 1970", (double)m.started, NULL, NULL, NULL,
	    NULL);
	add(&c, "mip6d_role_enabled", METRICS_GAUGE, "Roles this mip6d runs (1) or not (0)",
	    (roles & ROLE_HA) ? 1 : 0, "role", "ha", NULL, NULL);
	add(&c, "mip6d_role_enabled", METRICS_GAUGE, NULL, (roles & ROLE_MN) ? 1 : 0,
	    "role", "mn", NULL, NULL);
	add(&c, "mip6d_role_enabled", METRICS_GAUGE, NULL, (roles & ROLE_CN) ? 1 : 0,
	    "role", "cn", NULL, NULL);
	if (mem_heap_get(&heap) == 0) {
		add(&c, "mip6d_heap_bytes", METRICS_GAUGE,
		    "The allocator's heap: in use, and held from the system",
		    (double)heap.in_use, "state", "in-use", NULL, NULL);
		add(&c, "mip6d_heap_bytes", METRICS_GAUGE, NULL, (double)heap.held,
		    "state", "held", NULL, NULL);
	}
	add(&c, "mip6d_control_clients", METRICS_GAUGE,
	    "Connections on the control socket now (monitor readers not included)",
	    control_nclients(), NULL, NULL, NULL, NULL);
	add(&c, "mip6d_monitor_clients", METRICS_GAUGE, "mip6d-ctl monitor readers now",
	    ctl_monitor_clients(), NULL, NULL, NULL, NULL);

	metrics_bu_ba_hist(&h);
	rc = c.err ? -1 : 0;
	if (metrics_format(c.s, c.n, &h, 1, out) != 0)
		log_debug("some samples had invalid names and were left out");
	free(c.s);
	return rc == 0 && !out->err ? 0 : -1;
}

static int
ctl_metrics(struct json_object *req, struct json_object *resp, void *arg)
{
	struct metrics_buf b = { NULL, 0, 0, 0 };

	if (ctl_metrics_render(&b) == -1) {
		metrics_buf_free(&b);
		json_object_object_add(resp, "error", json_object_new_string("out of memory"));
		return -1;
	}
	json_object_object_add(resp, "format", json_object_new_string("prometheus-text-0.0.4"));
	json_object_object_add(resp, "text", json_object_new_string_len(b.p, (int)b.len));
	metrics_buf_free(&b);
	return 0;
}

/* ---- the HTTP listener: evhttp on the one loop, so a scrape never blocks it ---- */

static void
http_metrics(struct evhttp_request *req, void *arg)
{
	struct metrics_buf b = { NULL, 0, 0, 0 };
	struct evbuffer *body;

	if (ctl_metrics_render(&b) == -1 || (body = evbuffer_new()) == NULL) {
		metrics_buf_free(&b);
		evhttp_send_error(req, HTTP_INTERNAL, "out of memory");
		return;
	}
	evbuffer_add(body, b.p, b.len);
	metrics_buf_free(&b);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(req, HTTP_OK, "OK", body);
	evbuffer_free(body);
}

static void
http_other(struct evhttp_request *req, void *arg)
{
	evhttp_send_error(req, HTTP_NOTFOUND, "try /metrics");
}

int
ctl_metrics_start(const struct conf *c)
{
	m.started = time(NULL);
	control_register("metrics", ctl_metrics, NULL);
	if (c->metrics_listen == NULL)
		return 0;
	if ((m.http = evhttp_new(loop_base())) == NULL) {
		log_warnx("cannot create the metrics listener");
		return -1;
	}
	evhttp_set_allowed_methods(m.http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_timeout(m.http, 10);		/* a stalled scraper is cut off */
	evhttp_set_max_headers_size(m.http, 8192);
	evhttp_set_max_body_size(m.http, 0);
	evhttp_set_cb(m.http, "/metrics", http_metrics, NULL);
	evhttp_set_gencb(m.http, http_other, NULL);
	if (evhttp_bind_socket(m.http, c->metrics_addr, c->metrics_port) == -1) {
		log_errx("metrics: cannot listen on %s", c->metrics_listen);
		evhttp_free(m.http);
		m.http = NULL;
		return -1;
	}
	log_info("metrics on http://%s/metrics", c->metrics_listen);
	return 0;
}

void
ctl_metrics_stop(void)
{
	if (m.http != NULL)
		evhttp_free(m.http);
	m.http = NULL;
	control_register("metrics", NULL, NULL);
}
