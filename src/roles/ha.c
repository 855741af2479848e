/* ha.c - the Home Agent (RFC 6275 section 10): home registrations in, bindings, proxy ND and
 * tunnels out.  The verdict itself is ha_bu_decide(); this file gathers its inputs and carries
 * out its effects. */
#include "config.h"

#define LOG_SUBSYS "ha"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bcache.h"
#include "conf.h"
#include "ha_decide.h"
#include "ha_kern.h"
#include "ha_sync.h"
#include "bstore.h"
#include "kern.h"
#include "log.h"
#include "loop.h"
#include "mh_io.h"
#include "nd.h"
#include "roles.h"
#include "stats.h"
#include "util.h"

/* bcache_entry.role_state */
#define HA_DAD_HOA	0x01	/* probing the home address */
#define HA_DAD_LL	0x02	/* probing the link-local address (L=1) */
#define HA_DAD_FAILED	0x04
#define HA_PENDING	(HA_DAD_HOA | HA_DAD_LL)
#define HA_INSTALLED	0x08	/* kernel state is in place */

static struct {
	const struct conf	*conf;
	struct bcache		*bc;
	int			 ifindex[16];	/* of conf->home_links[i] */
} ha;

/* What a DAD probe needs to find its binding again. */
struct dad_ctx {
	struct in6_addr	hoa;
	struct in6_addr	local;
};

static int
home_ifindex(const struct conf_home_link *l)
{
	size_t i = (size_t)(l - ha.conf->home_links);

	if (i < sizeof(ha.ifindex) / sizeof(ha.ifindex[0]) && ha.ifindex[i] > 0)
		return ha.ifindex[i];
	return (int)if_nametoindex(l->ifname);
}

/* fe80::/64 with the interface identifier of the home address (RFC 6275 10.4.1, L bit) */
static void
ll_of(const struct in6_addr *hoa, struct in6_addr *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	memcpy(ll->s6_addr + 8, hoa->s6_addr + 8, 8);
}

/* Rebuild the receive context of a binding's last BU, for a BA sent later (after DAD). */
static void
rx_of(const struct bcache_entry *e, struct mh_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->src = e->hoa;
	rx->dst = e->local;
	rx->coa = e->coa;
	rx->has_hao = !addr_eq(&e->coa, &e->hoa);
}

static uint32_t
refresh_advice(uint32_t lifetime_s)
{
	/* Ask for a refresh at three quarters of the lifetime, before the MN's own margin. */
	return lifetime_s >= 16 ? lifetime_s / 4 * 3 : 0;
}

static void
binding_remove(struct bcache_entry *e, const char *why)
{
	const struct conf_home_link *l = conf_ha_serves(ha.conf, &e->hoa, NULL);
	struct in6_addr ll;

	if (e->role_state & HA_PENDING) {
		int ifi = l ? home_ifindex(l) : 0;

		nd_dad_cancel(ifi, &e->hoa);
		if (e->flags & BCACHE_F_LLADDR) {
			ll_of(&e->hoa, &ll);
			nd_dad_cancel(ifi, &ll);
		}
	}
	if ((e->role_state & HA_INSTALLED) && l != NULL) {
		ll_of(&e->hoa, &ll);
		ha_kern_binding_del(home_ifindex(l), &e->hoa,
		    (e->flags & BCACHE_F_LLADDR) ? &ll : NULL);
	}
	log_info("binding %s -> %s removed: %s", addr_str(&e->hoa), addr_str(&e->coa), why);
}

static int
binding_install(struct bcache_entry *e, const struct conf_home_link *l)
{
	struct in6_addr ll;
	int ifi = home_ifindex(l);

	ll_of(&e->hoa, &ll);
	if (ha_kern_binding_set(ifi, &e->hoa, (e->flags & BCACHE_F_LLADDR) ? &ll : NULL,
	    &e->local, &e->coa) == -1) {
		stats_inc("err.ha-kernel");
		return -1;
	}
	if (!(e->role_state & HA_INSTALLED)) {
		/* RFC 6275 10.4.1: tell the home link at once that we answer for the MN now */
		nd_send_unsolicited_na(ifi, &e->hoa, 0);
		if (e->flags & BCACHE_F_LLADDR)
			nd_send_unsolicited_na(ifi, &ll, 0);
	}
	e->role_state |= HA_INSTALLED;
	return 0;
}

