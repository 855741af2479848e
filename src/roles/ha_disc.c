/* ha_disc.c - what a home agent does for discovery (RFC 6275 10.5, 10.6): the Home Agents List
 * of each home link from the Router Advertisements seen there, DHAAD Replies to the
 * Home-Agents anycast address of each home prefix, and Mobile Prefix Advertisements to
 * registered mobile nodes.  The list itself is state/hal.c; the messages proto/icmp6.c. */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bindings.h"
#include "conf.h"
#include "control.h"
#include "hal.h"
#include "ha_disc.h"
#include "icmp6.h"
#include "icmp6_sock.h"
#include "log.h"
#include "loop.h"
#include "mpa_rexmit.h"
#include "stats.h"
#include "util.h"

static struct {
	const struct conf	*conf;
	struct icmp6_sock	*sock;
	struct hal		 hal;
	struct loop_timer	*expiry;
	int			 ifindex[CONF_MAX_HOME_LINKS];
	struct in6_addr		 self[CONF_MAX_HOME_LINKS];	/* our address on each link */
	struct in6_addr		 self_ll[CONF_MAX_HOME_LINKS];	/* our link-local there */
	/* the anycast addresses joined, per link and prefix, to leave them on reload */
	struct in6_addr		*joined;
	int			*joined_if;
	size_t			 njoined;
	struct in6_addr		 last_prefixes[CONF_MAX_HOME_LINKS][ICMP6_MAX_PREFIX];
	size_t			 nlast[CONF_MAX_HOME_LINKS];
	uint32_t		 last_lifetime[CONF_MAX_HOME_LINKS];
	/* unsolicited advertisements not yet acknowledged, per home address (RFC 6275 10.6.2);
	 * only while the home prefixes change, so a plain array */
	struct mpa_out {
		struct in6_addr	 hoa;
		uint64_t	 seq;	/* order of sending: the newer of two to one address */
		struct mpa_rexmit r;
	}			*out;
	size_t			 nout, capout;
	uint64_t		 out_seq;
	struct loop_timer	*rexmit;
} d;

static uint32_t
rnd(uint32_t n)
{
	return arc4random_uniform(n);
}

/* Our own global address on link i: the configured one, else the first global address of the
 * interface inside one of its home prefixes; and our link-local address there (to know our
 * own Router Advertisements). */
static int
own_addr(size_t i, struct in6_addr *out)
{
	const struct conf_home_link *l = &d.conf->home_links[i];
	struct ifaddrs *ifa, *p;
	size_t j;
	int found = 0;

	if (!addr_is_unspecified(&l->ha_addr)) {
		*out = l->ha_addr;
		found = 1;
	}
	memset(&d.self_ll[i], 0, sizeof(d.self_ll[i]));
	if (getifaddrs(&ifa) == -1)
		return found ? 0 : -1;
	for (p = ifa; p != NULL; p = p->ifa_next) {
		const struct in6_addr *a;

		if (p->ifa_addr == NULL || p->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(p->ifa_name, l->ifname) != 0)
			continue;
		a = &((const struct sockaddr_in6 *)(const void *)p->ifa_addr)->sin6_addr;
		if (IN6_IS_ADDR_LINKLOCAL(a)) {
			d.self_ll[i] = *a;
			continue;
		}
		for (j = 0; j < l->nprefixes && !found; j++)
			if (prefix_match(a, &l->prefixes[j].addr, l->prefixes[j].plen)) {
				*out = *a;
				found = 1;
			}
	}
	freeifaddrs(ifa);
	return found ? 0 : -1;
}

static void
arm_expiry(void)
{
	uint64_t next, now = loop_now_ms();

	if (hal_expire(&d.hal, now, &next) > 0)
		log_info("Home Agents List: entries expired");
	if (d.expiry != NULL && next != 0)
		loop_timer_arm(d.expiry, next > now ? next - now : 1);
}

static void
expiry_cb(void *arg)
{
	arm_expiry();
}

