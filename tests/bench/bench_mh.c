/* bench_mh.c - Mobility Header parse and build cost, in nanoseconds per message */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mh.h"

#define ROUNDS	1000000

static struct in6_addr src, dst, coa;
static volatile size_t sink;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void
bench_parse(const char *name, const uint8_t *buf, size_t len, int cksum)
{
	struct mh_error err;
	struct mh_msg m;
	double t0, t1;
	long i;

	if (mh_parse(buf, len, &src, &dst, &m, &err) != MH_OK) {
		fprintf(stderr, "bench_mh: %s does not parse: %s\n", name, mh_reason_str(err.reason));
		exit(1);
	}
	t0 = now_ns();
	for (i = 0; i < ROUNDS; i++) {
		mh_parse(buf, len, cksum ? &src : NULL, cksum ? &dst : NULL, &m, &err);
		sink += m.len;
	}
	t1 = now_ns();
	printf("  parse %-28s %3zu octets %8.1f ns/msg\n", name, len, (t1 - t0) / ROUNDS);
}

static void
bench_build(const char *name, const struct mh_msg *m, int cksum)
{
	uint8_t buf[MH_MAX_LEN];
	double t0, t1;
	size_t len = 0, off;
	long i;

	t0 = now_ns();
	for (i = 0; i < ROUNDS; i++) {
		len = mh_build(buf, sizeof(buf), m, &off);
		if (cksum)
			mh_checksum_set(buf, len, &src, &dst);
		sink += buf[len - 1];
	}
	t1 = now_ns();
	printf("  build %-28s %3zu octets %8.1f ns/msg\n", name, len, (t1 - t0) / ROUNDS);
}

int
main(void)
{
	struct mh_msg bu, bu_rr, ba, hoti;
	uint8_t b_bu[MH_MAX_LEN], b_rr[MH_MAX_LEN], b_ba[MH_MAX_LEN], b_hoti[MH_MAX_LEN];
	size_t l_bu, l_rr, l_ba, l_hoti;

	inet_pton(AF_INET6, "2001:db8:1::10", &src);
	inet_pton(AF_INET6, "2001:db8:1::1", &dst);
	inet_pton(AF_INET6, "2001:db8:2::100", &coa);

	memset(&bu, 0, sizeof(bu));
	bu.type = MH_TYPE_BU;
	bu.bu.seq = 1;
	bu.bu.flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_K;
	bu.bu.lifetime = 100;
	bu.bu.opts.present = MH_OPTF_ALTCOA;
	bu.bu.opts.altcoa = coa;

	memset(&bu_rr, 0, sizeof(bu_rr));
	bu_rr.type = MH_TYPE_BU;
	bu_rr.bu.seq = 2;
	bu_rr.bu.flags = MH_BU_F_A;
	bu_rr.bu.lifetime = 60;
	bu_rr.bu.opts.present = MH_OPTF_NONCE | MH_OPTF_AUTH;

	memset(&ba, 0, sizeof(ba));
	ba.type = MH_TYPE_BA;
	ba.ba.seq = 1;
	ba.ba.lifetime = 100;
	ba.ba.opts.present = MH_OPTF_REFRESH;
	ba.ba.opts.refresh = 50;

	memset(&hoti, 0, sizeof(hoti));
	hoti.type = MH_TYPE_HOTI;

	l_bu = mh_build(b_bu, sizeof(b_bu), &bu, NULL);
	l_rr = mh_build(b_rr, sizeof(b_rr), &bu_rr, NULL);
	l_ba = mh_build(b_ba, sizeof(b_ba), &ba, NULL);
	l_hoti = mh_build(b_hoti, sizeof(b_hoti), &hoti, NULL);
	mh_checksum_set(b_bu, l_bu, &src, &dst);
	mh_checksum_set(b_rr, l_rr, &src, &dst);
	mh_checksum_set(b_ba, l_ba, &src, &dst);
	mh_checksum_set(b_hoti, l_hoti, &src, &dst);

	printf("Mobility Header codec, %d rounds each\n", ROUNDS);
	bench_parse("BU home (Alt CoA)", b_bu, l_bu, 1);
	bench_parse("BU home, no checksum", b_bu, l_bu, 0);
	bench_parse("BU correspondent (NI, auth)", b_rr, l_rr, 1);
	bench_parse("BA (refresh advice)", b_ba, l_ba, 1);
	bench_parse("HoTI", b_hoti, l_hoti, 1);
	bench_build("BU home (Alt CoA)", &bu, 1);
	bench_build("BU home, no checksum", &bu, 0);
	bench_build("BU correspondent (NI, auth)", &bu_rr, 1);
	bench_build("BA (refresh advice)", &ba, 1);
	bench_build("HoTI", &hoti, 1);
	return sink == 0xdeadbeef;
}
