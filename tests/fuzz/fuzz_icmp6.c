/* fuzz_icmp6.c - libFuzzer target: the Mobile IPv6 ICMPv6 parser, and round trips */
#include <stdlib.h>
#include <string.h>

#include "icmp6.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
prefixes_eq(const struct icmp6_prefix *a, const struct icmp6_prefix *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		CHECK(a[i].plen == b[i].plen && a[i].flags == b[i].flags);
		CHECK(a[i].valid == b[i].valid && a[i].preferred == b[i].preferred);
		CHECK(a[i].valid >= a[i].preferred && a[i].plen <= 128);
		CHECK(memcmp(&a[i].prefix, &b[i].prefix, 16) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct in6_addr src = { { { 0xfe, 0x80, [15] = 1 } } };
	static const struct in6_addr dst = { { { 0xff, 0x02, [15] = 1 } } };
	static uint8_t out[4096];
	static struct icmp6_msg m, m2;
	enum icmp6_reason r;
	size_t len = 0;

	(void)icmp6_parse(data, size, &src, &dst, &m);
	r = icmp6_parse(data, size, NULL, NULL, &m);
	CHECK(icmp6_reason_str(r) != NULL && icmp6_reason_stat_name(r) != NULL);
	if (r != ICMP6_OK)
		return 0;

	switch (m.type) {
	case ICMP6_HAAD_REQ_TYPE:
		len = icmp6_build_haad_req(out, sizeof(out), &m.haad_req);
		break;
	case ICMP6_HAAD_REP_TYPE:
		len = icmp6_build_haad_rep(out, sizeof(out), &m.haad_rep);
		break;
	case ICMP6_MPS_TYPE:
		len = icmp6_build_mps(out, sizeof(out), &m.mps);
		break;
	case ICMP6_MPA_TYPE:
		len = icmp6_build_mpa(out, sizeof(out), &m.mpa);
		break;
	case ICMP6_RA_TYPE:
		len = icmp6_build_ra(out, sizeof(out), &m.ra);
		break;
	default:
		abort();
	}
	CHECK(len >= 8);
	icmp6_checksum_set(out, len, &src, &dst);
	CHECK(icmp6_parse(out, len, &src, &dst, &m2) == ICMP6_OK);
	CHECK(m2.type == m.type);
	switch (m.type) {
	case ICMP6_HAAD_REQ_TYPE:
		CHECK(m.haad_req.id == m2.haad_req.id && m.haad_req.flags == m2.haad_req.flags);
		break;
	case ICMP6_HAAD_REP_TYPE:
		CHECK(m.haad_rep.naddr == m2.haad_rep.naddr);
		CHECK(memcmp(m.haad_rep.addr, m2.haad_rep.addr, 16 * m.haad_rep.naddr) == 0);
		break;
	case ICMP6_MPS_TYPE:
		CHECK(m.mps.id == m2.mps.id);
		break;
	case ICMP6_MPA_TYPE:
		CHECK(m.mpa.id == m2.mpa.id && m.mpa.flags == m2.mpa.flags);
		CHECK(m.mpa.nprefix == m2.mpa.nprefix);
		prefixes_eq(m.mpa.prefix, m2.mpa.prefix, m.mpa.nprefix);
		break;
	case ICMP6_RA_TYPE:
		CHECK(m.ra.hoplimit == m2.ra.hoplimit && m.ra.flags == m2.ra.flags);
		CHECK(m.ra.lifetime == m2.ra.lifetime && m.ra.reachable == m2.ra.reachable);
		CHECK(m.ra.present == m2.ra.present);
		if (m.ra.present & ICMP6_RA_ADV_INTERVAL)
			CHECK(m.ra.adv_interval == m2.ra.adv_interval);
		if (m.ra.present & ICMP6_RA_HA_INFO)
			CHECK(m.ra.ha_pref == m2.ra.ha_pref &&
			    m.ra.ha_lifetime == m2.ra.ha_lifetime);
		CHECK(m.ra.nprefix == m2.ra.nprefix);
		prefixes_eq(m.ra.prefix, m2.ra.prefix, m.ra.nprefix);
		break;
	}
	return 0;
}
