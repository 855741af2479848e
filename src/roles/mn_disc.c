/* mn_disc.c - the mobile node's Dynamic Home Agent Address Discovery (RFC 6275 11.4.1): a
 * DHAAD Request from the care-of address to the Home-Agents anycast address of the home
 * prefix, retransmitted with back-off until a Reply names the home agents; mn_reg.c registers
 * with them in the Reply's order. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <stdlib.h>
#include <string.h>

#include "bul.h"
#include "conf.h"
#include "icmp6.h"
#include "icmp6_sock.h"
#include "log.h"
#include "loop.h"
#include "mn.h"
#include "stats.h"
#include "util.h"

static struct icmp6_sock *sock;
static const struct conf *conf;

/* RFC 6275 12: INITIAL_DHAAD_TIMEOUT 3 s, doubled per retransmission (11.4.1); away, the node
 * has no other way to a home agent, so it goes on at the longest interval. */
#define DHAAD_INITIAL_MS	3000
#define DHAAD_MAX_MS		24000

uint32_t
mn_dhaad_timeout_ms(unsigned tries)
{
	uint32_t t = DHAAD_INITIAL_MS;

	while (tries-- > 0 && t < DHAAD_MAX_MS)
		t *= 2;
	return t > DHAAD_MAX_MS ? DHAAD_MAX_MS : t;
}

static void
send_req(struct mn_home *h)
{
	const struct conf_home_addr *ca;
	struct icmp6_haad_req req;
	struct in6_addr prefix, any;
	uint8_t buf[16];
	struct mh_tx tx;
	int i;

	prefix = h->hoa;
	for (i = h->plen; i < 128; i++)
		prefix.s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	icmp6_ha_anycast(&prefix, h->plen, &any);
	memset(&req, 0, sizeof(req));
	req.id = h->dhaad_id;
	/* RFC 3963 4.2: a mobile router asks for home agents that support mobile routers */
	if (conf != NULL && (ca = conf_home_addr_find(conf, &h->hoa)) != NULL &&
	    ca->mr_mode != CONF_MR_NONE)
		req.flags = ICMP6_HAAD_F_R;
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = icmp6_build_haad_req(buf, sizeof(buf), &req);
	/* RFC 6275 11.4.1: from the care-of address, no Home Address option */
	tx.src = h->dhaad_src;
	tx.dst = any;
	if (sock == NULL || tx.len == 0 || icmp6_sock_send(sock, &tx) == -1) {
		log_warn("DHAAD Request for %s", addr_str(&h->hoa));
	} else {
		stats_inc("tx.haad-req");
		log_info("DHAAD Request for %s to %s from %s (id %u, try %u)", addr_str(&h->hoa),
		    addr_str(&any), addr_str(&h->dhaad_src), h->dhaad_id, h->dhaad_tries + 1);
	}
	loop_timer_arm(h->dhaad_timer, mn_dhaad_timeout_ms(h->dhaad_tries));
	h->dhaad_tries++;
}

static void
timeout_cb(void *arg)
{
	struct mn_home *h = arg;

	if (!h->dhaad_pending)
		return;
	stats_inc("mn.dhaad-timeout");
	send_req(h);
}

void
mn_disc_start(struct mn_home *h, const struct in6_addr *coa)
{
	if (h->dhaad_pending && addr_eq(&h->dhaad_src, coa))
		return;		/* already asking from there */
	if (h->dhaad_timer == NULL && (h->dhaad_timer = loop_timer_new(timeout_cb, h)) == NULL)
		return;
	h->dhaad_pending = 1;
	h->dhaad_src = *coa;
	h->dhaad_tries = 0;
	h->dhaad_id = (uint16_t)arc4random_uniform(65536);
	send_req(h);
}

void
mn_disc_cancel(struct mn_home *h)
{
	h->dhaad_pending = 0;
	if (h->dhaad_timer != NULL)
		loop_timer_cancel(h->dhaad_timer);
}

/* ---- mobile prefix discovery (RFC 6275 11.4.2, 11.4.3) ---- */

#define MPS_TIMEOUT_MS		3000	/* INITIAL_SOLICIT_TIMER, RFC 6275 12 */
#define MPS_MAX_TRIES		3

