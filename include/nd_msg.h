/* nd_msg.h - the wire format of the Neighbour Discovery messages of DAD (RFC 4861 4.3, 4.4,
 * 7.1; RFC 4862 5.4), as whole IPv6 packets: the probe is sent with its own IPv6 header (its
 * source is the unspecified address, which no socket option can ask for) and the answers are
 * read from a packet socket, before the IPv6 layer has checked anything. */
#ifndef MIP6D_ND_MSG_H
#define MIP6D_ND_MSG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define ND_DAD_NS_LEN	(40 + 24)	/* IPv6 header, NS with its target and no option */
#define ND_NA_LEN	(40 + 24 + 8)	/* IPv6 header, NA with its target, TLLA option */

enum nd_msg_kind {
	ND_MSG_IGNORE,		/* not for DAD, or not valid (RFC 4861 7.1.1, 7.1.2): drop */
	ND_MSG_NA,		/* a Neighbour Advertisement: someone holds the target */
	ND_MSG_DAD_NS,		/* another node's probe for the target (source ::) */
};

/* The solicited-node multicast address of a (RFC 4291 2.7.1). */
void	nd_solicited_node(const struct in6_addr *a, struct in6_addr *out);
/*
 * The DAD probe for target (RFC 4862 5.4.2): IPv6 from :: to the solicited-node address, hop
 * limit 255, a Neighbour Solicitation with no Source Link-Layer Address option, checksum set.
 * Returns ND_DAD_NS_LEN, or 0 when cap is too small.
 */
size_t	nd_dad_ns_build(uint8_t *buf, size_t cap, const struct in6_addr *target);
/*
 * Classify an IPv6 packet (from its first header byte) for DAD.  Every length is checked and
 * so is the checksum; the validity rules of RFC 4861 7.1.1 and 7.1.2 apply.  The target goes
 * to *target for ND_MSG_NA and ND_MSG_DAD_NS.
 */
enum nd_msg_kind nd_msg_parse(const uint8_t *pkt, size_t len, struct in6_addr *target);

/* A Neighbour Solicitation, as the home agent's proxy reads it. */
struct nd_ns {
	struct in6_addr	 src, dst, target;
	const uint8_t	*slla;		/* the Ethernet address of its SLLA option, or NULL */
	int		 has_slla;	/* any SLLA option, of any length */
};
/*
 * Parse an NS from its IPv6 header's first byte (RFC 4861 7.1.1: every length, the checksum,
 * hop limit 255, code 0, a unicast target, from :: only to the solicited-node address and
 * without SLLA, to a multicast address only to the target's solicited-node address).  0, or
 * -1 to drop it silently.  m->slla points into pkt.
 */
int	nd_ns_parse(const uint8_t *pkt, size_t len, struct nd_ns *m);

/* What the proxy sends back for a target it answers for. */
struct nd_answer {
	struct in6_addr	target, dst;
	uint8_t		dst_mac[6];
	int		solicited;
};
/*
 * RFC 4861 7.2.4 for a proxied target: a DAD probe (from ::) gets an NA to all-nodes with
 * Solicited clear, any other NS one to its source, at its SLLA option's address or, without
 * one, frame_src's.  -1 when the NS is not one the proxy answers (sent to neither the target
 * nor its solicited-node group).
 */
int	nd_proxy_answer(const struct nd_ns *ns, const uint8_t frame_src[6], struct nd_answer *a);
/*
 * The NA of answer a, from src, with lladdr in a Target Link-Layer Address option: a whole
 * IPv6 packet, checksum set.  ND_NA_LEN, or 0 when cap is too small.
 */
size_t	nd_na_build(uint8_t *buf, size_t cap, const struct in6_addr *src,
	    const struct nd_answer *a, const uint8_t lladdr[6]);

#endif
