/* query.c - what the roles ask of the configuration, and what a reload may change */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"
#include "util.h"

const struct conf_home_link *
conf_ha_serves(const struct conf *c, const struct in6_addr *hoa,
    const struct conf_prefix **prefix)
{
	const struct conf_home_link *best = NULL;
	const struct conf_prefix *bp = NULL;
	size_t i, j;

	for (i = 0; i < c->nhome_links; i++)
		for (j = 0; j < c->home_links[i].nprefixes; j++) {
			const struct conf_prefix *p = &c->home_links[i].prefixes[j];

			if (prefix_match(hoa, &p->addr, p->plen) && (bp == NULL || p->plen > bp->plen)) {
				best = &c->home_links[i];
				bp = p;
			}
		}
	if (prefix != NULL)
		*prefix = bp;
	return best;
}

/* Length of the longest entry of list that holds a, or -1. */
static int
longest_match(const struct conf_prefix *list, size_t n, const struct in6_addr *a)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].plen > best && prefix_match(a, &list[i].addr, list[i].plen))
			best = list[i].plen;
	return best;
}

bool
conf_acl_allows(const struct conf *c, const struct in6_addr *hoa)
{
	int allow = longest_match(c->ha.allow, c->ha.nallow, hoa);
	int deny = longest_match(c->ha.deny, c->ha.ndeny, hoa);

	if (allow < 0 && deny < 0)
		return c->ha.nallow == 0;
	return allow > deny;
}

/* The rule with the longest prefix holding peer decides; else the default. */
static bool
ro_rule(const struct conf_ro_rule *rules, size_t n, bool def, const struct in6_addr *peer)
{
	const struct conf_ro_rule *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (prefix_match(peer, &rules[i].peer.addr, rules[i].peer.plen) &&
		    (best == NULL || rules[i].peer.plen > best->peer.plen))
			best = &rules[i];
	return best ? best->ro : def;
}

bool
conf_cn_ro_allowed(const struct conf *c, const struct in6_addr *peer)
{
	return ro_rule(c->cn.peers, c->cn.npeers, c->cn.ro, peer);
}

bool
conf_mn_ro_wanted(const struct conf *c, const struct in6_addr *cn)
{
	return ro_rule(c->mn.peers, c->mn.npeers, c->mn.ro, cn);
}

const struct conf_iface *
conf_iface_find(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nifaces; i++)
		if (strcmp(c->ifaces[i].name, name) == 0)
			return &c->ifaces[i];
	return NULL;
}

int
conf_iface_preference(const struct conf *c, const char *name)
{
	const struct conf_iface *ifc = conf_iface_find(c, name);

	return ifc ? ifc->preference : -1;
}

const struct conf_home_link *
conf_home_link_find(const struct conf *c, const char *ifname)
{
	size_t i;

	for (i = 0; i < c->nhome_links; i++)
		if (strcmp(c->home_links[i].ifname, ifname) == 0)
			return &c->home_links[i];
	return NULL;
}

const struct conf_home_addr *
conf_home_addr_find(const struct conf *c, const struct in6_addr *hoa)
{
	size_t i;

	for (i = 0; i < c->nhome_addrs; i++)
		if (addr_eq(&c->home_addrs[i].hoa, hoa))
			return &c->home_addrs[i];
	return NULL;
}

const struct conf_ipsec *
conf_ipsec_find(const struct conf *c, const struct in6_addr *hoa)
{
	size_t i;

	for (i = 0; i < c->nipsec; i++)
		if (addr_eq(&c->ipsec[i].hoa, hoa))
			return &c->ipsec[i];
	return NULL;
}

/* Reload */

struct why {
	char	*buf;
	size_t	 len, used;
	int	 n;
};

static void
why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int r;

	w->n++;
	if (w->len == 0 || w->used >= w->len - 1)
		return;
	if (w->used > 0) {
		r = snprintf(w->buf + w->used, w->len - w->used, ", ");
		w->used += (size_t)r < w->len - w->used ? (size_t)r : w->len - w->used - 1;
	}
	va_start(ap, fmt);
	r = vsnprintf(w->buf + w->used, w->len - w->used, fmt, ap);
	va_end(ap);
	if (r > 0)
		w->used += (size_t)r < w->len - w->used ? (size_t)r : w->len - w->used - 1;
}

static int
str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

static int
sentinels_differ(const struct conf_repl *a, const struct conf_repl *b)
{
	size_t i;

	if (a->nsentinels != b->nsentinels || str_differ(a->master_name, b->master_name))
		return 1;
	for (i = 0; i < a->nsentinels; i++)
		if (a->sentinels[i].port != b->sentinels[i].port ||
		    strcmp(a->sentinels[i].host, b->sentinels[i].host))
			return 1;
	return 0;
}

static int
sa_differ(const struct conf_sa *a, const struct conf_sa *b)
{
	return a->set != b->set || a->spi != b->spi || a->enc != b->enc ||
	    a->auth != b->auth || a->enc_key_len != b->enc_key_len ||
	    a->auth_key_len != b->auth_key_len ||
	    memcmp(a->enc_key, b->enc_key, a->enc_key_len) != 0 ||
	    memcmp(a->auth_key, b->auth_key, a->auth_key_len) != 0;
}

