/* xfrm.c - XFRM states and policies: the only code that talks NETLINK_XFRM requests */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xfrm.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/template.h>
#include <netlink/xfrm/lifetime.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern.h"
#include "kern_xfrm.h"
#include "kern_nl.h"
#include "kern_real.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH	135
#endif

/*
 * libnl-xfrm 3.7 builds most of what we need, with four defects worked around here:
 * XFRMA_COADDR is encoded from the wrong pointer (we append our own), DELSA of
 * a route-optimization state lacks XFRMA_SRCADDR, DELPOLICY lacks XFRMA_POLICY_TYPE (a sub
 * policy is then looked for in the main table), and unset addresses are dereferenced (we
 * always set both).  MIGRATE has no builder at all.
 */

/* Record key of a state: what the kernel identifies it by (RO: daddr, saddr, proto). */
struct sa_key {
	uint8_t		proto;
	uint8_t		pad[3];
	uint32_t	spi;
	struct in6_addr	saddr;
	struct in6_addr	daddr;
};

struct sa_ro_val {
	struct in6_addr	coa;
	uint32_t	flags;
};

/* Record key of a policy: selector, direction, type. */
struct sp_key {
	struct kern_xfrm_sel sel;
	uint8_t		dir;
	uint8_t		type;
	uint8_t		pad[2];
};

static const struct in6_addr any6;

static struct nl_addr *
addr6(const struct in6_addr *a)
{
	return nl_addr_build(AF_INET6, a ? a : &any6, sizeof(struct in6_addr));
}

static struct xfrmnl_ltime_cfg *
ltime_inf(void)
{
	struct xfrmnl_ltime_cfg *l;

	if ((l = xfrmnl_ltime_cfg_alloc()) == NULL)
		return NULL;
	xfrmnl_ltime_cfg_set_soft_bytelimit(l, XFRM_INF);
	xfrmnl_ltime_cfg_set_hard_bytelimit(l, XFRM_INF);
	xfrmnl_ltime_cfg_set_soft_packetlimit(l, XFRM_INF);
	xfrmnl_ltime_cfg_set_hard_packetlimit(l, XFRM_INF);
	return l;
}

void
kern_xfrm_sel_init(struct kern_xfrm_sel *sel, const struct in6_addr *saddr, int splen,
    const struct in6_addr *daddr, int dplen, uint8_t proto, int mh_type)
{
	memset(sel, 0, sizeof(*sel));
	if (saddr != NULL)
		sel->saddr = *saddr;
	if (daddr != NULL)
		sel->daddr = *daddr;
	sel->splen = (uint8_t)(saddr ? splen : 0);
	sel->dplen = (uint8_t)(daddr ? dplen : 0);
	sel->proto = proto;
	sel->mh_type = (int16_t)mh_type;
}

static struct xfrmnl_sel *
sel_build(const struct kern_xfrm_sel *s)
{
	struct xfrmnl_sel *sel;
	struct nl_addr *a;

	if ((sel = xfrmnl_sel_alloc()) == NULL)
		return NULL;
	xfrmnl_sel_set_family(sel, AF_INET6);
	a = addr6(&s->saddr);
	xfrmnl_sel_set_saddr(sel, a);
	nl_addr_put(a);
	a = addr6(&s->daddr);
	xfrmnl_sel_set_daddr(sel, a);
	nl_addr_put(a);
	xfrmnl_sel_set_prefixlen_s(sel, s->splen);
	xfrmnl_sel_set_prefixlen_d(sel, s->dplen);
	xfrmnl_sel_set_proto(sel, s->proto);
	xfrmnl_sel_set_ifindex(sel, (unsigned int)s->ifindex);
	if (s->proto == IPPROTO_ICMPV6 && s->icmp_code_set) {
		/* ... and the ICMPv6 code in the destination port (xfrm_flowi_dport) */
		xfrmnl_sel_set_dport(sel, s->icmp_code);
		xfrmnl_sel_set_dportmask(sel, 0xffff);
	} else {
		xfrmnl_sel_set_dport(sel, 0);
		xfrmnl_sel_set_dportmask(sel, 0);
	}
	if ((s->proto == IPPROTO_MH || s->proto == IPPROTO_ICMPV6) && s->mh_type >= 0) {
		/* The kernel matches the MH (or ICMPv6) type in the source port (xfrm_flowi_sport). */
		xfrmnl_sel_set_sport(sel, (unsigned int)s->mh_type);
		xfrmnl_sel_set_sportmask(sel, 0xffff);
	} else {
		xfrmnl_sel_set_sport(sel, 0);
		xfrmnl_sel_set_sportmask(sel, 0);
	}
	return sel;
}

