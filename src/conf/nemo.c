/*
 * nemo.c - the configuration of Network Mobility (RFC 3963): the home agent's table of mobile
 * routers and the prefixes each is authorized for, and a mobile router's own settings.
 *
 *   home-agent {
 *           mobile-router 2001:db8:1::300 { prefixes = { 2001:db8:10::/64 } }
 *   }
 *   home-address 2001:db8:1::300/64 {
 *           mobile-router { mode = explicit  prefixes = { 2001:db8:10::/64 }
 *                           interfaces = { eth1 } }
 *   }
 *
 * The home agent authorizes prefixes per home address and never takes a mobile router's word
 * for them: a prefix no section grants to that router is refused (status 142).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"
#include "mh.h"
#include "mnp.h"
#include "util.h"

/* home-agent { accept-mobile-routers = BOOL }: default yes when a mobile-router section is
 * given (read by conf_load_nemo_ha, declared in conf.c's home-agent schema) */

cfg_opt_t conf_nemo_ha_opts[] = {
	CFG_STR_LIST("prefixes", NULL, CFGF_NONE),
	CFG_END()
};

cfg_opt_t conf_nemo_mn_opts[] = {
	CFG_STR("mode", "explicit", CFGF_NONE),
	CFG_STR_LIST("prefixes", NULL, CFGF_NONE),
	CFG_STR_LIST("interfaces", NULL, CFGF_NONE),
	CFG_END()
};

/* Valid prefixes of option name, none twice and none overlapping another; max of them. */
static void
load_prefixes(struct cv *ld, cfg_t *sec, const char *path, struct conf_prefix **out,
    size_t *n, size_t max)
{
	const char *why;
	size_t i, j;

	cv_prefix_list(ld, sec, path, "prefixes", out, n);
	if (cfg_size(sec, "prefixes") == 0)
		CV_PROBLEM(ld, path, "prefixes", "not set: a mobile router has at least one "
		    "mobile network prefix");
	if (*n > max)
		CV_PROBLEM(ld, path, "prefixes", "%zu prefixes: at most %zu", *n, max);
	for (i = 0; i < *n; i++) {
		if ((why = mnp_problem(&(*out)[i].addr, (*out)[i].plen)) != NULL)
			CV_PROBLEM(ld, path, "prefixes", "%s/%d: %s", addr_str(&(*out)[i].addr),
			    (*out)[i].plen, why);
		for (j = 0; j < i; j++)
			if (mnp_overlap(&(*out)[i].addr, (*out)[i].plen, &(*out)[j].addr,
			    (*out)[j].plen))
				CV_PROBLEM(ld, path, "prefixes", "%s/%d overlaps %s/%d",
				    addr_str(&(*out)[i].addr), (*out)[i].plen,
				    addr_str(&(*out)[j].addr), (*out)[j].plen);
	}
}

static int
router_cmp(const void *a, const void *b)
{
	const struct conf_mobile_router *x = a, *y = b;

	return memcmp(&x->hoa, &y->hoa, sizeof(x->hoa));
}

/* home-agent { mobile-router HOA { ... } }; sec is the home-agent section */
void
conf_load_nemo_ha(struct cv *ld, cfg_t *sec)
{
	struct conf_ha *ha = &ld->c->ha;
	unsigned int i, n = cfg_size(sec, "mobile-router");
	struct conf_mobile_router *r;
	cfg_t *rs;
	char *path;

	ha->routers = calloc(n ? n : 1, sizeof(*ha->routers));
	if (ha->routers == NULL)
		abort();
	for (i = 0; i < n; i++) {
		rs = cfg_getnsec(sec, "mobile-router", i);
		path = cv_sec_path("home-agent", rs);
		r = &ha->routers[ha->nrouters];
		if (cv_check_addr(ld, path, "mobile-router", cfg_title(rs), &r->hoa) == 0) {
			load_prefixes(ld, rs, path, &r->prefixes, &r->nprefixes, MNP_MAX);
			ha->nrouters++;
		}
		free(path);
	}
	qsort(ha->routers, ha->nrouters, sizeof(*ha->routers), router_cmp);
	ha->accept_mr = n > 0;
	if (cfg_getstr(sec, "accept-mobile-routers") != NULL)
		cv_bool(ld, sec, "home-agent", "accept-mobile-routers", &ha->accept_mr);
}

