/* test_metrics.c - the Prometheus exposition formatter and the event line formatter, both
 * pure: grouping, HELP/TYPE, escaping, names refused, histograms, JSON lines */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "conf.h"
#include "events.h"
#include "metrics.h"

static char *
render(struct metrics_sample *s, size_t n, const struct metrics_hist *h, size_t nh,
    int *skipped)
{
	struct metrics_buf b = { NULL, 0, 0, 0 };
	char *out;

	*skipped = metrics_format(s, n, h, nh, &b);
	assert_false(b.err);
	out = strndup(b.p ? b.p : "", b.len);
	metrics_buf_free(&b);
	return out;
}

static void
test_grouping_and_headers(void **state)
{
	struct metrics_sample s[4];
	char *out;
	int skipped;

	metrics_set(&s[0], "mip6d_b_total", METRICS_COUNTER, "B things", 2, "reason", "x",
	    NULL, NULL);
	metrics_set(&s[1], "mip6d_a", METRICS_GAUGE, "A now", 7, NULL, NULL, NULL, NULL);
	metrics_set(&s[2], "mip6d_b_total", METRICS_COUNTER, NULL, 3, "reason", "y", NULL, NULL);
	metrics_set(&s[3], "mip6d_c", METRICS_GAUGE, "C", 0.25, "role", "ha", "state", "dad");
	out = render(s, 4, NULL, 0, &skipped);
	assert_int_equal(skipped, 0);
	/* families in name order, one HELP and TYPE each, samples in the order given */
	assert_string_equal(out,
	    "# HELP mip6d_a A now\n"
	    "# TYPE mip6d_a gauge\n"
	    "mip6d_a 7\n"
	    "# HELP mip6d_b_total B things\n"
	    "# TYPE mip6d_b_total counter\n"
	    "mip6d_b_total{reason=\"x\"} 2\n"
	    "mip6d_b_total{reason=\"y\"} 3\n"
	    "# HELP mip6d_c C\n"
	    "# TYPE mip6d_c gauge\n"
	    "mip6d_c{role=\"ha\",state=\"dad\"} 0.25\n");
	free(out);
}

static void
test_escaping(void **state)
{
	struct metrics_sample s[1];
	char *out;
	int skipped;

	metrics_set(&s[0], "mip6d_x_total", METRICS_COUNTER, "back\\slash and\nnewline", 1,
	    "reason", "a\"b\\c\nd", NULL, NULL);
	out = render(s, 1, NULL, 0, &skipped);
	assert_int_equal(skipped, 0);
	assert_string_equal(out,
	    "# HELP mip6d_x_total back\\\\slash and\\nnewline\n"
	    "# TYPE mip6d_x_total counter\n"
	    "mip6d_x_total{reason=\"a\\\"b\\\\c\\nd\"} 1\n");
	free(out);
}

static void
test_bad_names_skipped(void **state)
{
	struct metrics_sample s[6];
	char *out;
	int skipped;

	metrics_set(&s[0], "9bad", METRICS_GAUGE, "h", 1, NULL, NULL, NULL, NULL);
	metrics_set(&s[1], "mip6d-dash", METRICS_GAUGE, "h", 1, NULL, NULL, NULL, NULL);
	metrics_set(&s[2], "mip6d_ok", METRICS_GAUGE, "h", 1, "bad-label", "v", NULL, NULL);
	metrics_set(&s[3], "mip6d_ok", METRICS_GAUGE, "h", 1, "__reserved", "v", NULL, NULL);
	/* a counter must be called ..._total */
	metrics_set(&s[4], "mip6d_count", METRICS_COUNTER, "h", 1, NULL, NULL, NULL, NULL);
	metrics_set(&s[5], "mip6d_ok", METRICS_GAUGE, "h", 1, "l", "v", "l", "w");
	out = render(s, 6, NULL, 0, &skipped);
	assert_int_equal(skipped, 6);
	assert_string_equal(out, "");
	free(out);
	assert_true(metrics_name_ok("a:b_c9"));
	assert_false(metrics_name_ok(""));
	assert_false(metrics_label_ok("a:b"));
}

static void
test_one_type_per_family(void **state)
{
	struct metrics_sample s[2];
	char *out;
	int skipped;

	metrics_set(&s[0], "mip6d_m", METRICS_GAUGE, "h", 1, "k", "a", NULL, NULL);
	metrics_set(&s[1], "mip6d_m", METRICS_COUNTER, "h", 2, "k", "b", NULL, NULL);
	out = render(s, 2, NULL, 0, &skipped);
	/* the counter is refused for its name before the type clash even matters */
	assert_int_equal(skipped, 1);
	assert_non_null(strstr(out, "mip6d_m{k=\"a\"} 1\n"));
	assert_null(strstr(out, "k=\"b\""));
	free(out);
}