static void
sa_key_init(struct sa_key *k, uint8_t proto, uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	k->spi = spi;
	k->saddr = saddr ? *saddr : any6;
	k->daddr = daddr ? *daddr : any6;
}

/* ---- route optimization states ---- */

int
kern_xfrm_ro_state_build(int cmd, uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags,
    struct nl_msg **msg)
{
	struct kern_xfrm_sel s;
	struct xfrmnl_sa *sa;
	struct xfrmnl_sel *sel;
	struct xfrmnl_ltime_cfg *lt;
	struct nl_addr *a;
	int rc;

	if (type != KERN_RO_RT2 && type != KERN_RO_HAO)
		return -EINVAL;
	if ((sa = xfrmnl_sa_alloc()) == NULL)
		return -ENOMEM;
	xfrmnl_sa_set_family(sa, AF_INET6);
	a = addr6(daddr);
	xfrmnl_sa_set_daddr(sa, a);
	nl_addr_put(a);
	a = addr6(saddr);
	xfrmnl_sa_set_saddr(sa, a);
	nl_addr_put(a);
	xfrmnl_sa_set_spi(sa, 0);
	xfrmnl_sa_set_proto(sa, type);
	xfrmnl_sa_set_mode(sa, XFRM_MODE_ROUTEOPTIMIZATION);
	xfrmnl_sa_set_reqid(sa, 0);
	xfrmnl_sa_set_flags(sa, (flags & KERN_XFRM_F_WILDRECV) ? XFRM_STATE_WILDRECV : 0);
	/* An unspecified address is a wildcard: selector prefix 0.  The kernel matches a
	 * state's selector against the flow, so a narrower one keeps the state to that flow. */
	kern_xfrm_sel_init(&s, saddr, saddr && !addr_is_unspecified(saddr) ? 128 : 0,
	    daddr, daddr && !addr_is_unspecified(daddr) ? 128 : 0,
	    (flags & KERN_XFRM_F_ICMP6) ? IPPROTO_ICMPV6 : 0,
	    (flags & KERN_XFRM_F_ICMP6) ? KERN_XFRM_F_ICMP6_TYPE_OF(flags) : -1);
	if ((sel = sel_build(&s)) != NULL) {
		xfrmnl_sa_set_sel(sa, sel);
		xfrmnl_sel_put(sel);
	}
	if ((lt = ltime_inf()) != NULL) {
		xfrmnl_sa_set_lifetime_cfg(sa, lt);
		xfrmnl_ltime_cfg_put(lt);
	}
	rc = xfrmnl_sa_build_add_request(sa, 0, msg);
	xfrmnl_sa_put(sa);
	if (rc < 0)
		return -ENOMEM;
	nlmsg_hdr(*msg)->nlmsg_type = (uint16_t)cmd;	/* NEWSA or UPDSA: same body */
	/* Our own XFRMA_COADDR: libnl 3.7 copies its nl_addr struct instead of the address. */
	if (nla_put(*msg, XFRMA_COADDR, sizeof(xfrm_address_t), coa ? coa : &any6) < 0) {
		nlmsg_free(*msg);
		return -ENOMEM;
	}
	return 0;
}

static int
sa_del_build(uint8_t proto, uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr, struct nl_msg **msg)
{
	struct xfrmnl_sa *sa;
	struct nl_addr *a;
	int rc;

	if ((sa = xfrmnl_sa_alloc()) == NULL)
		return -ENOMEM;
	xfrmnl_sa_set_family(sa, AF_INET6);
	a = addr6(daddr);
	xfrmnl_sa_set_daddr(sa, a);
	nl_addr_put(a);
	xfrmnl_sa_set_spi(sa, spi);
	xfrmnl_sa_set_proto(sa, proto);
	rc = xfrmnl_sa_build_delete_request(sa, 0, msg);
	xfrmnl_sa_put(sa);
	if (rc < 0)
		return -ENOMEM;
	/* Non-IPsec states are found by (daddr, saddr, proto): the kernel needs SRCADDR. */
	if (nla_put(*msg, XFRMA_SRCADDR, sizeof(xfrm_address_t), saddr ? saddr : &any6) < 0) {
		nlmsg_free(*msg);
		return -ENOMEM;
	}
	return 0;
}

