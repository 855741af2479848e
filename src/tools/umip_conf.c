/* umip_conf.c - what an old UMIP/MIPL mip6d.conf says, keyword by keyword, checked */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "umip.h"
#include "util.h"

static const struct {
	const char	*name;
	enum uarg_kind	 kind;
} uopts[UO_MAX] = {
	[UO_DEBUG_LEVEL] =		{ "DebugLevel", UK_INT },
	[UO_DEBUG_LOG_FILE] =		{ "DebugLogFile", UK_STR },
	[UO_DO_RO_CN] =			{ "DoRouteOptimizationCN", UK_BOOL },
	[UO_DO_RO_MN] =			{ "DoRouteOptimizationMN", UK_BOOL },
	[UO_HA_MAX_BLIFE] =		{ "HaMaxBindingLife", UK_INT },
	[UO_MN_MAX_HA_BLIFE] =		{ "MnMaxHaBindingLife", UK_INT },
	[UO_MN_MAX_CN_BLIFE] =		{ "MnMaxCnBindingLife", UK_INT },
	[UO_USE_MN_HA_IPSEC] =		{ "UseMnHaIPsec", UK_BOOL },
	[UO_KEY_MNG_MOB_CAP] =		{ "KeyMngMobCapability", UK_BOOL },
	[UO_DEFAULT_ACL] =		{ "DefaultBindingAclPolicy", UK_BOOL },
	[UO_BA_TIMEOUT_FIRST] =		{ "InitialBindackTimeoutFirstReg", UK_DEC },
	[UO_BA_TIMEOUT_REREG] =		{ "InitialBindackTimeoutReReg", UK_DEC },
	[UO_ROUTER_PROBES] =		{ "MnRouterProbes", UK_INT },
	[UO_ROUTER_PROBE_TIMEOUT] =	{ "MnRouterProbeTimeout", UK_DEC },
	[UO_MIN_MPA_INTERVAL] =		{ "MinMobPfxAdvInterval", UK_INT },
	[UO_MAX_MPA_INTERVAL] =		{ "MaxMobPfxAdvInterval", UK_INT },
	[UO_MN_USE_ALL_IFACES] =	{ "MnUseAllInterfaces", UK_BOOL },
	[UO_MN_DISCARD_HA_PARAM_PROB] =	{ "MnDiscardHaParamProb", UK_BOOL },
	[UO_MN_RESET_DHAAD_AT_HOME] =	{ "MnResetDhaadAtHome", UK_BOOL },
	[UO_SEND_MPS] =			{ "SendMobPfxSols", UK_BOOL },
	[UO_SEND_MPA] =			{ "SendMobPfxAdvs", UK_BOOL },
	[UO_SEND_UNSOL_MPA] =		{ "SendUnsolMobPfxAdvs", UK_BOOL },
	[UO_OPTIMISTIC_HANDOFF] =	{ "OptimisticHandoff", UK_BOOL },
	[UO_NO_HOME_RETURN] =		{ "NoHomeReturn", UK_BOOL },
	[UO_USE_CN_BU_ACK] =		{ "UseCnBuAck", UK_BOOL },
	[UO_NON_VOLATILE_BCACHE] =	{ "NonVolatileBindingCache", UK_BOOL },
	[UO_HA_ACCEPT_MOB_RTR] =	{ "HaAcceptMobRtr", UK_BOOL },
	[UO_MOB_RTR_EXPLICIT] =		{ "MobRtrUseExplicitMode", UK_BOOL },
};

static const char *const uipsec_types[] = {
	[UIP_HOME_REG_BINDING] =	"HomeRegBinding",
	[UIP_MOB_PFX_DISC] =		"MobPfxDisc",
	[UIP_TUNNEL_HOME_TESTING] =	"TunnelHomeTesting",
	[UIP_TUNNEL_MH] =		"TunnelMh",
	[UIP_TUNNEL_PAYLOAD] =		"TunnelPayload",
	[UIP_ICMP] =			"ICMP",
	[UIP_ANY] =			"Any",
};

