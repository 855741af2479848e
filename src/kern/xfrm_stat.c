/* xfrm_stat.c - the kernel's XFRM input error counters, which count what mip6d never sees */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kern_xfrm.h"
#include "kern_real.h"

/* "Name<blanks>value" at the start of a line; the value, counted in *found when there. */
static unsigned long long
field(const char *text, const char *name, int *found)
{
	const char *p = text;
	size_t n = strlen(name);
	char *end;
	unsigned long long v;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == ' ' || p[n] == '\t')) {
			v = strtoull(p + n, &end, 10);
			if (end != p + n) {
				(*found)++;
				return v;
			}
		}
		p += n;
	}
	return 0;
}

int
kern_xfrm_stat_parse(const char *text, unsigned long long v[3])
{
	int found = 0;

	v[0] = field(text, "XfrmInTmplMismatch", &found);
	v[1] = field(text, "XfrmInNoStates", &found);
	v[2] = field(text, "XfrmInPolBlock", &found);
	return found == 3 ? 0 : -1;
}

int
kern_xfrm_stat_read_real(unsigned long long v[3])
{
	char buf[4096];
	ssize_t n;
	int fd;

	if ((fd = open("/proc/net/xfrm_stat", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return kern_xfrm_stat_parse(buf, v);
}
