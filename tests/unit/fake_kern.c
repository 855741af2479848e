/*
 * fake_kern.c - the kernel managers as recorded no-ops (fake_kern.h).  Each request succeeds;
 * tunnels get interface indexes no real device has; sysctl knobs keep what was set, in memory;
 * the reverse-tunnel check is never running; XFRM statistics stay at zero.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "fake_kern.h"
#include "kern_tunnel_check.h"

#define FAKE_KERN_LOG	1024	/* calls kept in order; counts go on past it */
#define FAKE_KERN_OPS	64
#define FAKE_KERN_KNOBS	64

static const char *call_log[FAKE_KERN_LOG];
static unsigned int ncalls;
static struct {
	const char	*op;
	unsigned int	 n;
} counts[FAKE_KERN_OPS];

static struct {
	char	ifname[32];
	char	knob[48];
	char	val[32];
} knobs[FAKE_KERN_KNOBS];

/* Tunnel devices that do not exist get interface indexes no real device has. */
static int fake_ifindex = 100000;
static int ha_ifindex;

void
fake_kern_record(const char *op)
{
	int i;

	if (ncalls < FAKE_KERN_LOG)
		call_log[ncalls] = op;
	ncalls++;
	for (i = 0; i < FAKE_KERN_OPS && counts[i].op != NULL; i++)
		if (strcmp(counts[i].op, op) == 0)
			break;
	if (i == FAKE_KERN_OPS)
		return;
	counts[i].op = op;
	counts[i].n++;
}

void
fake_kern_reset(void)
{
	memset(call_log, 0, sizeof(call_log));
	memset(counts, 0, sizeof(counts));
	memset(knobs, 0, sizeof(knobs));
	ncalls = 0;
}

unsigned int
fake_kern_count(const char *op)
{
	int i;

	for (i = 0; i < FAKE_KERN_OPS && counts[i].op != NULL; i++)
		if (strcmp(counts[i].op, op) == 0)
			return counts[i].n;
	return 0;
}

unsigned int
fake_kern_ncalls(void)
{
	return ncalls;
}

const char *
fake_kern_call(unsigned int i)
{
	return i < ncalls && i < FAKE_KERN_LOG ? call_log[i] : NULL;
}

static int
knob_find(const char *ifname, const char *knob)
{
	int i;

	for (i = 0; i < FAKE_KERN_KNOBS; i++)
		if (knobs[i].ifname[0] != '\0' && strcmp(knobs[i].ifname, ifname) == 0 &&
		    strcmp(knobs[i].knob, knob) == 0)
			return i;
	return -1;
}

static int
probe(char *why, size_t len)
{
	fake_kern_record("probe");
	return 0;
}

static int
init(void)
{
	fake_kern_record("init");
	return 0;
}

static void
shutdown_(void)
{
	fake_kern_record("shutdown");
	ha_ifindex = 0;
}

static int
addr_add(int ifindex, const struct in6_addr *addr, int plen, unsigned int flags,
    uint32_t valid, uint32_t preferred)
{
	fake_kern_record("addr_add");
	return 0;
}

static int
addr_del(int ifindex, const struct in6_addr *addr, int plen)
{
	fake_kern_record("addr_del");
	return 0;
}

static int
neigh_proxy_add(int ifindex, const struct in6_addr *addr)
{
	fake_kern_record("neigh_proxy_add");
	return 0;
}

static int
neigh_proxy_del(int ifindex, const struct in6_addr *addr)
{
	fake_kern_record("neigh_proxy_del");
	return 0;
}

static int
route_add(const struct kern_route *r)
{
	fake_kern_record("route_add");
	return 0;
}

static int
route_del(const struct kern_route *r)
{
	fake_kern_record("route_del");
	return 0;
}

static int
route_ra_default_del(int ifindex, const struct in6_addr *router)
{
	fake_kern_record("route_ra_default_del");
	return 0;
}

static int
rule_src_add(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	fake_kern_record("rule_src_add");
	return 0;
}

static int
rule_src_del(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	fake_kern_record("rule_src_del");
	return 0;
}

static int
sysctl_get(const char *ifname, const char *knob, char *val, size_t len)
{
	int i;

	fake_kern_record("sysctl_get");
	if ((i = knob_find(ifname, knob)) == -1)
		return -ENOENT;
	if (len > 0) {
		strncpy(val, knobs[i].val, len - 1);
		val[len - 1] = '\0';
	}
	return 0;
}

