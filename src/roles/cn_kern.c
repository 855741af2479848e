/* cn_kern.c - the Correspondent Node's kernel state over the XFRM manager and its events */
#include "config.h"

#define LOG_SUBSYS "cn"

#include <stdlib.h>
#include <string.h>

#include <linux/xfrm.h>

#include "cn_kern.h"
#include "kern_monitor.h"
#include "kern_xfrm.h"
#include "log.h"
#include "util.h"

#define CN_RO_PRIO	10	/* per-binding RT2 out / HAO in, after the role-wide rules */
#define MH_BYPASS_PRIO	1	/* Mobility Headers never take the route-optimization path */

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
	int			 started;
	struct kern_monitor_ops	 ops;
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
	p.prio = MH_BYPASS_PRIO;
	return add ? kern_xfrm_policy_add(&p) : kern_xfrm_policy_del(&p);
}

int
cn_kern_start(cn_kern_report_fn fn, void *arg)
{
	ck.fn = fn;
	ck.arg = arg;
	/* A BU carries a Home Address option: the same wildcard the home agent uses. */
	if (kern_xfrm_cn_wild_recv(1) < 0 || mh_bypass(1) < 0) {
		log_warnx("cannot install the correspondent's XFRM policies");
		kern_xfrm_cn_wild_recv(0);
		return -1;
	}
	memset(&ck.ops, 0, sizeof(ck.ops));
	ck.ops.report = on_report;
	if (kern_monitor_register(&ck.ops) == -1)
		log_warnx("no XFRM reports: packets with an unknown Home Address option will draw "
		    "no Binding Error");
	ck.started = 1;
	return 0;
}

void
cn_kern_stop(void)
{
	if (!ck.started)
		return;
	kern_monitor_unregister(&ck.ops);
	mh_bypass(0);
	kern_xfrm_cn_wild_recv(0);
	ck.started = 0;
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
 * (Only then: a template without a state makes the kernel ask for one every time.)
 */
static int
ro_policy(const struct kern_xfrm_sel *sel, uint8_t dir, int add, int both)
{
	struct kern_xfrm_policy p;

	if (!add)
		return kern_xfrm_ro_policy_del(sel, dir);
	if (!both)
		return kern_xfrm_ro_policy_add(sel, dir,
		    dir == XFRM_POLICY_OUT ? KERN_RO_RT2 : KERN_RO_HAO, CN_RO_PRIO);
	memset(&p, 0, sizeof(p));
	p.sel = *sel;
	p.dir = dir;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = CN_RO_PRIO;
	p.ntmpl = 2;
	p.tmpl[0].proto = KERN_RO_HAO;
	p.tmpl[0].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[0].optional = 1;
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
	if (kern_xfrm_ro_state_add(KERN_RO_RT2, cn_addr, hoa, coa, 0) < 0 ||
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
