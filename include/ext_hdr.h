/* ext_hdr.h - the Home Address destination option and the type 2 routing header */
#ifndef MIP6D_EXT_HDR_H
#define MIP6D_EXT_HDR_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * RFC 6275 6.3 and 6.4.  Both headers are built and parsed whole (next header, length, ...), the
 * form the RFC 3542 ancillary data IPV6_DSTOPTS / IPV6_RTHDR carries them in.
 */

#define EXT_HAO_OPT_TYPE	201	/* 0xc9: top bits 11, a node without MIPv6 answers ICMP */
#define EXT_HAO_OPT_LEN		16
#define EXT_HAO_HDR_LEN		24	/* destination options header holding only the HAO */
#define EXT_RT2_TYPE		2
#define EXT_RT2_HDR_LEN		24

enum ext_reason {
	EXT_OK = 0,
	EXT_NOT_FOUND,		/* well formed, but no Home Address option */
	EXT_ERR_TRUNCATED,	/* shorter than the header's length field says */
	EXT_ERR_OPT_TRUNCATED,	/* an option runs past the end of the header */
	EXT_ERR_OPT_LEN,	/* HAO option data not 16 octets */
	EXT_ERR_ALIGN,		/* HAO not at 8n+6 */
	EXT_ERR_DUP,		/* two Home Address options */
	EXT_ERR_BAD_TYPE,	/* routing type not 2 */
	EXT_ERR_BAD_LEN,	/* RT2 header length not 2 */
	EXT_ERR_SEGLEFT,	/* RT2 segments left not 0 or 1 */
	EXT_ERR_ADDR,		/* multicast, unspecified, loopback or v4-mapped (6.3, 6.4) */
	EXT_REASON_MAX
};

/*
 * Destination options header with one Home Address option at 8n+6 (RFC 6275 6.3):
 * nxt, 2, PadN(4), 0xc9, 16, home address.  Returns 24, or 0 if cap is too small.
 */
size_t	ext_hao_build(uint8_t *buf, size_t cap, uint8_t nxt, const struct in6_addr *hoa);
/*
 * Find the Home Address option in a destination options header; every option's length is
 * checked.  Returns EXT_OK with *hoa filled in, EXT_NOT_FOUND or an error.  *nxt (if not
 * NULL) receives the next header value.
 */
enum ext_reason ext_hao_parse(const uint8_t *buf, size_t len, struct in6_addr *hoa,
	    uint8_t *nxt);

/*
 * Type 2 routing header (RFC 6275 6.4): nxt, 2, 2, segleft, reserved(4), home address.
 * Sent with segments left 1.  Returns 24, or 0 if cap is too small.
 */
size_t	ext_rt2_build(uint8_t *buf, size_t cap, uint8_t nxt, const struct in6_addr *hoa);
/*
 * Check a type 2 routing header: length 2, segments left 1 (0 once the receiving stack has
 * processed it, as ancillary data shows it).  Returns EXT_OK with *hoa and *segleft.
 */
enum ext_reason ext_rt2_parse(const uint8_t *buf, size_t len, struct in6_addr *hoa,
	    uint8_t *segleft, uint8_t *nxt);

const char *ext_reason_str(enum ext_reason r);

#endif
