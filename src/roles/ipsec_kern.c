/* ipsec_kern.c - ESP between Mobile Node and Home Agent with manual keys (RFC 3776, RFC 4877): the
 * XFRM states and policies of the ipsec sections, and their move to a new care-of address */
#include "config.h"

#define LOG_SUBSYS "ipsec"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/xfrm.h>

#include "conf.h"
#include "ipsec_kern.h"
#include "kern_xfrm.h"
#include "log.h"
#include "kern.h"
#include "stats.h"
#include "util.h"
#include "xfrm_prio.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH	135
#endif

#define MH_HOTI		1	/* RFC 6275 6.1 */
#define MH_BU		5
#define MH_BA		6
#define ICMP6_MPS	146	/* RFC 6275 6.7, 6.8 */
#define ICMP6_MPA	147
/* what Linux 6.1 reads as the type and code of an ICMPv6 message behind a HAO or RT2 header */
#define ICMP6_LINUX61_TYPE	IPPROTO_ICMPV6
#define ICMP6_LINUX61_CODE	2

/* One ipsec section at run time: a copy, since a reload frees the configuration it came from
 * (changed ipsec sections need a restart, so the copy stays right). */
struct peer {
	struct conf_ipsec ci;
	int		 tunnel_on;	/* tunnel SAs and policies installed */
	struct in6_addr	 coa;		/* ... for this care-of address */
	int		 transport_on;
};

/*
 * What one side installed.  A node can be home agent and mobile node at once (roles = { ha,
 * mn }): each side has its own sections, SAs and policies, and starting or stopping one
 * leaves the other's alone.
 */
struct side {
	int		 started;
	struct peer	*peers;
	size_t		 npeers;
	struct in6_addr	 catchall[CONF_MAX_HOME_LINKS];	/* conf.c refuses more links */
	size_t		 ncatchall;
};

static struct {
	struct side	 side[2];	/* IPSEC_SIDE_MN, IPSEC_SIDE_HA */
	int		 stat_base_ok;
	unsigned long long base[3], last[3];
} ips;

static const struct in6_addr any6;

/* ---- pure: what to install ---- */

static int
mh_protected(const struct conf_ipsec *ci)
{
	return ci->protect_mh && ci->transport[0].set && ci->transport[1].set;
}

static int
mpd_protected(const struct conf_ipsec *ci)
{
	return ci->protect_mpd && ci->transport[0].set && ci->transport[1].set;
}

static int
tunnel_wanted(const struct conf_ipsec *ci)
{
	return (ci->protect_rr || ci->protect_payload) && ci->tunnel[0].set && ci->tunnel[1].set;
}

static void
pol_init(struct kern_xfrm_policy *p, uint8_t dir, uint8_t prio)
{
	memset(p, 0, sizeof(*p));
	p->dir = dir;
	p->type = XFRM_POLICY_TYPE_MAIN;
	p->action = XFRM_POLICY_ALLOW;
	p->prio = prio;
}

static void
pol_esp(struct kern_xfrm_policy *p, uint8_t mode, uint32_t reqid, const struct in6_addr *src,
    const struct in6_addr *dst)
{
	struct kern_xfrm_tmpl *t = &p->tmpl[p->ntmpl++];

	t->proto = IPPROTO_ESP;
	t->mode = mode;
	t->reqid = reqid;
	t->saddr = src ? *src : any6;
	t->daddr = dst ? *dst : any6;
}

/*
 * Transport mode (RFC 3776 4.1, RFC 4877 5): one policy per message type and direction.
 *
 * Which source address the selector sees differs by side.  The MN sends its BUs through the
 * raw Mobility Header socket from the care-of address with the Home Address option given as
 * ancillary data, so the flow XFRM looks up on output has the CARE-OF address as source (and
 * the kernel's HAO processing does not change it): the MN's outbound selectors are "any
 * source -> HA", which also covers the de-registration from the home address.  The ESP state
 * for that direction accordingly has an unspecified source (the kernel's state lookup falls
 * back to the wildcard source).  On the HA the Home Address option has been swapped into the
 * source before the inbound policy check, so the selector there is "HoA -> HA".  The HA's BA
 * leaves with the type 2 routing header as ancillary data and the final destination (the HoA)
 * in the flow: "HA -> HoA", and the MN checks the BA after the routing header, "HA -> HoA".
 */