static void
test_values(void **state)
{
	struct metrics_sample s[3];
	char *out;
	int skipped;

	metrics_set(&s[0], "mip6d_a", METRICS_GAUGE, "h", 18446744073709551615.0, "k", "big",
	    NULL, NULL);
	metrics_set(&s[1], "mip6d_a", METRICS_GAUGE, "h", 1796195739, "k", "time", NULL, NULL);
	metrics_set(&s[2], "mip6d_a", METRICS_GAUGE, "h", -0.5, "k", "neg", NULL, NULL);
	out = render(s, 3, NULL, 0, &skipped);
	assert_non_null(strstr(out, "mip6d_a{k=\"big\"} 1.84467441e+19\n"));
	assert_non_null(strstr(out, "mip6d_a{k=\"time\"} 1796195739\n"));
	assert_non_null(strstr(out, "mip6d_a{k=\"neg\"} -0.5\n"));
	free(out);
}

static void
test_histogram(void **state)
{
	static const double bounds[] = { 0.001, 0.01, 1 };
	static const uint64_t counts[] = { 2, 0, 3, 1 };
	struct metrics_hist h = { "mip6d_t_seconds", "time", bounds, 3, counts, 4.5 };
	char *out;
	int skipped;

	out = render(NULL, 0, &h, 1, &skipped);
	assert_int_equal(skipped, 0);
	/* buckets are cumulative; +Inf equals the count */
	assert_string_equal(out,
	    "# HELP mip6d_t_seconds time\n"
	    "# TYPE mip6d_t_seconds histogram\n"
	    "mip6d_t_seconds_bucket{le=\"0.001\"} 2\n"
	    "mip6d_t_seconds_bucket{le=\"0.01\"} 2\n"
	    "mip6d_t_seconds_bucket{le=\"1\"} 5\n"
	    "mip6d_t_seconds_bucket{le=\"+Inf\"} 6\n"
	    "mip6d_t_seconds_sum 4.5\n"
	    "mip6d_t_seconds_count 6\n");
	free(out);
}

static void
test_bu_ba_observations(void **state)
{
	struct metrics_hist h;
	uint64_t total = 0;
	size_t i;

	metrics_reset();
	metrics_bu_ba_observe_ns(50000);	/* 50 us: first bucket */
	metrics_bu_ba_observe_ns(1000000);	/* 1 ms: on the 0.001 bound, counted there */
	metrics_bu_ba_observe_ns(9000000000ULL);	/* 9 s: +Inf */
	metrics_bu_ba_hist(&h);
	assert_int_equal(h.counts[0], 1);
	for (i = 0; i < h.nbounds && h.bounds[i] < 0.001; i++)
		;
	assert_int_equal(h.counts[i], 1);
	assert_int_equal(h.counts[h.nbounds], 1);
	for (i = 0; i <= h.nbounds; i++)
		total += h.counts[i];
	assert_int_equal(total, 3);
	/* one observation per BU, none outside one */
	metrics_bu_ba_done();
	metrics_bu_begin();
	metrics_bu_ba_done();
	metrics_bu_ba_done();
	metrics_bu_end();
	metrics_bu_ba_hist(&h);
	for (i = 0, total = 0; i <= h.nbounds; i++)
		total += h.counts[i];
	assert_int_equal(total, 4);
	metrics_ba_sent(0);
	metrics_ba_sent(130);
	metrics_ba_sent(130);
	metrics_be_sent(1);
	assert_int_equal(metrics_ba_counts()[130], 2);
	assert_int_equal(metrics_ba_counts()[0], 1);
	assert_int_equal(metrics_be_counts()[1], 1);
}

static void
fill_event(struct event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = EVENT_BINDING_REFUSED;
	ev->role = "ha";
	ev->time_ms = 1796195739123ULL;
	inet_pton(AF_INET6, "2001:db8:1::100", &ev->hoa);
	inet_pton(AF_INET6, "2001:db8:f1::5", &ev->coa);
	ev->has_hoa = ev->has_coa = 1;
	ev->status = 130;
	ev->duration_ms = -1;
	ev->reason = "reject.binding-cache-full";
}