static int
sysctl_set(const char *ifname, const char *knob, const char *val)
{
	int i;

	fake_kern_record("sysctl_set");
	if ((i = knob_find(ifname, knob)) == -1)
		for (i = 0; i < FAKE_KERN_KNOBS && knobs[i].ifname[0] != '\0'; i++)
			;
	if (i == FAKE_KERN_KNOBS)
		return 0;
	strncpy(knobs[i].ifname, ifname, sizeof(knobs[i].ifname) - 1);
	strncpy(knobs[i].knob, knob, sizeof(knobs[i].knob) - 1);
	strncpy(knobs[i].val, val, sizeof(knobs[i].val) - 1);
	return 0;
}

static void
sysctl_restore(const char *ifname, const char *knob)
{
	int i;

	fake_kern_record("sysctl_restore");
	if ((i = knob_find(ifname, knob)) != -1)
		memset(&knobs[i], 0, sizeof(knobs[i]));
}

static void
sysctl_forget(const char *ifname)
{
	int i;

	fake_kern_record("sysctl_forget");
	for (i = 0; i < FAKE_KERN_KNOBS; i++)
		if (strcmp(knobs[i].ifname, ifname) == 0)
			memset(&knobs[i], 0, sizeof(knobs[i]));
}

static int
tunnel_ha_init(void)
{
	fake_kern_record("tunnel_ha_init");
	if (ha_ifindex == 0)
		ha_ifindex = fake_ifindex++;
	return ha_ifindex;
}

static int
tunnel_ha_route_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	fake_kern_record("tunnel_ha_route_set");
	return 0;
}

static int
tunnel_ha_route_del(const struct in6_addr *hoa)
{
	fake_kern_record("tunnel_ha_route_del");
	return 0;
}

static int
tunnel_ha_prefix_set(const struct in6_addr *dst, int plen, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	fake_kern_record("tunnel_ha_prefix_set");
	return 0;
}

static int
tunnel_ha_prefix_del(const struct in6_addr *dst, int plen)
{
	fake_kern_record("tunnel_ha_prefix_del");
	return 0;
}

static int
tunnel_mn_add(const struct in6_addr *local, const struct in6_addr *remote, int link)
{
	fake_kern_record("tunnel_mn_add");
	return fake_ifindex++;
}

static int
tunnel_mn_move(int ifindex, const struct in6_addr *local, const struct in6_addr *remote,
    int link)
{
	fake_kern_record("tunnel_mn_move");
	return 0;
}

static int
tunnel_mn_del(int ifindex)
{
	fake_kern_record("tunnel_mn_del");
	return 0;
}

/* The reverse-tunnel check: nothing to attach to, nothing counted. */
static int
tunnel_check_start(int ifindex, uint32_t max_bindings, char *why, size_t len)
{
	fake_kern_record("tunnel_check_start");
	return 0;
}

static void
tunnel_check_limit(uint32_t max_bindings)
{
	fake_kern_record("tunnel_check_limit");
}

static void
tunnel_check_stop(void)
{
	fake_kern_record("tunnel_check_stop");
}

static int
tunnel_check_set(const struct in6_addr *hoa, const struct in6_addr *coa,
    const struct in6_addr *src)
{
	fake_kern_record("tunnel_check_set");
	return 0;
}

static int
tunnel_check_del(const struct in6_addr *hoa)
{
	fake_kern_record("tunnel_check_del");
	return 0;
}

static int
tunnel_check_prefix_set(const struct in6_addr *prefix, int plen, const struct in6_addr *coa)
{
	fake_kern_record("tunnel_check_prefix_set");
	return 0;
}

static int
tunnel_check_prefix_del(const struct in6_addr *prefix, int plen)
{
	fake_kern_record("tunnel_check_prefix_del");
	return 0;
}

static int
tunnel_check_counts(struct kern_tunnel_check_counts *c)
{
	fake_kern_record("tunnel_check_counts");
	return -1;
}

static int
tunnel_xmit_route_add(int ifindex, const struct in6_addr *prefix, int plen)
{
	fake_kern_record("tunnel_xmit_route_add");
	return 0;
}

static void
tunnel_xmit_link_up(int ifindex)
{
	fake_kern_record("tunnel_xmit_link_up");
}

