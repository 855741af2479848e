/* hao_decide.h - what a node answers for a packet with a Home Address option that the kernel
 * let in under no binding (RFC 6275 9.3.1, 9.3.3, 9.2): a pure function over plain data */
#ifndef MIP6D_HAO_DECIDE_H
#define MIP6D_HAO_DECIDE_H

#include <stdint.h>

struct hao_input {
	int	mh_type;	/* the Mobility Header type, -1 for any other upper layer */
	/* from the node's one binding cache (every role), entry (home address, destination) */
	int	has_bce;
	int	bce_active;	/* accepted, not waiting for DAD */
	int	coa_matches;	/* its care-of address is the packet's source */
};

enum hao_answer {
	HAO_SILENT,		/* no Binding Error */
	HAO_BE_UNKNOWN_BINDING,	/* Binding Error status 1 */
	HAO_BE_UNKNOWN_TYPE,	/* Binding Error status 2 */
};

struct hao_verdict {
	enum hao_answer	 answer;
	uint8_t		 status;	/* Binding Error status, 0 when silent */
	const char	*reason;	/* a counter name */
};

void	hao_report_decide(const struct hao_input *in, struct hao_verdict *out);

#endif
