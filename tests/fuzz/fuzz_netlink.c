/*
 * fuzz_netlink.c - libFuzzer target: the parsers of the kernel's netlink events
 * (src/kern/monitor.c): links, addresses, routes, XFRM ACQUIRE, REPORT and MIGRATE.
 *
 * The input is one message's payload (the family header and its attributes); the first byte
 * chooses the message type among those the parsers know.  The netlink header is built here
 * with the input's exact length, as libnl hands over only messages that fit what was read.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include "kern_monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static const uint16_t types[] = {
	RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE,
	XFRM_MSG_ACQUIRE, XFRM_MSG_REPORT, XFRM_MSG_MIGRATE,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kern_link_event le;
	struct kern_addr_event ae;
	struct kern_route_event re;
	struct kern_xfrm_acquire_event qe;
	struct kern_xfrm_report_event pe;
	struct kern_xfrm_migrate_event me;
	struct nlmsghdr *h;
	size_t len;

	if (size < 1 || size > 65536)
		return 0;
	len = NLMSG_HDRLEN + size - 1;
	/* exactly the message's length, so that ASan sees a read past its end */
	if ((h = malloc(len)) == NULL)
		return 0;
	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_len = (uint32_t)len;
	h->nlmsg_type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	memcpy((uint8_t *)h + NLMSG_HDRLEN, data + 1, size - 1);

	if (kern_monitor_parse_link(h, &le) == 0)
		CHECK(memchr(le.name, '\0', sizeof(le.name)) != NULL);
	if (kern_monitor_parse_addr(h, &ae) == 0)
		CHECK(ae.plen <= 128);
	if (kern_monitor_parse_route(h, &re) == 0)
		CHECK(re.dplen <= 128);
	if (kern_monitor_parse_acquire(h, &qe) == 0)
		CHECK(qe.sel.splen <= 128 && qe.sel.dplen <= 128);
	if (kern_monitor_parse_report(h, &pe) == 0)
		CHECK(pe.sel.splen <= 128 && pe.sel.dplen <= 128);
	if (kern_monitor_parse_migrate(h, &me) == 0) {
		CHECK(me.n >= 0 && me.n <= KERN_XFRM_MAXTMPL);
		CHECK(me.sel.splen <= 128 && me.sel.dplen <= 128);
	}
	free(h);
	return 0;
}
