/* metrics.c - Prometheus text exposition: the formatter (pure) and the BA/BE status counts
 * and BU-to-BA histogram that named counters cannot express */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"
#include "metrics.h"

/* ---- output buffer ---- */

void
metrics_buf_free(struct metrics_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void
bput(struct metrics_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
bput(struct metrics_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t cap;
	char *n;
	int len;

	if (b->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		len = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (len < 0) {
			b->err = 1;
			return;
		}
		if (b->p != NULL && (size_t)len < b->cap - b->len) {
			b->len += (size_t)len;
			return;
		}
		for (cap = b->cap ? b->cap : 4096; cap - b->len <= (size_t)len; cap *= 2)
			;
		if ((n = realloc(b->p, cap)) == NULL) {
			b->err = 1;
			return;
		}
		b->p = n;
		b->cap = cap;
	}
}

/* ---- names and values ---- */

static int
name_ok(const char *s, int colon)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return 0;
	for (p = s; *p; p++) {
		int alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		    (colon && *p == ':');

		if (!alpha && (p == s || !(*p >= '0' && *p <= '9')))
			return 0;
	}
	return 1;
}

int
metrics_name_ok(const char *name)
{
	return name_ok(name, 1) && strlen(name) < METRICS_NAME_MAX;
}

int
metrics_label_ok(const char *name)
{
	/* names starting with __ are reserved for Prometheus itself */
	return name_ok(name, 0) && strncmp(name, "__", 2) != 0;
}

void
metrics_set(struct metrics_sample *s, const char *family, enum metrics_type type,
    const char *help, double value, const char *l1, const char *v1, const char *l2,
    const char *v2)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->family, sizeof(s->family), "%s", family);
	s->type = type;
	s->help = help;
	s->value = value;
	if (l1 != NULL) {
		s->lname[0] = l1;
		snprintf(s->lvalue[0], sizeof(s->lvalue[0]), "%s", v1 ? v1 : "");
	}
	if (l2 != NULL) {
		s->lname[1] = l2;
		snprintf(s->lvalue[1], sizeof(s->lvalue[1]), "%s", v2 ? v2 : "");
	}
}

/* Exposition format: in label values \ " and newline are escaped; in HELP \ and newline. */
static void
put_escaped(struct metrics_buf *b, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			bput(b, "\\\\");
		else if (*s == '\n')
			bput(b, "\\n");
		else if (quote && *s == '"')
			bput(b, "\\\"");
		else
			bput(b, "%c", *s);
	}
}

static void
put_value(struct metrics_buf *b, double v)
{
	if (isnan(v))
		bput(b, "NaN");
	else if (isinf(v))
		bput(b, v > 0 ? "+Inf" : "-Inf");
	else if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		bput(b, "%.0f", v);
	else
		bput(b, "%.9g", v);
}

static const char *
type_name(enum metrics_type t)
{
	switch (t) {
	case METRICS_COUNTER:	return "counter";
	case METRICS_GAUGE:	return "gauge";
	default:		return "histogram";
	}
}

static void
put_header(struct metrics_buf *b, const char *family, const char *help, enum metrics_type t)
{
	bput(b, "# HELP %s ", family);
	put_escaped(b, help ? help : family, 0);
	bput(b, "\n# TYPE %s %s\n", family, type_name(t));
}

static int
sample_ok(const struct metrics_sample *s)
{
	size_t i;

	if (!metrics_name_ok(s->family))
		return 0;
	for (i = 0; i < METRICS_MAX_LABELS; i++)
		if (s->lname[i] != NULL && !metrics_label_ok(s->lname[i]))
			return 0;
	if (s->lname[0] != NULL && s->lname[1] != NULL && strcmp(s->lname[0], s->lname[1]) == 0)
		return 0;
	/* Prometheus convention: a counter is named ..._total, a gauge is not */
	if (s->type == METRICS_COUNTER) {
		size_t n = strlen(s->family);

		if (n < 6 || strcmp(s->family + n - 6, "_total") != 0)
			return 0;
	}
	return s->type != METRICS_HISTOGRAM;
}

