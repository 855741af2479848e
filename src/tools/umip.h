/* umip.h - reading old UMIP/MIPL mip6d.conf files, for mip6d-convert-umip */
#ifndef MIP6D_UMIP_H
#define MIP6D_UMIP_H

#include <stddef.h>
#include <stdio.h>

/* Receives each problem as one line "file:line: message". */
typedef void (*umip_report_fn)(const char *msg, void *arg);

/*
 * Tokens.  UMIP's syntax: statements end with ';', blocks are in braces, strings are in double
 * quotes, comments are '#' or '//' to the end of the line and '/' '*' ... '*' '/'.  A word is
 * any run of other characters, so addresses ("2001:db8::1/64") and decimals are single words.
 */
enum utok_type {
	UT_EOF,
	UT_WORD,
	UT_STRING,
	UT_SEMI,
	UT_LBRACE,
	UT_RBRACE,
	UT_LPAREN,
	UT_RPAREN,
	UT_COMMA,
	UT_ERROR,
};

struct utok {
	enum utok_type	 type;
	char		*text;		/* WORD and STRING: allocated, the caller frees */
	int		 line;
};

struct ulex {
	const char	*file;
	const char	*p, *end;
	int		 line;
	int		 hash_only;	/* setkey(8) files: only '#' starts a comment */
	char		 err[256];	/* after UT_ERROR: "file:line: message" */
};

void	ulex_init(struct ulex *lx, const char *file, const char *buf, size_t len);
/* The next token; UT_ERROR (with lx->err) on an unterminated string or comment or no memory. */
enum utok_type ulex_next(struct ulex *lx, struct utok *t);

/*
 * Statements: a keyword, its arguments (words, strings and the punctuation '(' ')' ','), then
 * ';' or a block in braces (optionally followed by ';').  include "file"; is replaced by the
 * statements of that file, read relative to the including file.
 */
struct uarg {
	enum utok_type	 type;		/* UT_WORD, UT_STRING, UT_LPAREN, UT_RPAREN, UT_COMMA */
	char		*text;
};

struct ustmt {
	char		*kw;
	const char	*file;		/* owned by the ufile list */
	int		 line;
	struct uarg	*args;
	size_t		 nargs;
	int		 has_block;
	struct ustmt	*block;
	struct ustmt	*next;
};

struct ufile {
	char		*name;
	struct ufile	*next;
};

struct utree {
	struct ustmt	*stmts;
	struct ufile	*files;		/* the names the statements point into */
	int		 errors;
};

/* Read path (and its includes) into t; returns the number of errors (each reported). */
int	utree_read_file(struct utree *t, const char *path, umip_report_fn report, void *arg);
/* The same for a buffer (tests); includes are read relative to the current directory. */
int	utree_read_buf(struct utree *t, const char *name, const char *buf, size_t len,
	    umip_report_fn report, void *arg);
void	utree_free(struct utree *t);

/* What the old configuration says, checked keyword by keyword. */
struct usrc {
	const char	*file;
	int		 line;
};

enum unode {
	UNODE_CN = 0,
	UNODE_MN,
	UNODE_HA,
};

/* Settings that take one value, at the top level. */
enum uopt {
	UO_DEBUG_LEVEL,
	UO_DEBUG_LOG_FILE,
	UO_DO_RO_CN,
	UO_DO_RO_MN,
	UO_HA_MAX_BLIFE,
	UO_MN_MAX_HA_BLIFE,
	UO_MN_MAX_CN_BLIFE,
	UO_USE_MN_HA_IPSEC,
	UO_KEY_MNG_MOB_CAP,
	UO_DEFAULT_ACL,
	UO_BA_TIMEOUT_FIRST,
	UO_BA_TIMEOUT_REREG,
	UO_ROUTER_PROBES,
	UO_ROUTER_PROBE_TIMEOUT,
	UO_MIN_MPA_INTERVAL,
	UO_MAX_MPA_INTERVAL,
	UO_MN_USE_ALL_IFACES,
	UO_MN_DISCARD_HA_PARAM_PROB,
	UO_MN_RESET_DHAAD_AT_HOME,
	UO_SEND_MPS,
	UO_SEND_MPA,
	UO_SEND_UNSOL_MPA,
	UO_OPTIMISTIC_HANDOFF,
	UO_NO_HOME_RETURN,
	UO_USE_CN_BU_ACK,
	UO_NON_VOLATILE_BCACHE,
	UO_HA_ACCEPT_MOB_RTR,
	UO_MOB_RTR_EXPLICIT,
	UO_MAX,
};

enum uarg_kind {
	UK_BOOL,	/* enabled/disabled, true/false, allow/deny */
	UK_INT,		/* non-negative integer */
	UK_DEC,		/* seconds, possibly with a fraction */
	UK_STR,		/* a string or a word */
};

struct uscalar {
	int		 set;
	long		 ival;		/* UK_BOOL, UK_INT; UK_DEC in milliseconds */
	char		*sval;		/* UK_STR */
	struct usrc	 src;
};

struct uiface {
	char		*name;
	long		 pref;		/* MnIfPreference, -1 when not set */
	int		 iftype;	/* IfType: -1 or enum unode */
	struct usrc	 src;
	struct uiface	*next;
};

