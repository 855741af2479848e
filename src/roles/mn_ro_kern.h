/* mn_ro_kern.h - the kernel side of the Mobile Node's route optimization with a correspondent
 * (RFC 6275 11.3.1, 11.7.2), one narrow seam faked in unit tests */
#ifndef MIP6D_MN_RO_KERN_H
#define MIP6D_MN_RO_KERN_H

#include <netinet/in.h>

#include "role_kern_ops.h"

/* Start and stop; cn_role: the node is a correspondent node too. */
void	mn_ro_kern_init(int cn_role);
void	mn_ro_kern_fini(void);

/*
 * Before the Binding Update leaves: the policies that will carry traffic between hoa and cn
 * (HAO out, RT2 in; without states they change nothing), the Mobility Header bypass, and the
 * type 2 routing header state for coa, through which the correspondent's Binding
 * Acknowledgement comes.  Again with a new coa updates it.  0, or -1.
 *
 * The RT2 state is one per home address, from any source (wildcard receive): the kernel
 * looks it up by the packet's source as it is before a Home Address option after the
 * routing header is processed, and a correspondent that is itself a mobile node sends from
 * its care-of address.  The in policy still says from whom a routing header is accepted.
 */
static inline int
mn_ro_kern_prepare(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	return role_kern_ops->mn_ro_kern_prepare(hoa, cn, coa);
}

/* The correspondent holds the binding: traffic from hoa to cn leaves directly from coa with
 * a Home Address option.  0, or -1. */
static inline int
mn_ro_kern_direct(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	return role_kern_ops->mn_ro_kern_direct(hoa, cn, coa);
}

/* Back through the tunnel (moved, failure, Binding Error): the Home Address option state goes. */
static inline void
mn_ro_kern_tunnel(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	role_kern_ops->mn_ro_kern_tunnel(hoa, cn);
}

/* All of it goes but the home address' RT2 state (de-registered, at home, stopping). */
static inline void
mn_ro_kern_del(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	role_kern_ops->mn_ro_kern_del(hoa, cn);
}

/* The home address' RT2 state goes (at home, stopping). */
static inline void
mn_ro_kern_home(const struct in6_addr *hoa)
{
	role_kern_ops->mn_ro_kern_home(hoa);
}

/*
 * Traffic through the tunnel (RFC 6275 11.7.2 leaves the trigger to the node): a catch-all
 * policy from hoa with an optional HAO template, below the correspondents' own, makes the
 * kernel ask (XFRM ACQUIRE, at most once per MAX 30 s and peer) for the state it lacks; fn
 * hears of each (home address, peer).  The packets themselves go on through the tunnel.
 */
typedef void (*mn_ro_kern_traffic_fn)(const struct in6_addr *hoa, const struct in6_addr *peer,
	    void *arg);
static inline int
mn_ro_kern_watch(mn_ro_kern_traffic_fn fn, void *arg)
{
	return role_kern_ops->mn_ro_kern_watch(fn, arg);
}

static inline void
mn_ro_kern_unwatch(void)
{
	role_kern_ops->mn_ro_kern_unwatch();
}

/* Add or remove the catch-all policy of hoa.  0, or -1. */
static inline int
mn_ro_kern_trigger(int add, const struct in6_addr *hoa)
{
	return role_kern_ops->mn_ro_kern_trigger(add, hoa);
}

#endif