/* home-address ... { mobile-router { ... } }; h is the home address being loaded */
void
conf_load_nemo_mn(struct cv *ld, cfg_t *hsec, const char *hpath, struct conf_home_addr *h)
{
	unsigned int i, n = cfg_size(hsec, "mobile-router");
	const char *s;
	cfg_t *sec;
	char *path;
	size_t max;

	if (n == 0)
		return;
	sec = cfg_getnsec(hsec, "mobile-router", 0);
	path = cv_sec_path(hpath, sec);
	if (n > 1)
		CV_PROBLEM(ld, path, "mobile-router", "given %u times: once per home address", n);
	s = cfg_getstr(sec, "mode");
	if (s != NULL && !strcmp(s, "implicit"))
		h->mr_mode = CONF_MR_IMPLICIT;
	else if (s == NULL || !strcmp(s, "explicit"))
		h->mr_mode = CONF_MR_EXPLICIT;
	else {
		CV_PROBLEM(ld, path, "mode", "'%s': explicit or implicit", s);
		h->mr_mode = CONF_MR_EXPLICIT;	/* so that the other checks still run */
	}
	/* explicit: every prefix travels in the Binding Update (RFC 3963 5.2) */
	max = h->mr_mode == CONF_MR_IMPLICIT ? MNP_MAX : MH_MAX_MNP;
	load_prefixes(ld, sec, path, &h->mnp, &h->nmnp, max);
	for (i = 0; i < h->nmnp; i++)
		if (mnp_overlap(&h->mnp[i].addr, h->mnp[i].plen, &h->hoa, h->plen))
			CV_PROBLEM(ld, path, "prefixes", "%s/%d overlaps the home prefix",
			    addr_str(&h->mnp[i].addr), h->mnp[i].plen);
	n = cfg_size(sec, "interfaces");
	h->mnp_ifaces = calloc(n ? n : 1, sizeof(*h->mnp_ifaces));
	if (h->mnp_ifaces == NULL)
		abort();
	for (i = 0; i < n; i++) {
		s = cfg_getnstr(sec, "interfaces", i);
		if (!cv_ifname_valid(s))
			CV_PROBLEM(ld, path, "interfaces", "'%s' is not an interface name", s);
		else
			snprintf(h->mnp_ifaces[h->nmnp_ifaces++], CONF_IFNAMSIZ, "%s", s);
	}
	free(path);
}

struct owned {
	const struct conf_prefix *p;
	const struct conf_mobile_router *r;
};

static int
owned_cmp(const void *a, const void *b)
{
	const struct owned *x = a, *y = b;
	int d = memcmp(&x->p->addr, &y->p->addr, sizeof(x->p->addr));

	return d ? d : x->p->plen - y->p->plen;
}

/*
 * One prefix, one router: a route could not say which.  Sorted by address, the prefixes
 * inside one follow it at once, so each is compared with those only (10,000 routers of 4
 * prefixes each are checked in milliseconds).
 */
static void
check_routers_disjoint(struct cv *ld)
{
	const struct conf_ha *ha = &ld->c->ha;
	struct owned *v;
	size_t i, j, n = 0;
	char path[128];

	for (i = 0; i < ha->nrouters; i++)
		n += ha->routers[i].nprefixes;
	if ((v = calloc(n ? n : 1, sizeof(*v))) == NULL)
		abort();
	for (n = 0, i = 0; i < ha->nrouters; i++)
		for (j = 0; j < ha->routers[i].nprefixes; j++) {
			v[n].p = &ha->routers[i].prefixes[j];
			v[n++].r = &ha->routers[i];
		}
	qsort(v, n, sizeof(*v), owned_cmp);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && prefix_match(&v[j].p->addr, &v[i].p->addr,
		    v[i].p->plen); j++) {
			if (v[j].r == v[i].r)
				continue;	/* reported with the router's own prefixes */
			snprintf(path, sizeof(path), "home-agent|mobile-router %s",
			    addr_str(&v[j].r->hoa));
			CV_PROBLEM(ld, path, "prefixes", "%s/%d overlaps a prefix of mobile-router %s",
			    addr_str(&v[j].p->addr), v[j].p->plen, addr_str(&v[i].r->hoa));
		}
	free(v);
}

