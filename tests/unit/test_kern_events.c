/*
 * test_kern_events.c - the parsers of kernel events (monitor.c) and the ownership record with
 * its journal (rec.c), without a kernel.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "util.h"
#include "kern.h"
#include "kern_monitor.h"
#include "kern_xfrm.h"
#include "../../src/kern/kern_nl.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(addr_parse(s, &a), 0);
	return a;
}

/* XFRM_MSG_REPORT for a HAO without state, as the kernel sends it (RFC 6275 9.3.1). */
static void
test_report(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100"), cn = A("2001:db8:4::2");
	struct in6_addr coa = A("2001:db8:3::100");
	struct kern_xfrm_report_event e;
	struct xfrm_user_report ur;
	struct nl_msg *m;

	memset(&ur, 0, sizeof(ur));
	ur.proto = IPPROTO_DSTOPTS;
	memcpy(&ur.sel.saddr, &hoa, 16);
	memcpy(&ur.sel.daddr, &cn, 16);
	ur.sel.prefixlen_s = ur.sel.prefixlen_d = 128;
	ur.sel.family = AF_INET6;
	ur.sel.proto = 135;
	ur.sel.sport = htons(5);
	ur.sel.sport_mask = 0xffff;
	m = nlmsg_alloc_simple(XFRM_MSG_REPORT, 0);
	assert_int_equal(nlmsg_append(m, &ur, sizeof(ur), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, XFRMA_COADDR, 16, &coa), 0);
	assert_int_equal(kern_monitor_parse_report(nlmsg_hdr(m), &e), 0);
	assert_int_equal(e.proto, IPPROTO_DSTOPTS);
	assert_true(addr_eq(&e.sel.saddr, &hoa));
	assert_true(addr_eq(&e.sel.daddr, &cn));
	assert_int_equal(e.sel.proto, 135);
	assert_int_equal(e.sel.mh_type, 5);
	assert_true(e.has_coa);
	assert_true(addr_eq(&e.coa, &coa));
	nlmsg_free(m);

	/* Too short for its header: refused, not read past the end. */
	m = nlmsg_alloc_simple(XFRM_MSG_REPORT, 0);
	assert_int_equal(nlmsg_append(m, &ur, 8, NLMSG_ALIGNTO), 0);
	assert_int_equal(kern_monitor_parse_report(nlmsg_hdr(m), &e), -1);
	nlmsg_free(m);
}

static void
test_acquire(void **state)
{
	struct kern_xfrm_acquire_event e;
	struct xfrm_user_acquire ua;
	struct in6_addr cn = A("2001:db8:4::2"), hoa = A("2001:db8:1::100");
	struct nl_msg *m;

	memset(&ua, 0, sizeof(ua));
	ua.id.proto = IPPROTO_DSTOPTS;
	memcpy(&ua.id.daddr, &cn, 16);
	memcpy(&ua.saddr, &hoa, 16);
	ua.policy.dir = XFRM_POLICY_OUT;
	ua.sel.family = AF_INET6;
	m = nlmsg_alloc_simple(XFRM_MSG_ACQUIRE, 0);
	assert_int_equal(nlmsg_append(m, &ua, sizeof(ua), NLMSG_ALIGNTO), 0);
	assert_int_equal(kern_monitor_parse_acquire(nlmsg_hdr(m), &e), 0);
	assert_int_equal(e.proto, IPPROTO_DSTOPTS);
	assert_int_equal(e.dir, XFRM_POLICY_OUT);
	assert_true(addr_eq(&e.id_daddr, &cn));
	assert_true(addr_eq(&e.saddr, &hoa));
	assert_int_equal(e.sel.mh_type, -1);
	/* Not a report. */
	assert_int_equal(kern_monitor_parse_report(nlmsg_hdr(m), NULL), -1);
	nlmsg_free(m);

	m = nlmsg_alloc_simple(XFRM_MSG_ACQUIRE, 0);
	assert_int_equal(nlmsg_append(m, &ua, sizeof(ua) - 4, NLMSG_ALIGNTO), 0);
	assert_int_equal(kern_monitor_parse_acquire(nlmsg_hdr(m), &e), -1);
	nlmsg_free(m);
}

