/* mh.c - Mobility Header parser: strict validation with the RFC 6275 9.2 verdict */
#include <string.h>

#include "mh.h"

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Length of the fixed part of each message this node processes; 0 for any other type. */
static size_t
mh_min_len(uint8_t type)
{
	switch (type) {
	case MH_TYPE_BRR:	return MH_BRR_LEN;
	case MH_TYPE_HOTI:	return MH_HOTI_LEN;
	case MH_TYPE_COTI:	return MH_COTI_LEN;
	case MH_TYPE_HOT:	return MH_HOT_LEN;
	case MH_TYPE_COT:	return MH_COT_LEN;
	case MH_TYPE_BU:	return MH_BU_LEN;
	case MH_TYPE_BA:	return MH_BA_LEN;
	case MH_TYPE_BE:	return MH_BE_LEN;
	default:		return 0;
	}
}

/*
 * Which options each message may carry (RFC 6275 6.1.2 - 6.1.9, RFC 3963 6.2, RFC 5096: the
 * Experimental option anywhere).  Options valid elsewhere are skipped like unknown ones.
 */
static int
mh_opt_valid(uint8_t type, uint8_t opt)
{
	switch (opt) {
	case MH_OPT_EXP:
		return 1;
	case MH_OPT_REFRESH:
		return type == MH_TYPE_BA;
	case MH_OPT_ALTCOA:
	case MH_OPT_NONCE:
	case MH_OPT_MNP:
		return type == MH_TYPE_BU;
	case MH_OPT_AUTH:
		return type == MH_TYPE_BU || type == MH_TYPE_BA;
	default:
		return 0;
	}
}

static enum mh_reason
mh_opt_fail(enum mh_reason r, size_t off, uint32_t *ptr)
{
	*ptr = (uint32_t)off;
	return r;
}

/*
 * RFC 6275 6.2: type-length-value options from off to end.  Known options must have their
 * exact length and alignment (6.2.3 - 6.2.7, RFC 3963 6.2: 8n+4); the Binding Authorization
 * Data must be the last option (6.2.7); unknown ones are skipped (6.2.1).
 */
static enum mh_reason
mh_parse_opts(const uint8_t *buf, size_t off, size_t end, uint8_t type, struct mh_opts *o,
    uint32_t *ptr)
{
	while (off < end) {
		uint8_t t = buf[off], l;

		if (o->present & MH_OPTF_AUTH)
			return mh_opt_fail(MH_ERR_OPT_AUTH_NOT_LAST, off, ptr);
		if (t == MH_OPT_PAD1) {
			off++;
			continue;
		}
		if (end - off < 2)
			return mh_opt_fail(MH_ERR_OPT_TRUNCATED, off, ptr);
		l = buf[off + 1];
		if (end - off - 2 < l)
			return mh_opt_fail(MH_ERR_OPT_TRUNCATED, off + 1, ptr);
		if (t == MH_OPT_PADN)
			goto next;	/* contents ignored on receipt (6.2.2) */
		if (!mh_opt_valid(type, t)) {
			if (o->nskipped < UINT8_MAX)
				o->nskipped++;
			goto next;
		}
		switch (t) {
		case MH_OPT_REFRESH:
			if (l != 2)
				return mh_opt_fail(MH_ERR_OPT_LEN, off + 1, ptr);
			if (off % 2)
				return mh_opt_fail(MH_ERR_OPT_ALIGN, off, ptr);
			if (o->present & MH_OPTF_REFRESH)
				return mh_opt_fail(MH_ERR_OPT_DUP, off, ptr);
			o->present |= MH_OPTF_REFRESH;
			o->refresh = get16(buf + off + 2);
			break;
		case MH_OPT_ALTCOA:
			if (l != 16)
				return mh_opt_fail(MH_ERR_OPT_LEN, off + 1, ptr);
			if (off % 8 != 6)
				return mh_opt_fail(MH_ERR_OPT_ALIGN, off, ptr);
			if (o->present & MH_OPTF_ALTCOA)
				return mh_opt_fail(MH_ERR_OPT_DUP, off, ptr);
			o->present |= MH_OPTF_ALTCOA;
			memcpy(&o->altcoa, buf + off + 2, 16);
			break;
		case MH_OPT_NONCE:
			if (l != 4)
				return mh_opt_fail(MH_ERR_OPT_LEN, off + 1, ptr);
			if (off % 2)
				return mh_opt_fail(MH_ERR_OPT_ALIGN, off, ptr);
			if (o->present & MH_OPTF_NONCE)
				return mh_opt_fail(MH_ERR_OPT_DUP, off, ptr);
			o->present |= MH_OPTF_NONCE;
			o->home_nonce = get16(buf + off + 2);
			o->careof_nonce = get16(buf + off + 4);
			break;
		case MH_OPT_AUTH:
			if (l != MH_AUTH_LEN)
				return mh_opt_fail(MH_ERR_OPT_LEN, off + 1, ptr);
			if (off % 8 != 2)
				return mh_opt_fail(MH_ERR_OPT_ALIGN, off, ptr);
			o->present |= MH_OPTF_AUTH;
			o->auth = buf + off + 2;
			o->auth_off = (uint16_t)(off + 2);
			break;
		case MH_OPT_MNP:
			if (l != 18)
				return mh_opt_fail(MH_ERR_OPT_LEN, off + 1, ptr);
			if (off % 8 != 4)
				return mh_opt_fail(MH_ERR_OPT_ALIGN, off, ptr);
			if (buf[off + 3] > 128)
				return mh_opt_fail(MH_ERR_OPT_VALUE, off + 3, ptr);
			if (o->nmnp >= MH_MAX_MNP)
				return mh_opt_fail(MH_ERR_OPT_TOO_MANY, off, ptr);
			o->present |= MH_OPTF_MNP;
			o->mnp[o->nmnp].plen = buf[off + 3];
			memcpy(&o->mnp[o->nmnp].prefix, buf + off + 4, 16);
			o->nmnp++;
			break;
		case MH_OPT_EXP:
			if (!(o->present & MH_OPTF_EXP)) {
				o->present |= MH_OPTF_EXP;
				o->exp = buf + off + 2;
				o->exp_len = l;
			}
			break;
		}
 next:
		off += 2 + (size_t)l;
	}
	return MH_OK;
}

