/* test_ha.c - the Home Agent role end to end without a kernel: Binding Updates go in through
 * mh_io_input, BAs are caught at the socket seam (mh_send), kernel effects at ha_kern_*, DAD at
 * nd_*.  Test names carry the HA conformance case ids they cover. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "bindings.h"
#include "bstore.h"
#include "conf.h"
#include "ha_sync.h"
#include "loop.h"
#include "mh.h"
#include "fake_net.h"
#include "fake_role_kern.h"
#include "mh_io.h"
#include "nd.h"
#include "roles.h"
#include "stats.h"

/* ---- seams ---- */

static int kern_set_calls, kern_del_calls;
static struct in6_addr kern_coa;

static int
fake_ha_kern_binding_set(int ifi, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	kern_set_calls++;
	kern_coa = *coa;
	return 0;
}

/* the order of a stop's removals: P a binding's proxy entries, D the rest of a binding */
static char kern_del_order[16];

static void
order_note(char c)
{
	size_t n = strlen(kern_del_order);

	if (n + 1 < sizeof(kern_del_order))
		kern_del_order[n] = c;
}

static void
fake_ha_kern_binding_del(int ifi, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, int proxies)
{
	kern_del_calls++;
	order_note('D');
}

static void
fake_ha_kern_stop_proxies_del(int ifi, const struct in6_addr *hoa, const struct in6_addr *ll)
{
	order_note('P');
}

/* The shared fake kernel adapters (fake_role_kern.h), with the entries this test checks. */
static struct role_kern_ops rk;

static void
fake_role_kern_install(void)
{
	rk = fake_role_kern_ops;
	rk.ha_kern_binding_set = fake_ha_kern_binding_set;
	rk.ha_kern_binding_del = fake_ha_kern_binding_del;
	rk.ha_kern_stop_proxies_del = fake_ha_kern_stop_proxies_del;
	role_kern_ops_set(&rk);
}

/* ---- fixtures ---- */

static struct conf conf;
static struct conf_home_link link;
static struct conf_prefix prefix;
static struct in6_addr ha_addr, hoa, coa;

static int
setup(void **state)
{
	memset(&conf, 0, sizeof(conf));
	memset(&link, 0, sizeof(link));
	strcpy(link.ifname, "lo");
	inet_pton(AF_INET6, "2001:db8:1::", &prefix.addr);
	prefix.plen = 64;
	link.prefixes = &prefix;
	link.nprefixes = 1;
	inet_pton(AF_INET6, "2001:db8:1::1", &ha_addr);
	link.ha_addr = ha_addr;
	link.prefix_lifetime = 86400;
	conf.roles = ROLE_HA;
	conf.home_links = &link;
	conf.nhome_links = 1;
	conf.ha.max_bindings = 100;
	conf.ha.max_lifetime = 3600;
	conf.ha.dad = true;
	inet_pton(AF_INET6, "2001:db8:1::100", &hoa);
	inet_pton(AF_INET6, "2001:db8:2::100", &coa);
	fake_net_reset();
	kern_set_calls = kern_del_calls = 0;
	memset(kern_del_order, 0, sizeof(kern_del_order));
	stats_reset();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	return 0;
}

static int
teardown(void **state)
{
	roles_stop();
	loop_free();
	return 0;
}

/* Send a BU as the kernel would deliver it: HAO swapped, so src = HoA and coa beside it. */
static void
send_bu(uint16_t seq, uint16_t flags, uint16_t lifetime_units, const struct in6_addr *from_coa,
    int with_nonce)
{
	struct mh_rx rx;
	struct mh_bu bu;

	memset(&rx, 0, sizeof(rx));
	memset(&bu, 0, sizeof(bu));
	bu.seq = seq;
	bu.flags = flags;
	bu.lifetime = lifetime_units;
	if (with_nonce) {
		bu.opts.present |= MH_OPTF_NONCE;
		bu.opts.home_nonce = 1;
		bu.opts.careof_nonce = 2;
	}
	rx.len = mh_build_bu(rx.buf, sizeof(rx.buf), &bu, NULL);
	assert_true(rx.len > 0);
	mh_checksum_set(rx.buf, rx.len, &hoa, &ha_addr);
	rx.src = hoa;
	rx.dst = ha_addr;
	if (from_coa != NULL) {
		rx.has_hao = 1;
		rx.coa = *from_coa;
	}
	mh_io_input(&rx);
}

