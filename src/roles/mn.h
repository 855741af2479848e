/* mn.h - the Mobile Node (RFC 6275 section 11): its pure decisions, and the parts of the role
 * that its files share.  Movement detection and care-of address choice (mn_move.c), home
 * registration and the answers to it (mn_reg.c), wiring and control (mn.c); kernel effects go
 * through mn_kern.h. */
#ifndef MIP6D_MN_H
#define MIP6D_MN_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct conf;
struct icmp6_ra;
struct kern_addr_event;
struct kern_link_event;
struct mh_msg;
struct mh_rx;
struct bul_entry;
struct mn_place;

/* ---- what the node sees of its links (mn_move.c, pure) ---- */

#define MN_MAX_LINKS	32
#define MN_MAX_ADDRS	128

struct mn_link {
	int		 ifindex;
	char		 name[IFNAMSIZ];
	unsigned int	 flags;		/* IFF_UP, IFF_RUNNING, IFF_LOWER_UP */
	uint64_t	 up_ms;		/* when it last gained its carrier (0: not seen) */
};

struct mn_addr {
	int		 ifindex;
	struct in6_addr	 addr;
	uint8_t		 plen;
	uint32_t	 flags;		/* IFA_F_* */
	uint32_t	 preferred;	/* s; 0: deprecated */
	/*
	 * When the address was last known to be current on its link: when it appeared, and
	 * each time a Router Advertisement on that link carried its prefix.  An address whose
	 * prefix is no longer advertised (the node left that link without the link going
	 * down) stops being refreshed and loses to the new link's address.
	 */
	uint64_t	 fresh_ms;
	uint32_t	 valid;		/* s at valid_ms; 0xffffffff: forever */
	uint64_t	 valid_ms;
};

/* A default router and one prefix it advertised on a link (RFC 4861 6.3.4). */
struct mn_router {
	int		 ifindex;
	struct in6_addr	 router;	/* its link-local address, the RA's source */
	struct in6_addr	 prefix;
	uint8_t		 plen;
	uint64_t	 seen_ms;
	/*
	 * How long after seen_ms the router is still taken to be there: twice the interval of
	 * its Advertisement Interval option (RFC 6275 7.3), else its router lifetime.
	 */
	uint64_t	 hold_ms;
};

#define MN_MAX_ROUTERS	32

struct mn_view {
	struct mn_link	 links[MN_MAX_LINKS];
	size_t		 nlinks;
	struct mn_addr	 addrs[MN_MAX_ADDRS];
	size_t		 naddrs;
	struct mn_router routers[MN_MAX_ROUTERS];
	size_t		 nrouters;
};

void	mn_view_init(struct mn_view *v);
/* Record a link or address event; 1 when it may change the choice, else 0. */
int	mn_view_link(struct mn_view *v, const struct kern_link_event *e);
/* The link gained its carrier at now_ms: it may be another link now (RFC 6275 11.5.1), so
 * what its routers said before does not keep the current care-of address. */
void	mn_view_link_up(struct mn_view *v, int ifindex, uint64_t now_ms);
int	mn_view_addr(struct mn_view *v, const struct kern_addr_event *e, uint64_t now_ms);
/* A Router Advertisement from router arrived on ifindex: its prefixes are current there,
 * and when it is a default router, it is recorded with them. */
int	mn_view_ra(struct mn_view *v, int ifindex, const struct in6_addr *router,
	    const struct icmp6_ra *ra, uint64_t now_ms);
/*
 * RFC 6275 11.5.1: after a move, default routers of the old link are unreachable, yet the
 * kernel keeps their routes until their lifetime or neighbour unreachability detection ends
 * them, and sends the Binding Update there.  The routers seen on the place's link that never
 * advertised the place's prefix; at most max into out, returns how many.
 */
size_t	mn_move_stale_routers(const struct mn_view *v, const struct mn_place *p,
	    struct in6_addr *out, size_t max);
/* Forget what router advertised on ifindex (its route is gone). */
void	mn_view_forget_router(struct mn_view *v, int ifindex, const struct in6_addr *router);

/* Where the node is, as one decision over the view. */
enum mn_where {
	MN_DETACHED = 0,	/* no usable address on any eligible link */
	MN_AWAY,		/* on a foreign link: coa is the care-of address */
	MN_HOME,		/* on the home link of the home address asked about */
};

struct mn_place {
	int		 ifindex;	/* 0 when detached */
	struct in6_addr	 addr;		/* the chosen address on it */
	uint8_t		 plen;
	uint32_t	 valid;		/* its valid lifetime, s at valid_ms; 0xffffffff: forever,
					 * 0: not known */
	uint64_t	 valid_ms;
};

/* What is left of the place's valid lifetime at now_ms, in seconds (0xffffffff: forever). */
uint32_t mn_place_valid_left(const struct mn_place *p, uint64_t now_ms);

/* Whether an address with these IFA_F_* flags can be used as a source now (RFC 4862 5.5.4:
 * not tentative, unless optimistic, RFC 4429 3.3; not failed DAD; not a home address). */
