/* umip_write.c - the mip6d.conf equivalent of a checked UMIP configuration */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umip.h"
#include "util.h"

/* Limits of mip6d.conf (mip6d.conf(5)). */
#define W_MIN_LIFETIME		4
#define W_MAX_BU_LIFETIME	262140
#define W_MAX_RR_LIFETIME	420
#define W_MIN_TIMEOUT_MS	100
#define W_MAX_TIMEOUT_MS	60000

struct uw {
	FILE			*f;
	struct uconf		*c;
	const struct uwrite_opts *o;
	int			 mn, ha, cn;
	int			 errors;
};

/* A home link of the home agent, resolved. */
struct uw_link {
	const char		*ifname;
	struct in6_addr		 ha;
	struct in6_addr		 prefix;
	int			 plen;
	const char		*how;
};

static void
uw_err(struct uw *w, const struct usrc *src, const char *fmt, ...)
{
	char msg[512], full[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (src != NULL && src->file != NULL)
		snprintf(full, sizeof(full), "%s:%d: %s", src->file, src->line, msg);
	else
		snprintf(full, sizeof(full), "%s: %s", w->o->source, msg);
	w->errors++;
	if (w->o->report != NULL)
		w->o->report(full, w->o->arg);
}

static const struct uscalar *
uw_opt(const struct uw *w, enum uopt o)
{
	return w->c->opt[o].set ? &w->c->opt[o] : NULL;
}

/* A note for a top-level setting, quoting it as the old file had it. */
static void
uw_note_opt(struct uw *w, enum uopt o, const char *why)
{
	const struct uscalar *v = uw_opt(w, o);
	char text[300];

	if (v == NULL)
		return;
	if (uopt_kind(o) == UK_STR)
		snprintf(text, sizeof(text), "%s \"%s\";", uopt_name(o), v->sval);
	else
		snprintf(text, sizeof(text), "%s %s;", uopt_name(o), v->sval);
	uconf_note(w->c, &v->src, text, why);
}

static const char *
uw_bool(long v)
{
	return v ? "yes" : "no";
}

/* Milliseconds as seconds with the decimals needed ("1.5", "2"). */
static const char *
uw_secs(long ms)
{
	static char buf[32];

	if (ms % 1000 == 0)
		snprintf(buf, sizeof(buf), "%ld", ms / 1000);
	else if (ms % 100 == 0)
		snprintf(buf, sizeof(buf), "%ld.%ld", ms / 1000, (ms % 1000) / 100);
	else if (ms % 10 == 0)
		snprintf(buf, sizeof(buf), "%ld.%02ld", ms / 1000, (ms % 1000) / 10);
	else
		snprintf(buf, sizeof(buf), "%ld.%03ld", ms / 1000, ms % 1000);
	return buf;
}

static void
uw_src(struct uw *w, const char *indent, const struct usrc *src, const char *what)
{
	fprintf(w->f, "%s# %s (%s:%d)\n", indent, what, src->file, src->line);
}

/* A lifetime into mip6d's range, with a note when it had to change. */
static long
uw_clamp(struct uw *w, enum uopt o, long lo, long hi)
{
	const struct uscalar *v = uw_opt(w, o);
	char why[160];

	if (v->ival >= lo && v->ival <= hi)
		return v->ival;
	snprintf(why, sizeof(why), "out of mip6d's range %ld-%ld; %ld is used", lo, hi,
	    v->ival < lo ? lo : hi);
	uw_note_opt(w, o, why);
	return v->ival < lo ? lo : hi;
}

static void
uw_mask(struct in6_addr *a, int plen)
{
	int i;

	for (i = plen; i < 128; i++)
		a->s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
}

/* Roles */

static void
uw_roles(struct uw *w)
{
	const struct uscalar *ro_cn = uw_opt(w, UO_DO_RO_CN);
	int node = w->c->node_set ? w->c->node : UNODE_CN;

	w->mn = node == UNODE_MN;
	w->ha = node == UNODE_HA;
	/* UMIP answered route optimization on every node unless DoRouteOptimizationCN said no. */
	w->cn = node == UNODE_CN || ro_cn == NULL || ro_cn->ival;

	fprintf(w->f, "roles = {");
	fprintf(w->f, "%s", w->mn ? "mn" : w->ha ? "ha" : "cn");
	if (node != UNODE_CN && w->cn)
		fprintf(w->f, ", cn");
	fprintf(w->f, "}");
	if (w->c->node_set)
		fprintf(w->f, "\t\t# NodeConfig %s (%s:%d)", w->mn ? "MN" : w->ha ? "HA" : "CN",
		    w->c->node_src.file, w->c->node_src.line);
	else
		fprintf(w->f, "\t\t# no NodeConfig: UMIP's default, a correspondent node");
	fprintf(w->f, "\n");
	if (node != UNODE_CN && w->cn)
		fprintf(w->f, "# cn: UMIP %s accepted route optimization (DoRouteOptimizationCN)\n",
		    w->mn ? "mobile nodes" : "home agents");
	else if (node != UNODE_CN)
		fprintf(w->f, "# no cn: DoRouteOptimizationCN disabled (%s:%d)\n", ro_cn->src.file,
		    ro_cn->src.line);
}

static void
uw_general(struct uw *w)
{
	const struct uscalar *v;

	if ((v = uw_opt(w, UO_DEBUG_LEVEL)) != NULL && v->ival > 0) {
		fprintf(w->f, "log-level = debug\t\t# DebugLevel %ld (%s:%d)\n", v->ival,
		    v->src.file, v->src.line);
	}
	uw_note_opt(w, UO_DEBUG_LOG_FILE, "no equivalent: mip6d logs to syslog, or to the "
	    "journal under systemd");
}

/* Interfaces of a mobile node: UMIP prefers the LOWEST MnIfPreference, mip6d the highest. */
static void
uw_ifaces(struct uw *w)
{
	const struct uiface *i;

	for (i = w->c->ifaces; i != NULL; i = i->next) {
		if (!w->mn) {
			if (!w->ha) {
				char text[160];

				snprintf(text, sizeof(text), "Interface \"%s\"", i->name);
				uconf_note(w->c, &i->src, text, "not needed: a correspondent node "
				    "answers on every interface");
			} else if (i->pref >= 0) {
				char text[160];

				snprintf(text, sizeof(text), "Interface \"%s\" { MnIfPreference %ld; }",
				    i->name, i->pref);
				uconf_note(w->c, &i->src, text, "a mobile node setting; this node "
				    "is not a mobile node");
			}
			continue;
		}
		fprintf(w->f, "\n");
		uw_src(w, "", &i->src, "Interface");
		fprintf(w->f, "interface \"%s\" {\n", i->name);
		if (i->pref >= 0)
			fprintf(w->f, "\tpreference = %ld\t\t# MnIfPreference %ld: lower was "
			    "preferred, now higher is\n", 16 - i->pref, i->pref);
		fprintf(w->f, "}\n");
		if (i->iftype >= 0) {
			char text[160];

			snprintf(text, sizeof(text), "Interface \"%s\" { IfType ...; }", i->name);
			uconf_note(w->c, &i->src, text, "no equivalent: the roles apply to the "
			    "whole node");
		}
	}
}

/* Home agent */

/* Address of this home agent among the IPsecPolicySet HomeAgentAddress values. */
static int
uw_ha_from_ipsec(struct uw *w, struct uw_link *l)
{
	const struct uipsec_set *s;
	struct in6_addr a;

	for (s = w->c->ipsec; s != NULL; s = s->next) {
		if (addr_parse(s->ha, &a) == -1)
			continue;
		if (l->plen > 0 && prefix_match(&a, &l->prefix, l->plen)) {
			l->ha = a;
			return 0;
		}
	}
	return -1;
}

/* The global addresses of an interface of this machine. */
static int
uw_ha_from_system(const char *ifname, struct uw_link *l)
{
	struct ifaddrs *ifa, *i;
	struct sockaddr_in6 *sin6, *mask;
	int plen, b, found = -1;

	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL && found == -1; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		sin6 = (struct sockaddr_in6 *)i->ifa_addr;
		mask = (struct sockaddr_in6 *)i->ifa_netmask;
		if (addr_is_linklocal(&sin6->sin6_addr) || addr_is_multicast(&sin6->sin6_addr) ||
		    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) || mask == NULL)
			continue;
		for (plen = 0, b = 0; b < 128; b++)
			if (mask->sin6_addr.s6_addr[b / 8] & (0x80 >> (b % 8)))
				plen++;
		if (plen < 1 || plen > 127)
			continue;
		l->ha = sin6->sin6_addr;
		l->prefix = sin6->sin6_addr;
		l->plen = plen;
		uw_mask(&l->prefix, plen);
		found = 0;
	}
	freeifaddrs(ifa);
	return found;
}

