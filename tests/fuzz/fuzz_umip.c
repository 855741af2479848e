/*
 * fuzz_umip.c - libFuzzer target: the inputs of mip6d-convert-umip (src/tools): an old UMIP
 * configuration (lexer, statement tree, the keyword checks, and the writer of mip6d.conf when
 * it converts) or, when the first byte is odd, a setkey(8) file of ESP keys.
 * include statements are skipped: they name other files, which a fuzzer's input must not
 * reach (/dev/zero would never end).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/tools/umip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
report(const char *msg, void *arg)
{
	CHECK(msg != NULL);
	(*(int *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uwrite_opts wo = { .source = "fuzz.conf", .report = report };
	struct usetkey k;
	struct utree t;
	struct uconf c;
	char *buf, *out = NULL;
	size_t outlen = 0;
	int errors = 0, reports = 0;
	FILE *f;

	if (size < 1 || size > 65536)
		return 0;
	/* an exact-size copy, so that ASan sees a read past the end */
	if ((buf = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (memmem(buf, size - 1, "include", 7) != NULL) {
		free(buf);
		return 0;
	}
	wo.arg = &reports;
	if (data[0] & 1) {
		memset(&k, 0, sizeof(k));
		(void)usetkey_read_buf(&k, "fuzz.setkey", buf, size - 1, report, &reports);
		usetkey_free(&k);
	} else {
		memset(&t, 0, sizeof(t));
		memset(&c, 0, sizeof(c));
		errors = utree_read_buf(&t, "fuzz.conf", buf, size - 1, report, &reports);
		errors += uconf_build(&c, &t, report, &reports);
		CHECK(errors == 0 || reports > 0);	/* every error is reported */
		if (errors == 0 && (f = open_memstream(&out, &outlen)) != NULL) {
			(void)uconf_write(f, &c, &wo);
			fclose(f);
			free(out);
		}
		uconf_free(&c);
		utree_free(&t);
	}
	free(buf);
	return 0;
}
