/* hao_decide.c - the answer to a Home Address option the kernel let in under no binding */
#include "config.h"

#include <string.h>

#include "hao_decide.h"
#include "mh.h"

void
hao_report_decide(const struct hao_input *in, struct hao_verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->answer = HAO_SILENT;
	/*
	 * RFC 6275 9.3.1: the binding tests "MUST NOT be done for packets that contain a Home
	 * Address option and a Binding Update".  A BU the kernel refused was refused by an IPsec
	 * policy (no ESP, ipsec-required): the kernel counts it, and no Binding Error is due.
	 */
	if (in->mh_type == MH_TYPE_BU) {
		out->reason = "hao.bu-refused-by-policy";
		return;
	}
	/* RFC 6275 9.2: a Mobility Header type this node does not know: status 2 */
	if (in->mh_type > MH_TYPE_LAST_ASSIGNED) {
		out->answer = HAO_BE_UNKNOWN_TYPE;
		out->status = MH_BE_UNKNOWN_TYPE;
		out->reason = "hao.unknown-mh-type";
		return;
	}
	/*
	 * The binding exists with this care-of address: the kernel refused the packet for
	 * another reason (an ESP policy it did not satisfy, or the kernel state of a binding
	 * accepted a moment ago): not the sender's fault, no Binding Error.
	 */
	if (in->has_bce && in->bce_active && in->coa_matches) {
		out->reason = "hao.refused-with-binding";
		return;
	}
	/* RFC 6275 9.3.1, 9.3.3: no binding for this home address from this care-of address */
	out->answer = HAO_BE_UNKNOWN_BINDING;
	out->status = MH_BE_UNKNOWN_HAO;
	out->reason = in->has_bce ? "hao.unknown-care-of-address" : "hao.unknown-binding";
}