static int
uw_resolve_link(struct uw *w, const struct uiface *i, struct uw_link *l, int only_iface)
{
	const struct uhl_given *g;
	int plen;

	memset(l, 0, sizeof(*l));
	l->ifname = i->name;
	for (g = w->o->home_links; g != NULL; g = g->next)
		if (strcmp(g->ifname, i->name) == 0) {
			if (addr_parse(g->addr, &l->ha) == -1)
				return -1;
			l->prefix = l->ha;
			l->plen = g->plen;
			uw_mask(&l->prefix, l->plen);
			l->how = "given with --home-link";
			return 0;
		}
	/* A served prefix holding an IPsecPolicySet home agent address. */
	if (only_iface && w->c->nserved > 0) {
		size_t k;

		for (k = 0; k < w->c->nserved; k++) {
			if (prefix_parse(w->c->served[k], &l->prefix, &plen, 1) == -1)
				continue;
			l->plen = plen;
			uw_mask(&l->prefix, plen);
			if (uw_ha_from_ipsec(w, l) == 0) {
				l->how = "HaServedPrefix and the IPsecPolicySet HomeAgentAddress";
				return 0;
			}
		}
		l->plen = 0;
	}
	if (w->o->use_system && uw_ha_from_system(i->name, l) == 0) {
		l->how = "read from the interface on this machine";
		return 0;
	}
	return -1;
}

