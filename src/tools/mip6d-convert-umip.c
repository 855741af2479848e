/* mip6d-convert-umip.c - print the mip6d.conf equivalent to an old UMIP/MIPL mip6d.conf */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "umip.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: mip6d-convert-umip [-n] [-H iface=addr/plen]... [-k setkey-file] [-o output]"
	    " file\n"
	    "  -H, --home-link IFACE=ADDR/PLEN\n"
	    "                        the home agent's address and home prefix length on IFACE\n"
	    "  -k, --setkey FILE     take the IPsec SPIs and keys from this setkey(8) file\n"
	    "  -n, --no-interfaces   do not read them from this machine's interfaces\n"
	    "  -o, --output FILE     write the new configuration to FILE (default: stdout)\n"
	    "  -V, --version         print the version and exit\n"
	    "  -h, --help            print this help and exit\n");
}

static void
report_stderr(const char *msg, void *arg)
{
	fprintf(stderr, "%s\n", msg);
}

/* IFACE=ADDR/PLEN */
static struct uhl_given *
parse_home_link(const char *s)
{
	struct uhl_given *g;
	struct in6_addr a;
	const char *eq = strchr(s, '=');
	int plen;

	if (eq == NULL || eq == s || prefix_parse(eq + 1, &a, &plen, 1) == -1 || plen < 1 ||
	    plen > 127)
		return NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->ifname = strndup(s, eq - s);
	g->addr = strndup(eq + 1, strcspn(eq + 1, "/"));
	g->plen = plen;
	if (g->ifname == NULL || g->addr == NULL) {
		free(g->ifname);
		free(g->addr);
		free(g);
		return NULL;
	}
	return g;
}

static void
free_home_links(struct uhl_given *g)
{
	struct uhl_given *next;

	for (; g != NULL; g = next) {
		next = g->next;
		free(g->ifname);
		free(g->addr);
		free(g);
	}
}

/* Convert into a buffer: nothing is written when anything went wrong. */
static int
convert(const char *path, struct uwrite_opts *wo, char **out, size_t *outlen)
{
	struct utree t;
	struct uconf c;
	FILE *mf;
	int errors;

	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	errors = utree_read_file(&t, path, report_stderr, NULL);
	errors += uconf_build(&c, &t, report_stderr, NULL);
	if (errors == 0) {
		if ((mf = open_memstream(out, outlen)) == NULL) {
			fprintf(stderr, "mip6d-convert-umip: out of memory\n");
			errors++;
		} else {
			errors += uconf_write(mf, &c, wo);
			if (fclose(mf) == EOF) {
				fprintf(stderr, "mip6d-convert-umip: out of memory\n");
				errors++;
			}
		}
	}
	uconf_free(&c);
	utree_free(&t);
	return errors;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "home-link",	   required_argument, NULL, 'H' },
		{ "setkey",	   required_argument, NULL, 'k' },
		{ "no-interfaces", no_argument,	      NULL, 'n' },
		{ "output",	   required_argument, NULL, 'o' },
		{ "version",	   no_argument,	      NULL, 'V' },
		{ "help",	   no_argument,	      NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct uwrite_opts wo = { .use_system = 1, .report = report_stderr };
	struct uhl_given *g;
	const char *out = NULL, *setkey = NULL;
	struct usetkey keys;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int fd = -1;
	int ch, errors, rc = 0;

	while ((ch = getopt_long(argc, argv, "H:k:no:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			if ((g = parse_home_link(optarg)) == NULL) {
				fprintf(stderr, "mip6d-convert-umip: --home-link %s: expected "
				    "IFACE=ADDR/PLEN\n", optarg);
				free_home_links(wo.home_links);
				return 2;
			}
			g->next = wo.home_links;
			wo.home_links = g;
			break;
		case 'k':
			setkey = optarg;
			break;
		case 'n':
			wo.use_system = 0;
			break;
		case 'o':
			out = optarg;
			break;
		case 'V':
			printf("mip6d-convert-umip %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		free_home_links(wo.home_links);
		return 2;
	}
	wo.source = argv[optind];

	memset(&keys, 0, sizeof(keys));
	errors = 0;
	if (setkey != NULL) {
		errors = usetkey_read(&keys, setkey, report_stderr, NULL);
		wo.setkey = &keys;
	}
	errors += convert(argv[optind], &wo, &buf, &len);
	free_home_links(wo.home_links);
	usetkey_free(&keys);
	if (errors > 0) {
		fprintf(stderr, "mip6d-convert-umip: %d error%s in %s; nothing written\n", errors,
		    errors == 1 ? "" : "s", argv[optind]);
		free(buf);
		return 1;
	}

	if (out == NULL)
		f = stdout;
	/* private to its owner, as mip6d requires of a file that holds (or will hold) ESP keys */
	else if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		fprintf(stderr, "mip6d-convert-umip: %s: %s\n", out, strerror(errno));
		free(buf);
		return 1;
	}
	if (fwrite(buf, 1, len, f) != len || fflush(f) == EOF) {
		fprintf(stderr, "mip6d-convert-umip: %s: %s\n", out ? out : "stdout",
		    strerror(errno));
		rc = 1;
	}
	if (f != stdout && fclose(f) == EOF && rc == 0) {
		fprintf(stderr, "mip6d-convert-umip: %s: %s\n", out, strerror(errno));
		rc = 1;
	}
	free(buf);
	return rc;
}