/* The i-th message sent, parsed as a BA. */
static struct mh_ba
ba_sent(int i)
{
	struct mh_msg m;

	assert_true(i < fake_nsent);
	assert_int_equal(mh_parse(fake_sent[i].buf, fake_sent[i].len, &fake_sent[i].src, &fake_sent[i].dst, &m, NULL),
	    MH_OK);
	assert_int_equal(m.type, MH_TYPE_BA);
	return m.ba;
}

static void
finish_dad(int ok)
{
	assert_non_null(fake_dad_fn);
	fake_dad_fn(&fake_dad_addr, 1, ok, fake_dad_arg);
	/* those that ended free are installed at the end of the loop turn: run one */
	event_base_loop(loop_base(), EVLOOP_NONBLOCK);
}

/* HA_2_1_1, HA_2_3_1: valid BU with A=1: DAD, then BA 0 through RT2 to the CoA, binding made */
static void
test_HA_2_1_1_accept_after_dad(void **state)
{
	struct mh_ba ba;

	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(fake_dad_calls, 1);
	assert_int_equal(fake_nsent, 0);		/* the BA waits for DAD */
	finish_dad(1);
	assert_int_equal(fake_nsent, 1);
	ba = ba_sent(0);
	assert_int_equal(ba.status, 0);
	assert_int_equal(ba.seq, 15);
	assert_int_equal(ba.lifetime, 100);
	assert_true(fake_sent[0].has_rt2);
	assert_memory_equal(&fake_sent[0].rt2, &coa, 16);
	assert_memory_equal(&fake_sent[0].dst, &hoa, 16);
	assert_memory_equal(&fake_sent[0].src, &ha_addr, 16);
	assert_int_equal(kern_set_calls, 1);
	assert_int_equal(fake_na_calls, 1);		/* RFC 6275 10.4.1 unsolicited NA */
	assert_int_equal(ha_binding_count(), 1);
}

/*
 * A stop removes every binding's proxy entries first, back to back, then the rest of each
 * binding (ha_kern.h: the kernel's MLD work walks the link's groups whenever the leaves pause).
 */
static void
test_stop_proxies_first(void **state)
{
	struct in6_addr first = hoa;

	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	inet_pton(AF_INET6, "2001:db8:1::101", &hoa);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	hoa = first;
	assert_int_equal(ha_binding_count(), 2);
	ha_stop();
	assert_string_equal(kern_del_order, "PPDD");
	assert_int_equal(ha_binding_count(), 0);
}

/* HA_4_2_1, HA_4_3_1, HA_4_4_1: what the daemon's ND proxy answers for (nd-proxy = mip6d): a
 * home address once its binding is installed, on its home link only, not after it is gone */
static void
test_HA_4_2_1_nd_proxy_answers(void **state)
{
	struct in6_addr other;

	inet_pton(AF_INET6, "2001:db8:1::dead", &other);
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(ha_nd_proxy_answers(fake_na_ifindex, &hoa), 0);	/* DAD runs */
	finish_dad(1);
	assert_true(fake_na_ifindex > 0);
	assert_int_equal(ha_nd_proxy_answers(fake_na_ifindex, &hoa), 1);
	assert_int_equal(ha_nd_proxy_answers(fake_na_ifindex + 1, &hoa), 0);
	assert_int_equal(ha_nd_proxy_answers(fake_na_ifindex, &other), 0);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 0, &coa, 0);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(ha_nd_proxy_answers(fake_na_ifindex, &hoa), 0);
}

/* HA_2_1_2: A=0: binding made, no BA */
static void
test_HA_2_1_2_no_ack(void **state)
{
	send_bu(15, MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	assert_int_equal(fake_nsent, 0);
	assert_int_equal(ha_binding_count(), 1);
}

/* RFC 6275 10.3.1: someone defends the home address: BA 134, no binding */
static void
test_dad_failed_134(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(0);
	assert_int_equal(ba_sent(0).status, 134);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(kern_set_calls, 0);
}

/* A DAD probe that could not be sent proves nothing: BA 130, no binding, nothing installed */
static void
test_dad_unsent_130(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(ND_DAD_UNSENT);
	assert_int_equal(ba_sent(0).status, 130);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(kern_set_calls, 0);
	assert_int_equal(fake_na_calls, 0);
}

/* HA_2_6_1: 15 then 14: 135 carrying 15 */
static void
test_HA_2_6_1_seq_out_of_window(void **state)
{
	struct in6_addr coa2;

	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	inet_pton(AF_INET6, "2001:db8:3::100", &coa2);
	send_bu(14, MH_BU_F_A | MH_BU_F_H, 100, &coa2, 0);
	assert_int_equal(fake_nsent, 2);
	assert_int_equal(ba_sent(1).status, 135);
	assert_int_equal(ba_sent(1).seq, 15);
}

/* Handover: a newer BU from another CoA moves the tunnel in place, no second DAD */
static void
test_reregistration_moves_tunnel(void **state)
{
	struct in6_addr coa2;

	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	inet_pton(AF_INET6, "2001:db8:3::100", &coa2);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 100, &coa2, 0);
	assert_int_equal(fake_dad_calls, 1);
	assert_int_equal(ba_sent(1).status, 0);
	assert_int_equal(kern_set_calls, 2);
	assert_memory_equal(&kern_coa, &coa2, 16);
	assert_memory_equal(&fake_sent[1].rt2, &coa2, 16);
}

