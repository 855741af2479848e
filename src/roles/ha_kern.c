/* ha_kern.c - the Home Agent's kernel state: one seam over the kernel managers, so that the role
 * reads as RFC 6275 section 10 and its unit tests fake exactly these four functions */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bindings.h"
#include "cn_kern.h"
#include "conf.h"
#include "ha_kern.h"
#include "ipsec_kern.h"
#include "kern.h"
#include "kern_monitor.h"
#include "kern_neigh.h"
#include "kern_sysctl.h"
#include "kern_tunnel.h"
#include "kern_tunnel_check.h"
#include "kern_xfrm.h"
#include "log.h"
#include "stats.h"
#include "util.h"

#define MAX_LINKS (CONF_MAX_HOME_LINKS + 1)	/* home links, and "all" (conf.c refuses more) */

static int	hao_recv_installed;
/*
 * binding-routes = no, in place: the home prefixes' routes run the send side of the check's
 * map (kern_tunnel_xmit_route_add), and a binding is an entry there instead of a route.
 */
static int	prefix_routes;
/*
 * nd-proxy = mip6d, in place: no kernel proxy entry for a home address (nd_proxy.c answers
 * for it); a link-local twin (L=1) keeps one.  Needs the home prefixes' routes, whose program
 * drops a unicast NS for a bound home address instead of tunnelling it.
 */
static int	nd_proxy;
/* ha_kern_stopping: the reverse-tunnel check's map goes whole at ha_kern_stop */
static int	stopping;
/* the reverse-tunnel check's counters as last read, for the deltas */
static struct kern_tunnel_check_counts tc_last;
/* the links whose proxy_ndp this role turned on (kern/sysctl.c puts back what it was) */
static char	proxy_ndp[MAX_LINKS][IF_NAMESIZE];
static size_t	nproxy_ndp;

static int
proxy_ndp_on(const char *ifn)
{
	if (nproxy_ndp == MAX_LINKS || kern_sysctl_set(ifn, "proxy_ndp", "1") < 0)
		return -1;
	snprintf(proxy_ndp[nproxy_ndp], IF_NAMESIZE, "%s", ifn);
	nproxy_ndp++;
	return 0;
}

/* The kernel removes a home link's routes when it goes down: the prefix routes come back. */
static void
on_link(const struct kern_link_event *e, void *arg)
{
	if (prefix_routes && !e->deleted && (e->flags & IFF_UP))
		kern_tunnel_xmit_link_up(e->ifindex);
}

static const struct kern_monitor_ops link_watch = { .link = on_link };

/*
 * The routes of every home prefix of c that has none yet: at start, and at a reload that
 * adds a home prefix (renumbering, RFC 6275 10.6, 11.4.3), whose home addresses are tunnelled
 * from then on.  A prefix a reload removes keeps its routes until the stop: they tunnel only
 * bound home addresses.  0, or -1 when one could not be made (said).
 */
static int
prefix_routes_add(const struct conf *c)
{
	const struct conf_home_link *l;
	size_t i, j;
	int ifindex, rc;

	for (i = 0; i < c->nhome_links; i++) {
		l = &c->home_links[i];
		if ((ifindex = (int)if_nametoindex(l->ifname)) == 0) {
			log_warnx("binding-routes = no: no home link %s", l->ifname);
			return -1;
		}
		for (j = 0; j < l->nprefixes; j++)
			if ((rc = kern_tunnel_xmit_route_add(ifindex, &l->prefixes[j].addr,
			    l->prefixes[j].plen)) < 0) {
				log_warnx("binding-routes = no: route of home prefix %s/%d: %s",
				    addr_str(&l->prefixes[j].addr), l->prefixes[j].plen,
				    strerror(-rc));
				return -1;
			}
	}
	return 0;
}

