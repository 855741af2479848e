/* test_mn_ro.c - the Mobile Node's route optimization end to end without a kernel: the home
 * registration is accepted, return routability runs with the configured correspondent (HoTI
 * and CoTI caught at the socket seam, HoT/CoT/BA/BE fed through mh_io_input), the BU's
 * authenticator is checked against rr_auth over the bytes sent, and the kernel effects are
 * counted at the mn_ro_kern seam. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bul.h"
#include "conf.h"
#include "kern_monitor.h"
#include "ra_sock.h"
#include "loop.h"
#include "mh.h"
#include "fake_net.h"
#include "fake_role_kern.h"
#include "mh_io.h"
#include "mn.h"
#include "mn_ro.h"
#include "mn_ro_kern.h"
#include "roles.h"
#include "rr_crypto.h"
#include "stats.h"
#include "util.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif
#define UP	(IFF_UP | IFF_RUNNING | IFF_LOWER_UP)
#define TUNNEL	42

/* ---- seams ---- */

static const struct kern_monitor_ops *mon;

static int
fake_mn_kern_start(const struct conf *c, const struct kern_monitor_ops *ops, ra_sock_cb ra,
    void *arg)
{
	mon = ops;
	return 0;
}

static void
fake_mn_kern_stop(const struct kern_monitor_ops *ops)
{
	mon = NULL;
}

static int
fake_mn_kern_away_set(const struct in6_addr *hoa, const struct in6_addr *ha,
    const struct in6_addr *coa, int *tunnel)
{
	*tunnel = TUNNEL;
	return 0;
}

/* the route-optimization seam: calls counted, the last care-of address kept */
static int k_prepare, k_direct, k_tunnel, k_del, k_home;
static struct in6_addr k_coa;

static int
fake_mn_ro_kern_prepare(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	k_prepare++;
	k_coa = *coa;
	return 0;
}

static int
fake_mn_ro_kern_direct(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	k_direct++;
	k_coa = *coa;
	return 0;
}

static void
fake_mn_ro_kern_tunnel(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	k_tunnel++;
}

static void
fake_mn_ro_kern_del(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	k_del++;
}

static void
fake_mn_ro_kern_home(const struct in6_addr *hoa)
{
	k_home++;
}

static mn_ro_kern_traffic_fn traffic_fn;
static int k_trigger;		/* catch-all policies in place */

static int
fake_mn_ro_kern_watch(mn_ro_kern_traffic_fn fn, void *arg)
{
	traffic_fn = fn;
	return 0;
}

static void
fake_mn_ro_kern_unwatch(void)
{
	traffic_fn = NULL;
}

static int
fake_mn_ro_kern_trigger(int add, const struct in6_addr *hoa)
{
	k_trigger = add;
	return 0;
}

/* The shared fake kernel adapters (fake_role_kern.h), with the entries this test checks. */
static struct role_kern_ops rk;

static void
fake_role_kern_install(void)
{
	rk = fake_role_kern_ops;
	rk.mn_kern_start = fake_mn_kern_start;
	rk.mn_kern_stop = fake_mn_kern_stop;
	rk.mn_kern_away_set = fake_mn_kern_away_set;
	rk.mn_ro_kern_prepare = fake_mn_ro_kern_prepare;
	rk.mn_ro_kern_direct = fake_mn_ro_kern_direct;
	rk.mn_ro_kern_tunnel = fake_mn_ro_kern_tunnel;
	rk.mn_ro_kern_del = fake_mn_ro_kern_del;
	rk.mn_ro_kern_home = fake_mn_ro_kern_home;
	rk.mn_ro_kern_watch = fake_mn_ro_kern_watch;
	rk.mn_ro_kern_unwatch = fake_mn_ro_kern_unwatch;
	rk.mn_ro_kern_trigger = fake_mn_ro_kern_trigger;
	role_kern_ops_set(&rk);
}

/* ---- fixtures ---- */

