/* bstore.h - the home agent's binding store: the bindings on disk, so that a restart (an
 * upgrade, a crash) reinstalls them instead of cutting every mobile node off until its next
 * registration.
 *
 * The file is an append-only log: an 8-byte header, then fixed 76-byte records, each closed by
 * a CRC-32 of its own bytes.  A record is written whole with one write(2) of a batch; a crash
 * can tear at most the batch being written, and a torn or unreadable tail is cut off at the
 * next open (every record before it stands).  The log is compacted (every live binding once,
 * into a temporary file, fsync, rename, fsync of the directory) at start, at stop, and when it
 * grows past twice its live size, so it is a complete file at every moment.
 *
 * The codec (bstore_encode, bstore_decode, bstore_parse) is pure and fuzzed; the file functions
 * do only file I/O. */
#ifndef MIP6D_BSTORE_H
#define MIP6D_BSTORE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define BSTORE_MAGIC		"MIP6BS01"
#define BSTORE_HDR_LEN		8
#define BSTORE_REC_LEN		76

#define BSTORE_OP_SET		1	/* the binding as now (created or refreshed) */
#define BSTORE_OP_DEL		2	/* the binding is gone (only the keys are meaningful) */
#define BSTORE_OP_MNP		3	/* one mobile network prefix of the SET before it */

/* A binding's image: its SET record, then one MNP record per mobile network prefix (RFC 3963:
 * a mobile router's prefixes must come back with it, or its networks stay unreachable until
 * its next BU).  The SET says how many follow, so an image torn by a crash is recognised and
 * not half applied. */
#define BSTORE_MNP_MAX		16
#define BSTORE_IMAGE_MAX	(1 + BSTORE_MNP_MAX)

struct bstore_rec {
	uint8_t		op;		/* BSTORE_OP_* */
	uint16_t	seq;		/* last accepted sequence number */
	uint16_t	flags;		/* BCACHE_F_* */
	uint32_t	lifetime_s;	/* granted */
	uint64_t	expiry_ms;	/* wall clock (CLOCK_REALTIME), ms since the epoch */
	struct in6_addr	hoa;		/* key */
	struct in6_addr	local;		/* key */
	struct in6_addr	coa;
	uint8_t		nmnp;		/* SET: MNP records that follow (0..BSTORE_MNP_MAX) */
	uint8_t		plen;		/* MNP: prefix length (1..128) */
	struct in6_addr	prefix;		/* MNP: the prefix (no bit set past plen) */
};

/* What bstore_parse found. */
struct bstore_scan {
	size_t		records;	/* valid records passed to the callback */
	size_t		images;		/* of them SET and DEL: one per binding change */
	size_t		good_len;	/* bytes up to the end of the last valid record */
	size_t		dropped;	/* bytes after it (a torn tail, or what follows a bad record) */
	int		corrupt;	/* a whole record failed its checks (not only a torn tail) */
};

/* Record layout (all fields big-endian):
 *   SET: 0 op | 1 nmnp | 2 seq | 4 flags | 6 reserved (0) | 8 lifetime | 12 reserved (0)
 *        16 expiry | 24 hoa | 40 local | 56 coa | 72 CRC-32 (IEEE) of bytes 0..71
 *   DEL: as SET with only op, hoa and local (the rest 0)
 *   MNP: 0 op | 1 plen | 2..23 reserved (0) | 24 hoa | 40 local | 56 prefix | 72 CRC-32 */
void	bstore_encode(const struct bstore_rec *r, uint8_t out[BSTORE_REC_LEN]);
/* 0, or -1 when the record is not valid: short, bad CRC, unknown op, reserved bits set,
 * a SET without a lifetime, a multicast, loopback or unspecified address. */
int	bstore_decode(const uint8_t *in, size_t len, struct bstore_rec *r);
/* Whether recs[0..n) is one whole image: a DEL alone, or a SET followed by exactly its nmnp
 * MNP records of the same keys.  1 or 0. */
int	bstore_image_whole(const struct bstore_rec *recs, size_t n);
/* A binding's image as bytes (a Redis value): n records, each valid, making one whole image.
 * The count of records, or -1. */
int	bstore_decode_image(const uint8_t *in, size_t len, struct bstore_rec *recs, size_t max);
/*
 * A whole file image: the header, then records in order, each valid one passed to cb.  Reading
 * stops at the first record that is not valid.  0, or -1 when the header is missing or wrong
 * (an empty image is a valid empty store: 0 with good_len 0).
 */
int	bstore_parse(const uint8_t *buf, size_t len,
	    void (*cb)(const struct bstore_rec *r, void *arg), void *arg, struct bstore_scan *scan);
uint32_t bstore_crc32(const uint8_t *p, size_t len);

/* The file */
struct bstore;

/* Open (creating it and its directory) and lock path; NULL with a reason in err (locked by
 * another mip6d, no permission...). */
struct bstore *bstore_open(const char *path, char *err, size_t errlen);
/* Read every record into cb (see bstore_parse); the tail after the last valid record is cut
 * off.  0, or -1 (unreadable, wrong header: the file is left for a human, nothing loaded). */
int	bstore_load(struct bstore *bs, void (*cb)(const struct bstore_rec *r, void *arg),
	    void *arg, struct bstore_scan *scan);
/* Queue a record; bstore_flush writes the queue with one write(2). 0, or -1 (no memory). */
int	bstore_append(struct bstore *bs, const struct bstore_rec *r);
int	bstore_flush(struct bstore *bs);
/* fdatasync of what was flushed. */
int	bstore_sync(struct bstore *bs);
size_t	bstore_pending(const struct bstore *bs);
/* Records in the log (flushed or queued) since the last compaction. */
uint64_t bstore_records(const struct bstore *bs);
/* Binding images (SET or DEL records, without the MNP records of a SET) among them. */
uint64_t bstore_images(const struct bstore *bs);
/*
 * Whether a log holding images binding images is due for compaction while live bindings stand:
 * when it has grown past twice them plus BSTORE_COMPACT_SLACK.  Images, not records: a
 * mobile router's image is 1 + its prefixes records, so its compacted log holds more records
 * than bindings, and a rule in records would compact again at every write once the routers
 * outnumber the slack (a whole rewrite per burst of BUs).
 */
#define BSTORE_COMPACT_SLACK	4096
int	bstore_compact_due(uint64_t images, uint64_t live);

/* Compaction: begin, add each live binding, commit (or abort on any failure). */
int	bstore_compact_begin(struct bstore *bs);
int	bstore_compact_add(struct bstore *bs, const struct bstore_rec *r);
int	bstore_compact_commit(struct bstore *bs);
void	bstore_compact_abort(struct bstore *bs);

void	bstore_close(struct bstore *bs);
const char *bstore_path(const struct bstore *bs);

#endif
