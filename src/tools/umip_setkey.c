/* umip_setkey.c - ESP security associations from a setkey(8) file, for the ipsec sections */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "umip.h"
#include "util.h"

#define SETKEY_MAX_FILE	(4 * 1024 * 1024)
#define SETKEY_MAX_KEY	64

struct skread {
	struct usetkey	*k;
	const char	*file;
	umip_report_fn	 report;
	void		*arg;
	int		 errors;
};

static void
sk_err(struct skread *r, int line, const char *fmt, ...)
{
	char msg[512], full[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%d: %s", r->file, line, msg);
	r->errors++;
	if (r->report != NULL)
		r->report(full, r->arg);
}

/* A key as setkey takes it: 0x followed by hex digits, or a quoted string. */
static char *
sk_key(const struct utok *t, size_t *bytes)
{
	const char *s = t->text;
	size_t i, n;
	char *out;

	if (t->type == UT_WORD && (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
		n = strlen(s + 2);
		if (n == 0 || n % 2 != 0 || n / 2 > SETKEY_MAX_KEY)
			return NULL;
		for (i = 0; i < n; i++)
			if (strchr("0123456789abcdefABCDEF", s[2 + i]) == NULL)
				return NULL;
		*bytes = n / 2;
		return strdup(s);
	}
	if (t->type != UT_STRING)
		return NULL;
	n = strlen(s);
	if (n == 0 || n > SETKEY_MAX_KEY || (out = malloc(2 * n + 3)) == NULL)
		return NULL;
	strcpy(out, "0x");
	for (i = 0; i < n; i++)
		sprintf(out + 2 + 2 * i, "%02x", (unsigned char)s[i]);
	*bytes = n;
	return out;
}

/* setkey's encryption algorithm and key length -> mip6d's name, or NULL. */
static const char *
sk_enc(const char *alg, size_t bytes)
{
	if (strcasecmp(alg, "null") == 0)
		return "null";
	if (strcasecmp(alg, "3des-cbc") == 0 && bytes == 24)
		return "3des-cbc";
	if (strcasecmp(alg, "aes-cbc") == 0 || strcasecmp(alg, "rijndael-cbc") == 0) {
		if (bytes == 16)
			return "aes-128-cbc";
		if (bytes == 24)
			return "aes-192-cbc";
		if (bytes == 32)
			return "aes-256-cbc";
	}
	return NULL;
}

static const char *
sk_auth(const char *alg, size_t bytes)
{
	static const struct {
		const char	*name;
		size_t		 bytes;
	} a[] = {
		{ "hmac-sha1", 20 }, { "hmac-sha256", 32 }, { "hmac-sha384", 48 },
		{ "hmac-sha512", 64 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(a); i++)
		if (strcasecmp(alg, a[i].name) == 0 && bytes == a[i].bytes)
			return a[i].name;
	return NULL;
}

static void
sk_free_sa(struct usa *sa)
{
	free(sa->src);
	free(sa->dst);
	free(sa->enc_key);
	free(sa->auth_key);
	free(sa);
}

/*
 * add SRC DST esp SPI [-m transport|tunnel|any] [-u REQID] [-r N] [-f OPT]
 *     [-E ALG KEY] [-A ALG KEY] [-lh N] [-ls N];
 * Everything else (spdadd, flush, AH, IPComp) has nothing to give an ipsec section.
 */
static void
sk_add(struct skread *r, struct utok *t, size_t n)
{
	struct usa *sa, **tail;
	struct in6_addr a;
	size_t i, bytes;
	char *end;
	int line = t[0].line;

	if (n < 4 || t[3].type != UT_WORD) {
		sk_err(r, line, "add: expected SRC DST PROTOCOL SPI");
		return;
	}
	if (strcasecmp(t[3].text, "esp") != 0)
		return;
	if (n < 5 || t[1].type != UT_WORD || t[2].type != UT_WORD || t[4].type != UT_WORD) {
		sk_err(r, line, "add: expected SRC DST esp SPI");
		return;
	}
	if (addr_parse(t[1].text, &a) == -1 || addr_parse(t[2].text, &a) == -1)
		return;		/* IPv4 or names: not ours */
	if ((sa = calloc(1, sizeof(*sa))) == NULL) {
		sk_err(r, line, "out of memory");
		return;
	}
	sa->src = strdup(t[1].text);
	sa->dst = strdup(t[2].text);
	sa->src_loc.file = r->file;
	sa->src_loc.line = line;
	errno = 0;
	sa->spi = strtoul(t[4].text, &end, 0);
	if (errno != 0 || *end != '\0' || t[4].text[0] == '-' || sa->spi > 0xffffffffUL) {
		sk_err(r, line, "add: '%s' is not an SPI", t[4].text);
		sk_free_sa(sa);
		return;
	}
	for (i = 5; i < n; i++) {
		const char *o = t[i].type == UT_WORD ? t[i].text : "";

		if (strcmp(o, "-m") == 0 && i + 1 < n) {
			i++;
			if (strcasecmp(t[i].text, "transport") == 0)
				sa->mode = USA_TRANSPORT;
			else if (strcasecmp(t[i].text, "tunnel") == 0)
				sa->mode = USA_TUNNEL;
			else if (strcasecmp(t[i].text, "any") == 0)
				sa->mode = USA_ANY;
			else {
				sk_err(r, line, "add: '%s' is not a mode", t[i].text);
				sk_free_sa(sa);
				return;
			}
		} else if ((strcmp(o, "-u") == 0 || strcmp(o, "-r") == 0 || strcmp(o, "-f") == 0 ||
		    strcmp(o, "-lh") == 0 || strcmp(o, "-ls") == 0 || strcmp(o, "-bh") == 0 ||
		    strcmp(o, "-bs") == 0) && i + 1 < n) {
			i++;
		} else if (strcmp(o, "-E") == 0 && i + 1 < n && t[i + 1].type == UT_WORD) {
			const char *alg = t[i + 1].text;
			char *key = NULL;

			bytes = 0;
			if (strcasecmp(alg, "null") == 0) {
				/* takes no key; some files give an empty "" anyway */
				i++;
				if (i + 1 < n && t[i + 1].type == UT_STRING && t[i + 1].text[0] == '\0')
					i++;
			} else {
				if (i + 2 >= n || (key = sk_key(&t[i + 2], &bytes)) == NULL) {
					sk_err(r, line, "add: -E %s: the key is neither 0x-hex nor a "
					    "string", alg);
					sk_free_sa(sa);
					return;
				}
				i += 2;
			}
			sa->enc = sk_enc(alg, bytes);
			free(sa->enc_key);
			sa->enc_key = key;
			if (sa->enc == NULL && sa->problem == NULL)
				sa->problem = "its encryption algorithm or key length is not one "
				    "mip6d supports";
		} else if (strcmp(o, "-A") == 0 && i + 2 < n && t[i + 1].type == UT_WORD) {
			char *key = sk_key(&t[i + 2], &bytes);

			if (key == NULL) {
				sk_err(r, line, "add: -A %s: the key is neither 0x-hex nor a string",
				    t[i + 1].text);
				sk_free_sa(sa);
				return;
			}
			sa->auth = sk_auth(t[i + 1].text, bytes);
			free(sa->auth_key);
			sa->auth_key = key;
			if (sa->auth == NULL && sa->problem == NULL)
				sa->problem = "its authentication algorithm or key length is not one "
				    "mip6d supports";
			i += 2;
		} else {
			sk_err(r, line, "add: unexpected '%s'", t[i].text ? t[i].text : "punctuation");
			sk_free_sa(sa);
			return;
		}
	}
	if (sa->enc == NULL && sa->problem == NULL)
		sa->problem = "no encryption (-E)";
	if (sa->auth == NULL && sa->problem == NULL)
		sa->problem = "no authentication (-A); mip6d's ESP always authenticates";
	for (tail = &r->k->sas; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = sa;
}

int
usetkey_read_buf(struct usetkey *k, const char *name, const char *buf, size_t len,
    umip_report_fn report, void *arg)
{
	struct skread r = { .k = k, .report = report, .arg = arg };
	struct utok *toks = NULL, t, *nt;
	struct ufile *f;
	size_t n = 0, i;
	struct ulex lx;

	if ((f = calloc(1, sizeof(*f))) == NULL || (f->name = strdup(name)) == NULL) {
		free(f);
		return 1;
	}
	f->next = k->files.files;
	k->files.files = f;
	r.file = f->name;

	ulex_init(&lx, f->name, buf, len);
	lx.hash_only = 1;	/* esp/transport//require is not a comment */
	for (;;) {
		ulex_next(&lx, &t);
		if (t.type == UT_ERROR) {
			r.errors++;
			if (report != NULL)
				report(lx.err, arg);
			break;
		}
		if (t.type == UT_EOF || t.type == UT_SEMI) {
			if (n > 0 && toks[0].type == UT_WORD && strcmp(toks[0].text, "add") == 0)
				sk_add(&r, toks, n);
			else if (n > 0 && t.type == UT_EOF)
				sk_err(&r, toks[0].line, "missing ';' at the end of the file");
			for (i = 0; i < n; i++)
				free(toks[i].text);
			n = 0;
			if (t.type == UT_EOF)
				break;
			continue;
		}
		if ((nt = reallocarray(toks, n + 1, sizeof(*toks))) == NULL) {
			free(t.text);
			sk_err(&r, t.line, "out of memory");
			break;
		}
		toks = nt;
		if (t.text == NULL && (t.text = strdup("")) == NULL) {
			sk_err(&r, t.line, "out of memory");
			break;
		}
		toks[n++] = t;
	}
	for (i = 0; i < n; i++)
		free(toks[i].text);
	free(toks);
	return r.errors;
}

int
usetkey_read(struct usetkey *k, const char *path, umip_report_fn report, void *arg)
{
	char *buf = NULL, msg[600];
	size_t len = 0, cap = 0, got;
	FILE *f;
	int rc;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(msg, sizeof(msg), "%s: cannot open: %s", path, strerror(errno));
		if (report != NULL)
			report(msg, arg);
		return 1;
	}
	for (;;) {
		if (len == cap) {
			char *nb;

			if (cap >= SETKEY_MAX_FILE || (nb = realloc(buf, cap ? cap * 2 : 4096)) ==
			    NULL) {
				snprintf(msg, sizeof(msg), "%s: too large", path);
				if (report != NULL)
					report(msg, arg);
				fclose(f);
				free(buf);
				return 1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		if ((got = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += got;
	}
	fclose(f);
	rc = usetkey_read_buf(k, path, buf, len, report, arg);
	free(buf);
	return rc;
}

void
usetkey_free(struct usetkey *k)
{
	struct usa *sa, *next;

	for (sa = k->sas; sa != NULL; sa = next) {
		next = sa->next;
		sk_free_sa(sa);
	}
	utree_free(&k->files);
	memset(k, 0, sizeof(*k));
}

const struct usa *
usetkey_find(const struct usetkey *k, const char *src, const char *dst, int mode)
{
	const struct usa *sa, *any = NULL;
	struct in6_addr s, d, a, b;

	if (k == NULL || addr_parse(src, &s) == -1 || addr_parse(dst, &d) == -1)
		return NULL;
	for (sa = k->sas; sa != NULL; sa = sa->next) {
		if (addr_parse(sa->src, &a) == -1 || addr_parse(sa->dst, &b) == -1 ||
		    !addr_eq(&a, &s) || !addr_eq(&b, &d))
			continue;
		if (sa->mode == mode)
			return sa;
		if (sa->mode == USA_ANY && any == NULL)
			any = sa;
	}
	return any;
}