/*
 * NEMO (UMIP's documentation): HaAcceptMobRtr says whether the home agent accepts mobile
 * routers (default disabled); "BindingAclPolicy ADDR (MNP, ...) allow" lists the prefixes
 * the mobile router ADDR may register.  mip6d: accept-mobile-routers and one mobile-router
 * section per such address, inside home-agent.
 */
static void
uw_ha_nemo(struct uw *w)
{
	const struct uscalar *v = uw_opt(w, UO_HA_ACCEPT_MOB_RTR);
	const struct uacl *a;
	size_t k;
	int any = 0;

	for (a = w->c->acls; a != NULL; a = a->next)
		any |= a->allow && a->nmnps > 0;
	if (v != NULL)
		fprintf(w->f, "\taccept-mobile-routers = %s\t# HaAcceptMobRtr (%s:%d)\n",
		    uw_bool(v->ival), v->src.file, v->src.line);
	else if (any)
		fprintf(w->f, "\taccept-mobile-routers = no\t# HaAcceptMobRtr not set: UMIP's "
		    "default is disabled\n");
	for (a = w->c->acls; a != NULL; a = a->next) {
		if (!a->allow || a->nmnps == 0)
			continue;
		fprintf(w->f, "\tmobile-router \"%s\" {\t# BindingAclPolicy (%s:%d)\n", a->addr,
		    a->src.file, a->src.line);
		fprintf(w->f, "\t\tprefixes = {");
		for (k = 0; k < a->nmnps; k++)
			fprintf(w->f, "%s\"%s\"", k ? ", " : "", a->mnps[k]);
		fprintf(w->f, "}\n\t}\n");
	}
}

/*
 * NEMO on the mobile node (UMIP's documentation): "IsMobRtr enabled" in an MnHomeLink makes
 * it a mobile router, "HomeAddress ADDR (MNP, ...)" lists its mobile network prefixes, and
 * MobRtrUseExplicitMode (default enabled) chooses explicit or implicit registration.
 */
static void
uw_mn_nemo(struct uw *w, const struct uhomelink *hl, const struct uhoa *h)
{
	const struct uscalar *v = uw_opt(w, UO_MOB_RTR_EXPLICIT);
	size_t k;

	if (hl->is_mob_rtr <= 0) {
		if (h->nmnps > 0)
			uconf_note(w->c, &h->src, "HomeAddress (mobile network prefixes)",
			    "IsMobRtr is not enabled for this MnHomeLink: not a mobile router");
		return;
	}
	if (h->nmnps == 0) {
		uw_err(w, &h->src, "HomeAddress %s: IsMobRtr is enabled but no mobile network "
		    "prefix is listed; mip6d needs them (HomeAddress ADDR/PLEN (MNP/PLEN))",
		    h->addr);
		return;
	}
	fprintf(w->f, "\tmobile-router {\t# IsMobRtr enabled (MnHomeLink, %s:%d)\n",
	    hl->src.file, hl->src.line);
	if (v != NULL)
		fprintf(w->f, "\t\tmode = %s\t# MobRtrUseExplicitMode (%s:%d)\n",
		    v->ival ? "explicit" : "implicit", v->src.file, v->src.line);
	else
		fprintf(w->f, "\t\tmode = explicit\t# MobRtrUseExplicitMode: UMIP's default\n");
	fprintf(w->f, "\t\tprefixes = {");
	for (k = 0; k < h->nmnps; k++)
		fprintf(w->f, "%s\"%s\"", k ? ", " : "", h->mnps[k]);
	fprintf(w->f, "}\n");
	fprintf(w->f, "\t\t# interfaces = {...}: the mobile network's interfaces (UMIP "
	    "has no such list)\n");
	fprintf(w->f, "\t}\n");
}

