/*
 * role_kern_ops.h - what the roles ask of the kernel, as one table of operations: the narrow
 * adapters ha_kern.c, ha_nemo_kern.c, mn_kern.c and mn_ro_kern.c, each of which turns a
 * role's decision (a binding set, a move, a return home) into kernel managers' requests.
 *
 * Callers keep the adapters' names: each is an inline call through role_kern_ops, declared in
 * the adapter's own header.  role_kern_ops points at role_kern_ops_real unless a test put
 * another table there (tests/unit/fake_role_kern.c records the calls; a test replaces the
 * entries whose arguments it checks).
 */
#ifndef MIP6D_ROLE_KERN_OPS_H
#define MIP6D_ROLE_KERN_OPS_H

#include <netinet/in.h>

#include "ra_sock.h"

struct conf;
struct kern_monitor_ops;

struct role_kern_ops {
	/* ha_kern.h (ha_kern.c) */
	int	(*ha_kern_start)(const struct conf *c);
	void	(*ha_kern_stop)(void);
	int	(*ha_kern_binding_set)(int home_ifindex, const struct in6_addr *hoa,
		    const struct in6_addr *ll, const struct in6_addr *ha_addr,
		    const struct in6_addr *coa);
	void	(*ha_kern_binding_del)(int home_ifindex, const struct in6_addr *hoa,
		    const struct in6_addr *ll, const struct in6_addr *ha_addr, int proxies);
	void	(*ha_kern_stop_proxies_del)(int home_ifindex, const struct in6_addr *hoa,
		    const struct in6_addr *ll);
	/* ha_nemo.h (ha_nemo_kern.c) */
	int	(*ha_nemo_kern_route_set)(const struct in6_addr *prefix, int plen,
		    const struct in6_addr *ha_addr, const struct in6_addr *coa);
	void	(*ha_nemo_kern_route_del)(const struct in6_addr *prefix, int plen);
	/* mn_kern.h (mn_kern.c) */
	int	(*mn_kern_start)(const struct conf *c, const struct kern_monitor_ops *ops,
		    ra_sock_cb ra, void *arg);
	void	(*mn_kern_stop)(const struct kern_monitor_ops *ops);
	int	(*mn_kern_away_set)(const struct in6_addr *hoa, const struct in6_addr *ha,
		    const struct in6_addr *coa, int *tunnel);
	void	(*mn_kern_away_del)(const struct in6_addr *hoa, const struct in6_addr *ha,
		    int tunnel, int keep_tunnel);
	int	(*mn_kern_home_set)(const struct in6_addr *hoa, int plen, int ifindex);
	void	(*mn_kern_home_del)(const struct in6_addr *hoa, int plen, int ifindex);
	int	(*mn_kern_router_del)(int ifindex, const struct in6_addr *router);
	/* mn_ro_kern.h (mn_ro_kern.c) */
	int	(*mn_ro_kern_prepare)(const struct in6_addr *hoa, const struct in6_addr *cn,
		    const struct in6_addr *coa);
	int	(*mn_ro_kern_direct)(const struct in6_addr *hoa, const struct in6_addr *cn,
		    const struct in6_addr *coa);
	void	(*mn_ro_kern_tunnel)(const struct in6_addr *hoa, const struct in6_addr *cn);
	void	(*mn_ro_kern_del)(const struct in6_addr *hoa, const struct in6_addr *cn);
	void	(*mn_ro_kern_home)(const struct in6_addr *hoa);
	int	(*mn_ro_kern_watch)(void (*fn)(const struct in6_addr *, const struct in6_addr *,
		    void *), void *arg);
	void	(*mn_ro_kern_unwatch)(void);
	int	(*mn_ro_kern_trigger)(int add, const struct in6_addr *hoa);
};

/* The operations in force; never NULL. */
extern const struct role_kern_ops *role_kern_ops;
/* The adapters' own. */
extern const struct role_kern_ops role_kern_ops_real;
/* Put ops in force (NULL: role_kern_ops_real again), before the roles start. */
void	role_kern_ops_set(const struct role_kern_ops *ops);

/* The adapters' implementations, for role_kern_ops_real. */
int	ha_kern_start_real(const struct conf *c);
void	ha_kern_stop_real(void);
int	ha_kern_binding_set_real(int home_ifindex, const struct in6_addr *hoa,
	    const struct in6_addr *ll, const struct in6_addr *ha_addr,
	    const struct in6_addr *coa);
void	ha_kern_binding_del_real(int home_ifindex, const struct in6_addr *hoa,
	    const struct in6_addr *ll, const struct in6_addr *ha_addr, int proxies);
void	ha_kern_stop_proxies_del_real(int home_ifindex, const struct in6_addr *hoa,
	    const struct in6_addr *ll);
int	ha_nemo_kern_route_set_real(const struct in6_addr *prefix, int plen,
	    const struct in6_addr *ha_addr, const struct in6_addr *coa);
void	ha_nemo_kern_route_del_real(const struct in6_addr *prefix, int plen);
int	mn_kern_start_real(const struct conf *c, const struct kern_monitor_ops *ops,
	    ra_sock_cb ra, void *arg);
void	mn_kern_stop_real(const struct kern_monitor_ops *ops);
int	mn_kern_away_set_real(const struct in6_addr *hoa, const struct in6_addr *ha,
	    const struct in6_addr *coa, int *tunnel);
void	mn_kern_away_del_real(const struct in6_addr *hoa, const struct in6_addr *ha, int tunnel,
	    int keep_tunnel);
int	mn_kern_home_set_real(const struct in6_addr *hoa, int plen, int ifindex);
void	mn_kern_home_del_real(const struct in6_addr *hoa, int plen, int ifindex);
int	mn_kern_router_del_real(int ifindex, const struct in6_addr *router);
int	mn_ro_kern_prepare_real(const struct in6_addr *hoa, const struct in6_addr *cn,
	    const struct in6_addr *coa);
int	mn_ro_kern_direct_real(const struct in6_addr *hoa, const struct in6_addr *cn,
	    const struct in6_addr *coa);
void	mn_ro_kern_tunnel_real(const struct in6_addr *hoa, const struct in6_addr *cn);
void	mn_ro_kern_del_real(const struct in6_addr *hoa, const struct in6_addr *cn);
void	mn_ro_kern_home_real(const struct in6_addr *hoa);
int	mn_ro_kern_watch_real(void (*fn)(const struct in6_addr *, const struct in6_addr *,
	    void *), void *arg);
void	mn_ro_kern_unwatch_real(void);
int	mn_ro_kern_trigger_real(int add, const struct in6_addr *hoa);

#endif
