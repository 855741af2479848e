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
	if (r->op == BSTORE_OP_MNP) {
		out[1] = r->plen;
		memcpy(out + 56, &r->prefix, 16);
	} else if (r->op == BSTORE_OP_SET) {
		out[1] = r->nmnp;
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

/* A prefix we could have written: a length a router may claim, no host bits, not
 * multicast or loopback. */
static int
prefix_ok(const struct bstore_rec *r)
{
	unsigned i, bits;

	if (r->plen == 0 || r->plen > 128 || !addr_ok(&r->prefix))
		return 0;
	for (i = 0; i < 16; i++) {
		bits = r->plen > i * 8 ? r->plen - i * 8 : 0;
		if (bits < 8 && (r->prefix.s6_addr[i] & (uint8_t)(0xff >> bits)) != 0)
			return 0;
	}
	return 1;
}

int
bstore_decode(const uint8_t *in, size_t len, struct bstore_rec *r)
{
	if (len < BSTORE_REC_LEN || get32(in + 72) != bstore_crc32(in, 72))
		return -1;
	if (get16(in + 6) != 0 || get32(in + 12) != 0)
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
		r->nmnp = in[1];
		if (r->lifetime_s == 0 || r->expiry_ms == 0 || !addr_ok(&r->coa) ||
		    r->nmnp > BSTORE_MNP_MAX)
			return -1;
		return 0;
	case BSTORE_OP_MNP:
		r->plen = in[1];
		memcpy(&r->prefix, in + 56, 16);
		return all_zero(in + 2, 4) && all_zero(in + 8, 16) && prefix_ok(r) ? 0 : -1;
	case BSTORE_OP_DEL:
		/* nothing but the keys: a DEL with more in it was not written by us */
		return in[1] == 0 && all_zero(in + 2, 4) && all_zero(in + 8, 16) &&
		    all_zero(in + 56, 16) ? 0 : -1;
	default:
		return -1;
	}
}

int
bstore_image_whole(const struct bstore_rec *recs, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (recs[0].op == BSTORE_OP_DEL)
		return n == 1;
	if (recs[0].op != BSTORE_OP_SET || n != 1 + (size_t)recs[0].nmnp)
		return 0;
	for (i = 1; i < n; i++)
		if (recs[i].op != BSTORE_OP_MNP ||
		    memcmp(&recs[i].hoa, &recs[0].hoa, sizeof(recs[0].hoa)) != 0 ||
		    memcmp(&recs[i].local, &recs[0].local, sizeof(recs[0].local)) != 0)
			return 0;
	return 1;
}

int
bstore_decode_image(const uint8_t *in, size_t len, struct bstore_rec *recs, size_t max)
{
	size_t i, n;

	if (len == 0 || len % BSTORE_REC_LEN != 0 || (n = len / BSTORE_REC_LEN) > max)
		return -1;
	for (i = 0; i < n; i++)
		if (bstore_decode(in + i * BSTORE_REC_LEN, BSTORE_REC_LEN, &recs[i]) == -1)
			return -1;
	return bstore_image_whole(recs, n) ? (int)n : -1;
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
		if (r.op != BSTORE_OP_MNP)
			scan->images++;
		if (cb != NULL)
			cb(&r, arg);
	}
	scan->good_len = off;
	scan->dropped = len - off;
	return 0;
}

int
bstore_compact_due(uint64_t images, uint64_t live)
{
	return images > 2 * live + BSTORE_COMPACT_SLACK;
}
