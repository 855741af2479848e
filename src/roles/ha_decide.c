/* ha_decide.c - which answer a home registration Binding Update gets, in the RFC's order */
#include "config.h"

#include <string.h>

#include "bcache.h"
#include "ha_decide.h"
#include "util.h"

/* BA status codes used here (RFC 6275 6.1.8) */
#define BA_ACCEPTED		0
#define BA_PROHIBITED		129
#define BA_NO_RESOURCES		130
#define BA_HOMEREG_NOT_SUPP	131
#define BA_NOT_HOME_SUBNET	132
#define BA_NOT_HA_FOR_MN	133
#define BA_SEQ_OUT_OF_WINDOW	135
#define BA_REG_TYPE_CHANGE	139

/* RFC 6275 9.5.1: "a unicast routable home address" */
static int
routable_unicast(const struct in6_addr *a)
{
	return !addr_is_unspecified(a) && !addr_is_multicast(a) && !addr_is_linklocal(a) &&
	    !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

static void
reject(struct ha_bu_verdict *out, const struct ha_bu_input *in, uint8_t status,
    const char *reason)
{
	out->action = HA_REJECT;
	out->status = status;
	out->ba_seq = in->seq;
	out->lifetime_s = 0;
	out->reason = reason;
}

void
ha_bu_decide(const struct ha_bu_input *in, struct ha_bu_verdict *out)
{
	uint32_t lt;

	memset(out, 0, sizeof(*out));
	out->ba_seq = in->seq;

	/* RFC 6275 9.5.1: checks whose failure means silent discard */
	if (!routable_unicast(&in->hoa)) {
		out->action = HA_DROP;
		out->reason = "drop.hoa-not-routable";
		return;
	}
	/* 9.5.1: a home registration MUST NOT carry Nonce Indices; it cannot be valid. */
	if (in->home_reg && in->has_nonce_indices) {
		out->action = HA_DROP;
		out->reason = "drop.nonce-indices-in-home-registration";
		return;
	}
	/* 9.5.1: the sequence number must be newer; the BA carries the last accepted one. */
	if (in->has_bce && !bcache_seq_newer(in->seq, in->bce_seq)) {
		reject(out, in, BA_SEQ_OUT_OF_WINDOW, "reject.sequence-out-of-window");
		out->ba_seq = in->bce_seq;
		return;
	}
	/* 10.3.1: home registration where this node is no home agent */
	if (!in->is_ha) {
		reject(out, in, BA_HOMEREG_NOT_SUPP, "reject.not-a-home-agent");
		return;
	}
	/* 10.3.2: de-registration needs an existing home registration */
	if (in->lifetime_s == 0 || addr_eq(&in->hoa, &in->coa)) {
		if (!in->has_bce || !in->bce_home) {
			reject(out, in, BA_NOT_HA_FOR_MN, "reject.deregistration-without-binding");
			return;
		}
		out->action = HA_DEREGISTER;
		out->status = BA_ACCEPTED;
		out->reason = "ha.deregistration";
		return;
	}
	/* 10.3.1: the home address must be on-link for one of our home prefixes */
	if (!in->on_home_prefix) {
		reject(out, in, BA_NOT_HOME_SUBNET, "reject.not-home-subnet");
		return;
	}
	if (!in->to_right_ha) {
		reject(out, in, BA_NOT_HA_FOR_MN, "reject.not-home-agent-for-mn");
		return;
	}
	if (!in->acl_allows) {
		reject(out, in, BA_PROHIBITED, "reject.administratively-prohibited");
		return;
	}
	/* 9.5.1: a correspondent binding may not turn into a home registration in place */
	if (in->has_bce && !in->bce_home) {
		reject(out, in, BA_REG_TYPE_CHANGE, "reject.registration-type-change");
		return;
	}
	if (!in->has_bce && in->cache_full) {
		reject(out, in, BA_NO_RESOURCES, "reject.binding-cache-full");
		return;
	}
	/* 10.3.1: no longer than the home prefix stays valid, nor than our own maximum */
	lt = in->lifetime_s;
	if (lt > in->max_lifetime_s)
		lt = in->max_lifetime_s;
	if (lt > in->prefix_valid_s)
		lt = in->prefix_valid_s;
	if (lt == 0) {
		/* Prefix about to expire: nothing to grant (4-second units). */
		reject(out, in, BA_NOT_HOME_SUBNET, "reject.home-prefix-expired");
		return;
	}
	out->action = HA_ACCEPT;
	out->status = BA_ACCEPTED;
	out->lifetime_s = lt;
	out->first = !in->has_bce;
	out->reason = in->has_bce ? "ha.refresh" : "ha.first-registration";
}
