/* ha_nemo.c - the Home Agent as a mobile router's home agent (RFC 3963 6): the verdict's
 * inputs gathered from the BU, the binding and the mobile router table; routes for each
 * registered prefix through the shared tunnel (no proxy ND: a mobile network is not on the
 * home link, RFC 3963 6.3); and what mip6d-ctl shows of them.  ha.c calls in at four points. */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "bcache.h"
#include "conf.h"
#include "ha_decide.h"
#include "ha_nemo.h"
#include "log.h"
#include "mh.h"
#include "stats.h"
#include "util.h"

void
ha_nemo_check(const struct conf *c, const struct mh_bu *bu, const struct in6_addr *hoa,
    const struct bcache_entry *e, struct ha_bu_verdict *v, struct ha_nemo_verdict *nv)
{
	const struct conf_mobile_router *mr = conf_ha_mobile_router(c, hoa);
	struct ha_nemo_input in;

	memset(nv, 0, sizeof(*nv));
	if (v->action != HA_ACCEPT && v->action != HA_DEREGISTER)
		return;
	memset(&in, 0, sizeof(in));
	in.router = (bu->flags & MH_BU_F_R) != 0;
	in.deregistration = v->action == HA_DEREGISTER;
	in.has_bce = e != NULL;
	in.bce_router = e != NULL && (e->flags & BCACHE_F_ROUTER);
	in.permitted = c->ha.accept_mr;
	if (mr != NULL) {
		in.auth = mr->prefixes;
		in.nauth = mr->nprefixes;
	}
	in.claimed = bu->opts.mnp;
	in.nclaimed = bu->opts.nmnp;
	ha_nemo_decide(&in, nv);
	if (nv->status != 0) {
		v->action = HA_REJECT;
		v->status = nv->status;
		v->lifetime_s = 0;
		v->first = 0;
		v->reason = nv->reason;
	} else if (in.router && !in.deregistration)
		stats_inc(nv->reason);
}

static int
has(const struct ha_nemo_verdict *nv, const struct bcache_mnp *m)
{
	unsigned i;

	for (i = 0; i < nv->nmnp; i++)
		if (nv->mnp[i].plen == m->plen && addr_eq(&nv->mnp[i].prefix, &m->prefix))
			return 1;
	return 0;
}

void
ha_nemo_update(struct bcache_entry *e, const struct ha_nemo_verdict *nv, int installed)
{
	unsigned i;

	/* RFC 3963 6.2: a new set replaces the old; a prefix left out loses its route */
	for (i = 0; installed && i < e->mnp_count; i++)
		if (!has(nv, &e->mnp[i]))
			ha_nemo_kern_route_del(&e->mnp[i].prefix, e->mnp[i].plen);
	if (bcache_set_mnp(e, nv->mnp, nv->nmnp) == -1)
		log_warnx("%s: cannot keep its %u mobile network prefixes", addr_str(&e->hoa),
		    nv->nmnp);
}

int
ha_nemo_routes_set(const struct bcache_entry *e)
{
	unsigned i;

	for (i = 0; i < e->mnp_count; i++)
		if (ha_nemo_kern_route_set(&e->mnp[i].prefix, e->mnp[i].plen, &e->local,
		    &e->coa) == -1) {
			stats_inc("err.ha-nemo-route");
			return -1;
		}
	return 0;
}

void
ha_nemo_routes_del(const struct bcache_entry *e)
{
	unsigned i;

	for (i = 0; i < e->mnp_count; i++)
		ha_nemo_kern_route_del(&e->mnp[i].prefix, e->mnp[i].plen);
}

uint8_t
ha_nemo_ba_flags(const struct bcache_entry *e)
{
	return (e->flags & BCACHE_F_ROUTER) ? MH_BA_F_R : 0;
}

void
ha_nemo_json(const struct bcache_entry *e, struct json_object *o)
{
	struct json_object *list;
	char buf[64];
	unsigned i;

	if (!(e->flags & BCACHE_F_ROUTER))
		return;
	list = json_object_new_array();
	for (i = 0; i < e->mnp_count; i++) {
		snprintf(buf, sizeof(buf), "%s/%u", addr_str(&e->mnp[i].prefix), e->mnp[i].plen);
		json_object_array_add(list, json_object_new_string(buf));
	}
	json_object_object_add(o, "mobile-network-prefixes", list);
}