static void
binding_accepted(struct bcache_entry *e, const struct conf_home_link *l, int ack,
    const struct mh_rx *rx)
{
	struct mh_rx later;

	if (binding_install(e, l) == -1) {
		/* RFC 6275 6.1.8: 130 insufficient resources; the binding goes. */
		if (rx == NULL) {
			rx_of(e, &later);
			rx = &later;
		}
		mh_io_send_ba(rx, &e->coa, MH_BA_INSUFFICIENT, 0, e->seq, 0, 0);
		binding_remove(e, "kernel refused the tunnel");
		ha_sync_del(e);
		bcache_del(ha.bc, e);
		return;
	}
	bcache_set_expiry(ha.bc, e, loop_now_ms() + (uint64_t)e->lifetime_s * 1000);
	ha_sync_set(e);
	stats_inc("ha.accepted");
	log_info("binding %s -> %s accepted, lifetime %u s, seq %u", addr_str(&e->hoa),
	    addr_str(&e->coa), e->lifetime_s, e->seq);
	if (ack) {
		if (rx == NULL) {
			rx_of(e, &later);
			rx = &later;
		}
		mh_io_send_ba(rx, &e->coa, MH_BA_ACCEPTED, 0, e->seq, e->lifetime_s,
		    refresh_advice(e->lifetime_s));
	}
}

static void
dad_done(const struct in6_addr *addr, int ifindex, int ok, void *arg)
{
	struct dad_ctx *ctx = arg;
	const struct conf_home_link *l;
	struct bcache_entry *e;
	struct mh_rx rx;

	e = bcache_lookup(ha.bc, &ctx->hoa, &ctx->local);
	if (e == NULL || !(e->role_state & HA_PENDING)) {
		free(ctx);
		return;
	}
	e->role_state &= (uint8_t)~(addr_eq(addr, &ctx->hoa) ? HA_DAD_HOA : HA_DAD_LL);
	if (!ok)
		e->role_state |= HA_DAD_FAILED;
	free(ctx);
	if (e->role_state & HA_PENDING)
		return;		/* the other probe is still running */
	l = conf_ha_serves(ha.conf, &e->hoa, NULL);
	if ((e->role_state & HA_DAD_FAILED) || l == NULL) {
		/* RFC 6275 10.3.1: 134, and no binding */
		log_notice("home address %s is in use on the home link: DAD failed",
		    addr_str(&e->hoa));
		stats_inc("reject.dad-failed");
		rx_of(e, &rx);
		mh_io_send_ba(&rx, &e->coa, MH_BA_DAD_FAILED, 0, e->seq, 0, 0);
		bcache_del(ha.bc, e);
		return;
	}
	/* The BA after DAD always goes out: the MN is waiting for its first registration. */
	binding_accepted(e, l, (e->flags & BCACHE_F_ACK) != 0, NULL);
}

static int
dad_probe(int ifindex, const struct in6_addr *addr, const struct bcache_entry *e)
{
	struct dad_ctx *ctx = malloc(sizeof(*ctx));

	if (ctx == NULL)
		return -1;
	ctx->hoa = e->hoa;
	ctx->local = e->local;
	if (nd_dad_start(ifindex, addr, dad_done, ctx) == -1) {
		free(ctx);
		return -1;
	}
	return 0;
}

static uint16_t
entry_flags(uint16_t bu_flags)
{
	uint16_t f = BCACHE_F_HOME;

	if (bu_flags & MH_BU_F_L)
		f |= BCACHE_F_LLADDR;
	if (bu_flags & MH_BU_F_K)
		f |= BCACHE_F_KEYMGMT;
	if (bu_flags & MH_BU_F_A)
		f |= BCACHE_F_ACK;
	return f;
}