static size_t
transport_policies(const struct conf_ipsec *ci, int side, struct kern_xfrm_policy *out)
{
	const uint32_t up = ci->transport[CONF_DIR_MN_TO_HA].spi;
	const uint32_t down = ci->transport[CONF_DIR_HA_TO_MN].spi;
	struct kern_xfrm_policy *p = out;
	const struct in6_addr *mn_src = side == IPSEC_SIDE_MN ? NULL : &ci->hoa;
	int mn_splen = side == IPSEC_SIDE_MN ? 0 : 128;
	uint8_t up_dir = side == IPSEC_SIDE_MN ? XFRM_POLICY_OUT : XFRM_POLICY_IN;
	uint8_t down_dir = side == IPSEC_SIDE_MN ? XFRM_POLICY_IN : XFRM_POLICY_OUT;

	if (mh_protected(ci)) {
		pol_init(p, up_dir, IPSEC_PRIO_TRANSPORT);
		kern_xfrm_sel_init(&p->sel, mn_src, mn_splen, &ci->ha, 128, IPPROTO_MH, MH_BU);
		pol_esp(p++, XFRM_MODE_TRANSPORT, up, NULL, NULL);
		pol_init(p, down_dir, IPSEC_PRIO_TRANSPORT);
		kern_xfrm_sel_init(&p->sel, &ci->ha, 128, &ci->hoa, 128, IPPROTO_MH, MH_BA);
		pol_esp(p++, XFRM_MODE_TRANSPORT, down, NULL, NULL);
	}
	/*
	 * Mobile prefix discovery: ESP transport when the section protects it; otherwise, when
	 * the payload goes through the ESP tunnel, the same selectors without a template, so
	 * that the tunnel's policies (home address <-> any) neither take nor refuse them.
	 */
	if (mpd_protected(ci) || (tunnel_wanted(ci) && ci->protect_payload)) {
		int esp = mpd_protected(ci);

		/*
		 * The ICMPv6 type goes where the MH type does (the kernel's flow "source port").
		 * The MN sends its MPS from the home address and the kernel adds the Home Address
		 * option (mn_kern.c), so the lookup sees type 146 and the MPS leaves under ESP; the
		 * HA's MPA names type 147 with its routing header.
		 */
		pol_init(p, up_dir, IPSEC_PRIO_TRANSPORT);
		kern_xfrm_sel_init(&p->sel, mn_src, mn_splen, &ci->ha, 128, IPPROTO_ICMPV6,
		    ICMP6_MPS);
		if (esp)
			pol_esp(p, XFRM_MODE_TRANSPORT, up, NULL, NULL);
		p++;
		pol_init(p, down_dir, IPSEC_PRIO_TRANSPORT);
		kern_xfrm_sel_init(&p->sel, &ci->ha, 128, &ci->hoa, 128, IPPROTO_ICMPV6, ICMP6_MPA);
		if (esp)
			pol_esp(p, XFRM_MODE_TRANSPORT, down, NULL, NULL);
		p++;
		/*
		 * Inbound, Linux 6.1 (_decode_session6) reads the ICMPv6 type and code of a
		 * received message behind one extension header from that header instead: its next
		 * header (58) and length (2, the 24 bytes of a Home Address option or a type 2
		 * routing header).  So the MPS reaches the home agent, and the MPA the mobile
		 * node, as "type 58 code 2", which the policies above never match.  The same is
		 * required for that reading; no ICMPv6 message has type 58, so a kernel that reads
		 * the type right never meets this policy and enforces the ones above.
		 */
		pol_init(p, XFRM_POLICY_IN, IPSEC_PRIO_TRANSPORT);
		if (side == IPSEC_SIDE_MN)
			kern_xfrm_sel_init(&p->sel, &ci->ha, 128, &ci->hoa, 128, IPPROTO_ICMPV6,
			    ICMP6_LINUX61_TYPE);
		else
			kern_xfrm_sel_init(&p->sel, &ci->hoa, 128, &ci->ha, 128, IPPROTO_ICMPV6,
			    ICMP6_LINUX61_TYPE);
		kern_xfrm_sel_code(&p->sel, ICMP6_LINUX61_CODE);
		if (esp)
			pol_esp(p, XFRM_MODE_TRANSPORT, side == IPSEC_SIDE_MN ? down : up, NULL,
			    NULL);
		p++;
	}
	return (size_t)(p - out);
}