static void
test_event_text(void **state)
{
	struct event ev;
	char buf[512];
	size_t n;

	fill_event(&ev);
	n = events_format(&ev, 0, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "2026-12-02T07:15:39.123Z binding-refused role=ha "
	    "hoa=2001:db8:1::100 coa=2001:db8:f1::5 status=130 "
	    "reason=\"reject.binding-cache-full\"\n");
	/* cut short, still terminated, and the needed length is told */
	assert_int_equal(events_format(&ev, 0, buf, 10), n);
	assert_int_equal(strlen(buf), 9);
}

static void
test_event_json(void **state)
{
	struct json_object *o, *v;
	struct event ev;
	char buf[512];

	fill_event(&ev);
	ev.kind = EVENT_HANDOVER_FINISHED;
	ev.status = -1;
	ev.duration_ms = 42;
	ev.reason = "quote\" and \\";
	events_format(&ev, 1, buf, sizeof(buf));
	assert_int_equal(buf[strlen(buf) - 1], '\n');
	o = json_tokener_parse(buf);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "event", &v));
	assert_string_equal(json_object_get_string(v), "handover-finished");
	assert_true(json_object_object_get_ex(o, "duration-ms", &v));
	assert_int_equal(json_object_get_int(v), 42);
	assert_true(json_object_object_get_ex(o, "reason", &v));
	assert_string_equal(json_object_get_string(v), "quote\" and \\");
	assert_false(json_object_object_get_ex(o, "status", &v));
	assert_true(json_object_object_get_ex(o, "time", &v));
	assert_string_equal(json_object_get_string(v), "2026-12-02T07:15:39.123Z");
	json_object_put(o);
}

static int seen;

static void
count_ev(const struct event *ev, void *arg)
{
	seen++;
	if (arg != NULL)
		events_unsubscribe(count_ev, arg);	/* leaving while being told */
}

static void
test_event_bus(void **state)
{
	struct in6_addr a;
	int i;

	inet_pton(AF_INET6, "2001:db8::1", &a);
	seen = 0;
	assert_false(events_listened());
	events_emit(EVENT_BINDING_CREATED, "ha", &a, &a, 0, NULL);	/* nobody: nothing */
	assert_int_equal(events_subscribe(count_ev, NULL), 0);
	assert_int_equal(events_subscribe(count_ev, (void *)1), 0);
	events_dad(&a, 1);
	assert_int_equal(seen, 2);
	events_handover(0, &a, &a, -1);
	assert_int_equal(seen, 3);	/* the second one left */
	for (i = 1; i < EVENTS_MAX_SUBSCRIBERS; i++)
		assert_int_equal(events_subscribe(count_ev, (void *)(intptr_t)(i + 1)), 0);
	assert_int_equal(events_subscribe(count_ev, (void *)99), -1);
	for (i = 1; i < EVENTS_MAX_SUBSCRIBERS; i++)
		events_unsubscribe(count_ev, (void *)(intptr_t)(i + 1));
	events_unsubscribe(count_ev, NULL);
	assert_false(events_listened());
	assert_string_equal(events_kind_name(EVENT_DAD), "dad");
	assert_string_equal(events_kind_name(EVENT_KIND_MAX), "unknown");
}

/* metrics { listen = "..." } */
static void
test_listen_syntax(void **state)
{
	char addr[64];
	uint16_t port;

	assert_int_equal(conf_parse_listen("[::1]:9712", addr, sizeof(addr), &port), 0);
	assert_string_equal(addr, "::1");
	assert_int_equal(port, 9712);
	assert_int_equal(conf_parse_listen("[2001:db8::1]:80", addr, sizeof(addr), &port), 0);
	assert_string_equal(addr, "2001:db8::1");
	assert_int_equal(conf_parse_listen("127.0.0.1:9712", addr, sizeof(addr), &port), 0);
	assert_string_equal(addr, "127.0.0.1");
	assert_int_equal(conf_parse_listen("::1:9712", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:0", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:65536", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:+80", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:80x", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[127.0.0.1]:80", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[]:80", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("localhost:80", addr, sizeof(addr), &port), -1);
	assert_int_equal(conf_parse_listen("[::1]:80", addr, 3, &port), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grouping_and_headers),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_bad_names_skipped),
		cmocka_unit_test(test_one_type_per_family),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_bu_ba_observations),
		cmocka_unit_test(test_event_text),
		cmocka_unit_test(test_event_json),
		cmocka_unit_test(test_event_bus),
		cmocka_unit_test(test_listen_syntax),
	};

	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
