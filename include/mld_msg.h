/* mld_msg.h - the MLDv2 messages of the home agent's ND proxy (RFC 3810): a Query read from a
 * packet socket, a Report built whole for one */
#ifndef MIP6D_MLD_MSG_H
#define MIP6D_MLD_MSG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 3810 5.2.12 record types */
#define MLD_MODE_IS_EXCLUDE	2	/* the answer to a query: listening */
#define MLD_TO_INCLUDE		3	/* a group left */
#define MLD_TO_EXCLUDE		4	/* a group joined */

/* Records in a report that fits a 1,280-octet link MTU: 40 + 8 + 8 + 20 each. */
#define MLD_REPORT_MAX_RECORDS	61
#define MLD_REPORT_MAX_LEN	(40 + 8 + 8 + 20 * MLD_REPORT_MAX_RECORDS)

struct mld_record {
	uint8_t		type;
	struct in6_addr	group;
};

/*
 * An MLD Query (v1 or v2) from its IPv6 header's first byte: hop limit 1, a Hop-by-Hop
 * header, a link-local source, the checksum.  0 with its group (:: for a general query) in
 * *group and its Maximum Response Delay in *max_delay_ms, or -1 to ignore it.
 */
int	mld_query_parse(const uint8_t *pkt, size_t len, struct in6_addr *group,
	    uint32_t *max_delay_ms);
/*
 * An MLDv2 Report of n records (1 to MLD_REPORT_MAX_RECORDS) from src to ff02::16, hop limit
 * 1, Router Alert, checksum set: its length, or 0 when cap is too small or n out of range.
 */
size_t	mld_report_build(uint8_t *buf, size_t cap, const struct in6_addr *src,
	    const struct mld_record *recs, size_t n);

#endif
