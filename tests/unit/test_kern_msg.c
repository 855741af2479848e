/*
 * test_kern_msg.c - the netlink messages the kernel managers build, byte for byte where
 * libnl 3.7 is known to get them wrong (XFRMA_COADDR, DELSA, sub policy delete) or has no
 * builder (MIGRATE, "encap ip6" routes, external ip6tnl).  The expected messages are composed
 * here from the kernel's own uapi structures, independently of libnl.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/lwtunnel.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "util.h"
#include "kern.h"
#include "kern_addr.h"
#include "kern_neigh.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(addr_parse(s, &a), 0);
	return a;
}

/* An expected message under construction. */
struct exp {
	unsigned char	buf[1024];
	size_t		len;
};

static void
exp_hdr(struct exp *e, uint16_t type, uint16_t flags)
{
	struct nlmsghdr h;

	memset(e, 0, sizeof(*e));
	memset(&h, 0, sizeof(h));
	h.nlmsg_type = type;
	h.nlmsg_flags = flags;
	memcpy(e->buf, &h, sizeof(h));
	e->len = NLMSG_HDRLEN;
}

static void
exp_put(struct exp *e, const void *data, size_t len)
{
	memcpy(e->buf + e->len, data, len);
	e->len += NLMSG_ALIGN(len);
}

static void
exp_attr(struct exp *e, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	memcpy(e->buf + e->len, &a, sizeof(a));
	memcpy(e->buf + e->len + NLA_HDRLEN, data, len);
	e->len += NLA_ALIGN(NLA_HDRLEN + len);
}

static void
assert_msg(struct nl_msg *m, struct exp *e)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	((struct nlmsghdr *)e->buf)->nlmsg_len = (uint32_t)e->len;
	assert_int_equal(h->nlmsg_len, e->len);
	assert_memory_equal(h, e->buf, e->len);
	nlmsg_free(m);
}

static void
sel6(struct xfrm_selector *s, const char *src, int splen, const char *dst, int dplen)
{
	struct in6_addr a;

	memset(s, 0, sizeof(*s));
	a = A(src);
	memcpy(&s->saddr, &a, 16);
	a = A(dst);
	memcpy(&s->daddr, &a, 16);
	s->prefixlen_s = (uint8_t)splen;
	s->prefixlen_d = (uint8_t)dplen;
	s->family = AF_INET6;
}

/* RT2 state, CN -> HoA with the care-of address (RFC 6275 6.4): NEWSA as the kernel wants it. */
static void
test_ro_state_newsa(void **state)
{
	struct in6_addr cn = A("2001:db8:4::2"), hoa = A("2001:db8:1::100");
	struct in6_addr coa = A("2001:db8:3::100");
	struct xfrm_usersa_info si;
	struct nl_msg *m;
	struct exp e;

	assert_int_equal(kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, KERN_RO_RT2, &cn, &hoa, &coa, 0,
	    &m), 0);
	exp_hdr(&e, XFRM_MSG_NEWSA, 0);
	memset(&si, 0, sizeof(si));
	sel6(&si.sel, "2001:db8:4::2", 128, "2001:db8:1::100", 128);
	memcpy(&si.id.daddr, &hoa, 16);
	si.id.spi = 0;
	si.id.proto = IPPROTO_ROUTING;
	memcpy(&si.saddr, &cn, 16);
	si.lft.soft_byte_limit = si.lft.hard_byte_limit = XFRM_INF;
	si.lft.soft_packet_limit = si.lft.hard_packet_limit = XFRM_INF;
	si.family = AF_INET6;
	si.mode = XFRM_MODE_ROUTEOPTIMIZATION;
	exp_put(&e, &si, sizeof(si));
	exp_attr(&e, XFRMA_COADDR, &coa, 16);
	assert_msg(m, &e);
}

/* The care-of address attribute itself, as literal bytes (libnl 3.7 puts its nl_addr there). */
static void
test_ro_state_coaddr_bytes(void **state)
{
	static const unsigned char want[] = {
		0x14, 0x00, 0x0e, 0x00,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	};
	struct in6_addr hoa = A("2001:db8:1::100"), cn = A("2001:db8:4::2");
	struct in6_addr coa = A("2001:db8:3::100");
	struct nl_msg *m;
	struct nlmsghdr *h;

	assert_int_equal(kern_xfrm_ro_state_build(XFRM_MSG_UPDSA, KERN_RO_HAO, &hoa, &cn, &coa, 0,
	    &m), 0);
	h = nlmsg_hdr(m);
	assert_int_equal(h->nlmsg_type, XFRM_MSG_UPDSA);
	assert_memory_equal((unsigned char *)h + h->nlmsg_len - sizeof(want), want, sizeof(want));
	nlmsg_free(m);
}