static void
ha_recv_bu(const struct mh_msg *m, const struct mh_rx *rx, void *arg)
{
	const struct mh_bu *bu = &m->bu;
	const struct conf_home_link *l;
	const struct conf_prefix *pfx;
	struct ha_bu_input in;
	struct ha_bu_verdict v;
	struct bcache_entry *e;
	int ack = (bu->flags & MH_BU_F_A) != 0;

	/* A BU reaches a standby only once the home agent address is its own (keepalived
	 * moved it): take over before answering. */
	if (ha_sync_is_standby())
		ha_sync_takeover("a Binding Update arrived");
	memset(&in, 0, sizeof(in));
	in.seq = bu->seq;
	in.home_reg = 1;
	in.link_local = (bu->flags & MH_BU_F_L) != 0;
	in.lifetime_s = (uint32_t)bu->lifetime * 4;
	in.has_nonce_indices = (bu->opts.present & MH_OPTF_NONCE) != 0;
	/* RFC 6275 9.5.1: the home address is in the HAO (swapped in by the kernel) or the source;
	 * the care-of address is the Alternate Care-of Address, or where the packet came from. */
	in.hoa = rx->src;
	if (bu->opts.present & MH_OPTF_ALTCOA)
		in.coa = bu->opts.altcoa;
	else
		in.coa = rx->has_hao ? rx->coa : rx->src;

	e = bcache_lookup(ha.bc, &in.hoa, &rx->dst);
	if (e != NULL && (e->role_state & HA_PENDING)) {
		/* DAD is running for this first registration: the BA follows when it ends. */
		stats_inc("drop.bu-during-dad");
		return;
	}
	in.has_bce = e != NULL;
	in.bce_home = e != NULL && (e->flags & BCACHE_F_HOME);
	in.bce_seq = e != NULL ? e->seq : 0;
	in.cache_full = bcache_full(ha.bc);
	in.is_ha = 1;
	l = conf_ha_serves(ha.conf, &in.hoa, &pfx);
	in.on_home_prefix = l != NULL;
	in.to_right_ha = l != NULL &&
	    (addr_is_unspecified(&l->ha_addr) || addr_eq(&l->ha_addr, &rx->dst));
	in.acl_allows = conf_acl_allows(ha.conf, &in.hoa);
	in.prefix_valid_s = l != NULL ? l->prefix_lifetime : 0;
	in.max_lifetime_s = ha.conf->ha.max_lifetime;

	ha_bu_decide(&in, &v);
	stats_inc(v.reason);
	switch (v.action) {
	case HA_DROP:
		log_debug("BU from %s dropped: %s", addr_str(&in.hoa), v.reason);
		return;
	case HA_REJECT:
		log_info("BU for %s from %s rejected: %s (%u)", addr_str(&in.hoa),
		    addr_str(&in.coa), v.reason, v.status);
		mh_io_send_ba(rx, &in.coa, v.status, 0, v.ba_seq, 0, 0);
		return;
	case HA_DEREGISTER:
		binding_remove(e, "de-registration");
		ha_sync_del(e);
		bcache_del(ha.bc, e);
		/* RFC 6275 10.3.2: the BA goes to the care-of address the BU came from */
		if (ack)
			mh_io_send_ba(rx, &in.coa, MH_BA_ACCEPTED, 0, bu->seq, 0, 0);
		return;
	case HA_ACCEPT:
		break;
	}

	if (e == NULL) {
		e = bcache_add(ha.bc, &in.hoa, &rx->dst);
		if (e == NULL) {
			stats_inc("reject.binding-cache-full");
			mh_io_send_ba(rx, &in.coa, MH_BA_INSUFFICIENT, 0, bu->seq, 0, 0);
			return;
		}
	}
	e->coa = in.coa;
	e->seq = bu->seq;
	e->lifetime_s = v.lifetime_s;
	e->flags = entry_flags(bu->flags);
	e->n_bu++;
	e->last_used_ms = loop_now_ms();

	if (v.first && ha.conf->ha.dad) {
		int ifi = home_ifindex(l);
		struct in6_addr ll;

		/* RFC 6275 10.3.1: DAD before the first acceptance; the BA waits for it. */
		e->role_state = HA_DAD_HOA;
		if (dad_probe(ifi, &e->hoa, e) == -1) {
			bcache_del(ha.bc, e);
			mh_io_send_ba(rx, &in.coa, MH_BA_INSUFFICIENT, 0, bu->seq, 0, 0);
			return;
		}
		if (e->flags & BCACHE_F_LLADDR) {
			ll_of(&e->hoa, &ll);
			e->role_state |= HA_DAD_LL;
			if (dad_probe(ifi, &ll, e) == -1)
				e->role_state &= (uint8_t)~HA_DAD_LL;
		}
		log_debug("DAD for %s on %s before accepting", addr_str(&e->hoa), l->ifname);
		return;
	}
	binding_accepted(e, l, ack, rx);
}

