/* cn_kern.c - the kernel state of bindings over the XFRM manager and its events: the
 * correspondent node's, and the home agent's for what it sends and receives itself (a home
 * registration is a Binding Cache entry too, RFC 6275 9.3) */
#include "config.h"

#define LOG_SUBSYS "cn"

#include <stdlib.h>
#include <string.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>

#include <linux/xfrm.h>

#include "cn_kern.h"
#include "kern_monitor.h"
#include "kern_xfrm.h"
#include "log.h"
#include "mh.h"
#include "util.h"
#include "xfrm_prio.h"


/* A pair whose shared policies are in place, and which roles want them. */
struct cn_kern_pair {
	struct cn_kern_pair	*next;
	struct in6_addr		 local;
	struct in6_addr		 peer;
	unsigned int		 owners;	/* CN_KERN_OWNER_* */
};

static struct {
	struct cn_kern_pair	*pairs;
	int			 mn_too;	/* cn_kern_set_mn */
	cn_kern_report_fn	 fn;
	void			*arg;
	int			 started;	/* roles using the receive side (HA, CN) */
	struct kern_monitor_ops	 ops;
	int			 monitoring;
} ck;

static void
on_report(const struct kern_xfrm_report_event *e, void *arg)
{
	/* mip6_destopt_reject: sel.saddr is the home address, the CoA comes in XFRMA_COADDR */
	if (e->proto != IPPROTO_DSTOPTS || !e->has_coa)
		return;
	ck.fn(&e->sel.saddr, &e->coa, &e->sel.daddr,
	    e->sel.proto == IPPROTO_MH ? e->sel.mh_type : -1, ck.arg);
}

/* RFC 6275 6.1: Mobility Header messages bypass the Binding Cache; the BA's type 2 routing
 * header is given per packet by mh_sock instead. */
static int
mh_bypass(int add)
{
	struct kern_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, NULL, 0, NULL, 0, IPPROTO_MH, -1);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = XFRM_PRIO_MH_BYPASS;
	return add ? kern_xfrm_policy_add(&p) : kern_xfrm_policy_del(&p);
}

/*
 * Neighbor Solicitations and Advertisements are link-scope (RFC 4861): they never take the
 * route-optimization path either.  Without this, the home agent's answer to a mobile node
 * that has just come home (RFC 6275 11.5.4: it resolves the home agent's link-layer address
 * from its home address, whose binding is still in the cache) left with a type 2 routing
 * header for the old care-of address, so the de-registration never left the mobile node.
 */
static int
nd_bypass(int add)
{
	static const int types[] = { ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT };
	struct kern_xfrm_policy p;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		memset(&p, 0, sizeof(p));
		kern_xfrm_sel_init(&p.sel, NULL, 0, NULL, 0, IPPROTO_ICMPV6, types[i]);
		p.dir = XFRM_POLICY_OUT;
		p.type = XFRM_POLICY_TYPE_SUB;
		p.action = XFRM_POLICY_ALLOW;
		p.prio = XFRM_PRIO_MH_BYPASS;
		if (add && (rc = kern_xfrm_policy_add(&p)) < 0)
			return rc;
		if (!add)
			rc = kern_xfrm_policy_del(&p) ?: rc;
	}
	return rc;
}

/*
 * The wildcard receive rule: a Binding Update with a Home Address option is let in from any
 * care-of address (RFC 6275 9.3.1 exempts BUs from the binding test; the BU itself creates the
 * binding), and only Binding Updates, MH type 5, on every node and every role:
 *
 * - Any other packet with the option must pass the binding test, which the per-binding
 *   policies do (cn_kern_binding_set: the option's state must name the care-of address the
 *   packet comes from).  Without a binding the kernel refuses it and reports it, and
 *   bindings_hao_report answers Binding Error status 1, or 2 for an unknown Mobility Header
 *   type (RFC 6275 9.2): so the home agent needs no rule of its own for other MH types.
 * - A rule for every MH type at this priority would also outrank the per-pair policies of a
 *   node that is a mobile node too (XFRM_PRIO_RO, mn_ro_kern.c): the BAs and Binding
 *   Refresh Requests its correspondents send come with a type 2 routing header, which a
 *   Home Address option template refuses.  That is how a home agent's every-type rule,
 *   shared with the correspondent node, broke two mobile nodes talking on one link.
 */
