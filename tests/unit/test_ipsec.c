/* test_ipsec.c - the ESP policies and states of the ipsec sections (RFC 3776, RFC 4877), their
 * MIGRATE to a new care-of address, and the kernel counters, with the XFRM calls faked */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include <linux/xfrm.h>

#include "conf.h"
#include "fake_kern.h"
#include "ipsec_kern.h"
#include "kern.h"
#include "kern_xfrm.h"
#include "stats.h"

#define HOA	"2001:db8:1::100"
#define HA	"2001:db8:1::1"
#define COA1	"2001:db8:2::100"
#define COA2	"2001:db8:3::100"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* ---- fakes: the shared fake kernel (fake_kern.h), with the XFRM calls kept here ---- */

#define MAXCALLS 64
static struct {
	struct kern_xfrm_policy pol[MAXCALLS];
	int		 npol, npol_del;
	struct kern_esp_sa sa[MAXCALLS];
	int		 nsa, nsa_del;
	struct kern_xfrm_migrate mig[MAXCALLS];
	struct kern_xfrm_sel mig_sel[MAXCALLS];
	uint8_t		 mig_dir[MAXCALLS];
	int		 nmig;
	int		 migrate_rc;
	int		 sa_rc;		/* what state adds answer (after the first sa_ok) */
	int		 sa_ok;
} fk;

static int
fake_xfrm_policy_add(const struct kern_xfrm_policy *p)
{
	if (fk.npol < MAXCALLS)
		fk.pol[fk.npol++] = *p;
	return 0;
}

static int
fake_xfrm_policy_del(const struct kern_xfrm_policy *p)
{
	(void)p;
	fk.npol_del++;
	return 0;
}

static int
fake_xfrm_esp_state_add(const struct kern_esp_sa *sa)
{
	if (fk.sa_rc < 0 && fk.sa_ok-- <= 0)
		return fk.sa_rc;
	if (fk.nsa < MAXCALLS)
		fk.sa[fk.nsa++] = *sa;
	return 0;
}

static int
fake_xfrm_esp_state_del(uint32_t spi, const struct in6_addr *s, const struct in6_addr *d)
{
	(void)spi;
	(void)s;
	(void)d;
	fk.nsa_del++;
	return 0;
}

static int
fake_xfrm_migrate(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n)
{
	assert_int_equal(n, 1);
	assert_int_equal(type, XFRM_POLICY_TYPE_MAIN);
	if (fk.migrate_rc < 0)
		return fk.migrate_rc;
	fk.mig[fk.nmig] = m[0];
	fk.mig_sel[fk.nmig] = *sel;
	fk.mig_dir[fk.nmig] = dir;
	fk.nmig++;
	return 0;
}

static struct kern_ops ops;

static void
fake_install(void)
{
	ops = fake_kern_ops;
	ops.xfrm_policy_add = fake_xfrm_policy_add;
	ops.xfrm_policy_del = fake_xfrm_policy_del;
	ops.xfrm_esp_state_add = fake_xfrm_esp_state_add;
	ops.xfrm_esp_state_del = fake_xfrm_esp_state_del;
	ops.xfrm_migrate = fake_xfrm_migrate;
	fake_kern_reset();
	kern_ops_set(&ops);
}

/* ---- a configuration ---- */

static struct conf_home_addr home;
static struct conf_home_link link0;
static struct conf_prefix pfx;
static struct conf_ipsec sec;
static struct conf cf;

static void
sa_conf(struct conf_sa *s, uint32_t spi)
{
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->spi = spi;
	s->enc = CONF_ENC_AES128_CBC;
	s->enc_key_len = 16;
	memset(s->enc_key, (int)spi & 0xff, 16);
	s->auth = CONF_AUTH_HMAC_SHA256;
	s->auth_key_len = 32;
	memset(s->auth_key, 0x5a, 32);
}

