/* test_bstore.c - the binding store: record bytes, strict parsing, torn tails, locking,
 * compaction, and the cost of writing 100,000 changes */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bstore.h"

static char dir[] = "/tmp/test_bstore.XXXXXX";
static char path[256];

static struct bstore_rec
rec(uint8_t op, unsigned i)
{
	struct bstore_rec r;

	memset(&r, 0, sizeof(r));
	r.op = op;
	inet_pton(AF_INET6, "2001:db8:1::", &r.hoa);
	r.hoa.s6_addr[14] = (uint8_t)(i >> 8);
	r.hoa.s6_addr[15] = (uint8_t)(i | 1);
	inet_pton(AF_INET6, "2001:db8:1::1", &r.local);
	if (op == BSTORE_OP_SET) {
		inet_pton(AF_INET6, "2001:db8:2::99", &r.coa);
		r.seq = (uint16_t)(1000 + i);
		r.flags = 0x0011;
		r.lifetime_s = 600;
		r.expiry_ms = 1764000000000ull + i;
	}
	return r;
}

static void
test_crc(void **state)
{
	/* the check value of CRC-32/ISO-HDLC */
	assert_int_equal(bstore_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
}

static void
test_round_trip(void **state)
{
	struct bstore_rec a = rec(BSTORE_OP_SET, 7), b;
	uint8_t buf[BSTORE_REC_LEN];

	bstore_encode(&a, buf);
	/* the fields where the layout puts them, big-endian */
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[2] << 8 | buf[3], 1007);
	assert_int_equal(buf[8] << 24 | buf[9] << 16 | buf[10] << 8 | buf[11], 600);
	assert_memory_equal(buf + 24, &a.hoa, 16);
	assert_memory_equal(buf + 56, &a.coa, 16);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	a = rec(BSTORE_OP_DEL, 7);
	bstore_encode(&a, buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), 0);
	assert_int_equal(b.op, BSTORE_OP_DEL);
	assert_memory_equal(&a.hoa, &b.hoa, 16);
}

/* Re-seal a record after an edit, so that only the edit is judged. */
static void
reseal(uint8_t *buf)
{
	uint32_t c = bstore_crc32(buf, 72);

	buf[72] = (uint8_t)(c >> 24);
	buf[73] = (uint8_t)(c >> 16);
	buf[74] = (uint8_t)(c >> 8);
	buf[75] = (uint8_t)c;
}

static void
test_decode_strict(void **state)
{
	struct bstore_rec a = rec(BSTORE_OP_SET, 1), b;
	uint8_t good[BSTORE_REC_LEN], buf[BSTORE_REC_LEN];
	struct bstore_rec d = rec(BSTORE_OP_DEL, 1);

	bstore_encode(&a, good);
	assert_int_equal(bstore_decode(good, sizeof(good) - 1, &b), -1);	/* short */
	memcpy(buf, good, sizeof(buf));
	buf[30] ^= 1;							/* bad CRC */
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	buf[0] = 4;							/* unknown op */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	buf[1] = BSTORE_MNP_MAX + 1;					/* prefix count */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	buf[13] = 1;							/* reserved */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	memset(buf + 8, 0, 4);						/* SET, lifetime 0 */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	buf[24] = 0xff;							/* multicast HoA */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	memcpy(buf, good, sizeof(buf));
	memset(buf + 56, 0, 16);					/* unspecified CoA */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
	bstore_encode(&d, buf);
	buf[3] = 1;							/* DEL with a seq */
	reseal(buf);
	assert_int_equal(bstore_decode(buf, sizeof(buf), &b), -1);
}

static void
count_cb(const struct bstore_rec *r, void *arg)
{
	(*(unsigned *)arg)++;
}

static struct bstore_rec
mnp(unsigned i, const char *prefix, uint8_t plen)
{
	struct bstore_rec r = rec(BSTORE_OP_DEL, i);

	r.op = BSTORE_OP_MNP;
	inet_pton(AF_INET6, prefix, &r.prefix);
	r.plen = plen;
	return r;
}

/* A mobile router's image: its SET says how many prefixes follow; each MNP record carries
 * the binding's keys, so the image can be checked whole (RFC 3963 prefixes survive a
 * restart and travel through Redis with their binding). */
