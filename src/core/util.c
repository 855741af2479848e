/* util.c - IPv6 address helpers */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *
addr_str(const struct in6_addr *a)
{
	static char bufs[8][INET6_ADDRSTRLEN];
	static unsigned int next;
	char *b = bufs[next++ % ARRAY_SIZE(bufs)];

	if (inet_ntop(AF_INET6, a, b, INET6_ADDRSTRLEN) == NULL)
		strcpy(b, "?");
	return b;
}

int
addr_parse(const char *s, struct in6_addr *a)
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

int
prefix_parse(const char *s, struct in6_addr *a, int *plen, int plen_required)
{
	char buf[INET6_ADDRSTRLEN + 5];
	const char *slash;
	char *end;
	long v;

	slash = strchr(s, '/');
	if (slash == NULL) {
		if (plen_required)
			return -1;
		*plen = 128;
		return addr_parse(s, a);
	}
	if ((size_t)(slash - s) >= sizeof(buf) - 1)
		return -1;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	errno = 0;
	v = strtol(slash + 1, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 128)
		return -1;
	*plen = (int)v;
	return addr_parse(buf, a);
}

int
prefix_match(const struct in6_addr *a, const struct in6_addr *prefix, int plen)
{
	int bytes = plen / 8, bits = plen % 8;
	uint8_t mask;

	if (plen < 0 || plen > 128)
		return 0;
	if (memcmp(a->s6_addr, prefix->s6_addr, bytes) != 0)
		return 0;
	if (bits == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - bits));
	return (a->s6_addr[bytes] & mask) == (prefix->s6_addr[bytes] & mask);
}

int
addr_is_linklocal(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LINKLOCAL(a);
}

int
addr_is_multicast(const struct in6_addr *a)
{
	return IN6_IS_ADDR_MULTICAST(a);
}

int
addr_is_unspecified(const struct in6_addr *a)
{
	return IN6_IS_ADDR_UNSPECIFIED(a);
}

int
addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}