/* binding-routes = no: one route per home prefix, or (0) a route per binding after all. */
static int
prefix_routes_start(const struct conf *c, int check_running)
{
	if (c->ha.binding_routes)
		return 0;
	/* the default falls back quietly (reverse-tunnel-check = no, a kernel without eBPF);
	 * what the configuration asks for, loudly */
	if (!check_running) {
		log_msg(c->ha.binding_routes_set ? LOG_WARNING : LOG_INFO, LOG_SUBSYS,
		    "binding-routes = no needs the reverse-tunnel check: a route per binding");
		return 0;
	}
	if (prefix_routes_add(c) < 0) {
		/* the routes in place tunnel nothing: no entry has a source */
		log_warnx("binding-routes = no: a route per binding");
		return 0;
	}
	if (kern_monitor_register(&link_watch) < 0)
		log_warnx("home links not watched: a home prefix's route is not put back after "
		    "its link goes down and up");
	log_info("one route per home prefix (binding-routes = no)");
	return 1;
}

int
ha_kern_start_real(const struct conf *c)
{
	size_t i;
	char fw[8], why[256];
	int tnl, check = 0;

	/*
	 * BUs arrive from care-of addresses with a Home Address option, and so does any other
	 * packet of a registered mobile node (RFC 6275 9.3.1): the receive side is the one
	 * every role with a binding cache shares (cn_kern.c), with the kernel's reports of the
	 * options no binding let in judged against the node's one cache (bindings.c).
	 */
	if (cn_kern_start(bindings_hao_report, NULL) < 0) {
		log_warnx("cannot install the Home Address option receive state");
		return -1;
	}
	hao_recv_installed = 1;
	if ((tnl = kern_tunnel_ha_init()) < 0) {
		log_warnx("cannot create the tunnel device %s", KERN_TUNNEL_HA_NAME);
		ha_kern_stop();
		return -1;
	}
	/*
	 * RFC 6275 10.4.5: a reverse-tunnelled packet is forwarded only when its outer source is
	 * the care-of address of its inner source's binding.  Without the check the home agent
	 * still works, as an open relay for whoever knows a home address: say so loudly.
	 */
	memset(&tc_last, 0, sizeof(tc_last));
	if (!c->ha.tunnel_check)
		log_notice("reverse-tunnel check off (reverse-tunnel-check = no): packets from "
		    "%s are forwarded whatever their outer source", KERN_TUNNEL_HA_NAME);
	else if (kern_tunnel_check_start(tnl, c->ha.max_bindings, why, sizeof(why)) < 0)
		log_warnx("reverse-tunnel check not running: %s; packets from %s are forwarded "
		    "whatever their outer source", why, KERN_TUNNEL_HA_NAME);
	else
		check = 1;
	prefix_routes = prefix_routes_start(c, check);
	nd_proxy = c->ha.nd_proxy_mip6d && prefix_routes;
	if (c->ha.nd_proxy_mip6d && !nd_proxy)
		log_msg(c->ha.nd_proxy_set ? LOG_WARNING : LOG_INFO, LOG_SUBSYS,
		    "nd-proxy = mip6d needs the home prefixes' routes (binding-routes = no, with "
		    "the reverse-tunnel check): the kernel's proxy entries answer instead");
	else if (nd_proxy)
		log_info("mip6d answers Neighbour Solicitations for home addresses "
		    "(nd-proxy = mip6d)");
	/*
	 * The kernel answers Neighbour Solicitations for proxied home addresses only with
	 * proxy_ndp on, and only as a router (RFC 6275 10.4.1).  A unicast NS to a home address
	 * is looked at only when "all" has it on (ip6_forward), so "all" is switched too.
	 */
	if (proxy_ndp_on("all") == -1)
		log_warnx("cannot enable proxy_ndp for all interfaces: unicast solicitations for "
		    "home addresses will go unanswered");
	for (i = 0; i < c->nhome_links && nproxy_ndp < MAX_LINKS; i++) {
		const char *ifn = c->home_links[i].ifname;

		if (kern_sysctl_get(ifn, "forwarding", fw, sizeof(fw)) == 0 &&
		    strcmp(fw, "1") != 0)
			log_warnx("forwarding is off on %s: the home agent cannot forward for "
			    "its mobile nodes", ifn);
		if (proxy_ndp_on(ifn) == -1)
			log_warn("cannot enable proxy_ndp on home link %s", ifn);
	}
	/* RFC 3776, RFC 4877: the ESP of the ipsec sections, and ipsec-required's refusal */
	if (ipsec_ha_start(c) < 0) {
		log_warnx("cannot install the ESP security associations and policies");
		ha_kern_stop();
		return -1;
	}
	return 0;
}

