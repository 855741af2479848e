/* test_ha_nemo.c - the Home Agent as a mobile router's home agent (RFC 3963) end to end without
 * a kernel: R-flag Binding Updates in through mh_io_input, BAs caught at mh_send, the prefix
 * routes at ha_nemo_kern_*.  Names carry the NEMO HA conformance case ids they cover. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <event2/event.h>

#include "bstore.h"
#include "conf.h"
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

static void
fake_ha_kern_binding_del(int ifi, const struct in6_addr *hoa, const struct in6_addr *ll,
    const struct in6_addr *ha_addr, int proxies)
{
	kern_del_calls++;
}

/* the prefix routes (ha_nemo_kern.c) */
static int nroutes, fail_routes;
static struct in6_addr route_coa;

static int
fake_ha_nemo_kern_route_set(const struct in6_addr *p, int plen, const struct in6_addr *ha,
    const struct in6_addr *coa)
{
	if (fail_routes)
		return -1;
	if (nroutes == 0)
		nroutes = 1;
	route_coa = *coa;
	return 0;
}

static void
fake_ha_nemo_kern_route_del(const struct in6_addr *p, int plen)
{
	nroutes = 0;
}

/* The shared fake kernel adapters (fake_role_kern.h), with the entries this test checks. */
static struct role_kern_ops rk;

static void
fake_role_kern_install(void)
{
	rk = fake_role_kern_ops;
	rk.ha_kern_binding_set = fake_ha_kern_binding_set;
	rk.ha_kern_binding_del = fake_ha_kern_binding_del;
	rk.ha_nemo_kern_route_set = fake_ha_nemo_kern_route_set;
	rk.ha_nemo_kern_route_del = fake_ha_nemo_kern_route_del;
	role_kern_ops_set(&rk);
}

/* ---- fixtures ---- */

static struct conf conf;
static struct conf_home_link link;
static struct conf_prefix prefix;
static struct in6_addr ha_addr, hoa, coa;
static struct conf_mobile_router router;
static struct conf_prefix router_prefix;

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
	/* the prefix table: 2001:db8:1::100 may register 2001:db8:10::/64 */
	memset(&router, 0, sizeof(router));
	router.hoa = hoa;
	inet_pton(AF_INET6, "2001:db8:10::", &router_prefix.addr);
	router_prefix.plen = 64;
	router.prefixes = &router_prefix;
	router.nprefixes = 1;
	conf.ha.routers = &router;
	conf.ha.nrouters = 1;
	conf.ha.accept_mr = true;
	nroutes = fail_routes = 0;
	fake_net_reset();
	kern_set_calls = kern_del_calls = 0;
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
    const char *mnp)
{
	struct mh_rx rx;
	struct mh_bu bu;

	memset(&rx, 0, sizeof(rx));
	memset(&bu, 0, sizeof(bu));
	bu.seq = seq;
	bu.flags = flags;
	bu.lifetime = lifetime_units;
	if (mnp != NULL) {
		bu.opts.present |= MH_OPTF_MNP;
		bu.opts.nmnp = 1;
		bu.opts.mnp[0].plen = 64;
		inet_pton(AF_INET6, mnp, &bu.opts.mnp[0].prefix);
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

#define AHR	(MH_BU_F_A | MH_BU_F_H | MH_BU_F_R)

/* NEMO-HA_2_1_1, NEMO-HA_2_3_1: an authorized explicit registration: DAD for the home address,
 * BA 0 with R, the prefix routed to the care-of address; mip6d-ctl bc shows it */
static void
test_accepted(void **state)
{
	struct json_object *list = json_object_new_array(), *b, *p;
	struct mh_ba ba;

	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	assert_int_equal(fake_dad_calls, 1);
	finish_dad(1);
	ba = ba_sent(0);
	assert_int_equal(ba.status, 0);
	assert_true(ba.flags & MH_BA_F_R);
	assert_int_equal(nroutes, 1);
	assert_memory_equal(&route_coa, &coa, 16);
	ha_bc_json(list);
	b = json_object_array_get_idx(list, 0);
	assert_true(json_object_object_get_ex(b, "mobile-network-prefixes", &p));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(p, 0)),
	    "2001:db8:10::/64");
	assert_string_equal(json_object_get_string(json_object_object_get(b, "flags")), "HR");
	json_object_put(list);
}

/* NEMO-HA_2_11_9: a prefix it is not authorized for: 142 at once, no DAD, no binding, no
 * route */
static void
test_not_authorized(void **state)
{
	send_bu(15, AHR, 100, &coa, "2001:db8:99::");
	assert_int_equal(fake_dad_calls, 0);
	assert_int_equal(ba_sent(0).status, 142);
	assert_false(ba_sent(0).flags & MH_BA_F_R);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(nroutes, 0);
	assert_int_equal(kern_set_calls, 0);
}

/* NEMO-HA_5_4_7: a handover moves the prefix's route to the new care-of address */
static void
test_handover(void **state)
{
	struct in6_addr coa2;

	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	finish_dad(1);
	inet_pton(AF_INET6, "2001:db8:3::100", &coa2);
	send_bu(16, AHR, 100, &coa2, "2001:db8:10::");
	assert_int_equal(ba_sent(1).status, 0);
	assert_memory_equal(&route_coa, &coa2, 16);
}