/*
 * Tunnel mode (RFC 4877 5.2): everything from the home address through the MN-HA tunnel when
 * payload is protected, else only return routability: HoTI out, Mobility Headers back.  The outer
 * addresses are the care-of address and the HA.  No "dev" in the selectors: Linux fills the
 * flow's output interface only for forwarded packets, so a device selector would miss what
 * the MN itself sends; the XFRM bundle takes the place of the ip6ip6 route on its own.
 * HA: out and fwd towards the MN, in and fwd from it (decapsulated packets are checked
 * against in when local, fwd when forwarded).
 */
static size_t
tunnel_policies(const struct conf_ipsec *ci, int side, const struct in6_addr *coa,
    struct kern_xfrm_policy *out)
{
	const uint32_t up = ci->tunnel[CONF_DIR_MN_TO_HA].spi;
	const uint32_t down = ci->tunnel[CONF_DIR_HA_TO_MN].spi;
	int payload = ci->protect_payload;
	uint8_t prio = payload ? IPSEC_PRIO_PAYLOAD : IPSEC_PRIO_RR;
	uint8_t proto = payload ? 0 : IPPROTO_MH;
	int up_type = payload ? -1 : MH_HOTI;	/* the HoT (MH_HOT) comes back: see below */
	struct kern_xfrm_policy *p = out;

	if (!tunnel_wanted(ci))
		return 0;
	if (side == IPSEC_SIDE_MN) {
		pol_init(p, XFRM_POLICY_OUT, prio);
		kern_xfrm_sel_init(&p->sel, &ci->hoa, 128, NULL, 0, proto, up_type);
		pol_esp(p++, XFRM_MODE_TUNNEL, up, coa, &ci->ha);
		/* by MH type only outbound: see below */
		pol_init(p, XFRM_POLICY_IN, prio);
		kern_xfrm_sel_init(&p->sel, NULL, 0, &ci->hoa, 128, proto, -1);
		pol_esp(p++, XFRM_MODE_TUNNEL, down, &ci->ha, coa);
		return (size_t)(p - out);
	}
	/*
	 * Linux 6.1 matches no MH type on a packet it forwards or has decapsulated (seen in the
	 * lab: the HoT from a correspondent left the HA in plain ip6ip6, and a HoTI or HoT out of
	 * the ESP tunnel found no policy, XfrmInNoPols).  So only what the nodes send themselves
	 * is selected by type (the MN's HoTI out, the HA's HoTI in, which never matches); the
	 * HA's out and fwd and the MN's in take every Mobility Header to or from the home
	 * address.  The MN sends no other through the tunnel (its BUs leave from the care-of
	 * address); the BA from the HA keeps its transport mode (priority 2).
	 */
	pol_init(p, XFRM_POLICY_OUT, prio);
	kern_xfrm_sel_init(&p->sel, NULL, 0, &ci->hoa, 128, proto, -1);
	pol_esp(p++, XFRM_MODE_TUNNEL, down, &ci->ha, coa);
	pol_init(p, XFRM_POLICY_IN, prio);
	kern_xfrm_sel_init(&p->sel, &ci->hoa, 128, NULL, 0, proto, up_type);
	pol_esp(p++, XFRM_MODE_TUNNEL, up, coa, &ci->ha);
	pol_init(p, XFRM_POLICY_FWD, prio);
	kern_xfrm_sel_init(&p->sel, &ci->hoa, 128, NULL, 0, proto, -1);
	pol_esp(p++, XFRM_MODE_TUNNEL, up, coa, &ci->ha);
	return (size_t)(p - out);
}

size_t
ipsec_policies(const struct conf_ipsec *ci, int side, int tunnel, const struct in6_addr *coa,
    struct kern_xfrm_policy *out)
{
	return tunnel ? tunnel_policies(ci, side, coa, out) : transport_policies(ci, side, out);
}

