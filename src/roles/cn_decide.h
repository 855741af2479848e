/* cn_decide.h - the Correspondent Node's verdict on a route-optimization Binding Update */
#ifndef MIP6D_CN_DECIDE_H
#define MIP6D_CN_DECIDE_H

#include <netinet/in.h>
#include <stdint.h>

#include "ha_decide.h"		/* enum ha_action serves both: drop, reject, accept, deregister */

#define CN_MAX_RR_LIFETIME	420	/* MAX_RR_BINDING_LIFETIME, RFC 6275 12 */

struct cn_bu_input {
	uint16_t	seq;
	uint32_t	lifetime_s;		/* requested */
	struct in6_addr	hoa;
	struct in6_addr	coa;
	int		has_nonce_indices;
	int		has_auth;
	/* rr_cn_verify(): 0 valid, 136-138 expired nonces, -1 authenticator mismatch */
	int		auth_result;
	int		coa_is_a_hoa;		/* the CoA is a home address we hold a binding for */
	int		ro_allowed;		/* configuration: route optimization with this peer */
	int		has_bce;
	int		bce_home;
	uint16_t	bce_seq;
	int		cache_full;
	uint32_t	max_lifetime_s;
};

struct cn_bu_verdict {
	enum ha_action	 action;
	uint8_t		 status;
	uint16_t	 ba_seq;
	uint32_t	 lifetime_s;
	int		 authenticated;	/* Kbm is known: the BA carries Binding Authorization Data */
	const char	*reason;	/* a counter name */
};

void	cn_bu_decide(const struct cn_bu_input *in, struct cn_bu_verdict *out);

#endif
