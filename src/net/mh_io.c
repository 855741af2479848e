/* mh_io.c - Mobility Header dispatch: every received message is validated once here, counted,
 * and handed to the role that claimed its type */
#include "config.h"

#define LOG_SUBSYS "mh"

#include <string.h>

#include "log.h"
#include "loop.h"
#include "metrics.h"
#include "mh_io.h"
#include "rr_crypto.h"
#include "stats.h"
#include "util.h"

#define NSLOTS		(MH_TYPE_BE + 3)	/* types 0-7, then home and correspondent BUs */
#define SLOT_BU_HOME	(MH_TYPE_BE + 1)
#define SLOT_BU_CORR	(MH_TYPE_BE + 2)

/* Binding Error rate limit: a token bucket shared by all destinations (RFC 6275 9.3.3). */
#define BE_BURST	10
#define BE_PER_SEC	10

static struct {
	mh_io_handler	 fn;
	void		*arg;
} handlers[NSLOTS];

static struct {
	uint64_t	last_ms;
	uint32_t	tokens;
} be_bucket = { 0, BE_BURST };

static unsigned int
slot_of(unsigned int type)
{
	if (type == MH_IO_BU_HOME)
		return SLOT_BU_HOME;
	if (type == MH_IO_BU_CORR)
		return SLOT_BU_CORR;
	return type;
}

void
mh_io_register(unsigned int type, mh_io_handler fn, void *arg)
{
	unsigned int s = slot_of(type);

	if (s >= NSLOTS)
		fatalx("mh_io_register: type %u", type);
	handlers[s].fn = fn;
	handlers[s].arg = arg;
}

void
mh_io_unregister_all(void)
{
	memset(handlers, 0, sizeof(handlers));
}

static void
mh_io_rx(const struct mh_rx *rx, void *arg)
{
	mh_io_input(rx);
}

static struct {
	void	(*begin)(void);
	void	(*end)(void);
	int	  in;		/* between the socket's begin and end */
} burst;

static void
mh_io_burst(int end)
{
	burst.in = !end;
	if (end && burst.end != NULL)
		burst.end();
	else if (!end && burst.begin != NULL)
		burst.begin();
}

void
mh_io_set_burst(void (*begin)(void), void (*end)(void))
{
	burst.begin = begin;
	burst.end = end;
}

int
mh_io_start(void)
{
	mh_sock_set_burst(mh_io_burst);
	return mh_sock_open(mh_io_rx, NULL);
}

void
mh_io_stop(void)
{
	mh_sock_close();
	mh_io_unregister_all();
	mh_io_set_burst(NULL, NULL);
}

static int
be_allowed(void)
{
	uint64_t now = loop_now_ms(), add;

	add = (now - be_bucket.last_ms) * BE_PER_SEC / 1000;
	if (add > 0) {
		be_bucket.tokens = (uint32_t)(be_bucket.tokens + add > BE_BURST ? BE_BURST :
		    be_bucket.tokens + add);
		be_bucket.last_ms = now;
	}
	if (be_bucket.tokens == 0)
		return 0;
	be_bucket.tokens--;
	return 1;
}

int
mh_io_send_raw(uint8_t *buf, size_t len, uint8_t type, const struct in6_addr *src,
    const struct in6_addr *dst, const struct in6_addr *hao, const struct in6_addr *rt2_coa)
{
	struct mh_tx tx;

	/* RFC 6275 6.1.1: the pseudo-header carries the home address and final destination. */
	mh_checksum_set(buf, len, hao ? hao : src, dst);
	memset(&tx, 0, sizeof(tx));
	tx.buf = buf;
	tx.len = len;
	tx.src = *src;
	tx.dst = *dst;
	tx.hao = hao;
	tx.rt2_coa = rt2_coa;
	if (mh_send(&tx) == -1) {
		log_warn("send %s to %s", mh_type_name(type), addr_str(rt2_coa ? rt2_coa : dst));
		return -1;
	}
	stats_inc(mh_type_tx_stat_name(type));
	return 0;
}

int
mh_io_send(const struct mh_msg *m, const struct in6_addr *src, const struct in6_addr *dst,
    const struct in6_addr *hao, const struct in6_addr *rt2_coa)
{
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	len = mh_build(buf, sizeof(buf), m, NULL);
	if (len == 0) {
		log_warnx("cannot build %s", mh_type_name(m->type));
		return -1;
	}
	return mh_io_send_raw(buf, len, m->type, src, dst, hao, rt2_coa);
}

int
mh_io_send_be(uint8_t status, const struct in6_addr *to, const struct in6_addr *from,
    const struct in6_addr *hoa)
{
	struct mh_msg m;

	if (!be_allowed()) {
		stats_inc("drop.be-rate-limited");
		return 0;
	}
	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_BE;
	m.be.status = status;
	if (hoa != NULL)
		m.be.hoa = *hoa;
	log_debug("Binding Error %u to %s (home address %s)", status, addr_str(to),
	    hoa ? addr_str(hoa) : "-");
	if (mh_io_send(&m, from, to, NULL, NULL) == -1)
		return -1;
	metrics_be_sent(status);
	return 0;
}

/* Lifetime in 4-second units, rounded down but never to zero (RFC 6275 6.1.8) */
static uint16_t
lifetime_units(uint32_t s)
{
	uint32_t u = s / 4;

	if (s > 0 && u == 0)
		u = 1;
	return u > 0xffff ? 0xffff : (uint16_t)u;
}