static struct conf conf;
static struct conf_home_addr home;
static struct conf_iface ifaces[1];
static struct conf_ro_rule peers[1];
static struct in6_addr ha, hoa, coa1, coa2, home_slaac, cn;
static const uint8_t home_token[RR_TOKEN_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t careof_token[RR_TOKEN_LEN] = { 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t careof_token2[RR_TOKEN_LEN] = { 21, 22, 23, 24, 25, 26, 27, 28 };

static void
a6(const char *s, struct in6_addr *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static void
conf_init(void)
{
	memset(&conf, 0, sizeof(conf));
	memset(&home, 0, sizeof(home));
	memset(ifaces, 0, sizeof(ifaces));
	memset(peers, 0, sizeof(peers));
	a6("2001:db8:1::1", &ha);
	a6("2001:db8:1::100", &hoa);
	a6("2001:db8:2::ff:fe00:300", &coa1);
	a6("2001:db8:3::ff:fe00:300", &coa2);
	a6("2001:db8:1::ff:fe00:300", &home_slaac);
	a6("2001:db8:4::2", &cn);
	home.hoa = hoa;
	home.plen = 64;
	home.ha = ha;
	home.lifetime = 600;
	strcpy(ifaces[0].name, "eth0");
	peers[0].peer.addr = cn;
	peers[0].peer.plen = 128;
	peers[0].ro = true;
	conf.roles = ROLE_MN;
	conf.home_addrs = &home;
	conf.nhome_addrs = 1;
	conf.ifaces = ifaces;
	conf.nifaces = 1;
	conf.mn.ro = false;
	conf.mn.peers = peers;
	conf.mn.npeers = 1;
	conf.mn.first_reg_timeout_ms = 1500;
	conf.mn.bindack_timeout_ms = 1000;
	conf.mn.max_bindack_timeout_ms = 32000;
}

static int
setup(void **state)
{
	conf_init();
	fake_net_reset();
	k_prepare = k_direct = k_tunnel = k_del = k_home = k_trigger = 0;
	traffic_fn = NULL;
	stats_reset();
	assert_int_equal(loop_init(), 0);
	return 0;
}

static void
start(void)
{
	assert_int_equal(roles_start(&conf), 0);
	assert_non_null(mon);
}

static int
teardown(void **state)
{
	roles_stop();
	loop_free();
	return 0;
}

static void
stop_loop(void *arg)
{
	loop_exit();
}

static void
run_ms(uint64_t ms)
{
	struct loop_timer *t = loop_timer_new(stop_loop, NULL);

	loop_timer_arm(t, ms);
	loop_run();
	loop_timer_free(t);
}

static void
link_ev(int ifindex, const char *name, unsigned int flags)
{
	struct kern_link_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	snprintf(e.name, sizeof(e.name), "%s", name);
	e.flags = flags;
	mon->link(&e, mon->arg);
}

static void
addr_ev(int ifindex, const struct in6_addr *a, int deleted)
{
	struct kern_addr_event e;

	memset(&e, 0, sizeof(e));
	e.ifindex = ifindex;
	e.addr = *a;
	e.plen = 64;
	e.valid = 86400;
	e.preferred = 86400;
	e.deleted = deleted;
	mon->addr(&e, mon->arg);
}

static struct mh_msg
msg_sent(int i)
{
	struct mh_msg m;

	assert_true(i < fake_nsent);
	assert_int_equal(mh_parse(fake_sent[i].buf, fake_sent[i].len,
	    fake_sent[i].has_hao ? &fake_sent[i].hao : &fake_sent[i].src, &fake_sent[i].dst, &m, NULL), MH_OK);
	return m;
}

/* The index of the last message of type sent to dst, or -1. */
static int
last_sent(uint8_t type, const struct in6_addr *dst)
{
	int i;

	for (i = fake_nsent - 1; i >= 0; i--)
		if (msg_sent(i).type == type && memcmp(&fake_sent[i].dst, dst, sizeof(*dst)) == 0)
			return i;
	return -1;
}

static int
count_sent(uint8_t type)
{
	int i, n = 0;

	for (i = 0; i < fake_nsent; i++)
		if (msg_sent(i).type == type)
			n++;
	return n;
}

static void
input(uint8_t *buf, size_t len, const struct in6_addr *src, const struct in6_addr *dst,
    int rt2)
{
	struct mh_rx rx;

	memset(&rx, 0, sizeof(rx));
	memcpy(rx.buf, buf, len);
	rx.len = len;
	mh_checksum_set(rx.buf, rx.len, src, dst);
	rx.src = *src;
	rx.dst = *dst;
	rx.has_rt2 = rt2;
	mh_io_input(&rx);
}

/* The home agent accepts the last home registration sent. */
static void
home_ba(uint16_t lifetime_units)
{
	struct mh_ba ba;
	uint8_t buf[MH_MAX_LEN];
	int i = last_sent(MH_TYPE_BU, &ha);
	size_t len;

	assert_true(i >= 0);
	memset(&ba, 0, sizeof(ba));
	ba.seq = msg_sent(i).bu.seq;
	ba.lifetime = lifetime_units;
	len = mh_build_ba(buf, sizeof(buf), &ba, NULL);
	input(buf, len, &ha, &hoa, 1);
}

static void
answer_hoti(const uint8_t *token, uint16_t idx)
{
	struct mh_msg m, q;
	uint8_t buf[MH_MAX_LEN];
	int i = last_sent(MH_TYPE_HOTI, &cn);
	size_t len;

	assert_true(i >= 0);
	q = msg_sent(i);
	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_HOT;
	m.hot.nonce_idx = idx;
	memcpy(m.hot.cookie, q.hoti.cookie, sizeof(m.hot.cookie));
	memcpy(m.hot.token, token, RR_TOKEN_LEN);
	len = mh_build(buf, sizeof(buf), &m, NULL);
	input(buf, len, &cn, &hoa, 0);
}

static void
answer_coti(const uint8_t *token, uint16_t idx)
{
	struct mh_msg m, q;
	uint8_t buf[MH_MAX_LEN];
	int i = last_sent(MH_TYPE_COTI, &cn);
	size_t len;

	assert_true(i >= 0);
	q = msg_sent(i);
	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_COT;
	m.cot.nonce_idx = idx;
	memcpy(m.cot.cookie, q.coti.cookie, sizeof(m.cot.cookie));
	memcpy(m.cot.token, token, RR_TOKEN_LEN);
	len = mh_build(buf, sizeof(buf), &m, NULL);
	input(buf, len, &cn, &fake_sent[i].src, 0);
}

/* The correspondent's BA to the last BU sent to it, authenticated with kbm for coa. */
static void
cn_ba(uint8_t status, uint16_t lifetime_units, const uint8_t *kbm, const struct in6_addr *coa,
    int corrupt)
{
	struct mh_ba ba;
	uint8_t buf[MH_MAX_LEN];
	size_t len, auth_off = 0;
	int i = last_sent(MH_TYPE_BU, &cn);

	assert_true(i >= 0);
	memset(&ba, 0, sizeof(ba));
	ba.status = status;
	ba.seq = msg_sent(i).bu.seq;
	ba.lifetime = lifetime_units;
	if (kbm != NULL)
		ba.opts.present = MH_OPTF_AUTH;
	len = mh_build_ba(buf, sizeof(buf), &ba, &auth_off);
	assert_true(len > 0);
	if (kbm != NULL) {
		assert_int_equal(rr_auth(kbm, coa, &cn, buf, auth_off, buf + auth_off), 0);
		if (corrupt)
			buf[auth_off] ^= 1;
	}
	input(buf, len, &cn, &hoa, !addr_eq(coa, &hoa));
}

static void
cn_be(uint8_t status)
{
	struct mh_be be;
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	memset(&be, 0, sizeof(be));
	be.status = status;
	be.hoa = hoa;
	len = mh_build_be(buf, sizeof(buf), &be);
	input(buf, len, &cn, &coa1, 0);
}

static void
find_cn_entry(struct bul_entry *e, void *arg)
{
	if (!(e->flags & BUL_F_HOME))
		*(struct bul_entry **)arg = e;
}

static struct bul_entry *
cn_entry(void)
{
	struct bul_entry *e = NULL;

	mn_ro_foreach(find_cn_entry, &e);
	return e;
}

/*
 * Check the BU last sent to cn: from where, HAO or not, nonce indices, lifetime, and its
 * authenticator recomputed with rr_auth over the bytes sent.  kbm receives the Kbm.
 */
static struct mh_bu
check_bu(const struct in6_addr *coa, const uint8_t *ht, const uint8_t *ct, uint16_t hidx,
    uint16_t cidx, uint8_t kbm[RR_KBM_LEN])
{
	int i = last_sent(MH_TYPE_BU, &cn);
	struct mh_msg m;
	uint8_t want[RR_AUTH_LEN];

	assert_true(i >= 0);
	m = msg_sent(i);
	assert_int_equal(m.bu.flags & (MH_BU_F_A | MH_BU_F_H), MH_BU_F_A);
	assert_true(m.bu.opts.present & MH_OPTF_NONCE);
	assert_true(m.bu.opts.present & MH_OPTF_AUTH);
	assert_int_equal(m.bu.opts.home_nonce, hidx);
	if (ct != NULL)
		assert_int_equal(m.bu.opts.careof_nonce, cidx);
	if (addr_eq(coa, &hoa)) {
		/* de-registration: from the home address, no HAO (RFC 6275 11.7.2) */
		assert_false(fake_sent[i].has_hao);
		assert_memory_equal(&fake_sent[i].src, &hoa, sizeof(hoa));
		assert_int_equal(m.bu.lifetime, 0);
	} else {
		assert_true(fake_sent[i].has_hao);
		assert_memory_equal(&fake_sent[i].hao, &hoa, sizeof(hoa));
		assert_memory_equal(&fake_sent[i].src, coa, sizeof(*coa));
	}
	/* RFC 6275 5.2.5, 5.2.6 */
	assert_int_equal(rr_kbm(ht, ct, kbm), 0);
	assert_int_equal(rr_auth(kbm, coa, &cn, fake_sent[i].buf, m.bu.opts.auth_off, want), 0);
	assert_memory_equal(want, fake_sent[i].buf + m.bu.opts.auth_off, RR_AUTH_LEN);
	return m.bu;
}

/* From start to a route-optimized binding with cn at coa1: returns Kbm. */
static void
to_direct(uint8_t kbm[RR_KBM_LEN])
{
	struct mh_bu bu;
	int h, c;

	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 0);	/* not before the home agent */
	home_ba(150);
	/* RFC 6275 11.6.1: HoTI from the home address through the tunnel, CoTI direct */
	h = last_sent(MH_TYPE_HOTI, &cn);
	c = last_sent(MH_TYPE_COTI, &cn);
	assert_true(h >= 0 && c >= 0);
	assert_memory_equal(&fake_sent[h].src, &hoa, sizeof(hoa));
	assert_false(fake_sent[h].has_hao);
	assert_int_equal(fake_sent[h].ifindex, TUNNEL);
	assert_memory_equal(&fake_sent[c].src, &coa1, sizeof(coa1));
	assert_false(fake_sent[c].has_hao);
	assert_int_equal(fake_sent[c].ifindex, 0);
	assert_int_equal(cn_entry()->state, BUL_RR);

	answer_hoti(home_token, 7);
	assert_int_equal(last_sent(MH_TYPE_BU, &cn), -1);
	answer_coti(careof_token, 8);
	bu = check_bu(&coa1, home_token, careof_token, 7, 8, kbm);
	assert_int_equal(bu.lifetime, MN_RO_MAX_LIFETIME_S / 4);
	/* the RT2 state is there before the BA comes through it */
	assert_int_equal(k_prepare, 1);
	assert_memory_equal(&k_coa, &coa1, sizeof(coa1));
	assert_int_equal(k_direct, 0);

	cn_ba(0, MN_RO_MAX_LIFETIME_S / 4, kbm, &coa1, 0);
	assert_int_equal(cn_entry()->state, BUL_REGISTERED);
	assert_int_equal(k_direct, 1);
	assert_true(mn_ro_direct(cn_entry()));
	assert_int_equal(stats_get("mn.ro-registered"), 1);
}

/* ---- tests ---- */

/* RR, BU with the right authenticator, BA accepted: direct; a BA with a wrong
 * authenticator is dropped. */
static void
test_mn_ro_rr_bu_ba(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	struct mh_bu bu;

	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	home_ba(150);
	answer_hoti(home_token, 7);
	answer_coti(careof_token, 8);
	bu = check_bu(&coa1, home_token, careof_token, 7, 8, kbm);
	/* a HoT answering nothing outstanding any more is dropped */
	answer_hoti(home_token, 9);
	assert_int_equal(stats_get("drop.hot-unexpected"), 1);
	/* wrong authenticator; then no authenticator at all */
	cn_ba(0, 105, kbm, &coa1, 1);
	assert_int_equal(stats_get("drop.ba-bad-auth"), 1);
	cn_ba(0, 105, NULL, &coa1, 0);
	assert_int_equal(stats_get("drop.ba-bad-auth"), 2);
	assert_int_equal(cn_entry()->state, BUL_WAIT_BA);
	assert_int_equal(k_direct, 0);
	cn_ba(0, 105, kbm, &coa1, 0);
	assert_int_equal(k_direct, 1);
	assert_int_equal(cn_entry()->seq, bu.seq);
	assert_int_equal(cn_entry()->lifetime_s, 420);
}

/* HoTI and CoTI are retransmitted with the same cookies after INITIAL_BINDACK_TIMEOUT. */
static void
test_mn_ro_retransmission(void **state)
{
	struct mh_msg a, b;

	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	home_ba(150);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 1);
	a = msg_sent(last_sent(MH_TYPE_HOTI, &cn));
	run_ms(1100);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 2);
	assert_int_equal(count_sent(MH_TYPE_COTI), 2);
	b = msg_sent(last_sent(MH_TYPE_HOTI, &cn));
	assert_memory_equal(a.hoti.cookie, b.hoti.cookie, sizeof(a.hoti.cookie));
	assert_int_equal(fake_sent[last_sent(MH_TYPE_HOTI, &cn)].ifindex, TUNNEL);
	/* the late answers still complete the exchange */
	answer_hoti(home_token, 1);
	answer_coti(careof_token, 2);
	assert_true(last_sent(MH_TYPE_BU, &cn) >= 0);
}

