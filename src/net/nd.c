/* nd.c - DAD for home addresses and unsolicited Neighbour Advertisements
 *
 * A probe goes out from the unspecified address (RFC 4862 5.4.2), which no socket option of an
 * ICMPv6 socket can ask for: it is a whole IPv6 packet on an IPPROTO_RAW socket.  Answers are
 * read from one packet socket with a classic BPF filter that keeps only Neighbour
 * Advertisements and Neighbour Solicitations from ::, on every interface, with ALLMULTI on the
 * interfaces probed: it hears a rival's probe to any solicited-node group without a group
 * membership per address, so memberships stay bounded at any number of home addresses.  The
 * groups are still joined while their probes run (up to ND_DAD_MAX_JOINS), so that MLD-snooping
 * switches forward rivals' probes, and left when the last probe of the group ends.  The same
 * socket hears the Neighbour Solicitations the home agent's proxy answers (nd_proxy.c) and
 * sends its answers.
 */
#include "config.h"

#define LOG_SUBSYS "nd"

#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdlib.h>
#include <string.h>
#include <ifaddrs.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../state/keyhash.h"
#include "log.h"
#include "mmsg.h"
#include "loop.h"
#include "events.h"
#include "nd.h"
#include "stats.h"
#include "util.h"

#define NBUCKETS	1024	/* probes and groups: chains stay short at thousands in flight */
#define MAX_ALLMULTI	32	/* interfaces with ALLMULTI asked for (home links) */

struct dad_group {
	struct dad_group	*next;
	struct in6_addr		 addr;
	int			 ifindex;
	unsigned int		 refs;
	int			 joined;
};

struct dad_probe {
	struct dad_probe	*next;
	struct in6_addr		 addr;
	int			 ifindex;
	int			 defended;
	int			 sent;		/* the NS left: the timer now waits for answers */
	int			 tries;
	struct dad_group	*group;
	nd_dad_fn		 fn;
	void			*arg;
	struct loop_timer	*timer;
};

static int		 nd_fd = -1;	/* ICMPv6: unsolicited NAs */
static int		 tx_fd = -1;	/* IPPROTO_RAW: probes, and the groups joined */
static int		 rx_fd = -1;	/* packet socket: NA and DAD NS from every link */
static struct loop_io	*rx_io;
static struct dad_probe	*probes[NBUCKETS];
static struct dad_group	*groups[NBUCKETS];
static unsigned int	 nprobes, njoined;
static struct keyhash_key hkey;
static int		 allmulti[MAX_ALLMULTI];
static unsigned int	 nallmulti;
static unsigned int	 timeout_ms = ND_DAD_TIMEOUT_MS, retry_ms = ND_DAD_RETRY_MS;

static int	sock_send(int, const struct in6_addr *, const uint8_t *, size_t);
static int	sock_join(int, const struct in6_addr *);
static int	sock_leave(int, const struct in6_addr *);
static int	sock_send_ll(int, const uint8_t *, const uint8_t *, size_t);
static const struct nd_ops sock_ops = { sock_send, sock_join, sock_leave, sock_send_ll,
    nd_link_addrs_real };
static const struct nd_ops *ops = &sock_ops;

/* A home link's own addresses, kept for a second (nd_link_own) */
static struct {
	int		ifindex;
	uint8_t		mac[6];
	struct in6_addr	ll;
	uint64_t	until_ms;
} own;

static void
own_forget(void)
{
	own.ifindex = 0;
}

void
nd_set_ops(const struct nd_ops *o)
{
	ops = o != NULL ? o : &sock_ops;
	own_forget();		/* what the old seam said */
}

void
nd_set_timers(unsigned int t, unsigned int r)
{
	timeout_ms = t;
	retry_ms = r;
}

unsigned int
nd_dad_running(void)
{
	return nprobes;
}

unsigned int
nd_dad_joined(void)
{
	return njoined;
}

static unsigned int
bucket(int ifindex, const struct in6_addr *a)
{
	static int seeded;

	if (!seeded) {
		keyhash_seed(&hkey);
		seeded = 1;
	}
	/* home addresses come from Binding Updates: a keyed hash, so no peer picks collisions */
	return (unsigned int)((keyhash_addr(&hkey, a) ^ (uint64_t)ifindex) % NBUCKETS);
}

/* ---- solicited-node groups, counted by the probes that need them ---- */