static int
setup(void **state)
{
	(void)state;
	memset(&fk, 0, sizeof(fk));
	fake_install();
	memset(&cf, 0, sizeof(cf));
	memset(&sec, 0, sizeof(sec));
	sec.hoa = A(HOA);
	sec.ha = A(HA);
	sec.protect_mh = true;
	sec.protect_mpd = true;
	sec.protect_payload = true;
	sa_conf(&sec.transport[CONF_DIR_MN_TO_HA], 0x1000);
	sa_conf(&sec.transport[CONF_DIR_HA_TO_MN], 0x1001);
	sa_conf(&sec.tunnel[CONF_DIR_MN_TO_HA], 0x1002);
	sa_conf(&sec.tunnel[CONF_DIR_HA_TO_MN], 0x1003);
	memset(&home, 0, sizeof(home));
	home.hoa = A(HOA);
	home.plen = 64;
	home.ha = A(HA);
	pfx.addr = A("2001:db8:1::");
	pfx.plen = 64;
	memset(&link0, 0, sizeof(link0));
	strcpy(link0.ifname, "eth0");
	link0.prefixes = &pfx;
	link0.nprefixes = 1;
	link0.ha_addr = A(HA);
	cf.ipsec = &sec;
	cf.nipsec = 1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ipsec_mn_stop();
	ipsec_ha_stop();
	return 0;
}

static const struct kern_xfrm_policy *
find_pol(const struct kern_xfrm_policy *v, size_t n, uint8_t dir, uint8_t proto, int type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].dir == dir && v[i].sel.proto == proto && v[i].sel.mh_type == type)
			return &v[i];
	return NULL;
}

/* ---- pure ---- */

/* RFC 4877 5: MN BU out under ESP transport, BA in; fine-grain by MH type. */
static void
test_mn_transport(void **state)
{
	struct kern_xfrm_policy p[IPSEC_MAX_POLICIES];
	const struct kern_xfrm_policy *bu, *ba, *mps, *mpa;
	struct in6_addr hoa = A(HOA), ha = A(HA), any;
	size_t n;

	(void)state;
	memset(&any, 0, sizeof(any));
	n = ipsec_policies(&sec, IPSEC_SIDE_MN, 0, NULL, p);
	assert_int_equal(n, 5);
	bu = find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_MH, 5);
	assert_non_null(bu);
	/* the BU leaves from the care-of address (HAO as ancillary data): any source */
	assert_int_equal(bu->sel.splen, 0);
	assert_memory_equal(&bu->sel.daddr, &ha, 16);
	assert_int_equal(bu->sel.dplen, 128);
	assert_int_equal(bu->type, XFRM_POLICY_TYPE_MAIN);
	assert_int_equal(bu->prio, IPSEC_PRIO_TRANSPORT);
	assert_int_equal(bu->ntmpl, 1);
	assert_int_equal(bu->tmpl[0].proto, IPPROTO_ESP);
	assert_int_equal(bu->tmpl[0].mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(bu->tmpl[0].reqid, 0x1000);
	assert_int_equal(bu->tmpl[0].optional, 0);
	ba = find_pol(p, n, XFRM_POLICY_IN, IPPROTO_MH, 6);
	assert_non_null(ba);
	assert_memory_equal(&ba->sel.saddr, &ha, 16);
	assert_memory_equal(&ba->sel.daddr, &hoa, 16);
	assert_int_equal(ba->tmpl[0].reqid, 0x1001);
	mps = find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_ICMPV6, 146);
	mpa = find_pol(p, n, XFRM_POLICY_IN, IPPROTO_ICMPV6, 147);
	assert_non_null(mps);
	assert_int_equal(mps->tmpl[0].reqid, 0x1000);
	assert_non_null(mpa);
	assert_int_equal(mpa->tmpl[0].reqid, 0x1001);
	/* the MPA as Linux 6.1 reads it behind the routing header: type 58, code 2 */
	mpa = find_pol(p, n, XFRM_POLICY_IN, IPPROTO_ICMPV6, 58);
	assert_non_null(mpa);
	assert_true(mpa->sel.icmp_code_set);
	assert_int_equal(mpa->sel.icmp_code, 2);
	assert_memory_equal(&mpa->sel.saddr, &ha, 16);
	assert_memory_equal(&mpa->sel.daddr, &hoa, 16);
	assert_int_equal(mpa->prio, IPSEC_PRIO_TRANSPORT);
	assert_int_equal(mpa->ntmpl, 1);
	assert_int_equal(mpa->tmpl[0].reqid, 0x1001);
	assert_int_equal(mpa->tmpl[0].mode, XFRM_MODE_TRANSPORT);
	/* no MH in a tunnel mode policy here */
	assert_null(find_pol(p, n, XFRM_POLICY_OUT, 0, -1));
}