static void
uw_ha(struct uw *w)
{
	const struct uscalar *v;
	const struct uacl *a;
	const struct uiface *i;
	struct uw_link l;
	struct in6_addr p;
	int n, nifaces = 0, deny_default = 0, nallow = 0, ndeny = 0, plen;
	size_t k;

	if (!w->ha) {
		uw_note_opt(w, UO_HA_MAX_BLIFE, "a home agent setting; this node is not a "
		    "home agent");
		uw_note_opt(w, UO_DEFAULT_ACL, "a home agent setting; this node is not a "
		    "home agent");
		for (a = w->c->acls; a != NULL; a = a->next)
			uconf_note(w->c, &a->src, "BindingAclPolicy", "a home agent setting; this "
			    "node is not a home agent");
		if (w->c->nserved > 0)
			uconf_note(w->c, &w->c->served_src, "HaServedPrefix", "a home agent "
			    "setting; this node is not a home agent");
		return;
	}

	fprintf(w->f, "\nhome-agent {\n");
	if ((v = uw_opt(w, UO_HA_MAX_BLIFE)) != NULL)
		fprintf(w->f, "\tmax-binding-lifetime = %ld\t# HaMaxBindingLife (%s:%d)\n",
		    uw_clamp(w, UO_HA_MAX_BLIFE, W_MIN_LIFETIME, W_MAX_BU_LIFETIME),
		    v->src.file, v->src.line);
	if ((v = uw_opt(w, UO_USE_MN_HA_IPSEC)) != NULL)
		fprintf(w->f, "\tipsec-required = %s\t# UseMnHaIPsec (%s:%d)\n", uw_bool(v->ival),
		    v->src.file, v->src.line);

	/*
	 * UMIP: the listed addresses, then the default.  mip6d: the longest matching entry,
	 * and without a match only an empty allow list lets a node in.
	 */
	if ((v = uw_opt(w, UO_DEFAULT_ACL)) != NULL && !v->ival)
		deny_default = 1;
	for (a = w->c->acls; a != NULL; a = a->next) {
		if (a->allow)
			nallow++;
		else
			ndeny++;
		if (a->nmnps > 0 && !a->allow)
			uconf_note(w->c, &a->src, "BindingAclPolicy (mobile network prefixes)",
			    "a denied node registers nothing: the prefixes are not converted");
	}
	if (nallow > 0 || deny_default) {
		fprintf(w->f, "\t# BindingAclPolicy, DefaultBindingAclPolicy %s\n",
		    deny_default ? "deny" : "allow");
		fprintf(w->f, "\tallow = {");
		n = 0;
		if (!deny_default)
			fprintf(w->f, "\"::/0\""), n++;
		for (a = w->c->acls; a != NULL; a = a->next)
			if (a->allow)
				fprintf(w->f, "%s\"%s/128\"", n++ ? ", " : "", a->addr);
		fprintf(w->f, "}\n");
		if (deny_default && nallow == 0)
			fprintf(w->f, "\tdeny = {\"::/0\"}\n");
	}
	if (ndeny > 0) {
		fprintf(w->f, "\tdeny = {");
		n = 0;
		for (a = w->c->acls; a != NULL; a = a->next)
			if (!a->allow)
				fprintf(w->f, "%s\"%s/128\"", n++ ? ", " : "", a->addr);
		fprintf(w->f, "}\n");
	}
	uw_ha_nemo(w);
	fprintf(w->f, "}\n");

	for (i = w->c->ifaces; i != NULL; i = i->next)
		nifaces++;
	if (nifaces == 0)
		uw_err(w, &w->c->node_src, "NodeConfig HA: no Interface, so no home link");
	for (i = w->c->ifaces; i != NULL; i = i->next) {
		if (uw_resolve_link(w, i, &l, nifaces == 1) == -1) {
			uw_err(w, &i->src, "Interface %s: the home agent's address and the home "
			    "prefix on %s are not in the old configuration (UMIP read them from "
			    "the interface); give them with --home-link %s=ADDR/PLEN", i->name,
			    i->name, i->name);
			continue;
		}
		fprintf(w->f, "\n");
		uw_src(w, "", &i->src, "Interface");
		fprintf(w->f, "home-link \"%s\" {\n", i->name);
		fprintf(w->f, "\t# address and prefix: %s\n", l.how);
		fprintf(w->f, "\tprefix = {\"%s/%d\"", addr_str(&l.prefix), l.plen);
		/* Served prefixes outside the link prefix: more home prefixes of this link. */
		for (k = 0; k < w->c->nserved; k++) {
			if (prefix_parse(w->c->served[k], &p, &plen, 1) == -1)
				continue;
			uw_mask(&p, plen);
			if (plen == l.plen && addr_eq(&p, &l.prefix))
				continue;
			if (nifaces == 1 && plen >= 1 && plen <= 127 &&
			    !prefix_match(&p, &l.prefix, l.plen) &&
			    !prefix_match(&l.prefix, &p, plen))
				fprintf(w->f, ", \"%s/%d\"", addr_str(&p), plen);
			else
				uconf_note(w->c, &w->c->served_src, w->c->served[k],
				    "HaServedPrefix overlapping the home link's prefix, or with "
				    "several links: not converted");
		}
		fprintf(w->f, "}\n");
		fprintf(w->f, "\thome-agent-address = \"%s\"\n", addr_str(&l.ha));
		fprintf(w->f, "}\n");
	}
	uw_note_opt(w, UO_MIN_MPA_INTERVAL, "no equivalent: mip6d answers Mobile Prefix "
	    "Solicitations and advertises changes itself");
	uw_note_opt(w, UO_MAX_MPA_INTERVAL, "no equivalent: mip6d answers Mobile Prefix "
	    "Solicitations and advertises changes itself");
	uw_note_opt(w, UO_SEND_UNSOL_MPA, "no equivalent");
	uw_note_opt(w, UO_SEND_MPA, "no equivalent: mip6d always answers Mobile Prefix "
	    "Solicitations");
}

