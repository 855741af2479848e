/* mn_ro_kern.c - the Mobile Node's route-optimization state in the kernel (XFRM): see
 * mn_ro_kern.h.  Traffic from the home address normally goes into the tunnel ("from HoA"
 * rule); with a Home Address option state the XFRM bundle looks the route up again from the
 * care-of address, so the packet leaves directly on the current link. */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <string.h>

#include <linux/xfrm.h>

#include "cn_kern.h"
#include "ipsec_kern.h"
#include "kern.h"
#include "kern_monitor.h"
#include "kern_xfrm.h"
#include "log.h"
#include "mn_ro_kern.h"
#include "util.h"
#include "xfrm_prio.h"

static int	cn_too;
static struct {
	mn_ro_kern_traffic_fn	 fn;
	void			*arg;
	struct kern_monitor_ops	 ops;
	int			 on;
} watch;

void
mn_ro_kern_init(int cn_role)
{
	cn_too = cn_role;
	cn_kern_set_mn(1);
}

void
mn_ro_kern_fini(void)
{
	cn_kern_set_mn(0);
}

/*
 * One policy per direction and pair: HAO out, RT2 in.  On a node that is a correspondent too,
 * the pair's policies are the ones that role installs for a binding (same selector), shared
 * through cn_kern_pair_policies: both templates both ways, optional, HAO then RT2.  Out, a
 * state of either kind applies what it holds (a mobile node's HAO, a correspondent's RT2,
 * both between two mobile nodes); in, the routing header is processed first, then the
 * option, and the templates are matched in that order from the last.
 */
static void
ro_policy(struct kern_xfrm_policy *p, const struct in6_addr *src, const struct in6_addr *dst,
    uint8_t dir)
{
	memset(p, 0, sizeof(*p));
	kern_xfrm_sel_init(&p->sel, src, 128, dst, 128, 0, -1);
	p->dir = dir;
	p->type = XFRM_POLICY_TYPE_SUB;
	p->action = XFRM_POLICY_ALLOW;
	p->prio = XFRM_PRIO_RO;
	p->ntmpl = 1;
	p->tmpl[0].proto = dir == XFRM_POLICY_OUT ? KERN_RO_HAO : KERN_RO_RT2;
	p->tmpl[0].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p->tmpl[0].optional = 1;
}

static void
mh_bypass(struct kern_xfrm_policy *p, const struct in6_addr *hoa, const struct in6_addr *cn)
{
	memset(p, 0, sizeof(*p));
	kern_xfrm_sel_init(&p->sel, hoa, 128, cn, 128, IPPROTO_MH, -1);
	p->dir = XFRM_POLICY_OUT;
	p->type = XFRM_POLICY_TYPE_SUB;
	p->action = XFRM_POLICY_ALLOW;
	p->prio = XFRM_PRIO_MH_BYPASS;
}

int
mn_ro_kern_prepare_real(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	struct kern_xfrm_policy out, in, mh;
	int rc;

	ro_policy(&out, hoa, cn, XFRM_POLICY_OUT);
	ro_policy(&in, cn, hoa, XFRM_POLICY_IN);
	mh_bypass(&mh, hoa, cn);
	/* one round trip before the BU leaves (issue 17: the correspondent's BA after a move) */
	kern_batch_begin();
	rc = kern_xfrm_policy_add(&mh) < 0 ||
	    (cn_too ? cn_kern_pair_policies(CN_KERN_OWNER_MN, 1, hoa, cn) < 0 :
	    kern_xfrm_policy_add(&out) < 0 || kern_xfrm_policy_add(&in) < 0) ||
	    kern_xfrm_ro_state_add(KERN_RO_RT2, NULL, hoa, coa, KERN_XFRM_F_WILDRECV) < 0;
	if (kern_batch_end() > 0 || rc) {
		log_warnx("cannot install route optimization from %s to %s", addr_str(hoa),
		    addr_str(cn));
		return -1;
	}
	/* the ESP tunnel to the home agent, where configured, must let this traffic pass */
	if (ipsec_mn_ro_exempt(1, hoa, cn) < 0)
		return -1;
	return 0;
}