static void
test_ha_transport(void **state)
{
	struct kern_xfrm_policy p[IPSEC_MAX_POLICIES];
	const struct kern_xfrm_policy *bu, *ba, *mps;
	struct in6_addr hoa = A(HOA), ha = A(HA);
	size_t n;

	(void)state;
	sec.protect_mpd = false;
	n = ipsec_policies(&sec, IPSEC_SIDE_HA, 0, NULL, p);
	/* BU, BA, and prefix discovery let past the payload's tunnel without ESP */
	assert_int_equal(n, 5);
	mps = find_pol(p, n, XFRM_POLICY_IN, IPPROTO_ICMPV6, 58);
	assert_non_null(mps);
	assert_memory_equal(&mps->sel.saddr, &hoa, 16);
	assert_memory_equal(&mps->sel.daddr, &ha, 16);
	assert_int_equal(mps->ntmpl, 0);
	assert_int_equal(find_pol(p, n, XFRM_POLICY_IN, IPPROTO_ICMPV6, 146)->ntmpl, 0);
	assert_int_equal(find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_ICMPV6, 147)->ntmpl, 0);
	/* without the payload tunnel, nothing for prefix discovery */
	sec.protect_payload = false;
	assert_int_equal(ipsec_policies(&sec, IPSEC_SIDE_HA, 0, NULL, p), 2);
	sec.protect_payload = true;
	n = ipsec_policies(&sec, IPSEC_SIDE_HA, 0, NULL, p);
	/* after the HAO swap the BU's source is the home address */
	bu = find_pol(p, n, XFRM_POLICY_IN, IPPROTO_MH, 5);
	assert_non_null(bu);
	assert_memory_equal(&bu->sel.saddr, &hoa, 16);
	assert_int_equal(bu->sel.splen, 128);
	assert_memory_equal(&bu->sel.daddr, &ha, 16);
	assert_int_equal(bu->tmpl[0].reqid, 0x1000);
	ba = find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_MH, 6);
	assert_non_null(ba);
	assert_int_equal(ba->tmpl[0].reqid, 0x1001);
}