int	mn_addr_usable(uint32_t flags);
/*
 * The best place (RFC 6275 11.5): among links that are up with carrier and eligible (named
 * in the configuration when it names any; otherwise any but loopback and mip6d's tunnels),
 * the one with the highest configured preference that has a usable global address; on it,
 * preferred addresses over deprecated ones, then the current address while a router of its
 * link still advertises its prefix (mn_move_held), then the freshest, the current one on a
 * tie.  Home addresses of the configuration are never candidates.  cur may be NULL.
 */
void	mn_move_choose(const struct mn_view *v, const struct conf *c,
	    const struct mn_place *cur, uint64_t now_ms, struct mn_place *out);
/*
 * RFC 6275 11.5.1 (MN-3-3-1-1-002): a Router Advertisement with another prefix may come from
 * a second router of the same link, so it is no move while the current router is still
 * there.  Held while a router on cur's link advertised cur's prefix in its latest Router
 * Advertisement, within its hold time at now_ms and since the link last gained its carrier:
 * returns when the last such hold ends (ms), or 0 when none holds (the router is silent: the
 * node left the link; or its latest RA left the prefix out: the same router address on a
 * new link).
 */
uint64_t mn_move_held(const struct mn_view *v, const struct mn_place *cur, uint64_t now_ms);
/* Relative to one home address: home when the place's address is on its home prefix. */
enum mn_where mn_move_where(const struct mn_place *p, const struct in6_addr *hoa, int plen);
const char *mn_where_name(enum mn_where w);

/* ---- home registration answers (mn_reg.c, pure) ---- */

enum mn_ba_action {
	MN_BA_ACCEPTED,		/* < 128 */
	MN_BA_RESYNC,		/* 135: take the sequence number from the BA and send again */
	MN_BA_RETRY,		/* a transient refusal: try again after MAX_BINDACK_TIMEOUT */
	MN_BA_STOP,		/* this HA will not serve us: log, no more Binding Updates */
};

/* RFC 6275 11.7.3; deregistering: the BU was a de-registration (lifetime 0) */
enum mn_ba_action mn_ba_action(uint8_t status, int deregistering);
/* Requested lifetime in seconds as the BU's 4-second units, rounded up, capped. */
uint16_t mn_lifetime_units(uint32_t lifetime_s);

/* ---- one home address (mn_reg.c) ---- */

#define MN_MAX_HAS	8	/* home agents of a DHAAD Reply kept for fail-over */
/* Binding Updates without an answer before a discovered home agent is given up for the next
 * one (RFC 6275 11.4.1: the node tries the next home agent of the list). */
#define MN_HA_FAILOVER_RETX	3

struct mn_home {
	struct in6_addr	 hoa;
	struct in6_addr	 ha;
	int		 plen;
	uint32_t	 lifetime_s;
	struct bul_entry *bu;
	enum mn_where	 where;		/* what the kernel is set up for */
	struct in6_addr	 coa;		/* MN_AWAY: the care-of address in use */
	int		 ifindex;	/* link of coa (away) or of the home address (home) */
	int		 tunnel;	/* MN_AWAY: ifindex of the tunnel to the HA */
	int		 stopped;	/* the HA refused us for good (MN_BA_STOP) */
	uint8_t		 stop_status;
	struct loop_timer *retry;	/* MN_BA_RETRY */
	uint64_t	 moved_ms;	/* when the last move was seen (for the log) */
	uint32_t	 retx_base;	/* bu->n_retx when the current registration began */
	uint64_t	 handover_start_ms;	/* link-up (or the move) of the handover in
					 * progress; 0 when none */
	int64_t		 last_handover_ms;	/* link-up to BA of the last handover; -1 */
	/* home-agent = discover (RFC 6275 11.4.1, mn_disc.c) */
	int		 discover;
	struct in6_addr	 has[MN_MAX_HAS];	/* the last DHAAD Reply, in its order */
	size_t		 nhas;
	size_t		 cur;		/* has[cur] is h->ha */
	uint32_t	 ha_retx_base;	/* bu->n_retx when h->ha last answered (or was chosen) */
	char		 ha_why[96];	/* how h->ha was chosen, for mip6d-ctl bul */
	struct mn_place	 place;		/* where the node is away (for a new home agent) */
	int		 dhaad_pending;
	uint16_t	 dhaad_id;
	unsigned	 dhaad_tries;
	struct in6_addr	 dhaad_src;
	struct loop_timer *dhaad_timer;
	/* mobile prefix discovery (RFC 6275 11.4.2, 11.4.3) */
	uint64_t	 prefix_until_ms;	/* the home prefix's valid lifetime ends; 0: unknown */
	uint32_t	 n_mpa;		/* Mobile Prefix Advertisements accepted */
	uint16_t	 mps_id;
	unsigned	 mps_tries;	/* 0: none pending */
	struct loop_timer *mps_timer;
	struct loop_timer *prefix_timer;	/* the home prefix's valid lifetime ends */
	/* home renumbering (RFC 6275 11.4.3) */
	int		 renumbered;	/* formed from an MPA's new prefix, not configured */
	struct mn_home	*renumbered_from;	/* the home address it takes over from */
	int		 retiring;	/* its prefix ended: the de-registration is in flight */
	int		 retired;	/* de-registered for good: no more Binding Updates */
};