/* Mobile node */

static void
uw_mn(struct uw *w)
{
	const struct uhomelink *hl;
	const struct uropol *r;
	const struct uscalar *v;
	struct in6_addr hoa, ha, pfx;
	size_t k;
	long life = -1;
	int plen, ro_default = -1;

	if (!w->mn) {
		static const enum uopt mn_only[] = {
			UO_DO_RO_MN, UO_MN_MAX_HA_BLIFE, UO_MN_MAX_CN_BLIFE,
			UO_BA_TIMEOUT_FIRST, UO_BA_TIMEOUT_REREG,
		};

		for (k = 0; k < ARRAY_SIZE(mn_only); k++)
			uw_note_opt(w, mn_only[k], "a mobile node setting; this node is not a "
			    "mobile node");
		for (hl = w->c->links; hl != NULL; hl = hl->next)
			uconf_note(w->c, &hl->src, "MnHomeLink", "a mobile node setting; this node "
			    "is not a mobile node");
		for (r = w->c->ropols; r != NULL; r = r->next)
			uconf_note(w->c, &r->src, "MnRoPolicy", "a mobile node setting; this node "
			    "is not a mobile node");
		return;
	}

	/* A policy without addresses sets the default. */
	for (r = w->c->ropols; r != NULL; r = r->next)
		if (r->cn == NULL && r->hoa == NULL)
			ro_default = r->enabled;

	fprintf(w->f, "\nmobile-node {\n");
	if ((v = uw_opt(w, UO_DO_RO_MN)) != NULL && ro_default < 0)
		fprintf(w->f, "\troute-optimization = %s\t# DoRouteOptimizationMN (%s:%d)\n",
		    uw_bool(v->ival), v->src.file, v->src.line);
	else if (ro_default >= 0)
		fprintf(w->f, "\troute-optimization = %s\t# MnRoPolicy\n", uw_bool(ro_default));
	if ((v = uw_opt(w, UO_MN_MAX_CN_BLIFE)) != NULL)
		fprintf(w->f, "\tcorrespondent-binding-lifetime = %ld\t# MnMaxCnBindingLife "
		    "(%s:%d)\n", uw_clamp(w, UO_MN_MAX_CN_BLIFE, W_MIN_LIFETIME, W_MAX_RR_LIFETIME),
		    v->src.file, v->src.line);
	if ((v = uw_opt(w, UO_BA_TIMEOUT_FIRST)) != NULL)
		fprintf(w->f, "\tfirst-registration-timeout = %s\t# InitialBindackTimeoutFirstReg "
		    "(%s:%d)\n", uw_secs(uw_clamp(w, UO_BA_TIMEOUT_FIRST, W_MIN_TIMEOUT_MS,
		    W_MAX_TIMEOUT_MS)), v->src.file, v->src.line);
	if ((v = uw_opt(w, UO_BA_TIMEOUT_REREG)) != NULL)
		fprintf(w->f, "\tinitial-bindack-timeout = %s\t# InitialBindackTimeoutReReg "
		    "(%s:%d)\n", uw_secs(uw_clamp(w, UO_BA_TIMEOUT_REREG, W_MIN_TIMEOUT_MS,
		    W_MAX_TIMEOUT_MS)), v->src.file, v->src.line);
	for (r = w->c->ropols; r != NULL; r = r->next) {
		if (r->cn == NULL)
			continue;
		fprintf(w->f, "\tpeer \"%s/128\" {\t# MnRoPolicy (%s:%d)\n", r->cn, r->src.file,
		    r->src.line);
		fprintf(w->f, "\t\troute-optimization = %s\n", uw_bool(r->enabled));
		fprintf(w->f, "\t}\n");
		if (r->hoa != NULL)
			uconf_note(w->c, &r->src, "MnRoPolicy (home address)", "mip6d's peer "
			    "rules apply to every home address; converted for all of them");
	}
	fprintf(w->f, "}\n");

	if ((v = uw_opt(w, UO_MN_MAX_HA_BLIFE)) != NULL)
		life = uw_clamp(w, UO_MN_MAX_HA_BLIFE, W_MIN_LIFETIME, W_MAX_BU_LIFETIME);
	if (w->c->links == NULL)
		uw_err(w, &w->c->node_src, "NodeConfig MN: no MnHomeLink, so no home address");
	for (hl = w->c->links; hl != NULL; hl = hl->next) {
		if (hl->ha != NULL && addr_parse(hl->ha, &ha) == -1)
			continue;	/* checked before */
		for (k = 0; k < hl->nhoas; k++) {
			const struct uhoa *h = &hl->hoas[k];

			if (prefix_parse(h->addr, &hoa, &plen, 1) == -1)
				continue;
			pfx = hoa;
			uw_mask(&pfx, plen);
			if (hl->ha != NULL && !addr_is_unspecified(&ha) &&
			    (plen < 1 || plen > 127 || !prefix_match(&ha, &pfx, plen))) {
				uw_err(w, &h->src, "HomeAddress %s: the home agent %s is not inside "
				    "the home prefix", h->addr, hl->ha);
				continue;
			}
			fprintf(w->f, "\n");
			uw_src(w, "", &h->src, "MnHomeLink, HomeAddress");
			fprintf(w->f, "home-address \"%s\" {\n", h->addr);
			if (hl->ha == NULL || addr_is_unspecified(&ha))
				fprintf(w->f, "\thome-agent = discover\n");
			else
				fprintf(w->f, "\thome-agent = \"%s\"\n", hl->ha);
			if (life > 0)
				fprintf(w->f, "\tlifetime = %ld\t\t# MnMaxHaBindingLife\n", life);
			uw_mn_nemo(w, hl, h);
			fprintf(w->f, "}\n");
		}
	}

	{
		static const struct {
			enum uopt	 o;
			const char	*why;
		} none[] = {
			{ UO_ROUTER_PROBES, "no equivalent: movement detection follows the "
			    "kernel's neighbour reachability" },
			{ UO_ROUTER_PROBE_TIMEOUT, "no equivalent: movement detection follows "
			    "the kernel's neighbour reachability" },
			{ UO_MN_DISCARD_HA_PARAM_PROB, "no equivalent" },
			{ UO_MN_RESET_DHAAD_AT_HOME, "no equivalent" },
			{ UO_MN_USE_ALL_IFACES, "no equivalent: list the interfaces to use" },
			{ UO_OPTIMISTIC_HANDOFF, "no equivalent" },
			{ UO_NO_HOME_RETURN, "no equivalent" },
			{ UO_SEND_MPS, "no equivalent: mip6d solicits prefixes when the home "
			    "prefix lifetime runs out" },
		};

		for (k = 0; k < ARRAY_SIZE(none); k++)
			uw_note_opt(w, none[k].o, none[k].why);
	}
}