/* The CN's wildcard HAO state: any addresses (selector prefix 0), WILDRECV. */
static void
test_ro_state_wildrecv(void **state)
{
	struct xfrm_usersa_info *si;
	struct nl_msg *m;

	assert_int_equal(kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, KERN_RO_HAO, NULL, NULL, NULL,
	    KERN_XFRM_F_WILDRECV, &m), 0);
	si = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(si->flags, XFRM_STATE_WILDRECV);
	assert_int_equal(si->sel.prefixlen_s, 0);
	assert_int_equal(si->sel.prefixlen_d, 0);
	assert_int_equal(si->id.proto, IPPROTO_DSTOPTS);
	nlmsg_free(m);
	assert_int_equal(kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, IPPROTO_ESP, NULL, NULL, NULL,
	    0, &m), -EINVAL);
}

/* The mobile node's HAO state for its Mobile Prefix Solicitations: the selector names ICMPv6
 * type 146, so no other packet to the home agent takes it. */
static void
test_ro_state_icmp6_type(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100"), ha = A("2001:db8:1::1");
	struct in6_addr coa = A("2001:db8:3::100");
	struct xfrm_usersa_info *si;
	struct nl_msg *m;

	assert_int_equal(kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, KERN_RO_HAO, &hoa, &ha, &coa,
	    KERN_XFRM_F_ICMP6_TYPE(146), &m), 0);
	si = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(si->flags, 0);
	assert_int_equal(si->sel.prefixlen_s, 128);
	assert_int_equal(si->sel.prefixlen_d, 128);
	assert_int_equal(si->sel.proto, IPPROTO_ICMPV6);
	assert_int_equal(si->sel.sport, htons(146));
	assert_int_equal(si->sel.sport_mask, 0xffff);
	assert_int_equal(si->sel.dport_mask, 0);
	nlmsg_free(m);
}

/* An ICMPv6 selector narrowed to one code: the code goes in the destination port. */
static void
test_policy_icmp6_code(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100"), ha = A("2001:db8:1::1");
	struct xfrm_userpolicy_info *pi;
	struct kern_xfrm_policy p;
	struct nl_msg *m;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, &hoa, 128, &ha, 128, IPPROTO_ICMPV6, 58);
	kern_xfrm_sel_code(&p.sel, 2);
	p.dir = XFRM_POLICY_IN;
	p.type = XFRM_POLICY_TYPE_MAIN;
	p.action = XFRM_POLICY_ALLOW;
	assert_int_equal(kern_xfrm_policy_build(XFRM_MSG_UPDPOLICY, &p, &m), 0);
	pi = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(pi->sel.proto, IPPROTO_ICMPV6);
	assert_int_equal(pi->sel.sport, htons(58));
	assert_int_equal(pi->sel.sport_mask, 0xffff);
	assert_int_equal(pi->sel.dport, htons(2));
	assert_int_equal(pi->sel.dport_mask, 0xffff);
	nlmsg_free(m);
}

/* Sub policy delete: XFRMA_POLICY_TYPE must be there, or the kernel looks in the main table. */
static void
test_sub_policy_delete(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100"), ha = A("2001:db8:1::1");
	struct xfrm_userpolicy_id id;
	struct xfrm_userpolicy_type upt;
	struct kern_xfrm_policy p;
	struct nl_msg *m;
	struct exp e;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, &hoa, 128, &ha, 128, 135, 5);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_SUB;
	assert_int_equal(kern_xfrm_policy_build(XFRM_MSG_DELPOLICY, &p, &m), 0);
	exp_hdr(&e, XFRM_MSG_DELPOLICY, 0);
	memset(&id, 0, sizeof(id));
	sel6(&id.sel, "2001:db8:1::100", 128, "2001:db8:1::1", 128);
	id.sel.proto = 135;
	id.sel.sport = htons(5);	/* MH type: in the source port (xfrm_flowi_sport) */
	id.sel.sport_mask = 0xffff;
	id.dir = XFRM_POLICY_OUT;
	exp_put(&e, &id, sizeof(id));
	memset(&upt, 0, sizeof(upt));
	upt.type = XFRM_POLICY_TYPE_SUB;
	exp_attr(&e, XFRMA_POLICY_TYPE, &upt, sizeof(upt));
	assert_msg(m, &e);
}