/* What we send as MIGRATE is what the kernel multicasts back: parse our own message. */
static void
test_migrate_roundtrip(void **state)
{
	struct kern_xfrm_migrate mg[2];
	struct kern_xfrm_migrate_event e;
	struct kern_xfrm_sel sel;
	struct in6_addr hoa = A("2001:db8:1::100");
	struct nl_msg *m;

	kern_xfrm_sel_init(&sel, &hoa, 128, NULL, 0, 135, 5);
	memset(mg, 0, sizeof(mg));
	mg[0].old_saddr = A("2001:db8:2::100");
	mg[0].old_daddr = A("2001:db8:1::1");
	mg[0].new_saddr = A("2001:db8:3::100");
	mg[0].new_daddr = A("2001:db8:1::1");
	mg[0].proto = IPPROTO_ESP;
	mg[0].mode = XFRM_MODE_TUNNEL;
	mg[0].reqid = 3;
	mg[1] = mg[0];
	mg[1].reqid = 4;
	assert_int_equal(kern_xfrm_migrate_build(&sel, XFRM_POLICY_IN, XFRM_POLICY_TYPE_SUB, mg, 2,
	    &m), 0);
	assert_int_equal(kern_monitor_parse_migrate(nlmsg_hdr(m), &e), 0);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.dir, XFRM_POLICY_IN);
	assert_int_equal(e.type, XFRM_POLICY_TYPE_SUB);
	assert_int_equal(e.sel.mh_type, 5);
	assert_true(addr_eq(&e.sel.saddr, &hoa));
	assert_true(addr_eq(&e.m[1].new_saddr, &mg[1].new_saddr));
	assert_int_equal(e.m[1].reqid, 4);
	assert_int_equal(e.m[0].mode, XFRM_MODE_TUNNEL);
	nlmsg_free(m);
}

static void
test_addr_event(void **state)
{
	struct in6_addr a = A("2001:db8:1::100");
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = 64, .ifa_index = 3,
	    .ifa_flags = IFA_F_TENTATIVE };
	struct ifa_cacheinfo ci = { .ifa_prefered = 100, .ifa_valid = 200 };
	struct kern_addr_event e;
	struct nl_msg *m;

	m = nlmsg_alloc_simple(RTM_DELADDR, 0);
	assert_int_equal(nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO), 0);
	/* An address of the wrong size is refused. */
	assert_int_equal(nla_put(m, IFA_ADDRESS, 4, &a), 0);
	assert_int_equal(kern_monitor_parse_addr(nlmsg_hdr(m), &e), -1);
	nlmsg_free(m);

	m = nlmsg_alloc_simple(RTM_DELADDR, 0);
	assert_int_equal(nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, IFA_ADDRESS, 16, &a), 0);
	assert_int_equal(nla_put(m, IFA_CACHEINFO, sizeof(ci), &ci), 0);
	assert_int_equal(nla_put_u32(m, IFA_FLAGS, IFA_F_TENTATIVE | IFA_F_NOPREFIXROUTE), 0);
	assert_int_equal(kern_monitor_parse_addr(nlmsg_hdr(m), &e), 0);
	assert_true(e.deleted);
	assert_int_equal(e.ifindex, 3);
	assert_int_equal(e.plen, 64);
	assert_true(addr_eq(&e.addr, &a));
	assert_int_equal(e.flags, IFA_F_TENTATIVE | IFA_F_NOPREFIXROUTE);
	assert_int_equal(e.valid, 200);
	assert_int_equal(e.preferred, 100);
	nlmsg_free(m);
}

