/* fuzz_mh.c - libFuzzer target: the Mobility Header parser, and build(parse(x)) round trips */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ha_nemo.h"
#include "mh.h"
#include "mnp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
opts_eq(const struct mh_opts *a, const struct mh_opts *b)
{
	size_t i;

	CHECK(a->present == b->present);
	if (a->present & MH_OPTF_REFRESH)
		CHECK(a->refresh == b->refresh);
	if (a->present & MH_OPTF_ALTCOA)
		CHECK(memcmp(&a->altcoa, &b->altcoa, 16) == 0);
	if (a->present & MH_OPTF_NONCE)
		CHECK(a->home_nonce == b->home_nonce && a->careof_nonce == b->careof_nonce);
	if (a->present & MH_OPTF_AUTH)
		CHECK(memcmp(a->auth, b->auth, MH_AUTH_LEN) == 0);
	CHECK(a->nmnp == b->nmnp);
	for (i = 0; i < a->nmnp; i++) {
		CHECK(a->mnp[i].plen == b->mnp[i].plen);
		CHECK(memcmp(&a->mnp[i].prefix, &b->mnp[i].prefix, 16) == 0);
	}
	if (a->present & MH_OPTF_EXP)
		CHECK(a->exp_len == b->exp_len && memcmp(a->exp, b->exp, a->exp_len) == 0);
	CHECK(b->nskipped == 0);
}

/*
 * RFC 3963: whatever prefixes a Binding Update claims, the home agent's verdict is one of its
 * statuses, registers only prefixes that are valid and inside the table, never more than
 * claimed, and says R only when it accepts.
 */
static void
nemo_verdict(const struct mh_bu *bu)
{
	static const struct conf_prefix auth[2] = {
		{ { { { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x10 } } }, 64 },
		{ { { { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x20 } } }, 48 },
	};
	struct ha_nemo_input in;
	struct ha_nemo_verdict v;
	unsigned i, j;

	memset(&in, 0, sizeof(in));
	in.router = (bu->flags & MH_BU_F_R) != 0;
	in.permitted = bu->seq & 1;
	in.has_bce = (bu->seq & 2) != 0;
	in.bce_router = (bu->seq & 4) != 0;
	in.deregistration = bu->lifetime == 0;
	in.auth = auth;
	in.nauth = bu->seq & 8 ? 0 : 2;
	in.claimed = bu->opts.mnp;
	in.nclaimed = bu->opts.nmnp;
	ha_nemo_decide(&in, &v);
	CHECK(v.status == 0 || (v.status >= MH_BA_REG_TYPE_CHANGE &&
	    v.status <= MH_BA_FWD_SETUP_FAILED));
	CHECK(v.status == 0 || v.reason != NULL);
	CHECK(v.status == 0 || (v.nmnp == 0 && v.ba_flags == 0));
	CHECK(v.nmnp <= BCACHE_MNP_MAX);
	if (in.nclaimed > 0)
		CHECK(v.nmnp <= in.nclaimed);
	for (i = 0; i < v.nmnp; i++) {
		CHECK(mnp_problem(&v.mnp[i].prefix, v.mnp[i].plen) == NULL);
		for (j = 0; j < in.nauth; j++)
			if (mnp_within(&v.mnp[i].prefix, v.mnp[i].plen, &auth[j].addr,
			    auth[j].plen))
				break;
		CHECK(j < in.nauth);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct in6_addr src = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } } };
	static const struct in6_addr dst = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 } } };
	static uint8_t out[MH_MAX_LEN];
	struct mh_msg m, m2;
	struct mh_error err;
	enum mh_reason r;
	size_t len, off;

	/* the checksum path, then everything past it */
	(void)mh_parse(data, size, &src, &dst, &m, &err);
	r = mh_parse(data, size, NULL, NULL, &m, &err);
	CHECK(r == err.reason);
	CHECK((r == MH_OK) == (err.action == MH_ACT_NONE));
	CHECK(mh_reason_str(r) != NULL && mh_reason_stat_name(r) != NULL);
	CHECK(mh_type_name(err.type) != NULL);
	if (r != MH_OK) {
		CHECK(err.pointer < size || size < 8);
		return 0;
	}
	CHECK(m.len <= size && m.len % 8 == 0);
	if (m.type == MH_TYPE_BU)
		nemo_verdict(&m.bu);

	/* a parsed message builds again, and that parses to the same values */
	len = mh_build(out, sizeof(out), &m, &off);
	CHECK(len > 0 && len % 8 == 0);
	mh_checksum_set(out, len, &src, &dst);
	CHECK(mh_parse(out, len, &src, &dst, &m2, &err) == MH_OK);
	CHECK(m2.type == m.type);
	switch (m.type) {
	case MH_TYPE_BU:
		CHECK(m.bu.seq == m2.bu.seq && m.bu.flags == m2.bu.flags &&
		    m.bu.lifetime == m2.bu.lifetime);
		break;
	case MH_TYPE_BA:
		CHECK(m.ba.status == m2.ba.status && m.ba.flags == m2.ba.flags &&
		    m.ba.seq == m2.ba.seq && m.ba.lifetime == m2.ba.lifetime);
		break;
	case MH_TYPE_BE:
		CHECK(m.be.status == m2.be.status &&
		    memcmp(&m.be.hoa, &m2.be.hoa, 16) == 0);
		break;
	case MH_TYPE_HOT:
	case MH_TYPE_COT:
		CHECK(m.hot.nonce_idx == m2.hot.nonce_idx);
		CHECK(memcmp(m.hot.cookie, m2.hot.cookie, 8) == 0);
		CHECK(memcmp(m.hot.token, m2.hot.token, 8) == 0);
		break;
	case MH_TYPE_HOTI:
	case MH_TYPE_COTI:
		CHECK(memcmp(m.hoti.cookie, m2.hoti.cookie, 8) == 0);
		break;
	}
	opts_eq(mh_msg_opts(&m), mh_msg_opts(&m2));
	if (mh_msg_opts(&m)->present & MH_OPTF_AUTH)
		CHECK(off == mh_msg_opts(&m2)->auth_off && off == len - MH_AUTH_LEN);
	return 0;
}
