/* mld_msg.c - MLDv2 Queries in, Reports out (RFC 3810), for the home agent's ND proxy: the
 * solicited-node groups of the home addresses it answers for, reported without joining them */
#include "config.h"

#include <string.h>

#include "mh.h"		/* in6_cksum */
#include "mld_msg.h"
#include "util.h"

#define IP6_HLEN	40
#define HBH_LEN		8	/* Hop-by-Hop: Router Alert and PadN (RFC 2711) */
#define MLD_QUERY	130
#define MLD2_REPORT	143
#define MLD_QUERY_MIN	24	/* an MLDv1 query's size; an MLDv2 one has 28 and more */
#define REC_LEN		20	/* record type, aux length, sources, group: no source, no aux */

int
mld_query_parse(const uint8_t *pkt, size_t len, struct in6_addr *group, uint32_t *max_delay_ms)
{
	uint16_t code;

	const uint8_t *hbh = pkt + IP6_HLEN, *icmp;
	struct in6_addr src, dst;
	size_t plen, hlen;

	if (len < IP6_HLEN + 8 || (pkt[0] >> 4) != 6)
		return -1;
	plen = (size_t)pkt[4] << 8 | pkt[5];
	/* RFC 3810 5: hop limit 1; a query carries a Router Alert, so a Hop-by-Hop header */
	if (plen > len - IP6_HLEN || pkt[6] != 0 || pkt[7] != 1 || plen < 8)
		return -1;
	hlen = ((size_t)hbh[1] + 1) * 8;
	if (hbh[0] != IPPROTO_ICMPV6 || hlen + MLD_QUERY_MIN > plen)
		return -1;
	icmp = hbh + hlen;
	if (icmp[0] != MLD_QUERY || icmp[1] != 0)
		return -1;
	memcpy(src.s6_addr, pkt + 8, 16);
	memcpy(dst.s6_addr, pkt + 24, 16);
	/* RFC 3810 5.1.14: from a link-local source; to a multicast address */
	if (!addr_is_linklocal(&src) || !addr_is_multicast(&dst))
		return -1;
	if (in6_cksum(&src, &dst, IPPROTO_ICMPV6, icmp, plen - hlen) != 0)
		return -1;
	memcpy(group->s6_addr, icmp + 8, 16);
	/* a general query (::), or one for a group: a multicast address */
	if (!addr_is_unspecified(group) && !addr_is_multicast(group))
		return -1;
	/*
	 * RFC 3810 5.1.3: the Maximum Response Code, ms below 32768, else a floating point
	 * value; an MLDv1 query's Maximum Response Delay (RFC 2710 3.4) is the same field in ms
	 */
	code = (uint16_t)(icmp[4] << 8 | icmp[5]);
	if (plen - hlen == MLD_QUERY_MIN || code < 32768)
		*max_delay_ms = code;
	else
		*max_delay_ms = (uint32_t)((code & 0x0fff) | 0x1000) << (((code >> 12) & 7) + 3);
	return 0;
}

size_t
mld_report_build(uint8_t *buf, size_t cap, const struct in6_addr *src,
    const struct mld_record *recs, size_t n)
{
	static const uint8_t hbh[HBH_LEN] = { IPPROTO_ICMPV6, 0, 5, 2, 0, 0, 1, 0 };
	struct in6_addr dst;
	size_t plen = HBH_LEN + 8 + n * REC_LEN, i;
	uint8_t *icmp = buf + IP6_HLEN + HBH_LEN, *r;
	uint16_t c;

	if (n == 0 || n > MLD_REPORT_MAX_RECORDS || cap < IP6_HLEN + plen)
		return 0;
	memset(buf, 0, IP6_HLEN + plen);
	addr_parse("ff02::16", &dst);		/* all MLDv2-capable routers */
	buf[0] = 0x60;
	buf[4] = (uint8_t)(plen >> 8);
	buf[5] = (uint8_t)plen;
	buf[6] = 0;				/* Hop-by-Hop */
	buf[7] = 1;				/* RFC 3810 5: hop limit 1 */
	memcpy(buf + 8, src->s6_addr, 16);
	memcpy(buf + 24, dst.s6_addr, 16);
	memcpy(buf + IP6_HLEN, hbh, HBH_LEN);
	icmp[0] = MLD2_REPORT;
	icmp[6] = (uint8_t)(n >> 8);
	icmp[7] = (uint8_t)n;
	for (i = 0, r = icmp + 8; i < n; i++, r += REC_LEN) {
		r[0] = recs[i].type;
		memcpy(r + 4, recs[i].group.s6_addr, 16);
	}
	c = in6_cksum(src, &dst, IPPROTO_ICMPV6, icmp, plen - HBH_LEN);
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	return IP6_HLEN + plen;
}