/* Correspondent node */

static void
uw_cn(struct uw *w)
{
	const struct uscalar *v = uw_opt(w, UO_DO_RO_CN);

	if (!w->cn)
		return;
	fprintf(w->f, "\ncorrespondent-node {\n");
	if (v != NULL)
		fprintf(w->f, "\troute-optimization = %s\t# DoRouteOptimizationCN (%s:%d)\n",
		    uw_bool(v->ival), v->src.file, v->src.line);
	else
		fprintf(w->f, "\troute-optimization = yes\t# UMIP's default\n");
	fprintf(w->f, "}\n");
}

/*
 * IPsec.  UMIP installed the policies and left the keys to setkey or an IKE daemon; mip6d's
 * ipsec section holds both, so the section is written commented out, with the keys to fill.
 */
static void
uw_ipsec_sa(struct uw *w, const char *c, const char *kind, const char *dir, long reqid,
    const struct usa *sa)
{
	if (sa != NULL) {
		fprintf(w->f, "%s\t%s %s {\t\t# %s:%d\n", c, kind, dir, sa->src_loc.file,
		    sa->src_loc.line);
		fprintf(w->f, "%s\t\tspi = %lu\n", c, sa->spi);
		fprintf(w->f, "%s\t\tencryption = %s\n", c, sa->enc);
		if (sa->enc_key != NULL)
			fprintf(w->f, "%s\t\tencryption-key = %s\n", c, sa->enc_key);
		fprintf(w->f, "%s\t\tauthentication = %s\n", c, sa->auth);
		fprintf(w->f, "%s\t\tauthentication-key = %s\n", c, sa->auth_key);
		fprintf(w->f, "%s\t}\n", c);
		return;
	}
	fprintf(w->f, "%s\t%s %s {\t\t# was reqid %ld\n", c, kind, dir, reqid);
	fprintf(w->f, "%s\t\tspi = SPI\n", c);
	fprintf(w->f, "%s\t\tencryption = aes-128-cbc\n", c);
	fprintf(w->f, "%s\t\tencryption-key = KEY\n", c);
	fprintf(w->f, "%s\t\tauthentication = hmac-sha1\n", c);
	fprintf(w->f, "%s\t\tauthentication-key = KEY\n", c);
	fprintf(w->f, "%s\t}\n", c);
}

