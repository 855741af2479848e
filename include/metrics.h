/* metrics.h - the Prometheus text exposition format (version 0.0.4): a pure formatter over
 * samples, and the few measurements the named counters of stats.h cannot hold (BA and BE
 * status counts, the BU-to-BA time histogram). */
#ifndef MIP6D_METRICS_H
#define MIP6D_METRICS_H

#include <stddef.h>
#include <stdint.h>

enum metrics_type {
	METRICS_COUNTER,
	METRICS_GAUGE,
	METRICS_HISTOGRAM,
};

#define METRICS_MAX_LABELS	2
#define METRICS_NAME_MAX	80
#define METRICS_VALUE_MAX	64

/* One sample of a counter or gauge family. */
struct metrics_sample {
	char		 family[METRICS_NAME_MAX];	/* counters end in _total */
	enum metrics_type type;
	const char	*help;			/* one help text per family (the first wins) */
	const char	*lname[METRICS_MAX_LABELS];	/* NULL: unused */
	char		 lvalue[METRICS_MAX_LABELS][METRICS_VALUE_MAX];
	double		 value;
};

/* One histogram: counts[i] observations <= bounds[i] (not cumulative), counts[nbounds] above. */
struct metrics_hist {
	const char	*family;	/* base name, in base units (..._seconds) */
	const char	*help;
	const double	*bounds;	/* ascending */
	size_t		 nbounds;
	const uint64_t	*counts;	/* nbounds + 1 */
	double		 sum;
};

/* A growing output buffer; err set when memory ran out (the text is then incomplete). */
struct metrics_buf {
	char	*p;
	size_t	 len, cap;
	int	 err;
};

void	metrics_buf_free(struct metrics_buf *b);

/*
 * Write the samples (grouped by family, families in name order, the samples of a family in
 * the order given) and histograms as exposition text: "# HELP", "# TYPE", then samples, with
 * label values escaped.  Samples with an invalid metric or label name are skipped and
 * counted in the return value (0 when all were written).  Sorts s in place.
 */
int	metrics_format(struct metrics_sample *s, size_t n, const struct metrics_hist *h,
	    size_t nh, struct metrics_buf *out);

/* Whether name is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or label name. */
int	metrics_name_ok(const char *name);
int	metrics_label_ok(const char *name);
/* Fill a sample (label values copied, cut to fit); labels as name, value pairs. */
void	metrics_set(struct metrics_sample *s, const char *family, enum metrics_type type,
	    const char *help, double value, const char *l1, const char *v1, const char *l2,
	    const char *v2);

/* ---- measurements kept here ---- */

/* A BA (any status) or BE left this node. */
void	metrics_ba_sent(uint8_t status);
void	metrics_be_sent(uint8_t status);
const uint64_t *metrics_ba_counts(void);	/* [256] */
const uint64_t *metrics_be_counts(void);	/* [256] */

/* Time from a Binding Update's arrival to its Binding Acknowledgement leaving. */
void	metrics_bu_ba_observe_ns(uint64_t ns);
/* The histogram as it stands (bounds in seconds). */
void	metrics_bu_ba_hist(struct metrics_hist *h);
/* Start timing a BU (mh_io_input); metrics_bu_ba_done observes it when a BA leaves before
 * metrics_bu_end; later BAs (after DAD) are observed by their role. */
void	metrics_bu_begin(void);
/* When the Binding Update being handled arrived (metrics_mono_ns), 0 outside one. */
uint64_t metrics_bu_t0(void);
void	metrics_bu_ba_done(void);
void	metrics_bu_end(void);
uint64_t metrics_mono_ns(void);

void	metrics_reset(void);

#endif