static struct dad_group *
group_ref(int ifindex, const struct in6_addr *target)
{
	struct in6_addr sn;
	struct dad_group *g;
	unsigned int b;
	int rc;

	nd_solicited_node(target, &sn);
	b = bucket(ifindex, &sn);
	for (g = groups[b]; g != NULL; g = g->next)
		if (g->ifindex == ifindex && addr_eq(&g->addr, &sn)) {
			g->refs++;
			return g;
		}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->addr = sn;
	g->ifindex = ifindex;
	g->refs = 1;
	if (njoined < ND_DAD_MAX_JOINS) {
		if ((rc = ops->join(ifindex, &sn)) == 0) {
			g->joined = 1;
			njoined++;
		} else
			log_debug("join %s on ifindex %d: %s", addr_str(&sn), ifindex,
			    strerror(-rc));
	}
	if (!g->joined)
		stats_inc("nd.dad-unjoined");
	g->next = groups[b];
	groups[b] = g;
	return g;
}

static void
group_unref(struct dad_group *g)
{
	struct dad_group **pp;

	if (g == NULL || --g->refs > 0)
		return;
	if (g->joined) {
		ops->leave(g->ifindex, &g->addr);
		njoined--;
	}
	for (pp = &groups[bucket(g->ifindex, &g->addr)]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	free(g);
}

/* ---- probes ---- */

static struct dad_probe *
probe_find(int ifindex, const struct in6_addr *addr)
{
	struct dad_probe *p;

	for (p = probes[bucket(ifindex, addr)]; p != NULL; p = p->next)
		if (p->ifindex == ifindex && addr_eq(&p->addr, addr))
			return p;
	return NULL;
}

static void
probe_unlink(struct dad_probe *p)
{
	struct dad_probe **pp;

	for (pp = &probes[bucket(p->ifindex, &p->addr)]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	group_unref(p->group);
	loop_timer_free(p->timer);
	free(p);
	nprobes--;
}

static void
probe_finish(struct dad_probe *p, int result)
{
	nd_dad_fn fn = p->fn;
	void *fnarg = p->arg;
	struct in6_addr addr = p->addr;
	int ifindex = p->ifindex;

	probe_unlink(p);
	stats_inc(result == ND_DAD_FREE ? "nd.dad-ok" : result == ND_DAD_DUPLICATE ?
	    "nd.dad-failed" : "nd.dad-unsent");
	events_dad(&addr, result == ND_DAD_FREE);
	fn(&addr, ifindex, result, fnarg);
}

/* Send the probe; on failure try again shortly, and give up after ND_DAD_SEND_TRIES. */
static void
probe_send(struct dad_probe *p)
{
	uint8_t pkt[ND_DAD_NS_LEN];
	struct in6_addr dst;
	int rc;

	nd_dad_ns_build(pkt, sizeof(pkt), &p->addr);
	nd_solicited_node(&p->addr, &dst);
	p->tries++;
	if ((rc = ops->send(p->ifindex, &dst, pkt, sizeof(pkt))) == 0) {
		stats_inc("tx.dad-ns");
		p->sent = 1;
		loop_timer_arm(p->timer, timeout_ms);
		return;
	}
	stats_inc("err.nd-send");
	if (p->tries < ND_DAD_SEND_TRIES) {
		log_debug("DAD probe for %s on ifindex %d: %s; trying again", addr_str(&p->addr),
		    p->ifindex, strerror(-rc));
		loop_timer_arm(p->timer, retry_ms);
		return;
	}
	/* Never "free" without a probe on the wire: the caller refuses the binding. */
	log_warnx("DAD probe for %s on ifindex %d not sent after %d tries: %s",
	    addr_str(&p->addr), p->ifindex, p->tries, strerror(-rc));
	probe_finish(p, ND_DAD_UNSENT);
}

static void
probe_timer(void *arg)
{
	struct dad_probe *p = arg;

	if (p->defended)
		probe_finish(p, ND_DAD_DUPLICATE);
	else if (p->sent)
		probe_finish(p, ND_DAD_FREE);
	else
		probe_send(p);
}

int
nd_allmulti(int ifindex)
{
	struct packet_mreq mr;
	unsigned int i;

	if (rx_fd == -1)
		return 0;
	for (i = 0; i < nallmulti; i++)
		if (allmulti[i] == ifindex)
			return 0;
	if (nallmulti == MAX_ALLMULTI)
		return -1;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = ifindex;
	mr.mr_type = PACKET_MR_ALLMULTI;
	if (setsockopt(rx_fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) == -1)
		log_warn("ALLMULTI on ifindex %d", ifindex);
	allmulti[nallmulti++] = ifindex;
	return 0;
}

int
nd_dad_start_real(int ifindex, const struct in6_addr *addr, nd_dad_fn fn, void *arg)
{
	struct dad_probe *p;
	unsigned int b;

	if (probe_find(ifindex, addr) != NULL)
		return 0;	/* already probing: the first caller's callback answers */
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	if ((p->timer = loop_timer_new(probe_timer, p)) == NULL) {
		free(p);
		return -1;
	}
	p->addr = *addr;
	p->ifindex = ifindex;
	p->fn = fn;
	p->arg = arg;
	b = bucket(ifindex, addr);
	p->next = probes[b];
	probes[b] = p;
	nprobes++;
	(void)nd_allmulti(ifindex);
	/* RFC 4862 5.4.2: join the solicited-node group before the probe leaves */
	p->group = group_ref(ifindex, addr);
	stats_inc("nd.dad-started");
	/* From the loop, so that fn never runs inside its caller, even when sending fails. */
	loop_timer_arm(p->timer, 0);
	return 0;
}

void *
nd_dad_cancel_real(int ifindex, const struct in6_addr *addr)
{
	struct dad_probe *p = probe_find(ifindex, addr);
	void *arg;

	if (p == NULL)
		return NULL;
	arg = p->arg;
	probe_unlink(p);
	return arg;
}

/*
 * A Neighbour Advertisement for the target, or another node's DAD probe (NS from ::) for it,
 * means the address is in use (RFC 4862 5.4.3, 5.4.4).
 */
void
nd_input(int ifindex, const uint8_t *pkt, size_t len)
{
	struct in6_addr target;
	enum nd_msg_kind k;
	struct dad_probe *p;

	if ((k = nd_msg_parse(pkt, len, &target)) == ND_MSG_IGNORE)
		return;
	p = probe_find(ifindex, &target);
	if (p == NULL || p->defended)
		return;
	log_info("%s is in use on ifindex %d: %s from %s", addr_str(&target), ifindex,
	    k == ND_MSG_NA ? "advertisement" : "another probe", addr_str(
	    (const struct in6_addr *)(pkt + 8)));
	p->defended = 1;
	/* Answer at once: no need to wait out the timer. */
	loop_timer_arm(p->timer, 0);
}

static void
rx_read(int fd, void *arg)
{
	uint8_t buf[1500];
	struct sockaddr_ll from;
	socklen_t flen;
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		flen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n == -1)
			return;
		/* our own frames (where PACKET_IGNORE_OUTGOING is unknown) */
		if (from.sll_pkttype == PACKET_OUTGOING || from.sll_pkttype == PACKET_LOOPBACK)
			continue;
		nd_input(from.sll_ifindex, buf, (size_t)n);
		if (from.sll_halen == 6)
			nd_proxy_input(from.sll_ifindex, from.sll_addr, buf, (size_t)n);
	}
}

