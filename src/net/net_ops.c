/* net_ops.c - the network I/O's table of operations (net_ops.h): src/net's own by default */
#include "config.h"

#include <stddef.h>

#include "net_ops.h"

const struct net_ops net_ops_real = {
	.mh_sock_open = mh_sock_open_real,
	.mh_sock_close = mh_sock_close_real,
	.mh_send = mh_send_real,
	.nd_open = nd_open_real,
	.nd_close = nd_close_real,
	.nd_dad_start = nd_dad_start_real,
	.nd_dad_cancel = nd_dad_cancel_real,
	.nd_send_unsolicited_na = nd_send_unsolicited_na_real,
};

const struct net_ops *net_ops = &net_ops_real;

void
net_ops_set(const struct net_ops *ops)
{
	net_ops = ops != NULL ? ops : &net_ops_real;
}