static void
ha_expired(struct bcache_entry *e, void *arg)
{
	stats_inc("ha.expired");
	binding_remove(e, "lifetime expired");
	ha_sync_del(e);
}

static const char *
entry_state(const struct bcache_entry *e)
{
	if (e->role_state & HA_PENDING)
		return "dad";
	if (e->role_state & HA_INSTALLED)
		return "active";
	return "new";
}

static void
bc_add_json(struct bcache_entry *e, void *arg)
{
	struct json_object *list = arg, *o = json_object_new_object();
	uint64_t now = loop_now_ms();
	char flags[8];
	int n = 0;

	if (e->flags & BCACHE_F_HOME)
		flags[n++] = 'H';
	if (e->flags & BCACHE_F_LLADDR)
		flags[n++] = 'L';
	if (e->flags & BCACHE_F_KEYMGMT)
		flags[n++] = 'K';
	if (e->flags & BCACHE_F_ROUTER)
		flags[n++] = 'R';
	flags[n] = '\0';
	json_object_object_add(o, "home-address", json_object_new_string(addr_str(&e->hoa)));
	json_object_object_add(o, "care-of-address", json_object_new_string(addr_str(&e->coa)));
	json_object_object_add(o, "local-address", json_object_new_string(addr_str(&e->local)));
	json_object_object_add(o, "lifetime", json_object_new_int64(e->lifetime_s));
	json_object_object_add(o, "remaining", json_object_new_int64(
	    e->expiry_ms > now ? (int64_t)((e->expiry_ms - now) / 1000) : 0));
	json_object_object_add(o, "sequence", json_object_new_int(e->seq));
	json_object_object_add(o, "flags", json_object_new_string(flags));
	json_object_object_add(o, "state", json_object_new_string(entry_state(e)));
	json_object_object_add(o, "role", json_object_new_string("ha"));
	json_object_array_add(list, o);
}

void
ha_bc_json(struct json_object *list)
{
	if (ha.bc != NULL)
		bcache_foreach(ha.bc, bc_add_json, list);
}

static void
resolve_links(void)
{
	size_t i;

	for (i = 0; i < ha.conf->nhome_links && i < sizeof(ha.ifindex) / sizeof(ha.ifindex[0]);
	    i++) {
		ha.ifindex[i] = (int)if_nametoindex(ha.conf->home_links[i].ifname);
		if (ha.ifindex[i] == 0)
			log_warnx("home link %s does not exist (yet)", ha.conf->home_links[i].ifname);
	}
}

int
ha_start(const struct conf *c)
{
	ha.conf = c;
	ha.bc = bcache_new(c->ha.max_bindings);
	if (ha.bc == NULL || bcache_attach_loop(ha.bc, ha_expired, NULL) == -1) {
		log_warnx("cannot create the binding cache");
		return -1;
	}
	resolve_links();
	if (ha_kern_start(c) == -1) {
		bcache_free(ha.bc);
		ha.bc = NULL;
		return -1;
	}
	mh_io_register(MH_IO_BU_HOME, ha_recv_bu, NULL);
	/* the bindings of the last run, from the state file (and Redis) */
	ha_sync_start(c, ha.bc);
	log_info("home agent on %zu home link(s), at most %u bindings", c->nhome_links,
	    c->ha.max_bindings);
	return 0;
}

