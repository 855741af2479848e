/* mnp.c - validity of a Mobile Network Prefix (RFC 3963 4.3, 6.6), pure */
#include "config.h"

#include <string.h>

#include "mnp.h"
#include "util.h"

static const struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };
static const struct in6_addr mc = { .s6_addr = { 0xff } };

const char *
mnp_problem(const struct in6_addr *prefix, int plen)
{
	int i;

	if (plen < 1 || plen > 128)
		return "prefix length out of 1..128";
	/* host bits: a prefix names a network, not an address inside it */
	for (i = plen; i < 128; i++)
		if (prefix->s6_addr[i / 8] & (0x80 >> (i % 8)))
			return "bits set beyond the prefix length";
	if (addr_is_unspecified(prefix) || IN6_IS_ADDR_LOOPBACK(prefix) ||
	    IN6_IS_ADDR_V4MAPPED(prefix))
		return "not a routable prefix";
	/* RFC 4291 2.5.6, 2.7: no link-local or multicast address can be in a mobile network */
	if (mnp_overlap(prefix, plen, &ll, 10))
		return "link-local prefix";
	if (mnp_overlap(prefix, plen, &mc, 8))
		return "multicast prefix";
	return NULL;
}

int
mnp_within(const struct in6_addr *a, int alen, const struct in6_addr *b, int blen)
{
	return alen >= blen && prefix_match(a, b, blen);
}

int
mnp_overlap(const struct in6_addr *a, int alen, const struct in6_addr *b, int blen)
{
	return alen <= blen ? prefix_match(b, a, alen) : prefix_match(a, b, blen);
}