/* HA_3_1_1: lifetime 0 from the CoA: binding and kernel state gone, BA 0 */
static void
test_HA_3_1_1_deregistration(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 0, &coa, 0);
	assert_int_equal(ba_sent(1).status, 0);
	assert_int_equal(ba_sent(1).lifetime, 0);
	assert_int_equal(kern_del_calls, 1);
	assert_int_equal(ha_binding_count(), 0);
}

/* HA_3_1_4: CoA = HoA without HAO (MN back home): de-registered, BA straight to the HoA */
static void
test_HA_3_1_4_deregistration_from_home(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	finish_dad(1);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 100, NULL, 0);
	assert_int_equal(ba_sent(1).status, 0);
	assert_false(fake_sent[1].has_rt2);
	assert_int_equal(ha_binding_count(), 0);
}

/* HA_2_2_1: home address outside the served prefixes: 132 */
static void
test_HA_2_2_1_not_home_subnet(void **state)
{
	inet_pton(AF_INET6, "2001:db8:9::100", &hoa);
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(fake_dad_calls, 0);
	assert_int_equal(ba_sent(0).status, 132);
}

/* HA_2_2_7: Nonce Indices in a home registration: silence */
static void
test_HA_2_2_7_nonce_indices(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 1);
	assert_int_equal(fake_nsent, 0);
	assert_int_equal(fake_dad_calls, 0);
}

/* HA_1_1_3: bad checksum: silently discarded */
static void
test_HA_1_1_3_bad_checksum(void **state)
{
	struct mh_rx rx;
	struct mh_bu bu;

	memset(&rx, 0, sizeof(rx));
	memset(&bu, 0, sizeof(bu));
	bu.seq = 1;
	bu.flags = MH_BU_F_A | MH_BU_F_H;
	bu.lifetime = 10;
	rx.len = mh_build_bu(rx.buf, sizeof(rx.buf), &bu, NULL);
	mh_checksum_set(rx.buf, rx.len, &hoa, &ha_addr);
	rx.buf[4] ^= 0xff;
	rx.src = hoa;
	rx.dst = ha_addr;
	rx.has_hao = 1;
	rx.coa = coa;
	mh_io_input(&rx);
	assert_int_equal(fake_nsent, 0);
	assert_int_equal(stats_get("drop.bad-checksum"), 1);
}

/* HA_1_1_1: unrecognised MH type: Binding Error status 2 to the CoA, with the HoA */
static void
test_HA_1_1_1_unknown_type(void **state)
{
	struct mh_rx rx;
	struct mh_msg m;

	memset(&rx, 0, sizeof(rx));
	rx.len = 16;
	rx.buf[0] = 59;		/* IPPROTO_NONE */
	rx.buf[1] = 1;		/* 16 octets */
	rx.buf[2] = 42;		/* unassigned type */
	mh_checksum_set(rx.buf, rx.len, &hoa, &ha_addr);
	rx.src = hoa;
	rx.dst = ha_addr;
	rx.has_hao = 1;
	rx.coa = coa;
	mh_io_input(&rx);
	assert_int_equal(fake_nsent, 1);
	assert_int_equal(mh_parse(fake_sent[0].buf, fake_sent[0].len, &fake_sent[0].src, &fake_sent[0].dst, &m, NULL),
	    MH_OK);
	assert_int_equal(m.type, MH_TYPE_BE);
	assert_int_equal(m.be.status, 2);
	assert_memory_equal(&m.be.hoa, &hoa, 16);
	assert_memory_equal(&fake_sent[0].dst, &coa, 16);
}

