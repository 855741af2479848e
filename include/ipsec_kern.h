/* ipsec_kern.h - ESP between a Mobile Node and its Home Agent with manual keys (RFC 3776, RFC 4877):
 * the XFRM states and policies of the ipsec sections, moved with the care-of address */
#ifndef MIP6D_IPSEC_KERN_H
#define MIP6D_IPSEC_KERN_H

#include <netinet/in.h>
#include <stddef.h>

#include "kern_xfrm.h"
#include "xfrm_prio.h"

struct conf;
struct conf_ipsec;

#define IPSEC_MAX_POLICIES	8
#define IPSEC_MAX_SAS		2

#define IPSEC_SIDE_MN		0
#define IPSEC_SIDE_HA		1

/*
 * Pure: the policies of one ipsec section on one side.  tunnel 0: the transport-mode ones
 * (installed for the life of the role); tunnel 1: the tunnel-mode ones for care-of address coa
 * (installed while away / while a binding exists).  Returns how many were written to out.
 */
size_t	ipsec_policies(const struct conf_ipsec *ci, int side, int tunnel,
	    const struct in6_addr *coa, struct kern_xfrm_policy *out);
/* Pure: the SAs likewise (transport: addresses HoA/HA; tunnel: CoA/HA). */
size_t	ipsec_sas(const struct conf_ipsec *ci, int side, int tunnel, const struct in6_addr *coa,
	    struct kern_esp_sa *out);
/*
 * Pure: the policies that let route optimization with correspondent cn bypass the ESP
 * tunnel of section ci (none when it has no tunnel mode).  Returns how many.
 */
size_t	ipsec_ro_exemption(const struct conf_ipsec *ci, const struct in6_addr *cn,
	    struct kern_xfrm_policy *out);
/* Pure: whether side installs section ci (a node with both roles splits them). */
int	ipsec_side_of(const struct conf *c, const struct conf_ipsec *ci, int side);
/* Pure: the HA's catch-all, refusing Binding Updates to ha_addr under no expected SA. */
void	ipsec_catchall(const struct in6_addr *ha_addr, struct kern_xfrm_policy *out);

/* Home Agent: transport SAs and policies of every section, the catch-all when
 * ipsec-required.  0, or -1 (what was installed is removed). */
int	ipsec_ha_start(const struct conf *c);
void	ipsec_ha_stop(void);
/* A binding hoa -> coa exists (new, or moved: its tunnel SAs and policies MIGRATE). */
int	ipsec_ha_binding_set(const struct in6_addr *hoa, const struct in6_addr *coa);
void	ipsec_ha_binding_del(const struct in6_addr *hoa);
/* Whether hoa's section protects all its traffic in ESP tunnel mode (then the home agent's
 * own traffic with it takes the tunnel, not route optimization). */
int	ipsec_ha_payload_protected(const struct in6_addr *hoa);

/* Mobile Node: transport SAs and policies of every home address with a section. */
int	ipsec_mn_start(const struct conf *c);
void	ipsec_mn_stop(void);
/* Away at coa: tunnel SAs and policies added, or migrated from the previous care-of address. */
int	ipsec_mn_away(const struct in6_addr *hoa, const struct in6_addr *coa);
/* At home (or no care-of address any more): the tunnel SAs and policies go. */
void	ipsec_mn_home(const struct in6_addr *hoa);
/* Route optimization of hoa with correspondent cn starts (add 1) or ends: its exemption from
 * the ESP tunnel (ipsec_ro_exemption).  0, or -1. */
int	ipsec_mn_ro_exempt(int add, const struct in6_addr *hoa, const struct in6_addr *cn);

/*
 * The kernel drops what came without the expected SA before mip6d sees it; this copies the
 * namespace's XFRM input error counters (/proc/net/xfrm_stat, since the role started) into
 * mip6d's counters: drop.not-under-esp (template mismatch, no state, policy block) and
 * xfrm.in-* by cause.  Called before the status is read.
 */
void	ipsec_stats_refresh(void);

#endif
