/* rec.c - the record of what mip6d installed in the kernel, and its journal file */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "kern.h"
#include "kern_nl.h"

/*
 * Ownership design.  mip6d must be able to remove everything it installed: on shutdown from
 * this in-memory record, and after a crash (SIGKILL, power loss of the process) from marks
 * that survive in the kernel or on disk:
 *  - routes carry the routing protocol number KERN_RTPROT (109) and rules the rule protocol
 *    KERN_RTPROT (FRA_PROTOCOL): a dump finds them, in every table;
 *  - XFRM policies sit in the priority band KERN_XFRM_PRIO_BASE .. +KERN_XFRM_PRIO_SPAN;
 *  - tunnel devices are named with the prefix KERN_TUNNEL_PREFIX ("mip6");
 *  - XFRM states, proxy neighbour entries and addresses have no field to mark them (the
 *    reqid and marks of states take part in lookups), so each one is appended to a journal
 *    (/run/mip6d/kern-NETNS.journal) BEFORE it is installed, and its removal appended after.
 *    A restart replays the journal and removes what is still listed: a journalled object the
 *    kernel never got just fails with ENOENT.  The journal is append-only text, one object a
 *    line ("+ kind hexkey" / "- kind hexkey"), so a crash mid-write loses at most the last
 *    line of an object whose install had not started; it is rewritten empty on start and
 *    removed on a clean stop.
 * Nothing that lacks one of these marks is ever removed.
 * The journal lives in /run, which the system empties at boot, as a reboot empties the
 * kernel: it never outlives what it describes.  Its name carries the inode of the network
 * namespace, so daemons in different namespaces (the lab runs several) keep apart.
 */

#define NBUCKETS	16384

static struct kern_rec	*buckets[KREC_NKINDS][NBUCKETS];
static size_t		 counts[KREC_NKINDS];
static char		 journal_path[256];
static int		 journal_set;
static int		 journal_fd = -1;
static int		 journal_warned;

static unsigned int
hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	unsigned int h = 2166136261u;	/* FNV-1a */

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h % NBUCKETS;
}

void
kern_rec_set_journal(const char *path)
{
	kern_rec_journal_flush();
	if (journal_fd != -1) {
		close(journal_fd);
		journal_fd = -1;
	}
	snprintf(journal_path, sizeof(journal_path), "%s", path ? path : "");
	journal_set = 1;
}

void
kern_set_journal(const char *path)
{
	kern_rec_set_journal(path);
}

const char *
kern_rec_journal(void)
{
	struct stat st;

	if (!journal_set) {
		if (stat("/proc/self/ns/net", &st) == 0)
			snprintf(journal_path, sizeof(journal_path),
			    KERN_JOURNAL_DIR "/kern-%lu.journal", (unsigned long)st.st_ino);
		else
			snprintf(journal_path, sizeof(journal_path),
			    KERN_JOURNAL_DIR "/kern.journal");
		journal_set = 1;
	}
	return journal_path;
}

static int
journal_open(void)
{
	char dir[256], *slash;

	if (journal_fd != -1 || kern_rec_journal()[0] == '\0')
		return 0;
	snprintf(dir, sizeof(dir), "%s", journal_path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0755);
	}
	journal_fd = open(journal_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (journal_fd == -1) {
		/* Once: every install would try again. */
		if (!journal_warned)
			log_warn("journal %s (a crash will leave proxy entries, addresses and "
			    "XFRM states behind)", journal_path);
		journal_warned = 1;
		return -1;
	}
	journal_warned = 0;
	return 0;
}

/*
 * Journal lines wait in jbuf until the next netlink request leaves (kern_nl_request and the
 * batches flush it first): the line of an object still precedes the object in the kernel, and
 * a batch of thousands of bindings costs one write(2) instead of one per object.  A removal's
 * line that a crash keeps from the file only makes the next start try to remove an object
 * that is gone.
 */
static char	jbuf[32768];
static size_t	jlen;

void
kern_rec_journal_flush(void)
{
	size_t off = 0;
	ssize_t w;

	if (jlen == 0)
		return;
	if (journal_open() == 0 && journal_fd != -1) {
		/* O_APPEND writes of whole lines: a torn line is only ever the last one */
		while (off < jlen) {
			if ((w = write(journal_fd, jbuf + off, jlen - off)) == -1) {
				if (errno == EINTR)
					continue;
				log_warn("journal %s", journal_path);
				break;
			}
			off += (size_t)w;
		}
	}
	jlen = 0;
}

static void
journal_write(char op, int kind, const void *key, size_t keylen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = key;
	size_t i, n;

	if (kern_rec_journal()[0] == '\0' || keylen > 512)
		return;
	if (jlen + 2 * keylen + 16 > sizeof(jbuf))
		kern_rec_journal_flush();
	n = jlen + (size_t)snprintf(jbuf + jlen, sizeof(jbuf) - jlen, "%c %d ", op, kind);
	for (i = 0; i < keylen; i++) {
		jbuf[n++] = hex[p[i] >> 4];
		jbuf[n++] = hex[p[i] & 15];
	}
	jbuf[n++] = '\n';
	jlen = n;
}

/*
 * The walks of kern_rec_foreach() in progress (they nest when a callback walks another kind):
 * each one's pointer to the record it visits next, moved on when that record is unlinked.
 */
#define MAX_WALKS	8
static struct kern_rec	**walk_next[MAX_WALKS];
static int		  nwalks;

/* Take r (found at *pp) out of its bucket; the caller frees it. */
static void
unlink_rec(struct kern_rec **pp, struct kern_rec *r)
{
	int i;

	*pp = r->next;
	counts[r->kind]--;
	for (i = 0; i < nwalks; i++)
		if (*walk_next[i] == r)
			*walk_next[i] = r->next;
}

