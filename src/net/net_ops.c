/* net_ops.c - the network I/O's table of operations (net_ops.h): src/net's own by default */
#include "config.h"

#include <stddef.h>

#include "mh_sock.h"
#include "nd.h"
#include "net_ops.h"

void
net_tx_hold_real(void)
{
	mh_sock_tx_hold();
	nd_tx_hold();
}

void
net_tx_flush_real(void)
{
	nd_tx_flush();
	mh_sock_tx_flush();
}

const struct net_ops net_ops_real = {
	.mh_sock_open = mh_sock_open_real,
	.mh_sock_close = mh_sock_close_real,
	.mh_send = mh_send_real,
	.nd_open = nd_open_real,
	.nd_close = nd_close_real,
	.nd_dad_start = nd_dad_start_real,
	.nd_dad_cancel = nd_dad_cancel_real,
	.nd_send_unsolicited_na = nd_send_unsolicited_na_real,
	.nd_proxy_start = nd_proxy_start_real,
	.nd_proxy_stop = nd_proxy_stop_real,
	.nd_proxy_report = nd_proxy_report_real,
	.tx_hold = net_tx_hold_real,
	.tx_flush = net_tx_flush_real,
};

const struct net_ops *net_ops = &net_ops_real;

void
net_ops_set(const struct net_ops *ops)
{
	net_ops = ops != NULL ? ops : &net_ops_real;
}