static int
cmp_family(const void *a, const void *b)
{
	const struct metrics_sample *x = a, *y = b;
	int c = strcmp(x->family, y->family);

	/* qsort is not stable: the address keeps the caller's order within a family */
	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

int
metrics_format(struct metrics_sample *s, size_t n, const struct metrics_hist *h, size_t nh,
    struct metrics_buf *out)
{
	const char *fam = NULL;
	enum metrics_type ftype = METRICS_GAUGE;
	size_t i, j, k;
	uint64_t cum;
	int skipped = 0;

	if (n > 0)	/* qsort(NULL, 0, ...) is undefined behaviour */
		qsort(s, n, sizeof(*s), cmp_family);
	for (i = 0; i < n; i++) {
		if (!sample_ok(&s[i])) {
			skipped++;
			continue;
		}
		if (fam == NULL || strcmp(fam, s[i].family) != 0) {
			fam = s[i].family;
			ftype = s[i].type;
			put_header(out, fam, s[i].help, ftype);
		} else if (s[i].type != ftype) {
			skipped++;	/* one family, one type */
			continue;
		}
		bput(out, "%s", s[i].family);
		for (j = 0; j < METRICS_MAX_LABELS; j++) {
			if (s[i].lname[j] == NULL)
				continue;
			bput(out, "%s%s=\"", j == 0 || s[i].lname[0] == NULL ? "{" : ",",
			    s[i].lname[j]);
			put_escaped(out, s[i].lvalue[j], 1);
			bput(out, "\"");
		}
		bput(out, "%s ", s[i].lname[0] || s[i].lname[1] ? "}" : "");
		put_value(out, s[i].value);
		bput(out, "\n");
	}
	for (i = 0; i < nh; i++) {
		if (!metrics_name_ok(h[i].family)) {
			skipped++;
			continue;
		}
		put_header(out, h[i].family, h[i].help, METRICS_HISTOGRAM);
		for (k = 0, cum = 0; k <= h[i].nbounds; k++) {
			cum += h[i].counts[k];
			bput(out, "%s_bucket{le=\"", h[i].family);
			put_value(out, k < h[i].nbounds ? h[i].bounds[k] : INFINITY);
			bput(out, "\"} %llu\n", (unsigned long long)cum);
		}
		bput(out, "%s_sum ", h[i].family);
		put_value(out, h[i].sum);
		bput(out, "\n%s_count %llu\n", h[i].family, (unsigned long long)cum);
	}
	return skipped;
}

/* ---- measurements ---- */

static uint64_t ba_counts[256], be_counts[256];

/* Seconds: from a refresh answered at once (tens of microseconds) to a first registration
 * that waits for DAD (about a second) or a kernel under load. */
static const double bu_ba_bounds[] = {
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
	1.5, 2.5, 5,
};
#define NBOUNDS	(sizeof(bu_ba_bounds) / sizeof(bu_ba_bounds[0]))
static uint64_t bu_ba_counts[NBOUNDS + 1];
static double bu_ba_sum;
static uint64_t bu_t0;	/* the BU being handled, 0 when none or already answered */

void
metrics_ba_sent(uint8_t status)
{
	ba_counts[status]++;
}

void
metrics_be_sent(uint8_t status)
{
	be_counts[status]++;
}

const uint64_t *
metrics_ba_counts(void)
{
	return ba_counts;
}

const uint64_t *
metrics_be_counts(void)
{
	return be_counts;
}

uint64_t
metrics_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
metrics_bu_ba_observe_ns(uint64_t ns)
{
	double s = (double)ns / 1e9;
	size_t i;

	for (i = 0; i < NBOUNDS && s > bu_ba_bounds[i]; i++)
		;
	bu_ba_counts[i]++;
	bu_ba_sum += s;
}

void
metrics_bu_ba_hist(struct metrics_hist *h)
{
	h->family = "mip6d_bu_processing_seconds";
	h->help = "Time from a Binding Update's arrival to its Binding Acknowledgement "
	    "leaving, DAD included";
	h->bounds = bu_ba_bounds;
	h->nbounds = NBOUNDS;
	h->counts = bu_ba_counts;
	h->sum = bu_ba_sum;
}

/* A BU's arrival is its read's callback: the clock as read once per callback (loop.c), not a
 * system call per BU. */
void
metrics_bu_begin(void)
{
	bu_t0 = loop_now_ns();
}

uint64_t
metrics_bu_t0(void)
{
	return bu_t0;
}

void
metrics_bu_ba_done(void)
{
	if (bu_t0 != 0) {
		metrics_bu_ba_observe_ns(metrics_mono_ns() - bu_t0);
		bu_t0 = 0;	/* one observation per BU */
	}
}

void
metrics_bu_end(void)
{
	bu_t0 = 0;
}

void
metrics_reset(void)
{
	memset(ba_counts, 0, sizeof(ba_counts));
	memset(be_counts, 0, sizeof(be_counts));
	memset(bu_ba_counts, 0, sizeof(bu_ba_counts));
	bu_ba_sum = 0;
	bu_t0 = 0;
}