uint64_t
mn_mps_due_ms(uint32_t valid_s, uint64_t now_ms)
{
	if (valid_s == 0 || valid_s == 0xffffffff)
		return 0;
	return now_ms + (uint64_t)valid_s * 750;
}

uint64_t
mn_mps_again_ms(uint64_t prefix_until_ms, uint64_t now_ms)
{
	uint64_t left;

	if (prefix_until_ms == 0 || prefix_until_ms <= now_ms)
		return 0;
	left = (prefix_until_ms - now_ms) / 4 * 3;
	return left < MPS_TIMEOUT_MS ? 0 : left;
}

static void
send_mps(struct mn_home *h)
{
	struct icmp6_mps mps;
	uint8_t buf[16];
	struct mh_tx tx;

	if (h->where != MN_AWAY || h->bu == NULL || !h->bu->bound || h->retired ||
	    h->retiring || addr_is_unspecified(&h->ha)) {
		h->mps_tries = 0;
		return;
	}
	if (h->mps_tries == 0)
		h->mps_id = (uint16_t)arc4random_uniform(65536);
	memset(&mps, 0, sizeof(mps));
	mps.id = h->mps_id;
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = icmp6_build_mps(buf, sizeof(buf), &mps);
	/*
	 * RFC 6275 11.4.2: from the care-of address with the home address in a HAO.  Sent from
	 * the home address: the kernel's HAO state for it (mn_kern.c) puts the care-of address
	 * in the source, after the checksum over the home address and the ESP policy lookup.
	 */
	tx.src = h->hoa;
	tx.dst = h->ha;
	if (sock == NULL || tx.len == 0 || icmp6_sock_send(sock, &tx) == -1)
		log_warn("Mobile Prefix Solicitation for %s", addr_str(&h->hoa));
	else {
		stats_inc("tx.mps");
		log_info("Mobile Prefix Solicitation to %s for %s (id %u)", addr_str(&h->ha),
		    addr_str(&h->hoa), h->mps_id);
	}
	if (++h->mps_tries > MPS_MAX_TRIES) {
		uint64_t again = mn_mps_again_ms(h->prefix_until_ms, loop_now_ms());

		/* unanswered: the round replaced the timer set for before the prefix ends (an
		 * acknowledgement of an unsolicited advertisement does), so set it again */
		h->mps_tries = 0;
		if (again != 0)
			loop_timer_arm(h->mps_timer, again);
		return;
	}
	loop_timer_arm(h->mps_timer, MPS_TIMEOUT_MS << (h->mps_tries - 1));
}

static void
mps_cb(void *arg)
{
	struct mn_home *h = arg;

	if (h->mps_tries == 0 && h->prefix_until_ms != 0)
		log_info("home prefix of %s: valid lifetime ending, soliciting it",
		    addr_str(&h->hoa));
	send_mps(h);
}

enum mn_mpa_prefix
mn_mpa_prefix_action(const struct in6_addr *hoa, int plen, const struct icmp6_prefix *p,
    struct in6_addr *newhoa)
{
	int i;

	/* the interface identifier fills the rest of the address: only the same length fits */
	if (p->plen != plen || plen <= 0 || plen >= 128)
		return MN_MPA_IGNORE;
	if (prefix_match(hoa, &p->prefix, p->plen))
		return MN_MPA_OURS;
	/* a withdrawn or unusable prefix forms no address */
	if (p->valid == 0 || addr_is_linklocal(&p->prefix) || addr_is_unspecified(&p->prefix) ||
	    p->prefix.s6_addr[0] == 0xff)
		return MN_MPA_IGNORE;
	*newhoa = *hoa;
	for (i = 0; i < plen; i++) {
		uint8_t bit = (uint8_t)(0x80 >> (i % 8));

		newhoa->s6_addr[i / 8] = (uint8_t)((newhoa->s6_addr[i / 8] & ~bit) |
		    (p->prefix.s6_addr[i / 8] & bit));
	}
	return MN_MPA_NEW;
}

