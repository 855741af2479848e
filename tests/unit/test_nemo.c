/* test_nemo.c - Network Mobility (RFC 3963): the Mobile Network Prefix option on the wire, the
 * home agent's verdict on a mobile router's Binding Update (named after the NEMO HA conformance
 * cases of shared/conformance/nemo_ha_tests.txt it covers), the prefix updates and their
 * routes, the configuration, and the mobile router's Binding Update. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcache.h"
#include "conf.h"
#include "fake_role_kern.h"
#include "ha_decide.h"
#include "ha_nemo.h"
#include "mh.h"
#include "mn_nemo.h"
#include "mnp.h"
#include "util.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* ---- the kernel seam, recorded ---- */

static char	routes[32][128];		/* "PREFIX/LEN via COA" in place */
static int	nroutes;
static int	fail_route_set;

static void
route_name(char *buf, size_t len, const struct in6_addr *p, int plen)
{
	snprintf(buf, len, "%s/%d", addr_str(p), plen);
}

static int
route_find(const char *name)
{
	int i;

	for (i = 0; i < nroutes; i++)
		if (!strncmp(routes[i], name, strlen(name)) && routes[i][strlen(name)] == ' ')
			return i;
	return -1;
}

static int
fake_ha_nemo_kern_route_set(const struct in6_addr *prefix, int plen,
    const struct in6_addr *ha_addr, const struct in6_addr *coa)
{
	char name[64];
	int i;

	if (fail_route_set)
		return -1;
	route_name(name, sizeof(name), prefix, plen);
	if ((i = route_find(name)) < 0)
		i = nroutes++;
	snprintf(routes[i], sizeof(routes[i]), "%s via %s", name, addr_str(coa));
	return 0;
}

static void
fake_ha_nemo_kern_route_del(const struct in6_addr *prefix, int plen)
{
	char name[64];
	int i;

	route_name(name, sizeof(name), prefix, plen);
	if ((i = route_find(name)) >= 0)
		memcpy(routes[i], routes[--nroutes], sizeof(routes[i]));
}

/* ---- the option on the wire ---- */

/* A BU (seq 7, A H R, lifetime 10) with one MNP option at offset 12 (8n+4). */
static size_t
bu_with_mnp(uint8_t *b, uint8_t len, uint8_t reserved, uint8_t plen, const char *prefix)
{
	struct in6_addr p = A(prefix);

	memset(b, 0, 48);
	b[0] = 59;
	b[1] = 3;		/* 32 octets */
	b[2] = MH_TYPE_BU;
	b[7] = 7;
	b[8] = 0xc4;		/* A H R */
	b[11] = 10;
	b[12] = MH_OPT_MNP;
	b[13] = len;
	b[14] = reserved;
	b[15] = plen;
	memcpy(b + 16, &p, 16);
	return 32;
}

/* RFC 3963 4.3: type 6, length 18, reserved, prefix length, 16 octets of prefix */
static void
test_mnp_option_parsed(void **state)
{
	uint8_t b[48];
	struct mh_msg m;
	struct in6_addr p;
	size_t n = bu_with_mnp(b, 18, 0, 64, "2001:db8:10::");

	assert_int_equal(mh_parse(b, n, NULL, NULL, &m, NULL), MH_OK);
	assert_true(m.bu.flags & MH_BU_F_R);
	assert_int_equal(m.bu.opts.nmnp, 1);
	assert_int_equal(m.bu.opts.mnp[0].plen, 64);
	p = A("2001:db8:10::");
	assert_true(addr_eq(&m.bu.opts.mnp[0].prefix, &p));
}

/* NEMO-HA_2_11_4, NEMO-HA_2_11_14: a non-zero reserved field is ignored */
static void
test_mnp_reserved_ignored(void **state)
{
	uint8_t b[48];
	struct mh_msg m;
	size_t n = bu_with_mnp(b, 18, 0xa5, 64, "2001:db8:10::");

	assert_int_equal(mh_parse(b, n, NULL, NULL, &m, NULL), MH_OK);
	assert_int_equal(m.bu.opts.nmnp, 1);
}