/* Policy install: priority in mip6d's band, templates, type. */
static void
test_policy_install(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100"), ha = A("2001:db8:1::1");
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info *pi;
	struct xfrm_userpolicy_type *upt;
	struct xfrm_user_tmpl *t;
	struct kern_xfrm_policy p;
	struct nl_msg *m;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, &hoa, 128, &ha, 128, 135, 5);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = 2;
	p.ntmpl = 2;
	p.tmpl[0].proto = IPPROTO_ESP;
	p.tmpl[0].mode = XFRM_MODE_TRANSPORT;
	p.tmpl[0].reqid = 1;
	p.tmpl[1].proto = IPPROTO_DSTOPTS;
	p.tmpl[1].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[1].optional = 1;
	assert_int_equal(kern_xfrm_policy_build(XFRM_MSG_UPDPOLICY, &p, &m), 0);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_type, XFRM_MSG_UPDPOLICY);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*pi), tb, XFRMA_MAX, NULL), 0);
	pi = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(pi->priority, KERN_XFRM_PRIO_BASE + 2);
	assert_int_equal(pi->dir, XFRM_POLICY_OUT);
	assert_int_equal(pi->sel.proto, 135);
	assert_int_equal(pi->sel.sport, htons(5));
	assert_int_equal(pi->sel.sport_mask, 0xffff);
	assert_non_null(tb[XFRMA_POLICY_TYPE]);
	upt = nla_data(tb[XFRMA_POLICY_TYPE]);
	assert_int_equal(upt->type, XFRM_POLICY_TYPE_SUB);
	assert_non_null(tb[XFRMA_TMPL]);
	assert_int_equal(nla_len(tb[XFRMA_TMPL]), 2 * sizeof(*t));
	t = nla_data(tb[XFRMA_TMPL]);
	assert_int_equal(t[0].id.proto, IPPROTO_ESP);
	assert_int_equal(t[0].mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(t[0].reqid, 1);
	assert_int_equal(t[0].optional, 0);
	assert_int_equal(t[0].family, AF_INET6);
	assert_int_equal(t[0].aalgos, ~0u);
	assert_int_equal(t[1].id.proto, IPPROTO_DSTOPTS);
	assert_int_equal(t[1].mode, XFRM_MODE_ROUTEOPTIMIZATION);
	assert_int_equal(t[1].optional, 1);
	nlmsg_free(m);
}

/* MIGRATE of the MN-HA tunnel SA to a new care-of address: libnl has no builder. */
static void
test_migrate(void **state)
{
	struct in6_addr ha = A("2001:db8:1::1"), hoa = A("2001:db8:1::100");
	struct in6_addr coa1 = A("2001:db8:2::100"), coa2 = A("2001:db8:3::100");
	struct xfrm_userpolicy_id id;
	struct xfrm_userpolicy_type upt;
	struct xfrm_user_migrate um;
	struct kern_xfrm_migrate mg;
	struct kern_xfrm_sel sel;
	struct nl_msg *m;
	struct exp e;

	kern_xfrm_sel_init(&sel, NULL, 0, &hoa, 128, 135, -1);
	memset(&mg, 0, sizeof(mg));
	mg.old_saddr = ha;
	mg.old_daddr = coa1;
	mg.new_saddr = ha;
	mg.new_daddr = coa2;
	mg.proto = IPPROTO_ESP;
	mg.mode = XFRM_MODE_TUNNEL;
	mg.reqid = 4;
	assert_int_equal(kern_xfrm_migrate_build(&sel, XFRM_POLICY_OUT, XFRM_POLICY_TYPE_MAIN,
	    &mg, 1, &m), 0);
	exp_hdr(&e, XFRM_MSG_MIGRATE, 0);
	memset(&id, 0, sizeof(id));
	sel6(&id.sel, "::", 0, "2001:db8:1::100", 128);
	id.sel.proto = 135;
	id.dir = XFRM_POLICY_OUT;
	exp_put(&e, &id, sizeof(id));
	memset(&um, 0, sizeof(um));
	memcpy(&um.old_daddr, &coa1, 16);
	memcpy(&um.old_saddr, &ha, 16);
	memcpy(&um.new_daddr, &coa2, 16);
	memcpy(&um.new_saddr, &ha, 16);
	um.proto = IPPROTO_ESP;
	um.mode = XFRM_MODE_TUNNEL;
	um.reqid = 4;
	um.old_family = um.new_family = AF_INET6;
	exp_attr(&e, XFRMA_MIGRATE, &um, sizeof(um));
	memset(&upt, 0, sizeof(upt));
	upt.type = XFRM_POLICY_TYPE_MAIN;
	exp_attr(&e, XFRMA_POLICY_TYPE, &upt, sizeof(upt));
	assert_msg(m, &e);
	assert_int_equal(kern_xfrm_migrate_build(&sel, XFRM_POLICY_OUT, 0, &mg, 0, &m), -EINVAL);
}

