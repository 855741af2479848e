/* bindings.h - the node's one binding cache, shared by the home agent and correspondent roles
 * (RFC 6275 9.1).  A home registration and a correspondent binding for a home address are
 * entries of the same cache, told apart by BCACHE_F_HOME, so every lookup sees both: a role
 * answers 139 for the other role's binding (RFC 6275 9.5.1, 10.3.1), and a Home Address option
 * the kernel could not match is judged against every binding at once (9.3.1). */
#ifndef MIP6D_BINDINGS_H
#define MIP6D_BINDINGS_H

#include <netinet/in.h>
#include <stdint.h>

#include "bcache.h"

#define BINDINGS_CORR	0	/* correspondent bindings (cn.c) */
#define BINDINGS_HOME	1	/* home registrations (ha.c): BCACHE_F_HOME */

/*
 * A role starts using the cache (created by the first): cap is its own limit on entries (BA
 * 130 above it), expired is called for its entries only, which are deleted when it returns
 * (it must not give them a new expiry).  NULL on failure.
 */
struct bcache *bindings_open(int kind, uint32_t cap, bcache_expire_cb expired, void *arg);
/* The role is done: its entries go (the role has removed their kernel state), and the
 * cache with the last role. */
void	bindings_close(int kind);
void	bindings_set_cap(int kind, uint32_t cap);

/* New entry of the role's kind (BCACHE_F_HOME set for home registrations); NULL with errno as
 * bcache_add, or ENOSPC when the role's cap is reached. */
struct bcache_entry *bindings_add(int kind, const struct in6_addr *hoa,
	    const struct in6_addr *local);
void	bindings_del(struct bcache_entry *e);
/* Whether the role's cap is reached (RFC 6275 6.1.8: 130). */
int	bindings_full(int kind);
uint32_t bindings_count(int kind);
int	bindings_kind(const struct bcache_entry *e);
/* The first entry of one kind for hoa, or NULL (the other role's entries are skipped). */
struct bcache_entry *bindings_first(int kind, const struct in6_addr *hoa);
/* Call f for each entry of one kind (f must not add or delete entries). */
void	bindings_foreach(int kind, void (*f)(struct bcache_entry *e, void *arg), void *arg);
/* The same, newest first (bcache_foreach_rev): the kernel keeps proxy entries and their
 * multicast groups in lists it adds to at the head, so removals in this order find theirs
 * at once instead of walking past every younger binding's. */
void	bindings_foreach_rev(int kind, void (*f)(struct bcache_entry *e, void *arg), void *arg);

/*
 * The kernel refused a packet carrying a Home Address option (XFRM_MSG_REPORT: no route-
 * optimization state of a binding let it in, RFC 6275 9.3.1): hoa and coa from the packet,
 * local its destination, mh_type its Mobility Header type or -1.  Answers with a Binding
 * Error (rate limited) where hao_report_decide says so.
 */
void	bindings_hao_report(const struct in6_addr *hoa, const struct in6_addr *coa,
	    const struct in6_addr *local, int mh_type, void *arg);

#endif