/* NEMO-HA_2_11_2, NEMO-HA_2_11_3 (NEMO-HA_2_11_12, NEMO-HA_2_11_13): option lengths 17 and
 * 19 are malformed; the BU is discarded without an answer (no RFC status fits) */
static void
test_mnp_bad_length_dropped(void **state)
{
	uint8_t b[48];
	struct mh_msg m;
	struct mh_error err;
	size_t n = bu_with_mnp(b, 17, 0, 64, "2001:db8:10::");

	assert_int_equal(mh_parse(b, n, NULL, NULL, &m, &err), MH_ERR_OPT_LEN);
	assert_int_equal(err.action, MH_DROP);
	n = bu_with_mnp(b, 19, 0, 64, "2001:db8:10::");
	b[1] = 4;		/* room for 19 octets: the length alone is wrong */
	assert_int_equal(mh_parse(b, 40, NULL, NULL, &m, &err), MH_ERR_OPT_LEN);
	/* a prefix length above 128 is no prefix either */
	n = bu_with_mnp(b, 18, 0, 129, "2001:db8:10::");
	assert_int_equal(mh_parse(b, n, NULL, NULL, &m, &err), MH_ERR_OPT_VALUE);
	/* running past the message */
	n = bu_with_mnp(b, 18, 0, 64, "2001:db8:10::");
	b[13] = 30;
	assert_int_equal(mh_parse(b, n, NULL, NULL, &m, &err), MH_ERR_OPT_TRUNCATED);
}

/* RFC 3963 4.3: 8n+4; one off its alignment is refused */
static void
test_mnp_misaligned_dropped(void **state)
{
	uint8_t b[48];
	struct mh_msg m;
	struct mh_error err;

	memset(b, 0, sizeof(b));
	b[0] = 59;
	b[1] = 4;		/* 40 octets */
	b[2] = MH_TYPE_BU;
	b[8] = 0xc4;
	b[12] = MH_OPT_PAD1;	/* the option lands at 13 */
	b[13] = MH_OPT_MNP;
	b[14] = 18;
	b[16] = 64;
	assert_int_equal(mh_parse(b, 40, NULL, NULL, &m, &err), MH_ERR_OPT_ALIGN);
}

/* Built by mip6d, read back: two options, each at 8n+4 */
static void
test_mnp_build_roundtrip(void **state)
{
	struct mh_msg m, back;
	uint8_t b[128];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.type = MH_TYPE_BU;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_R;
	m.bu.lifetime = 100;
	m.bu.opts.present = MH_OPTF_MNP;
	m.bu.opts.nmnp = 2;
	m.bu.opts.mnp[0].prefix = A("2001:db8:10::");
	m.bu.opts.mnp[0].plen = 64;
	m.bu.opts.mnp[1].prefix = A("2001:db8:11::");
	m.bu.opts.mnp[1].plen = 56;
	n = mh_build(b, sizeof(b), &m, NULL);
	assert_true(n > 0);
	assert_int_equal(b[12], MH_OPT_MNP);
	assert_int_equal(b[13], 18);
	assert_int_equal(mh_parse(b, n, NULL, NULL, &back, NULL), MH_OK);
	assert_int_equal(back.bu.opts.nmnp, 2);
	assert_int_equal(back.bu.opts.mnp[1].plen, 56);
	assert_true(back.bu.flags & MH_BU_F_R);
}

/* ---- what a mobile network prefix may be ---- */

static void
test_mnp_problem(void **state)
{
	struct in6_addr p;

	p = A("2001:db8:10::");
	assert_null(mnp_problem(&p, 64));
	assert_null(mnp_problem(&p, 48));
	assert_non_null(mnp_problem(&p, 0));
	assert_non_null(mnp_problem(&p, 129));
	p = A("2001:db8:10::1");
	assert_non_null(mnp_problem(&p, 64));		/* host bits */
	assert_null(mnp_problem(&p, 128));
	p = A("fe80::");
	assert_non_null(mnp_problem(&p, 64));
	p = A("ff0e::");
	assert_non_null(mnp_problem(&p, 16));
	p = A("fe00::");
	assert_non_null(mnp_problem(&p, 7));		/* holds fe80::/10 */
	p = A("fc00::");
	assert_null(mnp_problem(&p, 7));		/* unique local: may be a mobile network */
	p = A("::");
	assert_non_null(mnp_problem(&p, 64));
}