/*
 * The kernel keeps only what nd_msg_parse or the proxy could want: ICMPv6 type 136, and 135
 * (from :: for DAD, from anyone for the proxy, which hears only its home links), and what
 * comes behind a Hop-by-Hop header (MLD queries, for the proxy: nd_proxy.c reads further).
 */
static int
rx_filter(int fd)
{
	static struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),			/* next header */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0),		/* Hop-by-Hop */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 40),			/* ICMPv6 type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ND_NEIGHBOR_ADVERT, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ND_NEIGHBOR_SOLICIT, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

static int
open_rx(void)
{
	int on = 1, rcvbuf = 1 << 20;

	rx_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_IPV6));
	if (rx_fd == -1) {
		log_warn("packet socket for DAD");
		return -1;
	}
	if (rx_filter(rx_fd) == -1) {
		log_warn("DAD packet filter");
		return -1;
	}
#ifdef PACKET_IGNORE_OUTGOING
	(void)setsockopt(rx_fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof(on));
#endif
	(void)on;
	/* a burst of first registrations is a burst of answers */
	(void)setsockopt(rx_fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* frames that came before the filter are of no interest */
	while (recv(rx_fd, &on, sizeof(on), MSG_DONTWAIT) >= 0)
		;
	rx_io = loop_io_add(rx_fd, rx_read, NULL);
	return rx_io != NULL ? 0 : -1;
}

