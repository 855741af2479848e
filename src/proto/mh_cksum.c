/* mh_cksum.c - the Internet checksum over an IPv6 pseudo-header, and MH Data for the
 * Binding Authorization Data */
#include <string.h>

#include "mh.h"

static uint32_t
sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/* RFC 8200 8.1: source, destination, upper-layer length (32 bits), 3 zero octets, next header */
uint16_t
in6_cksum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nxt,
    const uint8_t *buf, size_t len)
{
	uint32_t sum = 0;

	sum = sum_bytes(sum, src->s6_addr, 16);
	sum = sum_bytes(sum, dst->s6_addr, 16);
	sum += (uint32_t)(len >> 16) & 0xffff;
	sum += (uint32_t)len & 0xffff;
	sum += nxt;
	/* fold often enough that a 64 KiB buffer cannot overflow 32 bits */
	while (len > 0) {
		size_t n = len > 32768 ? 32768 : len;

		sum = sum_bytes(sum, buf, n);
		sum = (sum & 0xffff) + (sum >> 16);
		buf += n;
		len -= n;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void
mh_checksum_set(uint8_t *buf, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst)
{
	uint16_t c;

	if (len < MH_HDR_LEN)
		return;
	buf[MH_OFF_CKSUM] = buf[MH_OFF_CKSUM + 1] = 0;
	c = in6_cksum(src, dst, IPPROTO_MH, buf, len);
	buf[MH_OFF_CKSUM] = c >> 8;
	buf[MH_OFF_CKSUM + 1] = c & 0xff;
}

int
mh_checksum_ok(const uint8_t *buf, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst)
{
	return len >= MH_HDR_LEN && in6_cksum(src, dst, IPPROTO_MH, buf, len) == 0;
}

/* RFC 6275 5.2.6: "calculated as if the Checksum field in the Mobility Header was zero" */
void
mh_auth_input(const uint8_t *buf, size_t auth_off,
    void (*update)(void *ctx, const void *data, size_t len), void *ctx)
{
	static const uint8_t zero[2];

	if (auth_off < MH_HDR_LEN)
		return;
	update(ctx, buf, MH_OFF_CKSUM);
	update(ctx, zero, 2);
	update(ctx, buf + MH_HDR_LEN, auth_off - MH_HDR_LEN);
}
