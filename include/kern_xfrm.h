/* kern_xfrm.h - XFRM states and policies: Mobile IPv6 route optimization (RT2, HAO), ESP */
#ifndef MIP6D_KERN_XFRM_H
#define MIP6D_KERN_XFRM_H

#include <netinet/in.h>
#include <stdint.h>

#include "kern_ops.h"

struct nl_msg;

/* Traffic selector.  Addresses with prefix length 0 match any. */
struct kern_xfrm_sel {
	struct in6_addr	saddr;
	struct in6_addr	daddr;
	uint8_t		splen;
	uint8_t		dplen;
	uint8_t		proto;		/* 0: any; IPPROTO_MH ... */
	int16_t		mh_type;	/* MH or ICMPv6 type (kernel: in sport), -1 any */
	uint8_t		icmp_code_set;	/* ICMPv6 code given (kern_xfrm_sel_code) */
	uint8_t		icmp_code;	/* ... in the kernel's dport */
	int		ifindex;	/* 0: any */
};

struct kern_xfrm_tmpl {
	uint8_t		proto;		/* IPPROTO_ROUTING (RT2), IPPROTO_DSTOPTS (HAO), IPPROTO_ESP */
	uint8_t		mode;		/* XFRM_MODE_ROUTEOPTIMIZATION, _TRANSPORT, _TUNNEL */
	uint8_t		optional;	/* "level use" */
	uint32_t	reqid;
	struct in6_addr	saddr;		/* :: when any (tunnel mode: the outer addresses) */
	struct in6_addr	daddr;
};

#define KERN_XFRM_MAXTMPL	4

struct kern_xfrm_policy {
	struct kern_xfrm_sel sel;
	uint8_t		dir;		/* XFRM_POLICY_IN, _OUT, _FWD */
	uint8_t		type;		/* XFRM_POLICY_TYPE_SUB (Mobile IPv6), _MAIN (IPsec) */
	uint8_t		action;		/* XFRM_POLICY_ALLOW, _BLOCK */
	uint8_t		prio;		/* role priority (xfrm_prio.h), below KERN_XFRM_PRIO_SPAN */
	uint8_t		ntmpl;
	struct kern_xfrm_tmpl tmpl[KERN_XFRM_MAXTMPL];
};

/* Route-optimization state types */
#define KERN_RO_RT2	43	/* IPPROTO_ROUTING: type 2 routing header */
#define KERN_RO_HAO	60	/* IPPROTO_DSTOPTS: home address option */

#define KERN_XFRM_F_WILDRECV	0x01	/* HAO receive state for any source (CN, HA) */
/* A state only for ICMPv6 messages of type t (its selector names them; the kernel matches a
 * state's selector against the flow): e.g. the mobile node's HAO for its Mobile Prefix
 * Solicitations, while its other traffic to the home agent keeps the tunnel. */
#define KERN_XFRM_F_ICMP6	0x100
#define KERN_XFRM_F_ICMP6_TYPE(t) (KERN_XFRM_F_ICMP6 | ((unsigned int)(uint8_t)(t) << 16))
#define KERN_XFRM_F_ICMP6_TYPE_OF(f) ((int)(((f) >> 16) & 0xff))

/*
 * Route-optimization state (mode ro, spi 0) for packets from saddr to daddr, NULL meaning any
 * (selector prefix 0).  RT2 puts coa in the destination (CN/HA -> MN: saddr peer, daddr HoA);
 * HAO puts coa in the source (MN -> peer: saddr HoA, daddr peer).  Adding an existing state
 * updates its care-of address.  0 or -errno.
 */
static inline int
kern_xfrm_ro_state_add(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags)
{
	return kern_ops->xfrm_ro_state_add(type, saddr, daddr, coa, flags);
}

static inline int
kern_xfrm_ro_state_del(uint8_t type, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	return kern_ops->xfrm_ro_state_del(type, saddr, daddr);
}

/* Install or replace a policy (identity: selector, dir, type); prio is within mip6d's band. */
static inline int
kern_xfrm_policy_add(const struct kern_xfrm_policy *p)
{
	return kern_ops->xfrm_policy_add(p);
}

static inline int
kern_xfrm_policy_del(const struct kern_xfrm_policy *p)
{
	return kern_ops->xfrm_policy_del(p);
}

/*
 * Route-optimization policy, type sub, optional template: traffic matching sel in dir gets
 * (out) or may carry (in) the extension header of type.  prio: from xfrm_prio.h.
 */
