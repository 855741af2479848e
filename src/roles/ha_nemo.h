/* ha_nemo.h - the Home Agent's side of Network Mobility (RFC 3963): the verdict on a mobile
 * router's Binding Update (pure), and the hooks by which ha.c routes its prefixes */
#ifndef MIP6D_HA_NEMO_H
#define MIP6D_HA_NEMO_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "bcache.h"
#include "mnp.h"
#include "role_kern_ops.h"

struct conf;
struct conf_prefix;
struct ha_bu_verdict;
struct json_object;
struct mh_bu;
struct mh_mnp;

/* ---- the verdict (ha_nemo_decide.c, pure) ---- */

struct ha_nemo_input {
	int		 router;		/* the BU's R flag */
	int		 deregistration;	/* ha_bu_decide said HA_DEREGISTER */
	int		 has_bce;
	int		 bce_router;		/* the existing binding was a mobile router's */
	int		 permitted;		/* this HA accepts mobile routers */
	const struct conf_prefix *auth;		/* the prefixes the home address is authorized for */
	size_t		 nauth;
	const struct mh_mnp *claimed;		/* Mobile Network Prefix options (explicit mode) */
	size_t		 nclaimed;
};

struct ha_nemo_verdict {
	uint8_t		 status;	/* 0: go on; else the BA status (139-143) */
	uint8_t		 ba_flags;	/* MH_BA_F_R when the HA acts as this one's mobile router HA */
	const char	*reason;	/* a counter name, as ha_bu_verdict's (NULL: a mobile node's BU) */
	struct bcache_mnp mnp[MNP_MAX];	/* the prefixes to route to it (accepted BUs) */
	unsigned	 nmnp;
};

/*
 * RFC 3963 6.1, 6.2, 6.6, after RFC 6275's own checks accepted the BU: a BU without R is a
 * mobile node's (nothing to add, unless it would turn a mobile router's binding into one,
 * 139); with R, this HA must accept mobile routers (140); in explicit mode every prefix must
 * be valid (141; so is one overlapping an authorized prefix with another length) and inside
 * a prefix the home address is authorized for (142); implicit mode (no option) takes the
 * authorized prefixes, and none is 143 (forwarding setup failed: prefixes missing).
 */
void	ha_nemo_decide(const struct ha_nemo_input *in, struct ha_nemo_verdict *out);

/* ---- hooks for ha.c (ha_nemo.c) ---- */

/*
 * Gather the input for a BU ha_bu_decide accepted or de-registers (e: its binding or NULL),
 * decide, and turn v into a rejection when NEMO says so.  nv receives the prefixes.
 */
void	ha_nemo_check(const struct conf *c, const struct mh_bu *bu, const struct in6_addr *hoa,
	    const struct bcache_entry *e, struct ha_bu_verdict *v, struct ha_nemo_verdict *nv);
/* The accepted BU's prefixes into e, after removing the routes of those it no longer has
 * (installed: e's routes are in place). */
void	ha_nemo_update(struct bcache_entry *e, const struct ha_nemo_verdict *nv, int installed);
/* Routes for e's prefixes through the tunnel to its care-of address: 0, or -1 (143). */
int	ha_nemo_routes_set(const struct bcache_entry *e);
void	ha_nemo_routes_del(const struct bcache_entry *e);
/* Flags for e's BAs: R when it registered as a mobile router. */
uint8_t	ha_nemo_ba_flags(const struct bcache_entry *e);
/* "mobile-network-prefixes": [...] into a binding's JSON object. */
void	ha_nemo_json(const struct bcache_entry *e, struct json_object *o);

/* ---- the kernel seam (ha_nemo_kern.c, faked in unit tests) ---- */

/* prefix/plen through the HA's shared tunnel from ha_addr to coa (set again: moved). */
static inline int
ha_nemo_kern_route_set(const struct in6_addr *prefix, int plen,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	return role_kern_ops->ha_nemo_kern_route_set(prefix, plen, ha_addr, coa);
}

static inline void
ha_nemo_kern_route_del(const struct in6_addr *prefix, int plen)
{
	role_kern_ops->ha_nemo_kern_route_del(prefix, plen);
}

#endif
