/* icmp6.c - parse and build the ICMPv6 messages of Mobile IPv6 (RFC 6275 6.5 - 6.8, 7.1 - 7.4) */
#include <string.h>

#include "icmp6.h"
#include "mh.h"		/* in6_cksum */

#define ICMP6_HDR_LEN		8	/* type, code, checksum, 4 octets per message */
#define RA_LEN			16
#define ND_OPT_PREFIX_LEN	32

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* RFC 4861 4.6.2 with RFC 6275 7.2 (R flag); RFC 4862 5.5.3 c) for the lifetimes */
static enum icmp6_reason
icmp6_prefix_parse(const uint8_t *p, struct icmp6_prefix *pi)
{
	pi->plen = p[2];
	pi->flags = p[3];
	pi->valid = get32(p + 4);
	pi->preferred = get32(p + 8);
	memcpy(&pi->prefix, p + 16, 16);
	if (pi->plen > 128)
		return ICMP6_ERR_PREFIX_LEN;
	if (pi->valid < pi->preferred)
		return ICMP6_ERR_LIFETIME;
	return ICMP6_OK;
}

/*
 * Walk Neighbor Discovery options from off to len.  An option of length 0 or one running past
 * the end ends the walk with an error: the loop always advances by at least 8 octets.
 * Prefix Information options go to prefix[] (up to ICMP6_MAX_PREFIX), RA-only options to ra.
 */
static enum icmp6_reason
icmp6_opts_parse(const uint8_t *buf, size_t off, size_t len, struct icmp6_ra *ra,
    struct icmp6_prefix *prefix, uint8_t *nprefix, uint8_t *more)
{
	enum icmp6_reason r;

	while (off < len) {
		const uint8_t *p = buf + off;
		size_t olen;

		if (len - off < 2 || p[1] == 0)
			return ICMP6_ERR_OPT_TRUNCATED;
		olen = (size_t)p[1] * 8;
		if (olen > len - off)
			return ICMP6_ERR_OPT_TRUNCATED;
		switch (p[0]) {
		case ND_OPT_T_PREFIX:
			if (olen != ND_OPT_PREFIX_LEN)
				return ICMP6_ERR_OPT_LEN;
			if (*nprefix >= ICMP6_MAX_PREFIX) {
				struct icmp6_prefix scratch;

				if ((r = icmp6_prefix_parse(p, &scratch)) != ICMP6_OK)
					return r;
				*more = 1;
				break;
			}
			if ((r = icmp6_prefix_parse(p, &prefix[*nprefix])) != ICMP6_OK)
				return r;
			(*nprefix)++;
			break;
		case ND_OPT_T_ADV_INTERVAL:
			if (ra == NULL)
				break;
			if (olen != 8)
				return ICMP6_ERR_OPT_LEN;
			if (!(ra->present & ICMP6_RA_ADV_INTERVAL)) {
				ra->present |= ICMP6_RA_ADV_INTERVAL;
				ra->adv_interval = get32(p + 4);
			}
			break;
		case ND_OPT_T_HA_INFO:
			if (ra == NULL)
				break;
			if (olen != 8)
				return ICMP6_ERR_OPT_LEN;
			if (!(ra->present & ICMP6_RA_HA_INFO)) {
				ra->present |= ICMP6_RA_HA_INFO;
				ra->ha_pref = (int16_t)get16(p + 4);
				ra->ha_lifetime = get16(p + 6);
			}
			break;
		default:
			break;	/* RFC 4861 4.6: unknown options are ignored */
		}
		off += olen;
	}
	return ICMP6_OK;
}

