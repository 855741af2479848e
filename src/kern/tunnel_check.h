/* tunnel_check.h - what the reverse-tunnel check program and its loader share */
#ifndef MIP6D_TUNNEL_CHECK_H
#define MIP6D_TUNNEL_CHECK_H

/* slots of the per-CPU counter map */
#define TUNNEL_CHECK_PASSED	0
#define TUNNEL_CHECK_WRONG_COA	1	/* a binding for the inner source, another care-of address */
#define TUNNEL_CHECK_NO_BINDING	2	/* no binding for the inner source */
#define TUNNEL_CHECK_NCOUNTS	3

/* slots of the send side's configuration map */
#define TUNNEL_XMIT_DEV		0	/* ifindex of the shared tunnel device */
#define TUNNEL_XMIT_NCONF	1

#define TUNNEL_CHECK_OBJECT	"tunnel_check.bpf.o"
#define TUNNEL_CHECK_PROG	"mip6_tunnel_check"
#define TUNNEL_CHECK_MAP	"mip6_hoa_coa"
#define TUNNEL_CHECK_COUNTS	"mip6_tc_counts"
#define TUNNEL_CHECK_MNP	"mip6_mnp_coa"
#define TUNNEL_XMIT_PROG	"mip6_home_xmit"
#define TUNNEL_XMIT_CONF	"mip6_xmit_conf"
#define TUNNEL_CHECK_MAX_PREFIXES	(1 << 22)	/* a cap only: a trie allocates per entry */

#endif
