/* cn_decide.c - which answer a correspondent registration gets (RFC 6275 9.5.1 - 9.5.4) */
#include "config.h"

#include <string.h>

#include "bcache.h"
#include "cn_decide.h"
#include "mh.h"
#include "util.h"

static int
routable_unicast(const struct in6_addr *a)
{
	return !addr_is_unspecified(a) && !addr_is_multicast(a) && !addr_is_linklocal(a) &&
	    !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

static void
set(struct cn_bu_verdict *out, enum ha_action a, uint8_t status, const char *reason)
{
	out->action = a;
	out->status = status;
	out->reason = reason;
}

void
cn_bu_decide(const struct cn_bu_input *in, struct cn_bu_verdict *out)
{
	uint32_t lt;

	memset(out, 0, sizeof(*out));
	out->ba_seq = in->seq;

	/* 9.5.1: routable home and care-of addresses, or the BU is silently discarded */
	if (!routable_unicast(&in->hoa)) {
		set(out, HA_DROP, 0, "drop.cn-hoa-not-routable");
		return;
	}
	if (!routable_unicast(&in->coa)) {
		set(out, HA_DROP, 0, "drop.cn-coa-not-routable");
		return;
	}
	/* 9.5.1: without H, Nonce Indices and Binding Authorization Data must be present */
	if (!in->has_nonce_indices || !in->has_auth) {
		set(out, HA_DROP, 0, "drop.cn-unauthenticated");
		return;
	}
	/* A care-of address that is itself a bound home address would loop packets. */
	if (in->coa_is_a_hoa) {
		set(out, HA_DROP, 0, "drop.cn-circular-binding");
		return;
	}
	if (!in->ro_allowed) {
		set(out, HA_REJECT, MH_BA_ADMIN_PROHIBIT, "reject.cn-route-optimization-off");
		return;
	}
	/* 9.5.1: nonces no longer valid: 136, 137 or 138, unauthenticated (no Kbm) */
	if (in->auth_result > 0) {
		set(out, HA_REJECT, (uint8_t)in->auth_result, "reject.cn-expired-nonce");
		return;
	}
	if (in->auth_result < 0) {
		set(out, HA_DROP, 0, "drop.cn-bad-authenticator");
		return;
	}
	out->authenticated = 1;
	if (in->has_bce && !bcache_seq_newer(in->seq, in->bce_seq)) {
		set(out, HA_REJECT, MH_BA_SEQ_OUT_OF_WINDOW, "reject.cn-sequence-out-of-window");
		out->ba_seq = in->bce_seq;
		return;
	}
	if (in->has_bce && in->bce_home) {
		set(out, HA_REJECT, MH_BA_REG_TYPE_CHANGE, "reject.cn-registration-type-change");
		return;
	}
	/* 9.5.3: lifetime 0 or care-of = home address removes the binding */
	if (in->lifetime_s == 0 || addr_eq(&in->hoa, &in->coa)) {
		set(out, HA_DEREGISTER, MH_BA_ACCEPTED, "cn.deregistration");
		return;
	}
	if (!in->has_bce && in->cache_full) {
		set(out, HA_REJECT, MH_BA_INSUFFICIENT, "reject.cn-binding-cache-full");
		return;
	}
	/* 9.5.2: at most MAX_RR_BINDING_LIFETIME (tokens last 210 s, nonces 240 s) */
	lt = in->lifetime_s;
	if (lt > CN_MAX_RR_LIFETIME)
		lt = CN_MAX_RR_LIFETIME;
	if (in->max_lifetime_s > 0 && lt > in->max_lifetime_s)
		lt = in->max_lifetime_s;
	set(out, HA_ACCEPT, MH_BA_ACCEPTED, in->has_bce ? "cn.refresh" : "cn.registration");
	out->lifetime_s = lt;
}