static void
test_tunnel_payload(void **state)
{
	struct kern_xfrm_policy p[IPSEC_MAX_POLICIES];
	const struct kern_xfrm_policy *o, *i, *f;
	struct in6_addr hoa = A(HOA), ha = A(HA), coa = A(COA1);
	size_t n;

	(void)state;
	n = ipsec_policies(&sec, IPSEC_SIDE_MN, 1, &coa, p);
	assert_int_equal(n, 2);
	o = find_pol(p, n, XFRM_POLICY_OUT, 0, -1);
	assert_non_null(o);
	assert_memory_equal(&o->sel.saddr, &hoa, 16);
	assert_int_equal(o->sel.dplen, 0);
	assert_int_equal(o->prio, IPSEC_PRIO_PAYLOAD);
	assert_true(o->prio > IPSEC_PRIO_TRANSPORT);
	assert_int_equal(o->tmpl[0].mode, XFRM_MODE_TUNNEL);
	assert_memory_equal(&o->tmpl[0].saddr, &coa, 16);
	assert_memory_equal(&o->tmpl[0].daddr, &ha, 16);
	assert_int_equal(o->tmpl[0].reqid, 0x1002);
	i = find_pol(p, n, XFRM_POLICY_IN, 0, -1);
	assert_non_null(i);
	assert_memory_equal(&i->tmpl[0].saddr, &ha, 16);
	assert_memory_equal(&i->tmpl[0].daddr, &coa, 16);
	/* HA: out, in, and fwd for what the MN sends on to others */
	n = ipsec_policies(&sec, IPSEC_SIDE_HA, 1, &coa, p);
	assert_int_equal(n, 3);
	f = find_pol(p, n, XFRM_POLICY_FWD, 0, -1);
	assert_non_null(f);
	assert_memory_equal(&f->sel.saddr, &hoa, 16);
	assert_memory_equal(&f->tmpl[0].saddr, &coa, 16);
	o = find_pol(p, n, XFRM_POLICY_OUT, 0, -1);
	assert_memory_equal(&o->sel.daddr, &hoa, 16);
	assert_memory_equal(&o->tmpl[0].daddr, &coa, 16);
	assert_int_equal(o->tmpl[0].reqid, 0x1003);
}

/* RFC 4877 5.2: without payload protection, only HoTI out and HoT in by MH type */
static void
test_tunnel_rr_only(void **state)
{
	struct kern_xfrm_policy p[IPSEC_MAX_POLICIES];
	struct in6_addr coa = A(COA1);
	size_t n;

	(void)state;
	sec.protect_payload = false;
	sec.protect_rr = true;
	n = ipsec_policies(&sec, IPSEC_SIDE_MN, 1, &coa, p);
	assert_int_equal(n, 2);
	assert_non_null(find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_MH, 1));
	/* inbound after decapsulation the kernel matches no MH type (see ipsec.c) */
	assert_non_null(find_pol(p, n, XFRM_POLICY_IN, IPPROTO_MH, -1));
	assert_int_equal(p[0].prio, IPSEC_PRIO_RR);
	/* HA: HoTI in by type; out and forwarded: the whole MH protocol (see ipsec.c) */
	n = ipsec_policies(&sec, IPSEC_SIDE_HA, 1, &coa, p);
	assert_int_equal(n, 3);
	assert_non_null(find_pol(p, n, XFRM_POLICY_OUT, IPPROTO_MH, -1));
	assert_non_null(find_pol(p, n, XFRM_POLICY_IN, IPPROTO_MH, 1));
	assert_non_null(find_pol(p, n, XFRM_POLICY_FWD, IPPROTO_MH, -1));
	sec.protect_rr = false;
	assert_int_equal(ipsec_policies(&sec, IPSEC_SIDE_MN, 1, &coa, p), 0);
}

static void
test_sas(void **state)
{
	struct kern_esp_sa sa[IPSEC_MAX_SAS];
	struct in6_addr hoa = A(HOA), ha = A(HA), coa = A(COA1), any;

	(void)state;
	memset(&any, 0, sizeof(any));
	assert_int_equal(ipsec_sas(&sec, IPSEC_SIDE_MN, 0, NULL, sa), 2);
	assert_int_equal(sa[0].spi, 0x1000);
	assert_memory_equal(&sa[0].saddr, &any, 16);	/* care-of or home address */
	assert_memory_equal(&sa[0].daddr, &ha, 16);
	assert_int_equal(sa[0].mode, XFRM_MODE_TRANSPORT);
	assert_string_equal(sa[0].enc_alg, "cbc(aes)");
	assert_int_equal(sa[0].enc_keylen, 16);
	assert_string_equal(sa[0].auth_alg, "hmac(sha256)");
	assert_int_equal(sa[0].auth_keylen, 32);
	assert_int_equal(sa[0].auth_trunc, 128);
	assert_memory_equal(&sa[1].saddr, &ha, 16);
	assert_memory_equal(&sa[1].daddr, &hoa, 16);
	assert_int_equal(ipsec_sas(&sec, IPSEC_SIDE_HA, 0, NULL, sa), 2);
	assert_memory_equal(&sa[0].saddr, &hoa, 16);
	assert_int_equal(ipsec_sas(&sec, IPSEC_SIDE_HA, 1, &coa, sa), 2);
	assert_int_equal(sa[0].mode, XFRM_MODE_TUNNEL);
	assert_memory_equal(&sa[0].saddr, &coa, 16);
	assert_memory_equal(&sa[1].daddr, &coa, 16);
	sec.tunnel[0].enc = CONF_ENC_NULL;
	sec.tunnel[0].enc_key_len = 0;
	ipsec_sas(&sec, IPSEC_SIDE_HA, 1, &coa, sa);
	assert_string_equal(sa[0].enc_alg, "ecb(cipher_null)");
	assert_int_equal(sa[0].enc_keylen, 0);
}