static struct kern_rec **
find(int kind, const void *key, size_t keylen, unsigned int h)
{
	struct kern_rec **pp;

	for (pp = &buckets[kind][h]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->keylen == keylen && memcmp((*pp)->data, key, keylen) == 0)
			return pp;
	return NULL;
}

int
kern_rec_put(int kind, const void *key, size_t keylen, const void *val, size_t vallen,
    int journal)
{
	struct kern_rec **pp, *r, *old = NULL;
	unsigned int h = hash(key, keylen);

	if (keylen > UINT16_MAX || vallen > UINT16_MAX)
		return -1;
	/*
	 * Build the new record before the old one goes: key and val may point into it (a
	 * resync or a migration that puts a record again from its own bytes).
	 */
	if ((r = malloc(sizeof(*r) + KREC_VALOFF(keylen) + vallen)) == NULL)
		return -1;
	r->kind = (uint8_t)kind;
	r->keylen = (uint16_t)keylen;
	r->vallen = (uint16_t)vallen;
	memcpy(r->data, key, keylen);
	if (vallen)
		memcpy(KREC_VAL(r), val, vallen);
	if ((pp = find(kind, key, keylen, h)) != NULL) {
		old = *pp;
		unlink_rec(pp, old);
	}
	r->next = buckets[kind][h];
	buckets[kind][h] = r;
	counts[kind]++;
	if (journal)
		journal_write('+', kind, r->data, keylen);
	free(old);
	return 0;
}

struct kern_rec *
kern_rec_get(int kind, const void *key, size_t keylen)
{
	struct kern_rec **pp = find(kind, key, keylen, hash(key, keylen));

	return pp != NULL ? *pp : NULL;
}

void
kern_rec_del(int kind, const void *key, size_t keylen, int journal)
{
	struct kern_rec **pp, *r;

	if ((pp = find(kind, key, keylen, hash(key, keylen))) == NULL)
		return;
	r = *pp;
	unlink_rec(pp, r);
	/* key may point into r (callers of kern_rec_foreach pass KREC_KEY(r)): journal first. */
	if (journal)
		journal_write('-', kind, r->data, keylen);
	free(r);
}

void
kern_rec_foreach(int kind, void (*fn)(struct kern_rec *, void *), void *arg)
{
	struct kern_rec *r, *next;
	size_t i;

	if (counts[kind] == 0)
		return;		/* 16384 empty buckets: most walks at start-up and shutdown */
	if (nwalks == MAX_WALKS)
		abort();	/* a callback recursing without end */
	walk_next[nwalks++] = &next;
	for (i = 0; i < NBUCKETS; i++)
		for (r = buckets[kind][i]; r != NULL; r = next) {
			next = r->next;
			fn(r, arg);	/* may unlink next: unlink_rec() moves it on */
		}
	nwalks--;
}

size_t
kern_rec_count(int kind)
{
	return counts[kind];
}

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

struct replay_ctx {
	void	(*fn)(int, const void *, size_t, void *);
	void	 *arg;
	int	  n;
};

static void
replay_one(struct kern_rec *r, void *arg)
{
	struct replay_ctx *c = arg;

	c->fn(r->kind, KREC_KEY(r), r->keylen, c->arg);
	c->n++;
	kern_rec_del(r->kind, KREC_KEY(r), r->keylen, 0);
}

/*
 * Called when nothing is recorded yet (start-up): the journal is replayed into the record
 * table itself, so that an add and its later removal cancel out in linear time.
 */
int
kern_rec_replay(void (*fn)(int kind, const void *key, size_t keylen, void *arg), void *arg)
{
	struct replay_ctx c = { fn, arg, 0 };
	char line[2 * 512 + 32], *p;
	unsigned char key[512];
	size_t keylen;
	int kind, hi, lo;
	FILE *f;

	if (kern_rec_journal()[0] == '\0')
		return 0;
	kern_rec_journal_flush();
	if (journal_fd != -1) {
		close(journal_fd);
		journal_fd = -1;
	}
	if ((f = fopen(journal_path, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if ((line[0] != '+' && line[0] != '-') || line[1] != ' ')
				continue;
			kind = (int)strtol(line + 2, &p, 10);
			if (kind < 0 || kind >= KREC_NKINDS || *p != ' ')
				continue;
			for (p++, keylen = 0; keylen < sizeof(key); p += 2, keylen++) {
				if ((hi = unhex(p[0])) < 0 || (lo = unhex(p[1])) < 0)
					break;
				key[keylen] = (unsigned char)(hi << 4 | lo);
			}
			if (*p != '\n')
				continue;	/* torn line */
			if (line[0] == '+')
				kern_rec_put(kind, key, keylen, NULL, 0, 0);
			else
				kern_rec_del(kind, key, keylen, 0);
		}
		fclose(f);
	}
	for (kind = 0; kind < KREC_NKINDS; kind++)
		kern_rec_foreach(kind, replay_one, &c);
	/* Start afresh; what failed to go was logged by fn. */
	if (unlink(journal_path) == -1 && errno != ENOENT)
		log_warn("journal %s", journal_path);
	return c.n;
}

void
kern_rec_journal_remove(void)
{
	jlen = 0;	/* the file goes: nothing of it is needed */
	if (journal_fd != -1) {
		close(journal_fd);
		journal_fd = -1;
	}
	if (kern_rec_journal()[0] != '\0' && unlink(journal_path) == -1 && errno != ENOENT)
		log_warn("journal %s", journal_path);
}
