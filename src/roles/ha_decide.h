/* ha_decide.h - the Home Agent's verdict on a Binding Update: a pure function over plain data */
#ifndef MIP6D_HA_DECIDE_H
#define MIP6D_HA_DECIDE_H

#include <netinet/in.h>
#include <stdint.h>

/* Everything the verdict depends on, gathered by the caller from the message, cache and conf. */
struct ha_bu_input {
	/* From the Binding Update */
	uint16_t	seq;
	int		home_reg;		/* H */
	int		link_local;		/* L */
	uint32_t	lifetime_s;		/* requested, seconds */
	int		has_nonce_indices;
	struct in6_addr	hoa;			/* HAO, or the source without one */
	struct in6_addr	coa;			/* the source (or Alternate CoA) */
	/* From the binding cache */
	int		has_bce;
	int		bce_home;		/* existing entry is a home registration */
	uint16_t	bce_seq;
	int		cache_full;
	/* From the configuration and the prefix list */
	int		is_ha;			/* this node serves as a home agent */
	int		on_home_prefix;		/* hoa lies in a prefix this HA serves */
	int		to_right_ha;		/* the BU was sent to an address serving that prefix */
	int		acl_allows;
	uint32_t	prefix_valid_s;		/* remaining valid lifetime of the home prefix */
	uint32_t	max_lifetime_s;		/* configured maximum */
};

enum ha_action {
	HA_DROP,		/* silently discard (RFC 6275 9.5.1) */
	HA_REJECT,		/* answer with a BA carrying status >= 128 */
	HA_ACCEPT,		/* create or refresh the binding */
	HA_DEREGISTER,		/* delete the binding (RFC 6275 10.3.2) */
};

struct ha_bu_verdict {
	enum ha_action	 action;
	uint8_t		 status;	/* BA status */
	uint16_t	 ba_seq;	/* sequence number for the BA */
	uint32_t	 lifetime_s;	/* granted, seconds (0 on reject and deregistration) */
	int		 first;		/* new binding: DAD before the BA, where enabled */
	const char	*reason;	/* a counter name: "drop.*", "reject.*" or "ha.*" */
};

void	ha_bu_decide(const struct ha_bu_input *in, struct ha_bu_verdict *out);

#endif
