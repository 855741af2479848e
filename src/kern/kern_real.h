/* kern_real.h - src/kern's implementations of the operations in kern_ops.h, gathered into
 * kern_ops_real (ops.c); everyone else calls them through kern_ops under their plain names */
#ifndef MIP6D_KERN_REAL_H
#define MIP6D_KERN_REAL_H

#include "kern.h"
#include "kern_addr.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_sysctl.h"
#include "kern_tunnel.h"
#include "kern_tunnel_check.h"
#include "kern_xfrm.h"

int	kern_probe_real(char *why, size_t len);
/* The reverse-tunnel check entries held while a batch is open, into the map now (nl.c, before
 * each batch's netlink requests leave): the number that failed. */
int	kern_tunnel_check_flush_held(void);
/* Close the check's objects a growth replaced, once the batch's requests have left. */
void	kern_tunnel_check_release(void);
int	kern_init_real(void);
void	kern_shutdown_real(void);
int	kern_addr_add_real(int ifindex, const struct in6_addr *addr, int plen,
	    unsigned int flags, uint32_t valid, uint32_t preferred);
int	kern_addr_del_real(int ifindex, const struct in6_addr *addr, int plen);
int	kern_neigh_proxy_add_real(int ifindex, const struct in6_addr *addr);
int	kern_neigh_proxy_del_real(int ifindex, const struct in6_addr *addr);
int	kern_route_add_real(const struct kern_route *r);
int	kern_route_del_real(const struct kern_route *r);
int	kern_route_ra_default_del_real(int ifindex, const struct in6_addr *router);
int	kern_rule_src_add_real(const struct in6_addr *src, int plen, uint32_t table,
	    uint32_t prio);
int	kern_rule_src_del_real(const struct in6_addr *src, int plen, uint32_t table,
	    uint32_t prio);
int	kern_sysctl_get_real(const char *ifname, const char *knob, char *val, size_t len);
int	kern_sysctl_set_real(const char *ifname, const char *knob, const char *val);
void	kern_sysctl_restore_real(const char *ifname, const char *knob);
void	kern_sysctl_forget_real(const char *ifname);
int	kern_tunnel_ha_init_real(void);
int	kern_tunnel_ha_route_set_real(const struct in6_addr *hoa, const struct in6_addr *ha,
	    const struct in6_addr *coa);
int	kern_tunnel_ha_route_del_real(const struct in6_addr *hoa);
int	kern_tunnel_ha_prefix_set_real(const struct in6_addr *dst, int plen,
	    const struct in6_addr *ha, const struct in6_addr *coa);
int	kern_tunnel_ha_prefix_del_real(const struct in6_addr *dst, int plen);
int	kern_tunnel_mn_add_real(const struct in6_addr *local, const struct in6_addr *remote,
	    int link);
int	kern_tunnel_mn_move_real(int ifindex, const struct in6_addr *local,
	    const struct in6_addr *remote, int link);
int	kern_tunnel_mn_del_real(int ifindex);
int	kern_tunnel_check_start_real(int ifindex, uint32_t max_bindings, char *why, size_t len);
void	kern_tunnel_check_limit_real(uint32_t max_bindings);
void	kern_tunnel_check_stop_real(void);
int	kern_tunnel_check_set_real(const struct in6_addr *hoa, const struct in6_addr *coa,
	    const struct in6_addr *src);
int	kern_tunnel_check_del_real(const struct in6_addr *hoa);
int	kern_tunnel_check_prefix_set_real(const struct in6_addr *prefix, int plen,
	    const struct in6_addr *coa);
int	kern_tunnel_check_prefix_del_real(const struct in6_addr *prefix, int plen);
int	kern_tunnel_check_counts_real(struct kern_tunnel_check_counts *c);
int	kern_tunnel_xmit_route_add_real(int ifindex, const struct in6_addr *prefix, int plen);
void	kern_tunnel_xmit_link_up_real(int ifindex);
int	kern_tunnel_ha_xmit_route(int add, int ifindex, const struct in6_addr *prefix, int plen,
	    int prog);
int	kern_tunnel_ha_xmit_rule(int add, int ifindex, const struct in6_addr *prefix, int plen);
int	kern_rule_iif_send(int cmd, const char *iif, const struct in6_addr *dst, int plen,
	    uint32_t table, uint32_t prio);
int	kern_xfrm_ro_state_add_real(uint8_t type, const struct in6_addr *saddr,
	    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags);
int	kern_xfrm_ro_state_del_real(uint8_t type, const struct in6_addr *saddr,
	    const struct in6_addr *daddr);
int	kern_xfrm_policy_add_real(const struct kern_xfrm_policy *p);
int	kern_xfrm_policy_del_real(const struct kern_xfrm_policy *p);
int	kern_xfrm_ro_policy_add_real(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
	    uint8_t prio);
int	kern_xfrm_ro_policy_del_real(const struct kern_xfrm_sel *sel, uint8_t dir);
int	kern_xfrm_esp_state_add_real(const struct kern_esp_sa *sa);
int	kern_xfrm_esp_state_del_real(uint32_t spi, const struct in6_addr *saddr,
	    const struct in6_addr *daddr);
int	kern_xfrm_migrate_real(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
	    const struct kern_xfrm_migrate *m, int n);
int	kern_xfrm_stat_read_real(unsigned long long v[3]);

#endif
