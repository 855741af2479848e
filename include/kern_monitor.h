/* kern_monitor.h - kernel events in the event loop: links, addresses, routes, XFRM, RAs */
#ifndef MIP6D_KERN_MONITOR_H
#define MIP6D_KERN_MONITOR_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "kern_xfrm.h"

struct nlmsghdr;

struct kern_link_event {
	int		ifindex;
	char		name[IFNAMSIZ];
	unsigned int	flags;		/* IFF_UP, IFF_RUNNING, IFF_LOWER_UP ... */
	uint8_t		operstate;	/* IF_OPER_* */
	int		deleted;
};

struct kern_addr_event {
	int		ifindex;
	struct in6_addr	addr;
	uint8_t		plen;
	uint8_t		scope;
	uint32_t	flags;		/* IFA_F_TENTATIVE, _DADFAILED, _HOMEADDRESS ... */
	uint32_t	valid;		/* seconds, 0xffffffff forever */
	uint32_t	preferred;
	int		deleted;
};

struct kern_route_event {
	struct in6_addr	dst;
	uint8_t		dplen;
	uint8_t		protocol;
	uint8_t		type;		/* RTN_* */
	uint32_t	table;
	int		oif;
	struct in6_addr	gw;		/* :: when none */
	int		deleted;
};

/* XFRM_MSG_ACQUIRE: a policy wants a state that is missing (MN: start route optimization). */
struct kern_xfrm_acquire_event {
	uint8_t		proto;		/* template protocol: IPPROTO_DSTOPTS, _ROUTING, _ESP */
	uint8_t		dir;		/* of the policy */
	struct in6_addr	id_daddr;
	struct in6_addr	saddr;
	struct kern_xfrm_sel sel;
};

/* XFRM_MSG_REPORT: e.g. a HAO without a state (RFC 6275 9.3.1: Binding Error status 1). */
struct kern_xfrm_report_event {
	uint8_t		proto;
	struct kern_xfrm_sel sel;	/* sel.mh_type: the MH type when sel.proto is MH */
	int		has_coa;
	struct in6_addr	coa;
};

struct kern_xfrm_migrate_event {
	struct kern_xfrm_sel sel;
	uint8_t		dir;
	uint8_t		type;
	int		n;
	struct kern_xfrm_migrate m[KERN_XFRM_MAXTMPL];
};

/* Callbacks; any may be NULL, and only the groups with a callback are subscribed. */
struct kern_monitor_ops {
	void	(*link)(const struct kern_link_event *, void *);
	void	(*addr)(const struct kern_addr_event *, void *);
	void	(*route)(const struct kern_route_event *, void *);
	void	(*acquire)(const struct kern_xfrm_acquire_event *, void *);
	void	(*report)(const struct kern_xfrm_report_event *, void *);
	void	(*migrate)(const struct kern_xfrm_migrate_event *, void *);
	/*
	 * Events were lost (ENOBUFS).  Called first; then mip6d reinstalls what it recorded and
	 * the current links and addresses are delivered again as link/addr events.
	 */
	void	(*resync)(void *);
	void	 *arg;
};

/* Register in the event loop (include/loop.h); up to 8 registrations.  0 or -1. */
int	kern_monitor_register(const struct kern_monitor_ops *ops);
void	kern_monitor_unregister(const struct kern_monitor_ops *ops);
/* Deliver the current links and addresses as events (start-up, after resync). */
int	kern_monitor_dump(void);
void	kern_monitor_stop(void);
/* Receive buffer of the event sockets opened after this call (tests provoke overruns). */
void	kern_monitor_set_rcvbuf(int bytes);

/* Parsers of one netlink message, for tests.  Return 0 when h is of the kind, else -1. */
int	kern_monitor_parse_link(const struct nlmsghdr *h, struct kern_link_event *e);
int	kern_monitor_parse_addr(const struct nlmsghdr *h, struct kern_addr_event *e);
int	kern_monitor_parse_route(const struct nlmsghdr *h, struct kern_route_event *e);
int	kern_monitor_parse_acquire(const struct nlmsghdr *h, struct kern_xfrm_acquire_event *e);
int	kern_monitor_parse_report(const struct nlmsghdr *h, struct kern_xfrm_report_event *e);
int	kern_monitor_parse_migrate(const struct nlmsghdr *h, struct kern_xfrm_migrate_event *e);

#endif