int
mn_ro_kern_direct_real(const struct in6_addr *hoa, const struct in6_addr *cn,
    const struct in6_addr *coa)
{
	int rc;

	kern_batch_begin();
	rc = kern_xfrm_ro_state_add(KERN_RO_RT2, NULL, hoa, coa, KERN_XFRM_F_WILDRECV) < 0 ||
	    kern_xfrm_ro_state_add(KERN_RO_HAO, hoa, cn, coa, 0) < 0;
	if (kern_batch_end() > 0 || rc) {
		log_warnx("cannot install the route-optimization states from %s to %s",
		    addr_str(hoa), addr_str(cn));
		return -1;
	}
	return 0;
}

void
mn_ro_kern_tunnel_real(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	kern_xfrm_ro_state_del(KERN_RO_HAO, hoa, cn);
}

void
mn_ro_kern_del_real(const struct in6_addr *hoa, const struct in6_addr *cn)
{
	struct kern_xfrm_policy out, in, mh;

	ipsec_mn_ro_exempt(0, hoa, cn);
	kern_batch_begin();
	kern_xfrm_ro_state_del(KERN_RO_HAO, hoa, cn);
	ro_policy(&out, hoa, cn, XFRM_POLICY_OUT);
	ro_policy(&in, cn, hoa, XFRM_POLICY_IN);
	mh_bypass(&mh, hoa, cn);
	if (cn_too)
		cn_kern_pair_policies(CN_KERN_OWNER_MN, 0, hoa, cn);
	else {
		kern_xfrm_policy_del(&out);
		kern_xfrm_policy_del(&in);
	}
	kern_xfrm_policy_del(&mh);
	(void)kern_batch_end();
}

void
mn_ro_kern_home_real(const struct in6_addr *hoa)
{
	kern_xfrm_ro_state_del(KERN_RO_RT2, NULL, hoa);
}

static void
on_acquire(const struct kern_xfrm_acquire_event *e, void *arg)
{
	const struct in6_addr *peer;

	if (e->proto != KERN_RO_HAO || e->dir != XFRM_POLICY_OUT || e->sel.splen != 128)
		return;
	peer = e->sel.dplen == 128 ? &e->sel.daddr : &e->id_daddr;
	watch.fn(&e->sel.saddr, peer, watch.arg);
}

int
mn_ro_kern_watch_real(mn_ro_kern_traffic_fn fn, void *arg)
{
	watch.fn = fn;
	watch.arg = arg;
	memset(&watch.ops, 0, sizeof(watch.ops));
	watch.ops.acquire = on_acquire;
	if (kern_monitor_register(&watch.ops) == -1)
		return -1;
	watch.on = 1;
	return 0;
}

void
mn_ro_kern_unwatch_real(void)
{
	if (watch.on)
		kern_monitor_unregister(&watch.ops);
	watch.on = 0;
}

int
mn_ro_kern_trigger_real(int add, const struct in6_addr *hoa)
{
	struct kern_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	kern_xfrm_sel_init(&p.sel, hoa, 128, NULL, 0, 0, -1);
	p.dir = XFRM_POLICY_OUT;
	p.type = XFRM_POLICY_TYPE_SUB;
	p.action = XFRM_POLICY_ALLOW;
	p.prio = XFRM_PRIO_RO_TRIGGER;
	p.ntmpl = 1;
	p.tmpl[0].proto = KERN_RO_HAO;
	p.tmpl[0].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	p.tmpl[0].optional = 1;
	if (!add)
		return kern_xfrm_policy_del(&p) < 0 ? -1 : 0;
	return kern_xfrm_policy_add(&p) < 0 ? -1 : 0;
}