/* ESP state: algorithms present, spi in network order. */
static void
test_esp_state(void **state)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info *si;
	struct xfrm_algo *alg;
	struct kern_esp_sa sa;
	struct nl_msg *m;

	memset(&sa, 0, sizeof(sa));
	sa.spi = 0x1000;
	sa.reqid = 4;
	sa.mode = XFRM_MODE_TUNNEL;
	sa.saddr = A("2001:db8:1::1");
	sa.daddr = A("2001:db8:2::100");
	strcpy(sa.auth_alg, "hmac(sha1)");
	sa.auth_keylen = 20;
	strcpy(sa.enc_alg, "cbc(aes)");
	sa.enc_keylen = 16;
	memset(sa.enc_key, 0x22, 16);
	assert_int_equal(kern_xfrm_esp_state_build(&sa, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*si), tb, XFRMA_MAX, NULL), 0);
	si = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(si->id.spi, htonl(0x1000));
	assert_int_equal(si->id.proto, IPPROTO_ESP);
	assert_int_equal(si->reqid, 4);
	assert_int_equal(si->mode, XFRM_MODE_TUNNEL);
	assert_non_null(tb[XFRMA_ALG_AUTH_TRUNC]);
	assert_non_null(tb[XFRMA_ALG_CRYPT]);
	alg = nla_data(tb[XFRMA_ALG_CRYPT]);
	assert_string_equal(alg->alg_name, "cbc(aes)");
	assert_int_equal(alg->alg_key_len, 128);
	assert_int_equal(alg->alg_key[15], 0x22);
	nlmsg_free(m);
}

/* The HA's per-binding route: "HoA encap ip6 src HA dst CoA dev mip6ha proto 109 metric 128" */
static void
test_encap_route(void **state)
{
	static const unsigned char want[] = {
		0x7c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		/* rtmsg: inet6 /128, main table, protocol 109, universe, unicast */
		0x0a, 0x80, 0x00, 0x00, 0xfe, 0x6d, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		/* RTA_TABLE 254 */
		0x08, 0x00, 0x0f, 0x00, 0xfe, 0x00, 0x00, 0x00,
		/* RTA_DST 2001:db8:1::100 */
		0x14, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
		/* RTA_PRIORITY 128, RTA_OIF 5 */
		0x08, 0x00, 0x06, 0x00, 0x80, 0x00, 0x00, 0x00,
		0x08, 0x00, 0x04, 0x00, 0x05, 0x00, 0x00, 0x00,
		/* RTA_ENCAP_TYPE LWTUNNEL_ENCAP_IP6 */
		0x06, 0x00, 0x15, 0x00, 0x04, 0x00, 0x00, 0x00,
		/* RTA_ENCAP (nested): LWTUNNEL_IP6_DST CoA, LWTUNNEL_IP6_SRC HA */
		0x2c, 0x00, 0x16, 0x80,
		0x14, 0x00, 0x02, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
		0x14, 0x00, 0x03, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	};
	struct kern_route r;
	struct nl_msg *m;

	memset(&r, 0, sizeof(r));
	r.dst = A("2001:db8:1::100");
	r.dplen = 128;
	r.oif = 5;
	r.table = RT_TABLE_MAIN;
	r.metric = 128;
	r.has_encap = KERN_ENCAP_IP6;
	r.encap.src = A("2001:db8:1::1");
	r.encap.dst = A("2001:db8:2::100");
	assert_int_equal(kern_route_build(RTM_NEWROUTE, &r, &m), 0);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_len, sizeof(want));
	assert_memory_equal(nlmsg_hdr(m), want, sizeof(want));
	nlmsg_free(m);
}

