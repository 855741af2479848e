/* ha_kern.c - the Home Agent's kernel state: one seam over the kernel managers, so that the role
 * reads as RFC 6275 section 10 and its unit tests fake exactly these four functions */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <stdio.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "conf.h"
#include "ha_kern.h"
#include "kern_route.h"
#include "kern_xfrm.h"
#include "log.h"
#include "util.h"

static int	hao_recv_installed;

int
ha_kern_start(const struct conf *c)
{
	/*
	 * BUs arrive from care-of addresses with a Home Address option: the kernel accepts the
	 * option only with a matching route-optimization state and an inbound policy that
	 * allows it (RFC 6275 9.3.1, Linux xfrm6_input_addr); one wildcard pair covers every MN.
	 */
	if (kern_xfrm_cn_wild_recv(1) < 0) {
		log_warnx("cannot install the Home Address option receive state");
		return -1;
	}
	hao_recv_installed = 1;
	return 0;
}

void
ha_kern_stop(void)
{
	if (hao_recv_installed)
		kern_xfrm_cn_wild_recv(0);
	hao_recv_installed = 0;
}

static void
host_route(struct kern_route *r, const struct in6_addr *hoa)
{
	memset(r, 0, sizeof(*r));
	r->dst = *hoa;
	r->dplen = 128;
	r->table = RT_TABLE_MAIN;
}

int
ha_kern_binding_set(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	struct kern_route r;

	/* Packets for the home address, caught on the home link by proxy ND, go into the
	 * tunnel: one route per binding with its own encapsulation (RFC 6275 10.4.2). */
	host_route(&r, hoa);
	r.has_encap = 1;
	r.encap.src = *ha_addr;
	r.encap.dst = *coa;
	if (kern_route_add(&r) < 0)
		return -1;
	return 0;
}

void
ha_kern_binding_del(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll)
{
	struct kern_route r;

	host_route(&r, hoa);
	kern_route_del(&r);
}