int
ha_reload(const struct conf *c)
{
	ha.conf = c;
	resolve_links();
	bcache_set_cap(ha.bc, c->ha.max_bindings);
	return 0;
}

static void
remove_each(struct bcache_entry *e, void *arg)
{
	binding_remove(e, "home agent stopping");
}

void
ha_stop(void)
{
	if (ha.bc == NULL)
		return;
	/* The store keeps the bindings for the next start; only the kernel forgets them. */
	ha_sync_stop();
	/* Thousands of bindings: their removals go to the kernel back to back. */
	kern_batch_begin();
	bcache_foreach(ha.bc, remove_each, NULL);
	kern_batch_end();
	bcache_free(ha.bc);
	ha.bc = NULL;
	ha_kern_stop();
}

unsigned long
ha_binding_count(void)
{
	return ha.bc ? bcache_count(ha.bc) : 0;
}

/* --- the bindings of the store and of the active home agent's stream (ha_sync.h) ------- */

int
ha_binding_restore(const struct bstore_rec *r, uint64_t expiry_ms, int install, int only_newer)
{
	const struct conf_home_link *l = conf_ha_serves(ha.conf, &r->hoa, NULL);
	struct bcache_entry *e;

	if (l == NULL || !(r->flags & BCACHE_F_HOME))
		return -1;
	e = bcache_lookup(ha.bc, &r->hoa, &r->local);
	if (e != NULL && ((e->role_state & HA_PENDING) ||
	    (only_newer && bcache_seq_newer(e->seq, r->seq))))
		return 0;
	if (e == NULL && (e = bcache_add(ha.bc, &r->hoa, &r->local)) == NULL)
		return -1;
	e->coa = r->coa;
	e->seq = r->seq;
	e->lifetime_s = r->lifetime_s;
	e->flags = r->flags;
	bcache_set_expiry(ha.bc, e, expiry_ms);
	/* an installed entry follows the active home agent's moves at once */
	if ((install || (e->role_state & HA_INSTALLED)) && binding_install(e, l) == -1)
		return -1;
	return 0;
}

void
ha_binding_forget(const struct in6_addr *hoa, const struct in6_addr *local)
{
	struct bcache_entry *e = bcache_lookup(ha.bc, hoa, local);

	if (e == NULL || (e->role_state & HA_PENDING))
		return;
	if (e->role_state & HA_INSTALLED)
		binding_remove(e, "ended on the active home agent");
	bcache_del(ha.bc, e);
}

struct install_ctx {
	unsigned long	n;
	int		install;
};

static void
install_one(struct bcache_entry *e, void *arg)
{
	struct install_ctx *c = arg;
	const struct conf_home_link *l;
	struct in6_addr ll;

	if (e->role_state & HA_PENDING)
		return;
	if (c->install && !(e->role_state & HA_INSTALLED)) {
		if ((l = conf_ha_serves(ha.conf, &e->hoa, NULL)) != NULL &&
		    binding_install(e, l) == 0)
			c->n++;
	} else if (!c->install && (e->role_state & HA_INSTALLED)) {
		if ((l = conf_ha_serves(ha.conf, &e->hoa, NULL)) != NULL) {
			ll_of(&e->hoa, &ll);
			ha_kern_binding_del(home_ifindex(l), &e->hoa,
			    (e->flags & BCACHE_F_LLADDR) ? &ll : NULL);
		}
		e->role_state &= (uint8_t)~HA_INSTALLED;
		c->n++;
	}
}

unsigned long
ha_binding_install_all(void)
{
	struct install_ctx c = { 0, 1 };

	/* thousands of routes and proxy entries: back to back, answers checked as they come */
	kern_batch_begin();
	bcache_foreach(ha.bc, install_one, &c);
	kern_batch_end();
	return c.n;
}

unsigned long
ha_binding_uninstall_all(void)
{
	struct install_ctx c = { 0, 0 };

	kern_batch_begin();
	bcache_foreach(ha.bc, install_one, &c);
	kern_batch_end();
	return c.n;
}
