/*
 * lint.c - a pass over the raw configuration text, beside libconfuse.
 *
 * libconfuse stops at the first unknown option, silently accepts a section still open at the
 * end of the file, and forgets where each option was written.  This pass tokenises the file
 * the way libconfuse's lexer does, walks the statements against the same schema, and
 *  - reports unknown options, and blanks them out of the text libconfuse then parses, so that
 *    libconfuse goes on past them (its own CFGF_IGNORE_UNKNOWN chokes on unknown sections
 *    holding options),
 *  - reports duplicate sections (blanked too: the first one counts) and options set twice,
 *  - reports sections not closed at the end of the file,
 *  - records the line of every section and option, so that checks made after parsing can
 *    name the line.
 * On a syntax error it stops quietly: libconfuse reports those.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"

enum tok {
	T_EOF,
	T_WORD,
	T_LBRACE,
	T_RBRACE,
	T_LPAREN,
	T_RPAREN,
	T_EQ,
	T_PLUSEQ,
	T_COMMA,
};

struct lex {
	char		*p, *end;
	int		 strip;		/* blank comments out as they are met */
	int		 line;
	int		 tline;		/* line of the last token */
	const char	*tstart;	/* where the last token begins */
	const char	*ptstart;
	char		*word;		/* text of the last T_WORD */
	size_t		 wlen, wcap;
	/* one token of look-ahead, with its own copy of the text */
	int		 peeked;
	enum tok	 ptok;
	int		 pline;
	char		*pword;
	size_t		 pwcap;
};

struct open_sec {
	char		*name;		/* "home-link eth0", for the message */
	int		 line;
};

struct lint {
	struct conf_ctx	*x;
	char		*text;		/* writable: statements libconfuse must not see are blanked */
	struct lex	 l;
	struct open_sec	 stack[16];
	int		 depth;
	int		 aborted;
};

static void
wput(struct lex *l, char ch)
{
	if (l->wlen + 1 >= l->wcap) {
		l->wcap = l->wcap ? l->wcap * 2 : 64;
		l->word = realloc(l->word, l->wcap);
		if (l->word == NULL)
			abort();
	}
	l->word[l->wlen++] = ch;
	l->word[l->wlen] = '\0';
}

/* The characters of an unquoted string (libconfuse lexer.l). */
static int
is_word_char(int ch)
{
	return ch != '\0' && strchr(" #\"'\t\n\r={}()+,*", ch) == NULL;
}

static void
skip_to_eol(struct lex *l)
{
	for (; l->p < l->end && *l->p != '\n'; l->p++)
		if (l->strip)
			*l->p = ' ';
}

static void
lex_dq(struct lex *l)
{
	unsigned int v;
	int n;

	while (l->p < l->end && *l->p != '"') {
		if (*l->p == '\n')
			l->line++;
		if (*l->p != '\\' || l->p + 1 >= l->end) {
			wput(l, *l->p++);
			continue;
		}
		l->p++;
		switch (*l->p) {
		case '\n':
			l->line++;
			l->p++;
			break;
		case 'n': wput(l, '\n'); l->p++; break;
		case 'r': wput(l, '\r'); l->p++; break;
		case 't': wput(l, '\t'); l->p++; break;
		case 'x':
			l->p++;
			for (v = 0, n = 0; n < 2 && l->p < l->end && isxdigit((unsigned char)*l->p);
			    n++, l->p++)
				v = v * 16 + (isdigit((unsigned char)*l->p) ? *l->p - '0' :
				    (tolower((unsigned char)*l->p) - 'a' + 10));
			wput(l, (char)v);
			break;
		default:
			if (*l->p >= '0' && *l->p <= '7') {
				for (v = 0, n = 0; n < 3 && l->p < l->end &&
				    *l->p >= '0' && *l->p <= '7'; n++, l->p++)
					v = v * 8 + (unsigned int)(*l->p - '0');
				wput(l, (char)v);
			} else
				wput(l, *l->p++);
			break;
		}
	}
	if (l->p < l->end)
		l->p++;
}

static void
lex_sq(struct lex *l)
{
	while (l->p < l->end && *l->p != '\'') {
		if (*l->p == '\n')
			l->line++;
		if (*l->p == '\\' && l->p + 1 < l->end) {
			if (l->p[1] == '\n') {
				l->line++;
				l->p += 2;
				continue;
			}
			if (l->p[1] != '\\' && l->p[1] != '\'')
				wput(l, '\\');
			wput(l, l->p[1]);
			l->p += 2;
			continue;
		}
		wput(l, *l->p++);
	}
	if (l->p < l->end)
		l->p++;
}