void
ha_kern_stop_real(void)
{
	size_t i;

	ipsec_ha_stop();
	ha_kern_stats_refresh();	/* the last drops, for a final status */
	if (prefix_routes)
		kern_monitor_unregister(&link_watch);
	prefix_routes = nd_proxy = 0;
	kern_tunnel_check_stop();	/* and the home prefixes' routes */
	stopping = 0;
	for (i = 0; i < nproxy_ndp; i++)
		kern_sysctl_restore(proxy_ndp[i], "proxy_ndp");
	nproxy_ndp = 0;
	if (hao_recv_installed)
		cn_kern_stop();
	hao_recv_installed = 0;
}

/*
 * The home address's kernel proxy entry (RFC 6275 10.4.1), added or removed: none with
 * nd-proxy = mip6d, where nd_proxy.c answers for it.  0 or -errno, as kern_neigh_proxy_*.
 */
static int
hoa_proxy(int add, int home_ifindex, const struct in6_addr *hoa)
{
	if (nd_proxy)
		return 0;
	return add ? kern_neigh_proxy_add(home_ifindex, hoa) :
	    kern_neigh_proxy_del(home_ifindex, hoa);
}

/* A binding's proxy entries: the home address's, and its link-local twin's (L=1), which the
 * kernel keeps in either mode (link-local destinations do not take the prefixes' routes). */
static void
proxies_del(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll)
{
	hoa_proxy(0, home_ifindex, hoa);
	if (ll != NULL)
		kern_neigh_proxy_del(home_ifindex, ll);
}

/* A binding's tunnel route, proxy entry and check entry go again (its install failed). */
static void
tunnel_undo(int home_ifindex, const struct in6_addr *hoa)
{
	kern_batch_begin();
	hoa_proxy(0, home_ifindex, hoa);
	if (!prefix_routes)
		kern_tunnel_ha_route_del(hoa);
	kern_batch_end();
	kern_tunnel_check_del(hoa);
}

int
ha_kern_binding_set_real(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	int rc, failed;

	/* What comes back through the tunnel from hoa must come from coa (RFC 6275 10.4.5):
	 * in place before the route, so that no packet passes unchecked.  With the home
	 * prefixes' routes, the entry is the route too (from ha_addr, to coa). */
	if ((rc = kern_tunnel_check_set(hoa, coa, prefix_routes ? ha_addr : NULL)) < 0) {
		log_warnx("reverse-tunnel check entry %s -> %s: %s", addr_str(hoa), addr_str(coa),
		    strerror(-rc));
		return -1;
	}
	/*
	 * Packets for the home address, caught on the home link by proxy ND, go into the
	 * tunnel: one route per binding with its own encapsulation (RFC 6275 10.4.2).  The route
	 * and the proxy entry leave in one sendmsg (a batch of their own, kern.h), and its end
	 * says whether both are in place: the binding stands or falls with them.
	 */
	kern_batch_begin();
	rc = prefix_routes ? 0 : kern_tunnel_ha_route_set(hoa, ha_addr, coa);
	if (rc == 0)
		rc = hoa_proxy(1, home_ifindex, hoa);
	failed = kern_batch_end();
	if (rc == -EEXIST)
		rc = 0;
	if (rc < 0 || failed > 0) {
		log_warnx("tunnel route or proxy neighbour for %s via %s: %s", addr_str(hoa),
		    addr_str(coa), rc < 0 ? strerror(-rc) : "refused by the kernel");
		tunnel_undo(home_ifindex, hoa);
		return -1;
	}
	/*
	 * ESP tunnel mode to the care-of address, migrated when it changes (RFC 4877 5.3).
	 * Without it the traffic the ipsec section protects would be refused, or leave in the
	 * clear: the binding is refused (130), and the mobile node tries again.
	 */
	if (ipsec_ha_binding_set(hoa, coa) < 0) {
		log_warnx("ESP tunnel for %s via %s not in place: binding refused",
		    addr_str(hoa), addr_str(coa));
		tunnel_undo(home_ifindex, hoa);
		return -1;
	}
	/*
	 * RFC 6275 9.3.1, 9.3.2: a home registration is a binding like any other: packets of
	 * any protocol from the care-of address with a Home Address option are accepted, and
	 * what this node sends to the home address itself (answers to them) leaves with a type
	 * 2 routing header.  Not when the ipsec section protects the payload: then all traffic
	 * between the mobile node and its home agent goes through the ESP tunnel (RFC 4877).
	 * Its two states and two policies leave in one sendmsg, with the link-local proxy entry
	 * (L=1) in another; their failures only warn, as before batching.
	 */
	kern_batch_begin();
	if (ll != NULL && (rc = kern_neigh_proxy_add(home_ifindex, ll)) < 0 && rc != -EEXIST)
		log_warnx("proxy neighbour %s: %s", addr_str(ll), strerror(-rc));
	if (!addr_eq(hoa, coa) && !ipsec_ha_payload_protected(hoa) &&
	    cn_kern_binding_set(ha_addr, hoa, coa) < 0)
		log_warnx("route optimization state for %s via %s not in place", addr_str(hoa),
		    addr_str(coa));
	if (kern_batch_end() > 0)
		log_warnx("route optimization state or link-local proxy entry for %s via %s not "
		    "(all) in place", addr_str(hoa), addr_str(coa));
	return 0;
}