/* MN-2-1-1-2-010: the configured max-bindack-timeout caps the HoTI back-off too (1, 2, 4,
 * then 5 s, not 8) */
static void
test_mn_ro_configured_timeouts(void **state)
{
	conf.mn.max_bindack_timeout_ms = 5000;
	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	home_ba(150);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 1);
	run_ms(1000 + 2000 + 4000 + 100);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 4);
	/* the fourth went with the longest timeout: no answer means giving up 5 s later (with
	 * the RFC's 32 s the fifth would have left 8 s after the fourth) */
	run_ms(9000);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 4);
}

/* The binding is refreshed before it expires (a short lifetime here: 4 s, refresh at 90%);
 * the tokens are still young, so the BU goes without a new exchange. */
static void
test_mn_ro_refresh(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	int bus;

	conf.mn.cn_lifetime = 4;
	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	home_ba(150);
	answer_hoti(home_token, 7);
	answer_coti(careof_token, 8);
	assert_int_equal(check_bu(&coa1, home_token, careof_token, 7, 8, kbm).lifetime, 1);
	cn_ba(0, 1, kbm, &coa1, 0);
	bus = count_sent(MH_TYPE_BU);
	run_ms(3800);
	assert_int_equal(count_sent(MH_TYPE_BU), bus + 1);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 1);
	check_bu(&coa1, home_token, careof_token, 7, 8, kbm);
	cn_ba(0, 1, kbm, &coa1, 0);
	assert_int_equal(cn_entry()->state, BUL_REGISTERED);
	assert_true(mn_ro_direct(cn_entry()));
}