static int
xfrm_ro_state_add(uint8_t type, const struct in6_addr *saddr, const struct in6_addr *daddr,
    const struct in6_addr *coa, unsigned int flags)
{
	fake_kern_record("xfrm_ro_state_add");
	return 0;
}

static int
xfrm_ro_state_del(uint8_t type, const struct in6_addr *saddr, const struct in6_addr *daddr)
{
	fake_kern_record("xfrm_ro_state_del");
	return 0;
}

static int
xfrm_policy_add(const struct kern_xfrm_policy *p)
{
	fake_kern_record("xfrm_policy_add");
	return 0;
}

static int
xfrm_policy_del(const struct kern_xfrm_policy *p)
{
	fake_kern_record("xfrm_policy_del");
	return 0;
}

static int
xfrm_ro_policy_add(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type, uint8_t prio)
{
	fake_kern_record("xfrm_ro_policy_add");
	return 0;
}

static int
xfrm_ro_policy_del(const struct kern_xfrm_sel *sel, uint8_t dir)
{
	fake_kern_record("xfrm_ro_policy_del");
	return 0;
}

static int
xfrm_esp_state_add(const struct kern_esp_sa *sa)
{
	fake_kern_record("xfrm_esp_state_add");
	return 0;
}

static int
xfrm_esp_state_del(uint32_t spi, const struct in6_addr *saddr, const struct in6_addr *daddr)
{
	fake_kern_record("xfrm_esp_state_del");
	return 0;
}

static int
xfrm_migrate(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n)
{
	fake_kern_record("xfrm_migrate");
	return 0;
}

static int
xfrm_stat_read(unsigned long long v[3])
{
	fake_kern_record("xfrm_stat_read");
	v[0] = v[1] = v[2] = 0;
	return 0;
}

const struct kern_ops fake_kern_ops = {
	.probe = probe,
	.init = init,
	.shutdown = shutdown_,
	.addr_add = addr_add,
	.addr_del = addr_del,
	.neigh_proxy_add = neigh_proxy_add,
	.neigh_proxy_del = neigh_proxy_del,
	.route_add = route_add,
	.route_del = route_del,
	.route_ra_default_del = route_ra_default_del,
	.rule_src_add = rule_src_add,
	.rule_src_del = rule_src_del,
	.sysctl_get = sysctl_get,
	.sysctl_set = sysctl_set,
	.sysctl_restore = sysctl_restore,
	.sysctl_forget = sysctl_forget,
	.tunnel_ha_init = tunnel_ha_init,
	.tunnel_ha_route_set = tunnel_ha_route_set,
	.tunnel_ha_route_del = tunnel_ha_route_del,
	.tunnel_ha_prefix_set = tunnel_ha_prefix_set,
	.tunnel_ha_prefix_del = tunnel_ha_prefix_del,
	.tunnel_mn_add = tunnel_mn_add,
	.tunnel_mn_move = tunnel_mn_move,
	.tunnel_mn_del = tunnel_mn_del,
	.tunnel_check_start = tunnel_check_start,
	.tunnel_check_limit = tunnel_check_limit,
	.tunnel_check_stop = tunnel_check_stop,
	.tunnel_check_set = tunnel_check_set,
	.tunnel_check_del = tunnel_check_del,
	.tunnel_check_prefix_set = tunnel_check_prefix_set,
	.tunnel_check_prefix_del = tunnel_check_prefix_del,
	.tunnel_check_counts = tunnel_check_counts,
	.tunnel_xmit_route_add = tunnel_xmit_route_add,
	.tunnel_xmit_link_up = tunnel_xmit_link_up,
	.xfrm_ro_state_add = xfrm_ro_state_add,
	.xfrm_ro_state_del = xfrm_ro_state_del,
	.xfrm_policy_add = xfrm_policy_add,
	.xfrm_policy_del = xfrm_policy_del,
	.xfrm_ro_policy_add = xfrm_ro_policy_add,
	.xfrm_ro_policy_del = xfrm_ro_policy_del,
	.xfrm_esp_state_add = xfrm_esp_state_add,
	.xfrm_esp_state_del = xfrm_esp_state_del,
	.xfrm_migrate = xfrm_migrate,
	.xfrm_stat_read = xfrm_stat_read,
};
