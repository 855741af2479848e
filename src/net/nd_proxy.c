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
 *
 * Without a membership per home address, a switch that forwards solicited-node multicast only
 * to the ports that reported it (MLD snooping) would not bring solicitations to the home
 * agent: the proxy reports the groups itself (RFC 3810), counted per link (home addresses
 * whose last 24 bits match share a group): a group's first home address sends a TO_EXCLUDE
 * record, its last a TO_INCLUDE, a burst's records leave together, and a Query is answered
 * with MODE_IS_EXCLUDE records of the groups in use.
 */
#include "config.h"

#define LOG_SUBSYS "nd"

#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "../state/keyhash.h"
#include "log.h"
#include "loop.h"
#include "mld_msg.h"
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
 * The groups in use, per link: an open-addressing table of 8-byte slots, the key (the link's
 * place in px.links and the group's 24 bits, plus one: 0 is an empty slot) in the high half,
 * the count of home addresses in the low half.  At most half full: 16 bytes per group.
 */
static struct {
	uint64_t	*slot;
	size_t		 size, used;	/* size: a power of two, or 0 */
	struct keyhash_key hkey;
	int		 seeded;
} gt;

/* Records waiting for their report, in the order they came (nd_proxy_report). */
#define REC_MAX	(MLD_REPORT_MAX_RECORDS * 16)	/* whole reports when a long burst flushes early */

static struct {
	int		 ifindex[REC_MAX];
	struct mld_record rec[REC_MAX];
	size_t		 n;
	int		 held;
	struct loop_timer *timer;
} rq;

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

/* ifindex's place in px.links, or -1 when the proxy does not serve it */
static int
link_slot(int ifindex)
{
	unsigned int i;

	for (i = 0; i < px.nlinks; i++)
		if (px.links[i] == ifindex)
			return (int)i;
	return -1;
}

static uint32_t
group_key(int link, const struct in6_addr *addr)
{
	return ((uint32_t)link << 24 | (uint32_t)addr->s6_addr[13] << 16 |
	    (uint32_t)addr->s6_addr[14] << 8 | addr->s6_addr[15]) + 1;
}

static size_t
gt_index(uint32_t key)
{
	struct in6_addr k;

	/* keyed: home addresses come from Binding Updates, so no peer picks the collisions */
	memset(&k, 0, sizeof(k));
	memcpy(k.s6_addr, &key, sizeof(key));
	return (size_t)keyhash_addr(&gt.hkey, &k) & (gt.size - 1);
}

static uint64_t *
gt_find(uint32_t key)
{
	size_t i;

	if (gt.size == 0)
		return NULL;
	for (i = gt_index(key); gt.slot[i] != 0; i = (i + 1) & (gt.size - 1))
		if ((uint32_t)(gt.slot[i] >> 32) == key)
			return &gt.slot[i];
	return NULL;
}

static int
gt_grow(void)
{
	uint64_t *old = gt.slot;
	size_t osize = gt.size, i, j;

	if (!gt.seeded) {
		keyhash_seed(&gt.hkey);
		gt.seeded = 1;
	}
	gt.size = osize ? osize * 2 : 1024;
	if ((gt.slot = calloc(gt.size, sizeof(*gt.slot))) == NULL) {
		gt.slot = old;
		gt.size = osize;
		return -1;
	}
	for (i = 0; i < osize; i++)
		if (old[i] != 0) {
			for (j = gt_index((uint32_t)(old[i] >> 32)); gt.slot[j] != 0;
			    j = (j + 1) & (gt.size - 1))
				;
			gt.slot[j] = old[i];
		}
	free(old);
	return 0;
}

/* Remove slot i, moving back the entries its place would hide (linear probing). */
static void
gt_remove(size_t i)
{
	size_t j = i, k;

	gt.slot[i] = 0;
	gt.used--;
	for (;;) {
		j = (j + 1) & (gt.size - 1);
		if (gt.slot[j] == 0)
			return;
		k = gt_index((uint32_t)(gt.slot[j] >> 32));
		/* j's entry stays when its home k lies cyclically in (i, j] */
		if ((i < j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		gt.slot[i] = gt.slot[j];
		gt.slot[j] = 0;
		i = j;
	}
}

static void
rq_flush(void)
{
	struct mld_record recs[MLD_REPORT_MAX_RECORDS];
	uint8_t pkt[MLD_REPORT_MAX_LEN];
	static const uint8_t mac[6] = { 0x33, 0x33, 0, 0, 0, 0x16 };
	size_t i, j, n, len;
	int ifindex, rc;

	/* each link's records in reports of their own, in order */
	for (i = 0; i < rq.n; i++) {
		if ((ifindex = rq.ifindex[i]) == 0)
			continue;
		for (n = 0, j = i; j < rq.n && n < MLD_REPORT_MAX_RECORDS; j++)
			if (rq.ifindex[j] == ifindex) {
				recs[n++] = rq.rec[j];
				rq.ifindex[j] = 0;
			}
		if (own_addrs(ifindex) == -1)
			continue;
		len = mld_report_build(pkt, sizeof(pkt), &own.ll, recs, n);
		if ((rc = nd_send_ll(ifindex, mac, pkt, len)) < 0) {
			log_warnx("MLD report on ifindex %d: %s", ifindex, strerror(-rc));
			stats_inc("err.nd-send");
		} else
			stats_inc("tx.mld-report");
	}
	rq.n = 0;
}

static void
rq_timer(void *arg)
{
	(void)arg;
	rq_flush();
}

static void
rq_add(int ifindex, uint8_t type, const struct in6_addr *addr)
{
	if (rq.n == REC_MAX)
		rq_flush();
	rq.ifindex[rq.n] = ifindex;
	rq.rec[rq.n].type = type;
	nd_solicited_node(addr, &rq.rec[rq.n].group);
	rq.n++;
	/* a burst's records go at its end (nd_proxy_tx_flush); others at the loop's next turn,
	 * so that a stop's thousands of removals make reports of 61 records, not one each: the
	 * timer is armed by the first record only, not once per record */
	if (!rq.held && rq.n == 1 && rq.timer != NULL)
		loop_timer_arm(rq.timer, 0);
}

void
nd_proxy_report_real(int ifindex, const struct in6_addr *addr, int in_use)
{
	uint64_t *e;
	uint32_t key;
	int link;

	if ((link = link_slot(ifindex)) < 0)
		return;
	key = group_key(link, addr);
	if ((e = gt_find(key)) != NULL) {
		if (in_use)
			(*e)++;
		else if ((uint32_t)*e > 1)
			(*e)--;
		else {
			gt_remove((size_t)(e - gt.slot));
			rq_add(ifindex, MLD_TO_INCLUDE, addr);
		}
		return;
	}
	if (!in_use)
		return;
	if ((gt.used + 1) * 2 > gt.size && gt_grow() == -1) {
		log_warnx("no memory for the group of %s: not reported", addr_str(addr));
		return;
	}
	for (e = &gt.slot[gt_index(key)]; *e != 0; )
		e = &gt.slot[((size_t)(e - gt.slot) + 1) & (gt.size - 1)];
	*e = (uint64_t)key << 32 | 1;
	gt.used++;
	rq_add(ifindex, MLD_TO_EXCLUDE, addr);
}

/*
 * RFC 3810 6.2: a General Query gets every group of the link (a walk of the table), a group's
 * Query that group if it is in use (one lookup: a query for one group costs no walk).
 */
static void
answer_query(int ifindex, const struct in6_addr *group)
{
	struct in6_addr a, sn;
	size_t i;
	int link = link_slot(ifindex);
	uint32_t key;

	stats_inc("rx.mld-query");
	if (!addr_is_unspecified(group)) {
		nd_solicited_node(group, &sn);	/* a solicited-node group is its own */
		if (addr_eq(&sn, group) && gt_find(group_key(link, group)) != NULL)
			rq_add(ifindex, MLD_MODE_IS_EXCLUDE, group);
		return;
	}
	memset(&a, 0, sizeof(a));
	for (i = 0; i < gt.size; i++) {
		if (gt.slot[i] == 0)
			continue;
		key = (uint32_t)(gt.slot[i] >> 32) - 1;
		if ((int)(key >> 24) != link)
			continue;
		a.s6_addr[13] = (uint8_t)(key >> 16);
		a.s6_addr[14] = (uint8_t)(key >> 8);
		a.s6_addr[15] = (uint8_t)key;
		rq_add(ifindex, MLD_MODE_IS_EXCLUDE, &a);
	}
}

void
nd_proxy_tx_hold(void)
{
	rq.held = 1;
}

void
nd_proxy_tx_flush(void)
{
	rq.held = 0;
	rq_flush();
}

unsigned int
nd_proxy_groups(void)
{
	return (unsigned int)gt.used;
}

void
nd_proxy_input(int ifindex, const uint8_t frame_src[6], const uint8_t *pkt, size_t len)
{
	uint8_t na[ND_NA_LEN];
	struct nd_answer a;
	struct nd_ns ns;
	int rc;

	if (px.fn == NULL || link_slot(ifindex) < 0)
		return;
	if (len > 6 && pkt[6] == 0) {		/* behind a Hop-by-Hop header: MLD */
		struct in6_addr group;

		if (mld_query_parse(pkt, len, &group) == 0)
			answer_query(ifindex, &group);
		return;
	}
	if (nd_ns_parse(pkt, len, &ns) == -1)
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
	if (link_slot(ifindex) < 0) {
		if (px.nlinks == MAX_LINKS)
			return -1;
		px.links[px.nlinks++] = ifindex;
	}
	px.fn = fn;
	px.arg = arg;
	if (rq.timer == NULL)
		rq.timer = loop_timer_new(rq_timer, NULL);
	/* every solicited-node group of the link, without joining one per home address */
	return nd_allmulti(ifindex);
}

void
nd_proxy_stop_real(void)
{
	rq_flush();		/* the last leaves */
	loop_timer_free(rq.timer);
	rq.timer = NULL;
	rq.n = 0;
	rq.held = 0;
	free(gt.slot);
	gt.slot = NULL;
	gt.size = gt.used = 0;
	memset(&px, 0, sizeof(px));
	own.ifindex = 0;
}