static inline int
kern_xfrm_ro_policy_add(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    uint8_t prio)
{
	return kern_ops->xfrm_ro_policy_add(sel, dir, type, prio);
}

static inline int
kern_xfrm_ro_policy_del(const struct kern_xfrm_sel *sel, uint8_t dir)
{
	return kern_ops->xfrm_ro_policy_del(sel, dir);
}

/* Selector helper: saddr/splen -> daddr/dplen, proto (0 any), MH type (-1 any). */
void	kern_xfrm_sel_init(struct kern_xfrm_sel *sel, const struct in6_addr *saddr, int splen,
	    const struct in6_addr *daddr, int dplen, uint8_t proto, int mh_type);
/* Narrow an ICMPv6 selector to one code (after kern_xfrm_sel_init). */
static inline void
kern_xfrm_sel_code(struct kern_xfrm_sel *sel, uint8_t code)
{
	sel->icmp_code_set = 1;
	sel->icmp_code = code;
}

/* ESP security association, manually keyed (MN-HA without IKE; tests). */
struct kern_esp_sa {
	uint32_t	spi;
	uint32_t	reqid;
	uint8_t		mode;		/* XFRM_MODE_TRANSPORT or _TUNNEL */
	struct in6_addr	saddr;
	struct in6_addr	daddr;
	char		auth_alg[32];	/* "hmac(sha1)", "" none */
	uint8_t		auth_key[64];
	uint16_t	auth_keylen;	/* bytes */
	uint16_t	auth_trunc;	/* bits, 0: the algorithm's default 96 */
	char		enc_alg[32];	/* "cbc(aes)", "ecb(cipher_null)" */
	uint8_t		enc_key[64];
	uint16_t	enc_keylen;	/* bytes */
};
static inline int
kern_xfrm_esp_state_add(const struct kern_esp_sa *sa)
{
	return kern_ops->xfrm_esp_state_add(sa);
}

static inline int
kern_xfrm_esp_state_del(uint32_t spi, const struct in6_addr *saddr,
    const struct in6_addr *daddr)
{
	return kern_ops->xfrm_esp_state_del(spi, saddr, daddr);
}

/* XFRM_MSG_MIGRATE (RFC 6275 11.7.1: moving the MN-HA tunnel SAs to a new care-of address). */
struct kern_xfrm_migrate {
	struct in6_addr	old_saddr, old_daddr;
	struct in6_addr	new_saddr, new_daddr;
	uint8_t		proto;		/* IPPROTO_ESP ... */
	uint8_t		mode;
	uint32_t	reqid;
};
static inline int
kern_xfrm_migrate(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
    const struct kern_xfrm_migrate *m, int n)
{
	return kern_ops->xfrm_migrate(sel, dir, type, m, n);
}

/*
 * Message builders, separate from sending so that tests can look at the bytes.
 * 0 and *msg, or -errno.
 */
int	kern_xfrm_ro_state_build(int cmd, uint8_t type, const struct in6_addr *saddr,
	    const struct in6_addr *daddr, const struct in6_addr *coa, unsigned int flags,
	    struct nl_msg **msg);
int	kern_xfrm_policy_build(int cmd, const struct kern_xfrm_policy *p, struct nl_msg **msg);
int	kern_xfrm_esp_state_build(const struct kern_esp_sa *sa, struct nl_msg **msg);
int	kern_xfrm_migrate_build(const struct kern_xfrm_sel *sel, uint8_t dir, uint8_t type,
	    const struct kern_xfrm_migrate *m, int n, struct nl_msg **msg);

/*
 * The namespace's XFRM input error counters (/proc/net/xfrm_stat, XFRM_STATISTICS): v[0]
 * XfrmInTmplMismatch, v[1] XfrmInNoStates, v[2] XfrmInPolBlock.  0, or -1 (no such file).
 * kern_xfrm_stat_parse: the same from the file's text (pure; -1 unless all three are there).
 */
static inline int
kern_xfrm_stat_read(unsigned long long v[3])
{
	return kern_ops->xfrm_stat_read(v);
}

int	kern_xfrm_stat_parse(const char *text, unsigned long long v[3]);

/* Crash clean-up and shutdown, for probe.c. */
int	kern_xfrm_cleanup_policies(void);
void	kern_xfrm_forget_all(int remove);
void	kern_xfrm_sa_remove_key(const void *key, size_t keylen);
void	kern_xfrm_resync(void);

#endif
