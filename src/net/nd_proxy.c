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
 * record, its last a TO_INCLUDE, a burst's records leave together and go once more within a
 * second (RFC 3810 6.1), and a Query is answered with MODE_IS_EXCLUDE records of the groups in
 * use, a General Query after a random part of its Maximum Response Delay (6.2).
 */
#include "config.h"

#define LOG_SUBSYS "nd"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../state/keyhash.h"
#include "log.h"
#include "loop.h"
#include "mld_msg.h"
#include "nd.h"
#include "rr_crypto.h"
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
 * RFC 3810 6.1: a state change is sent [Robustness Variable] times (2, 9.1), the second at a
 * random time within the Unsolicited Report Interval (1 s, 9.11), so that one lost report does
 * not keep a snooping switch from the group until the next Query.  The groups that changed
 * wait here (their group_key) for it; each is sent as it is then, joined or left: a group
 * that joined and left meanwhile is reported left (6.1's merging, in its simplest form).
 */
#define MLD_UNSOLICITED_MS	1000

static unsigned int unsolicited_ms = MLD_UNSOLICITED_MS;

static struct {
	uint32_t	*key;
	size_t		 n, cap;
	struct loop_timer *timer;
} rt;

/*
 * RFC 3810 6.2: a General Query is answered after a random delay within its Maximum Response
 * Delay, the sooner of two pending answers kept.  Any home-link node can send one, and its
 * answer is every group (thousands of records): a second answer within a second waits, but
 * no later than the query's own delay (a querier may ask every second), and one within
 * 100 ms waits whatever the query says.
 */
#define GQ_MIN_INTERVAL_MS	1000
#define GQ_HARD_INTERVAL_MS	100

static struct {
	uint64_t	 due_ms[MAX_LINKS];	/* per link slot; 0: no answer pending */
	uint64_t	 last_ms[MAX_LINKS];	/* the last answer */
	struct loop_timer *timer;
} gq;

/* A random number in [0, n) (0 when n is 0): spreading, not secrecy. */
static uint32_t
rand_below(uint32_t n)
{
	uint32_t r;

	if (n == 0)
		return 0;
	if (rr_random((uint8_t *)&r, sizeof(r)) == -1)
		r = (uint32_t)loop_now_ns() * 2654435761u;
	return r % n;
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
	uint8_t pkt[MLD_REPORT_MAX_LEN], own_mac[6];
	struct in6_addr own_ll;
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
		if (nd_link_own(ifindex, own_mac, &own_ll) == -1)
			continue;
		len = mld_report_build(pkt, sizeof(pkt), &own_ll, recs, n);
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

/* a state change of the group of key, once more within the Unsolicited Report Interval */
static void
rt_add(uint32_t key)
{
	uint32_t *k;

	if (rt.n == rt.cap) {
		size_t cap = rt.cap ? rt.cap * 2 : 256;

		if ((k = reallocarray(rt.key, cap, sizeof(*k))) == NULL) {
			stats_inc("err.nd-mld-retransmit");
			return;		/* the first report went; a Query brings it back */
		}
		rt.key = k;
		rt.cap = cap;
	}
	rt.key[rt.n++] = key;
	if (rt.timer != NULL && !loop_timer_pending(rt.timer))
		loop_timer_arm(rt.timer, 1 + rand_below(unsolicited_ms));
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

/* A group joined or left: reported now, and once more within the interval (RFC 3810 6.1) */
static void
state_change(int ifindex, uint8_t type, const struct in6_addr *addr, uint32_t key)
{
	rq_add(ifindex, type, addr);
	rt_add(key);
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
			state_change(ifindex, MLD_TO_INCLUDE, addr, key);
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
	state_change(ifindex, MLD_TO_EXCLUDE, addr, key);
}

/* The group of a key, any home address of it (its last 24 bits are the group's). */
static void
key_addr(uint32_t key, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	key--;
	a->s6_addr[13] = (uint8_t)(key >> 16);
	a->s6_addr[14] = (uint8_t)(key >> 8);
	a->s6_addr[15] = (uint8_t)key;
}

static int
key_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
rt_timer(void *arg)
{
	struct in6_addr a;
	size_t i;
	unsigned int link;

	(void)arg;
	/* a group that changed more than once goes once, as it is now */
	qsort(rt.key, rt.n, sizeof(*rt.key), key_cmp);
	for (i = 0; i < rt.n; i++) {
		if (i > 0 && rt.key[i] == rt.key[i - 1])
			continue;
		link = (rt.key[i] - 1) >> 24;
		if (link >= px.nlinks)
			continue;
		key_addr(rt.key[i], &a);
		rq_add(px.links[link], gt_find(rt.key[i]) != NULL ? MLD_TO_EXCLUDE :
		    MLD_TO_INCLUDE, &a);
	}
	rq_flush();
	rt.n = 0;
	if (rt.cap > 4096) {		/* a restart's burst: give it back */
		free(rt.key);
		rt.key = NULL;
		rt.cap = 0;
	}
}

/* RFC 3810 6.2: every group of the link, MODE_IS_EXCLUDE (a walk of the table) */
static void
answer_general(unsigned int link)
{
	struct in6_addr a;
	size_t i;
	uint32_t key;

	for (i = 0; i < gt.size; i++) {
		if (gt.slot[i] == 0)
			continue;
		key = (uint32_t)(gt.slot[i] >> 32);
		if (((key - 1) >> 24) != link)
			continue;
		key_addr(key, &a);
		rq_add(px.links[link], MLD_MODE_IS_EXCLUDE, &a);
	}
}

static void
gq_arm(void)
{
	uint64_t now = loop_now_ms(), next = 0;
	unsigned int i;

	for (i = 0; i < px.nlinks; i++)
		if (gq.due_ms[i] != 0 && (next == 0 || gq.due_ms[i] < next))
			next = gq.due_ms[i];
	if (next == 0)
		loop_timer_cancel(gq.timer);
	else
		loop_timer_arm(gq.timer, next > now ? next - now : 0);
}

static void
gq_timer(void *arg)
{
	uint64_t now = loop_now_ms();
	unsigned int i;

	(void)arg;
	for (i = 0; i < px.nlinks; i++)
		if (gq.due_ms[i] != 0 && gq.due_ms[i] <= now) {
			gq.due_ms[i] = 0;
			gq.last_ms[i] = now;
			answer_general(i);
		}
	rq_flush();
	gq_arm();
}

/*
 * RFC 3810 6.2: a group's Query gets that group at once if it is in use (one lookup); a
 * General Query every group of the link, after a random delay within its Maximum Response
 * Delay, unless an answer is already due sooner.
 */
static void
answer_query(int ifindex, const struct in6_addr *group, uint32_t max_delay_ms)
{
	struct in6_addr sn;
	int link = link_slot(ifindex);
	uint64_t now = loop_now_ms(), due;

	stats_inc("rx.mld-query");
	if (!addr_is_unspecified(group)) {
		nd_solicited_node(group, &sn);	/* a solicited-node group is its own */
		if (addr_eq(&sn, group) && gt_find(group_key(link, group)) != NULL)
			rq_add(ifindex, MLD_MODE_IS_EXCLUDE, group);
		return;
	}
	due = now + rand_below(max_delay_ms + 1);
	if (gq.last_ms[link] != 0) {
		if (due < gq.last_ms[link] + GQ_MIN_INTERVAL_MS)
			due = gq.last_ms[link] + GQ_MIN_INTERVAL_MS < now + max_delay_ms ?
			    gq.last_ms[link] + GQ_MIN_INTERVAL_MS : now + max_delay_ms;
		if (due < gq.last_ms[link] + GQ_HARD_INTERVAL_MS)
			due = gq.last_ms[link] + GQ_HARD_INTERVAL_MS;
	}
	if (due == 0)
		due = 1;
	if (gq.due_ms[link] == 0 || due < gq.due_ms[link]) {
		gq.due_ms[link] = due;
		gq_arm();
	}
}

void
nd_proxy_set_unsolicited_ms(unsigned int ms)
{
	unsolicited_ms = ms ? ms : MLD_UNSOLICITED_MS;
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
	uint8_t na[ND_NA_LEN], own_mac[6];
	struct in6_addr own_ll;
	struct nd_answer a;
	struct nd_ns ns;
	int rc;

	if (px.fn == NULL || link_slot(ifindex) < 0)
		return;
	if (len > 6 && pkt[6] == 0) {		/* behind a Hop-by-Hop header: MLD */
		struct in6_addr group;
		uint32_t max_delay_ms;

		if (mld_query_parse(pkt, len, &group, &max_delay_ms) == 0)
			answer_query(ifindex, &group, max_delay_ms);
		return;
	}
	if (nd_ns_parse(pkt, len, &ns) == -1)
		return;
	if (!px.fn(ifindex, &ns.target, px.arg) || nd_proxy_answer(&ns, frame_src, &a) == -1)
		return;
	if (nd_link_own(ifindex, own_mac, &own_ll) == -1) {
		log_warnx("no link-layer or link-local address on ifindex %d: NS for %s "
		    "unanswered", ifindex, addr_str(&ns.target));
		stats_inc("err.nd-send");
		return;
	}
	nd_na_build(na, sizeof(na), &own_ll, &a, own_mac);
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
	if (rt.timer == NULL)
		rt.timer = loop_timer_new(rt_timer, NULL);
	if (gq.timer == NULL)
		gq.timer = loop_timer_new(gq_timer, NULL);
	/* every solicited-node group of the link, without joining one per home address */
	return nd_allmulti(ifindex);
}

void
nd_proxy_stop_real(void)
{
	rq_flush();		/* the last leaves */
	/* their second copies, and any still waiting, now: the daemon is going */
	if (rt.n > 0)
		rt_timer(NULL);
	loop_timer_free(rq.timer);
	rq.timer = NULL;
	loop_timer_free(rt.timer);
	free(rt.key);
	memset(&rt, 0, sizeof(rt));
	loop_timer_free(gq.timer);
	memset(&gq, 0, sizeof(gq));
	rq.n = 0;
	rq.held = 0;
	free(gt.slot);
	gt.slot = NULL;
	gt.size = gt.used = 0;
	memset(&px, 0, sizeof(px));
}
