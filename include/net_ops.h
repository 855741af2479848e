/*
 * net_ops.h - the network I/O the roles do, as one table of operations: the Mobility Header
 * socket (mh_sock.h) and Neighbor Discovery on behalf of home addresses (nd.h).
 *
 * Callers keep the plain names (mh_send, nd_dad_start...): each is an inline call through
 * net_ops, declared in its own header.  net_ops points at net_ops_real, src/net's sockets,
 * unless a test or the fake daemon put another table there (tests/unit/fake_net.c keeps what
 * was sent and lets the test end DAD).
 */
#ifndef MIP6D_NET_OPS_H
#define MIP6D_NET_OPS_H

#include <netinet/in.h>

struct mh_rx;
struct mh_tx;

struct net_ops {
	/* mh_sock.h (fn: mh_sock_rx_fn) */
	int	(*mh_sock_open)(void (*fn)(const struct mh_rx *, void *), void *arg);
	void	(*mh_sock_close)(void);
	int	(*mh_send)(const struct mh_tx *tx);
	/* nd.h (fn: nd_dad_fn) */
	int	(*nd_open)(void);
	void	(*nd_close)(void);
	int	(*nd_dad_start)(int ifindex, const struct in6_addr *addr,
		    void (*fn)(const struct in6_addr *, int, int, void *), void *arg);
	void	*(*nd_dad_cancel)(int ifindex, const struct in6_addr *addr);
	int	(*nd_send_unsolicited_na)(int ifindex, const struct in6_addr *target,
		    int router);
	/* nd-proxy = mip6d (fn: nd_proxy_fn; NULL in a table: no proxy) */
	int	(*nd_proxy_start)(int ifindex, int (*fn)(int, const struct in6_addr *, void *),
		    void *arg);
	void	(*nd_proxy_stop)(void);
	void	(*nd_proxy_report)(int ifindex, const struct in6_addr *addr, int in_use);
	/* both sockets: hold what is sent until flush, then send it together (NULL: at once) */
	void	(*tx_hold)(void);
	void	(*tx_flush)(void);
};

/* The operations in force; never NULL. */
extern const struct net_ops *net_ops;
/* src/net's own. */
extern const struct net_ops net_ops_real;
/* Put ops in force (NULL: net_ops_real again), before the sockets open. */
void	net_ops_set(const struct net_ops *ops);

/*
 * The home agent's bursts of registrations (ha.c): their BAs and unsolicited NAs leave in one
 * sendmmsg per socket at the burst's end, after the burst's kernel state, instead of a system
 * call each.
 */
static inline void
net_tx_hold(void)
{
	if (net_ops->tx_hold != NULL)
		net_ops->tx_hold();
}

static inline void
net_tx_flush(void)
{
	if (net_ops->tx_flush != NULL)
		net_ops->tx_flush();
}

/* src/net's implementations, for net_ops_real. */
int	mh_sock_open_real(void (*fn)(const struct mh_rx *, void *), void *arg);
void	mh_sock_close_real(void);
int	mh_send_real(const struct mh_tx *tx);
int	nd_open_real(void);
void	nd_close_real(void);
int	nd_dad_start_real(int ifindex, const struct in6_addr *addr,
	    void (*fn)(const struct in6_addr *, int, int, void *), void *arg);
void	*nd_dad_cancel_real(int ifindex, const struct in6_addr *addr);
int	nd_send_unsolicited_na_real(int ifindex, const struct in6_addr *target, int router);
int	nd_proxy_start_real(int ifindex, int (*fn)(int, const struct in6_addr *, void *),
	    void *arg);
void	nd_proxy_stop_real(void);
void	nd_proxy_report_real(int ifindex, const struct in6_addr *addr, int in_use);
void	net_tx_hold_real(void);
void	net_tx_flush_real(void);

#endif
