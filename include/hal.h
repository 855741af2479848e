/* hal.h - the Home Agents List of a home agent (RFC 6275 10.1, 10.5.1, 11.4.1): which home
 * agents serve each home link, learned from the Router Advertisements with the H bit seen
 * there, and the ordered address list a DHAAD Reply carries.  Pure data: no socket, no timer
 * (the caller passes the time and asks for expiry). */
#ifndef MIP6D_HAL_H
#define MIP6D_HAL_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct icmp6_ra;

#define HAL_MAX_ADDRS	8	/* global addresses of one home agent (R-bit prefixes) */
#define HAL_MAX		64	/* home agents over all home links */

struct hal_entry {
	int		 link;		/* the caller's home link index */
	struct in6_addr	 ll;		/* link-local source of its RAs: the key (RFC 6275 10.5.1) */
	struct in6_addr	 addrs[HAL_MAX_ADDRS];	/* its global addresses */
	uint8_t		 naddrs;
	int		 self;		/* this node (from the configuration, never expires) */
	int		 has_info;	/* the last RA carried a Home Agent Information option */
	int32_t		 pref;		/* RFC 6275 7.4: signed 16 bits, 0 without the option */
	uint32_t	 lifetime_s;	/* option's lifetime, or the router lifetime */
	uint64_t	 expires_ms;
};

struct hal {
	struct hal_entry e[HAL_MAX];
	size_t		 n;
};

void	hal_init(struct hal *h);
/*
 * This node on link: its own entry (preference and lifetime of the configuration), replaced
 * on each call.  -1 when the list is full.
 */
int	hal_set_self(struct hal *h, int link, const struct in6_addr *addr, int32_t pref,
	    uint32_t lifetime_s);
/*
 * A Router Advertisement from ll on link (RFC 6275 10.5.1): with the H bit, the home agent
 * is added or updated (lifetime and preference from the Home Agent Information option, else
 * the router lifetime and 0; its addresses from the Prefix Information options with the R
 * bit); without it, or with a lifetime of 0, it is removed.  Returns 1 when the list changed
 * in a way a reader sees (added, removed, preference or addresses), 0 otherwise, -1 full.
 */
int	hal_ra(struct hal *h, int link, const struct in6_addr *ll, const struct icmp6_ra *ra,
	    uint64_t now_ms);
/* Remove the entries whose lifetime ended; how many.  *next_ms: the next expiry (0: none). */
size_t	hal_expire(struct hal *h, uint64_t now_ms, uint64_t *next_ms);
/*
 * The addresses of a DHAAD Reply for link (RFC 6275 10.5): home agents by preference, highest
 * first, in random order among equal preferences (rnd(n) returns 0..n-1; NULL: list order),
 * each one's addresses in turn; at most max.  Returns how many.
 */
size_t	hal_reply(const struct hal *h, int link, uint32_t (*rnd)(uint32_t n),
	    struct in6_addr *out, size_t max);
/* Remaining lifetime of e at now_ms, in seconds. */
uint32_t hal_remaining(const struct hal_entry *e, uint64_t now_ms);

#endif