/*
 * The SAs of one home address from the setkey file: [0] transport mn-to-ha, [1] transport
 * ha-to-mn, [2] tunnel mn-to-ha, [3] tunnel ha-to-mn.  0 when every needed one is there and
 * usable; -1 with why filled.
 */
static int
uw_ipsec_find(struct uw *w, const char *hoa, const char *ha, int transport, int tunnel,
    const struct usa *sa[4], char *why, size_t len)
{
	static const char *const names[] = {
		"transport mn-to-ha", "transport ha-to-mn", "tunnel mn-to-ha", "tunnel ha-to-mn",
	};
	int i;

	memset(sa, 0, 4 * sizeof(*sa));
	if (w->o->setkey == NULL) {
		snprintf(why, len, "no setkey file given (--setkey)");
		return -1;
	}
	if (transport) {
		sa[0] = usetkey_find(w->o->setkey, hoa, ha, USA_TRANSPORT);
		sa[1] = usetkey_find(w->o->setkey, ha, hoa, USA_TRANSPORT);
	}
	if (tunnel) {
		sa[2] = usetkey_find(w->o->setkey, hoa, ha, USA_TUNNEL);
		sa[3] = usetkey_find(w->o->setkey, ha, hoa, USA_TUNNEL);
	}
	for (i = 0; i < 4; i++) {
		if ((i < 2 && !transport) || (i >= 2 && !tunnel))
			continue;
		if (sa[i] == NULL) {
			snprintf(why, len, "the setkey file has no ESP %s SA (%s to %s)", names[i],
			    i % 2 ? ha : hoa, i % 2 ? hoa : ha);
			return -1;
		}
		if (sa[i]->problem != NULL) {
			snprintf(why, len, "the %s SA (%s:%d): %s", names[i], sa[i]->src_loc.file,
			    sa[i]->src_loc.line, sa[i]->problem);
			return -1;
		}
	}
	return 0;
}

