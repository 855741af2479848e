/* mn_move.c - movement detection (RFC 6275 11.5): the links and addresses the node has, and
 * which care-of address it should use.  Pure: events in, a decision out. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <linux/if_addr.h>
#include <net/if.h>

#include "conf.h"
#include "icmp6.h"
#include "kern.h"
#include "kern_monitor.h"
#include "mn.h"
#include "util.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif
#ifndef IFA_F_OPTIMISTIC
#define IFA_F_OPTIMISTIC	0x04
#endif

void
mn_view_init(struct mn_view *v)
{
	memset(v, 0, sizeof(*v));
}

static struct mn_link *
link_find(const struct mn_view *v, int ifindex)
{
	size_t i;

	for (i = 0; i < v->nlinks; i++)
		if (v->links[i].ifindex == ifindex)
			return (struct mn_link *)&v->links[i];
	return NULL;
}

static void
addr_drop(struct mn_view *v, size_t i)
{
	v->addrs[i] = v->addrs[--v->naddrs];
}

int
mn_view_link(struct mn_view *v, const struct kern_link_event *e)
{
	struct mn_link *l = link_find(v, e->ifindex);
	size_t i;

	if (e->deleted) {
		if (l == NULL)
			return 0;
		*l = v->links[--v->nlinks];
		for (i = 0; i < v->naddrs;)
			if (v->addrs[i].ifindex == e->ifindex)
				addr_drop(v, i);
			else
				i++;
		for (i = 0; i < v->nrouters;)
			if (v->routers[i].ifindex == e->ifindex)
				v->routers[i] = v->routers[--v->nrouters];
			else
				i++;
		return 1;
	}
	if (l == NULL) {
		if (v->nlinks == MN_MAX_LINKS)
			return 0;
		l = &v->links[v->nlinks++];
		memset(l, 0, sizeof(*l));
		l->ifindex = e->ifindex;
	} else if (l->flags == e->flags && strcmp(l->name, e->name) == 0)
		return 0;
	l->flags = e->flags;
	if (e->name[0] != '\0')
		snprintf(l->name, sizeof(l->name), "%s", e->name);
	return 1;
}

void
mn_view_link_up(struct mn_view *v, int ifindex, uint64_t now_ms)
{
	struct mn_link *l = link_find(v, ifindex);

	if (l != NULL)
		l->up_ms = now_ms;
}

int
mn_view_addr(struct mn_view *v, const struct kern_addr_event *e, uint64_t now_ms)
{
	size_t i;
	int added;

	for (i = 0; i < v->naddrs; i++)
		if (v->addrs[i].ifindex == e->ifindex && addr_eq(&v->addrs[i].addr, &e->addr))
			break;
	if (e->deleted) {
		if (i == v->naddrs)
			return 0;
		addr_drop(v, i);
		return 1;
	}
	/* only global unicast addresses can be care-of addresses */
	if (e->scope != 0 || addr_is_linklocal(&e->addr) || addr_is_multicast(&e->addr))
		return 0;
	added = i == v->naddrs;
	if (added) {
		if (v->naddrs == MN_MAX_ADDRS)
			return 0;
		v->naddrs++;
		memset(&v->addrs[i], 0, sizeof(v->addrs[i]));
		v->addrs[i].ifindex = e->ifindex;
		v->addrs[i].addr = e->addr;
		v->addrs[i].fresh_ms = now_ms;
	}
	/* RFC 6275 11.7.1: a Binding Update asks no longer than the care-of address lives */
	v->addrs[i].valid = e->valid;
	v->addrs[i].valid_ms = now_ms;
	if (!added && v->addrs[i].flags == e->flags && v->addrs[i].plen == e->plen &&
	    (v->addrs[i].preferred == 0) == (e->preferred == 0))
		return 0;
	if (!added && !mn_addr_usable(v->addrs[i].flags) && mn_addr_usable(e->flags))
		v->addrs[i].fresh_ms = now_ms;	/* DAD just ended: it is new to us */
	v->addrs[i].plen = e->plen;
	v->addrs[i].flags = e->flags;
	v->addrs[i].preferred = e->preferred;
	return 1;
}

/*
 * How long a router is taken to be there after its Router Advertisement: RFC 6275 7.3 makes
 * the Advertisement Interval option the longest time between its unsolicited RAs, so two of
 * them missed means it is gone (one may be lost); without the option only its router
 * lifetime bounds it (RFC 4861 6.3.4).
 */
static uint64_t
router_hold_ms(const struct icmp6_ra *ra)
{
	uint64_t life = (uint64_t)ra->lifetime * 1000;

	if ((ra->present & ICMP6_RA_ADV_INTERVAL) && ra->adv_interval != 0 &&
	    (uint64_t)ra->adv_interval * 2 < life)
		return (uint64_t)ra->adv_interval * 2;
	return life;
}

