/* monitor.c - kernel events (rtnetlink, XFRM) read in the event loop and handed to the roles */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/socket.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "loop.h"
#include "stats.h"
#include "kern.h"
#include "kern_monitor.h"
#include "kern_nl.h"

/*
 * Event sockets are separate from the request sockets of nl.c (multicast messages carry
 * sequence number 0 and would trip libnl's sequence check there), non-blocking, with a
 * large receive buffer.  An overrun (ENOBUFS) means events were lost: the registered resync
 * callbacks run, mip6d reinstalls what it recorded, and links and addresses are dumped again.
 */

#define MAX_REG	8

static const struct kern_monitor_ops *regs[MAX_REG];
static struct nl_sock	*ev_route, *ev_xfrm;
static struct loop_io	*io_route, *io_xfrm;
static int		 route_subscribed;
static int		 rcvbuf = 4 << 20;	/* bursts: a link going down withdraws a lot */

#define FOREACH_REG(i, cb) \
	for ((i) = 0; (i) < MAX_REG; (i)++) if (regs[i] != NULL && regs[i]->cb != NULL)

/* ---- parsers ---- */

/*
 * Attributes are read only when they are as long as their type (nlmsg_parse without a policy
 * checks none), and prefix lengths only up to 128: the kernel sends nothing else, and a
 * parser trusts nothing (tests/fuzz/fuzz_netlink.c).
 */
static int
has(struct nlattr *a, int len)
{
	return a != NULL && nla_len(a) >= len;
}

int
kern_monitor_parse_link(const struct nlmsghdr *h, struct kern_link_event *e)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;

	if ((h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
		return -1;
	ifi = nlmsg_data(h);
	memset(e, 0, sizeof(*e));
	e->ifindex = ifi->ifi_index;
	e->flags = ifi->ifi_flags;
	e->deleted = h->nlmsg_type == RTM_DELLINK;
	if (tb[IFLA_IFNAME] != NULL)
		nla_strlcpy(e->name, tb[IFLA_IFNAME], sizeof(e->name));
	if (has(tb[IFLA_OPERSTATE], 1))
		e->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	return 0;
}

int
kern_monitor_parse_addr(const struct nlmsghdr *h, struct kern_addr_event *e)
{
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifa;
	struct ifa_cacheinfo *ci;
	struct nlattr *a;

	if ((h->nlmsg_type != RTM_NEWADDR && h->nlmsg_type != RTM_DELADDR) ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return -1;
	ifa = nlmsg_data(h);
	if (ifa->ifa_family != AF_INET6 || ifa->ifa_prefixlen > 128)
		return -1;
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (a == NULL || nla_len(a) != (int)sizeof(struct in6_addr))
		return -1;
	memset(e, 0, sizeof(*e));
	e->ifindex = (int)ifa->ifa_index;
	memcpy(&e->addr, nla_data(a), sizeof(e->addr));
	e->plen = ifa->ifa_prefixlen;
	e->scope = ifa->ifa_scope;
	e->flags = ifa->ifa_flags;
	if (tb[IFA_FLAGS] != NULL && nla_len(tb[IFA_FLAGS]) >= 4)
		e->flags = nla_get_u32(tb[IFA_FLAGS]);
	e->valid = e->preferred = 0xffffffffu;
	if (tb[IFA_CACHEINFO] != NULL && nla_len(tb[IFA_CACHEINFO]) >= (int)sizeof(*ci)) {
		ci = nla_data(tb[IFA_CACHEINFO]);
		e->valid = ci->ifa_valid;
		e->preferred = ci->ifa_prefered;
	}
	e->deleted = h->nlmsg_type == RTM_DELADDR;
	return 0;
}

int
kern_monitor_parse_route(const struct nlmsghdr *h, struct kern_route_event *e)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg *rtm;

	if ((h->nlmsg_type != RTM_NEWROUTE && h->nlmsg_type != RTM_DELROUTE) ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*rtm), tb, RTA_MAX, NULL) < 0)
		return -1;
	rtm = nlmsg_data(h);
	if (rtm->rtm_family != AF_INET6 || rtm->rtm_dst_len > 128)
		return -1;
	memset(e, 0, sizeof(*e));
	e->dplen = rtm->rtm_dst_len;
	e->protocol = rtm->rtm_protocol;
	e->type = rtm->rtm_type;
	e->table = rtm->rtm_table;
	if (has(tb[RTA_TABLE], 4))
		e->table = nla_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_DST] != NULL && nla_len(tb[RTA_DST]) == 16)
		memcpy(&e->dst, nla_data(tb[RTA_DST]), 16);
	if (tb[RTA_GATEWAY] != NULL && nla_len(tb[RTA_GATEWAY]) == 16)
		memcpy(&e->gw, nla_data(tb[RTA_GATEWAY]), 16);
	if (has(tb[RTA_OIF], 4))
		e->oif = (int)nla_get_u32(tb[RTA_OIF]);
	e->deleted = h->nlmsg_type == RTM_DELROUTE;
	return 0;
}

