/* neigh.c - proxy neighbour entries, the only code that changes the neighbour tables */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/addr.h>
#include <netlink/route/neighbour.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern_neigh.h"
#include "kern_nl.h"
#include "kern_real.h"

/* The kernel has no field to mark a proxy entry as ours: they are journalled (rec.c). */
struct proxy_key {
	int		ifindex;
	struct in6_addr	addr;
};

int
kern_neigh_proxy_build(int cmd, int ifindex, const struct in6_addr *addr, struct nl_msg **msg)
{
	struct rtnl_neigh *n;
	struct nl_addr *a;
	int rc;

	if ((n = rtnl_neigh_alloc()) == NULL)
		return -ENOMEM;
	rtnl_neigh_set_family(n, AF_INET6);
	rtnl_neigh_set_ifindex(n, ifindex);
	rtnl_neigh_set_flags(n, NTF_PROXY);
	if ((a = nl_addr_build(AF_INET6, addr, sizeof(*addr))) != NULL) {
		rtnl_neigh_set_dst(n, a);
		nl_addr_put(a);
	}
	rc = cmd == RTM_NEWNEIGH ?
	    rtnl_neigh_build_add_request(n, NLM_F_CREATE | NLM_F_REPLACE, msg) :
	    rtnl_neigh_build_delete_request(n, 0, msg);
	rtnl_neigh_put(n);
	return rc < 0 ? -ENOMEM : 0;
}

static int
proxy_send(int cmd, int ifindex, const struct in6_addr *addr, int quiet)
{
	struct nl_msg *msg;
	char what[128];
	int rc;

	if ((rc = kern_neigh_proxy_build(cmd, ifindex, addr, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s proxy %s dev %d", cmd == RTM_NEWNEIGH ? "add" : "delete",
	    addr_str(addr), ifindex);
	return kern_nl_request(kern_nl_route(), msg, what, quiet);
}

int
kern_neigh_proxy_add_real(int ifindex, const struct in6_addr *addr)
{
	struct proxy_key k;
	int rc, known;

	memset(&k, 0, sizeof(k));
	k.ifindex = ifindex;
	k.addr = *addr;
	known = kern_rec_get(KREC_PROXY, &k, sizeof(k)) != NULL;
	if (!known && kern_rec_put(KREC_PROXY, &k, sizeof(k), NULL, 0, 1) == -1)
		return -ENOMEM;
	if ((rc = proxy_send(RTM_NEWNEIGH, ifindex, addr, 0)) < 0 && !known)
		kern_rec_del(KREC_PROXY, &k, sizeof(k), 1);
	return rc;
}

int
kern_neigh_proxy_del_real(int ifindex, const struct in6_addr *addr)
{
	struct proxy_key k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.ifindex = ifindex;
	k.addr = *addr;
	rc = proxy_send(RTM_DELNEIGH, ifindex, addr, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_PROXY, &k, sizeof(k), 1);
	return rc == -ENOENT || rc == -ENODEV ? 0 : rc;
}

void
kern_neigh_remove_key(const void *key, size_t keylen)
{
	const struct proxy_key *k = key;

	if (keylen == sizeof(*k))
		(void)proxy_send(RTM_DELNEIGH, k->ifindex, &k->addr, KERN_NL_QUIET_ENOENT);
}

static void
forget(struct kern_rec *r, void *arg)
{
	if (*(int *)arg)
		kern_neigh_remove_key(KREC_KEY(r), r->keylen);
	/* Without removal (a simulated crash) the journal keeps the entry. */
	kern_rec_del(KREC_PROXY, KREC_KEY(r), r->keylen, *(int *)arg);
}

void
kern_neigh_forget_all(int remove)
{
	kern_rec_foreach(KREC_PROXY, forget, &remove);
}

static void
resync(struct kern_rec *r, void *arg)
{
	struct proxy_key *k = KREC_KEY(r);

	(void)proxy_send(RTM_NEWNEIGH, k->ifindex, &k->addr, 0);
}

void
kern_neigh_resync(void)
{
	kern_rec_foreach(KREC_PROXY, resync, NULL);
}