static int
link_of_ifindex(int ifindex)
{
	size_t i;

	for (i = 0; i < d.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++)
		if (d.ifindex[i] == ifindex && ifindex != 0)
			return (int)i;
	return -1;
}

/* The home link whose Home-Agents anycast address dst is. */
static int
link_of_anycast(const struct in6_addr *dst)
{
	struct in6_addr any;
	size_t i, j;

	for (i = 0; i < d.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++) {
		const struct conf_home_link *l = &d.conf->home_links[i];

		for (j = 0; j < l->nprefixes; j++) {
			icmp6_ha_anycast(&l->prefixes[j].addr, l->prefixes[j].plen, &any);
			if (addr_eq(&any, dst))
				return (int)i;
		}
	}
	return -1;
}

static void
recv_ra(const struct mh_rx *rx, const struct icmp6_msg *m)
{
	int link = link_of_ifindex(rx->ifindex), rc;
	size_t i;

	/* RFC 4861 6.1.2 */
	if (link < 0 || rx->hoplimit != 255 || !IN6_IS_ADDR_LINKLOCAL(&rx->src)) {
		stats_inc("drop.ra-not-home-link");
		return;
	}
	/* our own RA (radvd beside us, looped back): this node is in the list already */
	if (addr_eq(&rx->src, &d.self_ll[link]))
		return;
	for (i = 0; i < m->ra.nprefix; i++)
		if ((m->ra.prefix[i].flags & ICMP6_PI_F_R) &&
		    addr_eq(&m->ra.prefix[i].prefix, &d.self[link]))
			return;
	rc = hal_ra(&d.hal, link, &rx->src, &m->ra, loop_now_ms());
	if (rc == -1) {
		stats_inc("drop.hal-full");
		log_warnx("Home Agents List full: RA from %s ignored", addr_str(&rx->src));
		return;
	}
	if (rc == 1) {
		stats_inc("ha.hal-change");
		log_info("Home Agents List of %s: %s %s (H=%d, preference %d)",
		    d.conf->home_links[link].ifname, addr_str(&rx->src),
		    (m->ra.flags & ICMP6_RA_F_H) ? "updated" : "removed",
		    !!(m->ra.flags & ICMP6_RA_F_H), (m->ra.present & ICMP6_RA_HA_INFO) ?
		    m->ra.ha_pref : 0);
	}
	arm_expiry();
}

static void
recv_haad_req(const struct mh_rx *rx, const struct icmp6_msg *m)
{
	struct icmp6_haad_rep rep;
	uint8_t buf[ICMP6_HAAD_MAX * 16 + 8];
	struct mh_tx tx;
	int link = link_of_anycast(&rx->dst);

	if (link < 0) {
		stats_inc("drop.haad-not-anycast");
		return;
	}
	arm_expiry();
	memset(&rep, 0, sizeof(rep));
	rep.id = m->haad_req.id;
	/* RFC 3963 4.2: this home agent supports mobile routers */
	rep.flags = m->haad_req.flags & ICMP6_HAAD_F_R;
	/* RFC 6275 10.5: by preference, shuffled among equals, within the minimum MTU */
	rep.naddr = (uint8_t)hal_reply(&d.hal, link, rnd, rep.addr, ICMP6_HAAD_MAX);
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = icmp6_build_haad_rep(buf, sizeof(buf), &rep);
	tx.src = d.self[link];
	tx.dst = rx->src;
	if (tx.len == 0 || icmp6_sock_send(d.sock, &tx) == -1) {
		log_warn("DHAAD Reply to %s", addr_str(&rx->src));
		return;
	}
	stats_inc("tx.haad-rep");
	log_info("DHAAD Reply to %s (id %u): %u home agent address(es)", addr_str(&rx->src),
	    rep.id, rep.naddr);
}

/* RFC 6275 10.6.1: the prefixes of the home link with lifetimes no longer than the binding's
 * remaining lifetime (HA_8_1_7, HA_8_1_8). */
