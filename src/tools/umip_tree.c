/* umip_tree.c - statements and blocks of an old UMIP/MIPL mip6d.conf, includes resolved */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "umip.h"

#define UMIP_MAX_FILE	(4 * 1024 * 1024)
#define UMIP_MAX_INCLUDE 16
#define UMIP_MAX_NEST	16

struct ureader {
	struct utree	*t;
	umip_report_fn	 report;
	void		*arg;
	int		 depth;		/* include depth */
};

struct uparse {
	struct ureader	*r;
	struct ulex	 lx;
	struct utok	 back;		/* one token pushed back */
	int		 have_back;
	int		 fatal;		/* a lexer error: stop reading this file */
};

static int	uread_path(struct ureader *r, const char *path, struct ustmt ***tail,
		    const char *from, int from_line);

static void
ureport(struct ureader *r, const char *file, int line, const char *fmt, ...)
{
	char msg[512], loc[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(loc, sizeof(loc), "%s:%d: ", file, line);
	r->t->errors++;
	if (r->report != NULL) {
		char full[820];

		snprintf(full, sizeof(full), "%s%s", loc, msg);
		r->report(full, r->arg);
	}
}

static enum utok_type
unext(struct uparse *up, struct utok *t)
{
	if (up->have_back) {
		*t = up->back;
		up->have_back = 0;
		return t->type;
	}
	if (ulex_next(&up->lx, t) == UT_ERROR) {
		up->r->t->errors++;
		if (up->r->report != NULL)
			up->r->report(up->lx.err, up->r->arg);
		up->fatal = 1;
		t->type = UT_EOF;	/* stop this file */
	}
	return t->type;
}

static void
upushback(struct uparse *up, struct utok *t)
{
	up->back = *t;
	up->have_back = 1;
}

static const char *
utok_desc(const struct utok *t)
{
	switch (t->type) {
	case UT_EOF:	return "end of file";
	case UT_WORD:	return "a word";
	case UT_STRING:	return "a string";
	case UT_SEMI:	return "';'";
	case UT_LBRACE:	return "'{'";
	case UT_RBRACE:	return "'}'";
	case UT_LPAREN:	return "'('";
	case UT_RPAREN:	return "')'";
	case UT_COMMA:	return "','";
	case UT_ERROR:	break;
	}
	return "an error";
}

/* After an error: skip to the end of the statement, leaving a closing brace of ours. */
static void
uskip(struct uparse *up)
{
	struct utok t;
	int level = 0;

	for (;;) {
		switch (unext(up, &t)) {
		case UT_EOF:
			return;
		case UT_SEMI:
			if (level == 0)
				return;
			break;
		case UT_LBRACE:
			level++;
			break;
		case UT_RBRACE:
			if (level == 0) {
				upushback(up, &t);
				return;
			}
			if (--level == 0)
				return;
			break;
		default:
			free(t.text);
			break;
		}
	}
}

static void
ustmt_free(struct ustmt *s)
{
	struct ustmt *next;
	size_t i;

	for (; s != NULL; s = next) {
		next = s->next;
		for (i = 0; i < s->nargs; i++)
			free(s->args[i].text);
		free(s->args);
		free(s->kw);
		ustmt_free(s->block);
		free(s);
	}
}

static int	uparse_list(struct uparse *up, struct ustmt ***tail, int nest);

/* UMIP keywords are capitalised words of letters only (NodeConfig, HomeAddress). */
static int
ulooks_keyword(const char *w)
{
	const char *p;

	if (w[0] < 'A' || w[0] > 'Z' || w[1] == '\0')
		return 0;
	for (p = w; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return 1;
}

/*
 * One statement: KEYWORD ARG... ( ';' | '{' STATEMENTS '}' [';'] ).  Returns 1 when one was
 * read, 0 at the end of the list ('}' pushed back, or EOF), -1 after a reported error.
 */
static int
uparse_stmt(struct uparse *up, struct ustmt ***tail, int nest)
{
	const char *file = up->lx.file;
	struct ustmt *s;
	struct uarg *na;
	struct utok t;
	int depth = 0, last_line;

	switch (unext(up, &t)) {
	case UT_EOF:
		return 0;
	case UT_RBRACE:
		upushback(up, &t);
		return 0;
	case UT_SEMI:
		return 1;	/* an empty statement */
	case UT_WORD:
		break;
	default:
		ureport(up->r, file, t.line, "expected a keyword, found %s", utok_desc(&t));
		free(t.text);
		if (t.type != UT_LBRACE)
			uskip(up);
		else {
			upushback(up, &t);
			uskip(up);
		}
		return -1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		free(t.text);
		ureport(up->r, file, t.line, "out of memory");
		up->fatal = 1;
		return -1;
	}
	s->kw = t.text;
	s->file = file;
	s->line = t.line;
	last_line = t.line;

	for (;;) {
		switch (unext(up, &t)) {
		case UT_WORD:
			/*
			 * A keyword at the start of a later line most likely means the ';'
			 * before it was forgotten: say so, and read it as a new statement.
			 */
			if (t.line > last_line && depth == 0 && ulooks_keyword(t.text)) {
				ureport(up->r, file, last_line, "%s: missing ';'", s->kw);
				upushback(up, &t);
				goto fail_noskip;
			}
			/* FALLTHROUGH */
		case UT_STRING:
		case UT_LPAREN:
		case UT_RPAREN:
		case UT_COMMA:
			last_line = t.line;
			if (t.type == UT_LPAREN)
				depth++;
			if (t.type == UT_RPAREN && --depth < 0) {
				ureport(up->r, file, t.line, "%s: unbalanced ')'", s->kw);
				goto fail;
			}
			na = reallocarray(s->args, s->nargs + 1, sizeof(*na));
			if (na == NULL) {
				free(t.text);
				ureport(up->r, file, t.line, "out of memory");
				up->fatal = 1;
				goto fail;
			}
			s->args = na;
			s->args[s->nargs].type = t.type;
			s->args[s->nargs].text = t.text;
			s->nargs++;
			continue;
		case UT_SEMI:
			break;
		case UT_LBRACE:
			if (nest + 1 > UMIP_MAX_NEST) {
				ureport(up->r, file, t.line, "%s: blocks nested too deeply", s->kw);
				up->fatal = 1;
				goto fail;
			}
			s->has_block = 1;
			{
				struct ustmt **btail = &s->block;

				uparse_list(up, &btail, nest + 1);
			}
			if (up->fatal)
				goto fail;
			if (unext(up, &t) != UT_RBRACE) {
				ureport(up->r, file, s->line,
				    "%s: block not closed before the end of the file", s->kw);
				goto fail;
			}
			/* An optional ';' after the block. */
			if (unext(up, &t) != UT_SEMI)
				upushback(up, &t);
			break;
		case UT_EOF:
			if (!up->fatal)
				ureport(up->r, file, s->line, "%s: missing ';' at the end of the file",
				    s->kw);
			goto fail;
		case UT_RBRACE:
			ureport(up->r, file, s->line, "%s: missing ';'", s->kw);
			upushback(up, &t);
			goto fail;
		case UT_ERROR:
			goto fail;
		}
		break;
	}
	if (depth != 0) {
		ureport(up->r, file, s->line, "%s: unbalanced '('", s->kw);
		ustmt_free(s);
		return -1;
	}

	if (strcasecmp(s->kw, "include") == 0) {
		int rc;

		if (s->nargs != 1 || s->has_block ||
		    (s->args[0].type != UT_STRING && s->args[0].type != UT_WORD)) {
			ureport(up->r, file, s->line, "include: expected one file name");
			ustmt_free(s);
			return -1;
		}
		rc = uread_path(up->r, s->args[0].text, tail, file, s->line);
		ustmt_free(s);
		return rc == 0 ? 1 : -1;
	}
	**tail = s;
	*tail = &s->next;
	return 1;

fail:
	ustmt_free(s);
	if (!up->fatal)
		uskip(up);
	return -1;
fail_noskip:
	ustmt_free(s);
	return -1;
}

static int
uparse_list(struct uparse *up, struct ustmt ***tail, int nest)
{
	int rc;

	while ((rc = uparse_stmt(up, tail, nest)) != 0) {
		if (up->fatal)
			return -1;
	}
	return 0;
}

static int
uread_buf(struct ureader *r, const char *name, const char *buf, size_t len,
    struct ustmt ***tail)
{
	struct uparse up;
	struct ufile *f;
	struct utok t;
	int before = r->t->errors;

	/* The statements keep pointers to the file name. */
	if ((f = calloc(1, sizeof(*f))) == NULL || (f->name = strdup(name)) == NULL) {
		free(f);
		ureport(r, name, 0, "out of memory");
		return -1;
	}
	f->next = r->t->files;
	r->t->files = f;

	memset(&up, 0, sizeof(up));
	up.r = r;
	ulex_init(&up.lx, f->name, buf, len);
	for (;;) {
		uparse_list(&up, tail, 0);
		if (up.fatal)
			break;
		if (unext(&up, &t) == UT_EOF)
			break;
		/* A '}' at the top level. */
		ureport(r, f->name, t.line, "unexpected '}'");
	}
	return r->t->errors == before ? 0 : -1;
}

/* Relative include paths are relative to the including file's directory. */
static char *
uresolve(const char *path, const char *from)
{
	const char *slash;
	char *out;

	if (path[0] == '/' || from == NULL || (slash = strrchr(from, '/')) == NULL)
		return strdup(path);
	if (asprintf(&out, "%.*s/%s", (int)(slash - from), from, path) == -1)
		return NULL;
	return out;
}

static int
uread_path(struct ureader *r, const char *path, struct ustmt ***tail, const char *from,
    int from_line)
{
	char *full, *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int rc;

	if (r->depth >= UMIP_MAX_INCLUDE) {
		ureport(r, from, from_line, "include: nested too deeply (a loop?)");
		return -1;
	}
	if ((full = uresolve(path, from)) == NULL) {
		ureport(r, from ? from : path, from_line, "out of memory");
		return -1;
	}
	if ((f = fopen(full, "r")) == NULL) {
		if (from != NULL)
			ureport(r, from, from_line, "include: cannot open %s: %s", full,
			    strerror(errno));
		else
			ureport(r, full, 0, "cannot open: %s", strerror(errno));
		free(full);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			char *nb;

			if (cap >= UMIP_MAX_FILE) {
				ureport(r, full, 0, "file larger than %d bytes", UMIP_MAX_FILE);
				fclose(f);
				free(buf);
				free(full);
				return -1;
			}
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL) {
				ureport(r, full, 0, "out of memory");
				fclose(f);
				free(buf);
				free(full);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		ureport(r, full, 0, "read error");
		fclose(f);
		free(buf);
		free(full);
		return -1;
	}
	fclose(f);
	r->depth++;
	rc = uread_buf(r, full, buf, len, tail);
	r->depth--;
	free(buf);
	free(full);
	return rc;
}

static struct ustmt **
utree_tail(struct utree *t)
{
	struct ustmt **tail = &t->stmts;

	while (*tail != NULL)
		tail = &(*tail)->next;
	return tail;
}

int
utree_read_file(struct utree *t, const char *path, umip_report_fn report, void *arg)
{
	struct ureader r = { .t = t, .report = report, .arg = arg };
	struct ustmt **tail = utree_tail(t);
	int before = t->errors;

	uread_path(&r, path, &tail, NULL, 0);
	return t->errors - before;
}

int
utree_read_buf(struct utree *t, const char *name, const char *buf, size_t len,
    umip_report_fn report, void *arg)
{
	struct ureader r = { .t = t, .report = report, .arg = arg };
	struct ustmt **tail = utree_tail(t);
	int before = t->errors;

	uread_buf(&r, name, buf, len, &tail);
	return t->errors - before;
}

void
utree_free(struct utree *t)
{
	struct ufile *f, *next;

	ustmt_free(t->stmts);
	for (f = t->files; f != NULL; f = next) {
		next = f->next;
		free(f->name);
		free(f);
	}
	memset(t, 0, sizeof(*t));
}