static void
test_catchall(void **state)
{
	struct kern_xfrm_policy p;
	struct in6_addr ha = A(HA);

	(void)state;
	ipsec_catchall(&ha, &p);
	assert_int_equal(p.dir, XFRM_POLICY_IN);
	assert_int_equal(p.action, XFRM_POLICY_BLOCK);
	assert_int_equal(p.sel.splen, 0);
	assert_memory_equal(&p.sel.daddr, &ha, 16);
	assert_int_equal(p.sel.proto, IPPROTO_MH);
	assert_int_equal(p.sel.mh_type, 5);
	assert_true(p.prio > IPSEC_PRIO_TRANSPORT);
}

static void
test_stat_parse(void **state)
{
	unsigned long long v[3];

	(void)state;
	assert_int_equal(kern_xfrm_stat_parse("XfrmInError             \t0\n"
	    "XfrmInNoStates          \t7\nXfrmInTmplMismatch      \t3\n"
	    "XfrmInPolBlock          \t2\n", v), 0);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 7);
	assert_int_equal(v[2], 2);
	assert_int_equal(kern_xfrm_stat_parse("XfrmInNoStatesX 4\n", v), -1);
	assert_int_equal(kern_xfrm_stat_parse("", v), -1);
}

/* ---- effects ---- */

static void
test_mn_lifecycle(void **state)
{
	struct in6_addr hoa = A(HOA), ha = A(HA), c1 = A(COA1), c2 = A(COA2);
	int i;

	(void)state;
	cf.home_addrs = &home;
	cf.nhome_addrs = 1;
	assert_int_equal(ipsec_mn_start(&cf), 0);
	assert_int_equal(fk.nsa, 2);
	assert_int_equal(fk.npol, 5);
	/* away: tunnel states and policies */
	assert_int_equal(ipsec_mn_away(&hoa, &c1), 0);
	assert_int_equal(fk.nsa, 4);
	assert_int_equal(fk.npol, 7);
	assert_int_equal(ipsec_mn_away(&hoa, &c1), 0);	/* same place: nothing */
	assert_int_equal(fk.npol, 7);
	assert_int_equal(fk.nmig, 0);
	/* handover: MIGRATE of each tunnel policy, nothing deleted or added */
	assert_int_equal(ipsec_mn_away(&hoa, &c2), 0);
	assert_int_equal(fk.nmig, 2);
	assert_int_equal(fk.nsa, 4);
	assert_int_equal(fk.nsa_del, 0);
	assert_int_equal(fk.npol_del, 0);
	for (i = 0; i < 2; i++) {
		const struct kern_xfrm_migrate *m = &fk.mig[i];

		assert_int_equal(m->proto, IPPROTO_ESP);
		assert_int_equal(m->mode, XFRM_MODE_TUNNEL);
		if (fk.mig_dir[i] == XFRM_POLICY_OUT) {
			assert_memory_equal(&m->old_saddr, &c1, 16);
			assert_memory_equal(&m->new_saddr, &c2, 16);
			assert_memory_equal(&m->new_daddr, &ha, 16);
			assert_int_equal(m->reqid, 0x1002);
		} else {
			assert_memory_equal(&m->old_daddr, &c1, 16);
			assert_memory_equal(&m->new_daddr, &c2, 16);
			assert_memory_equal(&m->new_saddr, &ha, 16);
			assert_int_equal(m->reqid, 0x1003);
		}
	}
	/* the kernel cannot migrate: delete and add again at the new place */
	fk.migrate_rc = -EOPNOTSUPP;
	assert_int_equal(ipsec_mn_away(&hoa, &c1), 0);
	assert_int_equal(fk.npol_del, 2);
	assert_int_equal(fk.nsa_del, 2);
	assert_int_equal(fk.nsa, 6);
	assert_memory_equal(&fk.sa[5].daddr, &c1, 16);
	assert_int_equal(stats_get("err.ipsec-migrate"), 1);
	/* home: tunnel gone, transport stays */
	ipsec_mn_home(&hoa);
	assert_int_equal(fk.npol_del, 4);
	assert_int_equal(fk.nsa_del, 4);
	ipsec_mn_stop();
	assert_int_equal(fk.npol_del, 9);
	assert_int_equal(fk.nsa_del, 6);
}

