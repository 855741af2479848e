/*
 * fuzz_journal.c - libFuzzer target: the replay of the kernel-object journal
 * (src/kern/rec.c) that a restarted mip6d reads from /run.  The input is the journal file;
 * every object replayed must have a known kind and a bounded key, and the record must be
 * empty afterwards.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "../../src/kern/kern_nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
replayed(int kind, const void *key, size_t keylen, void *arg)
{
	CHECK(kind >= 0 && kind < KREC_NKINDS);
	CHECK(keylen <= 512);
	CHECK(kern_rec_get(kind, key, keylen) != NULL);
	(*(int *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	int n = 0, kind;
	FILE *f;

	if (path[0] == '\0') {
		log_init("fuzz_journal", LOG_DEST_STDERR, LOG_CRIT);
		snprintf(path, sizeof(path), "/tmp/fuzz_journal.%d", (int)getpid());
	}
	if (size > 1 << 20)
		return 0;
	CHECK((f = fopen(path, "w")) != NULL);
	CHECK(fwrite(data, 1, size, f) == size || size == 0);
	CHECK(fclose(f) == 0);
	kern_rec_set_journal(path);
	CHECK(kern_rec_replay(replayed, &n) == n);
	for (kind = 0; kind < KREC_NKINDS; kind++)
		CHECK(kern_rec_count(kind) == 0);
	CHECK(access(path, F_OK) == -1);	/* started afresh */
	return 0;
}
