/*
 * fuzz_conf.c - libFuzzer target: the configuration file (src/conf: libconfuse and our lint
 * pass, which places each option at its file and line for the error messages).  The input is
 * the file; conf_load() must accept it or report why, never crash, and what it accepts must
 * load again the same way (a reload).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
report(const char *msg, void *arg)
{
	CHECK(msg != NULL && msg[0] != '\0');
	(*(int *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct conf *c, *c2;
	char why[256];
	int reports = 0;
	FILE *f;

	if (path[0] == '\0') {
		log_init("fuzz_conf", LOG_DEST_STDERR, LOG_CRIT);
		snprintf(path, sizeof(path), "/tmp/fuzz_conf.%d.conf", (int)getpid());
	}
	if (size > 65536)
		return 0;
	CHECK((f = fopen(path, "w")) != NULL);
	CHECK(fwrite(data, 1, size, f) == size || size == 0);
	CHECK(fclose(f) == 0);
	c = conf_load(path, report, &reports);
	if (c == NULL) {
		CHECK(reports > 0);	/* a refusal always says why */
	} else {
		c2 = conf_load(path, report, &reports);
		CHECK(c2 != NULL);
		(void)conf_needs_restart(c, c2, why, sizeof(why));
		conf_free(c2);
		conf_free(c);
	}
	unlink(path);
	return 0;
}