/* What needs every section: prefixes against home links, interfaces against interfaces. */
void
conf_check_nemo(struct cv *ld)
{
	struct conf *c = ld->c;
	const struct conf_mobile_router *r;
	const struct conf_home_addr *h;
	const struct conf_prefix *p, *q;
	size_t i, j, k, m;
	char path[128];

	for (i = 0; i < c->ha.nrouters; i++) {
		r = &c->ha.routers[i];
		snprintf(path, sizeof(path), "home-agent|mobile-router %s", addr_str(&r->hoa));
		if ((c->roles & ROLE_HA) && conf_ha_serves(c, &r->hoa, NULL) == NULL)
			CV_PROBLEM(ld, path, "mobile-router", "%s is on no home link's prefix",
			    addr_str(&r->hoa));
		if (i > 0 && addr_eq(&r->hoa, &c->ha.routers[i - 1].hoa))
			CV_PROBLEM(ld, path, "mobile-router", "%s is given twice",
			    addr_str(&r->hoa));
		for (j = 0; j < r->nprefixes; j++) {
			p = &r->prefixes[j];
			for (k = 0; k < c->nhome_links; k++)
				for (m = 0; m < c->home_links[k].nprefixes; m++) {
					q = &c->home_links[k].prefixes[m];
					if (mnp_overlap(&p->addr, p->plen, &q->addr, q->plen))
						CV_PROBLEM(ld, path, "prefixes", "%s/%d overlaps the "
						    "home prefix of home-link %s", addr_str(&p->addr),
						    p->plen, c->home_links[k].ifname);
				}
		}
	}
	check_routers_disjoint(ld);
	for (i = 0; i < c->nhome_addrs; i++) {
		h = &c->home_addrs[i];
		if (h->mr_mode == CONF_MR_NONE)
			continue;
		snprintf(path, sizeof(path), "home-address %s/%d|mobile-router",
		    addr_str(&h->hoa), h->plen);
		/*
		 * A mobile router forwards, and a forwarding Linux node accepts Router
		 * Advertisements only where accept_ra is 2, which mip6d sets on the interfaces
		 * it is told about: without them, movement detection would go blind.
		 */
		if ((c->roles & ROLE_MN) && c->nifaces == 0)
			CV_PROBLEM(ld, path, "mobile-router", "a mobile router names its egress "
			    "interfaces in interface sections");
		for (j = 0; j < h->nmnp_ifaces; j++)
			if (conf_iface_find(c, h->mnp_ifaces[j]) != NULL)
				CV_PROBLEM(ld, path, "interfaces", "%s is also an interface section: "
				    "a mobile network interface never carries the care-of address",
				    h->mnp_ifaces[j]);
	}
}

void
conf_free_nemo(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->ha.nrouters; i++)
		free(c->ha.routers[i].prefixes);
	free(c->ha.routers);
	for (i = 0; i < c->nhome_addrs; i++) {
		free(c->home_addrs[i].mnp);
		free(c->home_addrs[i].mnp_ifaces);
	}
}

const struct conf_mobile_router *
conf_ha_mobile_router(const struct conf *c, const struct in6_addr *hoa)
{
	struct conf_mobile_router key;

	if (c->ha.nrouters == 0)
		return NULL;
	key.hoa = *hoa;
	return bsearch(&key, c->ha.routers, c->ha.nrouters, sizeof(key), router_cmp);
}

bool
conf_mnp_iface(const struct conf *c, const char *ifname)
{
	size_t i, j;

	for (i = 0; i < c->nhome_addrs; i++)
		for (j = 0; j < c->home_addrs[i].nmnp_ifaces; j++)
			if (!strcmp(c->home_addrs[i].mnp_ifaces[j], ifname))
				return true;
	return false;
}

bool
conf_is_mobile_router(const struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nhome_addrs; i++)
		if (c->home_addrs[i].mr_mode != CONF_MR_NONE)
			return true;
	return false;
}

/* Whether a mobile router's settings of one home address are the same in both files (a
 * change needs a restart: rules, forwarding and registrations follow them). */
bool
conf_mr_same(const struct conf_home_addr *a, const struct conf_home_addr *b)
{
	size_t i;

	if (a->mr_mode != b->mr_mode || a->nmnp != b->nmnp ||
	    a->nmnp_ifaces != b->nmnp_ifaces)
		return false;
	for (i = 0; i < a->nmnp; i++)
		if (a->mnp[i].plen != b->mnp[i].plen || !addr_eq(&a->mnp[i].addr, &b->mnp[i].addr))
			return false;
	for (i = 0; i < a->nmnp_ifaces; i++)
		if (strcmp(a->mnp_ifaces[i], b->mnp_ifaces[i]) != 0)
			return false;
	return true;
}
