/* nd_msg.c - DAD's Neighbour Solicitation out, Neighbour Advertisements and rival probes in */
#include "config.h"

#include <string.h>

#include "mh.h"		/* in6_cksum */
#include "nd_msg.h"
#include "util.h"

#define IP6_HLEN	40
#define ND_NS_TYPE	135
#define ND_NA_TYPE	136
#define ND_HDR_LEN	24	/* type, code, checksum, 4 octets, target */
#define ND_OPT_SLLA	1

void
nd_solicited_node(const struct in6_addr *a, struct in6_addr *out)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };

	memcpy(out->s6_addr, pfx, sizeof(pfx));
	memcpy(out->s6_addr + 13, a->s6_addr + 13, 3);
}

size_t
nd_dad_ns_build(uint8_t *buf, size_t cap, const struct in6_addr *target)
{
	struct in6_addr dst;
	uint8_t *ns = buf + IP6_HLEN;
	uint16_t c;

	if (cap < ND_DAD_NS_LEN)
		return 0;
	memset(buf, 0, ND_DAD_NS_LEN);
	nd_solicited_node(target, &dst);
	buf[0] = 0x60;
	buf[5] = ND_HDR_LEN;			/* payload length */
	buf[6] = IPPROTO_ICMPV6;
	buf[7] = 255;				/* RFC 4861 7.1.1: hop limit 255 */
	/* source: the unspecified address, already zero (RFC 4862 5.4.2) */
	memcpy(buf + 24, dst.s6_addr, 16);
	ns[0] = ND_NS_TYPE;
	memcpy(ns + 8, target->s6_addr, 16);
	c = in6_cksum(&in6addr_any, &dst, IPPROTO_ICMPV6, ns, ND_HDR_LEN);
	ns[2] = c >> 8;
	ns[3] = c & 0xff;
	return ND_DAD_NS_LEN;
}

/* RFC 4861 7.1.1, 7.1.2: every option has a non-zero length and fits; *slla when a Source
 * Link-Layer Address option is there.  0, or -1 when the options are malformed. */
static int
opts_ok(const uint8_t *p, size_t len, int *slla)
{
	size_t olen;

	*slla = 0;
	while (len > 0) {
		if (len < 2 || p[1] == 0 || (olen = (size_t)p[1] * 8) > len)
			return -1;
		if (p[0] == ND_OPT_SLLA)
			*slla = 1;
		p += olen;
		len -= olen;
	}
	return 0;
}

enum nd_msg_kind
nd_msg_parse(const uint8_t *pkt, size_t len, struct in6_addr *target)
{
	struct in6_addr src, dst, sn;
	const uint8_t *icmp = pkt + IP6_HLEN;
	size_t plen;
	int slla;

	if (len < IP6_HLEN + ND_HDR_LEN || (pkt[0] >> 4) != 6)
		return ND_MSG_IGNORE;
	plen = (size_t)pkt[4] << 8 | pkt[5];
	/* No extension header: ND messages have none, and a packet socket gives the frame's
	 * padding too, so the payload length decides. */
	if (plen < ND_HDR_LEN || plen > len - IP6_HLEN || pkt[6] != IPPROTO_ICMPV6 ||
	    pkt[7] != 255)
		return ND_MSG_IGNORE;
	if ((icmp[0] != ND_NS_TYPE && icmp[0] != ND_NA_TYPE) || icmp[1] != 0)
		return ND_MSG_IGNORE;
	memcpy(src.s6_addr, pkt + 8, 16);
	memcpy(dst.s6_addr, pkt + 24, 16);
	if (in6_cksum(&src, &dst, IPPROTO_ICMPV6, icmp, plen) != 0)
		return ND_MSG_IGNORE;
	memcpy(target->s6_addr, icmp + 8, 16);
	if (addr_is_multicast(target) || opts_ok(icmp + ND_HDR_LEN, plen - ND_HDR_LEN, &slla) < 0)
		return ND_MSG_IGNORE;
	if (icmp[0] == ND_NA_TYPE) {
		/* RFC 4861 7.1.2: an NA to a multicast address has S clear */
		if (addr_is_multicast(&dst) && (icmp[4] & 0x40))
			return ND_MSG_IGNORE;
		return ND_MSG_NA;
	}
	/* An NS from a real source is address resolution or reachability, not a probe. */
	if (!addr_is_unspecified(&src))
		return ND_MSG_IGNORE;
	/* RFC 4861 7.1.1: from ::, to the solicited-node address, without SLLA */
	nd_solicited_node(target, &sn);
	if (!addr_eq(&dst, &sn) || slla)
		return ND_MSG_IGNORE;
	return ND_MSG_DAD_NS;
}
