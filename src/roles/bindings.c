/* bindings.c - the node's one binding cache: opened by the home agent and correspondent roles,
 * each with its own cap and expiry handler, and the Home Address option check across both */
#include "config.h"

#define LOG_SUBSYS "bind"

#include <errno.h>
#include <stdlib.h>

#include "bindings.h"
#include "hao_decide.h"
#include "log.h"
#include "mh.h"
#include "mh_io.h"
#include "stats.h"
#include "util.h"

static struct {
	struct bcache	*bc;
	struct {
		int		 open;
		uint32_t	 cap;
		uint32_t	 count;
		bcache_expire_cb expired;
		void		*arg;
	} role[2];
} bs;

int
bindings_kind(const struct bcache_entry *e)
{
	return (e->flags & BCACHE_F_HOME) ? BINDINGS_HOME : BINDINGS_CORR;
}

/* One timer for the cache; each entry's role hears of its own. */
static void
expired(struct bcache_entry *e, void *arg)
{
	int k = bindings_kind(e);

	if (bs.role[k].expired != NULL)
		bs.role[k].expired(e, bs.role[k].arg);
	if (bs.role[k].count > 0)
		bs.role[k].count--;
}

struct bcache *
bindings_open(int kind, uint32_t cap, bcache_expire_cb cb, void *arg)
{
	if (kind != BINDINGS_HOME && kind != BINDINGS_CORR)
		return NULL;
	if (bs.bc == NULL) {
		/* no cap of its own: each role counts its entries against its limit */
		if ((bs.bc = bcache_new(0)) == NULL)
			return NULL;
		if (bcache_attach_loop(bs.bc, expired, NULL) == -1) {
			bcache_free(bs.bc);
			bs.bc = NULL;
			return NULL;
		}
	}
	bs.role[kind].open = 1;
	bs.role[kind].cap = cap;
	bs.role[kind].count = 0;
	bs.role[kind].expired = cb;
	bs.role[kind].arg = arg;
	return bs.bc;
}

struct del_list {
	struct bcache_entry	**v;
	size_t			  n;
	int			  kind;
};

static void
collect(struct bcache_entry *e, void *arg)
{
	struct del_list *l = arg;

	if (bindings_kind(e) == l->kind && l->v != NULL)
		l->v[l->n++] = e;
}

void
bindings_close(int kind)
{
	struct del_list l;
	size_t i;

	if (bs.bc == NULL || (kind != BINDINGS_HOME && kind != BINDINGS_CORR) ||
	    !bs.role[kind].open)
		return;
	bs.role[kind].open = 0;
	bs.role[kind].expired = NULL;
	if (!bs.role[!kind].open) {
		bcache_free(bs.bc);
		bs.bc = NULL;
		bs.role[kind].count = bs.role[!kind].count = 0;
		return;
	}
	/* the other role goes on: only this role's entries leave */
	l.n = 0;
	l.kind = kind;
	l.v = calloc(bs.role[kind].count + 1, sizeof(*l.v));
	if (l.v != NULL && bs.role[kind].count > 0)
		bcache_foreach(bs.bc, collect, &l);
	for (i = 0; i < l.n; i++)
		bcache_del(bs.bc, l.v[i]);
	free(l.v);
	bs.role[kind].count = 0;
}

void
bindings_set_cap(int kind, uint32_t cap)
{
	if (kind == BINDINGS_HOME || kind == BINDINGS_CORR)
		bs.role[kind].cap = cap;
}

int
bindings_full(int kind)
{
	return bs.role[kind].cap > 0 && bs.role[kind].count >= bs.role[kind].cap;
}

uint32_t
bindings_count(int kind)
{
	return bs.bc != NULL ? bs.role[kind].count : 0;
}

struct bcache_entry *
bindings_add(int kind, const struct in6_addr *hoa, const struct in6_addr *local)
{
	struct bcache_entry *e;

	if (bs.bc == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (bindings_full(kind)) {
		errno = ENOSPC;
		return NULL;
	}
	if ((e = bcache_add(bs.bc, hoa, local)) == NULL)
		return NULL;
	if (kind == BINDINGS_HOME)
		e->flags = BCACHE_F_HOME;
	bs.role[kind].count++;
	return e;
}

void
bindings_del(struct bcache_entry *e)
{
	int k = bindings_kind(e);

	if (bs.role[k].count > 0)
		bs.role[k].count--;
	bcache_del(bs.bc, e);
}

struct each_ctx {
	int	 kind;
	void	(*f)(struct bcache_entry *, void *);
	void	*arg;
};

static void
each(struct bcache_entry *e, void *arg)
{
	struct each_ctx *c = arg;

	if (bindings_kind(e) == c->kind)
		c->f(e, c->arg);
}

void
bindings_foreach(int kind, void (*f)(struct bcache_entry *e, void *arg), void *arg)
{
	struct each_ctx c = { kind, f, arg };

	if (bs.bc != NULL)
		bcache_foreach(bs.bc, each, &c);
}

void
bindings_foreach_rev(int kind, void (*f)(struct bcache_entry *e, void *arg), void *arg)
{
	struct each_ctx c = { kind, f, arg };

	if (bs.bc != NULL)
		bcache_foreach_rev(bs.bc, each, &c);
}

void
bindings_hao_report(const struct in6_addr *hoa, const struct in6_addr *coa,
    const struct in6_addr *local, int mh_type, void *arg)
{
	struct bcache_entry *e = bs.bc != NULL ? bcache_lookup(bs.bc, hoa, local) : NULL;
	struct hao_input in;
	struct hao_verdict v;

	in.mh_type = mh_type;
	in.has_bce = e != NULL;
	/* a role sets the expiry when it accepts a binding, never before (DAD) */
	in.bce_active = e != NULL && e->expiry_ms != 0;
	in.coa_matches = e != NULL && addr_eq(&e->coa, coa);
	hao_report_decide(&in, &v);
	stats_inc(v.reason);
	log_debug("Home Address option %s from %s to %s%s: %s", addr_str(hoa), addr_str(coa),
	    addr_str(local), mh_type >= 0 ? " (Mobility Header)" : "", v.reason);
	if (v.answer != HAO_SILENT)
		mh_io_send_be(v.status, coa, local, hoa);
}

struct bcache_entry *
bindings_first(int kind, const struct in6_addr *hoa)
{
	struct bcache_entry *e;

	if (bs.bc == NULL)
		return NULL;
	for (e = bcache_lookup_hoa(bs.bc, hoa); e != NULL; e = bcache_next_hoa(bs.bc, e))
		if (bindings_kind(e) == kind)
			break;
	return e;
}