/* ---- the home agent's verdict ---- */

static struct conf_prefix auth[2];

static struct ha_nemo_input
mr_bu(void)
{
	struct ha_nemo_input in;

	memset(&in, 0, sizeof(in));
	in.router = 1;
	in.permitted = 1;
	auth[0].addr = A("2001:db8:10::");
	auth[0].plen = 64;
	auth[1].addr = A("2001:db8:11::");
	auth[1].plen = 64;
	in.auth = auth;
	in.nauth = 2;
	return in;
}

static struct mh_mnp claim[4];

static void
claims(struct ha_nemo_input *in, const char *p0, int l0, const char *p1, int l1)
{
	claim[0].prefix = A(p0);
	claim[0].plen = (uint8_t)l0;
	in->claimed = claim;
	in->nclaimed = 1;
	if (p1 != NULL) {
		claim[1].prefix = A(p1);
		claim[1].plen = (uint8_t)l1;
		in->nclaimed = 2;
	}
}

static struct ha_nemo_verdict
nemo(const struct ha_nemo_input *in)
{
	struct ha_nemo_verdict v;

	ha_nemo_decide(in, &v);
	return v;
}

/* NEMO-HA_2_12_1, NEMO-HA_2_12_4, NEMO-HA_2_1_1, NEMO-HA_2_1_2: implicit mode, two prefixes
 * in the table: both registered, R in the BA */
static void
test_implicit_two_prefixes(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v = nemo(&in);

	assert_int_equal(v.status, 0);
	assert_int_equal(v.ba_flags, MH_BA_F_R);
	assert_int_equal(v.nmnp, 2);
	assert_int_equal(v.mnp[1].plen, 64);
	assert_true(addr_eq(&v.mnp[1].prefix, &auth[1].addr));
}

/* NEMO-HA_2_12_3, NEMO-HA_2_12_6: implicit mode, the home address is in no prefix table
 * entry: 143, forwarding setup failed (prefixes missing) */
static void
test_implicit_no_prefixes(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v;

	in.nauth = 0;
	v = nemo(&in);
	assert_int_equal(v.status, MH_BA_FWD_SETUP_FAILED);
	assert_int_equal(v.ba_flags, 0);
	assert_int_equal(v.nmnp, 0);
}

/* NEMO-HA_2_9_1, NEMO-HA_2_9_11: explicit mode, two options, both authorized */
static void
test_explicit_two(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v;

	claims(&in, "2001:db8:11::", 64, "2001:db8:10::", 64);
	v = nemo(&in);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.nmnp, 2);
	assert_true(addr_eq(&v.mnp[0].prefix, &claim[0].prefix));
	/* the same prefix twice is one route */
	claims(&in, "2001:db8:11::", 64, "2001:db8:11::", 64);
	v = nemo(&in);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.nmnp, 1);
	/* a longer prefix inside an authorized one is authorized */
	claims(&in, "2001:db8:11:0:8000::", 65, NULL, 0);
	assert_int_equal(nemo(&in).status, 0);
}

/* NEMO-HA_2_11_9, NEMO-HA_2_11_19: a prefix not authorized for this router: 142, nothing
 * registered; one bad prefix among good ones refuses the whole BU */
static void
test_explicit_not_authorized(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v;

	claims(&in, "2001:db8:20::", 64, NULL, 0);
	v = nemo(&in);
	assert_int_equal(v.status, MH_BA_NOT_AUTH_PREFIX);
	assert_int_equal(v.nmnp, 0);
	assert_int_equal(v.ba_flags, 0);
	claims(&in, "2001:db8:10::", 64, "2001:db8:20::", 64);
	assert_int_equal(nemo(&in).status, MH_BA_NOT_AUTH_PREFIX);
	/* a home address the table does not know is authorized for nothing */
	in.nauth = 0;
	claims(&in, "2001:db8:10::", 64, NULL, 0);
	assert_int_equal(nemo(&in).status, MH_BA_NOT_AUTH_PREFIX);
}

