/* ext_hdr.c - Home Address destination option and type 2 routing header */
#include <string.h>

#include "ext_hdr.h"

#define DSTOPT_PAD1	0
#define DSTOPT_PADN	1

size_t
ext_hao_build(uint8_t *buf, size_t cap, uint8_t nxt, const struct in6_addr *hoa)
{
	if (cap < EXT_HAO_HDR_LEN)
		return 0;
	memset(buf, 0, EXT_HAO_HDR_LEN);
	buf[0] = nxt;
	buf[1] = EXT_HAO_HDR_LEN / 8 - 1;
	/* PadN of 4 octets puts the option at 8n+6 (RFC 6275 6.3) */
	buf[2] = DSTOPT_PADN;
	buf[3] = 2;
	buf[6] = EXT_HAO_OPT_TYPE;
	buf[7] = EXT_HAO_OPT_LEN;
	memcpy(buf + 8, hoa, 16);
	return EXT_HAO_HDR_LEN;
}

/*
 * RFC 6275 6.3, 6.4: "MUST be a unicast routable address".  A link-local one is left to the
 * roles, which answer it with a Binding Acknowledgement (RFC 6275 9.5.1, 10.3.1).
 */
static int
ext_addr_ok(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_UNSPECIFIED(a) &&
	    !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

enum ext_reason
ext_hao_parse(const uint8_t *buf, size_t len, struct in6_addr *hoa, uint8_t *nxt)
{
	size_t off, total;
	int found = 0;

	if (len < 8)
		return EXT_ERR_TRUNCATED;
	total = ((size_t)buf[1] + 1) * 8;
	if (total > len)
		return EXT_ERR_TRUNCATED;
	if (nxt != NULL)
		*nxt = buf[0];
	for (off = 2; off < total;) {
		uint8_t t = buf[off], l;

		if (t == DSTOPT_PAD1) {
			off++;
			continue;
		}
		if (total - off < 2)
			return EXT_ERR_OPT_TRUNCATED;
		l = buf[off + 1];
		if (total - off - 2 < l)
			return EXT_ERR_OPT_TRUNCATED;
		if (t == EXT_HAO_OPT_TYPE) {
			if (l != EXT_HAO_OPT_LEN)
				return EXT_ERR_OPT_LEN;
			if (off % 8 != 6)
				return EXT_ERR_ALIGN;
			/* RFC 6275 6.3: at most one per packet */
			if (found)
				return EXT_ERR_DUP;
			found = 1;
			memcpy(hoa, buf + off + 2, 16);
			if (!ext_addr_ok(hoa))
				return EXT_ERR_ADDR;
		}
		off += 2 + (size_t)l;
	}
	return found ? EXT_OK : EXT_NOT_FOUND;
}

size_t
ext_rt2_build(uint8_t *buf, size_t cap, uint8_t nxt, const struct in6_addr *hoa)
{
	if (cap < EXT_RT2_HDR_LEN)
		return 0;
	memset(buf, 0, EXT_RT2_HDR_LEN);
	buf[0] = nxt;
	buf[1] = EXT_RT2_HDR_LEN / 8 - 1;
	buf[2] = EXT_RT2_TYPE;
	buf[3] = 1;
	memcpy(buf + 8, hoa, 16);
	return EXT_RT2_HDR_LEN;
}

enum ext_reason
ext_rt2_parse(const uint8_t *buf, size_t len, struct in6_addr *hoa, uint8_t *segleft,
    uint8_t *nxt)
{
	if (len < 8 || ((size_t)buf[1] + 1) * 8 > len)
		return EXT_ERR_TRUNCATED;
	if (buf[2] != EXT_RT2_TYPE)
		return EXT_ERR_BAD_TYPE;
	/* RFC 6275 6.4: Hdr Ext Len 2, Segments Left 1 */
	if (buf[1] != 2)
		return EXT_ERR_BAD_LEN;
	if (buf[3] > 1)
		return EXT_ERR_SEGLEFT;
	memcpy(hoa, buf + 8, 16);
	if (segleft != NULL)
		*segleft = buf[3];
	if (nxt != NULL)
		*nxt = buf[0];
	if (!ext_addr_ok(hoa))
		return EXT_ERR_ADDR;
	return EXT_OK;
}

const char *
ext_reason_str(enum ext_reason r)
{
	static const char *const s[EXT_REASON_MAX] = {
		[EXT_OK] = "ok",
		[EXT_NOT_FOUND] = "no home address option",
		[EXT_ERR_TRUNCATED] = "truncated",
		[EXT_ERR_OPT_TRUNCATED] = "option truncated",
		[EXT_ERR_OPT_LEN] = "bad home address option length",
		[EXT_ERR_ALIGN] = "misaligned home address option",
		[EXT_ERR_DUP] = "duplicate home address option",
		[EXT_ERR_BAD_TYPE] = "routing type not 2",
		[EXT_ERR_BAD_LEN] = "bad type 2 routing header length",
		[EXT_ERR_SEGLEFT] = "segments left not 0 or 1",
		[EXT_ERR_ADDR] = "home address not unicast routable",
	};

	return (unsigned)r < EXT_REASON_MAX ? s[r] : "unknown reason";
}
