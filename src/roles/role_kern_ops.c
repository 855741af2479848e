/* role_kern_ops.c - the roles' kernel adapters as one table (role_kern_ops.h) */
#include "config.h"

#include <stddef.h>

#include "role_kern_ops.h"

const struct role_kern_ops role_kern_ops_real = {
	.ha_kern_start = ha_kern_start_real,
	.ha_kern_stop = ha_kern_stop_real,
	.ha_kern_binding_set = ha_kern_binding_set_real,
	.ha_kern_binding_del = ha_kern_binding_del_real,
	.ha_kern_stop_proxies_del = ha_kern_stop_proxies_del_real,
	.ha_nemo_kern_route_set = ha_nemo_kern_route_set_real,
	.ha_nemo_kern_route_del = ha_nemo_kern_route_del_real,
	.mn_kern_start = mn_kern_start_real,
	.mn_kern_stop = mn_kern_stop_real,
	.mn_kern_away_set = mn_kern_away_set_real,
	.mn_kern_away_del = mn_kern_away_del_real,
	.mn_kern_home_set = mn_kern_home_set_real,
	.mn_kern_home_del = mn_kern_home_del_real,
	.mn_kern_router_del = mn_kern_router_del_real,
	.mn_ro_kern_prepare = mn_ro_kern_prepare_real,
	.mn_ro_kern_direct = mn_ro_kern_direct_real,
	.mn_ro_kern_tunnel = mn_ro_kern_tunnel_real,
	.mn_ro_kern_del = mn_ro_kern_del_real,
	.mn_ro_kern_home = mn_ro_kern_home_real,
	.mn_ro_kern_watch = mn_ro_kern_watch_real,
	.mn_ro_kern_unwatch = mn_ro_kern_unwatch_real,
	.mn_ro_kern_trigger = mn_ro_kern_trigger_real,
};

const struct role_kern_ops *role_kern_ops = &role_kern_ops_real;

void
role_kern_ops_set(const struct role_kern_ops *ops)
{
	role_kern_ops = ops != NULL ? ops : &role_kern_ops_real;
}