static void
sa_fill(struct kern_esp_sa *sa, const struct conf_sa *c, uint8_t mode,
    const struct in6_addr *src, const struct in6_addr *dst)
{
	memset(sa, 0, sizeof(*sa));
	sa->spi = c->spi;
	sa->reqid = c->spi;	/* unique in the file, the same on both sides */
	sa->mode = mode;
	sa->saddr = src ? *src : any6;
	sa->daddr = *dst;
	snprintf(sa->auth_alg, sizeof(sa->auth_alg), "%s", conf_auth_xfrm_name(c->auth));
	memcpy(sa->auth_key, c->auth_key, c->auth_key_len);
	sa->auth_keylen = (uint16_t)c->auth_key_len;
	sa->auth_trunc = (uint16_t)conf_auth_trunc_bits(c->auth);
	if (c->enc == CONF_ENC_NULL)
		snprintf(sa->enc_alg, sizeof(sa->enc_alg), "ecb(cipher_null)");
	else {
		snprintf(sa->enc_alg, sizeof(sa->enc_alg), "%s", conf_enc_xfrm_name(c->enc));
		memcpy(sa->enc_key, c->enc_key, c->enc_key_len);
		sa->enc_keylen = (uint16_t)c->enc_key_len;
	}
}

size_t
ipsec_sas(const struct conf_ipsec *ci, int side, int tunnel, const struct in6_addr *coa,
    struct kern_esp_sa *out)
{
	const struct conf_sa *up, *down;

	if (tunnel) {
		if (!tunnel_wanted(ci))
			return 0;
		up = &ci->tunnel[CONF_DIR_MN_TO_HA];
		down = &ci->tunnel[CONF_DIR_HA_TO_MN];
		sa_fill(&out[0], up, XFRM_MODE_TUNNEL, coa, &ci->ha);
		sa_fill(&out[1], down, XFRM_MODE_TUNNEL, &ci->ha, coa);
		return 2;
	}
	if (!mh_protected(ci) && !mpd_protected(ci))
		return 0;
	up = &ci->transport[CONF_DIR_MN_TO_HA];
	down = &ci->transport[CONF_DIR_HA_TO_MN];
	/* the MN's outbound source is the care-of address or the HoA: see transport_policies */
	sa_fill(&out[0], up, XFRM_MODE_TRANSPORT, side == IPSEC_SIDE_MN ? NULL : &ci->hoa,
	    &ci->ha);
	sa_fill(&out[1], down, XFRM_MODE_TRANSPORT, &ci->ha, &ci->hoa);
	return 2;
}

/*
 * RFC 6275 5.1, 10.3.1: where IPsec is required, a BU to the HA that no per-home-address
 * policy let in is refused, whatever home address it names (also one without an ipsec
 * section).  A block policy for every BU to the HA, behind the per-home-address ones.
 */
void
ipsec_catchall(const struct in6_addr *ha_addr, struct kern_xfrm_policy *out)
{
	pol_init(out, XFRM_POLICY_IN, IPSEC_PRIO_CATCHALL);
	out->action = XFRM_POLICY_BLOCK;
	kern_xfrm_sel_init(&out->sel, NULL, 0, ha_addr, 128, IPPROTO_MH, MH_BU);
}

/*
 * Route optimization under ESP tunnel mode (RFC 4877 with RFC 6275 9, 11.6): the tunnel
 * policies take everything from and to the home address (payload) or every Mobility Header
 * into it (return routability), so the traffic of a correspondent that route optimization
 * sends directly (type 2 routing header in, Home Address option out) would be refused.  Per
 * correspondent, while route optimization with it is set up: in, a policy at priority 8
 * (before both tunnel ones) whose ESP tunnel template is optional, so that the same
 * correspondent's packets pass both directly and through the tunnel (its Home Test, and
 * everything before route optimization is up); out, a policy at priority 10 (before the
 * payload's 11, after the Home Test Init's 9) without templates.
 */
size_t
ipsec_ro_exemption(const struct conf_ipsec *ci, const struct in6_addr *cn,
    struct kern_xfrm_policy *out)
{
	struct kern_xfrm_policy *p = out;

	if (!tunnel_wanted(ci))
		return 0;
	pol_init(p, XFRM_POLICY_IN, IPSEC_PRIO_RO_IN);
	kern_xfrm_sel_init(&p->sel, cn, 128, &ci->hoa, 128, 0, -1);
	/* no outer addresses: the template follows the care-of address without MIGRATE */
	pol_esp(p, XFRM_MODE_TUNNEL, ci->tunnel[CONF_DIR_HA_TO_MN].spi, NULL, NULL);
	p->tmpl[0].optional = 1;
	p++;
	if (ci->protect_payload) {
		pol_init(p, XFRM_POLICY_OUT, IPSEC_PRIO_RO_OUT);
		kern_xfrm_sel_init(&p->sel, &ci->hoa, 128, cn, 128, 0, -1);
		p++;
	}
	return (size_t)(p - out);
}