static enum tok
lex_raw(struct lex *l)
{
	char *s;
	int ch;

	l->wlen = 0;
	if (l->word)
		l->word[0] = '\0';
	for (;;) {
		if (l->p >= l->end)
			return T_EOF;
		ch = *l->p;
		l->tline = l->line;
		l->tstart = l->p;
		switch (ch) {
		case '\n':
			l->line++;
			l->p++;
			continue;
		case '#':
			skip_to_eol(l);
			continue;
		case '{': l->p++; return T_LBRACE;
		case '}': l->p++; return T_RBRACE;
		case '(': l->p++; return T_LPAREN;
		case ')': l->p++; return T_RPAREN;
		case '=': l->p++; return T_EQ;
		case ',': l->p++; return T_COMMA;
		case '+':
			l->p++;
			if (l->p < l->end && *l->p == '=') {
				l->p++;
				return T_PLUSEQ;
			}
			continue;
		case '"':
			l->p++;
			wput(l, '\0');
			l->wlen = 0;
			lex_dq(l);
			return T_WORD;
		case '\'':
			l->p++;
			wput(l, '\0');
			l->wlen = 0;
			lex_sq(l);
			return T_WORD;
		case '/':
			if (l->p + 1 < l->end && l->p[1] == '*') {
				/* C comment */
				for (s = l->p, l->p += 2; l->p < l->end; l->p++) {
					if (*l->p == '\n')
						l->line++;
					else if (*l->p == '*' && l->p + 1 < l->end && l->p[1] == '/') {
						l->p += 2;
						break;
					}
				}
				for (; l->strip && s < l->p; s++)
					if (*s != '\n')
						*s = ' ';
				continue;
			}
			/* "//..." is a comment unless more word characters follow the slashes */
			for (s = l->p; s < l->end && *s == '/'; s++)
				;
			if (s - l->p >= 2 && (s >= l->end || !is_word_char(*s))) {
				skip_to_eol(l);
				continue;
			}
			break;
		default:
			break;
		}
		if (!is_word_char(ch)) {
			l->p++;		/* blanks and stray characters */
			continue;
		}
		wput(l, '\0');
		l->wlen = 0;
		/* like flex's longest match: a slash inside a word belongs to it, even before '*' */
		while (l->p < l->end && is_word_char(*l->p))
			wput(l, *l->p++);
		return T_WORD;
	}
}

static void
swap_ahead(struct lex *l)
{
	char *w = l->word;
	size_t cap = l->wcap;

	l->word = l->pword;
	l->wcap = l->pwcap;
	l->pword = w;
	l->pwcap = cap;
	l->wlen = l->word ? strlen(l->word) : 0;
}

static enum tok
lex_next(struct lex *l)
{
	if (l->peeked) {
		l->peeked = 0;
		swap_ahead(l);
		l->tline = l->pline;
		l->tstart = l->ptstart;
		return l->ptok;
	}
	return lex_raw(l);
}

/* Look at the next token without consuming it; the current one stays in word and tline. */
static enum tok
lex_peek(struct lex *l)
{
	const char *start = l->tstart;
	int line = l->tline;

	if (l->peeked)
		return l->ptok;
	swap_ahead(l);
	l->ptok = lex_raw(l);
	l->pline = l->tline;
	l->ptstart = l->tstart;
	swap_ahead(l);
	l->tline = line;
	l->tstart = start;
	l->peeked = 1;
	return l->ptok;
}

static const cfg_opt_t *
find_opt(const cfg_opt_t *opts, const char *name)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (strcmp(opts->name, name) == 0)
			return opts;
	return NULL;
}

/*
 * Positions are found by key through an open-addressing index (entry number + 1, 0 empty):
 * a file with tens of thousands of sections (a home agent's table of mobile routers) must
 * not take quadratic time.
 */
static uint32_t
key_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static long
pos_slot(const struct conf_ctx *x, const char *key, size_t *slot)
{
	size_t m = x->pos_icap - 1, h;

	if (x->pos_icap == 0)
		return -1;
	for (h = key_hash(key) & m; x->pos_index[h] != 0; h = (h + 1) & m)
		if (strcmp(x->pos[x->pos_index[h] - 1].key, key) == 0) {
			*slot = h;
			return (long)x->pos_index[h] - 1;
		}
	*slot = h;
	return -1;
}