static void
test_link_and_route_event(void **state)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2, .ifi_flags = IFF_UP };
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = 0, .rtm_table = RT_TABLE_MAIN,
	    .rtm_protocol = RTPROT_RA, .rtm_type = RTN_UNICAST };
	struct in6_addr gw = A("fe80::1");
	struct kern_link_event le;
	struct kern_route_event re;
	struct nl_msg *m;

	m = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	assert_int_equal(nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put_string(m, IFLA_IFNAME, "eth0"), 0);
	assert_int_equal(nla_put_u8(m, IFLA_OPERSTATE, 6), 0);
	assert_int_equal(kern_monitor_parse_link(nlmsg_hdr(m), &le), 0);
	assert_string_equal(le.name, "eth0");
	assert_int_equal(le.ifindex, 2);
	assert_int_equal(le.operstate, 6);
	assert_false(le.deleted);
	assert_int_equal(kern_monitor_parse_route(nlmsg_hdr(m), &re), -1);
	nlmsg_free(m);

	m = nlmsg_alloc_simple(RTM_NEWROUTE, 0);
	assert_int_equal(nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, RTA_GATEWAY, 16, &gw), 0);
	assert_int_equal(nla_put_u32(m, RTA_OIF, 2), 0);
	assert_int_equal(nla_put_u32(m, RTA_TABLE, RT_TABLE_MAIN), 0);
	assert_int_equal(kern_monitor_parse_route(nlmsg_hdr(m), &re), 0);
	assert_int_equal(re.dplen, 0);
	assert_int_equal(re.oif, 2);
	assert_int_equal(re.protocol, RTPROT_RA);
	assert_true(addr_eq(&re.gw, &gw));
	nlmsg_free(m);
}

/*
 * What the fuzzer found (tests/fuzz/fuzz_netlink.c): prefix lengths over 128 were passed on,
 * and fixed-size attributes were read whatever their length.  Such messages are refused or
 * the short attribute ignored.
 */
static void
test_event_limits(void **state)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = 255, .rtm_table = 254 };
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = 200, .ifa_index = 2 };
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2 };
	struct xfrm_user_acquire ua;
	struct in6_addr a = A("2001:db8:2::100");
	struct kern_xfrm_acquire_event qe;
	struct kern_route_event re;
	struct kern_addr_event ae;
	struct kern_link_event le;
	struct nl_msg *m;

	m = nlmsg_alloc_simple(RTM_NEWROUTE, 0);
	assert_int_equal(nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO), 0);
	assert_int_equal(kern_monitor_parse_route(nlmsg_hdr(m), &re), -1);
	nlmsg_free(m);

	/* RTA_OIF and RTA_TABLE without their 4 bytes, last in the message */
	rtm.rtm_dst_len = 64;
	m = nlmsg_alloc_simple(RTM_NEWROUTE, 0);
	assert_int_equal(nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, RTA_TABLE, 0, NULL), 0);
	assert_int_equal(nla_put(m, RTA_OIF, 0, NULL), 0);
	assert_int_equal(kern_monitor_parse_route(nlmsg_hdr(m), &re), 0);
	assert_int_equal(re.oif, 0);
	assert_int_equal(re.table, 254);
	nlmsg_free(m);

	m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	assert_int_equal(nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, IFA_ADDRESS, 16, &a), 0);
	assert_int_equal(kern_monitor_parse_addr(nlmsg_hdr(m), &ae), -1);
	nlmsg_free(m);

	m = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	assert_int_equal(nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put(m, IFLA_OPERSTATE, 0, NULL), 0);
	assert_int_equal(kern_monitor_parse_link(nlmsg_hdr(m), &le), 0);
	assert_int_equal(le.operstate, 0);
	nlmsg_free(m);

	memset(&ua, 0, sizeof(ua));
	ua.sel.family = AF_INET6;
	ua.sel.prefixlen_d = 129;
	m = nlmsg_alloc_simple(XFRM_MSG_ACQUIRE, 0);
	assert_int_equal(nlmsg_append(m, &ua, sizeof(ua), NLMSG_ALIGNTO), 0);
	assert_int_equal(kern_monitor_parse_acquire(nlmsg_hdr(m), &qe), -1);
	nlmsg_free(m);
}

/* ---- the record and its journal ---- */

static char journal[64];

static int
rec_setup(void **state)
{
	snprintf(journal, sizeof(journal), "/tmp/test_kern_journal.%d", (int)getpid());
	unlink(journal);
	kern_set_journal(journal);
	return 0;
}

