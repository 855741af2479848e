/* conf_int.h - shared by the files of the conf module only */
#ifndef MIP6D_CONF_INT_H
#define MIP6D_CONF_INT_H

#include <confuse.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One problem found in the file, kept until every check has run, then reported by line. */
struct conf_msg {
	int		 line;		/* 0: not tied to a line */
	unsigned int	 seq;
	char		*text;
};

/* Where each section and option was written; filled by the lint pass. */
struct conf_pos {
	char		*key;		/* "home-link eth0|prefix" */
	int		 line;
	int		 is_section;
};

struct conf_ctx {
	const char	*file;
	struct conf_msg	*msgs;
	size_t		 nmsgs;
	struct conf_pos	*pos;
	size_t		 npos;
	size_t		 pos_cap;
	uint32_t	*pos_index;	/* lint.c: hash index over pos */
	size_t		 pos_icap;
	int		 lint_ok;	/* the lint pass understood the whole file */
	unsigned int	 mode;		/* the file's permission bits (st_mode & 07777) */
};

void	conf_problem(struct conf_ctx *x, int line, const char *opt, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	conf_line_of(const struct conf_ctx *x, const char *key);

/*
 * Lint pass over the raw text, beside libconfuse: unknown options, duplicate sections and
 * options, sections left open at the end of the file; records the line of every section and
 * option for later messages.  Unknown options and duplicate sections are blanked out of text
 * (line breaks kept) before libconfuse parses it.  opts is the schema given to libconfuse.
 */
void	conf_lint(struct conf_ctx *x, char *text, size_t len, const cfg_opt_t *opts);

/*
 * Conversion (convert.c).  A section is named by its path: "home-link eth0",
 * "mobile-node|peer 2001:db8::/48"; an option by its section's path and its name.  Each
 * function reports its problems itself, at the option's line, and returns 0 or -1.
 */
struct conf;
struct conf_prefix;
struct in6_addr;

struct cv {
	struct conf_ctx	*x;
	struct conf	*c;
};

#define CV_PROBLEM(ld, path, name, ...) \
	conf_problem((ld)->x, cv_line((ld), (path), (name)), (name), __VA_ARGS__)

char	*cv_key(const char *path, const char *name);
/* Line of the option, or of its section when the option was not written. */
int	 cv_line(struct cv *ld, const char *path, const char *name);
char	*cv_sec_path(const char *parent, cfg_t *sec);
int	 cv_uint(struct cv *ld, cfg_t *sec, const char *path, const char *name, uint32_t min,
	    uint32_t max, uint32_t *out);
int	 cv_int(struct cv *ld, cfg_t *sec, const char *path, const char *name, int min,
	    int max, int *out);
int	 cv_bool(struct cv *ld, cfg_t *sec, const char *path, const char *name, bool *out);
/* Seconds with up to three decimals -> milliseconds. */
int	 cv_ms(struct cv *ld, cfg_t *sec, const char *path, const char *name, uint32_t min_ms,
	    uint32_t max_ms, uint32_t *out);
/* Why a is no usable unicast address, or NULL. */
const char *cv_unicast_problem(const struct in6_addr *a);
int	 cv_check_addr(struct cv *ld, const char *path, const char *name, const char *s,
	    struct in6_addr *a);
int	 cv_addr(struct cv *ld, cfg_t *sec, const char *path, const char *name, int required,
	    struct in6_addr *a);
/* "ADDR/PLEN" with no bit set beyond PLEN. */
int	 cv_check_prefix(struct cv *ld, const char *path, const char *name, const char *s,
	    struct conf_prefix *p);
int	 cv_prefix_list(struct cv *ld, cfg_t *sec, const char *path, const char *name,
	    struct conf_prefix **out, size_t *n);
int	 cv_ifname_valid(const char *s);

/* home-agent's state-file and replication (sync.c) */
extern cfg_opt_t conf_repl_opts[];
struct conf_ha;
void	 conf_load_ha_sync(struct cv *ld, cfg_t *ha_sec);
void	 conf_free_ha_sync(struct conf_ha *ha);

/* The ipsec sections (ipsec.c), after the home addresses and home links are known. */
void	 conf_load_ipsec(struct cv *ld, cfg_t *cfg);

/* Network Mobility (nemo.c): the schemas of the two mobile-router sections, their loaders
 * (the home-agent section; one home-address section), the checks across sections. */
struct conf_home_addr;
extern cfg_opt_t conf_nemo_ha_opts[];
extern cfg_opt_t conf_nemo_mn_opts[];
void	 conf_load_nemo_ha(struct cv *ld, cfg_t *ha_sec);
void	 conf_load_nemo_mn(struct cv *ld, cfg_t *hoa_sec, const char *path,
	    struct conf_home_addr *h);
void	 conf_check_nemo(struct cv *ld);
void	 conf_free_nemo(struct conf *c);
bool	 conf_mr_same(const struct conf_home_addr *a, const struct conf_home_addr *b);

#endif
