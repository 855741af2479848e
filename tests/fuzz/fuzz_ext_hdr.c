/* fuzz_ext_hdr.c - libFuzzer target: Home Address option and type 2 routing header parsers */
#include <stdlib.h>
#include <string.h>

#include "ext_hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[EXT_HAO_HDR_LEN + EXT_RT2_HDR_LEN], nxt = 0, nxt2 = 0, seg = 0;
	struct in6_addr a, b;
	enum ext_reason r;

	r = ext_hao_parse(data, size, &a, &nxt);
	CHECK(ext_reason_str(r) != NULL);
	if (r == EXT_OK) {
		CHECK(ext_hao_build(out, sizeof(out), nxt, &a) == EXT_HAO_HDR_LEN);
		CHECK(ext_hao_parse(out, EXT_HAO_HDR_LEN, &b, &nxt2) == EXT_OK);
		CHECK(memcmp(&a, &b, 16) == 0 && nxt == nxt2);
	}
	r = ext_rt2_parse(data, size, &a, &seg, &nxt);
	CHECK(ext_reason_str(r) != NULL);
	if (r == EXT_OK) {
		CHECK(seg <= 1);
		CHECK(ext_rt2_build(out, sizeof(out), nxt, &a) == EXT_RT2_HDR_LEN);
		CHECK(ext_rt2_parse(out, EXT_RT2_HDR_LEN, &b, &seg, &nxt2) == EXT_OK);
		CHECK(memcmp(&a, &b, 16) == 0 && nxt == nxt2 && seg == 1);
	}
	return 0;
}