static void
router_seen(struct mn_view *v, int ifindex, const struct in6_addr *router,
    const struct icmp6_prefix *p, uint64_t hold_ms, uint64_t now_ms)
{
	struct mn_router *r, *oldest = NULL;
	size_t i;

	for (i = 0; i < v->nrouters; i++) {
		r = &v->routers[i];
		if (r->ifindex == ifindex && addr_eq(&r->router, router) && r->plen == p->plen &&
		    prefix_match(&r->prefix, &p->prefix, p->plen)) {
			r->seen_ms = now_ms;
			r->hold_ms = hold_ms;
			return;
		}
		if (oldest == NULL || r->seen_ms < oldest->seen_ms)
			oldest = r;
	}
	if (v->nrouters < MN_MAX_ROUTERS)
		r = &v->routers[v->nrouters++];
	else
		r = oldest;		/* the table is a hint: the oldest goes */
	r->ifindex = ifindex;
	r->router = *router;
	r->prefix = p->prefix;
	r->plen = p->plen;
	r->seen_ms = now_ms;
	r->hold_ms = hold_ms;
}

/* A router lifetime of 0: no default router any more (RFC 4861 6.3.4), so it holds the
 * care-of address no longer; its entry stays for mn_move_stale_routers. */
static void
router_ends(struct mn_view *v, int ifindex, const struct in6_addr *router,
    const struct icmp6_prefix *p)
{
	struct mn_router *r;
	size_t i;

	for (i = 0; i < v->nrouters; i++) {
		r = &v->routers[i];
		if (r->ifindex == ifindex && addr_eq(&r->router, router) && r->plen == p->plen &&
		    prefix_match(&r->prefix, &p->prefix, p->plen))
			r->hold_ms = 0;
	}
}

int
mn_view_ra(struct mn_view *v, int ifindex, const struct in6_addr *router,
    const struct icmp6_ra *ra, uint64_t now_ms)
{
	const struct icmp6_prefix *p;
	size_t i;
	int j, changed = 0;

	for (j = 0; j < ra->nprefix; j++) {
		p = &ra->prefix[j];
		if (p->valid == 0 || p->plen > 128)
			continue;
		if (ra->lifetime != 0 && router != NULL)
			router_seen(v, ifindex, router, p, router_hold_ms(ra), now_ms);
		else if (router != NULL)
			router_ends(v, ifindex, router, p);
		for (i = 0; i < v->naddrs; i++) {
			if (v->addrs[i].ifindex != ifindex ||
			    !prefix_match(&v->addrs[i].addr, &p->prefix, p->plen))
				continue;
			/* A link that changes advertised prefixes is a new link for us. */
			if (v->addrs[i].fresh_ms < now_ms)
				changed = 1;
			v->addrs[i].fresh_ms = now_ms;
		}
	}
	return changed;
}

size_t
mn_move_stale_routers(const struct mn_view *v, const struct mn_place *p, struct in6_addr *out,
    size_t max)
{
	const struct mn_router *r, *q;
	size_t i, j, n = 0;
	int current, dup;

	if (p->ifindex == 0)
		return 0;
	for (i = 0; i < v->nrouters && n < max; i++) {
		r = &v->routers[i];
		if (r->ifindex != p->ifindex)
			continue;
		current = 0;
		for (j = 0; j < v->nrouters && !current; j++) {
			q = &v->routers[j];
			current = q->ifindex == p->ifindex && addr_eq(&q->router, &r->router) &&
			    prefix_match(&p->addr, &q->prefix, q->plen);
		}
		if (current)
			continue;
		for (dup = 0, j = 0; j < n && !dup; j++)
			dup = addr_eq(&out[j], &r->router);
		if (!dup)
			out[n++] = r->router;
	}
	return n;
}

void
mn_view_forget_router(struct mn_view *v, int ifindex, const struct in6_addr *router)
{
	size_t i;

	for (i = 0; i < v->nrouters;)
		if (v->routers[i].ifindex == ifindex && addr_eq(&v->routers[i].router, router))
			v->routers[i] = v->routers[--v->nrouters];
		else
			i++;
}

int
mn_addr_usable(uint32_t flags)
{
	if (flags & (IFA_F_DADFAILED | IFA_F_HOMEADDRESS))
		return 0;
	if ((flags & IFA_F_TENTATIVE) && !(flags & IFA_F_OPTIMISTIC))
		return 0;
	return 1;
}

static int
is_home_address(const struct conf *c, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < c->nhome_addrs; i++)
		if (addr_eq(&c->home_addrs[i].hoa, a))
			return 1;
	return 0;
}

/* -1: not eligible; otherwise its preference (higher is better). */
static int
link_preference(const struct conf *c, const struct mn_link *l)
{
	const unsigned int want = IFF_UP | IFF_RUNNING;

	if ((l->flags & want) != want)
		return -1;
	if (c->nifaces > 0)
		return conf_iface_preference(c, l->name);
	if (strcmp(l->name, "lo") == 0 ||
	    strncmp(l->name, KERN_TUNNEL_PREFIX, strlen(KERN_TUNNEL_PREFIX)) == 0 ||
	    strncmp(l->name, "ip6tnl", 6) == 0 || strncmp(l->name, "sit", 3) == 0)
		return -1;
	return 0;
}

