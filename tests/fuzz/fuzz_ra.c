/*
 * fuzz_ra.c - libFuzzer target: Router Advertisements as the mobile node takes them
 * (RFC 4861 6.1.2 checks, icmp6_parse, then mn_view_ra into its view of the links, as
 * roles/mn.c on_ra does), mixed with address events and router removals, so that the view's
 * tables fill, age and empty under any sequence a node on the link can send.
 *
 * Input: records, each starting with a byte whose value modulo 3 says what follows:
 *   0  an RA: ifindex (1 byte, 0-3), the last byte of the link-local source, a length (1
 *      byte) and that many bytes of ICMPv6 message
 *   1  an address event: ifindex, 16 address bytes, plen, flags, deleted
 *   2  a route removal: ifindex, the router's last byte; then the stale routers of the place
 *      given by the next byte
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>

#include "icmp6.h"
#include "kern_monitor.h"
#include "mn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
router_addr(struct in6_addr *a, uint8_t last)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0xfe;
	a->s6_addr[1] = 0x80;
	a->s6_addr[15] = last;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mn_view v;
	struct in6_addr router, out[MN_MAX_ROUTERS];
	struct kern_addr_event e;
	struct icmp6_msg m;
	struct mn_place p;
	uint64_t now = 1000, until;
	size_t i = 0, n, len;
	uint8_t *copy;
	int hoplimit;

	mn_view_init(&v);
	while (i < size) {
		switch (data[i++] % 3) {
		case 0:
			if (size - i < 3)
				return 0;
			router_addr(&router, data[i + 1]);
			len = data[i + 2];
			hoplimit = data[i] & 0x80 ? 64 : 255;
			i += 3;
			if (len > size - i)
				len = size - i;
			/* exactly the datagram's bytes, so that ASan sees a read past them */
			if ((copy = malloc(len ? len : 1)) == NULL)
				return 0;
			memcpy(copy, data + i, len);
			if (hoplimit == 255 && icmp6_parse(copy, len, NULL, NULL, &m) == ICMP6_OK &&
			    m.type == ICMP6_RA_TYPE)
				(void)mn_view_ra(&v, data[i - 3] & 3, &router, &m.ra, now);
			free(copy);
			i += len;
			break;
		case 1:
			if (size - i < 20)
				return 0;
			memset(&e, 0, sizeof(e));
			e.ifindex = data[i] & 3;
			memcpy(&e.addr, data + i + 1, 16);
			e.plen = data[i + 17];
			e.flags = data[i + 18] & 1 ? IFA_F_TENTATIVE : 0;
			e.flags |= data[i + 18] & 2 ? IFA_F_OPTIMISTIC : 0;
			e.flags |= data[i + 18] & 4 ? IFA_F_DADFAILED : 0;
			e.flags |= data[i + 18] & 8 ? IFA_F_HOMEADDRESS : 0;
			e.preferred = data[i + 18] & 16 ? 0 : 3600;
			e.valid = 7200;
			e.deleted = data[i + 19] & 1;
			(void)mn_view_addr(&v, &e, now);
			i += 20;
			break;
		case 2:
			if (size - i < 3)
				return 0;
			router_addr(&router, data[i + 1]);
			mn_view_forget_router(&v, data[i] & 3, &router);
			memset(&p, 0, sizeof(p));
			if (v.naddrs > 0) {
				n = data[i + 2] % v.naddrs;
				p.ifindex = v.addrs[n].ifindex;
				p.addr = v.addrs[n].addr;
				p.plen = v.addrs[n].plen;
			}
			n = mn_move_stale_routers(&v, &p, out, MN_MAX_ROUTERS);
			CHECK(n <= MN_MAX_ROUTERS);
			/* a hold that ends is in the future */
			until = mn_move_held(&v, &p, now);
			CHECK(until == 0 || until > now);
			(void)mn_move_where(&p, &router, data[i + 2]);
			i += 3;
			break;
		}
		now += 100;
		CHECK(v.naddrs <= MN_MAX_ADDRS && v.nrouters <= MN_MAX_ROUTERS);
	}
	return 0;
}
