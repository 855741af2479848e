/* route.c - routes and policy rules: the only code that changes the routing tables */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/rule.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern.h"
#include "kern_route.h"
#include "kern_nl.h"
#include "kern_real.h"

#ifndef FRA_PROTOCOL
#define FRA_PROTOCOL	21
#endif

static uint32_t route_table = KERN_ROUTE_TABLE_DEFAULT;

struct route_key {
	uint32_t	table;
	uint32_t	metric;
	struct in6_addr	dst;
	struct in6_addr	src;
	uint8_t		dplen;
	uint8_t		splen;
	uint8_t		pad[2];
};

struct rule_key {
	struct in6_addr	src;
	uint32_t	table;
	uint32_t	prio;
	uint8_t		plen;
	uint8_t		pad[3];
};

uint32_t
kern_route_table(void)
{
	return route_table;
}

void
kern_route_set_table(uint32_t table)
{
	route_table = table ? table : KERN_ROUTE_TABLE_DEFAULT;
}

static struct nl_addr *
prefix6(const struct in6_addr *a, int plen)
{
	struct nl_addr *na;

	if ((na = nl_addr_build(AF_INET6, a, sizeof(*a))) != NULL)
		nl_addr_set_prefixlen(na, plen);
	return na;
}

static int
encap_ip6(struct nl_msg *msg, const struct kern_encap6 *e)
{
	struct nlattr *encap;

	if (nla_put_u16(msg, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_IP6) < 0 ||
	    (encap = nla_nest_start(msg, RTA_ENCAP)) == NULL ||
	    nla_put(msg, LWTUNNEL_IP6_DST, sizeof(e->dst), &e->dst) < 0 ||
	    nla_put(msg, LWTUNNEL_IP6_SRC, sizeof(e->src), &e->src) < 0 ||
	    (e->hoplimit && nla_put_u8(msg, LWTUNNEL_IP6_HOPLIMIT, e->hoplimit) < 0))
		return -ENOMEM;
	nla_nest_end(msg, encap);
	return 0;
}

/* "encap bpf xmit": the program runs for every packet the route sends (lwt_bpf). */
static int
encap_bpf_xmit(struct nl_msg *msg, int prog)
{
	struct nlattr *encap, *xmit;

	if (nla_put_u16(msg, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_BPF) < 0 ||
	    (encap = nla_nest_start(msg, RTA_ENCAP)) == NULL ||
	    (xmit = nla_nest_start(msg, LWT_BPF_XMIT)) == NULL ||
	    nla_put_u32(msg, LWT_BPF_PROG_FD, (uint32_t)prog) < 0 ||
	    nla_put_string(msg, LWT_BPF_PROG_NAME, "mip6d") < 0)
		return -ENOMEM;
	nla_nest_end(msg, xmit);
	nla_nest_end(msg, encap);
	return 0;
}

int
kern_route_build(int cmd, const struct kern_route *r, struct nl_msg **msg)
{
	struct rtnl_route *rt;
	struct rtnl_nexthop *nh;
	struct nl_addr *a;
	int rc;

	if ((rt = rtnl_route_alloc()) == NULL)
		return -ENOMEM;
	rtnl_route_set_family(rt, AF_INET6);
	rtnl_route_set_table(rt, r->table ? r->table : route_table);
	rtnl_route_set_protocol(rt, KERN_RTPROT);
	rtnl_route_set_type(rt, RTN_UNICAST);
	rtnl_route_set_scope(rt, RT_SCOPE_UNIVERSE);
	rtnl_route_set_priority(rt, r->metric);
	if ((a = prefix6(&r->dst, r->dplen)) != NULL) {
		rtnl_route_set_dst(rt, a);
		nl_addr_put(a);
	}
	if (r->splen > 0 && (a = prefix6(&r->src, r->splen)) != NULL) {
		rtnl_route_set_src(rt, a);
		nl_addr_put(a);
	}
	if (cmd == RTM_NEWROUTE && (r->oif > 0 || !addr_is_unspecified(&r->gw))) {
		if ((nh = rtnl_route_nh_alloc()) == NULL) {
			rtnl_route_put(rt);
			return -ENOMEM;
		}
		if (r->oif > 0)
			rtnl_route_nh_set_ifindex(nh, r->oif);
		if (!addr_is_unspecified(&r->gw) &&
		    (a = nl_addr_build(AF_INET6, &r->gw, sizeof(r->gw))) != NULL) {
			rtnl_route_nh_set_gateway(nh, a);
			nl_addr_put(a);
		}
		rtnl_route_add_nexthop(rt, nh);
	}
	rc = cmd == RTM_NEWROUTE ?
	    rtnl_route_build_add_request(rt, NLM_F_CREATE | NLM_F_REPLACE, msg) :
	    rtnl_route_build_del_request(rt, 0, msg);
	rtnl_route_put(rt);
	if (rc < 0)
		return -ENOMEM;
	if (cmd != RTM_NEWROUTE || !r->has_encap)
		return 0;
	/* libnl-route 3.7 knows only MPLS encapsulation: build "encap ip6" and "bpf" ourselves. */
	if (r->has_encap == KERN_ENCAP_BPF_XMIT)
		rc = encap_bpf_xmit(*msg, r->xmit_prog);
	else
		rc = encap_ip6(*msg, &r->encap);
	if (rc < 0)
		nlmsg_free(*msg);
	return rc;
}