/* Whether a discovered home agent that has left n retransmissions unanswered is given up for
 * the next one of the list (pure). */
int	mn_ha_give_up(int discover, uint32_t n_retx_unanswered);

/* ---- home agent discovery (mn_disc.c) ---- */

int	mn_disc_init(const struct conf *c);
void	mn_disc_fini(void);
/* The configuration was reloaded (the old one is freed). */
void	mn_disc_reload(const struct conf *c);
/* Ask for the home agents of h's home prefix from coa (retransmitted with back-off). */
void	mn_disc_start(struct mn_home *h, const struct in6_addr *coa);
void	mn_disc_cancel(struct mn_home *h);
/* When to solicit the home prefix again: at three quarters of a valid lifetime of valid_s
 * seconds from now_ms (pure; 0 for an infinite or zero lifetime: never). */
uint64_t mn_mps_due_ms(uint32_t valid_s, uint64_t now_ms);
/* After Solicitations nobody answered: when to ask again, at three quarters of what is left
 * of the home prefix (valid until prefix_until_ms; 0: not known or infinite), as a delay from
 * now_ms; 0 when too little is left for another round to matter (pure). */
uint64_t mn_mps_again_ms(uint64_t prefix_until_ms, uint64_t now_ms);
/* The DHAAD retransmission interval after tries Requests (pure). */
uint32_t mn_dhaad_timeout_ms(unsigned tries);
/*
 * RFC 6275 11.4.3: what a prefix of a Mobile Prefix Advertisement means for the home address
 * hoa/plen (pure).  MN_MPA_OURS: it is hoa's home prefix (its lifetimes apply);
 * MN_MPA_NEW: a new home prefix (renumbering), *newhoa the home address in it with hoa's
 * interface identifier; MN_MPA_IGNORE: neither (another length, withdrawn, not global).
 */
enum mn_mpa_prefix {
	MN_MPA_OURS,
	MN_MPA_NEW,
	MN_MPA_IGNORE,
};
struct icmp6_prefix;
enum mn_mpa_prefix mn_mpa_prefix_action(const struct in6_addr *hoa, int plen,
	    const struct icmp6_prefix *p, struct in6_addr *newhoa);
/* Home addresses formed by renumbering, at most, on top of the configured ones. */
#define MN_MAX_RENUMBERED	4
/* Form and register the home address hoa (from's interface identifier in a new home prefix
 * valid valid_s seconds) with from's home agent; NULL when there is no room. */
struct mn_home *mn_reg_renumber(struct mn_home *from, const struct in6_addr *hoa,
	    uint32_t valid_s);
/* h's home prefix ended (valid lifetime over, or withdrawn with 0): when a home address formed
 * from h by renumbering goes on, h is de-registered and its state goes. */
void	mn_reg_prefix_ended(struct mn_home *h);
/* h is registered: Mobile Prefix Solicitations from now on, before the home prefix expires. */
void	mn_mpd_registered(struct mn_home *h);
void	mn_mpd_fini(struct mn_home *h);
/*
 * What mn_reg.c tells the rest of the mobile node (mn.c forwards it, so that registration
 * and route optimization do not call each other): h registered with its home agent, and h
 * moved (its care-of address or place changed, or it came home).
 */
void	mn_home_registered(struct mn_home *h);
void	mn_home_moved(struct mn_home *h);
/* A DHAAD Reply for h (mn_reg.c registers with the first). */
void	mn_reg_ha_found(struct mn_home *h, const struct in6_addr *addrs, size_t n);

int	mn_reg_init(const struct conf *c);
void	mn_reg_fini(int deregister);
/* The home addresses of the configuration, in order. */
size_t	mn_reg_count(void);
struct mn_home *mn_reg_home(size_t i);
/* Follow the node to place p (an updated mn_move_choose result). */
void	mn_reg_place(struct mn_home *h, const struct mn_place *p);
/* Mobility Header handlers (registered with mh_io by mn.c). */
void	mn_reg_recv_ba(const struct mh_msg *m, const struct mh_rx *rx, void *arg);
void	mn_reg_recv_brr(const struct mh_msg *m, const struct mh_rx *rx, void *arg);
void	mn_reg_recv_be(const struct mh_msg *m, const struct mh_rx *rx, void *arg);
/* An administrator asked for a fresh start (mip6d-ctl bul del): forget a refusal, register
 * again from where the node is. */
void	mn_reg_restart(struct mn_home *h);
/* When the link ifindex last came up (carrier), on loop_now_ms's clock; 0 when not seen. */
uint64_t mn_link_up_ms(int ifindex);
/* The binding update list, for the control socket. */
void	mn_reg_foreach(void (*f)(struct bul_entry *e, void *arg), void *arg);

#endif