static void
test_image(void **state)
{
	struct bstore_rec img[3] = { rec(BSTORE_OP_SET, 5), mnp(5, "2001:db8:50::", 48),
	    mnp(5, "2001:db8:51:8000::", 49) }, out[BSTORE_IMAGE_MAX], bad;
	uint8_t buf[3 * BSTORE_REC_LEN];
	unsigned i;

	img[0].nmnp = 2;
	for (i = 0; i < 3; i++)
		bstore_encode(&img[i], buf + i * BSTORE_REC_LEN);
	assert_int_equal(buf[1], 2);			/* nmnp in the SET's byte 1 */
	assert_int_equal(buf[BSTORE_REC_LEN], BSTORE_OP_MNP);
	assert_int_equal(buf[BSTORE_REC_LEN + 1], 48);	/* plen */
	assert_int_equal(bstore_decode_image(buf, sizeof(buf), out, BSTORE_IMAGE_MAX), 3);
	assert_memory_equal(out, img, sizeof(img));
	assert_true(bstore_image_whole(img, 3));
	/* cut short, or too long, or a prefix of another binding: not whole */
	assert_false(bstore_image_whole(img, 2));
	assert_int_equal(bstore_decode_image(buf, 2 * BSTORE_REC_LEN, out, BSTORE_IMAGE_MAX), -1);
	assert_int_equal(bstore_decode_image(buf, sizeof(buf), out, 2), -1);
	assert_int_equal(bstore_decode_image(buf, sizeof(buf) - 1, out, BSTORE_IMAGE_MAX), -1);
	bad = img[2];
	img[2] = mnp(6, "2001:db8:51:8000::", 49);
	assert_false(bstore_image_whole(img, 3));
	img[2] = bad;
	/* a DEL stands alone; an MNP never starts an image */
	img[0] = rec(BSTORE_OP_DEL, 5);
	assert_true(bstore_image_whole(img, 1));
	assert_false(bstore_image_whole(img, 2));
	assert_false(bstore_image_whole(&img[1], 1));
	/* strict MNP records: host bits past plen, plen 0 or over 128, a multicast prefix,
	 * bytes that must be 0; a DEL with a count */
	bad = mnp(5, "2001:db8:51:8000::", 48);
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
	bad = mnp(5, "2001:db8:51::", 0);
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
	bad = mnp(5, "2001:db8:51::", 129);
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
	bad = mnp(5, "ff02::", 16);
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
	bad = mnp(5, "2001:db8:51::", 48);
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), 0);
	buf[10] = 1;
	reseal(buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
	bad = rec(BSTORE_OP_SET, 5);
	bad.nmnp = BSTORE_MNP_MAX + 1;
	bstore_encode(&bad, buf);
	assert_int_equal(bstore_decode(buf, BSTORE_REC_LEN, &out[0]), -1);
}

static void
test_parse(void **state)
{
	uint8_t img[BSTORE_HDR_LEN + 3 * BSTORE_REC_LEN + 30];
	struct bstore_scan scan;
	struct bstore_rec a;
	unsigned n = 0, i;

	memcpy(img, BSTORE_MAGIC, BSTORE_HDR_LEN);
	for (i = 0; i < 3; i++) {
		a = rec(i == 1 ? BSTORE_OP_DEL : BSTORE_OP_SET, i);
		bstore_encode(&a, img + BSTORE_HDR_LEN + i * BSTORE_REC_LEN);
	}
	memset(img + BSTORE_HDR_LEN + 3 * BSTORE_REC_LEN, 0xab, 30);
	/* empty: a valid empty store */
	assert_int_equal(bstore_parse(img, 0, count_cb, &n, &scan), 0);
	assert_int_equal(scan.records, 0);
	/* wrong or short header */
	assert_int_equal(bstore_parse(img, 5, count_cb, &n, &scan), -1);
	img[0] = 'X';
	assert_int_equal(bstore_parse(img, sizeof(img), count_cb, &n, &scan), -1);
	img[0] = 'M';
	/* a torn tail: 30 bytes of a record that never finished */
	assert_int_equal(bstore_parse(img, sizeof(img), count_cb, &n, &scan), 0);
	assert_int_equal(n, 3);
	assert_int_equal(scan.records, 3);
	assert_int_equal(scan.dropped, 30);
	assert_int_equal(scan.corrupt, 0);
	assert_int_equal(scan.good_len, BSTORE_HDR_LEN + 3 * BSTORE_REC_LEN);
	/* a damaged record in the middle: reading stops there */
	img[BSTORE_HDR_LEN + BSTORE_REC_LEN + 20] ^= 0x40;
	n = 0;
	assert_int_equal(bstore_parse(img, sizeof(img), count_cb, &n, &scan), 0);
	assert_int_equal(n, 1);
	assert_int_equal(scan.corrupt, 1);
	assert_int_equal(scan.dropped, 2 * BSTORE_REC_LEN + 30);
}