/* The latest Router Advertisement of router on ifindex (any of its prefixes). */
static uint64_t
router_latest_ms(const struct mn_view *v, int ifindex, const struct in6_addr *router)
{
	uint64_t latest = 0;
	size_t i;

	for (i = 0; i < v->nrouters; i++)
		if (v->routers[i].ifindex == ifindex && addr_eq(&v->routers[i].router, router) &&
		    v->routers[i].seen_ms > latest)
			latest = v->routers[i].seen_ms;
	return latest;
}

uint64_t
mn_move_held(const struct mn_view *v, const struct mn_place *cur, uint64_t now_ms)
{
	const struct mn_router *r;
	const struct mn_link *l;
	uint64_t until = 0;
	size_t i;

	if (cur == NULL || cur->ifindex == 0 || (l = link_find(v, cur->ifindex)) == NULL)
		return 0;
	for (i = 0; i < v->nrouters; i++) {
		r = &v->routers[i];
		if (r->ifindex != cur->ifindex || !prefix_match(&cur->addr, &r->prefix, r->plen))
			continue;
		if (r->seen_ms < l->up_ms || now_ms >= r->seen_ms + r->hold_ms)
			continue;	/* heard before the carrier came back, or silent since */
		if (router_latest_ms(v, r->ifindex, &r->router) > r->seen_ms)
			continue;	/* it advertises other prefixes now: another link */
		if (r->seen_ms + r->hold_ms > until)
			until = r->seen_ms + r->hold_ms;
	}
	return until;
}

/* Whether address a beats b as the care-of address on one link; held: the current address
 * keeps its place (mn_move_held). */
static int
addr_better(const struct mn_addr *a, const struct mn_addr *b, const struct mn_place *cur,
    int held)
{
	int a_pref = a->preferred != 0, b_pref = b->preferred != 0;
	int a_cur = cur != NULL && cur->ifindex == a->ifindex && addr_eq(&cur->addr, &a->addr);
	int b_cur = cur != NULL && cur->ifindex == b->ifindex && addr_eq(&cur->addr, &b->addr);

	if (a_pref != b_pref)
		return a_pref;		/* RFC 6724 rule 3: avoid deprecated addresses */
	/* RFC 6275 11.5.1: a new prefix while the current router is there is no move */
	if (held && (a_cur || b_cur))
		return a_cur;
	if (a->fresh_ms != b->fresh_ms)
		return a->fresh_ms > b->fresh_ms;
	if (a_cur)
		return 1;		/* no change without a reason */
	if (b_cur)
		return 0;
	return memcmp(&a->addr, &b->addr, sizeof(a->addr)) < 0;
}

void
mn_move_choose(const struct mn_view *v, const struct conf *c, const struct mn_place *cur,
    uint64_t now_ms, struct mn_place *out)
{
	const struct mn_addr *best = NULL, *a;
	const struct mn_link *l;
	struct mn_place was;
	int pref, best_pref = -1, held = mn_move_held(v, cur, now_ms) != 0;
	size_t i;

	if (cur != NULL) {
		was = *cur;		/* out may be cur */
		cur = &was;
	}
	memset(out, 0, sizeof(*out));
	for (i = 0; i < v->naddrs; i++) {
		a = &v->addrs[i];
		if (!mn_addr_usable(a->flags) || is_home_address(c, &a->addr))
			continue;
		if ((l = link_find(v, a->ifindex)) == NULL || (pref = link_preference(c, l)) < 0)
			continue;
		if (best != NULL) {
			if (pref < best_pref)
				continue;
			if (pref == best_pref && a->ifindex != best->ifindex) {
				/* a tie: stay on the current link, else the lower index */
				if (cur != NULL && cur->ifindex == best->ifindex)
					continue;
				if (!(cur != NULL && cur->ifindex == a->ifindex) &&
				    a->ifindex > best->ifindex)
					continue;
			} else if (pref == best_pref && !addr_better(a, best, cur, held))
				continue;
		}
		best = a;
		best_pref = pref;
	}
	if (best == NULL)
		return;
	out->ifindex = best->ifindex;
	out->addr = best->addr;
	out->plen = best->plen;
	out->valid = best->valid;
	out->valid_ms = best->valid_ms;
}

uint32_t
mn_place_valid_left(const struct mn_place *p, uint64_t now_ms)
{
	uint64_t gone;

	/* 0: not known (a place not made from a kernel address event) */
	if (p->valid == 0xffffffffu || p->valid == 0)
		return 0xffffffffu;
	gone = now_ms > p->valid_ms ? (now_ms - p->valid_ms) / 1000 : 0;
	return gone >= p->valid ? 0 : p->valid - (uint32_t)gone;
}

enum mn_where
mn_move_where(const struct mn_place *p, const struct in6_addr *hoa, int plen)
{
	if (p->ifindex == 0)
		return MN_DETACHED;
	return prefix_match(&p->addr, hoa, plen) ? MN_HOME : MN_AWAY;
}

const char *
mn_where_name(enum mn_where w)
{
	switch (w) {
	case MN_DETACHED:
		return "detached";
	case MN_AWAY:
		return "away";
	case MN_HOME:
		return "home";
	}
	return "?";
}