static const struct conf_pos *
pos_find(const struct conf_ctx *x, const char *key)
{
	size_t slot;
	long i = pos_slot(x, key, &slot);

	return i < 0 ? NULL : &x->pos[i];
}

static void
pos_reindex(struct conf_ctx *x, size_t cap)
{
	size_t i, slot;

	free(x->pos_index);
	if ((x->pos_index = calloc(cap, sizeof(*x->pos_index))) == NULL)
		abort();
	x->pos_icap = cap;
	for (i = 0; i < x->npos; i++) {
		(void)pos_slot(x, x->pos[i].key, &slot);
		x->pos_index[slot] = (uint32_t)i + 1;
	}
}

static void
pos_add(struct conf_ctx *x, const char *key, int line, int is_section)
{
	struct conf_pos *p;
	size_t slot, cap;
	long i = pos_slot(x, key, &slot);

	if (i >= 0) {
		x->pos[i].line = line;
		return;
	}
	if (x->npos == x->pos_cap) {
		cap = x->pos_cap ? 2 * x->pos_cap : 64;
		if ((p = realloc(x->pos, cap * sizeof(*p))) == NULL)
			abort();
		x->pos = p;
		x->pos_cap = cap;
	}
	p = &x->pos[x->npos];
	if ((p->key = strdup(key)) == NULL)
		abort();
	p->line = line;
	p->is_section = is_section;
	x->npos++;
	if (2 * x->npos > x->pos_icap)
		pos_reindex(x, x->pos_icap ? 2 * x->pos_icap : 128);
	else
		x->pos_index[slot] = (uint32_t)x->npos;
}

int
conf_line_of(const struct conf_ctx *x, const char *key)
{
	const struct conf_pos *p = pos_find(x, key);

	return p ? p->line : 0;
}

static char *
join(const char *parent, const char *name, const char *title)
{
	size_t len = strlen(parent) + strlen(name) + (title ? strlen(title) : 0) + 3;
	char *s = malloc(len);

	if (s == NULL)
		abort();
	snprintf(s, len, "%s%s%s%s%s", parent, *parent ? "|" : "", name, title ? " " : "",
	    title ? title : "");
	return s;
}

/* Hide [from, to) from libconfuse, keeping the line breaks so that lines stay right. */
static void
blank(struct lint *li, const char *from, const char *to)
{
	char *p = li->text + (from - li->text);

	for (; p < to; p++)
		if (*p != '\n')
			*p = ' ';
}

/* Skip what follows an unknown name, as libconfuse does with CFGF_IGNORE_UNKNOWN. */
static void
skip_statement(struct lint *li, const char *name, int line)
{
	struct lex *l = &li->l;
	enum tok t = lex_next(l);
	int depth;

	if (t == T_WORD)		/* a title: a section follows */
		t = lex_next(l);
	switch (t) {
	case T_EQ:
	case T_PLUSEQ:
		t = lex_next(l);
		if (t != T_LBRACE)
			return;
		while ((t = lex_next(l)) != T_EOF && t != T_RBRACE)
			;
		return;
	case T_LPAREN:
		while ((t = lex_next(l)) != T_EOF && t != T_RPAREN)
			;
		return;
	case T_LBRACE:
		for (depth = 1; depth > 0 && (t = lex_next(l)) != T_EOF; )
			depth += (t == T_LBRACE) - (t == T_RBRACE);
		if (depth > 0)
			conf_problem(li->x, line, name, "section is not closed at the end of the file");
		return;
	default:
		li->aborted = 1;
		return;
	}
}

static int lint_body(struct lint *li, const cfg_opt_t *opts, const char *path);

static void
lint_section(struct lint *li, const cfg_opt_t *opt, const char *path, int line,
    const char *start)
{
	struct lex *l = &li->l;
	const struct conf_pos *prev;
	char *title = NULL, *key, *shown, *dupkey = NULL;
	enum tok t;
	int dup = 0;

	if (opt->flags & CFGF_TITLE) {
		if (lex_next(l) != T_WORD) {
			li->aborted = 1;
			return;
		}
		title = strdup(l->word);
	}
	t = lex_next(l);
	if (t != T_LBRACE) {
		free(title);
		li->aborted = 1;
		return;
	}
	key = join(path, opt->name, title);
	shown = join("", opt->name, title);
	prev = pos_find(li->x, key);
	if (prev != NULL && prev->is_section) {
		conf_problem(li->x, line, shown, "duplicate section (first on line %d)",
		    prev->line);
		/* its body is still checked, under a key of its own; libconfuse keeps the first */
		dup = 1;
		if (asprintf(&dupkey, "%s#%d", key, line) < 0)
			abort();
		free(key);
		key = dupkey;
	} else
		pos_add(li->x, key, line, 1);
	if (li->depth < (int)(sizeof(li->stack) / sizeof(li->stack[0]))) {
		li->stack[li->depth].name = shown;
		li->stack[li->depth].line = line;
		li->depth++;
		/* at the end of the file the section stays on the stack: it was not closed */
		if (lint_body(li, opt->subopts, key) && !li->aborted) {
			li->depth--;
			free(li->stack[li->depth].name);
			if (dup)
				blank(li, start, l->p);
		}
	} else {
		free(shown);
		li->aborted = 1;
	}
	free(key);
	free(title);
}

