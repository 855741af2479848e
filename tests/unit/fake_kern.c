/*
 * fake_kern.c - the kernel managers as successful no-ops, so that tests/unit/mip6d-fake runs the
 * whole daemon on a kernel without Mobile IPv6 and without touching the host's addresses,
 * routes, proxy entries, tunnels or XFRM state.
 *
 * mip6d-fake links with -Wl,--wrap=NAME for every function below (see src/ctl/local.mk): calls
 * from other objects land on __wrap_NAME whatever members of libmip6.a get linked, so the real
 * functions may be linked beside these without a clash.  Faked: what src/main.c calls
 * (include/kern.h) and every kern_* function with an effect on the kernel that the roles call.
 * Left real, because they only read: the netlink monitor, the Router Advertisement socket and
 * pure helpers (kern_xfrm_sel_init, kern_route_table).
 *
 * Each wrapper is declared with the type of the function it replaces, so a changed signature in
 * include/kern*.h fails the build here instead of calling a mismatched function.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdint.h>

#include "kern.h"
#include "kern_addr.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_tunnel_check.h"
#include "kern_xfrm.h"

#define FAKE(name)	__typeof__(name) __wrap_##name

FAKE(kern_probe);
FAKE(kern_init);
FAKE(kern_shutdown);
FAKE(kern_addr_add);
FAKE(kern_addr_del);
FAKE(kern_neigh_proxy_add);
FAKE(kern_neigh_proxy_del);
FAKE(kern_route_add);
FAKE(kern_route_del);
FAKE(kern_rule_src_add);
FAKE(kern_rule_src_del);
FAKE(kern_tunnel_ha_init);
FAKE(kern_tunnel_ha_route_set);
FAKE(kern_tunnel_ha_route_del);
FAKE(kern_tunnel_mn_add);
FAKE(kern_tunnel_check_start);
FAKE(kern_tunnel_check_stop);
FAKE(kern_tunnel_check_set);
FAKE(kern_tunnel_check_del);
FAKE(kern_tunnel_check_counts);
FAKE(kern_tunnel_mn_move);
FAKE(kern_tunnel_mn_del);
FAKE(kern_xfrm_ro_state_add);
FAKE(kern_xfrm_ro_state_del);
FAKE(kern_xfrm_policy_add);
FAKE(kern_xfrm_policy_del);
FAKE(kern_xfrm_ro_policy_add);
FAKE(kern_xfrm_ro_policy_del);
FAKE(kern_xfrm_esp_state_add);
FAKE(kern_xfrm_esp_state_del);
FAKE(kern_xfrm_migrate);

/* Tunnel devices that do not exist get interface indexes no real device has. */
static int fake_ifindex = 100000;

int
__wrap_kern_probe(char *why, size_t len)
{
	return 0;
}

int
__wrap_kern_init(void)
{
	return 0;
}

void
__wrap_kern_shutdown(void)
{
}

int
__wrap_kern_addr_add(int ifindex, const struct in6_addr *addr, int plen, unsigned int flags,
    uint32_t valid, uint32_t preferred)
{
	return 0;
}

int
__wrap_kern_addr_del(int ifindex, const struct in6_addr *addr, int plen)
{
	return 0;
}

int
__wrap_kern_neigh_proxy_add(int ifindex, const struct in6_addr *addr)
{
	return 0;
}

int
__wrap_kern_neigh_proxy_del(int ifindex, const struct in6_addr *addr)
{
	return 0;
}

int
__wrap_kern_route_add(const struct kern_route *r)
{
	return 0;
}

int
__wrap_kern_route_del(const struct kern_route *r)
{
	return 0;
}

int
__wrap_kern_rule_src_add(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	return 0;
}

int
__wrap_kern_rule_src_del(const struct in6_addr *src, int plen, uint32_t table, uint32_t prio)
{
	return 0;
}

int
__wrap_kern_tunnel_ha_init(void)
{
	static int ifindex;

	if (ifindex == 0)
		ifindex = fake_ifindex++;
	return ifindex;
}

int
__wrap_kern_tunnel_ha_route_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	return 0;
}

int
__wrap_kern_tunnel_ha_route_del(const struct in6_addr *hoa)
{
	return 0;
}

int
__wrap_kern_tunnel_mn_add(const struct in6_addr *local, const struct in6_addr *remote, int link)
{
	return fake_ifindex++;
}

int
__wrap_kern_tunnel_mn_move(int ifindex, const struct in6_addr *local,
    const struct in6_addr *remote, int link)
{
	return 0;
}

int
__wrap_kern_tunnel_mn_del(int ifindex)
{
	return 0;
}

int
__wrap_kern_xfrm_ro_state_add(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags)
{
	return 0;
}

int
__wrap_kern_xfrm_ro_state_del(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	return 0;
}

int
__wrap_kern_xfrm_policy_add(const struct kern_xfrm_policy *p)
{
	return 0;
}

int
__wrap_kern_xfrm_policy_del(const struct kern_xfrm_policy *p)
{
	return 0;
}

int
__wrap_kern_xfrm_ro_policy_add(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    uint8_t prio)
{
	return 0;
}

int
__wrap_kern_xfrm_ro_policy_del(const struct kern_xfrm_sel *sel, uint8_t dir)
{
	return 0;
}

int
__wrap_kern_xfrm_esp_state_add(const struct kern_esp_sa *sa)
{
	return 0;
}

int
__wrap_kern_xfrm_esp_state_del(uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	return 0;
}

int
__wrap_kern_xfrm_migrate(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n)
{
	return 0;
}

/* The reverse-tunnel check: nothing to attach to, nothing counted. */
int
__wrap_kern_tunnel_check_start(int ifindex, uint32_t max_bindings, char *why, size_t len)
{
	return 0;
}

void
__wrap_kern_tunnel_check_stop(void)
{
}

int
__wrap_kern_tunnel_check_set(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	return 0;
}

int
__wrap_kern_tunnel_check_del(const struct in6_addr *hoa)
{
	return 0;
}

int
__wrap_kern_tunnel_check_counts(struct kern_tunnel_check_counts *c)
{
	return -1;
}
