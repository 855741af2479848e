/* kern.c - the kernel managers as a whole: start (with the clean-up of a crashed mip6d's
 * leftovers), resynchronisation after an overrun, and shutdown, which removes what they
 * installed and puts back the knobs they turned */
#include "config.h"

#define LOG_SUBSYS "kern"
#include "log.h"
#include "kern.h"
#include "kern_addr.h"
#include "kern_monitor.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_sysctl.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "kern_nl.h"
#include "kern_real.h"

static void
remove_journalled(int kind, const void *key, size_t keylen, void *arg)
{
	switch (kind) {
	case KREC_SA:
		kern_xfrm_sa_remove_key(key, keylen);
		break;
	case KREC_PROXY:
		kern_neigh_remove_key(key, keylen);
		break;
	case KREC_ADDR:
		kern_addr_remove_key(key, keylen);
		break;
	case KREC_SYSCTL:
		kern_sysctl_remove_key(key, keylen);
		break;
	}
}

int
kern_cleanup_leftovers(void)
{
	int n = 0, rc;

	/* Policies before states, routes before the devices they use. */
	if ((rc = kern_xfrm_cleanup_policies()) > 0)
		n += rc;
	if ((rc = kern_rec_replay(remove_journalled, NULL)) > 0)
		n += rc;
	if ((rc = kern_route_cleanup()) > 0)
		n += rc;
	if ((rc = kern_tunnel_cleanup()) > 0)
		n += rc;
	return n;
}

int
kern_init_real(void)
{
	int n;

	if (kern_nl_route() == NULL || kern_nl_xfrm() == NULL) {
		log_warnx("cannot open netlink sockets");
		return -1;
	}
	if ((n = kern_cleanup_leftovers()) > 0)
		log_notice("removed %d kernel objects left by an earlier mip6d", n);
	return 0;
}

void
kern_resync(void)
{
	kern_xfrm_resync();
	kern_route_resync();
	kern_neigh_resync();
	kern_addr_resync();
}

void
kern_shutdown_real(void)
{
	kern_monitor_stop();
	kern_xfrm_forget_all(1);
	kern_route_forget_all(1);
	kern_neigh_forget_all(1);
	kern_addr_forget_all(1);
	kern_tunnel_forget_all(1);
	kern_sysctl_forget_all(1);
	/* Anything the records missed still carries a mark. */
	(void)kern_xfrm_cleanup_policies();
	(void)kern_route_cleanup();
	(void)kern_tunnel_cleanup();
	kern_rec_journal_remove();
	kern_nl_close();
}