static void
route_key_init(struct route_key *k, const struct kern_route *r)
{
	memset(k, 0, sizeof(*k));
	k->table = r->table ? r->table : route_table;
	k->metric = r->metric;
	k->dst = r->dst;
	k->dplen = r->dplen;
	if (r->splen > 0) {
		k->src = r->src;
		k->splen = r->splen;
	}
}

static int
route_send(int cmd, const struct kern_route *r, int quiet)
{
	struct nl_msg *msg;
	char what[200];
	int rc;

	if ((rc = kern_route_build(cmd, r, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s route %s/%u table %u%s%s",
	    cmd == RTM_NEWROUTE ? "add" : "delete", addr_str(&r->dst), r->dplen,
	    r->table ? r->table : route_table,
	    r->has_encap == KERN_ENCAP_IP6 ? " encap ip6 dst " :
	    r->has_encap == KERN_ENCAP_BPF_XMIT ? " encap bpf xmit" : "",
	    r->has_encap == KERN_ENCAP_IP6 ? addr_str(&r->encap.dst) : "");
	return kern_nl_request(kern_nl_route(), msg, what, quiet);
}

int
kern_route_add_real(const struct kern_route *r)
{
	struct route_key k;
	int rc;

	if ((rc = route_send(RTM_NEWROUTE, r, 0)) < 0)
		return rc;
	route_key_init(&k, r);
	return kern_rec_put(KREC_ROUTE, &k, sizeof(k), r, sizeof(*r), 0) == -1 ? -ENOMEM : 0;
}

int
kern_route_del_real(const struct kern_route *r)
{
	struct route_key k;
	int rc;

	rc = route_send(RTM_DELROUTE, r, KERN_NL_QUIET_ENOENT);
	route_key_init(&k, r);
	kern_rec_del(KREC_ROUTE, &k, sizeof(k), 0);
	return rc == -ENOENT || rc == -ESRCH ? 0 : rc;
}

/* An IPv6 rule of mip6d's, "lookup table" at priority prio, selectors to add. */
static struct rtnl_rule *
rule_new(uint32_t table, uint32_t prio)
{
	struct rtnl_rule *rule;

	if ((rule = rtnl_rule_alloc()) == NULL)
		return NULL;
	rtnl_rule_set_family(rule, AF_INET6);
	rtnl_rule_set_prio(rule, prio);
	/* Without it the kernel stores FR_ACT_UNSPEC: "lookup 252 none". */
	rtnl_rule_set_action(rule, FR_ACT_TO_TBL);
	rtnl_rule_set_table(rule, table);
	rtnl_rule_set_protocol(rule, KERN_RTPROT);
	return rule;
}

int
kern_rule_build(int cmd, const struct in6_addr *src, int plen, uint32_t table, uint32_t prio,
    struct nl_msg **msg)
{
	struct rtnl_rule *rule;
	struct nl_addr *a;
	int rc;

	if ((rule = rule_new(table, prio)) == NULL)
		return -ENOMEM;
	if ((a = prefix6(src, plen)) != NULL) {
		rtnl_rule_set_src(rule, a);
		nl_addr_put(a);
	}
	rc = cmd == RTM_NEWRULE ? rtnl_rule_build_add_request(rule, NLM_F_CREATE, msg) :
	    rtnl_rule_build_delete_request(rule, 0, msg);
	rtnl_rule_put(rule);
	return rc < 0 ? -ENOMEM : 0;
}

int
kern_route_ra_default_del_real(int ifindex, const struct in6_addr *router)
{
	struct rtnl_route *r;
	struct rtnl_nexthop *nh = NULL;
	struct nl_addr *dst = NULL, *gw = NULL;
	struct nl_msg *msg = NULL;
	char what[128];
	int rc = -ENOMEM;

	/* not ours, so no record: matched by table, destination, gateway and interface */
	if ((r = rtnl_route_alloc()) == NULL)
		return -ENOMEM;
	rtnl_route_set_family(r, AF_INET6);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_type(r, RTN_UNICAST);
	/* libnl defaults to "static"; 0 matches any protocol (here: ra) */
	rtnl_route_set_protocol(r, RTPROT_UNSPEC);
	if ((nh = rtnl_route_nh_alloc()) == NULL ||
	    (dst = nl_addr_build(AF_INET6, &in6addr_any, sizeof(in6addr_any))) == NULL ||
	    (gw = nl_addr_build(AF_INET6, router, sizeof(*router))) == NULL) {
		if (nh != NULL)
			rtnl_route_nh_free(nh);
		goto out;
	}
	nl_addr_set_prefixlen(dst, 0);
	rtnl_route_set_dst(r, dst);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(r, nh);
	if (rtnl_route_build_del_request(r, 0, &msg) < 0)
		goto out;
	snprintf(what, sizeof(what), "delete default route via %s", addr_str(router));
	rc = kern_nl_request(kern_nl_route(), msg, what, KERN_NL_QUIET_ENOENT);
	if (rc == -ENOENT || rc == -ESRCH) {
		log_debug("no default route via %s", addr_str(router));
		rc = 0;
	}
out:
	if (dst != NULL)
		nl_addr_put(dst);
	if (gw != NULL)
		nl_addr_put(gw);
	rtnl_route_put(r);
	return rc;
}

/* "iif IIF to DST/PLEN lookup TABLE" (binding-routes = no, KERN_ROUTE_TABLE_HA_LINK) */
int
kern_rule_iif_build(int cmd, const char *iif, const struct in6_addr *dst, int plen,
    uint32_t table, uint32_t prio, struct nl_msg **msg)
{
	struct rtnl_rule *rule;
	struct nl_addr *a;
	int rc;

	if ((rule = rule_new(table, prio)) == NULL)
		return -ENOMEM;
	rc = rtnl_rule_set_iif(rule, iif);
	if (rc == 0 && (a = prefix6(dst, plen)) != NULL) {
		rc = rtnl_rule_set_dst(rule, a);
		nl_addr_put(a);
	}
	if (rc == 0)
		rc = cmd == RTM_NEWRULE ? rtnl_rule_build_add_request(rule, NLM_F_CREATE, msg) :
		    rtnl_rule_build_delete_request(rule, 0, msg);
	rtnl_rule_put(rule);
	return rc < 0 ? -ENOMEM : 0;
}

int
kern_rule_iif_send(int cmd, const char *iif, const struct in6_addr *dst, int plen,
    uint32_t table, uint32_t prio)
{
	struct nl_msg *msg;
	char what[160];
	int rc;

	if ((rc = kern_rule_iif_build(cmd, iif, dst, plen, table, prio, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s rule %u: iif %s to %s/%d lookup %u",
	    cmd == RTM_NEWRULE ? "add" : "delete", prio, iif, addr_str(dst), plen, table);
	return kern_nl_request(kern_nl_route(), msg, what,
	    cmd == RTM_DELRULE ? KERN_NL_QUIET_ENOENT : 0);
}

static int
rule_send(int cmd, const struct in6_addr *src, int plen, uint32_t table, uint32_t prio,
    int quiet)
{
	struct nl_msg *msg;
	char what[160];
	int rc;

	if ((rc = kern_rule_build(cmd, src, plen, table, prio, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s rule %u: from %s/%d lookup %u",
	    cmd == RTM_NEWRULE ? "add" : "delete", prio, addr_str(src), plen, table);
	return kern_nl_request(kern_nl_route(), msg, what, quiet);
}

static void
rule_key_init(struct rule_key *k, const struct in6_addr *src, int plen, uint32_t table,
    uint32_t prio)
{
	memset(k, 0, sizeof(*k));
	k->src = *src;
	k->plen = (uint8_t)plen;
	k->table = table;
	k->prio = prio;
}

int
kern_rule_src_add_real(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	struct rule_key k;
	int rc;

	rule_key_init(&k, src, plen, table, prio);
	if (kern_rec_get(KREC_RULE, &k, sizeof(k)) != NULL)
		return 0;	/* rules have no "replace": one is enough */
	rc = rule_send(RTM_NEWRULE, src, plen, table, prio, KERN_NL_QUIET_EEXIST);
	if (rc < 0 && rc != -EEXIST)
		return rc;
	return kern_rec_put(KREC_RULE, &k, sizeof(k), NULL, 0, 0) == -1 ? -ENOMEM : 0;
}

int
kern_rule_src_del_real(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	struct rule_key k;
	int rc;

	rc = rule_send(RTM_DELRULE, src, plen, table, prio, KERN_NL_QUIET_ENOENT);
	rule_key_init(&k, src, plen, table, prio);
	kern_rec_del(KREC_RULE, &k, sizeof(k), 0);
	return rc == -ENOENT ? 0 : rc;
}

/* ---- crash clean-up: everything marked with our protocol number, in every table ---- */

struct msg_list {
	struct nl_msg	**v;
	size_t		  n, cap;
	int		  deltype;
};

static int
keep_as_delete(struct msg_list *l, struct nlmsghdr *h)
{
	struct nl_msg *m, **nv;

	/* As "ip route flush" does: send the dumped message back as a delete. */
	if ((m = nlmsg_alloc_simple(l->deltype, 0)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(m, nlmsg_data(h), (size_t)nlmsg_datalen(h), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL) {
			nlmsg_free(m);
			return -ENOMEM;
		}
		l->v = nv;
	}
	l->v[l->n++] = m;
	return 0;
}

static int
on_route(struct nlmsghdr *h, void *arg)
{
	struct rtmsg *rtm = nlmsg_data(h);

	if (h->nlmsg_type != RTM_NEWROUTE || nlmsg_datalen(h) < (int)sizeof(*rtm) ||
	    rtm->rtm_family != AF_INET6 || rtm->rtm_protocol != KERN_RTPROT)
		return 0;
	return keep_as_delete(arg, h);
}

static int
on_rule(struct nlmsghdr *h, void *arg)
{
	struct nlattr *tb[FRA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWRULE ||
	    nlmsg_parse(h, sizeof(struct fib_rule_hdr), tb, FRA_MAX, NULL) < 0)
		return 0;
	if (tb[FRA_PROTOCOL] == NULL || nla_get_u8(tb[FRA_PROTOCOL]) != KERN_RTPROT)
		return 0;
	return keep_as_delete(arg, h);
}

static struct nl_msg *
route_dump_msg(void)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6 };
	struct nl_msg *m;

	if ((m = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_DUMP)) != NULL &&
	    nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static struct nl_msg *
rule_dump_msg(void)
{
	struct fib_rule_hdr frh = { .family = AF_INET6 };
	struct nl_msg *m;

	if ((m = nlmsg_alloc_simple(RTM_GETRULE, NLM_F_DUMP)) != NULL &&
	    nlmsg_append(m, &frh, sizeof(frh), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int
flush(struct msg_list *l, const char *what)
{
	size_t i;
	int n = 0;

	for (i = 0; i < l->n; i++)
		if (kern_nl_request(kern_nl_route(), l->v[i], what, KERN_NL_QUIET_ENOENT) == 0)
			n++;
	free(l->v);
	return n;
}

int
kern_route_cleanup(void)
{
	struct msg_list routes = { NULL, 0, 0, RTM_DELROUTE };
	struct msg_list rules = { NULL, 0, 0, RTM_DELRULE };
	int n;

	if (kern_nl_dump(kern_nl_route(), route_dump_msg, on_route, &routes) < 0 ||
	    kern_nl_dump(kern_nl_route(), rule_dump_msg, on_rule, &rules) < 0) {
		while (routes.n)
			nlmsg_free(routes.v[--routes.n]);
		while (rules.n)
			nlmsg_free(rules.v[--rules.n]);
		free(routes.v);
		free(rules.v);
		return -1;
	}
	n = flush(&routes, "remove leftover route");
	return n + flush(&rules, "remove leftover rule");
}

static void
forget_route(struct kern_rec *r, void *arg)
{
	if (*(int *)arg)
		(void)route_send(RTM_DELROUTE, KREC_VAL(r), KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_ROUTE, KREC_KEY(r), r->keylen, 0);
}

static void
forget_rule(struct kern_rec *r, void *arg)
{
	struct rule_key *k = KREC_KEY(r);

	if (*(int *)arg)
		(void)rule_send(RTM_DELRULE, &k->src, k->plen, k->table, k->prio,
		    KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_RULE, k, sizeof(*k), 0);
}

void
kern_route_forget_all(int remove)
{
	kern_rec_foreach(KREC_RULE, forget_rule, &remove);
	kern_rec_foreach(KREC_ROUTE, forget_route, &remove);
}

static void
resync_route(struct kern_rec *r, void *arg)
{
	(void)route_send(RTM_NEWROUTE, KREC_VAL(r), 0);
}

static void
resync_rule(struct kern_rec *r, void *arg)
{
	struct rule_key *k = KREC_KEY(r);

	(void)rule_send(RTM_NEWRULE, &k->src, k->plen, k->table, k->prio, KERN_NL_QUIET_EEXIST);
}

void
kern_route_resync(void)
{
	kern_rec_foreach(KREC_RULE, resync_rule, NULL);
	kern_rec_foreach(KREC_ROUTE, resync_route, NULL);
}