static void
lint_option(struct lint *li, const cfg_opt_t *opt, const char *path, int line)
{
	struct lex *l = &li->l;
	const struct conf_pos *prev;
	enum tok t, op;
	char *key;

	op = lex_next(l);
	if (op != T_EQ && op != T_PLUSEQ) {
		li->aborted = 1;
		return;
	}
	key = join(path, opt->name, NULL);
	prev = pos_find(li->x, key);
	if (prev != NULL && op == T_EQ)
		conf_problem(li->x, line, opt->name, "set twice (first on line %d)", prev->line);
	else
		pos_add(li->x, key, line, 0);
	free(key);
	t = lex_next(l);
	if (t == T_WORD)
		return;
	if (t != T_LBRACE || !(opt->flags & CFGF_LIST)) {
		li->aborted = 1;
		return;
	}
	while ((t = lex_next(l)) == T_WORD || t == T_COMMA)
		;
	if (t != T_RBRACE)
		li->aborted = 1;
}

/* 1 when a closing brace ended the body, 0 at the end of the file or on a syntax error */
static int
lint_body(struct lint *li, const cfg_opt_t *opts, const char *path)
{
	struct lex *l = &li->l;
	const cfg_opt_t *opt;
	const char *start;
	enum tok t;
	char *name;
	int line;

	while (!li->aborted) {
		t = lex_next(l);
		if (t == T_EOF)
			return 0;
		if (t == T_RBRACE) {
			if (li->depth == 0)
				li->aborted = 1;	/* libconfuse says "unexpected closing brace" */
			return 1;
		}
		if (t != T_WORD) {
			li->aborted = 1;
			return 0;
		}
		line = l->tline;
		start = l->tstart;
		opt = find_opt(opts, l->word);
		if (opt == NULL) {
			name = strdup(l->word);
			if (lex_peek(l) == T_WORD || lex_peek(l) == T_LBRACE)
				conf_problem(li->x, line, name, "unknown section");
			else
				conf_problem(li->x, line, name, "unknown option");
			skip_statement(li, name, line);
			free(name);
			if (!li->aborted)
				blank(li, start, l->p);
			continue;
		}
		if (opt->type == CFGT_SEC)
			lint_section(li, opt, path, line, start);
		else if (opt->type == CFGT_FUNC)
			skip_statement(li, opt->name, line);
		else
			lint_option(li, opt, path, line);
	}
	return 0;
}

/*
 * libconfuse 3.3 counts a line too many for each comment, so that every line it names after
 * a comment is wrong: it gets the text with the comments blanked out.
 */
static void
strip_comments(char *text, size_t len)
{
	struct lex l;

	memset(&l, 0, sizeof(l));
	l.p = text;
	l.end = text + len;
	l.strip = 1;
	while (lex_raw(&l) != T_EOF)
		;
	free(l.word);
}

void
conf_lint(struct conf_ctx *x, char *text, size_t len, const cfg_opt_t *opts)
{
	struct lint li;
	int i;

	strip_comments(text, len);
	memset(&li, 0, sizeof(li));
	li.x = x;
	li.text = text;
	li.l.p = text;
	li.l.end = text + len;
	li.l.line = 1;
	lint_body(&li, opts, "");
	/* libconfuse takes the end of the file for the missing closing braces */
	if (!li.aborted)
		for (i = 0; i < li.depth; i++)
			conf_problem(x, li.stack[i].line, li.stack[i].name,
			    "section is not closed at the end of the file");
	for (i = 0; i < li.depth; i++)
		free(li.stack[i].name);
	free(li.l.word);
	free(li.l.pword);
	x->lint_ok = !li.aborted;
}
