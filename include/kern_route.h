/* kern_route.h - routes in mip6d's table, source rules for home addresses */
#ifndef MIP6D_KERN_ROUTE_H
#define MIP6D_KERN_ROUTE_H

#include <netinet/in.h>
#include <stdint.h>

#include "kern_ops.h"

struct nl_msg;

#define KERN_ROUTE_TABLE_DEFAULT	252	/* as the seeds: "from <HoA> lookup 252" */
#define KERN_RULE_PRIO_DEFAULT		1001
/*
 * binding-routes = no: what arrives on a home link for a home prefix is looked up in this
 * table (rule "iif LINK to PREFIX", just before the mobile node's rules), whose route of the
 * prefix goes through the tunnel device: to the kernel such a packet does not go back out of
 * the link it came from (no ICMPv6 Redirect; the tunnel's MTU, as with a route per binding).
 */
#define KERN_ROUTE_TABLE_HA_LINK	251
#define KERN_RULE_PRIO_HA_LINK		1000

/* Per-route IPv6-in-IPv6 encapsulation (lwtunnel "encap ip6"), through an external ip6tnl. */
struct kern_encap6 {
	struct in6_addr	src;
	struct in6_addr	dst;
	uint8_t		hoplimit;	/* 0: the device's */
};

/* kern_route.has_encap */
#define KERN_ENCAP_IP6		1	/* encap: "encap ip6" */
#define KERN_ENCAP_BPF_XMIT	2	/* xmit_prog: "encap bpf xmit" */

struct kern_route {
	struct in6_addr	dst;
	uint8_t		dplen;
	uint8_t		splen;		/* source-specific route when > 0 */
	uint8_t		has_encap;	/* 0, or KERN_ENCAP_* */
	uint8_t		pad;
	struct in6_addr	src;
	struct in6_addr	gw;		/* :: for a direct route */
	int		oif;
	uint32_t	table;		/* 0: kern_route_table() */
	uint32_t	metric;
	struct kern_encap6 encap;
	int		xmit_prog;	/* the BPF program's file descriptor */
};

/* The table for routes through the tunnel (default 252). */
uint32_t kern_route_table(void);
void	kern_route_set_table(uint32_t table);

/* Add or replace (NLM_F_REPLACE); routes carry protocol KERN_RTPROT.  0 or -errno. */
static inline int
kern_route_add(const struct kern_route *r)
{
	return kern_ops->route_add(r);
}

static inline int
kern_route_del(const struct kern_route *r)
{
	return kern_ops->route_del(r);
}

/*
 * Remove the main table's default route via router on ifindex, whoever installed it (a Router
 * Advertisement's, protocol ra): the one route mip6d removes that is not its own (RFC 6275
 * 11.5.3, the old router is gone).  0, also when there is none; or -errno.
 */
static inline int
kern_route_ra_default_del(int ifindex, const struct in6_addr *router)
{
	return kern_ops->route_ra_default_del(ifindex, router);
}

/* Rule "from src/plen lookup table" at priority prio, protocol KERN_RTPROT. */
static inline int
kern_rule_src_add(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	return kern_ops->rule_src_add(src, plen, table, prio);
}

static inline int
kern_rule_src_del(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	return kern_ops->rule_src_del(src, plen, table, prio);
}

/* Builders (cmd: RTM_NEWROUTE/RTM_DELROUTE, RTM_NEWRULE/RTM_DELRULE), for tests. */
int	kern_route_build(int cmd, const struct kern_route *r, struct nl_msg **msg);
int	kern_rule_build(int cmd, const struct in6_addr *src, int plen, uint32_t table,
	    uint32_t prio, struct nl_msg **msg);
int	kern_rule_iif_build(int cmd, const char *iif, const struct in6_addr *dst, int plen,
	    uint32_t table, uint32_t prio, struct nl_msg **msg);

/* For probe.c: remove routes and rules marked KERN_RTPROT; forget or remove the records. */
int	kern_route_cleanup(void);
void	kern_route_forget_all(int remove);
void	kern_route_resync(void);

#endif