/*
 * binding-routes = no: the home prefix's route through the home link runs the send side's
 * program (RTA_ENCAP_TYPE bpf, its fd in LWT_BPF_XMIT), before the kernel's prefix route.
 */
static void
test_bpf_xmit_route(void **state)
{
	struct nlattr *tb[RTA_MAX + 1], *enc[LWT_BPF_MAX + 1], *prog[LWT_BPF_PROG_MAX + 1];
	struct kern_route r;
	struct rtmsg *rtm;
	struct nl_msg *m;

	memset(&r, 0, sizeof(r));
	r.dst = A("2001:db8:1::");
	r.dplen = 64;
	r.oif = 3;
	r.table = RT_TABLE_MAIN;
	r.metric = 128;
	r.has_encap = KERN_ENCAP_BPF_XMIT;
	r.xmit_prog = 42;
	assert_int_equal(kern_route_build(RTM_NEWROUTE, &r, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*rtm), tb, RTA_MAX, NULL), 0);
	rtm = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(rtm->rtm_dst_len, 64);
	assert_int_equal(rtm->rtm_protocol, KERN_RTPROT);
	assert_int_equal(nla_get_u32(tb[RTA_OIF]), 3);
	assert_int_equal(nla_get_u32(tb[RTA_PRIORITY]), 128);
	assert_int_equal(nla_get_u16(tb[RTA_ENCAP_TYPE]), LWTUNNEL_ENCAP_BPF);
	assert_int_equal(nla_parse_nested(enc, LWT_BPF_MAX, tb[RTA_ENCAP], NULL), 0);
	assert_non_null(enc[LWT_BPF_XMIT]);
	assert_null(enc[LWT_BPF_IN]);
	assert_null(enc[LWT_BPF_OUT]);
	assert_int_equal(nla_parse_nested(prog, LWT_BPF_PROG_MAX, enc[LWT_BPF_XMIT], NULL), 0);
	assert_int_equal(nla_get_u32(prog[LWT_BPF_PROG_FD]), 42);
	assert_string_equal(nla_get_string(prog[LWT_BPF_PROG_NAME]), "mip6d");
	nlmsg_free(m);

	/* the removal names the route, not its program */
	assert_int_equal(kern_route_build(RTM_DELROUTE, &r, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*rtm), tb, RTA_MAX, NULL), 0);
	assert_null(tb[RTA_ENCAP]);
	nlmsg_free(m);
}

/* binding-routes = no: what arrives on the home link for a home prefix, into table 251. */
static void
test_iif_rule(void **state)
{
	struct nlattr *tb[FRA_MAX + 1];
	struct fib_rule_hdr *frh;
	struct in6_addr dst = A("2001:db8:1::");
	struct nl_msg *m;

	assert_int_equal(kern_rule_iif_build(RTM_NEWRULE, "eth0", &dst, 64,
	    KERN_ROUTE_TABLE_HA_LINK, KERN_RULE_PRIO_HA_LINK, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*frh), tb, FRA_MAX, NULL), 0);
	frh = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(frh->family, AF_INET6);
	assert_int_equal(frh->dst_len, 64);
	assert_int_equal(frh->src_len, 0);
	assert_int_equal(frh->action, FR_ACT_TO_TBL);
	assert_string_equal(nla_get_string(tb[FRA_IIFNAME]), "eth0");
	assert_memory_equal(nla_data(tb[FRA_DST]), &dst, sizeof(dst));
	assert_int_equal(nla_get_u32(tb[FRA_TABLE]), 251);
	assert_int_equal(nla_get_u32(tb[FRA_PRIORITY]), 1000);
	assert_int_equal(nla_get_u8(tb[FRA_PROTOCOL]), KERN_RTPROT);
	nlmsg_free(m);
}