enum icmp6_reason
icmp6_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst, struct icmp6_msg *out)
{
	size_t i, n;

	memset(out, 0, offsetof(struct icmp6_msg, haad_req));
	if (len < ICMP6_HDR_LEN)
		return ICMP6_ERR_TRUNCATED;
	out->type = buf[0];
	out->code = buf[1];
	switch (out->type) {
	case ICMP6_RA_TYPE:
	case ICMP6_HAAD_REQ_TYPE:
	case ICMP6_HAAD_REP_TYPE:
	case ICMP6_MPS_TYPE:
	case ICMP6_MPA_TYPE:
		break;
	default:
		return ICMP6_ERR_UNKNOWN_TYPE;
	}
	if (src != NULL && dst != NULL && in6_cksum(src, dst, IPPROTO_ICMPV6, buf, len) != 0)
		return ICMP6_ERR_CHECKSUM;
	if (out->code != 0)
		return ICMP6_ERR_CODE;

	switch (out->type) {
	case ICMP6_HAAD_REQ_TYPE:
		memset(&out->haad_req, 0, sizeof(out->haad_req));
		out->haad_req.id = get16(buf + 4);
		out->haad_req.flags = get16(buf + 6) & ICMP6_HAAD_F_R;
		return ICMP6_OK;
	case ICMP6_HAAD_REP_TYPE:
		memset(&out->haad_rep, 0, offsetof(struct icmp6_haad_rep, addr));
		out->haad_rep.id = get16(buf + 4);
		out->haad_rep.flags = get16(buf + 6) & ICMP6_HAAD_F_R;
		if ((len - ICMP6_HDR_LEN) % 16)
			return ICMP6_ERR_LEN;
		n = (len - ICMP6_HDR_LEN) / 16;
		if (n > ICMP6_HAAD_MAX) {
			n = ICMP6_HAAD_MAX;
			out->haad_rep.more = 1;
		}
		for (i = 0; i < n; i++)
			memcpy(&out->haad_rep.addr[i], buf + ICMP6_HDR_LEN + 16 * i, 16);
		out->haad_rep.naddr = (uint8_t)n;
		return ICMP6_OK;
	case ICMP6_MPS_TYPE:
		memset(&out->mps, 0, sizeof(out->mps));
		out->mps.id = get16(buf + 4);
		return ICMP6_OK;
	case ICMP6_MPA_TYPE:
		/* RFC 6275 6.8: Prefix Information options only; others are ignored */
		memset(&out->mpa, 0, offsetof(struct icmp6_mpa, prefix));
		out->mpa.id = get16(buf + 4);
		out->mpa.flags = get16(buf + 6) & (ICMP6_MPA_F_M | ICMP6_MPA_F_O);
		return icmp6_opts_parse(buf, ICMP6_HDR_LEN, len, NULL, out->mpa.prefix,
		    &out->mpa.nprefix, &out->mpa.more);
	default: /* ICMP6_RA_TYPE */
		memset(&out->ra, 0, offsetof(struct icmp6_ra, prefix));
		if (len < RA_LEN)
			return ICMP6_ERR_TRUNCATED;
		out->ra.hoplimit = buf[4];
		out->ra.flags = buf[5];
		out->ra.lifetime = get16(buf + 6);
		out->ra.reachable = get32(buf + 8);
		out->ra.retrans = get32(buf + 12);
		return icmp6_opts_parse(buf, RA_LEN, len, &out->ra, out->ra.prefix,
		    &out->ra.nprefix, &out->ra.more);
	}
}

static uint8_t *
icmp6_start(uint8_t *buf, size_t cap, size_t len, uint8_t type)
{
	if (cap < len)
		return NULL;
	memset(buf, 0, len);
	buf[0] = type;
	return buf;
}

size_t
icmp6_build_haad_req(uint8_t *buf, size_t cap, const struct icmp6_haad_req *m)
{
	if (icmp6_start(buf, cap, ICMP6_HDR_LEN, ICMP6_HAAD_REQ_TYPE) == NULL)
		return 0;
	put16(buf + 4, m->id);
	put16(buf + 6, m->flags & ICMP6_HAAD_F_R);
	return ICMP6_HDR_LEN;
}

size_t
icmp6_build_haad_rep(uint8_t *buf, size_t cap, const struct icmp6_haad_rep *m)
{
	size_t i, n = m->naddr < ICMP6_HAAD_MAX ? m->naddr : ICMP6_HAAD_MAX;
	size_t len = ICMP6_HDR_LEN + 16 * n;

	if (icmp6_start(buf, cap, len, ICMP6_HAAD_REP_TYPE) == NULL)
		return 0;
	put16(buf + 4, m->id);
	put16(buf + 6, m->flags & ICMP6_HAAD_F_R);
	for (i = 0; i < n; i++)
		memcpy(buf + ICMP6_HDR_LEN + 16 * i, &m->addr[i], 16);
	return len;
}

size_t
icmp6_build_mps(uint8_t *buf, size_t cap, const struct icmp6_mps *m)
{
	if (icmp6_start(buf, cap, ICMP6_HDR_LEN, ICMP6_MPS_TYPE) == NULL)
		return 0;
	put16(buf + 4, m->id);
	return ICMP6_HDR_LEN;
}

static void
icmp6_prefix_put(uint8_t *p, const struct icmp6_prefix *pi)
{
	p[0] = ND_OPT_T_PREFIX;
	p[1] = ND_OPT_PREFIX_LEN / 8;
	p[2] = pi->plen;
	p[3] = pi->flags;
	put32(p + 4, pi->valid);
	put32(p + 8, pi->preferred);
	memcpy(p + 16, &pi->prefix, 16);
}

size_t
icmp6_build_mpa(uint8_t *buf, size_t cap, const struct icmp6_mpa *m)
{
	size_t i, n = m->nprefix < ICMP6_MAX_PREFIX ? m->nprefix : ICMP6_MAX_PREFIX;
	size_t len = ICMP6_HDR_LEN + ND_OPT_PREFIX_LEN * n;

	if (icmp6_start(buf, cap, len, ICMP6_MPA_TYPE) == NULL)
		return 0;
	put16(buf + 4, m->id);
	put16(buf + 6, m->flags & (ICMP6_MPA_F_M | ICMP6_MPA_F_O));
	for (i = 0; i < n; i++)
		icmp6_prefix_put(buf + ICMP6_HDR_LEN + ND_OPT_PREFIX_LEN * i, &m->prefix[i]);
	return len;
}

