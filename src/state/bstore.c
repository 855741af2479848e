/* bstore.c - the binding store's file: open and lock, load, append in batches, compact.
 * The format and why it survives a crash at any moment: include/bstore.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bstore.h"

struct bstore {
	char		*path;
	char		*tmp_path;
	int		 fd;		/* the log, O_APPEND, flock'ed */
	int		 tmp_fd;	/* compaction in progress, else -1 */
	uint8_t		*buf;		/* records queued for the next write */
	size_t		 len, cap;
	uint64_t	 records;	/* in the log since the last compaction */
	uint64_t	 images;	/* of them SET and DEL (bstore_images) */
};

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* mkdir -p for the directory part of path (mode 0750: bindings say where people are). */
static int
make_dirs(const char *path)
{
	char *dup = strdup(path), *p;
	int rc = 0;

	if (dup == NULL)
		return -1;
	for (p = dup + 1; rc == 0 && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dup, 0750) == -1 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dup);
	return rc;
}

struct bstore *
bstore_open(const char *path, char *err, size_t errlen)
{
	struct bstore *bs = calloc(1, sizeof(*bs));

	if (bs == NULL || (bs->path = strdup(path)) == NULL ||
	    asprintf(&bs->tmp_path, "%s.tmp", path) < 0) {
		snprintf(err, errlen, "out of memory");
		if (bs != NULL)
			free(bs->path);
		free(bs);
		return NULL;
	}
	bs->tmp_fd = -1;
	if (make_dirs(path) == -1)
		snprintf(err, errlen, "cannot create its directory: %s", strerror(errno));
	else if ((bs->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640)) == -1)
		snprintf(err, errlen, "%s", strerror(errno));
	else if (flock(bs->fd, LOCK_EX | LOCK_NB) == -1) {
		snprintf(err, errlen, errno == EWOULDBLOCK ? "in use by another mip6d" : "%s",
		    strerror(errno));
		close(bs->fd);
	} else
		return bs;
	free(bs->tmp_path);
	free(bs->path);
	free(bs);
	return NULL;
}

int
bstore_load(struct bstore *bs, void (*cb)(const struct bstore_rec *r, void *arg), void *arg,
    struct bstore_scan *scan)
{
	struct stat st;
	void *map;
	int rc;

	memset(scan, 0, sizeof(*scan));
	if (fstat(bs->fd, &st) == -1)
		return -1;
	if (st.st_size == 0) {
		/* new file: write the header so that it is never a bare empty log */
		if (write_all(bs->fd, (const uint8_t *)BSTORE_MAGIC, BSTORE_HDR_LEN) == -1)
			return -1;
		return 0;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, bs->fd, 0);
	if (map == MAP_FAILED)
		return -1;
	rc = bstore_parse(map, (size_t)st.st_size, cb, arg, scan);
	munmap(map, (size_t)st.st_size);
	if (rc == -1) {
		errno = EINVAL;
		return -1;
	}
	bs->records = scan->records;
	bs->images = scan->images;
	/* a torn tail: cut it off, so that what is appended next is read back */
	if (scan->dropped > 0 && ftruncate(bs->fd, (off_t)scan->good_len) == -1)
		return -1;
	return 0;
}

int
bstore_append(struct bstore *bs, const struct bstore_rec *r)
{
	uint8_t *nb;
	size_t ncap;

	if (bs->len + BSTORE_REC_LEN > bs->cap) {
		ncap = bs->cap ? bs->cap * 2 : 64 * BSTORE_REC_LEN;
		if ((nb = realloc(bs->buf, ncap)) == NULL)
			return -1;
		bs->buf = nb;
		bs->cap = ncap;
	}
	bstore_encode(r, bs->buf + bs->len);
	bs->len += BSTORE_REC_LEN;
	bs->records++;
	if (r->op != BSTORE_OP_MNP)
		bs->images++;
	return 0;
}

int
bstore_flush(struct bstore *bs)
{
	if (bs->len == 0)
		return 0;
	if (write_all(bs->fd, bs->buf, bs->len) == -1)
		return -1;
	bs->len = 0;
	return 0;
}

int
bstore_sync(struct bstore *bs)
{
	return fdatasync(bs->fd);
}

size_t
bstore_pending(const struct bstore *bs)
{
	return bs->len / BSTORE_REC_LEN;
}

uint64_t
bstore_records(const struct bstore *bs)
{
	return bs->records;
}

uint64_t
bstore_images(const struct bstore *bs)
{
	return bs->images;
}

int
bstore_compact_begin(struct bstore *bs)
{
	bstore_compact_abort(bs);
	/* what is queued goes to the old log first: an aborted compaction loses nothing */
	if (bstore_flush(bs) == -1)
		return -1;
	bs->tmp_fd = open(bs->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (bs->tmp_fd == -1)
		return -1;
	bs->records = 0;
	bs->images = 0;
	if (write_all(bs->tmp_fd, (const uint8_t *)BSTORE_MAGIC, BSTORE_HDR_LEN) == -1) {
		bstore_compact_abort(bs);
		return -1;
	}
	return 0;
}

int
bstore_compact_add(struct bstore *bs, const struct bstore_rec *r)
{
	if (bs->tmp_fd == -1 || bstore_append(bs, r) == -1)
		return -1;
	/* write in slices of 64 KiB so that a million bindings need no 76 MB buffer */
	if (bs->len >= 65536 / BSTORE_REC_LEN * BSTORE_REC_LEN) {
		if (write_all(bs->tmp_fd, bs->buf, bs->len) == -1)
			return -1;
		bs->len = 0;
	}
	return 0;
}

int
bstore_compact_commit(struct bstore *bs)
{
	char *dup, *dir;
	int dfd, fd;

	if (bs->tmp_fd == -1)
		return -1;
	if (write_all(bs->tmp_fd, bs->buf, bs->len) == -1 || fsync(bs->tmp_fd) == -1) {
		bstore_compact_abort(bs);
		return -1;
	}
	bs->len = 0;
	close(bs->tmp_fd);
	bs->tmp_fd = -1;
	/* the new file must hold the lock before it replaces the old one */
	if ((fd = open(bs->tmp_path, O_RDWR | O_APPEND | O_CLOEXEC)) == -1 ||
	    flock(fd, LOCK_EX | LOCK_NB) == -1 || rename(bs->tmp_path, bs->path) == -1) {
		if (fd != -1)
			close(fd);
		unlink(bs->tmp_path);
		return -1;
	}
	close(bs->fd);
	bs->fd = fd;
	/* the rename itself must reach the disk */
	if ((dup = strdup(bs->path)) != NULL) {
		dir = dirname(dup);
		if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
			fsync(dfd);
			close(dfd);
		}
		free(dup);
	}
	return 0;
}

void
bstore_compact_abort(struct bstore *bs)
{
	if (bs->tmp_fd == -1)
		return;
	close(bs->tmp_fd);
	bs->tmp_fd = -1;
	bs->len = 0;
	unlink(bs->tmp_path);
}

void
bstore_close(struct bstore *bs)
{
	if (bs == NULL)
		return;
	bstore_compact_abort(bs);
	close(bs->fd);
	free(bs->buf);
	free(bs->tmp_path);
	free(bs->path);
	free(bs);
}

const char *
bstore_path(const struct bstore *bs)
{
	return bs->path;
}