/* 0, or -1 for a selector no kernel sends (a prefix longer than an address) */
static int
sel_from_kernel(const struct xfrm_selector *k, struct kern_xfrm_sel *s)
{
	if (k->prefixlen_s > 128 || k->prefixlen_d > 128)
		return -1;
	memset(s, 0, sizeof(*s));
	memcpy(&s->saddr, &k->saddr, 16);
	memcpy(&s->daddr, &k->daddr, 16);
	s->splen = k->prefixlen_s;
	s->dplen = k->prefixlen_d;
	s->proto = k->proto;
	s->ifindex = k->ifindex;
	/* The MH type travels in the source port (xfrm_flowi_sport). */
	s->mh_type = (int16_t)(k->proto == 135 && k->sport_mask ? ntohs(k->sport) : -1);
	return 0;
}

int
kern_monitor_parse_acquire(const struct nlmsghdr *h, struct kern_xfrm_acquire_event *e)
{
	struct xfrm_user_acquire *ua;

	if (h->nlmsg_type != XFRM_MSG_ACQUIRE || nlmsg_datalen(h) < (int)sizeof(*ua))
		return -1;
	ua = nlmsg_data(h);
	memset(e, 0, sizeof(*e));
	e->proto = ua->id.proto;
	e->dir = ua->policy.dir;
	memcpy(&e->id_daddr, &ua->id.daddr, 16);
	memcpy(&e->saddr, &ua->saddr, 16);
	return sel_from_kernel(&ua->sel, &e->sel);
}

int
kern_monitor_parse_report(const struct nlmsghdr *h, struct kern_xfrm_report_event *e)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_user_report *ur;

	if (h->nlmsg_type != XFRM_MSG_REPORT ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ur), tb, XFRMA_MAX, NULL) < 0)
		return -1;
	ur = nlmsg_data(h);
	memset(e, 0, sizeof(*e));
	e->proto = ur->proto;
	if (sel_from_kernel(&ur->sel, &e->sel) == -1)
		return -1;
	if (tb[XFRMA_COADDR] != NULL && nla_len(tb[XFRMA_COADDR]) >= 16) {
		memcpy(&e->coa, nla_data(tb[XFRMA_COADDR]), 16);
		e->has_coa = 1;
	}
	return 0;
}

