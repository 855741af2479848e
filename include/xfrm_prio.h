/* xfrm_prio.h - every XFRM policy priority mip6d installs, in one table, so that what must be
 * equal is equal by definition and what must come first does (checked at compile time) */
#ifndef MIP6D_XFRM_PRIO_H
#define MIP6D_XFRM_PRIO_H

/*
 * Priorities are role priorities inside mip6d's band (kern.h: KERN_XFRM_PRIO_BASE + these, all
 * below KERN_XFRM_PRIO_SPAN).  Lower wins.  The kernel looks the sub policies (Mobile IPv6
 * route optimization) up before, and apart from, the main ones (IPsec): the two tables are
 * never compared with each other.
 */

/* ---- type sub: route optimization (RFC 6275 6.3, 6.4) ---- */

/* Mobility Headers (and Neighbor Discovery) never take a binding's path (RFC 6275 6.1): the
 * BA's routing header and the BU's Home Address option are given per packet by mh_sock. */
#define XFRM_PRIO_MH_BYPASS	1
/* The MN-HA Binding Update and Acknowledgement (HAO / RT2, with ESP transport: RFC 4877). */
#define XFRM_PRIO_HOME		2
/* What else the home agent sends the mobile node through RT2 (BRR, BE: RFC 6275 11.7.4,
 * 9.2), after the BA's own policy, which names its MH type. */
#define XFRM_PRIO_HOME_OTHER	3
/* A Binding Update with a Home Address option from any care-of address (CN and HA). */
#define XFRM_PRIO_WILD_RECV	8
/*
 * One binding's traffic, RT2 out / HAO in at the correspondent and HAO out / RT2 in at the
 * mobile node: the same policy (selector, templates) for both roles, so that two mobile nodes
 * optimizing to each other get a routing header and a Home Address option in one packet.
 */
#define XFRM_PRIO_RO		10
/* Anything from the home agent to the home address may carry RT2 (RFC 6275 9.3.2, 11.3.3);
 * its selector (from the HA) meets no correspondent's. */
#define XFRM_PRIO_MN_HA_RT2	12
/* The mobile node's catch-all that makes the kernel ask for a binding it lacks (ACQUIRE),
 * below the correspondents' own. */
#define XFRM_PRIO_RO_TRIGGER	20

_Static_assert(XFRM_PRIO_MH_BYPASS < XFRM_PRIO_HOME && XFRM_PRIO_MH_BYPASS < XFRM_PRIO_RO,
    "Mobility Headers bypass every binding");
_Static_assert(XFRM_PRIO_HOME < XFRM_PRIO_HOME_OTHER, "the BA's own policy first");
_Static_assert(XFRM_PRIO_RO < XFRM_PRIO_RO_TRIGGER, "a binding before the trigger");

/* ---- type main: ESP (RFC 3776, RFC 4877; roles/ipsec_kern.c) ---- */

/*
 * The transport-mode policies name one MH (or ICMPv6) type and beat the tunnel-mode ones, so a
 * BU, BA, MPS or MPA takes ESP transport even when the payload tunnel would match too.  RR
 * (HoTI/HoT by MH type) beats the payload; route optimization with a correspondent is exempted
 * from both, in before RR and out before the payload (ipsec_ro_exemption).  The HA's
 * catch-all for Binding Updates comes last.
 */
#define IPSEC_PRIO_TRANSPORT	2
#define IPSEC_PRIO_RO_IN	8
#define IPSEC_PRIO_RR		9
#define IPSEC_PRIO_RO_OUT	10
#define IPSEC_PRIO_PAYLOAD	11
#define IPSEC_PRIO_CATCHALL	20

_Static_assert(IPSEC_PRIO_TRANSPORT < IPSEC_PRIO_RO_IN && IPSEC_PRIO_RO_IN < IPSEC_PRIO_RR &&
    IPSEC_PRIO_RR < IPSEC_PRIO_PAYLOAD && IPSEC_PRIO_RO_OUT < IPSEC_PRIO_PAYLOAD &&
    IPSEC_PRIO_PAYLOAD < IPSEC_PRIO_CATCHALL, "the ESP policies' order");

#endif