static enum mh_reason
mh_fail(struct mh_error *err, enum mh_reason r, enum mh_action a, uint32_t ptr)
{
	err->reason = r;
	err->action = a;
	err->pointer = ptr;
	return r;
}

enum mh_reason
mh_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst, struct mh_msg *out, struct mh_error *err)
{
	struct mh_error scratch;
	struct mh_opts *o;
	enum mh_reason r;
	size_t total, min;
	uint8_t type;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	memset(out, 0, sizeof(*out));

	/* RFC 6275 6.1.1: at least the 8 octets every Mobility Header has */
	if (len < 8)
		return mh_fail(err, MH_ERR_TRUNCATED, MH_DROP, MH_OFF_HLEN);
	type = err->type = out->type = buf[MH_OFF_TYPE];
	total = ((size_t)buf[MH_OFF_HLEN] + 1) * 8;
	if (total > len)
		return mh_fail(err, MH_ERR_TRUNCATED, MH_DROP, MH_OFF_HLEN);
	out->len = (uint16_t)total;

	/* RFC 6275 9.2, in its order: checksum, payload proto, header length */
	if (src != NULL && dst != NULL && !mh_checksum_ok(buf, total, src, dst))
		return mh_fail(err, MH_ERR_CHECKSUM, MH_DROP, MH_OFF_CKSUM);
	if (buf[MH_OFF_PROTO] != IPPROTO_NONE)
		return mh_fail(err, MH_ERR_BAD_PROTO, MH_SEND_PARAMPROB, MH_OFF_PROTO);
	/* RFC 6275 6.1.1: an unrecognised type is answered with Binding Error status 2 */
	if ((min = mh_min_len(type)) == 0)
		return mh_fail(err, MH_ERR_UNKNOWN_TYPE, MH_SEND_BE_2, MH_OFF_TYPE);
	if (total < min)
		return mh_fail(err, MH_ERR_BAD_LEN, MH_SEND_PARAMPROB, MH_OFF_HLEN);

	/* Fixed fields; reserved fields are ignored on receipt. */
	switch (type) {
	case MH_TYPE_BRR:
		o = &out->brr.opts;
		break;
	case MH_TYPE_HOTI:
		memcpy(out->hoti.cookie, buf + 8, 8);
		o = &out->hoti.opts;
		break;
	case MH_TYPE_COTI:
		memcpy(out->coti.cookie, buf + 8, 8);
		o = &out->coti.opts;
		break;
	case MH_TYPE_HOT:
		out->hot.nonce_idx = get16(buf + 6);
		memcpy(out->hot.cookie, buf + 8, 8);
		memcpy(out->hot.token, buf + 16, 8);
		o = &out->hot.opts;
		break;
	case MH_TYPE_COT:
		out->cot.nonce_idx = get16(buf + 6);
		memcpy(out->cot.cookie, buf + 8, 8);
		memcpy(out->cot.token, buf + 16, 8);
		o = &out->cot.opts;
		break;
	case MH_TYPE_BU:
		out->bu.seq = get16(buf + 6);
		out->bu.flags = get16(buf + 8) & MH_BU_F_ALL;
		out->bu.lifetime = get16(buf + 10);
		o = &out->bu.opts;
		break;
	case MH_TYPE_BA:
		out->ba.status = buf[6];
		out->ba.flags = buf[7] & MH_BA_F_ALL;
		out->ba.seq = get16(buf + 8);
		out->ba.lifetime = get16(buf + 10);
		o = &out->ba.opts;
		break;
	default: /* MH_TYPE_BE */
		out->be.status = buf[6];
		memcpy(&out->be.hoa, buf + 8, 16);
		o = &out->be.opts;
		break;
	}

	/* Option errors have no RFC answer: silent discard */
	r = mh_parse_opts(buf, min, total, type, o, &err->pointer);
	if (r != MH_OK)
		return mh_fail(err, r, MH_DROP, err->pointer);
	return MH_OK;
}

const struct mh_opts *
mh_msg_opts(const struct mh_msg *m)
{
	switch (m->type) {
	case MH_TYPE_HOTI:	return &m->hoti.opts;
	case MH_TYPE_COTI:	return &m->coti.opts;
	case MH_TYPE_HOT:	return &m->hot.opts;
	case MH_TYPE_COT:	return &m->cot.opts;
	case MH_TYPE_BU:	return &m->bu.opts;
	case MH_TYPE_BA:	return &m->ba.opts;
	case MH_TYPE_BE:	return &m->be.opts;
	default:		return &m->brr.opts;
	}
}