/* An MN without a home address of the section installs nothing for it. */
static void
test_mn_other_hoa(void **state)
{
	(void)state;
	assert_int_equal(ipsec_mn_start(&cf), 0);
	assert_int_equal(fk.nsa + fk.npol, 0);
}

static void
test_ha_lifecycle(void **state)
{
	struct in6_addr hoa = A(HOA), c1 = A(COA1), c2 = A(COA2), other = A("2001:db8:1::200");

	(void)state;
	cf.home_links = &link0;
	cf.nhome_links = 1;
	cf.ha.ipsec_required = true;
	assert_int_equal(ipsec_ha_start(&cf), 0);
	/* 5 transport + the catch-all */
	assert_int_equal(fk.npol, 6);
	assert_int_equal(fk.pol[5].action, XFRM_POLICY_BLOCK);
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c1), 0);
	assert_int_equal(fk.npol, 9);
	/* payload in the tunnel: prefix discovery's own route-optimization state, MPA out
	 * through RT2, MPS in with a HAO (as type 146 and as Linux 6.1 reads it) */
	assert_int_equal(fake_kern_count("xfrm_ro_policy_add"), 3);
	assert_int_equal(fake_kern_count("xfrm_ro_state_add"), 1);
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c2), 0);
	assert_int_equal(fk.nmig, 3);
	/* a binding without a section: nothing */
	assert_int_equal(ipsec_ha_binding_set(&other, &c2), 0);
	assert_int_equal(fk.npol, 9);
	ipsec_ha_binding_del(&hoa);
	assert_int_equal(fk.npol_del, 3);
	assert_int_equal(fake_kern_count("xfrm_ro_policy_del"), 3);
	assert_int_equal(fake_kern_count("xfrm_ro_state_del"), 1);
	ipsec_ha_binding_del(&hoa);
	assert_int_equal(fk.npol_del, 3);
	ipsec_ha_stop();
	assert_int_equal(fk.npol_del, 3 + 1 + 5);
}

/* The kernel refuses an ESP tunnel state (at a first registration, or after a MIGRATE it
 * refused too): the binding is told (-1, so that its BA says 130), what got in is taken out,
 * and the next BU tries the whole install again instead of trusting a tunnel that is not
 * there.  Inside a batch of BUs the requests are answered one by one (kern_batch_suspend):
 * the answer comes before the binding's BA, not at the end of the burst. */