static void
mpa_fill(struct icmp6_mpa *mpa, const struct conf_home_link *l, uint32_t remaining_s)
{
	size_t i;

	for (i = 0; i < l->nprefixes && mpa->nprefix < ICMP6_MAX_PREFIX; i++) {
		struct icmp6_prefix *p = &mpa->prefix[mpa->nprefix++];
		uint32_t valid = l->prefix_lifetime;

		p->prefix = l->prefixes[i].addr;
		p->plen = (uint8_t)l->prefixes[i].plen;
		p->flags = ICMP6_PI_F_L | ICMP6_PI_F_A;
		if (valid > remaining_s)
			valid = remaining_s;
		p->valid = valid;
		p->preferred = valid;
	}
}

static int
send_mpa(const struct bcache_entry *e, uint16_t id)
{
	const struct conf_home_link *l = conf_ha_serves(d.conf, &e->hoa, NULL);
	uint8_t buf[8 + 32 * ICMP6_MAX_PREFIX];
	struct icmp6_mpa mpa;
	struct mh_tx tx;
	uint64_t now = loop_now_ms();

	if (l == NULL)
		return -1;
	memset(&mpa, 0, sizeof(mpa));
	mpa.id = id;
	mpa_fill(&mpa, l, e->expiry_ms > now ? (uint32_t)((e->expiry_ms - now) / 1000) : 0);
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = icmp6_build_mpa(buf, sizeof(buf), &mpa);
	/* from the address the mobile node registered with; the kernel's route-optimization
	 * state of the binding adds the type 2 routing header */
	tx.src = e->local;
	tx.dst = e->hoa;
	if (tx.len == 0 || icmp6_sock_send(d.sock, &tx) == -1) {
		log_warn("Mobile Prefix Advertisement to %s", addr_str(&e->hoa));
		return -1;
	}
	stats_inc("tx.mpa");
	log_info("Mobile Prefix Advertisement to %s (id %u): %u prefix(es)", addr_str(&e->hoa),
	    id, mpa.nprefix);
	return 0;
}

/* ---- retransmission of unsolicited advertisements (RFC 6275 10.6.2) ---- */

/*
 * A prefix change advertises to every registered mobile node of the link at once, so the
 * list of advertisements awaiting acknowledgement is built in a burst (appended), then sorted
 * by home address once (a newer advertisement to the same address replacing the older), so
 * that a Solicitation finds its entry by binary search: a renumbering of 100,000 bindings
 * costs n log n, not n squared.  Entries no longer pending are dropped when the timer runs.
 */