static int
rec_teardown(void **state)
{
	unlink(journal);
	return 0;
}

struct seen {
	int	n;
	int	kinds[8];
	unsigned char keys[8][8];
};

static void
on_replay(int kind, const void *key, size_t keylen, void *arg)
{
	struct seen *s = arg;

	assert_int_equal(keylen, 8);
	s->kinds[s->n] = kind;
	memcpy(s->keys[s->n], key, 8);
	s->n++;
}

static void
test_record(void **state)
{
	const char k1[8] = "key-one", k2[8] = "key-two", k3[8] = "key-thr";
	int v = 42;
	struct kern_rec *r;

	assert_int_equal(kern_rec_put(KREC_PROXY, k1, 8, &v, sizeof(v), 1), 0);
	assert_int_equal(kern_rec_put(KREC_ADDR, k2, 8, NULL, 0, 1), 0);
	assert_int_equal(kern_rec_put(KREC_ROUTE, k3, 8, NULL, 0, 0), 0);	/* not journalled */
	assert_int_equal(kern_rec_count(KREC_PROXY), 1);
	r = kern_rec_get(KREC_PROXY, k1, 8);
	assert_non_null(r);
	assert_int_equal(*(int *)KREC_VAL(r), 42);
	assert_null(kern_rec_get(KREC_ADDR, k1, 8));
	/* Replacing keeps one record. */
	v = 43;
	assert_int_equal(kern_rec_put(KREC_PROXY, k1, 8, &v, sizeof(v), 0), 0);
	assert_int_equal(kern_rec_count(KREC_PROXY), 1);
	kern_rec_del(KREC_ADDR, k2, 8, 1);
	assert_int_equal(kern_rec_count(KREC_ADDR), 0);
	kern_rec_del(KREC_PROXY, k1, 8, 0);	/* gone from memory, still in the journal */
	kern_rec_del(KREC_ROUTE, k3, 8, 0);
}