/* A Binding Error status 1 falls back to the tunnel and binds again; status 2 ends route
 * optimization with that correspondent. */
static void
test_mn_ro_binding_error(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	int bus;

	to_direct(kbm);
	bus = count_sent(MH_TYPE_BU);
	cn_be(MH_BE_UNKNOWN_HAO);
	assert_int_equal(k_tunnel, 1);
	assert_false(mn_ro_direct(cn_entry()));
	/* tokens still valid: straight to a new BU */
	assert_int_equal(count_sent(MH_TYPE_BU), bus + 1);
	cn_ba(0, 105, kbm, &coa1, 0);
	assert_true(mn_ro_direct(cn_entry()));

	cn_be(MH_BE_UNKNOWN_TYPE);
	assert_int_equal(k_tunnel, 2);
	assert_null(cn_entry());
	/* and it is not tried again at the next home registration */
	home_ba(150);
	assert_null(cn_entry());
}

/* A refusal (129) falls back and stops; a refusal about nonces (136) redoes the home test. */
static void
test_mn_ro_rejected(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	int hotis;

	to_direct(kbm);
	/* a new BU (BRR from the correspondent), answered 136 without authentication */
	{
		struct mh_brr brr;
		uint8_t buf[MH_MAX_LEN];
		size_t len;

		memset(&brr, 0, sizeof(brr));
		len = mh_build_brr(buf, sizeof(buf), &brr);
		input(buf, len, &cn, &hoa, 1);
	}
	hotis = count_sent(MH_TYPE_HOTI);
	cn_ba(MH_BA_EXPIRED_HOME_NI, 0, NULL, &coa1, 0);
	assert_int_equal(count_sent(MH_TYPE_HOTI), hotis + 1);
	answer_hoti(home_token, 11);
	check_bu(&coa1, home_token, careof_token, 11, 8, kbm);
	cn_ba(MH_BA_ADMIN_PROHIBIT, 0, kbm, &coa1, 0);
	assert_int_equal(stats_get("mn.ro-rejected"), 1);
	assert_int_equal(k_tunnel, 1);
	assert_null(cn_entry());
}