size_t
icmp6_build_ra(uint8_t *buf, size_t cap, const struct icmp6_ra *m)
{
	size_t i, n = m->nprefix < ICMP6_MAX_PREFIX ? m->nprefix : ICMP6_MAX_PREFIX;
	size_t len = RA_LEN + ND_OPT_PREFIX_LEN * n, off = RA_LEN;

	if (m->present & ICMP6_RA_ADV_INTERVAL)
		len += 8;
	if (m->present & ICMP6_RA_HA_INFO)
		len += 8;
	if (icmp6_start(buf, cap, len, ICMP6_RA_TYPE) == NULL)
		return 0;
	buf[4] = m->hoplimit;
	buf[5] = m->flags;
	put16(buf + 6, m->lifetime);
	put32(buf + 8, m->reachable);
	put32(buf + 12, m->retrans);
	if (m->present & ICMP6_RA_ADV_INTERVAL) {
		buf[off] = ND_OPT_T_ADV_INTERVAL;
		buf[off + 1] = 1;
		put32(buf + off + 4, m->adv_interval);
		off += 8;
	}
	if (m->present & ICMP6_RA_HA_INFO) {
		buf[off] = ND_OPT_T_HA_INFO;
		buf[off + 1] = 1;
		put16(buf + off + 4, (uint16_t)m->ha_pref);
		put16(buf + off + 6, m->ha_lifetime);
		off += 8;
	}
	for (i = 0; i < n; i++, off += ND_OPT_PREFIX_LEN)
		icmp6_prefix_put(buf + off, &m->prefix[i]);
	return len;
}

void
icmp6_checksum_set(uint8_t *buf, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst)
{
	uint16_t c;

	if (len < 4)
		return;
	buf[2] = buf[3] = 0;
	c = in6_cksum(src, dst, IPPROTO_ICMPV6, buf, len);
	put16(buf + 2, c);
}

const char *
icmp6_type_name(uint8_t type)
{
	switch (type) {
	case ICMP6_RA_TYPE:		return "Router Advertisement";
	case ICMP6_HAAD_REQ_TYPE:	return "Home Agent Address Discovery Request";
	case ICMP6_HAAD_REP_TYPE:	return "Home Agent Address Discovery Reply";
	case ICMP6_MPS_TYPE:		return "Mobile Prefix Solicitation";
	case ICMP6_MPA_TYPE:		return "Mobile Prefix Advertisement";
	default:			return "other";
	}
}

const char *
icmp6_type_stat_name(uint8_t type)
{
	switch (type) {
	case ICMP6_RA_TYPE:		return "rx.ra";
	case ICMP6_HAAD_REQ_TYPE:	return "rx.haad-req";
	case ICMP6_HAAD_REP_TYPE:	return "rx.haad-rep";
	case ICMP6_MPS_TYPE:		return "rx.mps";
	case ICMP6_MPA_TYPE:		return "rx.mpa";
	default:			return "rx.icmp6-other";
	}
}

static const struct {
	const char	*str;
	const char	*stat;
} icmp6_reasons[ICMP6_REASON_MAX] = {
	[ICMP6_OK] = { "ok", "rx.icmp6-ok" },
	[ICMP6_ERR_TRUNCATED] = { "truncated", "drop.icmp6-truncated" },
	[ICMP6_ERR_CHECKSUM] = { "bad checksum", "drop.icmp6-checksum" },
	[ICMP6_ERR_UNKNOWN_TYPE] = { "not a Mobile IPv6 type", "drop.icmp6-type" },
	[ICMP6_ERR_CODE] = { "code not 0", "drop.icmp6-code" },
	[ICMP6_ERR_LEN] = { "bad length", "drop.icmp6-length" },
	[ICMP6_ERR_OPT_TRUNCATED] = { "option length 0 or truncated",
	    "drop.icmp6-opt-truncated" },
	[ICMP6_ERR_OPT_LEN] = { "bad option length", "drop.icmp6-opt-length" },
	[ICMP6_ERR_PREFIX_LEN] = { "prefix length above 128", "drop.icmp6-prefix-length" },
	[ICMP6_ERR_LIFETIME] = { "valid lifetime below preferred lifetime",
	    "drop.icmp6-lifetime" },
};

const char *
icmp6_reason_str(enum icmp6_reason r)
{
	return (unsigned)r < ICMP6_REASON_MAX ? icmp6_reasons[r].str : "unknown reason";
}

const char *
icmp6_reason_stat_name(enum icmp6_reason r)
{
	return (unsigned)r < ICMP6_REASON_MAX ? icmp6_reasons[r].stat : "drop.icmp6-other";
}
