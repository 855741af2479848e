/* tunnel.c - ip6ip6 tunnel devices and the HA's per-route encapsulation */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ip6tnl.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_nl.h"
#include "kern_real.h"

/*
 * Why one external device on the HA: a device per mobile node costs a net_device, sysfs
 * entries and an entry in every per-device list; at 100,000 bindings device creation alone
 * takes minutes and memory runs out.  An ip6tnl device in external (collect_md) mode takes
 * its outer addresses from each route's lwtunnel state instead, and receives every ip6ip6
 * packet no other tunnel claims.
 */

struct link_val {
	char		name[IFNAMSIZ];
	struct in6_addr	local;
	struct in6_addr	remote;
	int		link;
	int		external;
};

static int ha_ifindex;

int
kern_link_delete(int ifindex, int quiet)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg;
	char what[64];

	if ((msg = nlmsg_alloc_simple(RTM_DELLINK, 0)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	snprintf(what, sizeof(what), "delete device %d", ifindex);
	return kern_nl_request(kern_nl_route(), msg, what, quiet);
}

static int
link_up(int ifindex)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = ifindex,
		.ifi_flags = IFF_UP, .ifi_change = IFF_UP,
	};
	struct nl_msg *msg;

	if ((msg = nlmsg_alloc_simple(RTM_NEWLINK, 0)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return kern_nl_request(kern_nl_route(), msg, "bring tunnel up", 0);
}

int
kern_tunnel_external_build(const char *name, struct nl_msg **msg)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *li, *data;

	/* libnl-route 3.7 cannot say "external": raw attributes. */
	if ((*msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(*msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(*msg, IFLA_IFNAME, name) < 0 ||
	    (li = nla_nest_start(*msg, IFLA_LINKINFO)) == NULL ||
	    nla_put_string(*msg, IFLA_INFO_KIND, "ip6tnl") < 0 ||
	    (data = nla_nest_start(*msg, IFLA_INFO_DATA)) == NULL ||
	    nla_put_u8(*msg, IFLA_IPTUN_PROTO, IPPROTO_IPV6) < 0 ||
	    nla_put_flag(*msg, IFLA_IPTUN_COLLECT_METADATA) < 0) {
		nlmsg_free(*msg);
		return -ENOMEM;
	}
	nla_nest_end(*msg, data);
	nla_nest_end(*msg, li);
	return 0;
}

int
kern_tunnel_ha_init_real(void)
{
	struct link_val v;
	struct nl_msg *msg;
	int rc, ifindex;

	if (ha_ifindex > 0)
		return ha_ifindex;
	if ((ifindex = (int)if_nametoindex(KERN_TUNNEL_HA_NAME)) == 0) {
		if ((rc = kern_tunnel_external_build(KERN_TUNNEL_HA_NAME, &msg)) < 0)
			return rc;
		rc = kern_nl_request(kern_nl_route(), msg,
		    "create external ip6tnl device " KERN_TUNNEL_HA_NAME, 0);
		if (rc < 0)
			return rc;
		if ((ifindex = (int)if_nametoindex(KERN_TUNNEL_HA_NAME)) == 0)
			return -ENODEV;
	}
	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "%s", KERN_TUNNEL_HA_NAME);
	v.external = 1;
	kern_rec_put(KREC_LINK, &ifindex, sizeof(ifindex), &v, sizeof(v), 0);
	if ((rc = link_up(ifindex)) < 0)
		return rc;
	ha_ifindex = ifindex;
	return ifindex;
}

static void
ha_route_init(struct kern_route *r, const struct in6_addr *dst, int plen)
{
	memset(r, 0, sizeof(*r));
	r->dst = *dst;
	r->dplen = (uint8_t)plen;
	r->table = RT_TABLE_MAIN;
	r->metric = 128;
}

int
kern_tunnel_ha_route_set_real(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	return kern_tunnel_ha_prefix_set(hoa, 128, ha, coa);
}

int
kern_tunnel_ha_route_del_real(const struct in6_addr *hoa)
{
	return kern_tunnel_ha_prefix_del(hoa, 128);
}

int
kern_tunnel_ha_prefix_set_real(const struct in6_addr *dst, int plen, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	struct kern_route r;
	int ifindex;

	if ((ifindex = kern_tunnel_ha_init()) < 0)
		return ifindex;
	ha_route_init(&r, dst, plen);
	r.oif = ifindex;
	r.has_encap = KERN_ENCAP_IP6;
	r.encap.src = *ha;
	r.encap.dst = *coa;
	/* NLM_F_REPLACE: a new care-of address changes the route in place. */
	return kern_route_add(&r);
}

int
kern_tunnel_ha_prefix_del_real(const struct in6_addr *dst, int plen)
{
	struct kern_route r;

	ha_route_init(&r, dst, plen);
	return kern_route_del(&r);
}

/*
 * binding-routes = no: the routes of a home prefix whose program (tunnel_check.bpf.c) sends a
 * bound home address's packets into the tunnel device.  In the main table, through the home
 * link at metric 128 (before the kernel's prefix route at 256): any other packet goes on to
 * the link.  In KERN_ROUTE_TABLE_HA_LINK, for what arrives on the home link
 * (kern_tunnel_ha_xmit_rule), through the tunnel device: any other packet is routed again,
 * from the main table.  Both replaced in place (a new program, the link back up).
 */
int
kern_tunnel_ha_xmit_route(int add, int ifindex, const struct in6_addr *prefix, int plen,
    int prog)
{
	struct kern_route r, t;
	int rc, tnl;

	ha_route_init(&r, prefix, plen);
	ha_route_init(&t, prefix, plen);
	t.table = KERN_ROUTE_TABLE_HA_LINK;
	if (!add) {
		rc = kern_route_del(&t);
		return kern_route_del(&r) < 0 ? -EIO : rc;
	}
	if ((tnl = kern_tunnel_ha_init()) < 0)
		return tnl;
	t.oif = tnl;
	r.oif = ifindex;
	r.has_encap = t.has_encap = KERN_ENCAP_BPF_XMIT;
	r.xmit_prog = t.xmit_prog = prog;
	if ((rc = kern_route_add(&t)) < 0)
		return rc;
	return kern_route_add(&r);
}

int
kern_tunnel_ha_xmit_rule(int add, int ifindex, const struct in6_addr *prefix, int plen)
{
	char ifn[IF_NAMESIZE];

	if (if_indextoname((unsigned int)ifindex, ifn) == NULL)
		return -errno;
	return kern_rule_iif_send(add ? RTM_NEWRULE : RTM_DELRULE, ifn, prefix, plen,
	    KERN_ROUTE_TABLE_HA_LINK, KERN_RULE_PRIO_HA_LINK);
}

int
kern_tunnel_ip6ip6_build(int ifindex, const char *name, const struct in6_addr *local,
    const struct in6_addr *remote, int link, struct nl_msg **msg)
{
	struct rtnl_link *l;
	int rc;

	if ((l = rtnl_link_ip6_tnl_alloc()) == NULL)
		return -ENOMEM;
	if (ifindex > 0)
		rtnl_link_set_ifindex(l, ifindex);
	else
		rtnl_link_set_name(l, name);
	/*
	 * All parameters every time: the kernel's changelink starts from zero, so a move must
	 * repeat what does not change.
	 */
	rtnl_link_ip6_tnl_set_link(l, (uint32_t)link);
	rtnl_link_ip6_tnl_set_local(l, (struct in6_addr *)local);
	rtnl_link_ip6_tnl_set_remote(l, (struct in6_addr *)remote);
	rtnl_link_ip6_tnl_set_proto(l, IPPROTO_IPV6);
	rtnl_link_ip6_tnl_set_ttl(l, 64);
	rtnl_link_ip6_tnl_set_encaplimit(l, 0);
	rtnl_link_ip6_tnl_set_flags(l, IP6_TNL_F_MIP6_DEV | IP6_TNL_F_IGN_ENCAP_LIMIT);
	rc = rtnl_link_build_add_request(l, ifindex > 0 ? 0 : NLM_F_CREATE | NLM_F_EXCL, msg);
	rtnl_link_put(l);
	return rc < 0 ? -ENOMEM : 0;
}

int
kern_tunnel_mn_add_real(const struct in6_addr *local, const struct in6_addr *remote, int link)
{
	struct link_val v;
	struct nl_msg *msg;
	char what[128];
	int i, rc, ifindex;

	memset(&v, 0, sizeof(v));
	for (i = 0; i < 1000; i++) {
		snprintf(v.name, sizeof(v.name), KERN_TUNNEL_PREFIX "t%d", i);
		if (if_nametoindex(v.name) == 0)
			break;
	}
	if ((rc = kern_tunnel_ip6ip6_build(0, v.name, local, remote, link, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "create tunnel %s %s -> %s", v.name, addr_str(local),
	    addr_str(remote));
	if ((rc = kern_nl_request(kern_nl_route(), msg, what, 0)) < 0)
		return rc;
	if ((ifindex = (int)if_nametoindex(v.name)) == 0)
		return -ENODEV;
	v.local = *local;
	v.remote = *remote;
	v.link = link;
	kern_rec_put(KREC_LINK, &ifindex, sizeof(ifindex), &v, sizeof(v), 0);
	if ((rc = link_up(ifindex)) < 0)
		return rc;
	return ifindex;
}

int
kern_tunnel_mn_move_real(int ifindex, const struct in6_addr *local, const struct in6_addr *remote,
    int link)
{
	struct kern_rec *r;
	struct link_val *v;
	struct nl_msg *msg;
	char what[128];
	int rc;

	if ((r = kern_rec_get(KREC_LINK, &ifindex, sizeof(ifindex))) == NULL)
		return -ENOENT;
	if ((rc = kern_tunnel_ip6ip6_build(ifindex, NULL, local, remote, link, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "move tunnel %d to %s -> %s", ifindex, addr_str(local),
	    addr_str(remote));
	if ((rc = kern_nl_request(kern_nl_route(), msg, what, 0)) < 0)
		return rc;
	v = KREC_VAL(r);
	v->local = *local;
	v->remote = *remote;
	v->link = link;
	return 0;
}

int
kern_tunnel_mn_del_real(int ifindex)
{
	int rc;

	rc = kern_link_delete(ifindex, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_LINK, &ifindex, sizeof(ifindex), 0);
	if (ifindex == ha_ifindex)
		ha_ifindex = 0;
	return rc == -ENODEV || rc == -ENOENT ? 0 : rc;
}

/* ---- crash clean-up: every device whose name starts with the prefix ---- */

struct idx_list {
	int	*v;
	size_t	 n, cap;
};

static struct nl_msg *
link_dump_msg(void)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *m;

	if ((m = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP)) != NULL &&
	    nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int
on_link(struct nlmsghdr *h, void *arg)
{
	struct idx_list *l = arg;
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;
	int *nv;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 || tb[IFLA_IFNAME] == NULL)
		return 0;
	if (strncmp(nla_get_string(tb[IFLA_IFNAME]), KERN_TUNNEL_PREFIX,
	    strlen(KERN_TUNNEL_PREFIX)) != 0)
		return 0;
	ifi = nlmsg_data(h);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL)
			return -ENOMEM;
		l->v = nv;
	}
	l->v[l->n++] = ifi->ifi_index;
	return 0;
}

int
kern_tunnel_cleanup(void)
{
	struct idx_list l = { NULL, 0, 0 };
	size_t i;
	int n = 0;

	if (kern_nl_dump(kern_nl_route(), link_dump_msg, on_link, &l) < 0) {
		free(l.v);
		return -1;
	}
	for (i = 0; i < l.n; i++)
		if (kern_link_delete(l.v[i], KERN_NL_QUIET_ENOENT) == 0)
			n++;
	free(l.v);
	return n;
}

static void
forget_link(struct kern_rec *r, void *arg)
{
	int ifindex = *(int *)KREC_KEY(r);

	if (*(int *)arg)
		(void)kern_link_delete(ifindex, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_LINK, &ifindex, sizeof(ifindex), 0);
}

void
kern_tunnel_forget_all(int remove)
{
	kern_rec_foreach(KREC_LINK, forget_link, &remove);
	ha_ifindex = 0;
}