/* ---- effects ---- */

static int
install(int side, const struct conf_ipsec *ci, int tunnel, const struct in6_addr *coa)
{
	struct kern_xfrm_policy pol[IPSEC_MAX_POLICIES];
	struct kern_esp_sa sa[IPSEC_MAX_SAS];
	size_t i, np, ns;
	int rc;

	ns = ipsec_sas(ci, side, tunnel, coa, sa);
	np = ipsec_policies(ci, side, tunnel, coa, pol);
	/* states first: a policy without its state would stop the traffic it selects */
	for (i = 0; i < ns; i++)
		if ((rc = kern_xfrm_esp_state_add(&sa[i])) < 0 && rc != -EEXIST) {
			log_warnx("%s: ESP %s state spi %#x: %s", addr_str(&ci->hoa),
			    tunnel ? "tunnel" : "transport", sa[i].spi, strerror(-rc));
			return -1;
		}
	for (i = 0; i < np; i++)
		if ((rc = kern_xfrm_policy_add(&pol[i])) < 0) {
			log_warnx("%s: ESP %s policy: %s", addr_str(&ci->hoa),
			    tunnel ? "tunnel" : "transport", strerror(-rc));
			return -1;
		}
	if (ns > 0)
		log_info("%s: ESP %s mode with %s%s%s: %zu states, %zu policies",
		    addr_str(&ci->hoa), tunnel ? "tunnel" : "transport", addr_str(&ci->ha),
		    tunnel ? " from " : "", tunnel ? addr_str(coa) : "", ns, np);
	return 0;
}

static void
uninstall(int side, const struct conf_ipsec *ci, int tunnel, const struct in6_addr *coa)
{
	struct kern_xfrm_policy pol[IPSEC_MAX_POLICIES];
	struct kern_esp_sa sa[IPSEC_MAX_SAS];
	size_t i, np, ns;

	ns = ipsec_sas(ci, side, tunnel, coa, sa);
	np = ipsec_policies(ci, side, tunnel, coa, pol);
	for (i = 0; i < np; i++)
		kern_xfrm_policy_del(&pol[i]);
	for (i = 0; i < ns; i++)
		kern_xfrm_esp_state_del(sa[i].spi, &sa[i].saddr, &sa[i].daddr);
}

/*
 * RFC 6275 11.7.1 / RFC 4877 5.3: the tunnel-mode SAs follow the care-of address.  One
 * XFRM_MSG_MIGRATE per policy moves its template and the states with the old outer addresses
 * (the first policy that names a state moves it; sequence numbers and replay windows go with
 * it).  A kernel without MIGRATE gets them deleted and added again.
 */
static int
migrate(int side, const struct conf_ipsec *ci, const struct in6_addr *old,
    const struct in6_addr *coa)
{
	struct kern_xfrm_policy pol[IPSEC_MAX_POLICIES];
	struct kern_xfrm_migrate m;
	size_t i, np;
	int rc, failed = 0;

	np = ipsec_policies(ci, side, 1, old, pol);
	for (i = 0; i < np; i++) {
		memset(&m, 0, sizeof(m));
		m.old_saddr = pol[i].tmpl[0].saddr;
		m.old_daddr = pol[i].tmpl[0].daddr;
		m.new_saddr = addr_eq(&m.old_saddr, old) ? *coa : m.old_saddr;
		m.new_daddr = addr_eq(&m.old_daddr, old) ? *coa : m.old_daddr;
		m.proto = IPPROTO_ESP;
		m.mode = XFRM_MODE_TUNNEL;
		m.reqid = pol[i].tmpl[0].reqid;
		if ((rc = kern_xfrm_migrate(&pol[i].sel, pol[i].dir, pol[i].type, &m, 1)) < 0) {
			log_warnx("%s: MIGRATE of the ESP tunnel from %s to %s: %s",
			    addr_str(&ci->hoa), addr_str(old), addr_str(coa), strerror(-rc));
			failed = 1;
			break;
		}
	}
	if (!failed) {
		stats_inc("ipsec.migrated");
		log_info("%s: ESP tunnel SAs and policies migrated from %s to %s",
		    addr_str(&ci->hoa), addr_str(old), addr_str(coa));
		return 0;
	}
	stats_inc("err.ipsec-migrate");
	uninstall(side, ci, 1, old);
	return install(side, ci, 1, coa);
}