static int
out_cmp(const void *a, const void *b)
{
	const struct mpa_out *x = a, *y = b;
	int c = memcmp(&x->hoa, &y->hoa, sizeof(x->hoa));

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct mpa_out *
out_find(const struct in6_addr *hoa)
{
	size_t lo = 0, hi = d.nout;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(&d.out[mid].hoa, hoa, sizeof(*hoa));

		if (c == 0)
			return &d.out[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
rexmit_arm(void)
{
	uint64_t next = 0, now = loop_now_ms();
	size_t i;

	for (i = 0; i < d.nout; i++)
		if (d.out[i].r.next_ms != 0 && (next == 0 || d.out[i].r.next_ms < next))
			next = d.out[i].r.next_ms;
	if (d.rexmit == NULL)
		return;
	if (next == 0)
		loop_timer_cancel(d.rexmit);
	else
		loop_timer_arm(d.rexmit, next > now ? next - now : 1);
}

/* An unsolicited advertisement with identifier id went to e's home address: appended; out_settle
 * orders the list once the burst is over. */
static void
mpa_sent_unsolicited(const struct bcache_entry *e, uint16_t id)
{
	struct mpa_out *o;

	if (d.nout == d.capout) {
		size_t cap = d.capout ? d.capout * 2 : 16;
		struct mpa_out *n = reallocarray(d.out, cap, sizeof(*n));

		if (n == NULL) {
			log_warn("Mobile Prefix Advertisement to %s: not retransmitted",
			    addr_str(&e->hoa));
			return;
		}
		d.out = n;
		d.capout = cap;
	}
	o = &d.out[d.nout++];
	o->hoa = e->hoa;
	o->seq = d.out_seq++;
	mpa_rexmit_start(&o->r, id, loop_now_ms());
}

/* Sorted by home address; of two advertisements to one address the newer stays (RFC 6275
 * 10.6.2: it replaces the one still retransmitted), and nothing that is no longer pending. */
static void
out_settle(void)
{
	size_t i, n = 0;

	if (d.nout > 1)		/* (never qsort a null list: its argument is nonnull) */
		qsort(d.out, d.nout, sizeof(*d.out), out_cmp);
	for (i = 0; i < d.nout; i++) {
		if (!mpa_rexmit_pending(&d.out[i].r))
			continue;
		if (n > 0 && addr_eq(&d.out[n - 1].hoa, &d.out[i].hoa))
			n--;		/* sorted by seq within an address: this one is newer */
		d.out[n++] = d.out[i];
	}
	d.nout = n;
	rexmit_arm();
}

/* RFC 6275 10.6.2: the home agent retransmits an unsolicited advertisement until a Mobile
 * Prefix Solicitation from the mobile node acknowledges it. */
static void
mpa_acknowledged(const struct in6_addr *hoa)
{
	struct mpa_out *o = out_find(hoa);

	if (o == NULL || !mpa_rexmit_pending(&o->r))
		return;
	stats_inc("ha.mpa-acknowledged");
	log_info("Mobile Prefix Advertisement to %s (id %u) acknowledged by a Mobile Prefix "
	    "Solicitation after %u retransmission(s)", addr_str(hoa), o->r.id, o->r.retries);
	mpa_rexmit_ack(&o->r);		/* dropped from the list when the timer next runs */
}

static void
rexmit_cb(void *arg)
{
	uint64_t now = loop_now_ms();
	size_t i;

	(void)arg;
	for (i = 0; i < d.nout; i++) {
		struct mpa_out *o = &d.out[i];
		struct bcache_entry *e;
		enum mpa_rexmit_do what;

		if (!mpa_rexmit_pending(&o->r))
			continue;
		/* the mobile node came home or the binding is gone: nobody to tell */
		e = bindings_first(BINDINGS_HOME, &o->hoa);
		if (e == NULL || addr_eq(&e->hoa, &e->coa)) {
			mpa_rexmit_ack(&o->r);
			continue;
		}
		what = mpa_rexmit_step(&o->r, now, e->expiry_ms);
		switch (what) {
		case MPA_REXMIT_SEND:
		case MPA_REXMIT_LAST:
			stats_inc("tx.mpa-retransmission");
			log_info("Mobile Prefix Advertisement to %s (id %u) not acknowledged: "
			    "retransmission %u of %u", addr_str(&o->hoa), o->r.id, o->r.retries,
			    PREFIX_ADV_RETRIES);
			send_mpa(e, o->r.id);
			if (what == MPA_REXMIT_LAST)
				log_notice("Mobile Prefix Advertisement to %s (id %u): no "
				    "acknowledgement, last retransmission sent", addr_str(&o->hoa),
				    o->r.id);
			break;
		case MPA_REXMIT_EXPIRED:
			log_info("Mobile Prefix Advertisement to %s (id %u): the binding expired "
			    "first, no more retransmissions", addr_str(&o->hoa), o->r.id);
			break;
		case MPA_REXMIT_WAIT:
		case MPA_REXMIT_IDLE:
			break;
		}
	}
	out_settle();
}

static void
recv_mps(const struct mh_rx *rx, const struct icmp6_msg *m)
{
	struct bcache_entry *e;

	/*
	 * RFC 6275 10.6.1: only for a mobile node with a home registration here; the kernel let
	 * the packet in through the binding's Home Address option state, so src is the home
	 * address (HA_8_1_3, HA_8_1_4: nothing for anyone else).
	 */
	e = bindings_first(BINDINGS_HOME, &rx->src);
	if (e == NULL || !rx->has_hao || !addr_eq(&rx->coa, &e->coa)) {
		stats_inc("drop.mps-not-registered");
		log_debug("Mobile Prefix Solicitation from %s: no home registration",
		    addr_str(&rx->src));
		return;
	}
	mpa_acknowledged(&e->hoa);
	send_mpa(e, m->mps.id);
}

static void
on_icmp6(const struct mh_rx *rx, void *arg)
{
	struct icmp6_msg m;
	enum icmp6_reason r;

	/* the kernel verified the checksum */
	if ((r = icmp6_parse(rx->buf, rx->len, NULL, NULL, &m)) != ICMP6_OK) {
		stats_inc(icmp6_reason_stat_name(r));
		return;
	}
	stats_inc(icmp6_type_stat_name(m.type));
	switch (m.type) {
	case ICMP6_RA_TYPE:
		recv_ra(rx, &m);
		break;
	case ICMP6_HAAD_REQ_TYPE:
		recv_haad_req(rx, &m);
		break;
	case ICMP6_MPS_TYPE:
		recv_mps(rx, &m);
		break;
	default:
		break;
	}
}

static void
leave_all(void)
{
	size_t i;

	for (i = 0; i < d.njoined; i++)
		icmp6_sock_leave_anycast(d.sock, d.joined_if[i], &d.joined[i]);
	free(d.joined);
	free(d.joined_if);
	d.joined = NULL;
	d.joined_if = NULL;
	d.njoined = 0;
}

/* Per home link: the interface, our own entry in the list, the anycast addresses. */
static void
setup_links(void)
{
	struct in6_addr any;
	size_t i, j, n = 0;

	leave_all();
	for (i = 0; i < d.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++)
		n += d.conf->home_links[i].nprefixes;
	d.joined = calloc(n ? n : 1, sizeof(*d.joined));
	d.joined_if = calloc(n ? n : 1, sizeof(*d.joined_if));
	if (d.joined == NULL || d.joined_if == NULL)
		return;
	for (i = 0; i < d.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++) {
		const struct conf_home_link *l = &d.conf->home_links[i];

		d.ifindex[i] = (int)if_nametoindex(l->ifname);
		if (own_addr(i, &d.self[i]) == 0)
			hal_set_self(&d.hal, (int)i, &d.self[i], l->ha_preference, l->ha_lifetime);
		else
			log_warnx("home link %s: no address of this home agent in its prefixes; "
			    "not in its Home Agents List", l->ifname);
		for (j = 0; j < l->nprefixes && d.ifindex[i] != 0; j++) {
			icmp6_ha_anycast(&l->prefixes[j].addr, l->prefixes[j].plen, &any);
			if (icmp6_sock_join_anycast(d.sock, d.ifindex[i], &any) == -1) {
				log_warn("home link %s: Home-Agents anycast address %s", l->ifname,
				    addr_str(&any));
				continue;
			}
			d.joined[d.njoined] = any;
			d.joined_if[d.njoined++] = d.ifindex[i];
		}
	}
}

/* ---- control: mip6d-ctl hal ---- */

static int
ctl_hal(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *list = json_object_new_array(), *o, *addrs;
	uint64_t now = loop_now_ms();
	size_t i, j;

	arm_expiry();
	for (i = 0; i < d.hal.n; i++) {
		const struct hal_entry *e = &d.hal.e[i];

		o = json_object_new_object();
		json_object_object_add(o, "link", json_object_new_string(
		    (size_t)e->link < d.conf->nhome_links ? d.conf->home_links[e->link].ifname :
		    "?"));
		json_object_object_add(o, "link-local", json_object_new_string(e->self ? "self" :
		    addr_str(&e->ll)));
		addrs = json_object_new_array();
		for (j = 0; j < e->naddrs; j++)
			json_object_array_add(addrs, json_object_new_string(addr_str(&e->addrs[j])));
		json_object_object_add(o, "addresses", addrs);
		json_object_object_add(o, "address", json_object_new_string(e->naddrs ?
		    addr_str(&e->addrs[0]) : "-"));
		json_object_object_add(o, "preference", json_object_new_int(e->pref));
		json_object_object_add(o, "lifetime", json_object_new_int64(e->lifetime_s));
		json_object_object_add(o, "remaining",
		    json_object_new_int64(hal_remaining(e, now)));
		json_object_object_add(o, "self", json_object_new_boolean(e->self));
		json_object_object_add(o, "info-option", json_object_new_boolean(e->has_info));
		json_object_array_add(list, o);
	}
	json_object_object_add(resp, "home-agents", list);
	return 0;
}

/* ---- unsolicited Mobile Prefix Advertisements (RFC 6275 10.6.2) ---- */

static void
mpa_each(struct bcache_entry *e, void *arg)
{
	const struct conf_home_link *l = arg;

	uint16_t id = (uint16_t)arc4random_uniform(65536);

	/* RFC 6275 10.6.3: an unsolicited advertisement has a new random identifier */
	if (conf_ha_serves(d.conf, &e->hoa, NULL) == l && !addr_eq(&e->hoa, &e->coa) &&
	    send_mpa(e, id) == 0)
		mpa_sent_unsolicited(e, id);
}

/*
 * Remember each link's prefixes and their lifetime; when they changed, tell the registered
 * mobile nodes (RFC 6275 10.6.2: a prefix added or removed, or its lifetime reconfigured).
 */
static void
prefixes_changed(int announce)
{
	size_t i, j;

	for (i = 0; i < d.conf->nhome_links && i < CONF_MAX_HOME_LINKS; i++) {
		const struct conf_home_link *l = &d.conf->home_links[i];
		int same = l->nprefixes == d.nlast[i];

		for (j = 0; j < l->nprefixes && j < ICMP6_MAX_PREFIX; j++) {
			same &= addr_eq(&d.last_prefixes[i][j], &l->prefixes[j].addr);
			d.last_prefixes[i][j] = l->prefixes[j].addr;
		}
		d.nlast[i] = l->nprefixes < ICMP6_MAX_PREFIX ? l->nprefixes : ICMP6_MAX_PREFIX;
		same &= d.last_lifetime[i] == l->prefix_lifetime;
		d.last_lifetime[i] = l->prefix_lifetime;
		if (announce && !same) {
			log_info("home prefixes of %s changed: Mobile Prefix Advertisements to the "
			    "registered mobile nodes", l->ifname);
			bindings_foreach(BINDINGS_HOME, mpa_each, (void *)l);
		}
	}
	out_settle();
}

int
ha_disc_start(const struct conf *c)
{
	static const uint8_t types[] = { ICMP6_RA_TYPE, ICMP6_HAAD_REQ_TYPE, ICMP6_MPS_TYPE };

	d.conf = c;
	hal_init(&d.hal);
	if ((d.sock = icmp6_sock_open(types, sizeof(types), on_icmp6, NULL)) == NULL) {
		log_warnx("no ICMPv6 socket: no Home Agents List, DHAAD or prefix discovery");
		return -1;
	}
	d.expiry = loop_timer_new(expiry_cb, NULL);
	d.rexmit = loop_timer_new(rexmit_cb, NULL);
	setup_links();
	prefixes_changed(0);
	control_register("hal", ctl_hal, NULL);
	return 0;
}

void
ha_disc_reload(const struct conf *c)
{
	size_t i = 0;

	d.conf = c;
	if (d.sock == NULL)
		return;
	/* the self entries follow the configuration; learned ones stay */
	while (i < d.hal.n) {
		if (d.hal.e[i].self) {
			memmove(&d.hal.e[i], &d.hal.e[i + 1], (d.hal.n - i - 1) * sizeof(d.hal.e[0]));
			d.hal.n--;
		} else
			i++;
	}
	setup_links();
	prefixes_changed(1);
}

void
ha_disc_stop(void)
{
	if (d.sock == NULL)
		return;
	control_register("hal", NULL, NULL);
	leave_all();
	icmp6_sock_close(d.sock);
	loop_timer_free(d.expiry);
	loop_timer_free(d.rexmit);
	free(d.out);
	memset(&d, 0, sizeof(d));
}