int
kern_monitor_parse_migrate(const struct nlmsghdr *h, struct kern_xfrm_migrate_event *e)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_id *id;
	struct xfrm_userpolicy_type *upt;
	const struct xfrm_user_migrate *um;
	int i, n;

	if (h->nlmsg_type != XFRM_MSG_MIGRATE ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*id), tb, XFRMA_MAX, NULL) < 0 ||
	    tb[XFRMA_MIGRATE] == NULL)
		return -1;
	id = nlmsg_data(h);
	memset(e, 0, sizeof(*e));
	if (sel_from_kernel(&id->sel, &e->sel) == -1)
		return -1;
	e->dir = id->dir;
	e->type = XFRM_POLICY_TYPE_MAIN;
	if (tb[XFRMA_POLICY_TYPE] != NULL && nla_len(tb[XFRMA_POLICY_TYPE]) >= (int)sizeof(*upt)) {
		upt = nla_data(tb[XFRMA_POLICY_TYPE]);
		e->type = upt->type;
	}
	um = nla_data(tb[XFRMA_MIGRATE]);
	n = nla_len(tb[XFRMA_MIGRATE]) / (int)sizeof(*um);
	for (i = 0; i < n && i < KERN_XFRM_MAXTMPL; i++) {
		memcpy(&e->m[i].old_saddr, &um[i].old_saddr, 16);
		memcpy(&e->m[i].old_daddr, &um[i].old_daddr, 16);
		memcpy(&e->m[i].new_saddr, &um[i].new_saddr, 16);
		memcpy(&e->m[i].new_daddr, &um[i].new_daddr, 16);
		e->m[i].proto = um[i].proto;
		e->m[i].mode = um[i].mode;
		e->m[i].reqid = um[i].reqid;
	}
	e->n = i;
	return 0;
}

/* ---- dispatch ---- */

static void
dispatch(struct nlmsghdr *h)
{
	union {
		struct kern_link_event l;
		struct kern_addr_event a;
		struct kern_route_event r;
		struct kern_xfrm_acquire_event q;
		struct kern_xfrm_report_event p;
		struct kern_xfrm_migrate_event m;
	} u;
	int i;

	if (kern_monitor_parse_link(h, &u.l) == 0) {
		FOREACH_REG(i, link)
			regs[i]->link(&u.l, regs[i]->arg);
	} else if (kern_monitor_parse_addr(h, &u.a) == 0) {
		FOREACH_REG(i, addr)
			regs[i]->addr(&u.a, regs[i]->arg);
	} else if (kern_monitor_parse_route(h, &u.r) == 0) {
		FOREACH_REG(i, route)
			regs[i]->route(&u.r, regs[i]->arg);
	} else if (kern_monitor_parse_acquire(h, &u.q) == 0) {
		FOREACH_REG(i, acquire)
			regs[i]->acquire(&u.q, regs[i]->arg);
	} else if (kern_monitor_parse_report(h, &u.p) == 0) {
		FOREACH_REG(i, report)
			regs[i]->report(&u.p, regs[i]->arg);
	} else if (kern_monitor_parse_migrate(h, &u.m) == 0) {
		FOREACH_REG(i, migrate)
			regs[i]->migrate(&u.m, regs[i]->arg);
	}
}

static int
on_valid(struct nl_msg *msg, void *arg)
{
	dispatch(nlmsg_hdr(msg));
	return NL_OK;
}

static int
on_dump(struct nlmsghdr *h, void *arg)
{
	dispatch(h);
	return 0;
}

static struct nl_msg *
link_dump(void)
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

static struct nl_msg *
addr_dump(void)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6 };
	struct nl_msg *m;

	if ((m = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP)) != NULL &&
	    nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

int
kern_monitor_dump(void)
{
	if (kern_nl_dump(kern_nl_route(), link_dump, on_dump, NULL) < 0 ||
	    kern_nl_dump(kern_nl_route(), addr_dump, on_dump, NULL) < 0)
		return -1;
	return 0;
}

static void
overrun(const char *which)
{
	int i;

	log_warnx("%s events lost (receive buffer overrun): resynchronising", which);
	stats_inc("kern.event-overrun");
	FOREACH_REG(i, resync)
		regs[i]->resync(regs[i]->arg);
	kern_resync();
	(void)kern_monitor_dump();
}