static struct peer *
peer_find(int side, const struct in6_addr *hoa)
{
	struct side *sd = &ips.side[side];
	size_t i;

	for (i = 0; i < sd->npeers; i++)
		if (addr_eq(&sd->peers[i].ci.hoa, hoa))
			return &sd->peers[i];
	return NULL;
}

/*
 * With the payload in the ESP tunnel the home agent keeps no route-optimization state for the
 * binding (ha_kern.c: all traffic between the two goes through the tunnel), but prefix
 * discovery still crosses outside it (RFC 6275 10.6.2, 11.4.2): the MPS comes from the care-of
 * address with a Home Address option, the MPA leaves with a type 2 routing header.  These sub
 * policies name those messages only (the MPS also as Linux 6.1 reads it: transport_policies),
 * and the routing header's state follows the care-of address.
 */
static int
ha_mpd_ro(int add, const struct conf_ipsec *ci, const struct in6_addr *coa)
{
	static const struct { uint8_t dir, ro; int type, code; } pol[] = {
		{ XFRM_POLICY_OUT, KERN_RO_RT2, ICMP6_MPA, -1 },
		{ XFRM_POLICY_IN, KERN_RO_HAO, ICMP6_MPS, -1 },
		{ XFRM_POLICY_IN, KERN_RO_HAO, ICMP6_LINUX61_TYPE, ICMP6_LINUX61_CODE },
	};
	struct kern_xfrm_sel sel;
	size_t i;
	int rc = 0;

	if (!add)
		kern_xfrm_ro_state_del(KERN_RO_RT2, &ci->ha, &ci->hoa);
	for (i = 0; i < sizeof(pol) / sizeof(pol[0]); i++) {
		if (pol[i].dir == XFRM_POLICY_OUT)
			kern_xfrm_sel_init(&sel, &ci->ha, 128, &ci->hoa, 128, IPPROTO_ICMPV6,
			    pol[i].type);
		else
			kern_xfrm_sel_init(&sel, &ci->hoa, 128, &ci->ha, 128, IPPROTO_ICMPV6,
			    pol[i].type);
		if (pol[i].code >= 0)
			kern_xfrm_sel_code(&sel, (uint8_t)pol[i].code);
		if (!add)
			kern_xfrm_ro_policy_del(&sel, pol[i].dir);
		else if ((rc = kern_xfrm_ro_policy_add(&sel, pol[i].dir, pol[i].ro,
		    XFRM_PRIO_HOME_OTHER)) < 0)
			return rc;
	}
	if (!add)
		return 0;
	return kern_xfrm_ro_state_add(KERN_RO_RT2, &ci->ha, &ci->hoa, coa,
	    KERN_XFRM_F_ICMP6_TYPE(ICMP6_MPA));
}

static int
tunnel_set(int side, const struct in6_addr *hoa, const struct in6_addr *coa)
{
	struct peer *p;
	int depth, rc;

	if (!ips.side[side].started || (p = peer_find(side, hoa)) == NULL ||
	    !tunnel_wanted(&p->ci))
		return 0;
	if (p->tunnel_on && addr_eq(&p->coa, coa))
		return 0;
	/*
	 * Inside a batch (a burst of BUs) these requests would be answered only at its end,
	 * after this binding was counted as protected: step out of it, so that a refused state
	 * or MIGRATE is known here, undone, and the binding refused (its BA says so).
	 */
	depth = kern_batch_suspend();
	rc = p->tunnel_on ? migrate(side, &p->ci, &p->coa, coa) : install(side, &p->ci, 1, coa);
	if (rc < 0)
		uninstall(side, &p->ci, 1, coa);	/* what of it got in */
	kern_batch_resume(depth);
	if (rc < 0) {
		p->tunnel_on = 0;
		stats_inc("err.ipsec-tunnel");
		return -1;
	}
	p->tunnel_on = 1;
	p->coa = *coa;
	if (side == IPSEC_SIDE_HA && p->ci.protect_payload && ha_mpd_ro(1, &p->ci, coa) < 0)
		log_warnx("%s: no route-optimization state for prefix discovery beside the ESP "
		    "tunnel", addr_str(hoa));
	return 0;
}