struct uhoa {
	char		*addr;		/* "ADDR/PLEN", checked */
	char	       **mnps;		/* mobile network prefixes (NEMO), checked */
	size_t		 nmnps;
	struct usrc	 src;
};

struct uhomelink {
	char		*ifname;
	char		*ha;		/* HomeAgentAddress, NULL when not set */
	struct uhoa	*hoas;
	size_t		 nhoas;
	int		 is_mob_rtr;	/* -1 when not set */
	struct usrc	 src;
	struct uhomelink *next;
};

enum uipsec_type {
	UIP_HOME_REG_BINDING,
	UIP_MOB_PFX_DISC,
	UIP_TUNNEL_HOME_TESTING,
	UIP_TUNNEL_MH,
	UIP_TUNNEL_PAYLOAD,
	UIP_ICMP,
	UIP_ANY,
};

struct uipsec_pol {
	int		 type;		/* enum uipsec_type */
	int		 esp;		/* UseESP: 1, UseAH: 0 */
	long		 reqid_mn, reqid_ha;	/* 0 when not given */
	struct usrc	 src;
};

struct uipsec_set {
	char		*ha;
	char	       **hoas;
	size_t		 nhoas;
	struct uipsec_pol *pols;
	size_t		 npols;
	struct usrc	 src;
	struct uipsec_set *next;
};

struct uacl {
	char		*addr;
	char	       **mnps;
	size_t		 nmnps;
	int		 allow;
	struct usrc	 src;
	struct uacl	*next;
};

struct uropol {
	char		*hoa;		/* NULL: any home address */
	char		*cn;		/* NULL: any correspondent */
	int		 enabled;
	struct usrc	 src;
	struct uropol	*next;
};

/* A setting the converter read but mip6d has no equivalent for. */
struct unote {
	char		*text;		/* the original statement, one line */
	char		*why;
	struct usrc	 src;
	struct unote	*next;
};

struct uconf {
	int		 node;		/* enum unode */
	int		 node_set;
	struct usrc	 node_src;
	struct uscalar	 opt[UO_MAX];
	struct uiface	*ifaces;
	struct uhomelink *links;
	char	       **served;	/* HaServedPrefix */
	size_t		 nserved;
	struct usrc	 served_src;
	struct uipsec_set *ipsec;
	struct uacl	*acls;
	struct uropol	*ropols;
	struct unote	*notes;
};

const char *uopt_name(enum uopt o);
enum uarg_kind uopt_kind(enum uopt o);
const char *uipsec_type_name(int type);

/* Check the statements and fill c; returns the number of errors (each reported). */
int	uconf_build(struct uconf *c, const struct utree *t, umip_report_fn report, void *arg);
/* Record a note (also used by the writer for settings it cannot map). */
void	uconf_note(struct uconf *c, const struct usrc *src, const char *text, const char *why);
void	uconf_free(struct uconf *c);

/*
 * Security associations from a setkey(8) file (add statements for ESP), where UMIP's users
 * kept the keys that IPsecPolicySet refers to.
 */
enum usa_mode {
	USA_ANY,
	USA_TRANSPORT,
	USA_TUNNEL,
};

struct usa {
	char		*src, *dst;	/* addresses as written */
	unsigned long	 spi;
	int		 mode;		/* enum usa_mode */
	const char	*enc;		/* mip6d's name (mip6d.conf(5)), NULL: none given */
	char		*enc_key;	/* "0x..." */
	const char	*auth;		/* mip6d's name, NULL: none given */
	char		*auth_key;
	const char	*problem;	/* why mip6d cannot use it, or NULL */
	struct usrc	 src_loc;
	struct usa	*next;
};

struct usetkey {
	struct usa	*sas;
	struct utree	 files;		/* owns the file names */
};

/* Read the ESP add statements of path; returns the number of errors (each reported). */
int	usetkey_read(struct usetkey *k, const char *path, umip_report_fn report, void *arg);
/* Parse from a buffer (tests). */
int	usetkey_read_buf(struct usetkey *k, const char *name, const char *buf, size_t len,
	    umip_report_fn report, void *arg);
void	usetkey_free(struct usetkey *k);
/* The SA from src to dst with this mode (USA_ANY fits both), or NULL. */
const struct usa *usetkey_find(const struct usetkey *k, const char *src, const char *dst,
	    int mode);

/*
 * UMIP's home agent took its own address and the home prefix from the interface; mip6d's
 * home-link wants them written.  They come from --home-link IFACE=ADDR/PLEN, else from
 * HaServedPrefix with an IPsecPolicySet HomeAgentAddress inside it, else (use_system) from
 * the global addresses the interface has on this machine.
 */
struct uhl_given {
	char		*ifname;
	char		*addr;		/* the home agent's address */
	int		 plen;		/* the home prefix length */
	struct uhl_given *next;
};

struct uwrite_opts {
	const char	*source;	/* the converted file, for the header comment */
	struct uhl_given *home_links;
	const struct usetkey *setkey;	/* NULL: no keys, ipsec sections stay commented out */
	int		 use_system;
	umip_report_fn	 report;	/* what cannot be written: "file:line: message" */
	void		*arg;
};

/* Write the equivalent mip6d.conf; returns the number of errors (each reported). */
int	uconf_write(FILE *f, struct uconf *c, const struct uwrite_opts *o);

#endif
