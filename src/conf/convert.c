/* convert.c - string values of the configuration -> typed values, each problem reported at
 * the line where the option was written */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"
#include "util.h"

char *
cv_key(const char *path, const char *name)
{
	char *k;

	if (asprintf(&k, "%s%s%s", path, *path ? "|" : "", name) < 0)
		abort();
	return k;
}

int
cv_line(struct cv *ld, const char *path, const char *name)
{
	char *k = cv_key(path, name);
	int line = conf_line_of(ld->x, k);

	free(k);
	if (line == 0 && *path)
		line = conf_line_of(ld->x, path);
	return line;
}

static int
parse_uint(const char *s, int base, unsigned long long *v)
{
	char *end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

int
cv_uint(struct cv *ld, cfg_t *sec, const char *path, const char *name, uint32_t min,
    uint32_t max, uint32_t *out)
{
	const char *s = cfg_getstr(sec, name);
	unsigned long long v;

	if (s == NULL)
		return -1;
	if (parse_uint(s, 10, &v) == -1) {
		CV_PROBLEM(ld, path, name, "'%s' is not a number", s);
		return -1;
	}
	if (v < min || v > max) {
		CV_PROBLEM(ld, path, name, "%s is out of range (%u to %u)", s, min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int
cv_int(struct cv *ld, cfg_t *sec, const char *path, const char *name, int min, int max,
    int *out)
{
	const char *s = cfg_getstr(sec, name);
	char *end;
	long v;

	if (s == NULL)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || isspace((unsigned char)*s) || *end != '\0' || errno != 0) {
		CV_PROBLEM(ld, path, name, "'%s' is not a number", s);
		return -1;
	}
	if (v < min || v > max) {
		CV_PROBLEM(ld, path, name, "%s is out of range (%d to %d)", s, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
cv_bool(struct cv *ld, cfg_t *sec, const char *path, const char *name, bool *out)
{
	const char *s = cfg_getstr(sec, name);

	if (s == NULL)
		return -1;
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcasecmp(s, "on"))
		*out = true;
	else if (!strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcasecmp(s, "off"))
		*out = false;
	else {
		CV_PROBLEM(ld, path, name, "'%s' is not a boolean (yes or no)", s);
		return -1;
	}
	return 0;
}

/* Seconds with up to three decimals ("1.5") -> milliseconds. */
static int
parse_seconds_ms(const char *s, unsigned long long *ms)
{
	unsigned long long whole = 0, frac = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		whole = whole * 10 + (unsigned long long)(*s - '0');
		if (whole > 100000000ULL)
			return -1;
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++, digits++) {
			if (digits >= 3)
				return -1;
			frac = frac * 10 + (unsigned long long)(*s - '0');
		}
		if (digits == 0)
			return -1;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	*ms = whole * 1000 + frac;
	return 0;
}

/* 1500 -> "1.5" */
static const char *
ms_str(uint32_t ms, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "%u.%03u", ms / 1000, ms % 1000);
	n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

int
cv_ms(struct cv *ld, cfg_t *sec, const char *path, const char *name, uint32_t min_ms,
    uint32_t max_ms, uint32_t *out)
{
	const char *s = cfg_getstr(sec, name);
	unsigned long long v;
	char lo[24], hi[24];

	if (s == NULL)
		return -1;
	if (parse_seconds_ms(s, &v) == -1) {
		CV_PROBLEM(ld, path, name, "'%s' is not a duration in seconds (e.g. 1.5)", s);
		return -1;
	}
	if (v < min_ms || v > max_ms) {
		CV_PROBLEM(ld, path, name, "%s is out of range (%s to %s seconds)", s,
		    ms_str(min_ms, lo, sizeof(lo)), ms_str(max_ms, hi, sizeof(hi)));
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* A unicast address usable as a home address or home agent address. */
const char *
cv_unicast_problem(const struct in6_addr *a)
{
	if (addr_is_unspecified(a))
		return "is the unspecified address";
	if (addr_is_multicast(a))
		return "is a multicast address";
	if (addr_is_linklocal(a))
		return "is a link-local address";
	if (IN6_IS_ADDR_LOOPBACK(a))
		return "is the loopback address";
	if (IN6_IS_ADDR_V4MAPPED(a))
		return "is an IPv4-mapped address";
	return NULL;
}

int
cv_check_addr(struct cv *ld, const char *path, const char *name, const char *s,
    struct in6_addr *a)
{
	const char *why;

	if (addr_parse(s, a) == -1) {
		CV_PROBLEM(ld, path, name, "'%s' is not an IPv6 address", s);
		return -1;
	}
	if ((why = cv_unicast_problem(a)) != NULL) {
		CV_PROBLEM(ld, path, name, "'%s' %s", s, why);
		return -1;
	}
	return 0;
}

int
cv_addr(struct cv *ld, cfg_t *sec, const char *path, const char *name, int required,
    struct in6_addr *a)
{
	const char *s = cfg_getstr(sec, name);

	if (s == NULL) {
		if (required)
			CV_PROBLEM(ld, path, name, "not set");
		return -1;
	}
	return cv_check_addr(ld, path, name, s, a);
}

/* "ADDR/PLEN" with nothing set beyond the prefix length. */
int
cv_check_prefix(struct cv *ld, const char *path, const char *name, const char *s,
    struct conf_prefix *p)
{
	struct in6_addr masked;
	int i;

	if (prefix_parse(s, &p->addr, &p->plen, 1) == -1) {
		CV_PROBLEM(ld, path, name, "'%s' is not an IPv6 prefix", s);
		return -1;
	}
	memset(&masked, 0, sizeof(masked));
	for (i = 0; i < p->plen; i++)
		if (p->addr.s6_addr[i / 8] & (0x80 >> (i % 8)))
			masked.s6_addr[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	if (!addr_eq(&masked, &p->addr)) {
		CV_PROBLEM(ld, path, name, "'%s' has bits set beyond the prefix length (%s/%d?)",
		    s, addr_str(&masked), p->plen);
		return -1;
	}
	return 0;
}

int
cv_prefix_list(struct cv *ld, cfg_t *sec, const char *path, const char *name,
    struct conf_prefix **out, size_t *n)
{
	unsigned int i, size = cfg_size(sec, name);
	int bad = 0;

	*out = NULL;
	*n = 0;
	if (size == 0)
		return 0;
	*out = calloc(size, sizeof(**out));
	if (*out == NULL)
		abort();
	for (i = 0; i < size; i++) {
		if (cv_check_prefix(ld, path, name, cfg_getnstr(sec, name, i), &(*out)[*n]) == 0)
			(*n)++;
		else
			bad = 1;
	}
	return bad ? -1 : 0;
}

/* Linux dev_valid_name(): 1 to IFNAMSIZ-1 characters, no '/', ':' or blanks. */
int
cv_ifname_valid(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= CONF_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s) || !isprint((unsigned char)*s))
			return 0;
	return 1;
}

char *
cv_sec_path(const char *parent, cfg_t *sec)
{
	const char *title = cfg_title(sec);
	char *p;

	if (asprintf(&p, "%s%s%s%s%s", parent, *parent ? "|" : "", cfg_name(sec),
	    title ? " " : "", title ? title : "") < 0)
		abort();
	return p;
}