/* The i-th message sent, parsed as a Binding Error. */
static struct mh_be
be_sent(int i)
{
	struct mh_msg m;

	assert_true(i < fake_nsent);
	assert_int_equal(mh_parse(fake_sent[i].buf, fake_sent[i].len, &fake_sent[i].src, &fake_sent[i].dst, &m, NULL),
	    MH_OK);
	assert_int_equal(m.type, MH_TYPE_BE);
	return m.be;
}

/* RFC 6275 9.3.1, 9.3.3: an Echo Request with a Home Address option the kernel reported
 * (no binding): Binding Error status 1 to the care-of address, home address field set */
static void
test_hao_report_without_binding(void **state)
{
	struct mh_be be;

	bindings_hao_report(&hoa, &coa, &ha_addr, -1, NULL);
	assert_int_equal(fake_nsent, 1);
	be = be_sent(0);
	assert_int_equal(be.status, 1);
	assert_memory_equal(&be.hoa, &hoa, 16);
	assert_memory_equal(&fake_sent[0].dst, &coa, 16);
	assert_memory_equal(&fake_sent[0].src, &ha_addr, 16);
	assert_int_equal(stats_get("hao.unknown-binding"), 1);
}

/* With the home registration in place, a report for its care-of address draws nothing; one
 * from another care-of address, during DAD, or after de-registration draws status 1. */
static void
test_hao_report_home_registration(void **state)
{
	struct in6_addr other;

	inet_pton(AF_INET6, "2001:db8:3::100", &other);
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	bindings_hao_report(&hoa, &coa, &ha_addr, -1, NULL);	/* DAD still running */
	assert_int_equal(fake_nsent, 1);
	assert_int_equal(be_sent(0).status, 1);
	finish_dad(1);
	assert_int_equal(fake_nsent, 2);				/* the BA */
	bindings_hao_report(&hoa, &coa, &ha_addr, -1, NULL);
	assert_int_equal(fake_nsent, 2);
	assert_int_equal(stats_get("hao.refused-with-binding"), 1);
	bindings_hao_report(&hoa, &other, &ha_addr, -1, NULL);
	assert_int_equal(fake_nsent, 3);
	assert_int_equal(be_sent(2).status, 1);
	assert_memory_equal(&fake_sent[2].dst, &other, 16);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 0, &coa, 0);	/* de-registration */
	assert_int_equal(fake_nsent, 4);
	bindings_hao_report(&hoa, &coa, &ha_addr, -1, NULL);
	assert_int_equal(fake_nsent, 5);
	assert_int_equal(be_sent(4).status, 1);
}

/* A BU refused by a policy (no ESP) is reported too: RFC 6275 9.3.1 exempts BUs */
static void
test_hao_report_bu_silent(void **state)
{
	bindings_hao_report(&hoa, &coa, &ha_addr, MH_TYPE_BU, NULL);
	assert_int_equal(fake_nsent, 0);
}

/* One cache for both roles (RFC 6275 9.5.1): a correspondent binding for the home address
 * turns a home registration away with 139, and satisfies the option check on its own. */
static void
test_cross_role_139_and_hao(void **state)
{
	struct bcache_entry *e;
	struct bcache *bc = bindings_open(BINDINGS_CORR, 10, NULL, NULL);

	assert_non_null(bc);
	e = bindings_add(BINDINGS_CORR, &hoa, &ha_addr);
	assert_non_null(e);
	e->coa = coa;
	e->seq = 3;
	bcache_set_expiry(bc, e, loop_now_ms() + 100000);
	bindings_hao_report(&hoa, &coa, &ha_addr, -1, NULL);
	assert_int_equal(fake_nsent, 0);
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(fake_dad_calls, 0);
	assert_int_equal(ba_sent(0).status, 139);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(bindings_count(BINDINGS_CORR), 1);
	bindings_close(BINDINGS_CORR);
	assert_int_equal(bindings_count(BINDINGS_CORR), 0);
	/* the home agent's cache goes on without it */
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(fake_dad_calls, 1);
}

/* A restart (ha-restart in the lab): the binding, its sequence number and lifetime come back
 * from the state file, installed with an unsolicited NA and without any BU; then an older BU
 * is refused (135) and the next one accepted, as if the home agent had never stopped. */
static char state_dir[] = "/tmp/test_ha_state.XXXXXX";
static char state_path[128];

