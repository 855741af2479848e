/*
 * fake_role_kern.c - the roles' kernel adapters as counted no-ops (fake_role_kern.h).  A mobile
 * node's tunnel gets an interface index no real device has.  (The adapters' headers are not
 * included: their inline wrappers have the names these functions take.)
 */
#include "config.h"

#include <string.h>

#include "fake_role_kern.h"

#define FAKE_ROLE_KERN_OPS	32

static struct {
	const char	*op;
	unsigned int	 n;
} counts[FAKE_ROLE_KERN_OPS];
static int fake_tunnel = 200000;

static void
count(const char *op)
{
	int i;

	for (i = 0; i < FAKE_ROLE_KERN_OPS && counts[i].op != NULL; i++)
		if (strcmp(counts[i].op, op) == 0)
			break;
	if (i == FAKE_ROLE_KERN_OPS)
		return;
	counts[i].op = op;
	counts[i].n++;
}

unsigned int
fake_role_kern_count(const char *op)
{
	int i;

	for (i = 0; i < FAKE_ROLE_KERN_OPS && counts[i].op != NULL; i++)
		if (strcmp(counts[i].op, op) == 0)
			return counts[i].n;
	return 0;
}

void
fake_role_kern_reset(void)
{
	memset(counts, 0, sizeof(counts));
}

static int
ha_kern_start(const struct conf *c)
{
	count("ha_kern_start");
	return 0;
}

static void
ha_kern_stop(void)
{
	count("ha_kern_stop");
}

static int
ha_kern_binding_set(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	count("ha_kern_binding_set");
	return 0;
}

static void
ha_kern_binding_del(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, int proxies)
{
	count("ha_kern_binding_del");
}

static void
ha_kern_stop_proxies_del(int home_ifindex, const struct in6_addr *hoa, const struct in6_addr *ll)
{
	count("ha_kern_stop_proxies_del");
}

static int
ha_nemo_kern_route_set(const struct in6_addr *prefix, int plen, const struct in6_addr *ha_addr,
    const struct in6_addr *coa)
{
	count("ha_nemo_kern_route_set");
	return 0;
}

static void
ha_nemo_kern_route_del(const struct in6_addr *prefix, int plen)
{
	count("ha_nemo_kern_route_del");
}

static int
mn_kern_start(const struct conf *c, const struct kern_monitor_ops *ops, ra_sock_cb ra,
    void *arg)
{
	count("mn_kern_start");
	return 0;
}

static void
mn_kern_stop(const struct kern_monitor_ops *ops)
{
	count("mn_kern_stop");
}

static int
mn_kern_away_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	count("mn_kern_away_set");
	if (*tunnel == 0)
		*tunnel = fake_tunnel++;
	return 0;
}

static void
mn_kern_away_del(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
    int keep_tunnel)
{
	count("mn_kern_away_del");
}

static int
mn_kern_home_set(const struct in6_addr *hoa, int plen, int ifindex)
{
	count("mn_kern_home_set");
	return 0;
}

static void
mn_kern_home_del(const struct in6_addr *hoa, int plen, int ifindex)
{
	count("mn_kern_home_del");
}

static int
mn_kern_router_del(int ifindex, const struct in6_addr *router)
{
	count("mn_kern_router_del");
	return 0;
}

static int
mn_ro_kern_prepare(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	count("mn_ro_kern_prepare");
	return 0;
}

static int
mn_ro_kern_direct(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	count("mn_ro_kern_direct");
	return 0;
}

static void
mn_ro_kern_tunnel(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	count("mn_ro_kern_tunnel");
}

static void
mn_ro_kern_del(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	count("mn_ro_kern_del");
}

static void
mn_ro_kern_home(const struct in6_addr *hoa)
{
	count("mn_ro_kern_home");
}

static int
mn_ro_kern_watch(void (*fn)(const struct in6_addr *, const struct in6_addr *, void *),
    void *arg)
{
	count("mn_ro_kern_watch");
	return 0;
}

static void
mn_ro_kern_unwatch(void)
{
	count("mn_ro_kern_unwatch");
}

static int
mn_ro_kern_trigger(int add, const struct in6_addr *hoa)
{
	count("mn_ro_kern_trigger");
	return 0;
}

const struct role_kern_ops fake_role_kern_ops = {
	.ha_kern_start = ha_kern_start,
	.ha_kern_stop = ha_kern_stop,
	.ha_kern_binding_set = ha_kern_binding_set,
	.ha_kern_binding_del = ha_kern_binding_del,
	.ha_kern_stop_proxies_del = ha_kern_stop_proxies_del,
	.ha_nemo_kern_route_set = ha_nemo_kern_route_set,
	.ha_nemo_kern_route_del = ha_nemo_kern_route_del,
	.mn_kern_start = mn_kern_start,
	.mn_kern_stop = mn_kern_stop,
	.mn_kern_away_set = mn_kern_away_set,
	.mn_kern_away_del = mn_kern_away_del,
	.mn_kern_home_set = mn_kern_home_set,
	.mn_kern_home_del = mn_kern_home_del,
	.mn_kern_router_del = mn_kern_router_del,
	.mn_ro_kern_prepare = mn_ro_kern_prepare,
	.mn_ro_kern_direct = mn_ro_kern_direct,
	.mn_ro_kern_tunnel = mn_ro_kern_tunnel,
	.mn_ro_kern_del = mn_ro_kern_del,
	.mn_ro_kern_home = mn_ro_kern_home,
	.mn_ro_kern_watch = mn_ro_kern_watch,
	.mn_ro_kern_unwatch = mn_ro_kern_unwatch,
	.mn_ro_kern_trigger = mn_ro_kern_trigger,
};