static void
uw_ipsec(struct uw *w)
{
	const struct uscalar *use = uw_opt(w, UO_USE_MN_HA_IPSEC);
	const struct uipsec_set *s;
	const struct uipsec_pol *p;
	struct in6_addr a;
	int plen, mh, mpd, rr, payload;
	long rq_tr_mn, rq_tr_ha, rq_tu_mn, rq_tu_ha;
	size_t k, j;
	char text[160];

	uw_note_opt(w, UO_KEY_MNG_MOB_CAP, "no equivalent: mip6d uses manual keys (ipsec "
	    "sections)");
	if (w->c->ipsec == NULL) {
		if (use != NULL && use->ival && w->mn)
			uconf_note(w->c, &use->src, "UseMnHaIPsec enabled", "no IPsecPolicySet "
			    "to convert: add an ipsec section per home address (mip6d.conf(5))");
		return;
	}
	if (use == NULL || !use->ival) {
		for (s = w->c->ipsec; s != NULL; s = s->next)
			uconf_note(w->c, &s->src, "IPsecPolicySet { ... }", "not used by UMIP "
			    "either: UseMnHaIPsec is not enabled");
		return;
	}
	for (s = w->c->ipsec; s != NULL; s = s->next) {
		mh = mpd = rr = payload = 0;
		rq_tr_mn = rq_tr_ha = rq_tu_mn = rq_tu_ha = 0;
		for (j = 0; j < s->npols; j++) {
			p = &s->pols[j];
			switch (p->type) {
			case UIP_HOME_REG_BINDING:
			case UIP_MOB_PFX_DISC:
				if (p->type == UIP_HOME_REG_BINDING)
					mh = 1;
				else
					mpd = 1;
				if (rq_tr_mn == 0) {
					rq_tr_mn = p->reqid_mn;
					rq_tr_ha = p->reqid_ha;
				}
				break;
			case UIP_TUNNEL_HOME_TESTING:
			case UIP_TUNNEL_MH:
			case UIP_TUNNEL_PAYLOAD:
				if (p->type == UIP_TUNNEL_PAYLOAD)
					payload = 1;
				else
					rr = 1;
				if (rq_tu_mn == 0) {
					rq_tu_mn = p->reqid_mn;
					rq_tu_ha = p->reqid_ha;
				}
				break;
			default:
				snprintf(text, sizeof(text), "IPsecPolicy %s",
				    uipsec_type_name(p->type));
				uconf_note(w->c, &p->src, text, "no equivalent: mip6d protects "
				    "Mobility Header, prefix discovery, return routability and "
				    "payload only");
				break;
			}
			if (!p->esp) {
				snprintf(text, sizeof(text), "IPsecPolicy %s UseAH",
				    uipsec_type_name(p->type));
				uconf_note(w->c, &p->src, text, "mip6d uses ESP (with "
				    "authentication) instead of AH");
			}
		}
		for (k = 0; k < s->nhoas; k++) {
			const struct usa *sa[4];
			char hoa[INET6_ADDRSTRLEN], why[300];
			const char *c = "#";

			if (prefix_parse(s->hoas[k], &a, &plen, 1) == -1)
				continue;
			snprintf(hoa, sizeof(hoa), "%s", addr_str(&a));
			fprintf(w->f, "\n");
			uw_src(w, "", &s->src, "IPsecPolicySet");
			if (uw_ipsec_find(w, hoa, s->ha, mh || mpd, rr || payload, sa, why,
			    sizeof(why)) == 0) {
				c = "";
				fprintf(w->f, "# keys from the setkey file\n");
			} else {
				fprintf(w->f, "# UMIP took the IPsec keys from setkey or an IKE daemon: "
				    "copy the SPIs\n# and keys of these security associations from "
				    "there, then remove the '#'\n# (or convert again with --setkey "
				    "FILE).\n");
				if (w->o->setkey != NULL)
					uconf_note(w->c, &s->src, "IPsecPolicySet { ... }", why);
			}
			fprintf(w->f, "%sipsec \"%s\" {\n", c, hoa);
			fprintf(w->f, "%s\thome-agent = \"%s\"\n", c, s->ha);
			fprintf(w->f, "%s\tmobility-header = %s\n", c, uw_bool(mh));
			fprintf(w->f, "%s\tprefix-discovery = %s\n", c, uw_bool(mpd));
			fprintf(w->f, "%s\treturn-routability = %s\n", c, uw_bool(rr));
			fprintf(w->f, "%s\tpayload = %s\n", c, uw_bool(payload));
			if (mh || mpd) {
				uw_ipsec_sa(w, c, "transport-sa", "mn-to-ha", rq_tr_mn, sa[0]);
				uw_ipsec_sa(w, c, "transport-sa", "ha-to-mn", rq_tr_ha, sa[1]);
			}
			if (rr || payload) {
				uw_ipsec_sa(w, c, "tunnel-sa", "mn-to-ha", rq_tu_mn, sa[2]);
				uw_ipsec_sa(w, c, "tunnel-sa", "ha-to-mn", rq_tu_ha, sa[3]);
			}
			fprintf(w->f, "%s}\n", c);
		}
	}
}

static void
uw_other_notes(struct uw *w)
{
	uw_note_opt(w, UO_USE_CN_BU_ACK, "no equivalent: mip6d asks correspondents for a "
	    "Binding Acknowledgement when RFC 6275 11.7.2 says so");
	uw_note_opt(w, UO_NON_VOLATILE_BCACHE, "no equivalent: the binding cache is rebuilt "
	    "from the mobile nodes' Binding Updates");
	if (!w->ha)
		uw_note_opt(w, UO_HA_ACCEPT_MOB_RTR, "a home agent setting; this node is not a "
		    "home agent");
	if (!w->mn)
		uw_note_opt(w, UO_MOB_RTR_EXPLICIT, "a mobile router setting; this node is not "
		    "a mobile node");
}

int
uconf_write(FILE *f, struct uconf *c, const struct uwrite_opts *o)
{
	struct uw w = { .f = f, .c = c, .o = o };
	const struct unote *n;

	fprintf(f, "# mip6d.conf converted by mip6d-convert-umip %s from %s\n", PACKAGE_VERSION,
	    o->source);
	fprintf(f, "# Check it with mip6d -n -c FILE; see mip6d.conf(5).\n\n");
	uw_roles(&w);
	uw_general(&w);
	uw_ifaces(&w);
	uw_ha(&w);
	uw_mn(&w);
	uw_cn(&w);
	uw_ipsec(&w);
	uw_other_notes(&w);

	if (c->notes != NULL) {
		fprintf(f, "\n# Settings of %s that were not converted:\n", o->source);
		for (n = c->notes; n != NULL; n = n->next)
			fprintf(f, "# %s:%d: %s -- %s\n", n->src.file, n->src.line, n->text,
			    n->why);
	}
	return w.errors;
}