int
nd_open_real(void)
{
	struct icmp6_filter filt;
	int hops = 255, off = 0;

	if (nd_fd != -1)
		return 0;
	nd_fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (nd_fd == -1) {
		log_warn("ICMPv6 socket");
		return -1;
	}
	/*
	 * Send only: answers come through the packet socket.  The NAs to all-nodes are not
	 * looped back to this node's own stack: a home agent's interface has joined one
	 * solicited-node group per proxied home address, and the kernel walks that list for
	 * each multicast packet it loops back, when sending and again when receiving it (two
	 * walks of 100,000 groups per registration at 100,000 bindings).
	 */
	ICMP6_FILTER_SETBLOCKALL(&filt);
	if (setsockopt(nd_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) == -1 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) == -1) {
		log_warn("ICMPv6 socket options");
		goto fail;
	}
	tx_fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_RAW);
	if (tx_fd == -1) {
		log_warn("raw IPv6 socket for DAD");
		goto fail;
	}
	/* our own probes must not come back and look like a rival's */
	if (setsockopt(tx_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) == -1) {
		log_warn("raw IPv6 socket options");
		goto fail;
	}
	if (open_rx() == -1)
		goto fail;
	return 0;
fail:
	nd_close();
	return -1;
}

void
nd_close_real(void)
{
	unsigned int i;

	nd_tx_flush();	/* what a burst held still leaves */
	nd_proxy_stop_real();
	own_forget();
	for (i = 0; i < NBUCKETS; i++)
		while (probes[i] != NULL)
			probe_unlink(probes[i]);
	loop_io_free(rx_io);
	rx_io = NULL;
	/* closing the sockets leaves their groups and drops ALLMULTI */
	if (rx_fd != -1)
		close(rx_fd);
	if (tx_fd != -1)
		close(tx_fd);
	if (nd_fd != -1)
		close(nd_fd);
	rx_fd = tx_fd = nd_fd = -1;
	nallmulti = 0;
}

static int
sock_send(int ifindex, const struct in6_addr *dst, const uint8_t *pkt, size_t len)
{
	struct sockaddr_in6 to;

	if (tx_fd == -1)
		return -EBADF;
	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	to.sin6_addr = *dst;
	to.sin6_scope_id = (uint32_t)ifindex;
	return sendto(tx_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) == -1 ? -errno : 0;
}

static int
sock_send_ll(int ifindex, const uint8_t *mac, const uint8_t *pkt, size_t len)
{
	struct sockaddr_ll to;

	if (rx_fd == -1)
		return -EBADF;
	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_IPV6);
	to.sll_ifindex = ifindex;
	to.sll_halen = 6;
	memcpy(to.sll_addr, mac, 6);
	return sendto(rx_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) == -1 ? -errno : 0;
}

int
nd_send_ll(int ifindex, const uint8_t mac[6], const uint8_t *pkt, size_t len)
{
	return (ops->send_ll != NULL ? ops->send_ll : sock_send_ll)(ifindex, mac, pkt, len);
}

int
nd_link_addrs(int ifindex, uint8_t mac[6], struct in6_addr *ll)
{
	return (ops->link_addrs != NULL ? ops->link_addrs : nd_link_addrs_real)(ifindex, mac,
	    ll);
}

static int
sock_mreq(int op, int ifindex, const struct in6_addr *group)
{
	struct ipv6_mreq mreq;

	if (tx_fd == -1)
		return -EBADF;
	memset(&mreq, 0, sizeof(mreq));
	mreq.ipv6mr_multiaddr = *group;
	mreq.ipv6mr_interface = (unsigned int)ifindex;
	return setsockopt(tx_fd, IPPROTO_IPV6, op, &mreq, sizeof(mreq)) == -1 ? -errno : 0;
}

static int
sock_join(int ifindex, const struct in6_addr *group)
{
	return sock_mreq(IPV6_ADD_MEMBERSHIP, ifindex, group);
}

static int
sock_leave(int ifindex, const struct in6_addr *group)
{
	return sock_mreq(IPV6_DROP_MEMBERSHIP, ifindex, group);
}

/* A link's link-layer address, and its first link-local address (:: when it has none). */
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
	if (have_mac && !have_ll)
		memset(ll, 0, sizeof(*ll));	/* no link-local address (yet): nd_link_own says */
	return have_mac ? 0 : -1;
}

