/* bstore_codec.c - the bytes of the binding store: records and the file image (pure, fuzzed) */
#include "config.h"

#include <string.h>

#include "bstore.h"

static uint32_t crc_table[256];
static int crc_ready;

/* CRC-32 (IEEE 802.3, reflected 0xedb88320): catches every torn or flipped record that
 * matters here; not a defence against someone who can write the file. */
uint32_t
bstore_crc32(const uint8_t *p, size_t len)
{
	uint32_t c;
	unsigned i, k;

	if (!crc_ready) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			crc_table[i] = c;
		}
		crc_ready = 1;
	}
	c = 0xffffffffu;
	while (len--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

void
bstore_encode(const struct bstore_rec *r, uint8_t out[BSTORE_REC_LEN])
{
	memset(out, 0, BSTORE_REC_LEN);
	out[0] = r->op;
	if (r->op == BSTORE_OP_SET) {
		put16(out + 2, r->seq);
		put16(out + 4, r->flags);
		put32(out + 8, r->lifetime_s);
		put32(out + 16, (uint32_t)(r->expiry_ms >> 32));
		put32(out + 20, (uint32_t)r->expiry_ms);
		memcpy(out + 56, &r->coa, 16);
	}
	memcpy(out + 24, &r->hoa, 16);
	memcpy(out + 40, &r->local, 16);
	put32(out + 72, bstore_crc32(out, 72));
}

static int
addr_ok(const struct in6_addr *a)
{
	static const struct in6_addr zero;

	return !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	    memcmp(a, &zero, sizeof(zero)) != 0;
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

int
bstore_decode(const uint8_t *in, size_t len, struct bstore_rec *r)
{
	if (len < BSTORE_REC_LEN || get32(in + 72) != bstore_crc32(in, 72))
		return -1;
	if (in[1] != 0 || get16(in + 6) != 0 || get32(in + 12) != 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->op = in[0];
	memcpy(&r->hoa, in + 24, 16);
	memcpy(&r->local, in + 40, 16);
	if (!addr_ok(&r->hoa) || !addr_ok(&r->local))
		return -1;
	switch (r->op) {
	case BSTORE_OP_SET:
		r->seq = get16(in + 2);
		r->flags = get16(in + 4);
		r->lifetime_s = get32(in + 8);
		r->expiry_ms = (uint64_t)get32(in + 16) << 32 | get32(in + 20);
		memcpy(&r->coa, in + 56, 16);
		if (r->lifetime_s == 0 || r->expiry_ms == 0 || !addr_ok(&r->coa))
			return -1;
		return 0;
	case BSTORE_OP_DEL:
		/* nothing but the keys: a DEL with more in it was not written by us */
		return all_zero(in + 2, 4) && all_zero(in + 8, 16) && all_zero(in + 56, 16) ?
		    0 : -1;
	default:
		return -1;
	}
}

int
bstore_parse(const uint8_t *buf, size_t len,
    void (*cb)(const struct bstore_rec *r, void *arg), void *arg, struct bstore_scan *scan)
{
	struct bstore_rec r;
	size_t off;

	memset(scan, 0, sizeof(*scan));
	if (len == 0)
		return 0;
	if (len < BSTORE_HDR_LEN || memcmp(buf, BSTORE_MAGIC, BSTORE_HDR_LEN) != 0)
		return -1;
	for (off = BSTORE_HDR_LEN; len - off >= BSTORE_REC_LEN; off += BSTORE_REC_LEN) {
		if (bstore_decode(buf + off, len - off, &r) == -1) {
			scan->corrupt = 1;
			break;
		}
		scan->records++;
		if (cb != NULL)
			cb(&r, arg);
	}
	scan->good_len = off;
	scan->dropped = len - off;
	return 0;
}