static void
tunnel_del(int side, const struct in6_addr *hoa)
{
	struct peer *p;

	if (!ips.side[side].started || (p = peer_find(side, hoa)) == NULL || !p->tunnel_on)
		return;
	if (side == IPSEC_SIDE_HA && p->ci.protect_payload)
		ha_mpd_ro(0, &p->ci, NULL);
	uninstall(side, &p->ci, 1, &p->coa);
	p->tunnel_on = 0;
	log_info("%s: ESP tunnel SAs and policies removed", addr_str(hoa));
}

static void stat_baseline(void);

static void
stop_side(int side)
{
	struct side *sd = &ips.side[side];
	struct kern_xfrm_policy p;
	size_t i;

	for (i = 0; i < sd->ncatchall; i++) {
		ipsec_catchall(&sd->catchall[i], &p);
		kern_xfrm_policy_del(&p);
	}
	sd->ncatchall = 0;
	for (i = 0; i < sd->npeers; i++) {
		if (sd->peers[i].tunnel_on && side == IPSEC_SIDE_HA &&
		    sd->peers[i].ci.protect_payload)
			ha_mpd_ro(0, &sd->peers[i].ci, NULL);
		if (sd->peers[i].tunnel_on)
			uninstall(side, &sd->peers[i].ci, 1, &sd->peers[i].coa);
		if (sd->peers[i].transport_on)
			uninstall(side, &sd->peers[i].ci, 0, NULL);
	}
	free(sd->peers);
	sd->peers = NULL;
	sd->npeers = 0;
	sd->started = 0;
}

/*
 * Which side installs a section: the mobile node those of its own home addresses, the home
 * agent every other one.  On a node with both roles a section is so installed once, by the
 * side whose end of the association the node is (the SPIs are unique in the file, the kernel
 * keys SAs by destination and SPI: two sides installing one section would clash).
 */
int
ipsec_side_of(const struct conf *c, const struct conf_ipsec *ci, int side)
{
	int own = conf_home_addr_find(c, &ci->hoa) != NULL;

	if (side == IPSEC_SIDE_MN)
		return own;
	return !own || !(c->roles & ROLE_MN);
}

static int
start(const struct conf *c, int side)
{
	struct side *sd = &ips.side[side];
	size_t i;

	if (sd->started)
		stop_side(side);
	sd->npeers = 0;
	if (c->nipsec > 0 && (sd->peers = calloc(c->nipsec, sizeof(*sd->peers))) == NULL)
		return -1;
	sd->started = 1;
	if (!ips.side[!side].started) {
		ips.stat_base_ok = 0;
		if (c->nipsec > 0 || (side == IPSEC_SIDE_HA && c->ha.ipsec_required))
			stat_baseline();
	}
	for (i = 0; i < c->nipsec; i++) {
		const struct conf_ipsec *ci = &c->ipsec[i];

		if (!ipsec_side_of(c, ci, side))
			continue;
		sd->peers[sd->npeers].ci = *ci;
		sd->peers[sd->npeers].transport_on = 1;
		sd->npeers++;
		if (install(side, ci, 0, NULL) < 0)
			goto fail;
	}
	return 0;
fail:
	stop_side(side);
	return -1;
}

int
ipsec_ha_start(const struct conf *c)
{
	struct side *sd = &ips.side[IPSEC_SIDE_HA];
	struct kern_xfrm_policy p;
	size_t i, j;
	int rc;

	if (start(c, IPSEC_SIDE_HA) < 0)
		return -1;
	if (!c->ha.ipsec_required)
		return 0;
	for (i = 0; i < c->nhome_links && sd->ncatchall < CONF_MAX_HOME_LINKS; i++) {
		const struct in6_addr *a = &c->home_links[i].ha_addr;

		for (j = 0; j < sd->ncatchall; j++)
			if (addr_eq(&sd->catchall[j], a))
				break;
		if (j < sd->ncatchall)
			continue;
		ipsec_catchall(a, &p);
		if ((rc = kern_xfrm_policy_add(&p)) < 0) {
			log_warnx("ipsec-required: block policy for Binding Updates to %s: %s",
			    addr_str(a), strerror(-rc));
			stop_side(IPSEC_SIDE_HA);
			return -1;
		}
		sd->catchall[sd->ncatchall++] = *a;
		log_info("ipsec-required: Binding Updates to %s only under an ipsec section's SA",
		    addr_str(a));
	}
	return 0;
}

