/* fuzz_bstore.c - libFuzzer target: the binding store's file image, record round trips, and a
 * binding's image as replicated through Redis */
#include <stdlib.h>
#include <string.h>

#include "bstore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
each(const struct bstore_rec *r, void *arg)
{
	uint8_t buf[BSTORE_REC_LEN];
	struct bstore_rec b;

	/* every record the parser accepts encodes to bytes that decode to the same record */
	CHECK(r->op == BSTORE_OP_SET || r->op == BSTORE_OP_DEL || r->op == BSTORE_OP_MNP);
	CHECK(r->op != BSTORE_OP_SET || r->nmnp <= BSTORE_MNP_MAX);
	CHECK(r->op != BSTORE_OP_MNP || (r->plen >= 1 && r->plen <= 128));
	bstore_encode(r, buf);
	CHECK(bstore_decode(buf, sizeof(buf), &b) == 0);
	CHECK(memcmp(r, &b, sizeof(b)) == 0);
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bstore_rec recs[BSTORE_IMAGE_MAX];
	struct bstore_scan scan;
	size_t n = 0;
	int k;

	if (bstore_parse(data, size, each, &n, &scan) == 0) {
		CHECK(n == scan.records);
		CHECK(scan.good_len + scan.dropped == size);
		CHECK(size == 0 || scan.good_len == BSTORE_HDR_LEN + n * BSTORE_REC_LEN);
	}
	/* the same bytes as one Redis value: a whole image or nothing */
	if ((k = bstore_decode_image(data, size, recs, BSTORE_IMAGE_MAX)) != -1) {
		CHECK(k >= 1 && (size_t)k * BSTORE_REC_LEN == size);
		CHECK(bstore_image_whole(recs, (size_t)k));
		CHECK(recs[0].op == BSTORE_OP_DEL || (size_t)recs[0].nmnp + 1 == (size_t)k);
	}
	return 0;
}