void
ha_kern_binding_del_real(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, int proxies)
{
	/* every removal of the binding in one batch: two sendmsg (route, XFRM) */
	kern_batch_begin();
	cn_kern_binding_del(ha_addr, hoa);
	ipsec_ha_binding_del(hoa);
	if (proxies)
		proxies_del(home_ifindex, hoa, ll);
	if (!prefix_routes)
		kern_tunnel_ha_route_del(hoa);
	kern_batch_end();
	if (!stopping)
		kern_tunnel_check_del(hoa);
}

void
ha_kern_stop_proxies_del_real(int home_ifindex, const struct in6_addr *hoa,
    const struct in6_addr *ll)
{
	proxies_del(home_ifindex, hoa, ll);
}

void
ha_kern_stopping(void)
{
	/*
	 * Every binding goes now, and the check's program and map with the last of them
	 * (ha_kern_stop, after the routes: no packet passes unchecked meanwhile): deleting
	 * 100,000 map entries one bpf(2) each first would be work for nothing.
	 */
	stopping = 1;
}

int
ha_kern_prefix_routes(void)
{
	return prefix_routes;
}

int
ha_kern_nd_proxy(void)
{
	return nd_proxy;
}

void
ha_kern_reload(const struct conf *c)
{
	kern_tunnel_check_limit(c->ha.max_bindings);
	if (prefix_routes && prefix_routes_add(c) < 0)
		log_warnx("a home prefix added by the reload has no route: its home addresses "
		    "are not tunnelled (restart to have a route per binding)");
}

int
ha_kern_pending_set(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	int rc = kern_tunnel_check_set(hoa, coa, NULL);

	if (rc < 0)
		log_warnx("reverse-tunnel check entry %s -> %s: %s", addr_str(hoa), addr_str(coa),
		    strerror(-rc));
	return rc < 0 ? -1 : 0;
}

void
ha_kern_pending_del(const struct in6_addr *hoa)
{
	kern_tunnel_check_del(hoa);
}

/* The kernel's drops of the reverse-tunnel check, into the counters of mip6d-ctl status. */
void
ha_kern_stats_refresh(void)
{
	struct kern_tunnel_check_counts c;

	if (kern_tunnel_check_counts(&c) < 0)
		return;
	if (c.wrong_coa > tc_last.wrong_coa) {
		log_notice("reverse-tunnel check dropped %llu packet(s) from a care-of address "
		    "not bound to their home address",
		    (unsigned long long)(c.wrong_coa - tc_last.wrong_coa));
		stats_add("drop.reverse-tunnel-wrong-coa", c.wrong_coa - tc_last.wrong_coa);
	}
	if (c.no_binding > tc_last.no_binding)
		stats_add("drop.reverse-tunnel-no-binding", c.no_binding - tc_last.no_binding);
	if (c.passed > tc_last.passed)
		stats_add("ha.reverse-tunnel-passed", c.passed - tc_last.passed);
	tc_last = c;
}