static void
prefix_cb(void *arg)
{
	struct mn_home *h = arg;

	if (h->prefix_until_ms == 0 || h->prefix_until_ms > loop_now_ms())
		return;
	log_notice("home prefix of %s: valid lifetime over", addr_str(&h->hoa));
	mn_reg_prefix_ended(h);
}

/* p is h's own home prefix: its valid lifetime from now on. */
static void
prefix_lifetime(struct mn_home *h, const struct in6_addr *from, const struct icmp6_prefix *p,
    uint64_t now)
{
	uint64_t due;

	if (h->prefix_timer == NULL && (h->prefix_timer = loop_timer_new(prefix_cb, h)) == NULL)
		return;
	h->prefix_until_ms = p->valid == 0xffffffff ? 0 : now + (uint64_t)p->valid * 1000;
	log_info("Mobile Prefix Advertisement from %s: home prefix of %s valid %u s",
	    addr_str(from), addr_str(&h->hoa), p->valid);
	if (p->valid == 0) {
		/* RFC 6275 11.4.3: the home agent withdraws the prefix */
		loop_timer_cancel(h->prefix_timer);
		loop_timer_cancel(h->mps_timer);
		mn_reg_prefix_ended(h);
		return;
	}
	if ((due = mn_mps_due_ms(p->valid, now)) != 0)
		loop_timer_arm(h->mps_timer, due - now);
	if (h->prefix_until_ms != 0)
		loop_timer_arm(h->prefix_timer, h->prefix_until_ms - now);
	else
		loop_timer_cancel(h->prefix_timer);
}

static struct mn_home *
home_with(const struct in6_addr *hoa, const struct in6_addr *ha)
{
	struct mn_home *o;
	size_t i;

	for (i = 0; (o = mn_reg_home(i)) != NULL; i++)
		if (addr_eq(&o->hoa, hoa) && addr_eq(&o->ha, ha))
			return o;
	return NULL;
}

static void
recv_mpa(const struct mh_rx *rx, const struct icmp6_mpa *mpa)
{
	struct in6_addr nhoa;
	struct mn_home *h, *o;
	uint64_t now = loop_now_ms();
	size_t i, j;
	int solicited;

	for (i = 0; (h = mn_reg_home(i)) != NULL; i++)
		if (addr_eq(&h->hoa, &rx->dst) && addr_eq(&h->ha, &rx->src) && !h->retired)
			break;
	/* RFC 6275 11.4.3: from our home agent, to our home address; a solicited one carries
	 * the Solicitation's identifier, an unsolicited one any */
	if (h == NULL) {
		stats_inc("drop.mpa-not-from-ha");
		return;
	}
	if (h->mps_timer == NULL && (h->mps_timer = loop_timer_new(mps_cb, h)) == NULL)
		return;
	h->n_mpa++;
	/* the answer to our outstanding Solicitation carries its identifier */
	solicited = h->mps_tries > 0 && mpa->id == h->mps_id;
	h->mps_tries = 0;
	loop_timer_cancel(h->mps_timer);
	for (j = 0; j < mpa->nprefix; j++) {
		const struct icmp6_prefix *p = &mpa->prefix[j];

		switch (mn_mpa_prefix_action(&h->hoa, h->plen, p, &nhoa)) {
		case MN_MPA_OURS:
			prefix_lifetime(h, &rx->src, p, now);
			break;
		case MN_MPA_NEW:
			/*
			 * Formed already: that address learns its prefix's lifetime from the
			 * advertisements to it alone.  The lifetimes here are no longer than h's
			 * binding (RFC 6275 10.6.1), which may be about to be refreshed while the
			 * other's was just: taken for the other address they made its prefix end
			 * too early, and the two addresses' Solicitations chase each other.
			 */
			if (home_with(&nhoa, &h->ha) != NULL)
				break;
			/* RFC 6275 11.4.3: a new home prefix (renumbering): the home address
			 * with the same interface identifier in it, registered too */
			stats_inc("mn.mpa-new-prefix");
			log_notice("Mobile Prefix Advertisement from %s: home prefix %s/%u "
			    "(valid %u s) for %s: new home address %s", addr_str(&rx->src),
			    addr_str(&p->prefix), p->plen, p->valid, addr_str(&h->hoa),
			    addr_str(&nhoa));
			if ((o = mn_reg_renumber(h, &nhoa, p->valid)) == NULL)
				break;
			if (o->mps_timer == NULL &&
			    (o->mps_timer = loop_timer_new(mps_cb, o)) == NULL)
				break;
			prefix_lifetime(o, &rx->src, p, now);
			break;
		case MN_MPA_IGNORE:
			stats_inc("mn.mpa-prefix-ignored");
			log_info("Mobile Prefix Advertisement from %s: prefix %s/%u ignored for %s",
			    addr_str(&rx->src), addr_str(&p->prefix), p->plen, addr_str(&h->hoa));
			break;
		}
	}
	/*
	 * RFC 6275 10.6.2, 11.4.3: the home agent retransmits an unsolicited advertisement
	 * until a Mobile Prefix Solicitation from us acknowledges it (TAHI MN-4-1-1-1-002).
	 * send_mps sends nothing for a home address being retired (its prefix withdrawn).
	 */
	if (!solicited) {
		stats_inc("mn.mpa-unsolicited");
		log_info("unsolicited Mobile Prefix Advertisement from %s (id %u) for %s: "
		    "acknowledging it", addr_str(&rx->src), mpa->id, addr_str(&h->hoa));
		send_mps(h);
	}
}

