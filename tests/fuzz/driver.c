/*
 * driver.c - stand-in for libFuzzer's main where clang's fuzzer runtime is missing: feeds
 * every file named on the command line (or found in a directory named there) to
 * LLVMFuzzerTestOneInput once, so the seed corpus still runs through the parser.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	static uint8_t buf[1 << 20];
	size_t n;
	FILE *f;
	uint8_t *copy;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* an exact-size copy, so that a sanitizer sees any read past the end */
	if ((copy = malloc(n ? n : 1)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		copy[i] = buf[i];
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

int
main(int argc, char **argv)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	int i, n = 0, bad = 0;
	DIR *d;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((d = opendir(argv[i])) == NULL) {
				perror(argv[i]);
				bad++;
				continue;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
				bad += run_file(path) != 0;
				n++;
			}
			closedir(d);
		} else {
			bad += run_file(argv[i]) != 0;
			n++;
		}
	}
	printf("%d inputs run\n", n);
	return bad ? 1 : 0;
}
