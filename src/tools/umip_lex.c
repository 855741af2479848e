/* umip_lex.c - tokens of the old UMIP/MIPL mip6d.conf syntax */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umip.h"

void
ulex_init(struct ulex *lx, const char *file, const char *buf, size_t len)
{
	lx->file = file;
	lx->p = buf;
	lx->end = buf + len;
	lx->line = 1;
	lx->err[0] = '\0';
	lx->hash_only = 0;
}

static enum utok_type
ulex_error(struct ulex *lx, struct utok *t, int line, const char *msg)
{
	snprintf(lx->err, sizeof(lx->err), "%s:%d: %s", lx->file, line, msg);
	t->type = UT_ERROR;
	t->line = line;
	return UT_ERROR;
}

/* Characters that end a word. */
static int
ulex_delim(const struct ulex *lx, const char *p)
{
	switch (*p) {
	case ' ': case '\t': case '\r': case '\n': case '\f': case '\v':
	case ';': case '{': case '}': case '(': case ')': case ',': case '"': case '#':
	case '\0':
		return 1;
	case '/':
		return !lx->hash_only && p + 1 < lx->end && (p[1] == '/' || p[1] == '*');
	}
	return 0;
}

/* Skip blanks and comments; -1 (error set) on an unterminated comment. */
static int
ulex_skip(struct ulex *lx, struct utok *t)
{
	int start;

	while (lx->p < lx->end) {
		char c = *lx->p;

		if (c == '\n') {
			lx->line++;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->p++;
		} else if (c == '#' || (!lx->hash_only && c == '/' && lx->p + 1 < lx->end &&
		    lx->p[1] == '/')) {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (!lx->hash_only && c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			start = lx->line;
			lx->p += 2;
			for (;;) {
				if (lx->p + 1 >= lx->end) {
					lx->p = lx->end;
					ulex_error(lx, t, start, "unterminated comment");
					return -1;
				}
				if (lx->p[0] == '*' && lx->p[1] == '/')
					break;
				if (*lx->p == '\n')
					lx->line++;
				lx->p++;
			}
			lx->p += 2;
		} else {
			break;
		}
	}
	return 0;
}

static enum utok_type
ulex_string(struct ulex *lx, struct utok *t)
{
	const char *p = lx->p + 1;
	size_t n = 0;
	char *s;

	/* First pass: find the end and the length once escapes are resolved. */
	for (;; p++, n++) {
		if (p >= lx->end || *p == '\n')
			return ulex_error(lx, t, lx->line, "unterminated string");
		if (*p == '"')
			break;
		if (*p == '\0')
			return ulex_error(lx, t, lx->line, "NUL character in a string");
		if (*p == '\\') {
			if (p + 1 >= lx->end || p[1] == '\n')
				return ulex_error(lx, t, lx->line, "unterminated string");
			p++;
		}
	}
	if ((s = malloc(n + 1)) == NULL)
		return ulex_error(lx, t, lx->line, "out of memory");
	n = 0;
	for (p = lx->p + 1; *p != '"'; p++) {
		if (*p == '\\')
			p++;
		s[n++] = *p;
	}
	s[n] = '\0';
	lx->p = p + 1;
	t->type = UT_STRING;
	t->text = s;
	return UT_STRING;
}

enum utok_type
ulex_next(struct ulex *lx, struct utok *t)
{
	const char *start;

	t->text = NULL;
	if (ulex_skip(lx, t) == -1)
		return UT_ERROR;
	t->line = lx->line;
	if (lx->p >= lx->end)
		return t->type = UT_EOF;

	switch (*lx->p) {
	case ';':
		lx->p++;
		return t->type = UT_SEMI;
	case '{':
		lx->p++;
		return t->type = UT_LBRACE;
	case '}':
		lx->p++;
		return t->type = UT_RBRACE;
	case '(':
		lx->p++;
		return t->type = UT_LPAREN;
	case ')':
		lx->p++;
		return t->type = UT_RPAREN;
	case ',':
		lx->p++;
		return t->type = UT_COMMA;
	case '"':
		return ulex_string(lx, t);
	case '\0':
		return ulex_error(lx, t, lx->line, "NUL character");
	}

	start = lx->p;
	while (lx->p < lx->end && !ulex_delim(lx, lx->p))
		lx->p++;
	if ((t->text = strndup(start, lx->p - start)) == NULL)
		return ulex_error(lx, t, lx->line, "out of memory");
	return t->type = UT_WORD;
}
