/* ha_nemo_kern.c - a mobile network prefix routed through the home agent's shared tunnel:
 * the one kernel effect of NEMO on the home agent, as a seam of its own (faked in tests) */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <errno.h>
#include <string.h>

#include "ha_nemo.h"
#include "kern_tunnel.h"
#include "kern_tunnel_check.h"
#include "log.h"
#include "util.h"

int
ha_nemo_kern_route_set_real(const struct in6_addr *prefix, int plen, const struct in6_addr *ha_addr,
    const struct in6_addr *coa)
{
	int rc;

	/* RFC 3963 6.4: packets for the mobile network go down the same tunnel as those for
	 * the mobile router's home address, one route with its encapsulation per prefix */
	if ((rc = kern_tunnel_ha_prefix_set(prefix, plen, ha_addr, coa)) < 0) {
		log_warnx("tunnel route for %s/%d via %s: %s", addr_str(prefix), plen,
		    addr_str(coa), strerror(-rc));
		return -1;
	}
	/* RFC 6275 10.4.5 for a mobile network: its packets come up the tunnel from coa only */
	if ((rc = kern_tunnel_check_prefix_set(prefix, plen, coa)) < 0 && rc != -EOPNOTSUPP &&
	    rc != -ENOTSUP)
		log_warnx("reverse-tunnel check entry %s/%d -> %s: %s", addr_str(prefix), plen,
		    addr_str(coa), strerror(-rc));
	return 0;
}

void
ha_nemo_kern_route_del_real(const struct in6_addr *prefix, int plen)
{
	kern_tunnel_ha_prefix_del(prefix, plen);
	kern_tunnel_check_prefix_del(prefix, plen);
}