static void
test_ha_tunnel_refused(void **state)
{
	struct in6_addr hoa = A(HOA), c1 = A(COA1), c2 = A(COA2);

	(void)state;
	cf.home_links = &link0;
	cf.nhome_links = 1;
	assert_int_equal(ipsec_ha_start(&cf), 0);
	stats_reset();
	fk.sa_rc = -ENOBUFS;
	fk.sa_ok = 1;		/* the first of the two tunnel states gets in */
	kern_batch_begin();
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c1), -1);
	assert_true(kern_batch_open());
	assert_int_equal(kern_batch_end(), 0);
	assert_int_equal(stats_get("err.ipsec-tunnel"), 1);
	assert_true(fk.nsa_del >= 2);		/* both tunnel states removed */
	fk.sa_rc = 0;
	fk.nsa = fk.nsa_del = 0;
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c1), 0);
	assert_int_equal(fk.nsa, 2);		/* installed again, whole */
	/* a MIGRATE refused, and the fresh install after it too */
	fk.migrate_rc = -EINVAL;
	fk.sa_rc = -ENOMEM;
	fk.sa_ok = 0;
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c2), -1);
	assert_int_equal(stats_get("err.ipsec-migrate"), 1);
	fk.migrate_rc = 0;
	fk.sa_rc = 0;
	fk.nsa = 0;
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c2), 0);
	assert_int_equal(fk.nsa, 2);
	assert_int_equal(fk.nmig, 0);		/* not a MIGRATE of a tunnel that is gone */
}

/* roles = { ha, mn }: each side installs its own sections, and starting or stopping one
 * leaves the other's SAs and policies alone */
static void
test_ha_and_mn_sides(void **state)
{
	struct conf_ipsec both[2];
	struct conf_home_addr own;
	struct in6_addr hoa = A(HOA), c1 = A(COA1);
	int i;

	(void)state;
	both[0] = sec;
	both[1] = sec;
	both[1].hoa = A("2001:db8:9::9");
	both[1].ha = A("2001:db8:9::1");
	both[1].protect_payload = false;
	sa_conf(&both[1].transport[CONF_DIR_MN_TO_HA], 0x2000);
	sa_conf(&both[1].transport[CONF_DIR_HA_TO_MN], 0x2001);
	memset(&both[1].tunnel, 0, sizeof(both[1].tunnel));
	memset(&own, 0, sizeof(own));
	own.hoa = both[1].hoa;
	own.plen = 64;
	own.ha = both[1].ha;
	cf.ipsec = both;
	cf.nipsec = 2;
	cf.home_addrs = &own;
	cf.nhome_addrs = 1;
	cf.roles = ROLE_HA | ROLE_MN;
	assert_true(ipsec_side_of(&cf, &both[0], IPSEC_SIDE_HA));
	assert_false(ipsec_side_of(&cf, &both[0], IPSEC_SIDE_MN));
	assert_false(ipsec_side_of(&cf, &both[1], IPSEC_SIDE_HA));
	assert_true(ipsec_side_of(&cf, &both[1], IPSEC_SIDE_MN));

	assert_int_equal(ipsec_ha_start(&cf), 0);
	assert_int_equal(fk.nsa, 2);
	for (i = 0; i < fk.nsa; i++)
		assert_true(fk.sa[i].spi == 0x1000 || fk.sa[i].spi == 0x1001);
	assert_int_equal(ipsec_mn_start(&cf), 0);
	assert_int_equal(fk.nsa, 4);
	assert_true(fk.sa[2].spi == 0x2000 || fk.sa[2].spi == 0x2001);
	/* the mobile node's start removed nothing of the home agent's */
	assert_int_equal(fk.nsa_del, 0);
	assert_int_equal(fk.npol_del, 0);
	ipsec_mn_stop();
	assert_int_equal(fk.nsa_del, 2);
	/* the home agent's side goes on */
	assert_int_equal(ipsec_ha_binding_set(&hoa, &c1), 0);
	assert_int_equal(fk.nsa, 6);
	assert_true(ipsec_ha_payload_protected(&hoa));
	ipsec_ha_stop();
	assert_int_equal(fk.nsa_del, 2 + 2 + 2);
	assert_false(ipsec_ha_payload_protected(&hoa));
}

