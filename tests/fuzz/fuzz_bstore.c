/* fuzz_bstore.c - libFuzzer target: the binding store's file image, and record round trips */
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
	CHECK(r->op == BSTORE_OP_SET || r->op == BSTORE_OP_DEL);
	bstore_encode(r, buf);
	CHECK(bstore_decode(buf, sizeof(buf), &b) == 0);
	CHECK(memcmp(r, &b, sizeof(b)) == 0);
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bstore_scan scan;
	size_t n = 0;

	if (bstore_parse(data, size, each, &n, &scan) == 0) {
		CHECK(n == scan.records);
		CHECK(scan.good_len + scan.dropped == size);
		CHECK(size == 0 || scan.good_len == BSTORE_HDR_LEN + n * BSTORE_REC_LEN);
	}
	return 0;
}