/* A crash: what was journalled as added and not as removed is handed back, once. */
static void
test_journal_replay(void **state)
{
	const char k1[8] = "key-one", k2[8] = "key-two";
	struct seen s;
	FILE *f;

	assert_int_equal(kern_rec_put(KREC_PROXY, k1, 8, NULL, 0, 1), 0);
	assert_int_equal(kern_rec_put(KREC_ADDR, k2, 8, NULL, 0, 1), 0);
	kern_rec_del(KREC_ADDR, k2, 8, 1);
	assert_int_equal(kern_rec_put(KREC_SA, k2, 8, NULL, 0, 1), 0);
	/* Forget without journalling: as if the process had died. */
	kern_rec_del(KREC_PROXY, k1, 8, 0);
	kern_rec_del(KREC_SA, k2, 8, 0);
	/* The lines wait in memory until a netlink request leaves: as before one did. */
	kern_rec_journal_flush();
	/* A torn last line and garbage are ignored. */
	assert_non_null(f = fopen(journal, "a"));
	fputs("x nonsense\n+ 4 6b65", f);
	fclose(f);

	kern_set_journal(journal);	/* a new process */
	memset(&s, 0, sizeof(s));
	assert_int_equal(kern_rec_replay(on_replay, &s), 2);
	assert_int_equal(s.n, 2);
	assert_true((s.kinds[0] == KREC_SA && s.kinds[1] == KREC_PROXY) ||
	    (s.kinds[0] == KREC_PROXY && s.kinds[1] == KREC_SA));
	assert_int_equal(access(journal, F_OK), -1);	/* started afresh */
	assert_int_equal(kern_rec_count(KREC_PROXY), 0);
	assert_int_equal(kern_rec_count(KREC_SA), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(kern_rec_replay(on_replay, &s), 0);
}


/* Forget every record from inside a walk, as the managers' forget_all do: key from the record. */
static void
forget_from_record(struct kern_rec *r, void *arg)
{
	kern_rec_del(r->kind, KREC_KEY(r), r->keylen, *(int *)arg);
}

/* A walk whose callback deletes another record (the one visited next) and re-puts its own. */
static void
delete_others(struct kern_rec *r, void *arg)
{
	char (*keys)[3] = arg;
	int i;

	for (i = 0; i < 64; i++)
		if (memcmp(keys[i], KREC_KEY(r), 3) != 0)
			kern_rec_del(r->kind, keys[i], 3, 1);
	/* again from its own bytes: put copies before it frees */
	kern_rec_put(r->kind, KREC_KEY(r), r->keylen, KREC_VAL(r), r->vallen, 1);
}

/*
 * Records' lifetime: delete and replace given the record's own bytes (a use after free under
 * ASan before), deletion of other records during a walk, the journal lines they leave, and
 * values aligned for what they hold whatever the key's length.
 */
static void
test_record_lifetime(void **state)
{
	char keys[64][3], line[64], want[64];
	uint64_t v = 0x0102030405060708ull;
	struct kern_rec *r;
	size_t len;
	int i, journal_it = 1, no_journal = 0, n;
	FILE *f;

	for (len = 1; len <= 21; len++) {
		assert_int_equal(kern_rec_put(KREC_ROUTE, "abcdefghijklmnopqrstu", len, &v,
		    sizeof(v), 0), 0);
		r = kern_rec_get(KREC_ROUTE, "abcdefghijklmnopqrstu", len);
		assert_non_null(r);
		assert_int_equal((uintptr_t)KREC_KEY(r) % _Alignof(max_align_t), 0);
		assert_int_equal((uintptr_t)KREC_VAL(r) % _Alignof(max_align_t), 0);
		assert_true(*(uint64_t *)KREC_VAL(r) == v);
	}
	kern_rec_foreach(KREC_ROUTE, forget_from_record, &no_journal);
	assert_int_equal(kern_rec_count(KREC_ROUTE), 0);

	assert_int_equal(kern_rec_put(KREC_PROXY, "k-1", 3, &v, sizeof(v), 1), 0);
	r = kern_rec_get(KREC_PROXY, "k-1", 3);
	kern_rec_put(KREC_PROXY, KREC_KEY(r), r->keylen, KREC_VAL(r), r->vallen, 1);
	r = kern_rec_get(KREC_PROXY, "k-1", 3);
	assert_true(*(uint64_t *)KREC_VAL(r) == v);
	kern_rec_foreach(KREC_PROXY, forget_from_record, &journal_it);
	assert_int_equal(kern_rec_count(KREC_PROXY), 0);
	kern_rec_journal_flush();
	assert_non_null(f = fopen(journal, "r"));
	n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		snprintf(want, sizeof(want), "%c %d 6b2d31\n", n < 2 ? '+' : '-', KREC_PROXY);
		assert_string_equal(line, want);
		n++;
	}
	fclose(f);
	assert_int_equal(n, 3);

	for (i = 0; i < 64; i++) {
		snprintf(keys[i], sizeof(keys[i]), "%02d", i);
		keys[i][2] = 'x';
		assert_int_equal(kern_rec_put(KREC_SA, keys[i], 3, NULL, 0, 1), 0);
	}
	kern_rec_foreach(KREC_SA, delete_others, keys);
	assert_int_equal(kern_rec_count(KREC_SA), 1);
	kern_rec_foreach(KREC_SA, forget_from_record, &journal_it);
	assert_int_equal(kern_rec_count(KREC_SA), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_acquire),
		cmocka_unit_test(test_migrate_roundtrip),
		cmocka_unit_test(test_addr_event),
		cmocka_unit_test(test_link_and_route_event),
		cmocka_unit_test(test_event_limits),
		cmocka_unit_test_setup_teardown(test_record, rec_setup, rec_teardown),
		cmocka_unit_test_setup_teardown(test_journal_replay, rec_setup, rec_teardown),
		cmocka_unit_test_setup_teardown(test_record_lifetime, rec_setup, rec_teardown),
	};

	return cmocka_run_group_tests_name("kern_events", tests, NULL, NULL);
}