/* NEMO-HA_2_11_7, NEMO-HA_2_11_8, NEMO-HA_2_11_17, NEMO-HA_2_11_18: multicast and
 * link-local prefixes are invalid: 141 */
static void
test_explicit_invalid(void **state)
{
	struct ha_nemo_input in = mr_bu();

	claims(&in, "ff0e::", 64, NULL, 0);
	assert_int_equal(nemo(&in).status, MH_BA_INVALID_PREFIX);
	claims(&in, "fe80::", 64, NULL, 0);
	assert_int_equal(nemo(&in).status, MH_BA_INVALID_PREFIX);
	/* 141 before 142, whatever the order of the options */
	claims(&in, "2001:db8:20::", 64, "fe80::", 64);
	assert_int_equal(nemo(&in).status, MH_BA_INVALID_PREFIX);
}

/* NEMO-HA_2_11_5, NEMO-HA_2_11_15: prefix length 63 for an authorized /64: invalid prefix */
static void
test_explicit_wrong_length(void **state)
{
	struct ha_nemo_input in = mr_bu();

	claims(&in, "2001:db8:10::", 63, NULL, 0);
	assert_int_equal(nemo(&in).status, MH_BA_INVALID_PREFIX);
}

/* RFC 3963 6.6: a home agent that does not accept mobile routers answers 140 */
static void
test_not_permitted(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v;

	in.permitted = 0;
	v = nemo(&in);
	assert_int_equal(v.status, MH_BA_MR_OP_NOT_PERMITTED);
	assert_int_equal(v.ba_flags, 0);
	/* a mobile node's BU (no R) is none of NEMO's business */
	in.router = 0;
	v = nemo(&in);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.nmnp, 0);
	assert_int_equal(v.ba_flags, 0);
}

/* NEMO-HA_2_10_2, NEMO-HA_2_10_3, NEMO-HA_2_10_6: the R flag may not change on an existing
 * binding (a mobile node's turning into a mobile router's, or back): 139 */
static void
test_router_flag_change(void **state)
{
	struct ha_nemo_input in = mr_bu();

	in.has_bce = 1;
	in.bce_router = 0;
	assert_int_equal(nemo(&in).status, MH_BA_REG_TYPE_CHANGE);
	in.bce_router = 1;
	assert_int_equal(nemo(&in).status, 0);
	in.router = 0;
	assert_int_equal(nemo(&in).status, MH_BA_REG_TYPE_CHANGE);
}

/* NEMO-HA_3_1_1, NEMO-HA_3_4_2, NEMO-HA_3_4_3, NEMO-HA_3_4_1: a de-registration is accepted
 * with or without R and whatever prefixes it carries; R echoed when it had R */
static void
test_deregistration(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct ha_nemo_verdict v;

	in.deregistration = 1;
	in.has_bce = 1;
	in.bce_router = 1;
	claims(&in, "2001:db8:20::", 64, NULL, 0);
	v = nemo(&in);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.ba_flags, MH_BA_F_R);
	in.router = 0;
	v = nemo(&in);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.ba_flags, 0);
}

/* ---- the prefixes of a binding and their routes ---- */

static struct bcache *bc;

static struct bcache_entry *
router_entry(void)
{
	struct in6_addr hoa = A("2001:db8:1::300"), ha = A("2001:db8:1::1");
	struct bcache_entry *e;

	bc = bcache_new(10);
	e = bcache_add(bc, &hoa, &ha);
	assert_non_null(e);
	e->coa = A("2001:db8:2::300");
	e->flags = BCACHE_F_HOME | BCACHE_F_ROUTER;
	nroutes = 0;
	return e;
}

