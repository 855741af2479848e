/* icmp6_err.c - the invoking packet of an ICMPv6 error (see icmp6_err.h) */
#include "config.h"

#include <string.h>

#include "icmp6_err.h"

#define IP6_HDR_LEN	40
#define NH_HOPOPTS	0
#define NH_ROUTING	43
#define NH_DSTOPTS	60
#define NH_MH		135
#define OPT_PAD1	0
#define OPT_HAO		201

/* The Home Address option of a destination options header h of hlen octets, if any. */
static void
find_hao(const uint8_t *h, size_t hlen, struct icmp6_err *out)
{
	size_t o = 2;

	while (o < hlen) {
		if (h[o] == OPT_PAD1) {
			o++;
			continue;
		}
		if (o + 2 > hlen || o + 2 + h[o + 1] > hlen)
			return;
		if (h[o] == OPT_HAO && h[o + 1] == 16) {
			memcpy(&out->hao, h + o + 2, 16);
			out->has_hao = 1;
		}
		o += 2 + (size_t)h[o + 1];
	}
}

int
icmp6_err_parse(const uint8_t *buf, size_t len, struct icmp6_err *out)
{
	const uint8_t *p;
	size_t off, n, hlen;
	uint8_t nh;

	memset(out, 0, sizeof(*out));
	out->mh_type = -1;
	if (len < 8 + IP6_HDR_LEN || (buf[0] != 1 && buf[0] != 4))
		return -1;
	out->type = buf[0];
	out->code = buf[1];
	out->pointer = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 | (uint32_t)buf[6] << 8 |
	    buf[7];
	p = buf + 8;
	n = len - 8;
	if (p[0] >> 4 != 6)
		return -1;
	memcpy(&out->src, p + 8, 16);
	memcpy(&out->dst, p + 24, 16);
	nh = p[6];
	off = IP6_HDR_LEN;
	while ((nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_DSTOPTS) && off + 8 <= n) {
		hlen = ((size_t)p[off + 1] + 1) * 8;
		if (off + hlen > n)
			return 0;
		if (nh == NH_DSTOPTS)
			find_hao(p + off, hlen, out);
		nh = p[off];
		off += hlen;
	}
	if (nh == NH_MH && off + 3 <= n)
		out->mh_type = p[off + 2];
	return 0;
}
