/* nd_msg.c - DAD's Neighbour Solicitation out, Neighbour Advertisements and rival probes in;
 * the home agent's proxy: Neighbour Solicitations in, Neighbour Advertisements out */
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
#define ND_OPT_TLLA	2

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

/* RFC 4861 7.1.1, 7.1.2: every option has a non-zero length and fits; *slla points at the
 * first Source Link-Layer Address option (NULL without one).  0, or -1 when the options are
 * malformed. */
static int
opts_ok(const uint8_t *p, size_t len, const uint8_t **slla)
{
	size_t olen;

	*slla = NULL;
	while (len > 0) {
		if (len < 2 || p[1] == 0 || (olen = (size_t)p[1] * 8) > len)
			return -1;
		if (p[0] == ND_OPT_SLLA && *slla == NULL)
			*slla = p;
		p += olen;
		len -= olen;
	}
	return 0;
}

/*
 * What RFC 4861 7.1.1 and 7.1.2 ask of any NS or NA, from the packet's first byte: IPv6
 * without extension header, hop limit 255, code 0, the checksum, a unicast target, options
 * that fit.  The message's type, or 0 when the packet is not a valid NS or NA.
 */
static int
nd_valid(const uint8_t *pkt, size_t len, struct nd_ns *m)
{
	const uint8_t *icmp = pkt + IP6_HLEN;
	size_t plen;

	if (len < IP6_HLEN + ND_HDR_LEN || (pkt[0] >> 4) != 6)
		return 0;
	plen = (size_t)pkt[4] << 8 | pkt[5];
	/* No extension header: ND messages have none, and a packet socket gives the frame's
	 * padding too, so the payload length decides. */
	if (plen < ND_HDR_LEN || plen > len - IP6_HLEN || pkt[6] != IPPROTO_ICMPV6 ||
	    pkt[7] != 255)
		return 0;
	if ((icmp[0] != ND_NS_TYPE && icmp[0] != ND_NA_TYPE) || icmp[1] != 0)
		return 0;
	memcpy(m->src.s6_addr, pkt + 8, 16);
	memcpy(m->dst.s6_addr, pkt + 24, 16);
	if (in6_cksum(&m->src, &m->dst, IPPROTO_ICMPV6, icmp, plen) != 0)
		return 0;
	memcpy(m->target.s6_addr, icmp + 8, 16);
	if (addr_is_multicast(&m->target) ||
	    opts_ok(icmp + ND_HDR_LEN, plen - ND_HDR_LEN, &m->slla) < 0)
		return 0;
	m->has_slla = m->slla != NULL;
	/* a link-layer address option of another size is not Ethernet's: as if absent */
	if (m->slla != NULL && m->slla[1] != 1)
		m->slla = NULL;
	else if (m->slla != NULL)
		m->slla += 2;
	return icmp[0];
}

/* RFC 4861 7.1.1: an NS from ::, to the solicited-node address, without SLLA; any NS to
 * a multicast address, to the target's solicited-node address. */
static int
ns_valid(const struct nd_ns *m)
{
	struct in6_addr sn;

	nd_solicited_node(&m->target, &sn);
	if (addr_is_unspecified(&m->src))
		return addr_eq(&m->dst, &sn) && !m->has_slla;
	return !addr_is_multicast(&m->dst) || addr_eq(&m->dst, &sn);
}

enum nd_msg_kind
nd_msg_parse(const uint8_t *pkt, size_t len, struct in6_addr *target)
{
	struct nd_ns m;
	int type;

	if ((type = nd_valid(pkt, len, &m)) == 0)
		return ND_MSG_IGNORE;
	*target = m.target;
	if (type == ND_NA_TYPE) {
		/* RFC 4861 7.1.2: an NA to a multicast address has S clear */
		if (addr_is_multicast(&m.dst) && (pkt[IP6_HLEN + 4] & 0x40))
			return ND_MSG_IGNORE;
		return ND_MSG_NA;
	}
	/* An NS from a real source is address resolution or reachability, not a probe. */
	if (!addr_is_unspecified(&m.src) || !ns_valid(&m))
		return ND_MSG_IGNORE;
	return ND_MSG_DAD_NS;
}

int
nd_ns_parse(const uint8_t *pkt, size_t len, struct nd_ns *m)
{
	memset(m, 0, sizeof(*m));
	if (nd_valid(pkt, len, m) != ND_NS_TYPE || !ns_valid(m))
		return -1;
	/* a source that is not a unicast address cannot be answered (RFC 4291 2.5.2) */
	if (addr_is_multicast(&m->src))
		return -1;
	return 0;
}

int
nd_proxy_answer(const struct nd_ns *ns, const uint8_t frame_src[6], struct nd_answer *a)
{
	struct in6_addr sn;

	memset(a, 0, sizeof(*a));
	nd_solicited_node(&ns->target, &sn);
	/* to the target's solicited-node group, or to the target itself (NUD): nothing else
	 * asks the home agent about the home address */
	if (!addr_eq(&ns->dst, &sn) && !addr_eq(&ns->dst, &ns->target))
		return -1;
	a->target = ns->target;
	if (addr_is_unspecified(&ns->src)) {
		/* RFC 4861 7.2.4: another node's DAD: to all-nodes, Solicited clear */
		addr_parse("ff02::1", &a->dst);
		memcpy(a->dst_mac, "\x33\x33\x00\x00\x00\x01", 6);
		return 0;
	}
	a->dst = ns->src;
	a->solicited = 1;
	/* the option's address, else the frame's (a unicast NS may leave the option out) */
	memcpy(a->dst_mac, ns->slla != NULL ? ns->slla : frame_src, 6);
	return 0;
}

size_t
nd_na_build(uint8_t *buf, size_t cap, const struct in6_addr *src, const struct nd_answer *a,
    const uint8_t lladdr[6])
{
	uint8_t *na = buf + IP6_HLEN;
	uint16_t c;

	if (cap < ND_NA_LEN)
		return 0;
	memset(buf, 0, ND_NA_LEN);
	buf[0] = 0x60;
	buf[5] = ND_NA_LEN - IP6_HLEN;		/* payload length */
	buf[6] = IPPROTO_ICMPV6;
	buf[7] = 255;				/* RFC 4861 7.1.2: hop limit 255 */
	memcpy(buf + 8, src->s6_addr, 16);
	memcpy(buf + 24, a->dst.s6_addr, 16);
	na[0] = ND_NA_TYPE;
	/*
	 * RFC 4861 7.2.4, 7.2.8: a proxy's answer has Override clear, so that the address's own
	 * node wins wherever it answers too (the mobile node back home, RFC 6275 11.5.5);
	 * Router clear: the advertisement speaks for the mobile node, a host.  The unsolicited
	 * NA of a new binding (RFC 6275 10.4.1) is the one with Override set.
	 */
	na[4] = (uint8_t)(a->solicited ? 0x40 : 0);
	memcpy(na + 8, a->target.s6_addr, 16);
	na[ND_HDR_LEN] = ND_OPT_TLLA;
	na[ND_HDR_LEN + 1] = 1;
	memcpy(na + ND_HDR_LEN + 2, lladdr, 6);
	c = in6_cksum(src, &a->dst, IPPROTO_ICMPV6, na, ND_NA_LEN - IP6_HLEN);
	na[2] = c >> 8;
	na[3] = c & 0xff;
	return ND_NA_LEN;
}