/* A route in mip6d's table: the default table is 252, protocol marks it as ours. */
static void
test_table_route(void **state)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct kern_route r;
	struct rtmsg *rtm;
	struct nl_msg *m;

	memset(&r, 0, sizeof(r));
	r.oif = 7;
	r.metric = 1024;
	assert_int_equal(kern_route_table(), 252);
	assert_int_equal(kern_route_build(RTM_NEWROUTE, &r, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*rtm), tb, RTA_MAX, NULL), 0);
	rtm = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(rtm->rtm_protocol, KERN_RTPROT);
	assert_int_equal(rtm->rtm_dst_len, 0);
	assert_int_equal(nla_get_u32(tb[RTA_TABLE]), 252);
	assert_int_equal(nla_get_u32(tb[RTA_OIF]), 7);
	assert_null(tb[RTA_ENCAP]);
	nlmsg_free(m);
	kern_route_set_table(100);
	assert_int_equal(kern_route_table(), 100);
	kern_route_set_table(0);
	assert_int_equal(kern_route_table(), 252);
}

/* "from HoA lookup 252", action to-table, marked with our protocol. */
static void
test_rule(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100");
	struct nlattr *tb[FRA_MAX + 1];
	struct fib_rule_hdr *frh;
	struct nl_msg *m;

	assert_int_equal(kern_rule_build(RTM_NEWRULE, &hoa, 128, 252, 1001, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*frh), tb, FRA_MAX, NULL), 0);
	frh = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(frh->family, AF_INET6);
	assert_int_equal(frh->src_len, 128);
	assert_int_equal(frh->action, FR_ACT_TO_TBL);
	assert_int_equal(nla_get_u32(tb[FRA_PRIORITY]), 1001);
	assert_int_equal(nla_get_u32(tb[FRA_TABLE]), 252);
	assert_int_equal(nla_get_u8(tb[FRA_PROTOCOL]), KERN_RTPROT);
	assert_memory_equal(nla_data(tb[FRA_SRC]), &hoa, 16);
	nlmsg_free(m);
}

/* The HA's one device: ip6tnl in external (collect_md) mode. */
static void
test_external_tunnel(void **state)
{
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *data[IFLA_IPTUN_MAX + 1];
	struct nl_msg *m;

	assert_int_equal(kern_tunnel_external_build("mip6ha", &m), 0);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_flags, NLM_F_CREATE | NLM_F_EXCL);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL),
	    0);
	assert_string_equal(nla_get_string(tb[IFLA_IFNAME]), "mip6ha");
	assert_int_equal(nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL), 0);
	assert_string_equal(nla_get_string(li[IFLA_INFO_KIND]), "ip6tnl");
	assert_int_equal(nla_parse_nested(data, IFLA_IPTUN_MAX, li[IFLA_INFO_DATA], NULL), 0);
	assert_non_null(data[IFLA_IPTUN_COLLECT_METADATA]);
	assert_int_equal(nla_get_u8(data[IFLA_IPTUN_PROTO]), IPPROTO_IPV6);
	nlmsg_free(m);
}

/* MN tunnel: create with a name, move by ifindex repeating every parameter. */
static void
test_mn_tunnel(void **state)
{
	struct in6_addr coa = A("2001:db8:2::100"), ha = A("2001:db8:1::1");
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *data[IFLA_IPTUN_MAX + 1];
	struct ifinfomsg *ifi;
	struct nl_msg *m;
	int move;

	for (move = 0; move < 2; move++) {
		assert_int_equal(kern_tunnel_ip6ip6_build(move ? 9 : 0, move ? NULL : "mip6t0",
		    &coa, &ha, 3, &m), 0);
		assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*ifi), tb, IFLA_MAX, NULL), 0);
		ifi = nlmsg_data(nlmsg_hdr(m));
		if (move) {
			assert_int_equal(ifi->ifi_index, 9);
			assert_false(nlmsg_hdr(m)->nlmsg_flags & NLM_F_CREATE);
		} else {
			assert_string_equal(nla_get_string(tb[IFLA_IFNAME]), "mip6t0");
			assert_true(nlmsg_hdr(m)->nlmsg_flags & NLM_F_CREATE);
		}
		assert_int_equal(nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL), 0);
		assert_string_equal(nla_get_string(li[IFLA_INFO_KIND]), "ip6tnl");
		assert_int_equal(nla_parse_nested(data, IFLA_IPTUN_MAX, li[IFLA_INFO_DATA], NULL),
		    0);
		assert_memory_equal(nla_data(data[IFLA_IPTUN_LOCAL]), &coa, 16);
		assert_memory_equal(nla_data(data[IFLA_IPTUN_REMOTE]), &ha, 16);
		assert_int_equal(nla_get_u32(data[IFLA_IPTUN_LINK]), 3);
		assert_int_equal(nla_get_u8(data[IFLA_IPTUN_PROTO]), IPPROTO_IPV6);
		assert_int_equal(nla_get_u32(data[IFLA_IPTUN_FLAGS]),
		    IP6_TNL_F_MIP6_DEV | IP6_TNL_F_IGN_ENCAP_LIMIT);
		nlmsg_free(m);
	}
}

