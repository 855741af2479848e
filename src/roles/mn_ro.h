/* mn_ro.h - the Mobile Node's route optimization (RFC 6275 5.2, 11.6, 11.7.2): return
 * routability and Binding Updates to correspondent nodes, and the answers to them.  One binding
 * update list entry per (home address, correspondent), without BUL_F_HOME; kernel effects
 * through mn_ro_kern.h. */
#ifndef MIP6D_MN_RO_H
#define MIP6D_MN_RO_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct bul_entry;
struct conf;
struct mh_msg;
struct mh_rx;
struct mn_home;

/* RFC 6275 12: MAX_RR_BINDING_LIFETIME */
#define MN_RO_MAX_LIFETIME_S	420u

int	mn_ro_init(const struct conf *c);
void	mn_ro_fini(void);
void	mn_ro_reload(const struct conf *c);

/*
 * The home registration of h was accepted (h->coa, through h->tunnel): start return
 * routability with every correspondent the configuration names for route optimization, and
 * redo it where the binding names an older care-of address.
 */
void	mn_ro_registered(struct mn_home *h);
/* h moved (h->where, h->coa changed): traffic with correspondents goes back through the
 * tunnel until they have the new care-of address; at home, de-register from them. */
void	mn_ro_moved(struct mn_home *h);
/* Start route optimization from h's home address to cn (traffic was seen).  0, or -1. */
int	mn_ro_start(struct mn_home *h, const struct in6_addr *cn);

/* Mobility Header handlers.  The BA, BRR and BE ones return 1 when the message was for a
 * correspondent registration (handled), 0 when it is for the home registration. */
void	mn_ro_recv_hot(const struct mh_msg *m, const struct mh_rx *rx, void *arg);
void	mn_ro_recv_cot(const struct mh_msg *m, const struct mh_rx *rx, void *arg);
int	mn_ro_recv_ba(const struct mh_msg *m, const struct mh_rx *rx);
int	mn_ro_recv_brr(const struct mh_msg *m, const struct mh_rx *rx);
int	mn_ro_recv_be(const struct mh_msg *m, const struct mh_rx *rx);

/* The correspondent entries, for the control socket. */
/* RFC 6275 11.3.5: an ICMPv6 error (raw, from its type on) about what the node sent. */
void	mn_ro_icmp_error(const uint8_t *buf, size_t len);

void	mn_ro_foreach(void (*f)(struct bul_entry *e, void *arg), void *arg);
/* Whether traffic from e's home address to its correspondent goes directly now. */
int	mn_ro_direct(const struct bul_entry *e);

#endif