static int
ipsec_differ(const struct conf_ipsec *a, const struct conf_ipsec *b)
{
	int d;

	if (!addr_eq(&a->hoa, &b->hoa) || !addr_eq(&a->ha, &b->ha) ||
	    a->protect_mh != b->protect_mh || a->protect_mpd != b->protect_mpd ||
	    a->protect_rr != b->protect_rr || a->protect_payload != b->protect_payload)
		return 1;
	for (d = 0; d < 2; d++)
		if (sa_differ(&a->transport[d], &b->transport[d]) ||
		    sa_differ(&a->tunnel[d], &b->tunnel[d]))
			return 1;
	return 0;
}

/*
 * What is installed in the kernel or bound at start-up needs a restart: the roles, the
 * control socket, home links (proxy ND, tunnels, routes), home addresses (policy routing,
 * XFRM), IPsec SAs, the set of interfaces.  Limits, lifetimes, timeouts, access lists,
 * route optimization policies, interface preferences and the log level apply at once.
 */
int
conf_needs_restart(const struct conf *o, const struct conf *n, char *buf, size_t len)
{
	struct why w = { buf, len, 0, 0 };
	const struct conf_home_link *hl;
	const struct conf_home_addr *ha;
	const struct conf_ipsec *ip;
	size_t i;

	if (len > 0)
		buf[0] = '\0';
	if (o->roles != n->roles)
		why_add(&w, "roles");
	if (str_differ(o->control_path, n->control_path))
		why_add(&w, "control-socket path");
	if (o->control_mode != n->control_mode)
		why_add(&w, "control-socket mode");
	if (str_differ(o->control_group, n->control_group))
		why_add(&w, "control-socket group");
	if (str_differ(o->metrics_listen, n->metrics_listen))
		why_add(&w, "metrics listen");
	if (str_differ(o->ha.state_file, n->ha.state_file))
		why_add(&w, "home-agent state-file");
	if (str_differ(o->ha.repl.redis_host, n->ha.repl.redis_host) ||
	    o->ha.repl.redis_port != n->ha.repl.redis_port ||
	    sentinels_differ(&o->ha.repl, &n->ha.repl) ||
	    str_differ(o->ha.repl.key_prefix, n->ha.repl.key_prefix))
		why_add(&w, "home-agent replication");

	for (i = 0; i < o->nifaces; i++)
		if (conf_iface_find(n, o->ifaces[i].name) == NULL)
			why_add(&w, "interface %s (removed)", o->ifaces[i].name);
	for (i = 0; i < n->nifaces; i++)
		if (conf_iface_find(o, n->ifaces[i].name) == NULL)
			why_add(&w, "interface %s (added)", n->ifaces[i].name);

	for (i = 0; i < o->nhome_links; i++)
		if (conf_home_link_find(n, o->home_links[i].ifname) == NULL)
			why_add(&w, "home-link %s (removed)", o->home_links[i].ifname);
	for (i = 0; i < n->nhome_links; i++) {
		hl = conf_home_link_find(o, n->home_links[i].ifname);
		if (hl == NULL)
			why_add(&w, "home-link %s (added)", n->home_links[i].ifname);
		/* prefixes may change at run time: renumbering the home link, told to the
		 * registered mobile nodes in Mobile Prefix Advertisements (RFC 6275 10.6.2) */
		else if (!addr_eq(&hl->ha_addr, &n->home_links[i].ha_addr))
			why_add(&w, "home-link %s home-agent-address", hl->ifname);
	}

	for (i = 0; i < o->nhome_addrs; i++)
		if (conf_home_addr_find(n, &o->home_addrs[i].hoa) == NULL)
			why_add(&w, "home-address %s (removed)", addr_str(&o->home_addrs[i].hoa));
	for (i = 0; i < n->nhome_addrs; i++) {
		ha = conf_home_addr_find(o, &n->home_addrs[i].hoa);
		if (ha == NULL)
			why_add(&w, "home-address %s (added)", addr_str(&n->home_addrs[i].hoa));
		else if (ha->plen != n->home_addrs[i].plen)
			why_add(&w, "home-address %s prefix length", addr_str(&ha->hoa));
		else if (ha->ha_discover != n->home_addrs[i].ha_discover ||
		    !addr_eq(&ha->ha, &n->home_addrs[i].ha))
			why_add(&w, "home-address %s home-agent", addr_str(&ha->hoa));
		else if (!conf_mr_same(ha, &n->home_addrs[i]))
			why_add(&w, "home-address %s mobile-router", addr_str(&ha->hoa));
	}

	for (i = 0; i < o->nipsec; i++)
		if (conf_ipsec_find(n, &o->ipsec[i].hoa) == NULL)
			why_add(&w, "ipsec %s (removed)", addr_str(&o->ipsec[i].hoa));
	for (i = 0; i < n->nipsec; i++) {
		ip = conf_ipsec_find(o, &n->ipsec[i].hoa);
		if (ip == NULL)
			why_add(&w, "ipsec %s (added)", addr_str(&n->ipsec[i].hoa));
		else if (ipsec_differ(ip, &n->ipsec[i]))
			why_add(&w, "ipsec %s", addr_str(&ip->hoa));
	}
	return w.n > 0;
}