static void
test_proxy_neigh(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100");
	struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg *nd;
	struct nl_msg *m;

	assert_int_equal(kern_neigh_proxy_build(RTM_NEWNEIGH, 4, &hoa, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*nd), tb, NDA_MAX, NULL), 0);
	nd = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(nd->ndm_family, AF_INET6);
	assert_int_equal(nd->ndm_ifindex, 4);
	assert_true(nd->ndm_flags & NTF_PROXY);
	assert_memory_equal(nla_data(tb[NDA_DST]), &hoa, 16);
	nlmsg_free(m);
}

/* Home address: IFA_F_HOMEADDRESS | IFA_F_NODAD, lifetimes in IFA_CACHEINFO. */
static void
test_home_address(void **state)
{
	struct in6_addr hoa = A("2001:db8:1::100");
	struct nlattr *tb[IFA_MAX + 1];
	struct ifa_cacheinfo *ci;
	struct ifaddrmsg *ifa;
	struct nl_msg *m;

	assert_int_equal(kern_addr_build(RTM_NEWADDR, 4, &hoa, 64, KERN_ADDR_HOME | KERN_ADDR_NODAD,
	    3600, 1800, &m), 0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*ifa), tb, IFA_MAX, NULL), 0);
	ifa = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(ifa->ifa_index, 4);
	assert_int_equal(ifa->ifa_prefixlen, 64);
	assert_int_equal(ifa->ifa_flags, IFA_F_HOMEADDRESS | IFA_F_NODAD);
	assert_memory_equal(nla_data(tb[IFA_LOCAL]), &hoa, 16);
	ci = nla_data(tb[IFA_CACHEINFO]);
	assert_int_equal(ci->ifa_valid, 3600);
	assert_int_equal(ci->ifa_prefered, 1800);
	nlmsg_free(m);

	assert_int_equal(kern_addr_build(RTM_NEWADDR, 4, &hoa, 64,
	    KERN_ADDR_HOME | KERN_ADDR_NOPREFIXROUTE, KERN_ADDR_LIFE_INF, KERN_ADDR_LIFE_INF, &m),
	    0);
	assert_int_equal(nlmsg_parse(nlmsg_hdr(m), sizeof(*ifa), tb, IFA_MAX, NULL), 0);
	assert_non_null(tb[IFA_FLAGS]);
	assert_int_equal(nla_get_u32(tb[IFA_FLAGS]), IFA_F_HOMEADDRESS | IFA_F_NOPREFIXROUTE);
	nlmsg_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ro_state_newsa),
		cmocka_unit_test(test_ro_state_coaddr_bytes),
		cmocka_unit_test(test_ro_state_wildrecv),
		cmocka_unit_test(test_ro_state_icmp6_type),
		cmocka_unit_test(test_policy_icmp6_code),
		cmocka_unit_test(test_sub_policy_delete),
		cmocka_unit_test(test_policy_install),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_esp_state),
		cmocka_unit_test(test_encap_route),
		cmocka_unit_test(test_bpf_xmit_route),
		cmocka_unit_test(test_iif_rule),
		cmocka_unit_test(test_table_route),
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_external_tunnel),
		cmocka_unit_test(test_mn_tunnel),
		cmocka_unit_test(test_proxy_neigh),
		cmocka_unit_test(test_home_address),
	};

	return cmocka_run_group_tests_name("kern_msg", tests, NULL, NULL);
}