static void
test_restart_restores_binding(void **state)
{
	roles_stop();
	loop_free();
	assert_non_null(mkdtemp(state_dir));
	snprintf(state_path, sizeof(state_path), "%s/bindings.state", state_dir);
	conf.ha.state_file = state_path;
	conf.ha.dad = false;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(ba_sent(0).status, 0);
	roles_stop();
	loop_free();

	fake_nsent = kern_set_calls = fake_na_calls = 0;
	memset(&kern_coa, 0, sizeof(kern_coa));
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	assert_int_equal(ha_binding_count(), 1);
	assert_int_equal(kern_set_calls, 1);
	assert_memory_equal(&kern_coa, &coa, 16);
	assert_int_equal(fake_na_calls, 1);
	assert_int_equal(fake_nsent, 0);
	send_bu(14, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(ba_sent(0).status, 135);
	assert_int_equal(ba_sent(0).seq, 15);
	send_bu(16, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(ba_sent(1).status, 0);

	/* a de-registration is for good: the next start has nothing */
	send_bu(17, MH_BU_F_A | MH_BU_F_H, 0, &coa, 0);
	assert_int_equal(ha_binding_count(), 0);
	roles_stop();
	loop_free();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	assert_int_equal(ha_binding_count(), 0);
	roles_stop();
	loop_free();
	conf.ha.state_file = NULL;
	remove(state_path);
	remove(state_dir);
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
}

/* A standby (replication, role standby) keeps the active home agent's bindings warm without
 * installing them; takeover installs them all with their unsolicited NAs, and the next BU
 * with the next sequence number is accepted.  A BU reaching a standby makes it take over. */
static void
test_standby_takeover(void **state)
{
	struct bstore_rec r;

	roles_stop();
	loop_free();
	conf.ha.repl.redis_host = "::1";
	conf.ha.repl.redis_port = 1;	/* nothing listens: the stream is fed by hand below */
	conf.ha.repl.key_prefix = "test";
	conf.ha.repl.standby = true;
	conf.ha.repl.max_pending = 1000;
	conf.ha.dad = false;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	assert_true(ha_sync_is_standby());

	memset(&r, 0, sizeof(r));
	r.op = BSTORE_OP_SET;
	r.hoa = hoa;
	r.local = ha_addr;
	r.coa = coa;
	r.seq = 40;
	r.flags = 0x0001;	/* H */
	r.lifetime_s = 600;
	r.expiry_ms = (uint64_t)time(NULL) * 1000 + 500000;
	ha_sync_apply(&r, 1, 0);
	assert_int_equal(ha_binding_count(), 1);
	assert_int_equal(kern_set_calls, 0);	/* warm, not installed */
	assert_int_equal(fake_na_calls, 0);

	assert_int_equal(ha_sync_takeover("test"), 1);
	assert_false(ha_sync_is_standby());
	assert_int_equal(kern_set_calls, 1);
	assert_memory_equal(&kern_coa, &coa, 16);
	assert_int_equal(fake_na_calls, 1);
	/* the active home agent ignores the stream (its own changes come back on it) */
	r.seq = 41;
	ha_sync_apply(&r, 1, 0);
	assert_int_equal(kern_set_calls, 1);
	send_bu(41, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_int_equal(ba_sent(0).status, 0);
	assert_int_equal(ba_sent(0).seq, 41);

	/* back to standby: the kernel forgets, the copy stays; a BU takes over again */
	roles_stop();
	loop_free();
	kern_set_calls = kern_del_calls = 0;
	fake_nsent = 0;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	r.seq = 50;
	ha_sync_apply(&r, 1, 0);
	assert_int_equal(kern_set_calls, 0);
	send_bu(51, MH_BU_F_A | MH_BU_F_H, 100, &coa, 0);
	assert_false(ha_sync_is_standby());
	assert_int_equal(ba_sent(0).status, 0);
	assert_true(kern_set_calls >= 1);

	roles_stop();
	loop_free();
	memset(&conf.ha.repl, 0, sizeof(conf.ha.repl));
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_HA_2_1_1_accept_after_dad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_proxies_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_2_1_2_no_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_4_2_1_nd_proxy_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_failed_134, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_unsent_130, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_2_6_1_seq_out_of_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reregistration_moves_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_3_1_1_deregistration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_3_1_4_deregistration_from_home, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_HA_2_2_1_not_home_subnet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_2_2_7_nonce_indices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_1_1_3_bad_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_HA_1_1_1_unknown_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hao_report_without_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hao_report_home_registration, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hao_report_bu_silent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_role_139_and_hao, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_restores_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_standby_takeover, setup, teardown),
	};

	net_ops_set(&fake_net_ops);
	fake_role_kern_install();
	return cmocka_run_group_tests_name("ha", tests, NULL, NULL);
}
