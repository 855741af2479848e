/* mn_disc.c - the mobile node's Dynamic Home Agent Address Discovery (RFC 6275 11.4.1): a
 * DHAAD Request from the care-of address to the Home-Agents anycast address of the home
 * prefix, retransmitted with back-off until a Reply names the home agents; mn_reg.c registers
 * with them in the Reply's order. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "icmp6.h"
#include "icmp6_sock.h"
#include "log.h"
#include "loop.h"
#include "mn.h"
#include "stats.h"
#include "util.h"

static struct icmp6_sock *sock;

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
	size_t i;

	for (i = 0; i < c->nhome_addrs; i++)
		if (c->home_addrs[i].ha_discover)
			break;
	if (i == c->nhome_addrs)
		return 0;
	if ((sock = icmp6_sock_open(types, sizeof(types), on_icmp6, NULL)) == NULL) {
		log_warnx("no ICMPv6 socket: home agents cannot be discovered");
		return -1;
	}
	return 0;
}

void
mn_disc_fini(void)
{
	icmp6_sock_close(sock);
	sock = NULL;
}
