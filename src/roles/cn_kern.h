/* cn_kern.h - what the Correspondent Node asks of the kernel, as one narrow seam */
#ifndef MIP6D_CN_KERN_H
#define MIP6D_CN_KERN_H

#include <netinet/in.h>

/* The kernel reports a packet with a Home Address option and no binding (RFC 6275 9.3.1). */
typedef void (*cn_kern_report_fn)(const struct in6_addr *hoa, const struct in6_addr *coa,
	    const struct in6_addr *cn_addr, int mh_type, void *arg);

/* Role-wide state: accept BUs with a HAO from anyone, keep Mobility Headers off the
 * route-optimization states, and listen for the kernel's reports. */
int	cn_kern_start(cn_kern_report_fn fn, void *arg);
void	cn_kern_stop(void);
/*
 * Route optimization with hoa at coa: packets from cn_addr to hoa leave with a type 2 routing
 * header to coa; packets from hoa with a Home Address option are accepted.  Called again with
 * another coa it moves the binding in place.
 */
int	cn_kern_binding_set(const struct in6_addr *cn_addr, const struct in6_addr *hoa,
	    const struct in6_addr *coa);
void	cn_kern_binding_del(const struct in6_addr *cn_addr, const struct in6_addr *hoa);
/* The node is a mobile node too (mn_ro_kern.h): a binding's policies then carry both the HAO
 * and RT2 templates, as the mobile node's own policy for the same pair does. */
void	cn_kern_set_mn(int on);
/*
 * Those shared policies between local and peer (out local -> peer, in peer -> local), kept
 * while either role wants them: owner is CN_KERN_OWNER_CN or _MN.  0, or -1.
 */
#define CN_KERN_OWNER_CN	0x1
#define CN_KERN_OWNER_MN	0x2
int	cn_kern_pair_policies(unsigned int owner, int add, const struct in6_addr *local,
	    const struct in6_addr *peer);

#endif