static void
register_claims(struct bcache_entry *e, struct ha_nemo_input *in, int installed)
{
	struct ha_nemo_verdict v = nemo(in);

	assert_int_equal(v.status, 0);
	ha_nemo_update(e, &v, installed);
	assert_int_equal(ha_nemo_routes_set(e), 0);
}

/* NEMO-HA_2_9_2, NEMO-HA_2_9_3, NEMO-HA_2_9_5, NEMO-HA_2_9_12, NEMO-HA_2_9_13,
 * NEMO-HA_2_9_15, NEMO-HA_5_4_9, NEMO-HA_5_4_10, NEMO-HA_5_4_11: explicit updates
 * A1 -> A2, A1 -> A1,A2, A1,A2 -> A1: a prefix left out loses its route, a new one gets
 * one, the others stay (through the new care-of address) */
static void
test_prefix_updates(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct bcache_entry *e = router_entry();

	claims(&in, "2001:db8:10::", 64, NULL, 0);
	register_claims(e, &in, 0);
	assert_int_equal(nroutes, 1);
	assert_true(route_find("2001:db8:10::/64") >= 0);
	/* A1 -> A2 */
	claims(&in, "2001:db8:11::", 64, NULL, 0);
	register_claims(e, &in, 1);
	assert_int_equal(nroutes, 1);
	assert_true(route_find("2001:db8:11::/64") >= 0);
	/* A2 -> A1,A2, from a new care-of address */
	e->coa = A("2001:db8:3::300");
	claims(&in, "2001:db8:10::", 64, "2001:db8:11::", 64);
	register_claims(e, &in, 1);
	assert_int_equal(nroutes, 2);
	assert_string_equal(routes[route_find("2001:db8:11::/64")],
	    "2001:db8:11::/64 via 2001:db8:3::300");
	/* A1,A2 -> A1 */
	claims(&in, "2001:db8:10::", 64, NULL, 0);
	register_claims(e, &in, 1);
	assert_int_equal(nroutes, 1);
	assert_true(route_find("2001:db8:10::/64") >= 0);
	/* the binding goes: so do its routes (expiry, de-registration, stop) */
	ha_nemo_routes_del(e);
	assert_int_equal(nroutes, 0);
	bcache_free(bc);
}

/* RFC 3963 6.6: a route the kernel refuses is status 143 for the caller */
static void
test_route_failure(void **state)
{
	struct ha_nemo_input in = mr_bu();
	struct bcache_entry *e = router_entry();
	struct ha_nemo_verdict v = nemo(&in);

	ha_nemo_update(e, &v, 0);
	fail_route_set = 1;
	assert_int_equal(ha_nemo_routes_set(e), -1);
	fail_route_set = 0;
	assert_int_equal(ha_nemo_ba_flags(e), MH_BA_F_R);
	bcache_free(bc);
}

/* ---- configuration, and the mobile router's Binding Update ---- */

static int	nproblems;

static void
count(const char *msg, void *arg)
{
	nproblems++;
}

static struct conf *
load(const char *text)
{
	FILE *f = fopen("/tmp/test_nemo.conf", "w");
	struct conf *c;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	c = conf_load("/tmp/test_nemo.conf", count, NULL);
	unlink("/tmp/test_nemo.conf");
	return c;
}

static int
problems(const char *text)
{
	FILE *f = fopen("/tmp/test_nemo.conf", "w");
	struct conf *c;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	nproblems = 0;
	c = conf_load("/tmp/test_nemo.conf", count, NULL);
	unlink("/tmp/test_nemo.conf");
	conf_free(c);
	return nproblems;
}

#define HA_CONF \
	"roles = { ha }\n" \
	"home-link eth0 { prefix = { 2001:db8:1::/64 } home-agent-address = 2001:db8:1::1 }\n"

