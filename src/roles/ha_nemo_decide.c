/* ha_nemo_decide.c - which answer a mobile router's Binding Update gets (RFC 3963 6.2, 6.6),
 * after RFC 6275's checks (ha_decide.c) let it through */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "ha_nemo.h"
#include "mh.h"
#include "mnp.h"
#include "util.h"

static void
refuse(struct ha_nemo_verdict *out, uint8_t status, const char *reason)
{
	out->status = status;
	out->reason = reason;
	out->nmnp = 0;
	out->ba_flags = 0;
}

static int
authorized(const struct ha_nemo_input *in, const struct mh_mnp *m)
{
	size_t i;

	for (i = 0; i < in->nauth; i++)
		if (mnp_within(&m->prefix, m->plen, &in->auth[i].addr, in->auth[i].plen))
			return 1;
	return 0;
}

/* The right network with the wrong length: RFC 3963 6.6 calls it an invalid prefix. */
static int
wrong_length(const struct ha_nemo_input *in, const struct mh_mnp *m)
{
	size_t i;

	for (i = 0; i < in->nauth; i++)
		if (mnp_overlap(&m->prefix, m->plen, &in->auth[i].addr, in->auth[i].plen))
			return 1;
	return 0;
}

static int
already(const struct ha_nemo_verdict *out, const struct mh_mnp *m)
{
	unsigned i;

	for (i = 0; i < out->nmnp; i++)
		if (out->mnp[i].plen == m->plen && addr_eq(&out->mnp[i].prefix, &m->prefix))
			return 1;
	return 0;
}

void
ha_nemo_decide(const struct ha_nemo_input *in, struct ha_nemo_verdict *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	/*
	 * A de-registration removes whatever the binding had, R or not (RFC 3963 6.2: the
	 * prefixes' routes go with the binding); the BA says R when the BU did and this
	 * home agent serves it as a mobile router.
	 */
	if (in->deregistration) {
		out->reason = "ha.deregistration";
		if (in->router && in->permitted)
			out->ba_flags = MH_BA_F_R;
		return;
	}
	if (!in->router) {
		/* RFC 6275 9.5.1 and RFC 3963 6.2: one binding, one kind; no change in place */
		if (in->has_bce && in->bce_router)
			refuse(out, MH_BA_REG_TYPE_CHANGE, "reject.mobile-router-flag-change");
		return;
	}
	if (in->has_bce && !in->bce_router) {
		refuse(out, MH_BA_REG_TYPE_CHANGE, "reject.mobile-router-flag-change");
		return;
	}
	/* RFC 3963 6.6: 140 when this home agent does not serve this one as a mobile router */
	if (!in->permitted) {
		refuse(out, MH_BA_MR_OP_NOT_PERMITTED, "reject.mobile-router-not-permitted");
		return;
	}
	if (in->nclaimed == 0) {
		/* implicit mode (RFC 3963 6.2): the prefixes the configuration gives it */
		if (in->nauth == 0) {
			refuse(out, MH_BA_FWD_SETUP_FAILED, "reject.mobile-router-no-prefixes");
			return;
		}
		for (i = 0; i < in->nauth && out->nmnp < BCACHE_MNP_MAX; i++) {
			out->mnp[out->nmnp].prefix = in->auth[i].addr;
			out->mnp[out->nmnp].plen = (uint8_t)in->auth[i].plen;
			out->nmnp++;
		}
	} else {
		/* explicit mode: every claimed prefix valid (141), then authorized (142) */
		for (i = 0; i < in->nclaimed; i++)
			if (mnp_problem(&in->claimed[i].prefix, in->claimed[i].plen) != NULL ||
			    (!authorized(in, &in->claimed[i]) &&
			    wrong_length(in, &in->claimed[i]))) {
				refuse(out, MH_BA_INVALID_PREFIX, "reject.invalid-prefix");
				return;
			}
		for (i = 0; i < in->nclaimed; i++) {
			if (!authorized(in, &in->claimed[i])) {
				refuse(out, MH_BA_NOT_AUTH_PREFIX, "reject.not-authorized-for-prefix");
				return;
			}
			if (!already(out, &in->claimed[i]) && out->nmnp < BCACHE_MNP_MAX) {
				out->mnp[out->nmnp].prefix = in->claimed[i].prefix;
				out->mnp[out->nmnp].plen = in->claimed[i].plen;
				out->nmnp++;
			}
		}
	}
	/* RFC 3963 4.2: R in the BA says this home agent supports the mobile router */
	out->ba_flags = MH_BA_F_R;
	out->reason = "ha.mobile-router";
}
