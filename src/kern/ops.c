/* ops.c - the kernel managers' table of operations (kern_ops.h): src/kern's own by default */
#include "config.h"

#include <stddef.h>

#include "kern_real.h"

const struct kern_ops kern_ops_real = {
	.probe = kern_probe_real,
	.init = kern_init_real,
	.shutdown = kern_shutdown_real,
	.addr_add = kern_addr_add_real,
	.addr_del = kern_addr_del_real,
	.neigh_proxy_add = kern_neigh_proxy_add_real,
	.neigh_proxy_del = kern_neigh_proxy_del_real,
	.route_add = kern_route_add_real,
	.route_del = kern_route_del_real,
	.route_ra_default_del = kern_route_ra_default_del_real,
	.rule_src_add = kern_rule_src_add_real,
	.rule_src_del = kern_rule_src_del_real,
	.sysctl_get = kern_sysctl_get_real,
	.sysctl_set = kern_sysctl_set_real,
	.sysctl_restore = kern_sysctl_restore_real,
	.sysctl_forget = kern_sysctl_forget_real,
	.tunnel_ha_init = kern_tunnel_ha_init_real,
	.tunnel_ha_route_set = kern_tunnel_ha_route_set_real,
	.tunnel_ha_route_del = kern_tunnel_ha_route_del_real,
	.tunnel_ha_prefix_set = kern_tunnel_ha_prefix_set_real,
	.tunnel_ha_prefix_del = kern_tunnel_ha_prefix_del_real,
	.tunnel_mn_add = kern_tunnel_mn_add_real,
	.tunnel_mn_move = kern_tunnel_mn_move_real,
	.tunnel_mn_del = kern_tunnel_mn_del_real,
	.tunnel_check_start = kern_tunnel_check_start_real,
	.tunnel_check_limit = kern_tunnel_check_limit_real,
	.tunnel_check_stop = kern_tunnel_check_stop_real,
	.tunnel_check_set = kern_tunnel_check_set_real,
	.tunnel_check_del = kern_tunnel_check_del_real,
	.tunnel_check_prefix_set = kern_tunnel_check_prefix_set_real,
	.tunnel_check_prefix_del = kern_tunnel_check_prefix_del_real,
	.tunnel_check_counts = kern_tunnel_check_counts_real,
	.tunnel_xmit_route_add = kern_tunnel_xmit_route_add_real,
	.tunnel_xmit_link_up = kern_tunnel_xmit_link_up_real,
	.xfrm_ro_state_add = kern_xfrm_ro_state_add_real,
	.xfrm_ro_state_del = kern_xfrm_ro_state_del_real,
	.xfrm_policy_add = kern_xfrm_policy_add_real,
	.xfrm_policy_del = kern_xfrm_policy_del_real,
	.xfrm_ro_policy_add = kern_xfrm_ro_policy_add_real,
	.xfrm_ro_policy_del = kern_xfrm_ro_policy_del_real,
	.xfrm_esp_state_add = kern_xfrm_esp_state_add_real,
	.xfrm_esp_state_del = kern_xfrm_esp_state_del_real,
	.xfrm_migrate = kern_xfrm_migrate_real,
	.xfrm_stat_read = kern_xfrm_stat_read_real,
};

const struct kern_ops *kern_ops = &kern_ops_real;

void
kern_ops_set(const struct kern_ops *ops)
{
	kern_ops = ops != NULL ? ops : &kern_ops_real;
}
