/* mn_nemo.c - the Mobile Node as a mobile router (RFC 3963 section 5) */
#include "config.h"

#define LOG_SUBSYS "mn"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "kern_route.h"
#include "kern_sysctl.h"
#include "log.h"
#include "mh.h"
#include "mn_nemo.h"
#include "mnp.h"
#include "stats.h"
#include "util.h"

#define MAX_HOMES	16

static struct {
	const struct conf *conf;
	/* the source rules in place, per home address (the configuration may change) */
	struct {
		struct in6_addr	 hoa;
		struct conf_prefix mnp[MNP_MAX];
		size_t		 n;
	} away[MAX_HOMES];
	size_t		 naway;
} nemo;

int
mn_nemo_start(const struct conf *c)
{
	size_t i;
	int rc;

	nemo.conf = c;
	if (!conf_is_mobile_router(c))
		return 0;
	/*
	 * A forwarding Linux node ignores Router Advertisements unless accept_ra is 2, and
	 * drops the default routes learnt from them when forwarding goes on: accept_ra first,
	 * on every egress interface, then forwarding ("all": IPv6 forwards by that knob).
	 */
	for (i = 0; i < c->nifaces; i++)
		if ((rc = kern_sysctl_set(c->ifaces[i].name, "accept_ra", "2")) < 0)
			log_warnx("%s: cannot set accept_ra: %s", c->ifaces[i].name,
			    strerror(-rc));
	if ((rc = kern_sysctl_set("all", "forwarding", "1")) < 0) {
		log_warnx("cannot turn IPv6 forwarding on: %s; the mobile network stays cut off",
		    strerror(-rc));
		return -1;
	}
	log_info("mobile router: forwarding on");
	return 0;
}

void
mn_nemo_reload(const struct conf *c)
{
	nemo.conf = c;
}

void
mn_nemo_stop(void)
{
	/* as it was before mip6d (kern/sysctl.c: nothing when it was on already) */
	kern_sysctl_restore("all", "forwarding");
	memset(&nemo, 0, sizeof(nemo));
}

static const struct conf_home_addr *
router(const struct in6_addr *hoa)
{
	const struct conf_home_addr *h;

	if (nemo.conf == NULL || (h = conf_home_addr_find(nemo.conf, hoa)) == NULL ||
	    h->mr_mode == CONF_MR_NONE)
		return NULL;
	return h;
}

void
mn_nemo_bu(const struct in6_addr *hoa, struct mh_bu *bu)
{
	const struct conf_home_addr *h = router(hoa);
	size_t i;

	if (h == NULL)
		return;
	bu->flags |= MH_BU_F_R;
	/* RFC 3963 5.2: implicit mode sends none; a de-registration needs none */
	if (h->mr_mode != CONF_MR_EXPLICIT || bu->lifetime == 0)
		return;
	for (i = 0; i < h->nmnp && i < MH_MAX_MNP; i++) {
		bu->opts.mnp[i].prefix = h->mnp[i].addr;
		bu->opts.mnp[i].plen = (uint8_t)h->mnp[i].plen;
	}
	bu->opts.nmnp = (uint8_t)i;
	if (i > 0)
		bu->opts.present |= MH_OPTF_MNP;
}

int
mn_nemo_ba_check(const struct in6_addr *hoa, const struct mh_ba *ba)
{
	if (router(hoa) == NULL || !MH_BA_STATUS_ACCEPTED(ba->status) ||
	    (ba->flags & MH_BA_F_R))
		return 0;
	stats_inc("mn.ba-without-r");
	log_warnx("%s: the home agent accepted the binding without the R flag: it does not "
	    "serve us as a mobile router (RFC 3963 5.3)", addr_str(hoa));
	return -1;
}

int
mn_nemo_away(const struct in6_addr *hoa, int add)
{
	const struct conf_home_addr *h = router(hoa);
	size_t i, k;
	int rc = 0;

	for (k = 0; k < nemo.naway; k++)
		if (addr_eq(&nemo.away[k].hoa, hoa))
			break;
	if (!add) {
		if (k == nemo.naway)
			return 0;
		for (i = 0; i < nemo.away[k].n; i++)
			kern_rule_src_del(&nemo.away[k].mnp[i].addr, nemo.away[k].mnp[i].plen,
			    kern_route_table(), KERN_RULE_PRIO_DEFAULT);
		nemo.away[k] = nemo.away[--nemo.naway];
		return 0;
	}
	if (h == NULL)
		return 0;
	if (k == nemo.naway) {
		if (nemo.naway == MAX_HOMES)
			return -1;
		nemo.away[k].hoa = *hoa;
		nemo.naway++;
	}
	nemo.away[k].n = 0;	/* a handover: the same rules again (kern_rule_src_add keeps one) */
	/* RFC 3963 5.5: the mobile network's default route is the bidirectional tunnel */
	for (i = 0; i < h->nmnp && i < MNP_MAX; i++) {
		if (kern_rule_src_add(&h->mnp[i].addr, h->mnp[i].plen, kern_route_table(),
		    KERN_RULE_PRIO_DEFAULT) < 0) {
			log_warnx("no rule for %s/%d: its traffic will not use the tunnel",
			    addr_str(&h->mnp[i].addr), h->mnp[i].plen);
			rc = -1;
			continue;
		}
		nemo.away[k].mnp[nemo.away[k].n++] = h->mnp[i];
	}
	return rc;
}