void
ipsec_ha_stop(void)
{
	if (ips.side[IPSEC_SIDE_HA].started)
		stop_side(IPSEC_SIDE_HA);
}

int
ipsec_ha_binding_set(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	if (addr_eq(hoa, coa)) {
		ipsec_ha_binding_del(hoa);
		return 0;
	}
	return tunnel_set(IPSEC_SIDE_HA, hoa, coa);
}

void
ipsec_ha_binding_del(const struct in6_addr *hoa)
{
	tunnel_del(IPSEC_SIDE_HA, hoa);
}

int
ipsec_ha_payload_protected(const struct in6_addr *hoa)
{
	struct peer *p;

	return ips.side[IPSEC_SIDE_HA].started &&
	    (p = peer_find(IPSEC_SIDE_HA, hoa)) != NULL && tunnel_wanted(&p->ci) &&
	    p->ci.protect_payload;
}

int
ipsec_mn_start(const struct conf *c)
{
	return start(c, IPSEC_SIDE_MN);
}

void
ipsec_mn_stop(void)
{
	if (ips.side[IPSEC_SIDE_MN].started)
		stop_side(IPSEC_SIDE_MN);
}

int
ipsec_mn_away(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	return tunnel_set(IPSEC_SIDE_MN, hoa, coa);
}

void
ipsec_mn_home(const struct in6_addr *hoa)
{
	tunnel_del(IPSEC_SIDE_MN, hoa);
}

int
ipsec_mn_ro_exempt(int add, const struct in6_addr *hoa, const struct in6_addr *cn)
{
	struct kern_xfrm_policy pol[IPSEC_MAX_POLICIES];
	struct peer *p;
	size_t i, n;
	int rc;

	if (!ips.side[IPSEC_SIDE_MN].started || (p = peer_find(IPSEC_SIDE_MN, hoa)) == NULL)
		return 0;
	n = ipsec_ro_exemption(&p->ci, cn, pol);
	for (i = 0; i < n; i++) {
		if (!add) {
			kern_xfrm_policy_del(&pol[i]);
			continue;
		}
		if ((rc = kern_xfrm_policy_add(&pol[i])) < 0) {
			log_warnx("%s: route optimization with %s beside the ESP tunnel: %s",
			    addr_str(hoa), addr_str(cn), strerror(-rc));
			return -1;
		}
	}
	if (n > 0 && add)
		log_info("%s: route optimization with %s beside the ESP tunnel", addr_str(hoa),
		    addr_str(cn));
	return 0;
}

/* ---- counters ---- */

static const char *stat_names[3] = {
	"xfrm.in-tmpl-mismatch", "xfrm.in-no-states", "xfrm.in-pol-block"
};

static void
stat_baseline(void)
{
	int i;

	ips.stat_base_ok = kern_xfrm_stat_read(ips.base) == 0;
	memcpy(ips.last, ips.base, sizeof(ips.last));
	if (!ips.stat_base_ok) {
		log_warnx("no /proc/net/xfrm_stat (a kernel without XFRM_STATISTICS): drops of "
		    "unprotected messages are not counted");
		return;
	}
	/* shown from the start, so that 0 says "none dropped" */
	stats_add("drop.not-under-esp", 0);
	for (i = 0; i < 3; i++)
		stats_add(stat_names[i], 0);
}

void
ipsec_stats_refresh(void)
{
	const char **names = stat_names;
	unsigned long long v[3];
	int i;

	unsigned long long d[3] = { 0, 0, 0 };

	if ((!ips.side[0].started && !ips.side[1].started) || !ips.stat_base_ok ||
	    kern_xfrm_stat_read(v) < 0)
		return;
	for (i = 0; i < 3; i++) {
		if (v[i] > ips.last[i]) {
			d[i] = v[i] - ips.last[i];
			stats_add(names[i], d[i]);
			stats_add("drop.not-under-esp", d[i]);
		}
		ips.last[i] = v[i];
	}
	/* the daemon never sees these packets: the log says so when it learns of them */
	if (d[0] + d[1] + d[2] > 0)
		log_notice("the kernel dropped %llu packet(s) not under the expected ESP SA: "
		    "%llu template mismatch, %llu without a state, %llu blocked by policy",
		    d[0] + d[1] + d[2], d[0], d[1], d[2]);
}
