/* nd_proxy.c - the home agent's Neighbour Discovery proxy (RFC 6275 10.4.1) in the daemon
 *
 * With nd-proxy = mip6d the kernel keeps no proxy entry and joins no solicited-node group per
 * home address: the packet socket of DAD (nd.c), with the home links in ALLMULTI, hears every
 * Neighbour Solicitation there, and the home agent answers those whose target is a home address
 * it serves on that link (one binding cache lookup, ha.c).  The answer is built whole and sent
 * on the same packet socket, to the solicitor's link-layer address: the kernel never heard the
 * solicitation, and would otherwise have to resolve the solicitor first.  A unicast NS for a
 * bound home address reaches the kernel's forwarding too; the home prefixes' route program
 * (tunnel_check.bpf.c) drops it instead of tunnelling it to the mobile node.
 */
#include "config.h"

#define LOG_SUBSYS "nd"

#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "nd.h"
#include "stats.h"
#include "util.h"

#define MAX_LINKS	32

static struct {
	nd_proxy_fn	 fn;
	void		*arg;
	int		 links[MAX_LINKS];
	unsigned int	 nlinks;
} px;

/*
 * A home link's own addresses for the answers (its link-layer address in the option, its
 * link-local address as the source, RFC 4861 7.2.4): kept for a second, as the unsolicited
 * NA's link-layer address is (nd.c), so that a burst of solicitations asks the kernel once.
 */
static struct {
	int		ifindex;
	uint8_t		mac[6];
	struct in6_addr	ll;
	uint64_t	until_ms;
} own;

int
nd_link_addrs_real(int ifindex, uint8_t mac[6], struct in6_addr *ll)
{
	struct ifaddrs *ifa, *i;
	int have_mac = 0, have_ll = 0;
	char name[IF_NAMESIZE];

	if (if_indextoname((unsigned int)ifindex, name) == NULL || getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || strcmp(i->ifa_name, name) != 0)
			continue;
		if (i->ifa_addr->sa_family == AF_PACKET &&
		    ((struct sockaddr_ll *)(void *)i->ifa_addr)->sll_halen == 6) {
			memcpy(mac, ((struct sockaddr_ll *)(void *)i->ifa_addr)->sll_addr, 6);
			have_mac = 1;
		} else if (i->ifa_addr->sa_family == AF_INET6 && !have_ll &&
		    addr_is_linklocal(&((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr)) {
			*ll = ((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr;
			have_ll = 1;
		}
	}
	freeifaddrs(ifa);
	return have_mac && have_ll ? 0 : -1;
}

static int
own_addrs(int ifindex)
{
	uint64_t now = loop_now_ms();

	if (own.ifindex == ifindex && now < own.until_ms)
		return 0;
	if (nd_link_addrs(ifindex, own.mac, &own.ll) == -1) {
		own.ifindex = 0;
		return -1;
	}
	own.ifindex = ifindex;
	own.until_ms = now + 1000;
	return 0;
}

static int
serving(int ifindex)
{
	unsigned int i;

	for (i = 0; i < px.nlinks; i++)
		if (px.links[i] == ifindex)
			return 1;
	return 0;
}

void
nd_proxy_input(int ifindex, const uint8_t frame_src[6], const uint8_t *pkt, size_t len)
{
	uint8_t na[ND_NA_LEN];
	struct nd_answer a;
	struct nd_ns ns;
	int rc;

	if (px.fn == NULL || !serving(ifindex) || nd_ns_parse(pkt, len, &ns) == -1)
		return;
	if (!px.fn(ifindex, &ns.target, px.arg) || nd_proxy_answer(&ns, frame_src, &a) == -1)
		return;
	if (own_addrs(ifindex) == -1) {
		log_warnx("no link-layer or link-local address on ifindex %d: NS for %s "
		    "unanswered", ifindex, addr_str(&ns.target));
		stats_inc("err.nd-send");
		return;
	}
	nd_na_build(na, sizeof(na), &own.ll, &a, own.mac);
	if ((rc = nd_send_ll(ifindex, a.dst_mac, na, sizeof(na))) < 0) {
		log_warnx("NA for %s to %s on ifindex %d: %s", addr_str(&a.target),
		    addr_str(&a.dst), ifindex, strerror(-rc));
		stats_inc("err.nd-send");
		return;
	}
	stats_inc(a.solicited ? "tx.proxy-na" : "tx.proxy-na-defend");
}

int
nd_proxy_start_real(int ifindex, nd_proxy_fn fn, void *arg)
{
	if (!serving(ifindex)) {
		if (px.nlinks == MAX_LINKS)
			return -1;
		px.links[px.nlinks++] = ifindex;
	}
	px.fn = fn;
	px.arg = arg;
	/* every solicited-node group of the link, without joining one per home address */
	return nd_allmulti(ifindex);
}

void
nd_proxy_stop_real(void)
{
	memset(&px, 0, sizeof(px));
	own.ifindex = 0;
}