/* NEMO-HA_3_1_1: de-registration: BA 0 with R, the prefix's route removed */
static void
test_deregistration(void **state)
{
	send_bu(15, AHR, 100, &coa, NULL);	/* implicit: the table's prefix */
	finish_dad(1);
	assert_int_equal(nroutes, 1);
	send_bu(16, AHR, 0, &coa, NULL);
	assert_int_equal(ba_sent(1).status, 0);
	assert_true(ba_sent(1).flags & MH_BA_F_R);
	assert_int_equal(nroutes, 0);
	assert_int_equal(ha_binding_count(), 0);
}

/* RFC 3963 6.6: the kernel refuses the prefix's route: 143 and no binding */
static void
test_route_refused(void **state)
{
	fail_routes = 1;
	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	finish_dad(1);
	assert_int_equal(ba_sent(0).status, 143);
	assert_int_equal(ha_binding_count(), 0);
	assert_int_equal(kern_del_calls, 1);
}

/* RFC 3963 6.6: a home agent that does not accept mobile routers: 140 */
static void
test_not_permitted(void **state)
{
	conf.ha.accept_mr = false;
	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	assert_int_equal(ba_sent(0).status, 140);
	assert_int_equal(ha_binding_count(), 0);
}

/* The home agent stops: every prefix route goes with its binding */
static void
test_stop_removes_routes(void **state)
{
	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	finish_dad(1);
	assert_int_equal(nroutes, 1);
	roles_stop();
	assert_int_equal(nroutes, 0);
	assert_int_equal(roles_start(&conf), 0);
}

/* A mobile node's BU (no R) gets no R in its BA and no prefix route */
static void
test_mobile_node_untouched(void **state)
{
	send_bu(15, MH_BU_F_A | MH_BU_F_H, 100, &coa, NULL);
	finish_dad(1);
	assert_int_equal(ba_sent(0).status, 0);
	assert_false(ba_sent(0).flags & MH_BA_F_R);
	assert_int_equal(nroutes, 0);
}

/* A restart brings a mobile router back with its prefixes (they are in its state file image,
 * include/bstore.h): the prefix route is there again with no BU.  An image cut short by a
 * crash (a SET whose prefix records never reached the file) is not applied: the router
 * stays as its previous, whole image left it. */
static void
test_restart_keeps_prefixes(void **state)
{
	char dir[] = "/tmp/test_ha_nemo.XXXXXX", path[128];
	struct json_object *list = json_object_new_array(), *p;
	struct bstore_rec torn;
	struct bstore *bs;
	char err[128];

	roles_stop();
	loop_free();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/bindings.state", dir);
	conf.ha.state_file = path;
	conf.ha.dad = false;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	send_bu(15, AHR, 100, &coa, "2001:db8:10::");
	assert_int_equal(ba_sent(0).status, 0);
	assert_int_equal(nroutes, 1);
	roles_stop();
	loop_free();
	assert_int_equal(nroutes, 0);

	/* a newer SET announcing one prefix record that a crash kept from the file */
	assert_non_null(bs = bstore_open(path, err, sizeof(err)));
	memset(&torn, 0, sizeof(torn));
	torn.op = BSTORE_OP_SET;
	torn.hoa = hoa;
	torn.local = ha_addr;
	torn.coa = ha_addr;
	torn.seq = 99;
	torn.flags = 0x0009;	/* H R */
	torn.lifetime_s = 400;
	torn.expiry_ms = (uint64_t)time(NULL) * 1000 + 400000;
	torn.nmnp = 1;
	assert_int_equal(bstore_append(bs, &torn), 0);
	assert_int_equal(bstore_flush(bs), 0);
	bstore_close(bs);

	fake_nsent = 0;
	stats_reset();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
	assert_int_equal(fake_nsent, 0);
	assert_int_equal(nroutes, 1);
	assert_memory_equal(&route_coa, &coa, 16);
	assert_int_equal(stats_get("ha.state-images-torn"), 1);
	ha_bc_json(list);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(list, 0),
	    "mobile-network-prefixes", &p));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(p, 0)),
	    "2001:db8:10::/64");
	assert_int_equal(json_object_get_int(json_object_object_get(
	    json_object_array_get_idx(list, 0), "sequence")), 15);
	json_object_put(list);
	/* the next BU, the next sequence number, keeps the prefix */
	send_bu(16, AHR, 100, &coa, "2001:db8:10::");
	assert_int_equal(ba_sent(0).status, 0);
	assert_int_equal(nroutes, 1);

	roles_stop();
	loop_free();
	conf.ha.state_file = NULL;
	remove(path);
	remove(dir);
	assert_int_equal(loop_init(), 0);
	assert_int_equal(roles_start(&conf), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_authorized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deregistration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_permitted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_removes_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mobile_node_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_keeps_prefixes, setup, teardown),
	};

	net_ops_set(&fake_net_ops);
	fake_role_kern_install();
	return cmocka_run_group_tests_name("ha_nemo", tests, NULL, NULL);
}