/* NEMO-HA_0_0_0: the prefix table from the configuration, looked up by home address */
static void
test_conf_table(void **state)
{
	struct conf *c = load(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:1::400 { prefixes = { 2001:db8:20::/64 } }\n"
	    " mobile-router 2001:db8:1::300 { prefixes = { 2001:db8:10::/64, "
	    "2001:db8:11::/64 } }\n}\n");
	const struct conf_mobile_router *r;
	struct in6_addr hoa = A("2001:db8:1::300");

	assert_non_null(c);
	assert_true(c->ha.accept_mr);
	r = conf_ha_mobile_router(c, &hoa);
	assert_non_null(r);
	assert_int_equal(r->nprefixes, 2);
	hoa = A("2001:db8:1::301");
	assert_null(conf_ha_mobile_router(c, &hoa));
	conf_free(c);
	c = load(HA_CONF);
	assert_false(c->ha.accept_mr);
	conf_free(c);
	c = load(HA_CONF "home-agent { accept-mobile-routers = yes }\n");
	assert_true(c->ha.accept_mr);
	conf_free(c);
}

static void
test_conf_problems(void **state)
{
	/* a prefix of the home link, two routers with one prefix, a bad prefix, none */
	assert_int_equal(problems(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:1::300 { prefixes = { 2001:db8:1::/56 } }\n}\n"), 1);
	assert_int_equal(problems(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:1::300 { prefixes = { 2001:db8:10::/64 } }\n"
	    " mobile-router 2001:db8:1::400 { prefixes = { 2001:db8:10::/60 } }\n}\n"), 1);
	assert_int_equal(problems(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:1::300 { prefixes = { fe80::/64 } }\n}\n"), 1);
	assert_int_equal(problems(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:1::300 { }\n}\n"), 1);
	assert_int_equal(problems(HA_CONF "home-agent {\n"
	    " mobile-router 2001:db8:9::300 { prefixes = { 2001:db8:10::/64 } }\n}\n"), 1);
	/* the mobile router's side */
	assert_int_equal(problems("roles = { mn }\ninterface eth0 { }\n"
	    "home-address 2001:db8:1::300/64 { home-agent = 2001:db8:1::1\n"
	    " mobile-router { mode = both prefixes = { 2001:db8:10::/64 } } }\n"), 1);
	assert_int_equal(problems("roles = { mn }\n"
	    "home-address 2001:db8:1::300/64 { home-agent = 2001:db8:1::1\n"
	    " mobile-router { prefixes = { 2001:db8:10::/64 } } }\n"), 1);
	assert_int_equal(problems("roles = { mn }\ninterface eth0 { }\n"
	    "home-address 2001:db8:1::300/64 { home-agent = 2001:db8:1::1\n"
	    " mobile-router { prefixes = { 2001:db8:10::/64 } interfaces = { eth0 } } }\n"),
	    1);
	assert_int_equal(problems("roles = { mn }\ninterface eth0 { }\n"
	    "home-address 2001:db8:1::300/64 { home-agent = 2001:db8:1::1\n"
	    " mobile-router { prefixes = { 2001:db8:1::/64 } } }\n"), 1);
}

#define MR_CONF(mode) \
	"roles = { mn }\ninterface eth0 { }\n" \
	"home-address 2001:db8:1::300/64 { home-agent = 2001:db8:1::1\n" \
	" mobile-router { mode = " mode " prefixes = { 2001:db8:10::/64, 2001:db8:11::/64 }\n" \
	" interfaces = { eth1 } } }\n" \
	"home-address 2001:db8:1::500/64 { home-agent = 2001:db8:1::1 }\n"

/* RFC 3963 5.1, 5.2: R always; the prefixes in explicit mode, not in implicit mode nor in a
 * de-registration; a plain home address gets neither */
static void
test_mr_bu(void **state)
{
	struct conf *c = load(MR_CONF("explicit"));
	struct in6_addr hoa = A("2001:db8:1::300"), mn = A("2001:db8:1::500");
	struct mh_bu bu;

	assert_non_null(c);
	assert_true(conf_is_mobile_router(c));
	assert_true(conf_mnp_iface(c, "eth1"));
	assert_false(conf_mnp_iface(c, "eth0"));
	mn_nemo_reload(c);
	memset(&bu, 0, sizeof(bu));
	bu.lifetime = 100;
	mn_nemo_bu(&hoa, &bu);
	assert_true(bu.flags & MH_BU_F_R);
	assert_int_equal(bu.opts.nmnp, 2);
	assert_true(bu.opts.present & MH_OPTF_MNP);
	assert_int_equal(bu.opts.mnp[1].plen, 64);
	memset(&bu, 0, sizeof(bu));
	mn_nemo_bu(&hoa, &bu);		/* lifetime 0 */
	assert_true(bu.flags & MH_BU_F_R);
	assert_int_equal(bu.opts.nmnp, 0);
	memset(&bu, 0, sizeof(bu));
	bu.lifetime = 100;
	mn_nemo_bu(&mn, &bu);
	assert_int_equal(bu.flags, 0);
	mn_nemo_reload(NULL);
	conf_free(c);

	c = load(MR_CONF("implicit"));
	assert_non_null(c);
	mn_nemo_reload(c);
	memset(&bu, 0, sizeof(bu));
	bu.lifetime = 100;
	mn_nemo_bu(&hoa, &bu);
	assert_true(bu.flags & MH_BU_F_R);
	assert_int_equal(bu.opts.nmnp, 0);
	mn_nemo_reload(NULL);
	conf_free(c);
}

/* RFC 3963 5.3: an accepting BA without R is a refusal for a mobile router */
static void
test_mr_ba_without_r(void **state)
{
	struct conf *c = load(MR_CONF("explicit"));
	struct in6_addr hoa = A("2001:db8:1::300"), mn = A("2001:db8:1::500");
	struct mh_ba ba;

	mn_nemo_reload(c);
	memset(&ba, 0, sizeof(ba));
	assert_int_equal(mn_nemo_ba_check(&hoa, &ba), -1);
	assert_int_equal(mn_nemo_ba_check(&mn, &ba), 0);
	ba.flags = MH_BA_F_R;
	assert_int_equal(mn_nemo_ba_check(&hoa, &ba), 0);
	ba.flags = 0;
	ba.status = MH_BA_NOT_AUTH_PREFIX;
	assert_int_equal(mn_nemo_ba_check(&hoa, &ba), 0);	/* a refusal anyway */
	mn_nemo_reload(NULL);
	conf_free(c);
}

/* The shared fake kernel adapters (fake_role_kern.h), with the entries this test checks. */
static struct role_kern_ops rk;

static void
fake_role_kern_install(void)
{
	rk = fake_role_kern_ops;
	rk.ha_nemo_kern_route_set = fake_ha_nemo_kern_route_set;
	rk.ha_nemo_kern_route_del = fake_ha_nemo_kern_route_del;
	role_kern_ops_set(&rk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mnp_option_parsed),
		cmocka_unit_test(test_mnp_reserved_ignored),
		cmocka_unit_test(test_mnp_bad_length_dropped),
		cmocka_unit_test(test_mnp_misaligned_dropped),
		cmocka_unit_test(test_mnp_build_roundtrip),
		cmocka_unit_test(test_mnp_problem),
		cmocka_unit_test(test_implicit_two_prefixes),
		cmocka_unit_test(test_implicit_no_prefixes),
		cmocka_unit_test(test_explicit_two),
		cmocka_unit_test(test_explicit_not_authorized),
		cmocka_unit_test(test_explicit_invalid),
		cmocka_unit_test(test_explicit_wrong_length),
		cmocka_unit_test(test_not_permitted),
		cmocka_unit_test(test_router_flag_change),
		cmocka_unit_test(test_deregistration),
		cmocka_unit_test(test_prefix_updates),
		cmocka_unit_test(test_route_failure),
		cmocka_unit_test(test_conf_table),
		cmocka_unit_test(test_conf_problems),
		cmocka_unit_test(test_mr_bu),
		cmocka_unit_test(test_mr_ba_without_r),
	};

	fake_role_kern_install();
	return cmocka_run_group_tests_name("nemo", tests, NULL, NULL);
}