/* A handover: back to the tunnel at once, then the care-of test again from the new address
 * (the home token is still young) once the home agent has it, and direct again. */
static void
test_mn_ro_handover(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	int hotis, cotis, c;

	to_direct(kbm);
	hotis = count_sent(MH_TYPE_HOTI);
	cotis = count_sent(MH_TYPE_COTI);
	addr_ev(2, &coa2, 0);
	addr_ev(2, &coa1, 1);
	run_ms(30);
	assert_int_equal(k_tunnel, 1);
	assert_false(mn_ro_direct(cn_entry()));
	/* nothing to the correspondent before the home agent has the new address */
	assert_int_equal(count_sent(MH_TYPE_COTI), cotis);
	home_ba(150);
	assert_int_equal(count_sent(MH_TYPE_HOTI), hotis);
	c = last_sent(MH_TYPE_COTI, &cn);
	assert_memory_equal(&fake_sent[c].src, &coa2, sizeof(coa2));
	answer_coti(careof_token2, 12);
	check_bu(&coa2, home_token, careof_token2, 7, 12, kbm);
	assert_memory_equal(&k_coa, &coa2, sizeof(coa2));
	cn_ba(0, 105, kbm, &coa2, 0);
	assert_int_equal(k_direct, 2);
	assert_memory_equal(&k_coa, &coa2, sizeof(coa2));
	assert_true(mn_ro_direct(cn_entry()));
}