static void
readable(int fd, void *arg)
{
	struct nl_sock *sk = arg;
	int rc;

	while ((rc = nl_recvmsgs_default(sk)) >= 0)
		;
	if (rc == -NLE_AGAIN)
		return;
	/* libnl reports ENOBUFS as NLE_NOMEM; errno still says which. */
	if ((rc == -NLE_NOMEM || errno == ENOBUFS) && sk == ev_xfrm) {
		/*
		 * XFRM events (ACQUIRE, REPORT, MIGRATE) describe no state of ours: losing some
		 * loses Binding Errors, which are rate limited anyway, or a start of route
		 * optimization that the traffic triggers again.  Reinstalling every binding for
		 * them would let a flood of packets with unknown Home Address options (one
		 * REPORT each) cost a home agent a full resynchronisation.
		 */
		stats_inc("kern.xfrm-event-overrun");
		log_debug("XFRM events lost (receive buffer overrun)");
	} else if (rc == -NLE_NOMEM || errno == ENOBUFS)
		overrun("rtnetlink");
	else
		log_warnx("netlink events: %s", nl_geterror(rc));
}

static struct nl_sock *
ev_open(int proto)
{
	struct nl_sock *sk;

	if ((sk = nl_socket_alloc()) == NULL)
		return NULL;
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, NULL);
	if (nl_connect(sk, proto) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_set_buffer_size(sk, rcvbuf, 0);
	nl_socket_set_nonblocking(sk);
	return sk;
}

void
kern_monitor_set_rcvbuf(int bytes)
{
	rcvbuf = bytes > 0 ? bytes : 4 << 20;
}

int
kern_monitor_register(const struct kern_monitor_ops *ops)
{
	int i, slot = -1, want_route = 0;

	for (i = 0; i < MAX_REG; i++)
		if (regs[i] == NULL && slot == -1)
			slot = i;
	if (slot == -1)
		return -1;
	if (ev_route == NULL) {
		if ((ev_route = ev_open(NETLINK_ROUTE)) == NULL ||
		    nl_socket_add_memberships(ev_route, RTNLGRP_LINK, RTNLGRP_IPV6_IFADDR, 0) < 0 ||
		    (io_route = loop_io_add(nl_socket_get_fd(ev_route), readable, ev_route)) == NULL) {
			log_warnx("cannot listen to rtnetlink events");
			kern_monitor_stop();
			return -1;
		}
	}
	if (ev_xfrm == NULL) {
		if ((ev_xfrm = ev_open(NETLINK_XFRM)) == NULL ||
		    nl_socket_add_memberships(ev_xfrm, XFRMNLGRP_ACQUIRE, XFRMNLGRP_REPORT,
		    XFRMNLGRP_MIGRATE, 0) < 0 ||
		    (io_xfrm = loop_io_add(nl_socket_get_fd(ev_xfrm), readable, ev_xfrm)) == NULL) {
			log_warnx("cannot listen to XFRM events");
			kern_monitor_stop();
			return -1;
		}
	}
	regs[slot] = ops;
	for (i = 0; i < MAX_REG; i++)
		if (regs[i] != NULL && regs[i]->route != NULL)
			want_route = 1;
	/* Route events only when asked: on a HA with many bindings they are plentiful. */
	if (want_route && !route_subscribed) {
		if (nl_socket_add_memberships(ev_route, RTNLGRP_IPV6_ROUTE, 0) < 0)
			log_warnx("cannot listen to route events");
		else
			route_subscribed = 1;
	}
	return 0;
}

void
kern_monitor_unregister(const struct kern_monitor_ops *ops)
{
	int i;

	for (i = 0; i < MAX_REG; i++)
		if (regs[i] == ops)
			regs[i] = NULL;
}

void
kern_monitor_stop(void)
{
	memset(regs, 0, sizeof(regs));
	loop_io_free(io_route);
	loop_io_free(io_xfrm);
	io_route = io_xfrm = NULL;
	if (ev_route != NULL)
		nl_socket_free(ev_route);
	if (ev_xfrm != NULL)
		nl_socket_free(ev_xfrm);
	ev_route = ev_xfrm = NULL;
	route_subscribed = 0;
}