/*
 * A home link's own addresses: the link-layer address for the unsolicited NA of every new
 * binding and the proxy's answers (their option), the link-local address for the proxy's
 * answers and reports (their source, RFC 4861 7.2.4, RFC 3810 5).  Kept for a second, so
 * that a burst of registrations or solicitations asks the kernel once (a getifaddrs dump)
 * instead of once each, and a changed address is still seen within a second.
 */
int
nd_link_own(int ifindex, uint8_t mac[6], struct in6_addr *ll)
{
	uint64_t now = loop_now_ms();

	if (own.ifindex != ifindex || now >= own.until_ms) {
		if (nd_link_addrs(ifindex, own.mac, &own.ll) == -1) {
			own.ifindex = 0;
			return -1;
		}
		own.ifindex = ifindex;
		own.until_ms = now + 1000;
	}
	if (ll != NULL && addr_is_unspecified(&own.ll))
		return -1;
	memcpy(mac, own.mac, 6);
	if (ll != NULL)
		*ll = own.ll;
	return 0;
}

struct na_pkt {
	struct nd_neighbor_advert na;
	uint8_t opt[8];
};

/*
 * Held NAs (nd_tx_hold): the unsolicited NAs of a burst of home registrations leave together
 * in one sendmmsg, after the burst's proxy entries are in the kernel, instead of a system
 * call each before them.
 */
#define NA_HELD_MAX	64

static struct {
	int			 held;
	unsigned int		 n;
	struct na_pkt		 pkt[NA_HELD_MAX];
	struct sockaddr_in6	 to[NA_HELD_MAX];
	struct in6_addr		 target[NA_HELD_MAX];
} naq;

static void
na_refused(unsigned int i, int err, void *arg)
{
	(void)arg;
	errno = err;
	log_warn("NA for %s on ifindex %u", addr_str(&naq.target[i]), naq.to[i].sin6_scope_id);
	stats_inc("err.nd-send");
}

static void
na_flush(void)
{
	static struct mmsghdr v[NA_HELD_MAX];
	static struct iovec iov[NA_HELD_MAX];
	unsigned int i, n = naq.n;

	naq.n = 0;
	if (n == 0)
		return;
	memset(v, 0, n * sizeof(v[0]));
	for (i = 0; i < n; i++) {
		iov[i].iov_base = &naq.pkt[i];
		iov[i].iov_len = sizeof(naq.pkt[i]);
		v[i].msg_hdr.msg_name = &naq.to[i];
		v[i].msg_hdr.msg_namelen = sizeof(naq.to[i]);
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	(void)mmsg_send_all(nd_fd, v, n, na_refused, NULL);
}

void
nd_tx_hold(void)
{
	naq.held = 1;
	nd_proxy_tx_hold();
}

void
nd_tx_flush(void)
{
	na_flush();
	naq.held = 0;
	nd_proxy_tx_flush();
}

int
nd_send_unsolicited_na_real(int ifindex, const struct in6_addr *target, int router)
{
	struct na_pkt pkt;
	struct sockaddr_in6 to;
	uint8_t mac[6];

	if (nd_link_own(ifindex, mac, NULL) == -1) {
		log_warnx("no link-layer address on ifindex %d", ifindex);
		return -1;
	}
	memset(&pkt, 0, sizeof(pkt));
	pkt.na.nd_na_type = ND_NEIGHBOR_ADVERT;
	/* RFC 6275 10.4.1: Override set, Solicited clear; Router as this node is one */
	pkt.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE | (router ? ND_NA_FLAG_ROUTER : 0);
	memcpy(&pkt.na.nd_na_target, target, sizeof(*target));
	pkt.opt[0] = ND_OPT_TARGET_LINKADDR;
	pkt.opt[1] = 1;
	memcpy(pkt.opt + 2, mac, 6);
	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	addr_parse("ff02::1", &to.sin6_addr);
	to.sin6_scope_id = (uint32_t)ifindex;
	stats_inc("tx.na");
	if (naq.held && nd_fd != -1) {
		if (naq.n == NA_HELD_MAX)
			na_flush();
		naq.pkt[naq.n] = pkt;
		naq.to[naq.n] = to;
		naq.target[naq.n] = *target;
		naq.n++;
		return 0;
	}
	/* the kernel picks the link-local source and computes the checksum */
	if (nd_fd == -1 || sendto(nd_fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&to,
	    sizeof(to)) == -1) {
		log_warn("NA for %s on ifindex %d", addr_str(target), ifindex);
		stats_inc("err.nd-send");
		return -1;
	}
	return 0;
}