struct collect {
	struct bstore_rec r[16];
	unsigned n;
};

static void
collect_cb(const struct bstore_rec *r, void *arg)
{
	struct collect *c = arg;

	if (c->n < 16)
		c->r[c->n] = *r;
	c->n++;
}

static off_t
file_size(void)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
test_file(void **state)
{
	struct bstore *bs, *other;
	struct bstore_scan scan;
	struct collect c;
	struct bstore_rec a;
	char err[128];
	int fd;

	unlink(path);
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	memset(&c, 0, sizeof(c));
	assert_int_equal(bstore_load(bs, collect_cb, &c, &scan), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(file_size(), BSTORE_HDR_LEN);
	/* a second daemon on the same file is refused */
	other = bstore_open(path, err, sizeof(err));
	assert_null(other);
	assert_non_null(strstr(err, "in use"));
	a = rec(BSTORE_OP_SET, 1);
	assert_int_equal(bstore_append(bs, &a), 0);
	a = rec(BSTORE_OP_SET, 2);
	assert_int_equal(bstore_append(bs, &a), 0);
	/* queued, not written: one write per batch */
	assert_int_equal(bstore_pending(bs), 2);
	assert_int_equal(file_size(), BSTORE_HDR_LEN);
	assert_int_equal(bstore_flush(bs), 0);
	assert_int_equal(bstore_pending(bs), 0);
	assert_int_equal(file_size(), BSTORE_HDR_LEN + 2 * BSTORE_REC_LEN);
	a = rec(BSTORE_OP_DEL, 1);
	assert_int_equal(bstore_append(bs, &a), 0);
	assert_int_equal(bstore_flush(bs), 0);
	assert_int_equal(bstore_sync(bs), 0);
	bstore_close(bs);

	/* a crash in the middle of the next write: half a record at the end */
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\001\000\000\000garbage", 11), 11);
	close(fd);
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	memset(&c, 0, sizeof(c));
	assert_int_equal(bstore_load(bs, collect_cb, &c, &scan), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.r[2].op, BSTORE_OP_DEL);
	assert_int_equal(c.r[1].seq, 1002);
	assert_int_equal(scan.dropped, 11);
	/* the torn tail is cut off, so what follows is read back */
	assert_int_equal(file_size(), BSTORE_HDR_LEN + 3 * BSTORE_REC_LEN);

	/* compaction: only the live binding, atomically replacing the log */
	assert_int_equal(bstore_compact_begin(bs), 0);
	a = rec(BSTORE_OP_SET, 2);
	assert_int_equal(bstore_compact_add(bs, &a), 0);
	assert_int_equal(bstore_compact_commit(bs), 0);
	assert_int_equal(file_size(), BSTORE_HDR_LEN + BSTORE_REC_LEN);
	/* the lock moved to the new file */
	assert_null(bstore_open(path, err, sizeof(err)));
	a = rec(BSTORE_OP_SET, 3);
	assert_int_equal(bstore_append(bs, &a), 0);
	assert_int_equal(bstore_flush(bs), 0);
	bstore_close(bs);
	bs = bstore_open(path, err, sizeof(err));
	memset(&c, 0, sizeof(c));
	assert_int_equal(bstore_load(bs, collect_cb, &c, &scan), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.r[0].seq, 1002);
	assert_int_equal(c.r[1].seq, 1003);
	bstore_close(bs);
}

/*
 * When the log is due for compaction: counted in binding images, not records.  A mobile
 * router's image is a SET and its MNP records; 10,000 routers with 4 prefixes each compact to
 * 50,000 records, and a rule in records (records > 2 * bindings + slack) would then compact
 * again at every write: a rewrite of the whole file per burst of BUs.
 */
static void
test_compact_due(void **state)
{
	struct bstore *bs;
	struct bstore_scan scan;
	struct bstore_rec a;
	char err[128];
	unsigned i, k, n = BSTORE_COMPACT_SLACK;

	/* the rule itself */
	assert_false(bstore_compact_due(0, 0));
	assert_false(bstore_compact_due(BSTORE_COMPACT_SLACK, 0));
	assert_true(bstore_compact_due(BSTORE_COMPACT_SLACK + 1, 0));
	assert_false(bstore_compact_due(2 * 10000 + BSTORE_COMPACT_SLACK, 10000));
	assert_true(bstore_compact_due(2 * 10000 + BSTORE_COMPACT_SLACK + 1, 10000));

	/* n routers with 4 prefixes each, compacted: n images in 5 n records, not due */
	unlink(path);
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	assert_int_equal(bstore_load(bs, NULL, NULL, &scan), 0);
	assert_int_equal(bstore_compact_begin(bs), 0);
	for (i = 0; i < n; i++) {
		a = rec(BSTORE_OP_SET, i);
		a.nmnp = 4;
		assert_int_equal(bstore_compact_add(bs, &a), 0);
		for (k = 0; k < 4; k++) {
			a = mnp(i, "2001:db8:1000::", 64);
			a.prefix.s6_addr[4] = (uint8_t)(i >> 8);
			a.prefix.s6_addr[5] = (uint8_t)i;
			a.prefix.s6_addr[6] = (uint8_t)k;
			assert_int_equal(bstore_compact_add(bs, &a), 0);
		}
	}
	assert_int_equal(bstore_compact_commit(bs), 0);
	assert_int_equal(bstore_records(bs), 5 * n);
	assert_int_equal(bstore_images(bs), n);
	assert_false(bstore_compact_due(bstore_images(bs), n));
	/* one refresh more (an image of 5 records) is no reason to rewrite them all */
	a = rec(BSTORE_OP_SET, 0);
	a.nmnp = 4;
	assert_int_equal(bstore_append(bs, &a), 0);
	for (k = 0; k < 4; k++) {
		a = mnp(0, "2001:db8:1000::", 64);
		a.prefix.s6_addr[6] = (uint8_t)k;
		assert_int_equal(bstore_append(bs, &a), 0);
	}
	assert_int_equal(bstore_images(bs), n + 1);
	assert_false(bstore_compact_due(bstore_images(bs), n));
	/* churn past twice the live bindings plus the slack is */
	for (i = 0; i < n + BSTORE_COMPACT_SLACK; i++) {
		a = rec(BSTORE_OP_DEL, i);
		assert_int_equal(bstore_append(bs, &a), 0);
	}
	assert_true(bstore_compact_due(bstore_images(bs), n));
	assert_int_equal(bstore_flush(bs), 0);
	bstore_close(bs);
	/* a restart counts the images of the file the same way */
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	assert_int_equal(bstore_load(bs, NULL, NULL, &scan), 0);
	assert_int_equal(scan.images, 2 * n + 1 + BSTORE_COMPACT_SLACK);
	assert_int_equal(scan.records, 5 * (n + 1) + n + BSTORE_COMPACT_SLACK);
	assert_int_equal(bstore_images(bs), scan.images);
	bstore_close(bs);
}

static void
test_not_a_store(void **state)
{
	struct bstore_scan scan;
	struct bstore *bs;
	char err[128];
	FILE *f;

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("some other file\n", f);
	fclose(f);
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	assert_int_equal(bstore_load(bs, NULL, NULL, &scan), -1);
	bstore_close(bs);
	/* left as it was, for a human to look at */
	assert_int_equal(file_size(), 16);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 100,000 changes in batches of 64 (one loop turn under load reads many BUs): the cost per
 * registration must stay a small part of the 100 us a registration may take at 10,000/s. */
static void
test_cost(void **state)
{
	struct bstore_scan scan;
	struct bstore *bs;
	struct bstore_rec a;
	char err[128];
	double t0, per;
	unsigned i;

	unlink(path);
	bs = bstore_open(path, err, sizeof(err));
	assert_non_null(bs);
	assert_int_equal(bstore_load(bs, NULL, NULL, &scan), 0);
	t0 = now_s();
	for (i = 0; i < 100000; i++) {
		a = rec(BSTORE_OP_SET, i);
		assert_int_equal(bstore_append(bs, &a), 0);
		if (i % 64 == 63)
			assert_int_equal(bstore_flush(bs), 0);
	}
	assert_int_equal(bstore_flush(bs), 0);
	per = (now_s() - t0) / 100000 * 1e6;
	printf("# binding store: %.2f us per change (batches of 64, no fdatasync)\n", per);
	/* generous: sanitizers and a busy machine multiply it; 0.3 us here */
	assert_true(per < 25.0);
	bstore_close(bs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_decode_strict),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_compact_due),
		cmocka_unit_test(test_not_a_store),
		cmocka_unit_test(test_cost),
	};
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/sub/bindings.state", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
	return rc;
}
