/*
 * kern_ops.h - the kernel managers as one table of operations: the seam between the code that
 * decides (roles, core) and the code that touches the kernel (src/kern).
 *
 * Callers keep the managers' names (kern_route_add, kern_xfrm_policy_add...): each is an
 * inline call through kern_ops, declared in the manager's own header.  kern_ops points at
 * kern_ops_real, src/kern's netlink, BPF and /proc implementations, unless a test or the
 * daemon's fake-kernel mode put another table there before the first request
 * (tests/unit/fake_kern.c records every call and changes nothing).  Left out on purpose:
 * what only reads or only builds (the event monitor, message builders, kern_route_table,
 * kern_xfrm_sel_init) and the batch brackets, which queue nothing by themselves.
 */
#ifndef MIP6D_KERN_OPS_H
#define MIP6D_KERN_OPS_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct kern_route;
struct kern_tunnel_check_counts;
struct kern_xfrm_policy;
struct kern_xfrm_sel;
struct kern_esp_sa;
struct kern_xfrm_migrate;

struct kern_ops {
	/* kern.h */
	int	(*probe)(char *why, size_t len);
	int	(*init)(void);
	void	(*shutdown)(void);
	/* kern_addr.h */
	int	(*addr_add)(int ifindex, const struct in6_addr *addr, int plen,
		    unsigned int flags, uint32_t valid, uint32_t preferred);
	int	(*addr_del)(int ifindex, const struct in6_addr *addr, int plen);
	/* kern_neigh.h */
	int	(*neigh_proxy_add)(int ifindex, const struct in6_addr *addr);
	int	(*neigh_proxy_del)(int ifindex, const struct in6_addr *addr);
	/* kern_route.h */
	int	(*route_add)(const struct kern_route *r);
	int	(*route_del)(const struct kern_route *r);
	int	(*route_ra_default_del)(int ifindex, const struct in6_addr *router);
	int	(*rule_src_add)(const struct in6_addr *src, int plen, uint32_t table,
		    uint32_t prio);
	int	(*rule_src_del)(const struct in6_addr *src, int plen, uint32_t table,
		    uint32_t prio);
	/* kern_sysctl.h */
	int	(*sysctl_get)(const char *ifname, const char *knob, char *val, size_t len);
	int	(*sysctl_set)(const char *ifname, const char *knob, const char *val);
	void	(*sysctl_restore)(const char *ifname, const char *knob);
	void	(*sysctl_forget)(const char *ifname);
	/* kern_tunnel.h */
	int	(*tunnel_ha_init)(void);
	int	(*tunnel_ha_route_set)(const struct in6_addr *hoa, const struct in6_addr *ha,
		    const struct in6_addr *coa);
	int	(*tunnel_ha_route_del)(const struct in6_addr *hoa);
	int	(*tunnel_ha_prefix_set)(const struct in6_addr *dst, int plen,
		    const struct in6_addr *ha, const struct in6_addr *coa);
	int	(*tunnel_ha_prefix_del)(const struct in6_addr *dst, int plen);
	int	(*tunnel_mn_add)(const struct in6_addr *local, const struct in6_addr *remote,
		    int link);
	int	(*tunnel_mn_move)(int ifindex, const struct in6_addr *local,
		    const struct in6_addr *remote, int link);
	int	(*tunnel_mn_del)(int ifindex);
	/* kern_tunnel_check.h */
	int	(*tunnel_check_start)(int ifindex, uint32_t max_bindings, char *why,
		    size_t len);
	void	(*tunnel_check_limit)(uint32_t max_bindings);
	void	(*tunnel_check_stop)(void);
	int	(*tunnel_check_set)(const struct in6_addr *hoa, const struct in6_addr *coa,
		    const struct in6_addr *src);
	int	(*tunnel_check_del)(const struct in6_addr *hoa);
	int	(*tunnel_check_prefix_set)(const struct in6_addr *prefix, int plen,
		    const struct in6_addr *coa);
	int	(*tunnel_check_prefix_del)(const struct in6_addr *prefix, int plen);
	int	(*tunnel_check_counts)(struct kern_tunnel_check_counts *c);
	int	(*tunnel_xmit_route_add)(int ifindex, const struct in6_addr *prefix, int plen);
	void	(*tunnel_xmit_link_up)(int ifindex);
	/* kern_xfrm.h */
	int	(*xfrm_ro_state_add)(uint8_t type, const struct in6_addr *saddr,
		    const struct in6_addr *daddr, const struct in6_addr *coa,
		    unsigned int flags);
	int	(*xfrm_ro_state_del)(uint8_t type, const struct in6_addr *saddr,
		    const struct in6_addr *daddr);
	int	(*xfrm_policy_add)(const struct kern_xfrm_policy *p);
	int	(*xfrm_policy_del)(const struct kern_xfrm_policy *p);
	int	(*xfrm_ro_policy_add)(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
		    uint8_t prio);
	int	(*xfrm_ro_policy_del)(const struct kern_xfrm_sel *sel, uint8_t dir);
	int	(*xfrm_esp_state_add)(const struct kern_esp_sa *sa);
	int	(*xfrm_esp_state_del)(uint32_t spi, const struct in6_addr *saddr,
		    const struct in6_addr *daddr);
	int	(*xfrm_migrate)(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
		    const struct kern_xfrm_migrate *m, int n);
	int	(*xfrm_stat_read)(unsigned long long v[3]);
};

/* The operations in force; never NULL. */
extern const struct kern_ops *kern_ops;
/* src/kern's own. */
extern const struct kern_ops kern_ops_real;
/* Put ops in force (NULL: kern_ops_real again), before the requests it should answer. */
void	kern_ops_set(const struct kern_ops *ops);

#endif