struct ubuild {
	struct uconf	*c;
	umip_report_fn	 report;
	void		*arg;
	int		 errors;
};

const char *
uopt_name(enum uopt o)
{
	return o < UO_MAX ? uopts[o].name : "?";
}

enum uarg_kind
uopt_kind(enum uopt o)
{
	return uopts[o].kind;
}

const char *
uipsec_type_name(int type)
{
	return type >= 0 && type <= UIP_ANY ? uipsec_types[type] : "?";
}

static void
uerr(struct ubuild *b, const struct ustmt *s, const char *fmt, ...)
{
	char msg[512], full[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%d: %s: %s", s->file, s->line, s->kw, msg);
	b->errors++;
	if (b->report != NULL)
		b->report(full, b->arg);
}

static struct usrc
usrc_of(const struct ustmt *s)
{
	struct usrc src = { s->file, s->line };

	return src;
}

/* The statement on one line, as the old file had it (for comments). */
static char *
ustmt_text(const struct ustmt *s)
{
	/* the keyword, then " { ... }" or ";" and the terminating NUL */
	size_t i, len = strlen(s->kw) + sizeof(" { ... }");
	char *out, *p;

	for (i = 0; i < s->nargs; i++)
		len += strlen(s->args[i].text ? s->args[i].text : "") + 4;
	if ((out = malloc(len)) == NULL)
		return NULL;
	p = out + sprintf(out, "%s", s->kw);
	for (i = 0; i < s->nargs; i++) {
		switch (s->args[i].type) {
		case UT_STRING:
			p += sprintf(p, " \"%s\"", s->args[i].text);
			break;
		case UT_WORD:
			p += sprintf(p, " %s", s->args[i].text);
			break;
		case UT_LPAREN:
			p += sprintf(p, " (");
			break;
		case UT_RPAREN:
			p += sprintf(p, ")");
			break;
		case UT_COMMA:
			p += sprintf(p, ",");
			break;
		default:
			break;
		}
	}
	sprintf(p, "%s", s->has_block ? " { ... }" : ";");
	return out;
}

void
uconf_note(struct uconf *c, const struct usrc *src, const char *text, const char *why)
{
	struct unote *n, **tail;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return;
	n->text = strdup(text);
	n->why = strdup(why);
	n->src = *src;
	for (tail = &c->notes; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = n;
}

static void
unote_stmt(struct ubuild *b, const struct ustmt *s, const char *why)
{
	struct usrc src = usrc_of(s);
	char *text = ustmt_text(s);

	uconf_note(b->c, &src, text ? text : s->kw, why);
	free(text);
}

/* Values */

static int
uparse_bool(const char *w, int *v)
{
	static const char *const yes[] = { "enabled", "true", "allow", "yes", "on", "1" };
	static const char *const no[] = { "disabled", "false", "deny", "no", "off", "0" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (strcasecmp(w, yes[i]) == 0)
			return *v = 1, 0;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (strcasecmp(w, no[i]) == 0)
			return *v = 0, 0;
	return -1;
}

static int
uparse_int(const char *w, long *v)
{
	char *end;

	if (w[0] < '0' || w[0] > '9')
		return -1;
	errno = 0;
	*v = strtol(w, &end, 10);
	if (errno != 0 || *end != '\0' || *v > INT_MAX)
		return -1;
	return 0;
}

/* Seconds with up to three decimals, into milliseconds. */
static int
uparse_dec(const char *w, long *ms)
{
	long sec = 0, frac = 0, scale = 100;
	const char *p = w;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > 1000000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p != '\0')
		return -1;
	*ms = sec * 1000 + frac;
	return 0;
}

static int
uparse_addr(const char *w)
{
	struct in6_addr a;

	return addr_parse(w, &a);
}

static int
uparse_prefix(const char *w)
{
	struct in6_addr a;
	int plen;

	return prefix_parse(w, &a, &plen, 1);
}

/* Arguments that are words or strings only, exactly n of them (n < 0: at least one). */
static int
uplain_args(struct ubuild *b, const struct ustmt *s, int n)
{
	size_t i;

	for (i = 0; i < s->nargs; i++)
		if (s->args[i].type != UT_WORD && s->args[i].type != UT_STRING) {
			uerr(b, s, "unexpected punctuation in the arguments");
			return -1;
		}
	if (n >= 0 && s->nargs != (size_t)n) {
		uerr(b, s, "expected %d argument%s, found %zu", n, n == 1 ? "" : "s", s->nargs);
		return -1;
	}
	if (n < 0 && s->nargs == 0) {
		uerr(b, s, "expected an argument");
		return -1;
	}
	return 0;
}

static int
uno_block(struct ubuild *b, const struct ustmt *s)
{
	if (s->has_block) {
		uerr(b, s, "does not take a block");
		return -1;
	}
	return 0;
}

static int
ustr_push(char ***v, size_t *n, const char *s)
{
	char **nv = reallocarray(*v, *n + 1, sizeof(**v));

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/*
 * A parenthesised list of prefixes starting at args[*i] ("(" P "," P ")"), as HomeAddress and
 * BindingAclPolicy take for mobile network prefixes.
 */
static int
uprefix_list(struct ubuild *b, const struct ustmt *s, size_t *i, char ***v, size_t *n)
{
	size_t k = *i;

	if (k >= s->nargs || s->args[k].type != UT_LPAREN)
		return 0;
	for (k++;; k++) {
		if (k >= s->nargs || s->args[k].type != UT_WORD) {
			uerr(b, s, "expected a prefix in the list");
			return -1;
		}
		if (uparse_prefix(s->args[k].text) == -1) {
			uerr(b, s, "'%s' is not a prefix ADDR/PLEN", s->args[k].text);
			return -1;
		}
		if (ustr_push(v, n, s->args[k].text) == -1) {
			uerr(b, s, "out of memory");
			return -1;
		}
		k++;
		if (k < s->nargs && s->args[k].type == UT_RPAREN)
			break;
		if (k >= s->nargs || s->args[k].type != UT_COMMA) {
			uerr(b, s, "expected ',' or ')' in the prefix list");
			return -1;
		}
	}
	*i = k + 1;
	return 0;
}

/* Keywords */

static int
uscalar_set(struct ubuild *b, const struct ustmt *s, enum uopt o)
{
	struct uscalar *v = &b->c->opt[o];
	const char *w;
	long l;
	int bv;

	if (uno_block(b, s) == -1 || uplain_args(b, s, 1) == -1)
		return -1;
	w = s->args[0].text;
	switch (uopts[o].kind) {
	case UK_BOOL:
		if (uparse_bool(w, &bv) == -1) {
			uerr(b, s, "'%s' is not enabled or disabled", w);
			return -1;
		}
		l = bv;
		break;
	case UK_INT:
		if (uparse_int(w, &l) == -1) {
			uerr(b, s, "'%s' is not a non-negative integer", w);
			return -1;
		}
		break;
	case UK_DEC:
		if (uparse_dec(w, &l) == -1) {
			uerr(b, s, "'%s' is not a number of seconds", w);
			return -1;
		}
		break;
	case UK_STR:
	default:
		l = 0;
		break;
	}
	if (v->set) {
		char why[128];

		snprintf(why, sizeof(why), "set again at line %d; the later value is used",
		    s->line);
		uconf_note(b->c, &v->src, uopts[o].name, why);
	}
	free(v->sval);
	v->sval = strdup(w);
	v->ival = l;
	v->set = 1;
	v->src = usrc_of(s);
	return 0;
}

static int
unode_parse(const char *w)
{
	if (strcasecmp(w, "CN") == 0)
		return UNODE_CN;
	if (strcasecmp(w, "MN") == 0)
		return UNODE_MN;
	if (strcasecmp(w, "HA") == 0)
		return UNODE_HA;
	return -1;
}

static int
ukw_nodeconfig(struct ubuild *b, const struct ustmt *s)
{
	int n;

	if (uno_block(b, s) == -1 || uplain_args(b, s, 1) == -1)
		return -1;
	if ((n = unode_parse(s->args[0].text)) == -1) {
		uerr(b, s, "'%s' is not CN, MN or HA", s->args[0].text);
		return -1;
	}
	if (b->c->node_set && b->c->node != n) {
		uerr(b, s, "the node was already configured as %s at %s:%d",
		    n == UNODE_CN ? "CN" : n == UNODE_MN ? "MN" : "HA", b->c->node_src.file,
		    b->c->node_src.line);
		return -1;
	}
	b->c->node = n;
	b->c->node_set = 1;
	b->c->node_src = usrc_of(s);
	return 0;
}

static int
ukw_interface(struct ubuild *b, const struct ustmt *s)
{
	struct uiface *ifc, **tail;
	const struct ustmt *k;
	long l;
	int rc = 0;

	if (uplain_args(b, s, 1) == -1)
		return -1;
	for (ifc = b->c->ifaces; ifc != NULL; ifc = ifc->next)
		if (strcmp(ifc->name, s->args[0].text) == 0) {
			uerr(b, s, "interface %s already given at %s:%d", ifc->name,
			    ifc->src.file, ifc->src.line);
			return -1;
		}
	if ((ifc = calloc(1, sizeof(*ifc))) == NULL ||
	    (ifc->name = strdup(s->args[0].text)) == NULL) {
		free(ifc);
		uerr(b, s, "out of memory");
		return -1;
	}
	ifc->pref = -1;
	ifc->iftype = -1;
	ifc->src = usrc_of(s);
	for (tail = &b->c->ifaces; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = ifc;

	for (k = s->block; k != NULL; k = k->next) {
		if (strcasecmp(k->kw, "MnIfPreference") == 0) {
			if (uno_block(b, k) == -1 || uplain_args(b, k, 1) == -1 ||
			    uparse_int(k->args[0].text, &l) == -1 || l < 1 || l > 15) {
				if (k->nargs == 1)
					uerr(b, k, "'%s' is not a preference 1-15",
					    k->args[0].text);
				rc = -1;
				continue;
			}
			ifc->pref = l;
		} else if (strcasecmp(k->kw, "IfType") == 0) {
			if (uno_block(b, k) == -1 || uplain_args(b, k, 1) == -1) {
				rc = -1;
				continue;
			}
			if ((ifc->iftype = unode_parse(k->args[0].text)) == -1) {
				uerr(b, k, "'%s' is not CN, MN or HA", k->args[0].text);
				rc = -1;
			}
		} else if (strcasecmp(k->kw, "Tunnel") == 0 || strcasecmp(k->kw, "Bid") == 0 ||
		    strcasecmp(k->kw, "BidPriority") == 0 || strcasecmp(k->kw, "Reliable") == 0) {
			unote_stmt(b, k, "no equivalent in mip6d (multiple care-of addresses "
			    "are not supported)");
		} else {
			uerr(b, k, "unknown keyword inside Interface");
			rc = -1;
		}
	}
	return rc;
}

static int
ukw_homeaddress(struct ubuild *b, const struct ustmt *s, struct uhoa **hoas, size_t *nhoas)
{
	struct uhoa *h, *nh;
	size_t i = 1;

	if (uno_block(b, s) == -1)
		return -1;
	if (s->nargs < 1 || s->args[0].type != UT_WORD) {
		uerr(b, s, "expected a home address ADDR/PLEN");
		return -1;
	}
	if (uparse_prefix(s->args[0].text) == -1) {
		uerr(b, s, "'%s' is not ADDR/PLEN", s->args[0].text);
		return -1;
	}
	if ((nh = reallocarray(*hoas, *nhoas + 1, sizeof(*nh))) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	*hoas = nh;
	h = &nh[*nhoas];
	memset(h, 0, sizeof(*h));
	if ((h->addr = strdup(s->args[0].text)) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	h->src = usrc_of(s);
	(*nhoas)++;
	if (uprefix_list(b, s, &i, &h->mnps, &h->nmnps) == -1)
		return -1;
	if (i != s->nargs) {
		uerr(b, s, "unexpected '%s' after the address",
		    s->args[i].text ? s->args[i].text : "punctuation");
		return -1;
	}
	return 0;
}

static int
uaddr_arg(struct ubuild *b, const struct ustmt *s, char **out)
{
	if (uno_block(b, s) == -1 || uplain_args(b, s, 1) == -1)
		return -1;
	if (uparse_addr(s->args[0].text) == -1) {
		uerr(b, s, "'%s' is not an IPv6 address", s->args[0].text);
		return -1;
	}
	if (*out != NULL) {
		uerr(b, s, "given twice");
		return -1;
	}
	if ((*out = strdup(s->args[0].text)) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	return 0;
}

/* MnRoPolicy [HOA] [CN] enabled|disabled;  (an address "::" stands for any) */
static int
ukw_mnropolicy(struct ubuild *b, const struct ustmt *s, const char *link_hoa)
{
	struct uropol *p, **tail;
	size_t i;
	int en;

	if (uno_block(b, s) == -1 || uplain_args(b, s, -1) == -1)
		return -1;
	if (s->nargs > 3) {
		uerr(b, s, "expected [home address] [correspondent] enabled|disabled");
		return -1;
	}
	if (uparse_bool(s->args[s->nargs - 1].text, &en) == -1) {
		uerr(b, s, "'%s' is not enabled or disabled", s->args[s->nargs - 1].text);
		return -1;
	}
	for (i = 0; i + 1 < s->nargs; i++)
		if (uparse_addr(s->args[i].text) == -1) {
			uerr(b, s, "'%s' is not an IPv6 address", s->args[i].text);
			return -1;
		}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	p->enabled = en;
	p->src = usrc_of(s);
	if (s->nargs == 3) {
		p->hoa = strdup(s->args[0].text);
		p->cn = strdup(s->args[1].text);
	} else if (s->nargs == 2) {
		/* With one address: the correspondent (for all home addresses). */
		p->cn = strdup(s->args[0].text);
		if (link_hoa != NULL)
			p->hoa = strdup(link_hoa);
	}
	for (tail = &b->c->ropols; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = p;
	return 0;
}

static int
ukw_mnhomelink(struct ubuild *b, const struct ustmt *s)
{
	struct uhomelink *l, **tail;
	const struct ustmt *k;
	int rc = 0, v;

	if (uplain_args(b, s, 1) == -1)
		return -1;
	if (!s->has_block) {
		uerr(b, s, "expected a block with HomeAgentAddress and HomeAddress");
		return -1;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->ifname = strdup(s->args[0].text)) == NULL) {
		free(l);
		uerr(b, s, "out of memory");
		return -1;
	}
	l->is_mob_rtr = -1;
	l->src = usrc_of(s);
	for (tail = &b->c->links; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = l;

	for (k = s->block; k != NULL; k = k->next) {
		if (strcasecmp(k->kw, "HomeAgentAddress") == 0) {
			if (uaddr_arg(b, k, &l->ha) == -1)
				rc = -1;
		} else if (strcasecmp(k->kw, "HomeAddress") == 0) {
			if (ukw_homeaddress(b, k, &l->hoas, &l->nhoas) == -1)
				rc = -1;
		} else if (strcasecmp(k->kw, "IsMobRtr") == 0) {
			if (uno_block(b, k) == -1 || uplain_args(b, k, 1) == -1 ||
			    uparse_bool(k->args[0].text, &v) == -1) {
				if (k->nargs == 1)
					uerr(b, k, "'%s' is not enabled or disabled",
					    k->args[0].text);
				rc = -1;
				continue;
			}
			l->is_mob_rtr = v;
		} else if (strcasecmp(k->kw, "MnRoPolicy") == 0) {
			if (ukw_mnropolicy(b, k, l->nhoas ? l->hoas[0].addr : NULL) == -1)
				rc = -1;
		} else if (strcasecmp(k->kw, "UseAltCoa") == 0) {
			unote_stmt(b, k, "no equivalent in mip6d (the care-of address is "
			    "chosen by interface preference)");
		} else {
			uerr(b, k, "unknown keyword inside MnHomeLink");
			rc = -1;
		}
	}
	if (l->nhoas == 0) {
		uerr(b, s, "no HomeAddress");
		rc = -1;
	}
	return rc;
}

static int
ukw_servedprefix(struct ubuild *b, const struct ustmt *s)
{
	size_t i;

	if (uno_block(b, s) == -1)
		return -1;
	for (i = 0; i < s->nargs; i++) {
		if (s->args[i].type == UT_COMMA)
			continue;
		if (s->args[i].type != UT_WORD || uparse_prefix(s->args[i].text) == -1) {
			uerr(b, s, "'%s' is not a prefix ADDR/PLEN",
			    s->args[i].text ? s->args[i].text : "punctuation");
			return -1;
		}
		if (ustr_push(&b->c->served, &b->c->nserved, s->args[i].text) == -1) {
			uerr(b, s, "out of memory");
			return -1;
		}
	}
	if (s->nargs == 0) {
		uerr(b, s, "expected a prefix ADDR/PLEN");
		return -1;
	}
	if (b->c->served_src.file == NULL)
		b->c->served_src = usrc_of(s);
	return 0;
}

/* IPsecPolicy TYPE UseESP|UseAH [REQID_MN [REQID_HA]]; */
static int
ukw_ipsecpolicy(struct ubuild *b, const struct ustmt *s, struct uipsec_set *set)
{
	struct uipsec_pol *p, *np;
	size_t i;
	int type = -1;
	long r;

	if (uno_block(b, s) == -1 || uplain_args(b, s, -1) == -1)
		return -1;
	if (s->nargs < 2 || s->nargs > 4) {
		uerr(b, s, "expected TYPE UseESP|UseAH [reqid [reqid]]");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(uipsec_types); i++)
		if (strcasecmp(s->args[0].text, uipsec_types[i]) == 0)
			type = i;
	if (strcasecmp(s->args[0].text, "AnyTraffic") == 0)
		type = UIP_ANY;
	if (type == -1) {
		uerr(b, s, "unknown policy type '%s'", s->args[0].text);
		return -1;
	}
	if ((np = reallocarray(set->pols, set->npols + 1, sizeof(*np))) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	set->pols = np;
	p = &np[set->npols];
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->src = usrc_of(s);
	if (strcasecmp(s->args[1].text, "UseESP") == 0)
		p->esp = 1;
	else if (strcasecmp(s->args[1].text, "UseAH") == 0)
		p->esp = 0;
	else {
		uerr(b, s, "'%s' is not UseESP or UseAH", s->args[1].text);
		return -1;
	}
	for (i = 2; i < s->nargs; i++) {
		if (uparse_int(s->args[i].text, &r) == -1) {
			uerr(b, s, "'%s' is not a reqid", s->args[i].text);
			return -1;
		}
		if (i == 2)
			p->reqid_mn = r;
		else
			p->reqid_ha = r;
	}
	set->npols++;
	return 0;
}

static int
ukw_ipsecpolicyset(struct ubuild *b, const struct ustmt *s)
{
	struct uipsec_set *set, **tail;
	const struct ustmt *k;
	int rc = 0;

	if (s->nargs != 0 || !s->has_block) {
		uerr(b, s, "expected a block { HomeAgentAddress ...; HomeAddress ...; "
		    "IPsecPolicy ...; }");
		return -1;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		uerr(b, s, "out of memory");
		return -1;
	}
	set->src = usrc_of(s);
	for (tail = &b->c->ipsec; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = set;

	for (k = s->block; k != NULL; k = k->next) {
		if (strcasecmp(k->kw, "HomeAgentAddress") == 0) {
			if (uaddr_arg(b, k, &set->ha) == -1)
				rc = -1;
		} else if (strcasecmp(k->kw, "HomeAddress") == 0) {
			if (uno_block(b, k) == -1 || uplain_args(b, k, 1) == -1) {
				rc = -1;
				continue;
			}
			if (uparse_prefix(k->args[0].text) == -1) {
				uerr(b, k, "'%s' is not ADDR/PLEN", k->args[0].text);
				rc = -1;
				continue;
			}
			if (ustr_push(&set->hoas, &set->nhoas, k->args[0].text) == -1) {
				uerr(b, k, "out of memory");
				rc = -1;
			}
		} else if (strcasecmp(k->kw, "IPsecPolicy") == 0) {
			if (ukw_ipsecpolicy(b, k, set) == -1)
				rc = -1;
		} else {
			uerr(b, k, "unknown keyword inside IPsecPolicySet");
			rc = -1;
		}
	}
	if (rc == 0 && set->ha == NULL) {
		uerr(b, s, "no HomeAgentAddress");
		rc = -1;
	}
	if (rc == 0 && set->nhoas == 0) {
		uerr(b, s, "no HomeAddress");
		rc = -1;
	}
	return rc;
}

/* BindingAclPolicy ADDR [(MNP, ...)] allow|deny; */
static int
ukw_bindingacl(struct ubuild *b, const struct ustmt *s)
{
	struct uacl *a, **tail;
	size_t i = 1;
	int allow;

	if (uno_block(b, s) == -1)
		return -1;
	if (s->nargs < 2 || s->args[0].type != UT_WORD ||
	    s->args[s->nargs - 1].type != UT_WORD) {
		uerr(b, s, "expected ADDR [(prefix, ...)] allow|deny");
		return -1;
	}
	if (uparse_addr(s->args[0].text) == -1) {
		uerr(b, s, "'%s' is not an IPv6 address", s->args[0].text);
		return -1;
	}
	if (uparse_bool(s->args[s->nargs - 1].text, &allow) == -1) {
		uerr(b, s, "'%s' is not allow or deny", s->args[s->nargs - 1].text);
		return -1;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL || (a->addr = strdup(s->args[0].text)) == NULL) {
		free(a);
		uerr(b, s, "out of memory");
		return -1;
	}
	a->allow = allow;
	a->src = usrc_of(s);
	for (tail = &b->c->acls; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = a;
	if (uprefix_list(b, s, &i, &a->mnps, &a->nmnps) == -1)
		return -1;
	if (i != s->nargs - 1) {
		uerr(b, s, "expected ADDR [(prefix, ...)] allow|deny");
		return -1;
	}
	return 0;
}

static int
ubuild_stmt(struct ubuild *b, const struct ustmt *s)
{
	size_t o;

	for (o = 0; o < UO_MAX; o++)
		if (strcasecmp(s->kw, uopts[o].name) == 0)
			return uscalar_set(b, s, o);
	if (strcasecmp(s->kw, "NodeConfig") == 0)
		return ukw_nodeconfig(b, s);
	if (strcasecmp(s->kw, "Interface") == 0)
		return ukw_interface(b, s);
	if (strcasecmp(s->kw, "MnHomeLink") == 0)
		return ukw_mnhomelink(b, s);
	if (strcasecmp(s->kw, "HaServedPrefix") == 0)
		return ukw_servedprefix(b, s);
	if (strcasecmp(s->kw, "IPsecPolicySet") == 0)
		return ukw_ipsecpolicyset(b, s);
	if (strcasecmp(s->kw, "BindingAclPolicy") == 0)
		return ukw_bindingacl(b, s);
	if (strcasecmp(s->kw, "MnRoPolicy") == 0)
		return ukw_mnropolicy(b, s, NULL);
	if (strcasecmp(s->kw, "UseMovementModule") == 0 ||
	    strcasecmp(s->kw, "UsePolicyModule") == 0 ||
	    strcasecmp(s->kw, "MnMaxHaConsecutiveResends") == 0 ||
	    strcasecmp(s->kw, "MnMaxCnConsecutiveResends") == 0 ||
	    strcasecmp(s->kw, "HaUseAllInterfaces") == 0) {
		unote_stmt(b, s, "no equivalent in mip6d");
		return 0;
	}
	if (strcasecmp(s->kw, "IPsecPolicy") == 0) {
		uerr(b, s, "only inside IPsecPolicySet");
		return -1;
	}
	if (strcasecmp(s->kw, "HomeAddress") == 0 || strcasecmp(s->kw, "HomeAgentAddress") == 0) {
		uerr(b, s, "only inside MnHomeLink or IPsecPolicySet");
		return -1;
	}
	if (strcasecmp(s->kw, "MnIfPreference") == 0 || strcasecmp(s->kw, "IfType") == 0) {
		uerr(b, s, "only inside Interface");
		return -1;
	}
	uerr(b, s, "unknown keyword");
	return -1;
}

int
uconf_build(struct uconf *c, const struct utree *t, umip_report_fn report, void *arg)
{
	struct ubuild b = { .c = c, .report = report, .arg = arg };
	const struct ustmt *s;

	for (s = t->stmts; s != NULL; s = s->next)
		ubuild_stmt(&b, s);
	return b.errors;
}

static void
ustrv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
uconf_free(struct uconf *c)
{
	size_t i;
	int o;

	for (o = 0; o < UO_MAX; o++)
		free(c->opt[o].sval);
	while (c->ifaces != NULL) {
		struct uiface *n = c->ifaces->next;

		free(c->ifaces->name);
		free(c->ifaces);
		c->ifaces = n;
	}
	while (c->links != NULL) {
		struct uhomelink *n = c->links->next;

		free(c->links->ifname);
		free(c->links->ha);
		for (i = 0; i < c->links->nhoas; i++) {
			free(c->links->hoas[i].addr);
			ustrv_free(c->links->hoas[i].mnps, c->links->hoas[i].nmnps);
		}
		free(c->links->hoas);
		free(c->links);
		c->links = n;
	}
	ustrv_free(c->served, c->nserved);
	while (c->ipsec != NULL) {
		struct uipsec_set *n = c->ipsec->next;

		free(c->ipsec->ha);
		ustrv_free(c->ipsec->hoas, c->ipsec->nhoas);
		free(c->ipsec->pols);
		free(c->ipsec);
		c->ipsec = n;
	}
	while (c->acls != NULL) {
		struct uacl *n = c->acls->next;

		free(c->acls->addr);
		ustrv_free(c->acls->mnps, c->acls->nmnps);
		free(c->acls);
		c->acls = n;
	}
	while (c->ropols != NULL) {
		struct uropol *n = c->ropols->next;

		free(c->ropols->hoa);
		free(c->ropols->cn);
		free(c->ropols);
		c->ropols = n;
	}
	while (c->notes != NULL) {
		struct unote *n = c->notes->next;

		free(c->notes->text);
		free(c->notes->why);
		free(c->notes);
		c->notes = n;
	}
	memset(c, 0, sizeof(*c));
}