static int
wild_recv(int add)
{
	struct kern_xfrm_sel sel;
	int rc;

	kern_xfrm_sel_init(&sel, NULL, 0, NULL, 0, IPPROTO_MH, MH_TYPE_BU);
	if (!add) {
		rc = kern_xfrm_ro_policy_del(&sel, XFRM_POLICY_IN);
		return kern_xfrm_ro_state_del(KERN_RO_HAO, NULL, NULL) ?: rc;
	}
	if ((rc = kern_xfrm_ro_policy_add(&sel, XFRM_POLICY_IN, KERN_RO_HAO,
	    XFRM_PRIO_WILD_RECV)) < 0)
		return rc;
	return kern_xfrm_ro_state_add(KERN_RO_HAO, NULL, NULL, NULL, KERN_XFRM_F_WILDRECV);
}

int
cn_kern_start(cn_kern_report_fn fn, void *arg)
{
	/* the home agent and the correspondent node share it: installed once, kept while used */
	if (ck.started++ > 0)
		return 0;
	ck.fn = fn;
	ck.arg = arg;
	if (wild_recv(1) < 0 || mh_bypass(1) < 0 || nd_bypass(1) < 0) {
		log_warnx("cannot install the Home Address option receive policies");
		wild_recv(0);
		mh_bypass(0);
		nd_bypass(0);
		ck.started = 0;
		return -1;
	}
	memset(&ck.ops, 0, sizeof(ck.ops));
	ck.ops.report = on_report;
	if (kern_monitor_register(&ck.ops) == -1)
		log_warnx("no XFRM reports: packets with an unknown Home Address option will draw "
		    "no Binding Error");
	else
		ck.monitoring = 1;
	return 0;
}

void
cn_kern_stop(void)
{
	if (ck.started == 0 || --ck.started > 0)
		return;
	if (ck.monitoring)
		kern_monitor_unregister(&ck.ops);
	ck.monitoring = 0;
	nd_bypass(0);
	mh_bypass(0);
	wild_recv(0);
}

static void
sels(const struct in6_addr *cn_addr, const struct in6_addr *hoa, struct kern_xfrm_sel *out,
    struct kern_xfrm_sel *in)
{
	kern_xfrm_sel_init(out, cn_addr, 128, hoa, 128, 0, -1);
	kern_xfrm_sel_init(in, hoa, 128, cn_addr, 128, 0, -1);
}

void
cn_kern_set_mn(int on)
{
	struct cn_kern_pair *p;

	ck.mn_too = on;
	if (on)
		return;
	while ((p = ck.pairs) != NULL) {
		ck.pairs = p->next;
		free(p);
	}
}

/*
 * The policy of a binding: RT2 out, HAO in.  On a node that is a mobile node too (both), both
 * templates both ways (HAO then RT2, optional), the policy the mobile node installs towards
 * a correspondent (mn_ro_kern.c): between two mobile nodes the two roles' policies have the
 * same selector, so they are one policy, kept while either role wants it
 * (cn_kern_pair_policies).  Out, the RT2 state of this binding and the HAO state of the
 * node's own binding with the peer both apply; in, a packet with both headers passes.
 * (Only then: a template without a state makes the kernel ask for one every time.)  The
 * shared policy's option template names no addresses: the mobile node's side of it has no
 * state of its own for the option in.
 */
static void
hao_tmpl(struct kern_xfrm_tmpl *t, const struct in6_addr *local, const struct in6_addr *peer)
{
	t->proto = KERN_RO_HAO;
	t->mode = XFRM_MODE_ROUTEOPTIMIZATION;
	t->optional = 1;
	/*
	 * The addresses of the binding's own Home Address option state, whose care-of address
	 * the kernel compares with the packet's source (mip6_destopt_input).  A packet from
	 * another care-of address matches only the wildcard state, not this template, and is
	 * refused and reported (RFC 6275 9.3.1).
	 */
	if (local != NULL) {
		t->daddr = *local;
		t->saddr = *peer;
	}
}