static int
send_ba(const struct mh_rx *rx, const struct in6_addr *coa, uint8_t status, uint8_t flags,
    uint16_t seq, uint32_t lifetime_s, uint32_t refresh_s, const uint8_t *kbm)
{
	const struct in6_addr *hoa = &rx->src;
	/* RFC 6275 9.5.4: back to where the BU came from, even when it named an Alternate
	 * Care-of Address; the binding's care-of address goes into the authenticator. */
	const struct in6_addr *to = rx->has_hao ? &rx->coa : &rx->src;
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m;
	size_t len, auth_off = 0;

	if (coa == NULL)
		coa = to;
	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_BA;
	m.ba.status = status;
	m.ba.flags = flags;
	m.ba.seq = seq;
	m.ba.lifetime = lifetime_units(lifetime_s);
	if (refresh_s > 0 && MH_BA_STATUS_ACCEPTED(status)) {
		m.ba.opts.present |= MH_OPTF_REFRESH;
		m.ba.opts.refresh = lifetime_units(refresh_s);
	}
	if (kbm != NULL)
		m.ba.opts.present |= MH_OPTF_AUTH;
	len = mh_build(buf, sizeof(buf), &m, &auth_off);
	if (len == 0)
		return -1;
	/* RFC 6275 5.2.6: First(96, HMAC_SHA1(Kbm, care-of address | correspondent | BA)) */
	if (kbm != NULL && rr_auth(kbm, coa, &rx->dst, buf, auth_off, buf + auth_off) == -1)
		return -1;
	log_debug("BA status %u seq %u lifetime %u s to %s via %s%s", status, seq,
	    (unsigned)lifetime_s, addr_str(hoa), addr_str(to), kbm ? ", authenticated" : "");
	if (mh_io_send_raw(buf, len, MH_TYPE_BA, &rx->dst, hoa, NULL,
	    addr_eq(to, hoa) ? NULL : to) == -1)
		return -1;
	metrics_ba_sent(status);
	metrics_bu_ba_done();
	return 0;
}

int
mh_io_send_ba(const struct mh_rx *rx, const struct in6_addr *coa, uint8_t status,
    uint8_t flags, uint16_t seq, uint32_t lifetime_s, uint32_t refresh_s)
{
	return send_ba(rx, coa, status, flags, seq, lifetime_s, refresh_s, NULL);
}

int
mh_io_send_ba_auth(const struct mh_rx *rx, const struct in6_addr *coa, uint8_t status,
    uint16_t seq, uint32_t lifetime_s, uint32_t refresh_s, const uint8_t *kbm)
{
	return send_ba(rx, coa, status, 0, seq, lifetime_s, refresh_s, kbm);
}

void
mh_io_reject_bu(const struct mh_msg *bu, const struct mh_rx *rx, uint8_t status)
{
	mh_io_send_ba(rx, NULL, status, 0, bu->bu.seq, 0, 0);
}

void
mh_io_input(const struct mh_rx *rx)
{
	struct mh_error err;
	struct mh_msg m;
	unsigned int slot;
	const struct in6_addr *peer;

	if (mh_parse(rx->buf, rx->len, &rx->src, &rx->dst, &m, &err) != MH_OK) {
		stats_inc(mh_reason_stat_name(err.reason));
		log_debug("from %s: %s (%s)", addr_str(&rx->src), mh_reason_str(err.reason),
		    mh_action_str(err.action));
		/* The packet came from the care-of address when it carried a home address. */
		peer = rx->has_hao ? &rx->coa : &rx->src;
		if (err.action == MH_SEND_BE_2)
			mh_io_send_be(MH_BE_UNKNOWN_TYPE, peer, &rx->dst,
			    rx->has_hao ? &rx->src : NULL);
		/*
		 * MH_SEND_PARAMPROB: the kernel's own Mobility Header filter (net/ipv6/mip6.c)
		 * already answered malformed payload proto and length fields with a Parameter
		 * Problem before the packet reached this socket; nothing is left to send.
		 */
		return;
	}
	stats_inc(mh_type_stat_name(m.type));
	if (m.type == MH_TYPE_BU)
		slot = (m.bu.flags & MH_BU_F_H) ? SLOT_BU_HOME : SLOT_BU_CORR;
	else
		slot = m.type;
	if (slot >= NSLOTS || handlers[slot].fn == NULL) {
		stats_inc("drop.no-role-for-type");
		log_debug("%s from %s: no role here handles it", mh_type_name(m.type),
		    addr_str(&rx->src));
		if (slot == SLOT_BU_HOME || slot == SLOT_BU_CORR)
			/* RFC 6275 10.3.1 / 9.5.1: no HA or CN here: say so in a BA */
			mh_io_reject_bu(&m, rx, slot == SLOT_BU_HOME ? MH_BA_HOMEREG_NOT_SUPP :
			    MH_BA_ADMIN_PROHIBIT);
		return;
	}
	/* The burst batches home registrations only: any other handler finds the kernel state
	 * of those before it in place and its own requests answered at once. */
	if (burst.in && slot != SLOT_BU_HOME && burst.end != NULL) {
		burst.end();
		burst.begin();
	}
	if (m.type == MH_TYPE_BU)
		metrics_bu_begin();
	handlers[slot].fn(&m, rx, handlers[slot].arg);
	metrics_bu_end();
}