/* Route optimization beside the ESP tunnel: in at 8 with an optional tunnel template (the
 * correspondent's packets pass directly and through the tunnel), out at 10 with payload */
static void
test_ro_exemption(void **state)
{
	struct kern_xfrm_policy p[IPSEC_MAX_POLICIES];
	struct in6_addr cn = A("2001:db8:4::2"), hoa = A(HOA), c1 = A(COA1);

	(void)state;
	assert_int_equal(ipsec_ro_exemption(&sec, &cn, p), 2);
	assert_int_equal(p[0].dir, XFRM_POLICY_IN);
	assert_int_equal(p[0].prio, IPSEC_PRIO_RO_IN);
	assert_int_equal(p[0].type, XFRM_POLICY_TYPE_MAIN);
	assert_memory_equal(&p[0].sel.saddr, &cn, 16);
	assert_int_equal(p[0].sel.splen, 128);
	assert_memory_equal(&p[0].sel.daddr, &hoa, 16);
	assert_int_equal(p[0].sel.proto, 0);
	assert_int_equal(p[0].ntmpl, 1);
	assert_int_equal(p[0].tmpl[0].proto, IPPROTO_ESP);
	assert_int_equal(p[0].tmpl[0].mode, XFRM_MODE_TUNNEL);
	assert_int_equal(p[0].tmpl[0].reqid, 0x1003);
	assert_int_equal(p[0].tmpl[0].optional, 1);
	assert_true(IN6_IS_ADDR_UNSPECIFIED(&p[0].tmpl[0].saddr));
	assert_true(IPSEC_PRIO_RO_IN < IPSEC_PRIO_RR && IPSEC_PRIO_RR < IPSEC_PRIO_RO_OUT &&
	    IPSEC_PRIO_RO_OUT < IPSEC_PRIO_PAYLOAD);
	assert_int_equal(p[1].dir, XFRM_POLICY_OUT);
	assert_int_equal(p[1].prio, IPSEC_PRIO_RO_OUT);
	assert_int_equal(p[1].ntmpl, 0);
	assert_memory_equal(&p[1].sel.daddr, &cn, 16);
	/* return routability only: the HoTI keeps its tunnel, nothing to exempt out */
	sec.protect_payload = false;
	sec.protect_rr = true;
	assert_int_equal(ipsec_ro_exemption(&sec, &cn, p), 1);
	assert_int_equal(p[0].dir, XFRM_POLICY_IN);
	/* no tunnel mode: nothing */
	sec.protect_rr = false;
	assert_int_equal(ipsec_ro_exemption(&sec, &cn, p), 0);

	/* installed and removed with route optimization on the mobile node */
	sec.protect_payload = true;
	cf.home_addrs = &home;
	cf.nhome_addrs = 1;
	assert_int_equal(ipsec_mn_start(&cf), 0);
	assert_int_equal(ipsec_mn_away(&hoa, &c1), 0);
	fk.npol = fk.npol_del = 0;
	assert_int_equal(ipsec_mn_ro_exempt(1, &hoa, &cn), 0);
	assert_int_equal(fk.npol, 2);
	assert_int_equal(fk.pol[0].prio, IPSEC_PRIO_RO_IN);
	ipsec_mn_ro_exempt(0, &hoa, &cn);
	assert_int_equal(fk.npol_del, 2);
	/* another home address, or none configured: nothing */
	fk.npol = 0;
	assert_int_equal(ipsec_mn_ro_exempt(1, &cn, &hoa), 0);
	assert_int_equal(fk.npol, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mn_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ha_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tunnel_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tunnel_rr_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catchall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mn_other_hoa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ha_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ha_tunnel_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ha_and_mn_sides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ro_exemption, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