static int
ro_policy(const struct kern_xfrm_sel *sel, uint8_t dir, int add, int both)
{
	struct kern_xfrm_policy p;

	if (!add)
		return kern_xfrm_ro_policy_del(sel, dir);
	memset(&p, 0, sizeof(p));
	p.sel = *sel;
	p.dir = dir;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = XFRM_PRIO_RO;
	if (!both) {
		p.ntmpl = 1;
		if (dir == XFRM_POLICY_OUT) {
			p.tmpl[0].proto = KERN_RO_RT2;
			p.tmpl[0].mode = XFRM_MODE_ROUTEOPTIMIZATION;
			p.tmpl[0].optional = 1;
		} else
			hao_tmpl(&p.tmpl[0], &sel->daddr, &sel->saddr);
		return kern_xfrm_policy_add(&p);
	}
	p.ntmpl = 2;
	hao_tmpl(&p.tmpl[0], NULL, NULL);
	p.tmpl[1].proto = KERN_RO_RT2;
	p.tmpl[1].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[1].optional = 1;
	return kern_xfrm_policy_add(&p);
}

int
cn_kern_binding_set(const struct in6_addr *cn_addr, const struct in6_addr *hoa,
    const struct in6_addr *coa)
{
	struct kern_xfrm_sel out, in;

	sels(cn_addr, hoa, &out, &in);
	/* out: RT2 to the care-of address; in: the option is accepted from it only */
	if (kern_xfrm_ro_state_add(KERN_RO_RT2, cn_addr, hoa, coa, 0) < 0 ||
	    kern_xfrm_ro_state_add(KERN_RO_HAO, hoa, cn_addr, coa, 0) < 0 ||
	    (ck.mn_too ? cn_kern_pair_policies(CN_KERN_OWNER_CN, 1, cn_addr, hoa) < 0 :
	    ro_policy(&out, XFRM_POLICY_OUT, 1, 0) < 0 ||
	    ro_policy(&in, XFRM_POLICY_IN, 1, 0) < 0)) {
		cn_kern_binding_del(cn_addr, hoa);
		return -1;
	}
	return 0;
}

void
cn_kern_binding_del(const struct in6_addr *cn_addr, const struct in6_addr *hoa)
{
	struct kern_xfrm_sel out, in;

	sels(cn_addr, hoa, &out, &in);
	if (ck.mn_too)
		cn_kern_pair_policies(CN_KERN_OWNER_CN, 0, cn_addr, hoa);
	else {
		ro_policy(&out, XFRM_POLICY_OUT, 0, 0);
		ro_policy(&in, XFRM_POLICY_IN, 0, 0);
	}
	kern_xfrm_ro_state_del(KERN_RO_HAO, hoa, cn_addr);
	kern_xfrm_ro_state_del(KERN_RO_RT2, cn_addr, hoa);
}

int
cn_kern_pair_policies(unsigned int owner, int add, const struct in6_addr *local,
    const struct in6_addr *peer)
{
	struct kern_xfrm_sel out, in;
	struct cn_kern_pair *p, **pp;

	for (pp = &ck.pairs; (p = *pp) != NULL; pp = &p->next)
		if (addr_eq(&p->local, local) && addr_eq(&p->peer, peer))
			break;
	sels(local, peer, &out, &in);
	if (add) {
		if (p == NULL) {
			if ((p = calloc(1, sizeof(*p))) == NULL)
				return -1;
			p->local = *local;
			p->peer = *peer;
			p->next = ck.pairs;
			ck.pairs = p;
		}
		p->owners |= owner;
		if (ro_policy(&out, XFRM_POLICY_OUT, 1, 1) < 0 ||
		    ro_policy(&in, XFRM_POLICY_IN, 1, 1) < 0)
			return -1;
		return 0;
	}
	if (p != NULL) {
		/* the other role still routes through them */
		if ((p->owners &= ~owner) != 0)
			return 0;
		*pp = p->next;
		free(p);
	}
	ro_policy(&out, XFRM_POLICY_OUT, 0, 1);
	ro_policy(&in, XFRM_POLICY_IN, 0, 1);
	return 0;
}