/* Returning home: the kernel state goes and the correspondent's binding is de-registered
 * from the home address with Kbm from the home token alone (RFC 6275 5.2.5, 11.5.4). */
static void
test_mn_ro_home(void **state)
{
	uint8_t kbm[RR_KBM_LEN];

	to_direct(kbm);
	addr_ev(2, &home_slaac, 0);
	addr_ev(2, &coa1, 1);
	run_ms(30);
	assert_int_equal(k_del, 1);
	assert_int_equal(k_home, 1);
	check_bu(&hoa, home_token, NULL, 7, 0, kbm);
	assert_int_equal(cn_entry()->state, BUL_WAIT_DEREG);
	cn_ba(0, 0, kbm, &hoa, 0);
	assert_int_equal(cn_entry()->state, BUL_IDLE);
	assert_false(cn_entry()->bound);
	assert_int_equal(stats_get("mn.ro-deregistered"), 1);
}

/* Stopping away: the correspondent's binding is de-registered at once, from the care-of
 * address with a HAO, lifetime 0, Kbm from the home token alone. */
static void
test_mn_ro_stop(void **state)
{
	uint8_t kbm[RR_KBM_LEN];
	int bus;

	to_direct(kbm);
	bus = count_sent(MH_TYPE_BU);
	roles_stop();
	assert_true(count_sent(MH_TYPE_BU) >= bus + 1);
	assert_int_equal(check_bu(&coa1, home_token, NULL, 7, 0, kbm).lifetime, 0);
	assert_int_equal(k_del, 1);
}

