/* addr.c - addresses mip6d adds (home addresses), the only code that changes addresses */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/addr.h>
#include <netlink/route/addr.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern_addr.h"
#include "kern_nl.h"
#include "kern_real.h"

/* Addresses cannot be marked as ours in the kernel: they are journalled (rec.c). */
struct addr_key {
	int		ifindex;
	struct in6_addr	addr;
	uint8_t		plen;
	uint8_t		pad[3];
};

struct addr_val {
	uint32_t	flags;
	uint32_t	valid;
	uint32_t	preferred;
};

int
kern_addr_build(int cmd, int ifindex, const struct in6_addr *addr, int plen,
    unsigned int flags, uint32_t valid, uint32_t preferred, struct nl_msg **msg)
{
	struct rtnl_addr *ra;
	struct nl_addr *a;
	unsigned int f = 0;
	int rc;

	if ((ra = rtnl_addr_alloc()) == NULL)
		return -ENOMEM;
	rtnl_addr_set_family(ra, AF_INET6);
	rtnl_addr_set_ifindex(ra, ifindex);
	if ((a = nl_addr_build(AF_INET6, addr, sizeof(*addr))) != NULL) {
		nl_addr_set_prefixlen(a, plen);
		rtnl_addr_set_local(ra, a);
		nl_addr_put(a);
	}
	rtnl_addr_set_prefixlen(ra, plen);
	if (cmd == RTM_NEWADDR) {
		if (flags & KERN_ADDR_HOME)
			f |= IFA_F_HOMEADDRESS;
		if (flags & KERN_ADDR_NODAD)
			f |= IFA_F_NODAD;
		if (flags & KERN_ADDR_NOPREFIXROUTE)
			f |= IFA_F_NOPREFIXROUTE;	/* > 0xff: libnl adds IFA_FLAGS */
		rtnl_addr_set_flags(ra, f);
		rtnl_addr_set_valid_lifetime(ra, valid);
		rtnl_addr_set_preferred_lifetime(ra, preferred);
		rc = rtnl_addr_build_add_request(ra, NLM_F_CREATE | NLM_F_REPLACE, msg);
	} else
		rc = rtnl_addr_build_delete_request(ra, 0, msg);
	rtnl_addr_put(ra);
	return rc < 0 ? -ENOMEM : 0;
}

static int
addr_send(int cmd, const struct addr_key *k, const struct addr_val *v, int quiet)
{
	struct nl_msg *msg;
	char what[128];
	int rc;

	if ((rc = kern_addr_build(cmd, k->ifindex, &k->addr, k->plen, v ? v->flags : 0,
	    v ? v->valid : 0, v ? v->preferred : 0, &msg)) < 0)
		return rc;
	snprintf(what, sizeof(what), "%s address %s/%u dev %d",
	    cmd == RTM_NEWADDR ? "add" : "delete", addr_str(&k->addr), k->plen, k->ifindex);
	return kern_nl_request(kern_nl_route(), msg, what, quiet);
}

static void
key_init(struct addr_key *k, int ifindex, const struct in6_addr *addr, int plen)
{
	memset(k, 0, sizeof(*k));
	k->ifindex = ifindex;
	k->addr = *addr;
	k->plen = (uint8_t)plen;
}

int
kern_addr_add_real(int ifindex, const struct in6_addr *addr, int plen, unsigned int flags,
    uint32_t valid, uint32_t preferred)
{
	struct addr_key k;
	struct addr_val v = { flags, valid, preferred };
	int rc, known;

	key_init(&k, ifindex, addr, plen);
	known = kern_rec_get(KREC_ADDR, &k, sizeof(k)) != NULL;
	if (kern_rec_put(KREC_ADDR, &k, sizeof(k), &v, sizeof(v), !known) == -1)
		return -ENOMEM;
	if ((rc = addr_send(RTM_NEWADDR, &k, &v, 0)) < 0 && !known)
		kern_rec_del(KREC_ADDR, &k, sizeof(k), 1);
	return rc;
}

int
kern_addr_del_real(int ifindex, const struct in6_addr *addr, int plen)
{
	struct addr_key k;
	int rc;

	key_init(&k, ifindex, addr, plen);
	rc = addr_send(RTM_DELADDR, &k, NULL, KERN_NL_QUIET_ENOENT);
	kern_rec_del(KREC_ADDR, &k, sizeof(k), 1);
	return rc == -EADDRNOTAVAIL || rc == -ENODEV || rc == -ENOENT ? 0 : rc;
}

void
kern_addr_remove_key(const void *key, size_t keylen)
{
	if (keylen == sizeof(struct addr_key))
		(void)addr_send(RTM_DELADDR, key, NULL, KERN_NL_QUIET_ENOENT);
}

static void
forget(struct kern_rec *r, void *arg)
{
	if (*(int *)arg)
		kern_addr_remove_key(KREC_KEY(r), r->keylen);
	/* Without removal (a simulated crash) the journal keeps the entry. */
	kern_rec_del(KREC_ADDR, KREC_KEY(r), r->keylen, *(int *)arg);
}

void
kern_addr_forget_all(int remove)
{
	kern_rec_foreach(KREC_ADDR, forget, &remove);
}

static void
resync(struct kern_rec *r, void *arg)
{
	(void)addr_send(RTM_NEWADDR, KREC_KEY(r), KREC_VAL(r), 0);
}

void
kern_addr_resync(void)
{
	kern_rec_foreach(KREC_ADDR, resync, NULL);
}