void
mn_mpd_registered(struct mn_home *h)
{
	if (h->mps_timer == NULL && (h->mps_timer = loop_timer_new(mps_cb, h)) == NULL)
		return;
	/* RFC 6275 11.4.2: before the known home prefix expires (armed by recv_mpa) */
}

void
mn_mpd_fini(struct mn_home *h)
{
	if (h->mps_timer != NULL)
		loop_timer_free(h->mps_timer);
	h->mps_timer = NULL;
	if (h->prefix_timer != NULL)
		loop_timer_free(h->prefix_timer);
	h->prefix_timer = NULL;
}

static void
on_icmp6(const struct mh_rx *rx, void *arg)
{
	struct icmp6_msg m;
	enum icmp6_reason r;
	struct mn_home *h;
	size_t i;

	if ((r = icmp6_parse(rx->buf, rx->len, NULL, NULL, &m)) != ICMP6_OK) {
		stats_inc(icmp6_reason_stat_name(r));
		return;
	}
	stats_inc(icmp6_type_stat_name(m.type));
	if (m.type == ICMP6_MPA_TYPE) {
		recv_mpa(rx, &m.mpa);
		return;
	}
	if (m.type != ICMP6_HAAD_REP_TYPE)
		return;
	/* RFC 6275 11.4.1: the Reply answers our Request: its identifier, to its source */
	for (i = 0; (h = mn_reg_home(i)) != NULL; i++) {
		if (!h->dhaad_pending || h->dhaad_id != m.haad_rep.id ||
		    !addr_eq(&h->dhaad_src, &rx->dst))
			continue;
		if (m.haad_rep.naddr == 0) {
			/* no home agent yet: the retransmission asks again */
			log_info("DHAAD Reply for %s lists no home agent", addr_str(&h->hoa));
			return;
		}
		mn_disc_cancel(h);
		log_info("DHAAD Reply from %s for %s: %u home agent(s), first %s",
		    addr_str(&rx->src), addr_str(&h->hoa), m.haad_rep.naddr,
		    addr_str(&m.haad_rep.addr[0]));
		mn_reg_ha_found(h, m.haad_rep.addr, m.haad_rep.naddr);
		return;
	}
	stats_inc("drop.haad-rep-unexpected");
}

int
mn_disc_init(const struct conf *c)
{
	static const uint8_t types[] = { ICMP6_HAAD_REP_TYPE, ICMP6_MPA_TYPE };

	conf = c;
	if (c->nhome_addrs == 0)
		return 0;
	if ((sock = icmp6_sock_open(types, sizeof(types), on_icmp6, NULL)) == NULL) {
		log_warnx("no ICMPv6 socket: no home agent or prefix discovery");
		return -1;
	}
	return 0;
}

void
mn_disc_reload(const struct conf *c)
{
	conf = c;
}

void
mn_disc_fini(void)
{
	icmp6_sock_close(sock);
	sock = NULL;
	conf = NULL;
}