/* Correspondents the configuration does not name (or names with route-optimization = no)
 * are left alone. */
static void
test_mn_ro_not_configured(void **state)
{
	peers[0].ro = false;
	start();
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	home_ba(150);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 0);
	assert_null(cn_entry());
	assert_int_equal(mn_ro_start(mn_reg_home(0), &cn), -1);
}

/* route-optimization = yes without naming the correspondent: traffic through the tunnel
 * (the kernel's ACQUIRE) starts it; a peer prefix with route-optimization = no keeps
 * another out; nothing at home. */
static void
test_mn_ro_traffic(void **state)
{
	struct in6_addr other;

	a6("2001:db8:99::1", &other);
	conf.mn.ro = true;
	peers[0].peer.addr = other;
	peers[0].ro = false;
	start();
	assert_non_null(traffic_fn);
	link_ev(2, "eth0", UP);
	addr_ev(2, &coa1, 0);
	run_ms(30);
	assert_int_equal(k_trigger, 1);
	home_ba(150);
	assert_null(cn_entry());
	traffic_fn(&hoa, &other, NULL);
	assert_null(cn_entry());
	traffic_fn(&hoa, &cn, NULL);
	assert_non_null(cn_entry());
	assert_int_equal(cn_entry()->state, BUL_RR);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 1);
	/* the same again while the exchange runs: nothing new */
	traffic_fn(&hoa, &cn, NULL);
	assert_int_equal(count_sent(MH_TYPE_HOTI), 1);
	answer_hoti(home_token, 3);
	answer_coti(careof_token, 4);
	assert_true(last_sent(MH_TYPE_BU, &cn) >= 0);
	/* at home: the catch-all policy goes */
	addr_ev(2, &home_slaac, 0);
	addr_ev(2, &coa1, 1);
	run_ms(30);
	assert_int_equal(k_trigger, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mn_ro_rr_bu_ba, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_retransmission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_configured_timeouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_binding_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_handover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_not_configured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_traffic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_ro_stop, setup, teardown),
	};

	net_ops_set(&fake_net_ops);
	fake_role_kern_install();
	return cmocka_run_group_tests_name("mn_ro", tests, NULL, NULL);
}