static int
sa_del(uint8_t proto, uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr, int quiet)
{
	struct nl_msg *msg;
	char what[160];
	int rc;

	if ((rc = sa_del_build(proto, spi, saddr, daddr, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "delete XFRM state proto %u spi %#x %s -> %s", proto, spi,
	    addr_str(saddr ? saddr : &any6), addr_str(daddr ? daddr : &any6));
	return kern_nl_request(kern_nl_xfrm(), msg, what, quiet);
}

struct ro_upd {
	uint8_t		type;
	uint8_t		pad[3];
	uint32_t	flags;
	struct in6_addr	saddr, daddr, coa;
};

static void
ro_what(char *what, size_t len, int update, const struct ro_upd *u)
{
	snprintf(what, len, "%s %s state %s -> %s coa %s", update ? "update" : "add",
	    u->type == KERN_RO_RT2 ? "RT2" : "HAO", addr_str(&u->saddr), addr_str(&u->daddr),
	    addr_str(&u->coa));
}

static int
ro_state_update(const struct ro_upd *u)
{
	struct nl_msg *msg;
	char what[200];
	int rc;

	if ((rc = kern_xfrm_ro_state_build(XFRM_MSG_UPDSA, u->type, &u->saddr, &u->daddr,
	    &u->coa, u->flags, &msg)) < 0)
		return rc;
	ro_what(what, sizeof(what), 1, u);
	return kern_nl_request(kern_nl_xfrm(), msg, what, 0);
}

/* A state of that key was there already (not ours, or left behind): take it over. */
static void
ro_state_eexist(const void *arg)
{
	struct ro_upd u;

	memcpy(&u, arg, sizeof(u));
	(void)ro_state_update(&u);
}

static int
ro_state_send(int update, uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags)
{
	struct nl_msg *msg;
	struct ro_upd u;
	char what[200];
	int rc;

	memset(&u, 0, sizeof(u));
	u.type = type;
	u.flags = flags;
	u.saddr = saddr ? *saddr : any6;
	u.daddr = daddr ? *daddr : any6;
	u.coa = coa ? *coa : any6;
	if (update)
		return ro_state_update(&u);
	if ((rc = kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, type, &u.saddr, &u.daddr, &u.coa,
	    flags, &msg)) < 0)
		return rc;
	ro_what(what, sizeof(what), 0, &u);
	return kern_nl_request_ex(kern_nl_xfrm(), msg, what, 0, ro_state_eexist, &u, sizeof(u));
}

_Static_assert(sizeof(struct ro_upd) <= KERN_NL_EEXIST_ARG, "retry argument too long");

int
kern_xfrm_ro_state_add_real(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags)
{
	struct sa_key k;
	struct sa_ro_val v;
	int known, rc;

	sa_key_init(&k, type, 0, saddr, daddr);
	memset(&v, 0, sizeof(v));
	v.coa = coa ? *coa : any6;
	v.flags = flags;
	known = kern_rec_get(KREC_SA, &k, sizeof(k)) != NULL;
	if (!known && kern_rec_put(KREC_SA, &k, sizeof(k), &v, sizeof(v), 1) == -1)
		return -ENOMEM;
	if ((rc = ro_state_send(known, type, saddr, daddr, coa, flags)) < 0) {
		if (!known)
			kern_rec_del(KREC_SA, &k, sizeof(k), 1);
		return rc;
	}
	kern_rec_put(KREC_SA, &k, sizeof(k), &v, sizeof(v), 0);
	return 0;
}

int
kern_xfrm_ro_state_del_real(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	struct sa_key k;
	int rc;

	sa_key_init(&k, type, 0, saddr, daddr);
	rc = sa_del(type, 0, saddr, daddr, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_SA, &k, sizeof(k), 1);
	return rc == -ENOENT || rc == -ESRCH ? 0 : rc;
}

/* ---- ESP states ---- */

int
kern_xfrm_esp_state_build(const struct kern_esp_sa *e, struct nl_msg **msg)
{
	struct kern_xfrm_sel s;
	struct xfrmnl_sa *sa;
	struct xfrmnl_sel *sel;
	struct xfrmnl_ltime_cfg *lt;
	struct nl_addr *a;
	int rc;

	if ((sa = xfrmnl_sa_alloc()) == NULL)
		return -ENOMEM;
	xfrmnl_sa_set_family(sa, AF_INET6);
	a = addr6(&e->daddr);
	xfrmnl_sa_set_daddr(sa, a);
	nl_addr_put(a);
	a = addr6(&e->saddr);
	xfrmnl_sa_set_saddr(sa, a);
	nl_addr_put(a);
	xfrmnl_sa_set_spi(sa, e->spi);
	xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
	xfrmnl_sa_set_mode(sa, e->mode);
	xfrmnl_sa_set_reqid(sa, e->reqid);
	xfrmnl_sa_set_replay_window(sa, 32);
	kern_xfrm_sel_init(&s, NULL, 0, NULL, 0, 0, -1);
	if ((sel = sel_build(&s)) != NULL) {
		xfrmnl_sa_set_sel(sa, sel);
		xfrmnl_sel_put(sel);
	}
	if ((lt = ltime_inf()) != NULL) {
		xfrmnl_sa_set_lifetime_cfg(sa, lt);
		xfrmnl_ltime_cfg_put(lt);
	}
	if (e->auth_alg[0] != '\0')
		xfrmnl_sa_set_auth_params(sa, e->auth_alg, e->auth_keylen * 8u,
		    e->auth_trunc ? e->auth_trunc : 96, (const char *)e->auth_key);
	xfrmnl_sa_set_crypto_params(sa, e->enc_alg[0] ? e->enc_alg : "ecb(cipher_null)",
	    e->enc_keylen * 8u, (const char *)e->enc_key);
	rc = xfrmnl_sa_build_add_request(sa, 0, msg);
	xfrmnl_sa_put(sa);
	return rc < 0 ? -ENOMEM : 0;
}

int
kern_xfrm_esp_state_add_real(const struct kern_esp_sa *e)
{
	struct nl_msg *msg;
	struct sa_key k;
	char what[160];
	int rc;

	sa_key_init(&k, IPPROTO_ESP, e->spi, &e->saddr, &e->daddr);
	if (kern_rec_put(KREC_SA, &k, sizeof(k), e, sizeof(*e), 1) == -1)
		return -ENOMEM;
	if ((rc = kern_xfrm_esp_state_build(e, &msg)) < 0)
		goto fail;
	snprintf(what, sizeof(what), "add ESP state spi %#x %s -> %s", e->spi,
	    addr_str(&e->saddr), addr_str(&e->daddr));
	if ((rc = kern_nl_request(kern_nl_xfrm(), msg, what, 0)) < 0)
		goto fail;
	return 0;
fail:
	kern_rec_del(KREC_SA, &k, sizeof(k), 1);
	return rc;
}

int
kern_xfrm_esp_state_del_real(uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	struct sa_key k;
	int rc;

	sa_key_init(&k, IPPROTO_ESP, spi, saddr, daddr);
	rc = sa_del(IPPROTO_ESP, spi, saddr, daddr, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_SA, &k, sizeof(k), 1);
	return rc == -ENOENT || rc == -ESRCH ? 0 : rc;
}

/* ---- policies ---- */

int
kern_xfrm_policy_build(int cmd, const struct kern_xfrm_policy *p, struct nl_msg **msg)
{
	struct xfrm_userpolicy_type upt;
	struct xfrmnl_sp *sp;
	struct xfrmnl_sel *sel;
	struct xfrmnl_ltime_cfg *lt;
	struct xfrmnl_user_tmpl *t;
	struct nl_addr *a;
	int i, rc;

	if (p->ntmpl > KERN_XFRM_MAXTMPL)
		return -EINVAL;
	if ((sp = xfrmnl_sp_alloc()) == NULL)
		return -ENOMEM;
	if ((sel = sel_build(&p->sel)) == NULL) {
		xfrmnl_sp_put(sp);
		return -ENOMEM;
	}
	xfrmnl_sp_set_sel(sp, sel);
	xfrmnl_sel_put(sel);
	xfrmnl_sp_set_dir(sp, p->dir);
	if (cmd == XFRM_MSG_DELPOLICY) {
		rc = xfrmnl_sp_build_delete_request(sp, 0, msg);
		xfrmnl_sp_put(sp);
		if (rc < 0)
			return -ENOMEM;
		/* libnl 3.7 leaves out the type: a sub policy would be looked for in main. */
		memset(&upt, 0, sizeof(upt));
		upt.type = p->type;
		if (nla_put(*msg, XFRMA_POLICY_TYPE, sizeof(upt), &upt) < 0) {
			nlmsg_free(*msg);
			return -ENOMEM;
		}
		return 0;
	}
	xfrmnl_sp_set_action(sp, p->action);
	xfrmnl_sp_set_priority(sp, KERN_XFRM_PRIO_BASE + p->prio);
	xfrmnl_sp_set_userpolicy_type(sp, p->type);
	xfrmnl_sp_set_share(sp, XFRM_SHARE_ANY);
	if ((lt = ltime_inf()) != NULL) {
		xfrmnl_sp_set_lifetime_cfg(sp, lt);
		xfrmnl_ltime_cfg_put(lt);
	}
	for (i = 0; i < p->ntmpl; i++) {
		if ((t = xfrmnl_user_tmpl_alloc()) == NULL)
			break;
		xfrmnl_user_tmpl_set_family(t, AF_INET6);
		a = addr6(&p->tmpl[i].daddr);
		xfrmnl_user_tmpl_set_daddr(t, a);
		nl_addr_put(a);
		a = addr6(&p->tmpl[i].saddr);
		xfrmnl_user_tmpl_set_saddr(t, a);
		nl_addr_put(a);
		xfrmnl_user_tmpl_set_spi(t, 0);
		xfrmnl_user_tmpl_set_proto(t, p->tmpl[i].proto);
		xfrmnl_user_tmpl_set_mode(t, p->tmpl[i].mode);
		xfrmnl_user_tmpl_set_reqid(t, p->tmpl[i].reqid);
		xfrmnl_user_tmpl_set_optional(t, p->tmpl[i].optional);
		xfrmnl_user_tmpl_set_share(t, XFRM_SHARE_ANY);
		/* As ip(8) does: any algorithm the state carries is acceptable. */
		xfrmnl_user_tmpl_set_aalgos(t, ~0u);
		xfrmnl_user_tmpl_set_ealgos(t, ~0u);
		xfrmnl_user_tmpl_set_calgos(t, ~0u);
		xfrmnl_sp_add_usertemplate(sp, t);
	}
	rc = cmd == XFRM_MSG_NEWPOLICY ? xfrmnl_sp_build_add_request(sp, 0, msg) :
	    xfrmnl_sp_build_update_request(sp, 0, msg);
	xfrmnl_sp_put(sp);
	return rc < 0 ? -ENOMEM : 0;
}

static void
sp_key_init(struct sp_key *k, const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type)
{
	memset(k, 0, sizeof(*k));
	kern_xfrm_sel_init(&k->sel, &sel->saddr, sel->splen, &sel->daddr, sel->dplen,
	    sel->proto, sel->mh_type);
	k->sel.ifindex = sel->ifindex;
	k->sel.icmp_code_set = sel->icmp_code_set;
	k->sel.icmp_code = sel->icmp_code;
	k->dir = dir;
	k->type = type;
}

static const char *
dir_str(int dir)
{
	return dir == XFRM_POLICY_IN ? "in" : dir == XFRM_POLICY_OUT ? "out" : "fwd";
}

static int
policy_send(int cmd, const struct kern_xfrm_policy *p, int quiet)
{
	struct nl_msg *msg;
	char what[200];
	int rc;

	if ((rc = kern_xfrm_policy_build(cmd, p, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s %s policy %s/%u -> %s/%u proto %u type %d dir %s",
	    cmd == XFRM_MSG_DELPOLICY ? "delete" : "install",
	    p->type == XFRM_POLICY_TYPE_SUB ? "sub" : "main",
	    addr_str(&p->sel.saddr), p->sel.splen, addr_str(&p->sel.daddr), p->sel.dplen,
	    p->sel.proto, p->sel.mh_type, dir_str(p->dir));
	return kern_nl_request(kern_nl_xfrm(), msg, what, quiet);
}

int
kern_xfrm_policy_add_real(const struct kern_xfrm_policy *p)
{
	struct sp_key k;
	int rc;

	/* UPDPOLICY inserts or replaces: the same call serves a changed care-of address. */
	if ((rc = policy_send(XFRM_MSG_UPDPOLICY, p, 0)) < 0)
		return rc;
	sp_key_init(&k, &p->sel, p->dir, p->type);
	/* only the templates in use: a correspondent keeps two records per binding, most with
	 * one template of the four the struct has room for (every reader stops at ntmpl) */
	if (kern_rec_put(KREC_POLICY, &k, sizeof(k), p, offsetof(struct kern_xfrm_policy, tmpl) +
	    (size_t)p->ntmpl * sizeof(p->tmpl[0]), 0) == -1)
		return -ENOMEM;
	return 0;
}

int
kern_xfrm_policy_del_real(const struct kern_xfrm_policy *p)
{
	struct sp_key k;
	int rc;

	rc = policy_send(XFRM_MSG_DELPOLICY, p, KERN_NL_QUIET_ENOENT);
	sp_key_init(&k, &p->sel, p->dir, p->type);
	kern_rec_del(KREC_POLICY, &k, sizeof(k), 0);
	return rc == -ENOENT ? 0 : rc;
}

int
kern_xfrm_ro_policy_add_real(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    uint8_t prio)
{
	struct kern_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	p.sel = *sel;
	p.dir = dir;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = prio;
	p.ntmpl = 1;
	p.tmpl[0].proto = type;
	p.tmpl[0].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[0].optional = 1;
	return kern_xfrm_policy_add(&p);
}

int
kern_xfrm_ro_policy_del_real(const struct kern_xfrm_sel *sel, uint8_t dir)
{
	struct kern_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	p.sel = *sel;
	p.dir = dir;
	p.type = XFRM_POLICY_TYPE_SUB;
	return kern_xfrm_policy_del(&p);
}

/* ---- MIGRATE ---- */

static void
sel_to_kernel(const struct kern_xfrm_sel *s, struct xfrm_selector *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(&k->saddr, &s->saddr, 16);
	memcpy(&k->daddr, &s->daddr, 16);
	k->prefixlen_s = s->splen;
	k->prefixlen_d = s->dplen;
	k->proto = s->proto;
	k->family = AF_INET6;
	k->ifindex = s->ifindex;
	if ((s->proto == IPPROTO_MH || s->proto == IPPROTO_ICMPV6) && s->mh_type >= 0) {
		k->sport = htons((uint16_t)s->mh_type);
		k->sport_mask = 0xffff;
	}
	if (s->proto == IPPROTO_ICMPV6 && s->icmp_code_set) {
		k->dport = htons(s->icmp_code);
		k->dport_mask = 0xffff;
	}
}

int
kern_xfrm_migrate_build(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n, struct nl_msg **msg)
{
	struct xfrm_userpolicy_id id;
	struct xfrm_userpolicy_type upt;
	struct xfrm_user_migrate um[KERN_XFRM_MAXTMPL];
	int i;

	if (n < 1 || n > KERN_XFRM_MAXTMPL)
		return -EINVAL;
	memset(&id, 0, sizeof(id));
	sel_to_kernel(sel, &id.sel);
	id.dir = dir;
	memset(um, 0, sizeof(um));
	for (i = 0; i < n; i++) {
		memcpy(&um[i].old_daddr, &m[i].old_daddr, 16);
		memcpy(&um[i].old_saddr, &m[i].old_saddr, 16);
		memcpy(&um[i].new_daddr, &m[i].new_daddr, 16);
		memcpy(&um[i].new_saddr, &m[i].new_saddr, 16);
		um[i].proto = m[i].proto;
		um[i].mode = m[i].mode;
		um[i].reqid = m[i].reqid;
		um[i].old_family = AF_INET6;
		um[i].new_family = AF_INET6;
	}
	memset(&upt, 0, sizeof(upt));
	upt.type = type;
	if ((*msg = nlmsg_alloc_simple(XFRM_MSG_MIGRATE, 0)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(*msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0 ||
	    nla_put(*msg, XFRMA_MIGRATE, (int)(n * sizeof(um[0])), um) < 0 ||
	    nla_put(*msg, XFRMA_POLICY_TYPE, sizeof(upt), &upt) < 0) {
		nlmsg_free(*msg);
		return -ENOMEM;
	}
	return 0;
}

struct sa_move;

struct migrate_ctx {
	const struct kern_xfrm_migrate *m;
	int n;
	struct sp_key key;
	struct sa_move *moves;
};

/* Keep the record in step with what MIGRATE changed in the kernel. */
static void
migrate_policy_rec(struct kern_rec *r, void *arg)
{
	struct migrate_ctx *c = arg;
	struct kern_xfrm_policy *p = KREC_VAL(r);
	int i, j;

	if (memcmp(KREC_KEY(r), &c->key, sizeof(c->key)) != 0)
		return;
	for (i = 0; i < p->ntmpl; i++)
		for (j = 0; j < c->n; j++)
			if (p->tmpl[i].proto == c->m[j].proto &&
			    p->tmpl[i].mode == c->m[j].mode &&
			    addr_eq(&p->tmpl[i].saddr, &c->m[j].old_saddr) &&
			    addr_eq(&p->tmpl[i].daddr, &c->m[j].old_daddr)) {
				p->tmpl[i].saddr = c->m[j].new_saddr;
				p->tmpl[i].daddr = c->m[j].new_daddr;
			}
}

struct sa_move {
	struct sa_move	*next;
	struct sa_key	 k;
	struct kern_esp_sa e;
};

/*
 * Note the states MIGRATE moved; their records are re-keyed after the walk, so that a record
 * put under its new key is never met (and moved again) by the same walk.
 */
static void
migrate_sa_rec(struct kern_rec *r, void *arg)
{
	struct migrate_ctx *c = arg;
	struct sa_key *k = KREC_KEY(r);
	struct kern_esp_sa *e = KREC_VAL(r);
	struct sa_move *mv;
	int j;

	if (k->proto != IPPROTO_ESP || r->vallen != sizeof(*e))
		return;
	for (j = 0; j < c->n; j++)
		if (e->mode == c->m[j].mode && (c->m[j].reqid == 0 || e->reqid == c->m[j].reqid) &&
		    addr_eq(&e->saddr, &c->m[j].old_saddr) &&
		    addr_eq(&e->daddr, &c->m[j].old_daddr)) {
			if ((mv = malloc(sizeof(*mv))) == NULL)
				return;
			mv->k = *k;
			mv->e = *e;
			mv->e.saddr = c->m[j].new_saddr;
			mv->e.daddr = c->m[j].new_daddr;
			mv->next = c->moves;
			c->moves = mv;
			return;
		}
}

static void
migrate_sa_apply(struct sa_move *mv)
{
	struct sa_move *next;
	struct sa_key nk;

	for (; mv != NULL; mv = next) {
		next = mv->next;
		nk = mv->k;
		nk.saddr = mv->e.saddr;
		nk.daddr = mv->e.daddr;
		kern_rec_del(KREC_SA, &mv->k, sizeof(mv->k), 1);
		kern_rec_put(KREC_SA, &nk, sizeof(nk), &mv->e, sizeof(mv->e), 1);
		free(mv);
	}
}

int
kern_xfrm_migrate_real(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n)
{
	struct migrate_ctx c;
	struct nl_msg *msg;
	int rc;

	if ((rc = kern_xfrm_migrate_build(sel, dir, type, m, n, &msg)) < 0)
		return rc;
	if ((rc = kern_nl_request(kern_nl_xfrm(), msg, "migrate", 0)) < 0)
		return rc;
	c.m = m;
	c.n = n;
	c.moves = NULL;
	sp_key_init(&c.key, sel, dir, type);
	kern_rec_foreach(KREC_POLICY, migrate_policy_rec, &c);
	kern_rec_foreach(KREC_SA, migrate_sa_rec, &c);
	migrate_sa_apply(c.moves);
	return 0;
}

/* ---- shutdown, crash clean-up, resync ---- */

static void
forget_sa(struct kern_rec *r, void *arg)
{
	struct sa_key *k = KREC_KEY(r);

	if (*(int *)arg)
		(void)sa_del(k->proto, k->spi, &k->saddr, &k->daddr, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_SA, k, sizeof(*k), *(int *)arg);
}

static void
forget_policy(struct kern_rec *r, void *arg)
{
	struct kern_xfrm_policy *p = KREC_VAL(r);

	if (*(int *)arg)
		(void)policy_send(XFRM_MSG_DELPOLICY, p, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_POLICY, KREC_KEY(r), r->keylen, 0);
}

void
kern_xfrm_forget_all(int remove)
{
	/* Policies first: no packet should find a policy whose states are gone. */
	kern_rec_foreach(KREC_POLICY, forget_policy, &remove);
	kern_rec_foreach(KREC_SA, forget_sa, &remove);
}

void
kern_xfrm_sa_remove_key(const void *key, size_t keylen)
{
	const struct sa_key *k = key;

	if (keylen != sizeof(*k))
		return;
	(void)sa_del(k->proto, k->spi, &k->saddr, &k->daddr, KERN_NL_QUIET_ENOENT);
}

struct pol_id {
	uint32_t	index;
	uint8_t		dir;
	uint8_t		type;
};

struct pol_list {
	struct pol_id	*v;
	size_t		 n, cap;
};

static struct nl_msg *
policy_dump_msg(void)
{
	return nlmsg_alloc_simple(XFRM_MSG_GETPOLICY, NLM_F_DUMP);
}

static int
on_policy(struct nlmsghdr *h, void *arg)
{
	struct pol_list *l = arg;
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info *pi;
	struct xfrm_userpolicy_type *upt;
	struct pol_id *nv;
	uint8_t type = XFRM_POLICY_TYPE_MAIN;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    nlmsg_parse(h, sizeof(*pi), tb, XFRMA_MAX, NULL) < 0)
		return 0;
	pi = nlmsg_data(h);
	if (pi->sel.family != AF_INET6 || pi->priority < KERN_XFRM_PRIO_BASE ||
	    pi->priority >= KERN_XFRM_PRIO_BASE + KERN_XFRM_PRIO_SPAN)
		return 0;
	if (tb[XFRMA_POLICY_TYPE] != NULL && nla_len(tb[XFRMA_POLICY_TYPE]) >= (int)sizeof(*upt)) {
		upt = nla_data(tb[XFRMA_POLICY_TYPE]);
		type = upt->type;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL)
			return -ENOMEM;
		l->v = nv;
	}
	l->v[l->n].index = pi->index;
	l->v[l->n].dir = pi->dir;
	l->v[l->n].type = type;
	l->n++;
	return 0;
}

/* Remove every policy in mip6d's priority band; returns how many went. */
int
kern_xfrm_cleanup_policies(void)
{
	struct xfrm_userpolicy_id id;
	struct xfrm_userpolicy_type upt;
	struct pol_list l = { NULL, 0, 0 };
	struct nl_msg *msg;
	size_t i;
	int n = 0;

	if (kern_nl_dump(kern_nl_xfrm(), policy_dump_msg, on_policy, &l) < 0) {
		free(l.v);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		memset(&id, 0, sizeof(id));
		id.index = l.v[i].index;
		id.dir = l.v[i].dir;
		memset(&upt, 0, sizeof(upt));
		upt.type = l.v[i].type;
		if ((msg = nlmsg_alloc_simple(XFRM_MSG_DELPOLICY, 0)) == NULL)
			break;
		if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0 ||
		    nla_put(msg, XFRMA_POLICY_TYPE, sizeof(upt), &upt) < 0) {
			nlmsg_free(msg);
			break;
		}
		if (kern_nl_request(kern_nl_xfrm(), msg, "remove leftover policy",
		    KERN_NL_QUIET_ENOENT) == 0)
			n++;
	}
	free(l.v);
	return n;
}

static void
resync_policy(struct kern_rec *r, void *arg)
{
	(void)policy_send(XFRM_MSG_UPDPOLICY, KREC_VAL(r), 0);
}

static void
resync_sa(struct kern_rec *r, void *arg)
{
	struct sa_key *k = KREC_KEY(r);
	struct sa_ro_val *v;
	struct nl_msg *msg;

	if (k->proto == IPPROTO_ESP) {
		if (kern_xfrm_esp_state_build(KREC_VAL(r), &msg) == 0)
			(void)kern_nl_request(kern_nl_xfrm(), msg, "reinstall ESP state",
			    KERN_NL_QUIET_EEXIST);
		return;
	}
	v = KREC_VAL(r);
	(void)ro_state_send(0, k->proto, &k->saddr, &k->daddr, &v->coa, v->flags);
}

void
kern_xfrm_resync(void)
{
	kern_rec_foreach(KREC_SA, resync_sa, NULL);
	kern_rec_foreach(KREC_POLICY, resync_policy, NULL);
}
