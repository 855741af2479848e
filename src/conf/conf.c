/*
 * conf.c - load mip6d.conf: the libconfuse schema, conversion into the plain structs of
 * conf.h, and the checks that span several options.
 *
 * Every value is declared to libconfuse as a string and converted here.  libconfuse stops
 * at the first value its own parsers refuse; converting afterwards lets one run report every
 * bad value, each with its file, line and option (lines come from the lint pass, lint.c).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>

#include "conf.h"
#include "conf_int.h"
#include "log.h"
#include "util.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)
#define CONF_MAX_FILE	(4 * 1024 * 1024)

#define MULTI_TITLED	(CFGF_MULTI | CFGF_TITLE)

static cfg_opt_t control_opts[] = {
	CFG_STR("path", CONF_DEF_CONTROL_PATH, CFGF_NONE),
	CFG_STR("mode", "0600", CFGF_NONE),
	CFG_STR("group", NULL, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t metrics_opts[] = {
	CFG_STR("listen", NULL, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t iface_opts[] = {
	CFG_STR("preference", "0", CFGF_NONE),
	CFG_END()
};

static cfg_opt_t ha_opts[] = {
	CFG_STR("max-bindings", STR(CONF_DEF_HA_MAX_BINDINGS), CFGF_NONE),
	CFG_STR("max-binding-lifetime", STR(CONF_MAX_BU_LIFETIME), CFGF_NONE),
	CFG_STR("dad", "yes", CFGF_NONE),
	CFG_STR("reverse-tunnel-check", "yes", CFGF_NONE),
	CFG_STR("binding-routes", NULL, CFGF_NONE),
	CFG_STR("nd-proxy", NULL, CFGF_NONE),
	CFG_STR("ipsec-required", "no", CFGF_NONE),
	CFG_STR_LIST("allow", NULL, CFGF_NONE),
	CFG_STR_LIST("deny", NULL, CFGF_NONE),
	CFG_STR("accept-mobile-routers", NULL, CFGF_NONE),		/* nemo.c */
	CFG_SEC("mobile-router", conf_nemo_ha_opts, MULTI_TITLED),	/* nemo.c */
	CFG_STR("state-file", CONF_DEF_STATE_FILE, CFGF_NONE),
	CFG_STR("state-sync-interval", "1", CFGF_NONE),
	CFG_SEC("replication", conf_repl_opts, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t home_link_opts[] = {
	CFG_STR_LIST("prefix", NULL, CFGF_NONE),
	CFG_STR("home-agent-address", NULL, CFGF_NONE),
	CFG_STR("prefix-lifetime", STR(CONF_DEF_PREFIX_LIFETIME), CFGF_NONE),
	CFG_STR("home-agent-preference", "0", CFGF_NONE),
	CFG_STR("home-agent-lifetime", STR(CONF_DEF_HA_LIFETIME), CFGF_NONE),
	CFG_END()
};

static cfg_opt_t peer_opts[] = {
	CFG_STR("route-optimization", NULL, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t mn_opts[] = {
	CFG_STR("route-optimization", "yes", CFGF_NONE),
	CFG_STR("correspondent-binding-lifetime", STR(CONF_MAX_RR_LIFETIME), CFGF_NONE),
	CFG_STR("first-registration-timeout", "1.5", CFGF_NONE),
	CFG_STR("initial-bindack-timeout", "1", CFGF_NONE),
	CFG_STR("max-bindack-timeout", "32", CFGF_NONE),
	CFG_SEC("peer", peer_opts, MULTI_TITLED),
	CFG_END()
};

static cfg_opt_t hoa_opts[] = {
	CFG_STR("home-agent", "discover", CFGF_NONE),
	CFG_STR("lifetime", STR(CONF_DEF_HOME_LIFETIME), CFGF_NONE),
	CFG_SEC("mobile-router", conf_nemo_mn_opts, CFGF_MULTI),	/* nemo.c */
	CFG_END()
};

static cfg_opt_t cn_opts[] = {
	CFG_STR("route-optimization", "yes", CFGF_NONE),
	CFG_STR("max-binding-lifetime", STR(CONF_MAX_RR_LIFETIME), CFGF_NONE),
	CFG_STR("max-bindings", STR(CONF_DEF_CN_MAX_BINDINGS), CFGF_NONE),
	CFG_SEC("peer", peer_opts, MULTI_TITLED),
	CFG_END()
};

static cfg_opt_t sa_opts[] = {
	CFG_STR("spi", NULL, CFGF_NONE),
	CFG_STR("encryption", NULL, CFGF_NONE),
	CFG_STR("encryption-key", NULL, CFGF_NONE),
	CFG_STR("authentication", NULL, CFGF_NONE),
	CFG_STR("authentication-key", NULL, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t ipsec_opts[] = {
	CFG_STR("home-agent", NULL, CFGF_NONE),
	CFG_STR("mobility-header", "yes", CFGF_NONE),
	CFG_STR("prefix-discovery", "yes", CFGF_NONE),
	CFG_STR("return-routability", "no", CFGF_NONE),
	CFG_STR("payload", "no", CFGF_NONE),
	CFG_SEC("transport-sa", sa_opts, MULTI_TITLED),
	CFG_SEC("tunnel-sa", sa_opts, MULTI_TITLED),
	CFG_END()
};

static cfg_opt_t root_opts[] = {
	CFG_STR_LIST("roles", NULL, CFGF_NONE),
	CFG_STR("log-level", NULL, CFGF_NONE),
	CFG_SEC("control-socket", control_opts, CFGF_NONE),
	CFG_SEC("metrics", metrics_opts, CFGF_NONE),
	CFG_SEC("interface", iface_opts, MULTI_TITLED),
	CFG_SEC("home-agent", ha_opts, CFGF_NONE),
	CFG_SEC("home-link", home_link_opts, MULTI_TITLED),
	CFG_SEC("mobile-node", mn_opts, CFGF_NONE),
	CFG_SEC("home-address", hoa_opts, MULTI_TITLED),
	CFG_SEC("correspondent-node", cn_opts, CFGF_NONE),
	CFG_SEC("ipsec", ipsec_opts, MULTI_TITLED),
	CFG_END()
};

/* The error function of libconfuse has no argument of its own: the load in progress. */
static struct conf_ctx *current;

void
conf_problem(struct conf_ctx *x, int line, const char *opt, const char *fmt, ...)
{
	struct conf_msg *m;
	char body[512], *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	if (line > 0)
		n = asprintf(&text, "%s:%d: %s%s%s", x->file, line, opt ? opt : "",
		    opt ? ": " : "", body);
	else
		n = asprintf(&text, "%s: %s%s%s", x->file, opt ? opt : "", opt ? ": " : "", body);
	if (n < 0)
		abort();
	m = realloc(x->msgs, (x->nmsgs + 1) * sizeof(*m));
	if (m == NULL)
		abort();
	x->msgs = m;
	m[x->nmsgs].line = line;
	m[x->nmsgs].seq = (unsigned int)x->nmsgs;
	m[x->nmsgs].text = text;
	x->nmsgs++;
}

/* Whether the lint pass already reported name as unknown on this line. */
static int
reported_unknown(const struct conf_ctx *x, int line, const char *name, size_t len)
{
	char *want;
	size_t i;
	int found = 0;

	if (asprintf(&want, "%s:%d: %.*s: unknown", x->file, line, (int)len, name) < 0)
		abort();
	for (i = 0; i < x->nmsgs && !found; i++)
		found = strncmp(x->msgs[i].text, want, strlen(want)) == 0;
	free(want);
	return found;
}

static void
confuse_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	static const char nso[] = "no such option '";
	char body[512];
	int line = cfg ? cfg->line : 0;

	if (current == NULL)
		return;
	vsnprintf(body, sizeof(body), fmt, ap);
	if (strncmp(body, nso, sizeof(nso) - 1) == 0 && reported_unknown(current, line,
	    body + sizeof(nso) - 1, strlen(body) - sizeof(nso)))
		return;
	conf_problem(current, line, NULL, "%s", body);
}

static int
msg_cmp(const void *a, const void *b)
{
	const struct conf_msg *x = a, *y = b;
	long lx = x->line > 0 ? x->line : INT_MAX, ly = y->line > 0 ? y->line : INT_MAX;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The whole file's settings, section by section. */

static void
load_roles(struct cv *ld, cfg_t *cfg)
{
	unsigned int i, n = cfg_size(cfg, "roles");
	const char *s;

	for (i = 0; i < n; i++) {
		s = cfg_getnstr(cfg, "roles", i);
		if (!strcmp(s, "mn"))
			ld->c->roles |= ROLE_MN;
		else if (!strcmp(s, "ha"))
			ld->c->roles |= ROLE_HA;
		else if (!strcmp(s, "cn"))
			ld->c->roles |= ROLE_CN;
		else
			CV_PROBLEM(ld, "", "roles", "'%s' is not a role (mn, ha or cn)", s);
	}
	if (n == 0)
		CV_PROBLEM(ld, "", "roles", "%s: give one or more of mn, ha, cn",
		    cv_line(ld, "", "roles") ? "empty" : "not set");
}

static void
load_general(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;
	cfg_t *cs = cfg_getsec(cfg, "control-socket");
	struct sockaddr_un sun;
	const char *s;
	char *end;
	unsigned long mode;

	c->log_level = -1;
	if ((s = cfg_getstr(cfg, "log-level")) != NULL) {
		c->log_level = log_level_parse(s);
		if (c->log_level < 0)
			CV_PROBLEM(ld, "", "log-level", "'%s' is not a log level "
			    "(err, warning, notice, info, debug or 0-7)", s);
	}

	s = cfg_getstr(cs, "path");
	if (s == NULL || s[0] != '/')
		CV_PROBLEM(ld, "control-socket", "path", "'%s' is not an absolute path",
		    s ? s : "");
	else if (strlen(s) >= sizeof(sun.sun_path))
		CV_PROBLEM(ld, "control-socket", "path", "'%s' is too long (at most %zu characters)",
		    s, sizeof(sun.sun_path) - 1);
	c->control_path = strdup(s ? s : CONF_DEF_CONTROL_PATH);
	if (c->control_path == NULL)
		abort();

	s = cfg_getstr(cs, "mode");
	errno = 0;
	mode = s ? strtoul(s, &end, 8) : 0;
	if (s == NULL || !isdigit((unsigned char)*s) || *end != '\0' || errno || mode > 0777)
		CV_PROBLEM(ld, "control-socket", "mode", "'%s' is not a file mode (octal, e.g. 0660)",
		    s ? s : "");
	else
		c->control_mode = (mode_t)mode;

	s = cfg_getstr(cs, "group");
	if (s != NULL && *s != '\0') {
		if (getgrnam(s) == NULL)
			CV_PROBLEM(ld, "control-socket", "group", "no such group '%s'", s);
		c->control_group = strdup(s);
		if (c->control_group == NULL)
			abort();
	}
}

/* metrics { listen = "[::1]:9712" }: an address in brackets (IPv6) or not (IPv4), a port */
int
conf_parse_listen(const char *s, char *addr, size_t alen, uint16_t *port)
{
	const char *colon, *a = s, *aend;
	struct in6_addr a6;
	struct in_addr a4;
	char *end;
	unsigned long p;

	if (s[0] == '[') {
		if ((aend = strchr(s, ']')) == NULL || aend[1] != ':')
			return -1;
		a = s + 1;
		colon = aend + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return -1;
		aend = colon;
	}
	if ((size_t)(aend - a) >= alen || aend == a)
		return -1;
	memcpy(addr, a, (size_t)(aend - a));
	addr[aend - a] = '\0';
	if (s[0] == '[' ? inet_pton(AF_INET6, addr, &a6) != 1 : inet_pton(AF_INET, addr, &a4) != 1)
		return -1;
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (!isdigit((unsigned char)colon[1]) || *end != '\0' || errno || p == 0 || p > 65535)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

static void
load_metrics(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;
	cfg_t *ms = cfg_getsec(cfg, "metrics");
	const char *s = ms ? cfg_getstr(ms, "listen") : NULL;

	if (s == NULL || *s == '\0')
		return;
	if (conf_parse_listen(s, c->metrics_addr, sizeof(c->metrics_addr),
	    &c->metrics_port) == -1) {
		CV_PROBLEM(ld, "metrics", "listen", "'%s' is not [IPv6-ADDRESS]:PORT or "
		    "IPv4-ADDRESS:PORT", s);
		return;
	}
	if ((c->metrics_listen = strdup(s)) == NULL)
		abort();
}

static void
load_ifaces(struct cv *ld, cfg_t *cfg)
{
	unsigned int i, n = cfg_size(cfg, "interface");
	struct conf_iface *ifc;
	cfg_t *sec;
	char *path;

	ld->c->ifaces = calloc(n ? n : 1, sizeof(*ld->c->ifaces));
	if (ld->c->ifaces == NULL)
		abort();
	for (i = 0; i < n; i++) {
		sec = cfg_getnsec(cfg, "interface", i);
		path = cv_sec_path("", sec);
		ifc = &ld->c->ifaces[ld->c->nifaces];
		if (!cv_ifname_valid(cfg_title(sec)))
			conf_problem(ld->x, conf_line_of(ld->x, path), "interface",
			    "'%s' is not an interface name", cfg_title(sec));
		else {
			snprintf(ifc->name, sizeof(ifc->name), "%s", cfg_title(sec));
			cv_int(ld, sec, path, "preference", 0, 255, &ifc->preference);
			ld->c->nifaces++;
		}
		free(path);
	}
}

static void
load_ha(struct cv *ld, cfg_t *cfg)
{
	struct conf_ha *ha = &ld->c->ha;
	cfg_t *sec = cfg_getsec(cfg, "home-agent");
	const char *p = "home-agent", *s;

	ha->max_bindings = CONF_DEF_HA_MAX_BINDINGS;
	ha->max_lifetime = CONF_MAX_BU_LIFETIME;
	ha->dad = true;
	ha->tunnel_check = true;
	/* one route per home prefix (its eBPF program finds the bindings) unless asked */
	ha->binding_routes = false;
	cv_uint(ld, sec, p, "max-bindings", 1, 100000000, &ha->max_bindings);
	cv_uint(ld, sec, p, "max-binding-lifetime", 4, CONF_MAX_BU_LIFETIME, &ha->max_lifetime);
	cv_bool(ld, sec, p, "dad", &ha->dad);
	cv_bool(ld, sec, p, "reverse-tunnel-check", &ha->tunnel_check);
	ha->binding_routes_set = cfg_getstr(sec, "binding-routes") != NULL;
	cv_bool(ld, sec, p, "binding-routes", &ha->binding_routes);
	/* by default mip6d answers with the home prefixes' routes, the kernel without them */
	ha->nd_proxy_mip6d = !ha->binding_routes;
	s = cfg_getstr(sec, "nd-proxy");
	ha->nd_proxy_set = s != NULL;
	if (s != NULL && strcmp(s, "mip6d") == 0)
		ha->nd_proxy_mip6d = true;
	else if (s != NULL && strcmp(s, "kernel") == 0)
		ha->nd_proxy_mip6d = false;
	else if (s != NULL)
		CV_PROBLEM(ld, p, "nd-proxy", "'%s' is neither kernel nor mip6d", s);
	/* its answers rely on the home prefixes' routes keeping unicast NS from the tunnel */
	if (ha->nd_proxy_mip6d && ha->binding_routes)
		CV_PROBLEM(ld, p, "nd-proxy", "mip6d needs binding-routes = no");
	cv_bool(ld, sec, p, "ipsec-required", &ha->ipsec_required);
	cv_prefix_list(ld, sec, p, "allow", &ha->allow, &ha->nallow);
	cv_prefix_list(ld, sec, p, "deny", &ha->deny, &ha->ndeny);
	conf_load_nemo_ha(ld, sec);
	conf_load_ha_sync(ld, sec);
}

static int
prefix_overlap(const struct conf_prefix *a, const struct conf_prefix *b)
{
	return a->plen <= b->plen ? prefix_match(&b->addr, &a->addr, a->plen) :
	    prefix_match(&a->addr, &b->addr, b->plen);
}

static void
load_home_links(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;
	unsigned int i, n = cfg_size(cfg, "home-link");
	struct conf_home_link *hl;
	size_t j, k, m;
	const char *s;
	cfg_t *sec;
	char *path;
	int inside;

	c->home_links = calloc(n ? n : 1, sizeof(*c->home_links));
	if (c->home_links == NULL)
		abort();
	for (i = 0; i < n; i++) {
		sec = cfg_getnsec(cfg, "home-link", i);
		path = cv_sec_path("", sec);
		hl = &c->home_links[c->nhome_links];
		if (!cv_ifname_valid(cfg_title(sec))) {
			conf_problem(ld->x, conf_line_of(ld->x, path), "home-link",
			    "'%s' is not an interface name", cfg_title(sec));
			free(path);
			continue;
		}
		if (c->nhome_links == CONF_MAX_HOME_LINKS) {
			conf_problem(ld->x, conf_line_of(ld->x, path), "home-link",
			    "'%s': a home agent serves at most %d home links", cfg_title(sec),
			    CONF_MAX_HOME_LINKS);
			free(path);
			continue;
		}
		c->nhome_links++;
		snprintf(hl->ifname, sizeof(hl->ifname), "%s", cfg_title(sec));
		hl->prefix_lifetime = CONF_DEF_PREFIX_LIFETIME;
		hl->ha_lifetime = CONF_DEF_HA_LIFETIME;

		cv_prefix_list(ld, sec, path, "prefix", &hl->prefixes, &hl->nprefixes);
		for (j = 0; j < hl->nprefixes; j++)
			if (hl->prefixes[j].plen < 1 || hl->prefixes[j].plen > 127)
				CV_PROBLEM(ld, path, "prefix", "%s/%d: a home prefix length is 1 to 127",
				    addr_str(&hl->prefixes[j].addr), hl->prefixes[j].plen);
		if (cfg_size(sec, "prefix") == 0)
			CV_PROBLEM(ld, path, "prefix", "not set: a home link serves at least one prefix");

		if (cv_addr(ld, sec, path, "home-agent-address", 1, &hl->ha_addr) == 0 &&
		    hl->nprefixes > 0) {
			for (inside = 0, j = 0; j < hl->nprefixes; j++)
				inside |= prefix_match(&hl->ha_addr, &hl->prefixes[j].addr,
				    hl->prefixes[j].plen);
			if (!inside)
				CV_PROBLEM(ld, path, "home-agent-address",
				    "%s is not inside a prefix of home-link %s",
				    addr_str(&hl->ha_addr), hl->ifname);
		}

		s = cfg_getstr(sec, "prefix-lifetime");
		if (s != NULL && !strcmp(s, "infinity"))
			hl->prefix_lifetime = CONF_INFINITE_LIFETIME;
		else
			cv_uint(ld, sec, path, "prefix-lifetime", 1, CONF_INFINITE_LIFETIME - 1,
			    &hl->prefix_lifetime);
		cv_int(ld, sec, path, "home-agent-preference", -32768, 32767, &hl->ha_preference);
		cv_uint(ld, sec, path, "home-agent-lifetime", 1, 65535, &hl->ha_lifetime);

		/* a prefix belongs to one home link only */
		for (j = 0; j < hl->nprefixes; j++)
			for (k = 0; k < (size_t)(hl - c->home_links) + 1; k++)
				for (m = 0; m < c->home_links[k].nprefixes; m++) {
					if (&c->home_links[k] == hl && m >= j)
						break;
					if (prefix_overlap(&hl->prefixes[j],
					    &c->home_links[k].prefixes[m]))
						CV_PROBLEM(ld, path, "prefix",
						    "%s/%d overlaps %s/%d (home-link %s)",
						    addr_str(&hl->prefixes[j].addr),
						    hl->prefixes[j].plen,
						    addr_str(&c->home_links[k].prefixes[m].addr),
						    c->home_links[k].prefixes[m].plen,
						    c->home_links[k].ifname);
				}
		free(path);
	}
}

static void
load_peers(struct cv *ld, cfg_t *sec, const char *path, struct conf_ro_rule **out,
    size_t *nout)
{
	unsigned int i, n = cfg_size(sec, "peer");
	struct conf_ro_rule *r;
	cfg_t *ps;
	char *pp;
	size_t j;

	*out = calloc(n ? n : 1, sizeof(**out));
	if (*out == NULL)
		abort();
	*nout = 0;
	for (i = 0; i < n; i++) {
		ps = cfg_getnsec(sec, "peer", i);
		pp = cv_sec_path(path, ps);
		r = &(*out)[*nout];
		if (cv_check_prefix(ld, pp, "peer", cfg_title(ps), &r->peer) == 0) {
			for (j = 0; j < *nout; j++)
				if ((*out)[j].peer.plen == r->peer.plen &&
				    addr_eq(&(*out)[j].peer.addr, &r->peer.addr))
					break;
			if (j < *nout)
				CV_PROBLEM(ld, pp, "peer", "%s is given twice", cfg_title(ps));
			else if (cfg_getstr(ps, "route-optimization") == NULL)
				CV_PROBLEM(ld, pp, "route-optimization", "not set");
			else if (cv_bool(ld, ps, pp, "route-optimization", &r->ro) == 0)
				(*nout)++;
		}
		free(pp);
	}
}

static void
load_mn(struct cv *ld, cfg_t *cfg)
{
	struct conf_mn *mn = &ld->c->mn;
	cfg_t *sec = cfg_getsec(cfg, "mobile-node");
	const char *p = "mobile-node";

	mn->ro = true;
	mn->cn_lifetime = CONF_MAX_RR_LIFETIME;
	mn->first_reg_timeout_ms = CONF_DEF_FIRST_REG_MS;
	mn->bindack_timeout_ms = CONF_DEF_BINDACK_MS;
	mn->max_bindack_timeout_ms = CONF_DEF_MAX_BINDACK_MS;
	cv_bool(ld, sec, p, "route-optimization", &mn->ro);
	cv_uint(ld, sec, p, "correspondent-binding-lifetime", 4, CONF_MAX_RR_LIFETIME,
	    &mn->cn_lifetime);
	cv_ms(ld, sec, p, "first-registration-timeout", 100, 60000, &mn->first_reg_timeout_ms);
	cv_ms(ld, sec, p, "initial-bindack-timeout", 100, 60000, &mn->bindack_timeout_ms);
	if (cv_ms(ld, sec, p, "max-bindack-timeout", 1000, 3600000,
	    &mn->max_bindack_timeout_ms) == 0 &&
	    mn->max_bindack_timeout_ms < mn->bindack_timeout_ms)
		CV_PROBLEM(ld, p, "max-bindack-timeout",
		    "is shorter than initial-bindack-timeout");
	load_peers(ld, sec, p, &mn->peers, &mn->npeers);
}

static void
load_home_addrs(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;
	unsigned int i, n = cfg_size(cfg, "home-address");
	struct conf_home_addr *h;
	struct in6_addr masked;
	const char *s, *why;
	cfg_t *sec;
	char *path;
	size_t j;
	int bad;

	c->home_addrs = calloc(n ? n : 1, sizeof(*c->home_addrs));
	if (c->home_addrs == NULL)
		abort();
	for (i = 0; i < n; i++) {
		sec = cfg_getnsec(cfg, "home-address", i);
		path = cv_sec_path("", sec);
		h = &c->home_addrs[c->nhome_addrs];
		s = cfg_title(sec);
		bad = 0;
		if (prefix_parse(s, &h->hoa, &h->plen, 1) == -1) {
			CV_PROBLEM(ld, path, "home-address", "'%s' is not an IPv6 prefix", s);
			bad = 1;
		} else if ((why = cv_unicast_problem(&h->hoa)) != NULL) {
			CV_PROBLEM(ld, path, "home-address", "'%s' %s", s, why);
			bad = 1;
		} else if (h->plen < 1 || h->plen > 127) {
			CV_PROBLEM(ld, path, "home-address", "'%s': the home prefix length is 1 to 127",
			    s);
			bad = 1;
		} else {
			/* RFC 4291 2.6.1: the Subnet-Router anycast address is no home address */
			masked = h->hoa;
			for (j = (size_t)h->plen; j < 128; j++)
				masked.s6_addr[j / 8] &= (uint8_t)~(0x80 >> (j % 8));
			if (addr_eq(&masked, &h->hoa)) {
				CV_PROBLEM(ld, path, "home-address", "'%s' is the Subnet-Router anycast "
				    "address of its prefix, not a home address", s);
				bad = 1;
			}
		}
		for (j = 0; !bad && j < c->nhome_addrs; j++)
			if (addr_eq(&c->home_addrs[j].hoa, &h->hoa)) {
				CV_PROBLEM(ld, path, "home-address", "%s is given twice",
				    addr_str(&h->hoa));
				bad = 1;
			}

		s = cfg_getstr(sec, "home-agent");
		if (s != NULL && !strcmp(s, "discover"))
			h->ha_discover = true;
		else if (s != NULL && cv_check_addr(ld, path, "home-agent", s, &h->ha) == 0 && !bad) {
			if (!prefix_match(&h->ha, &h->hoa, h->plen))
				CV_PROBLEM(ld, path, "home-agent", "%s is not inside the home prefix "
				    "%s/%d", s, addr_str(&masked), h->plen);
			else if (addr_eq(&h->ha, &h->hoa))
				CV_PROBLEM(ld, path, "home-agent", "%s is the home address itself", s);
		}
		h->lifetime = CONF_DEF_HOME_LIFETIME;
		cv_uint(ld, sec, path, "lifetime", 4, CONF_MAX_BU_LIFETIME, &h->lifetime);
		if (!bad) {
			conf_load_nemo_mn(ld, sec, path, h);
			c->nhome_addrs++;
		}
		free(path);
	}
}

static void
load_cn(struct cv *ld, cfg_t *cfg)
{
	struct conf_cn *cn = &ld->c->cn;
	cfg_t *sec = cfg_getsec(cfg, "correspondent-node");
	const char *p = "correspondent-node";

	cn->ro = true;
	cn->max_lifetime = CONF_MAX_RR_LIFETIME;
	cn->max_bindings = CONF_DEF_CN_MAX_BINDINGS;
	cv_bool(ld, sec, p, "route-optimization", &cn->ro);
	cv_uint(ld, sec, p, "max-binding-lifetime", 4, CONF_MAX_RR_LIFETIME, &cn->max_lifetime);
	cv_uint(ld, sec, p, "max-bindings", 1, 100000000, &cn->max_bindings);
	load_peers(ld, sec, p, &cn->peers, &cn->npeers);
}

/* Checks that need several sections; a role missing its sections is named once. */
static void
check_roles(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;

	if ((c->roles & ROLE_HA) && cfg_size(cfg, "home-link") == 0)
		CV_PROBLEM(ld, "", "roles", "role ha needs at least one home-link section");
	if ((c->roles & ROLE_MN) && cfg_size(cfg, "home-address") == 0)
		CV_PROBLEM(ld, "", "roles", "role mn needs at least one home-address section");
}

static char *
read_file(struct conf_ctx *x, const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		conf_problem(x, 0, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode)) {
		conf_problem(x, 0, NULL, "not a regular file");
		fclose(f);
		return NULL;
	}
	x->mode = (unsigned int)(st.st_mode & 07777);
	if (st.st_size > CONF_MAX_FILE) {
		conf_problem(x, 0, NULL, "too large (more than %d bytes)", CONF_MAX_FILE);
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		abort();
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		conf_problem(x, 0, NULL, "cannot read: %s", strerror(errno));
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[*len] = '\0';
	fclose(f);
	if (memchr(buf, '\0', *len) != NULL) {
		conf_problem(x, 0, NULL, "contains a NUL byte: not a text file");
		free(buf);
		return NULL;
	}
	return buf;
}

static void
ctx_free(struct conf_ctx *x)
{
	size_t i;

	for (i = 0; i < x->nmsgs; i++)
		free(x->msgs[i].text);
	free(x->msgs);
	for (i = 0; i < x->npos; i++)
		free(x->pos[i].key);
	free(x->pos);
	free(x->pos_index);
}

struct conf *
conf_load(const char *path, conf_report_fn report, void *arg)
{
	struct conf_ctx x;
	struct cv ld;
	struct conf *c;
	cfg_t *cfg;
	size_t len, i;
	char *text;
	int rc;

	memset(&x, 0, sizeof(x));
	x.file = path;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		abort();
	c->log_level = -1;
	c->control_mode = 0600;
	ld.x = &x;
	ld.c = c;

	text = read_file(&x, path, &len);
	if (text != NULL) {
		conf_lint(&x, text, len, root_opts);
		cfg = cfg_init(root_opts, CFGF_NONE);
		if (cfg == NULL)
			abort();
		cfg_set_error_function(cfg, confuse_error);
		current = &x;
		rc = cfg_parse_buf(cfg, text);
		current = NULL;
		/* a file libconfuse could not read to the end says nothing reliable about the rest */
		if (rc == CFG_SUCCESS) {
			load_roles(&ld, cfg);
			load_general(&ld, cfg);
			load_metrics(&ld, cfg);
			load_ifaces(&ld, cfg);
			load_ha(&ld, cfg);
			load_home_links(&ld, cfg);
			load_mn(&ld, cfg);
			load_home_addrs(&ld, cfg);
			load_cn(&ld, cfg);
			conf_load_ipsec(&ld, cfg);
			check_roles(&ld, cfg);
			conf_check_nemo(&ld);
		} else if (x.nmsgs == 0)
			conf_problem(&x, 0, NULL, "cannot be parsed");
		cfg_free(cfg);
		free(text);
	}

	if (x.nmsgs > 0)
		qsort(x.msgs, x.nmsgs, sizeof(*x.msgs), msg_cmp);
	for (i = 0; i < x.nmsgs; i++)
		report(x.msgs[i].text, arg);
	if (x.nmsgs > 0) {
		ctx_free(&x);
		conf_free(c);
		return NULL;
	}
	ctx_free(&x);
	c->path = strdup(path);
	if (c->path == NULL)
		abort();
	if (c->control_path == NULL && (c->control_path = strdup(CONF_DEF_CONTROL_PATH)) == NULL)
		abort();
	return c;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->path);
	free(c->control_path);
	free(c->control_group);
	free(c->metrics_listen);
	free(c->ifaces);
	for (i = 0; i < c->nhome_links; i++)
		free(c->home_links[i].prefixes);
	free(c->home_links);
	conf_free_nemo(c);
	free(c->home_addrs);
	/* the keys must not linger in freed memory */
	if (c->ipsec != NULL)
		explicit_bzero(c->ipsec, c->nipsec * sizeof(*c->ipsec));
	free(c->ipsec);
	free(c->ha.allow);
	free(c->ha.deny);
	conf_free_ha_sync(&c->ha);
	free(c->mn.peers);
	free(c->cn.peers);
	free(c);
}
