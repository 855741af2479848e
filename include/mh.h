/* mh.h - Mobility Header codec: parse and build every RFC 6275 message and option */
#ifndef MIP6D_MH_H
#define MIP6D_MH_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Pure wire format (RFC 6275 section 6.1, IANA "Mobile IPv6 parameters").  No sockets, no
 * globals, no allocation.  Parsed option views point into the caller's buffer, which must
 * outlive the parsed message.
 */

#ifndef IPPROTO_MH
#define IPPROTO_MH		135
#endif

/* RFC 6275 6.1.1: the fixed part common to every message */
#define MH_HDR_LEN		6	/* proto, header len, type, reserved, checksum */
#define MH_OFF_PROTO		0
#define MH_OFF_HLEN		1
#define MH_OFF_TYPE		2
#define MH_OFF_CKSUM		4
#define MH_MAX_LEN		(256 * 8)	/* header len is 8 bits, in 8-octet units */

/* MH Type registry: 0-7 RFC 6275, the rest by name for logs and counters */
enum mh_type {
	MH_TYPE_BRR = 0,	/* Binding Refresh Request */
	MH_TYPE_HOTI = 1,	/* Home Test Init */
	MH_TYPE_COTI = 2,	/* Care-of Test Init */
	MH_TYPE_HOT = 3,	/* Home Test */
	MH_TYPE_COT = 4,	/* Care-of Test */
	MH_TYPE_BU = 5,		/* Binding Update */
	MH_TYPE_BA = 6,		/* Binding Acknowledgement */
	MH_TYPE_BE = 7,		/* Binding Error */
	MH_TYPE_FBU = 8,	/* RFC 5568 */
	MH_TYPE_FBACK = 9,	/* RFC 5568 */
	MH_TYPE_FNA = 10,	/* RFC 5568, deprecated */
	MH_TYPE_EXP = 11,	/* RFC 5096 */
	MH_TYPE_HAS = 12,	/* RFC 5142 */
	MH_TYPE_HB = 13,	/* RFC 5847 */
	MH_TYPE_HI = 14,	/* RFC 5568 */
	MH_TYPE_HACK = 15,	/* RFC 5568 */
	MH_TYPE_BR = 16,	/* RFC 5846 */
	MH_TYPE_LRI = 17,	/* RFC 6705 */
	MH_TYPE_LRA = 18,	/* RFC 6705 */
	MH_TYPE_UPN = 19,	/* RFC 7077 */
	MH_TYPE_UPA = 20,	/* RFC 7077 */
	MH_TYPE_FB = 21,	/* RFC 7109 */
	MH_TYPE_SQ = 22,	/* RFC 7161 */
	MH_TYPE_SR = 23,	/* RFC 7161 */
};
#define MH_TYPE_LAST_ASSIGNED	MH_TYPE_SR

/* Total message length without options (RFC 6275 6.1.2 - 6.1.9) */
#define MH_BRR_LEN		8
#define MH_HOTI_LEN		16
#define MH_COTI_LEN		16
#define MH_HOT_LEN		24
#define MH_COT_LEN		24
#define MH_BU_LEN		12
#define MH_BA_LEN		12
#define MH_BE_LEN		24

/* Binding Update flags, 16-bit field at offset 8 (IANA "Binding Update Flags") */
#define MH_BU_F_A		0x8000	/* Acknowledge, RFC 6275 */
#define MH_BU_F_H		0x4000	/* Home Registration, RFC 6275 */
#define MH_BU_F_L		0x2000	/* Link-Local Address Compatibility, RFC 6275 */
#define MH_BU_F_K		0x1000	/* Key Management Mobility Capability, RFC 6275 */
#define MH_BU_F_M		0x0800	/* MAP Registration, RFC 4140 */
#define MH_BU_F_R		0x0400	/* Mobile Router, RFC 3963 */
#define MH_BU_F_P		0x0200	/* Proxy Registration, RFC 5213 */
#define MH_BU_F_F		0x0100	/* Forcing UDP encapsulation, RFC 5555 */
#define MH_BU_F_T		0x0080	/* TLV-header format, RFC 5845 */
#define MH_BU_F_B		0x0040	/* Bulk Binding Update, RFC 6602 */
#define MH_BU_F_S		0x0020	/* RFC 7161 */
#define MH_BU_F_D		0x0010	/* RFC 8885 */
#define MH_BU_F_ALL		0xfff0	/* the rest is reserved: zero on send, ignored on receipt */

/* Binding Acknowledgement flags, 8-bit field at offset 7 (IANA "Binding Acknowledgment Flags") */
#define MH_BA_F_K		0x80	/* RFC 6275 */
#define MH_BA_F_R		0x40	/* RFC 3963 */
#define MH_BA_F_P		0x20	/* RFC 5213 */
#define MH_BA_F_T		0x10	/* RFC 5845 */
#define MH_BA_F_B		0x08	/* RFC 6602 */
#define MH_BA_F_S		0x04	/* RFC 7161 */
#define MH_BA_F_D		0x02	/* RFC 8885 */
#define MH_BA_F_ALL		0xfe

/* Binding Acknowledgement status (IANA "Status Codes"), the ones RFC 6275 and 3963 define */
enum mh_ba_status {
	MH_BA_ACCEPTED = 0,
	MH_BA_ACCEPTED_PD = 1,		/* accepted but prefix discovery necessary */
	MH_BA_REASON_UNSPEC = 128,
	MH_BA_ADMIN_PROHIBIT = 129,
	MH_BA_INSUFFICIENT = 130,
	MH_BA_HOMEREG_NOT_SUPP = 131,
	MH_BA_NOT_HOME_SUBNET = 132,
	MH_BA_NOT_HA_FOR_MN = 133,
	MH_BA_DAD_FAILED = 134,
	MH_BA_SEQ_OUT_OF_WINDOW = 135,
	MH_BA_EXPIRED_HOME_NI = 136,
	MH_BA_EXPIRED_COA_NI = 137,
	MH_BA_EXPIRED_NONCES = 138,
	MH_BA_REG_TYPE_CHANGE = 139,
	MH_BA_MR_OP_NOT_PERMITTED = 140,	/* RFC 3963 */
	MH_BA_INVALID_PREFIX = 141,		/* RFC 3963 */
	MH_BA_NOT_AUTH_PREFIX = 142,		/* RFC 3963 */
	MH_BA_FWD_SETUP_FAILED = 143,		/* RFC 3963 */
	MH_BA_INVALID_COA = 174,		/* RFC 6275 erratum */
};
/* RFC 6275 6.1.8: a status below 128 means the binding was accepted */
#define MH_BA_STATUS_ACCEPTED(s)	((s) < 128)

/* Binding Error status, RFC 6275 6.1.9 */
#define MH_BE_UNKNOWN_HAO	1	/* unknown binding for Home Address destination option */
#define MH_BE_UNKNOWN_TYPE	2	/* unrecognised MH Type value */

/* Mobility option types (IANA "Mobility Options") */
enum mh_opt_type {
	MH_OPT_PAD1 = 0,
	MH_OPT_PADN = 1,
	MH_OPT_REFRESH = 2,	/* Binding Refresh Advice, RFC 6275 6.2.4 */
	MH_OPT_ALTCOA = 3,	/* Alternate Care-of Address, RFC 6275 6.2.5 */
	MH_OPT_NONCE = 4,	/* Nonce Indices, RFC 6275 6.2.6 */
	MH_OPT_AUTH = 5,	/* Binding Authorization Data, RFC 6275 6.2.7 */
	MH_OPT_MNP = 6,		/* Mobile Network Prefix, RFC 3963 6.2 */
	MH_OPT_EXP = 18,	/* Experimental, RFC 5096 */
};
#define MH_AUTH_LEN		12	/* 96-bit Authenticator, RFC 6275 5.2.6 */
#define MH_MAX_MNP		8

/* mh_opts.present */
#define MH_OPTF_REFRESH		0x01
#define MH_OPTF_ALTCOA		0x02
#define MH_OPTF_NONCE		0x04
#define MH_OPTF_AUTH		0x08
#define MH_OPTF_MNP		0x10
#define MH_OPTF_EXP		0x20

struct mh_mnp {
	uint8_t		 plen;
	struct in6_addr	 prefix;
};

/*
 * Options of one message.  On parse, the ones valid for the message type are filled in (RFC 6275
 * 6.2: others, and unknown types, are skipped and counted).  On build, every option whose
 * presence bit is set is written, in a fixed order, each on its alignment.
 */
struct mh_opts {
	uint32_t	 present;		/* MH_OPTF_* */
	uint16_t	 refresh;		/* Binding Refresh Advice, 4-second units */
	struct in6_addr	 altcoa;
	uint16_t	 home_nonce;		/* Nonce Indices */
	uint16_t	 careof_nonce;
	/*
	 * Binding Authorization Data (RFC 6275 5.2.6, 6.2.7): auth_off is the offset of the
	 * Authenticator inside the message; the MAC covers the message up to there (see
	 * mh_auth_input).  On build, auth (may be NULL: zeros) is copied in.
	 */
	const uint8_t	*auth;
	uint16_t	 auth_off;
	uint8_t		 nmnp;
	struct mh_mnp	 mnp[MH_MAX_MNP];
	/* first Experimental option's data (RFC 5096) */
	const uint8_t	*exp;
	uint8_t		 exp_len;
	uint8_t		 nskipped;		/* unknown or not valid for this type */
};

/* Messages; lifetimes in 4-second units as on the wire */
struct mh_brr {
	struct mh_opts	 opts;
};

struct mh_hoti {
	uint8_t		 cookie[8];
	struct mh_opts	 opts;
};

struct mh_coti {
	uint8_t		 cookie[8];
	struct mh_opts	 opts;
};

struct mh_hot {
	uint16_t	 nonce_idx;
	uint8_t		 cookie[8];
	uint8_t		 token[8];		/* keygen token */
	struct mh_opts	 opts;
};

struct mh_cot {
	uint16_t	 nonce_idx;
	uint8_t		 cookie[8];
	uint8_t		 token[8];
	struct mh_opts	 opts;
};

struct mh_bu {
	uint16_t	 seq;
	uint16_t	 flags;			/* MH_BU_F_* */
	uint16_t	 lifetime;		/* 4-second units */
	struct mh_opts	 opts;
};

struct mh_ba {
	uint8_t		 status;
	uint8_t		 flags;			/* MH_BA_F_* */
	uint16_t	 seq;
	uint16_t	 lifetime;		/* 4-second units */
	struct mh_opts	 opts;
};

struct mh_be {
	uint8_t		 status;
	struct in6_addr	 hoa;
	struct mh_opts	 opts;
};

struct mh_msg {
	uint8_t		 type;			/* enum mh_type */
	uint16_t	 len;			/* octets of the whole Mobility Header */
	union {
		struct mh_brr	 brr;
		struct mh_hoti	 hoti;
		struct mh_coti	 coti;
		struct mh_hot	 hot;
		struct mh_cot	 cot;
		struct mh_bu	 bu;
		struct mh_ba	 ba;
		struct mh_be	 be;
	};
};

/* Why a message was refused. */
enum mh_reason {
	MH_OK = 0,
	MH_ERR_TRUNCATED,	/* shorter than 8 octets or than its header length says */
	MH_ERR_CHECKSUM,
	MH_ERR_BAD_PROTO,	/* payload proto not IPPROTO_NONE */
	MH_ERR_UNKNOWN_TYPE,	/* a type this node does not process (err.type says which) */
	MH_ERR_BAD_LEN,		/* header length below the minimum of the type */
	MH_ERR_OPT_TRUNCATED,	/* an option runs past the end of the message */
	MH_ERR_OPT_LEN,		/* wrong length for a known option */
	MH_ERR_OPT_ALIGN,	/* a known option off its alignment */
	MH_ERR_OPT_DUP,		/* a single-instance option repeated */
	MH_ERR_OPT_AUTH_NOT_LAST,
	MH_ERR_OPT_TOO_MANY,	/* more than MH_MAX_MNP prefixes */
	MH_ERR_OPT_VALUE,	/* prefix length above 128 */
	MH_REASON_MAX
};

/* What RFC 6275 9.2 says to do about it. */
enum mh_action {
	MH_ACT_NONE = 0,	/* accepted */
	MH_DROP,		/* silent discard */
	MH_SEND_BE_2,		/* Binding Error, status 2 (unrecognised MH type) */
	MH_SEND_PARAMPROB,	/* ICMPv6 Parameter Problem code 0, pointer below */
};

struct mh_error {
	enum mh_reason	 reason;
	enum mh_action	 action;
	/*
	 * Offending field, octets from the start of the Mobility Header.  For a Parameter Problem
	 * the caller adds the offset of the Mobility Header in the packet (RFC 4443 3.4).
	 */
	uint32_t	 pointer;
	uint8_t		 type;			/* MH type, when known */
};

/*
 * Validate and decode one Mobility Header (RFC 6275 9.2).  src is the home address when the
 * packet carried a Home Address option, else the source; dst is the final destination (the
 * home address in a type 2 routing header).  With src or dst NULL the checksum is not checked
 * (fuzzing, tests).  Octets after the Mobility Header are ignored (RFC 8200 4.7, No Next
 * Header).  Returns MH_OK or a reason, also stored in *err (which may be NULL).
 */
enum mh_reason mh_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	    const struct in6_addr *dst, struct mh_msg *out, struct mh_error *err);
/* The options of a parsed message, whatever its type. */
const struct mh_opts *mh_msg_opts(const struct mh_msg *m);

/*
 * Builders: write the message and its options, padded to a multiple of 8 octets, with a zero
 * checksum.  Return the length, or 0 when cap is too small.  When the options ask for Binding
 * Authorization Data, *auth_off (if not NULL) receives the offset of the Authenticator, to be
 * computed over the message (mh_auth_input) and written there before mh_checksum_set.
 */
size_t	mh_build_brr(uint8_t *buf, size_t cap, const struct mh_brr *m);
size_t	mh_build_hoti(uint8_t *buf, size_t cap, const struct mh_hoti *m);
size_t	mh_build_coti(uint8_t *buf, size_t cap, const struct mh_coti *m);
size_t	mh_build_hot(uint8_t *buf, size_t cap, const struct mh_hot *m);
size_t	mh_build_cot(uint8_t *buf, size_t cap, const struct mh_cot *m);
size_t	mh_build_bu(uint8_t *buf, size_t cap, const struct mh_bu *m, size_t *auth_off);
size_t	mh_build_ba(uint8_t *buf, size_t cap, const struct mh_ba *m, size_t *auth_off);
size_t	mh_build_be(uint8_t *buf, size_t cap, const struct mh_be *m);
/* Any of the above by m->type. */
size_t	mh_build(uint8_t *buf, size_t cap, const struct mh_msg *m, size_t *auth_off);

/*
 * Checksum (RFC 6275 6.1.1): the IPv6 pseudo-header with src = home address when a Home
 * Address option is present, dst = final destination.
 */
void	mh_checksum_set(uint8_t *buf, size_t len, const struct in6_addr *src,
	    const struct in6_addr *dst);
int	mh_checksum_ok(const uint8_t *buf, size_t len, const struct in6_addr *src,
	    const struct in6_addr *dst);
/* Internet checksum over an IPv6 pseudo-header and buf (RFC 8200 8.1); 0 in the checksum
 * field yields the value to write, a correct packet yields 0. */
uint16_t in6_cksum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nxt,
	    const uint8_t *buf, size_t len);

/*
 * Feed the "MH Data" the Authenticator covers (RFC 6275 5.2.6: the message up to the
 * Authenticator, with the checksum taken as zero) to update(ctx, data, len), in pieces.
 * Works on a received message as on one just built.
 */
void	mh_auth_input(const uint8_t *buf, size_t auth_off,
	    void (*update)(void *ctx, const void *data, size_t len), void *ctx);

/* Names.  All return string literals. */
const char *mh_type_name(uint8_t type);		/* "Binding Update", "unassigned" */
const char *mh_type_stat_name(uint8_t type);	/* "rx.bu", ..., "rx.unknown-type" */
const char *mh_type_tx_stat_name(uint8_t type);	/* "tx.bu", ... */
const char *mh_ba_status_name(uint8_t status);	/* "Not home subnet", "unassigned" */
const char *mh_be_status_name(uint8_t status);
const char *mh_opt_name(uint8_t type);
const char *mh_reason_str(enum mh_reason r);	/* "bad checksum" */
const char *mh_reason_stat_name(enum mh_reason r);	/* "drop.bad-checksum" */
const char *mh_action_str(enum mh_action a);
/* "Not home subnet (132)" or "unassigned (7)" into buf; returns buf. */
const char *mh_ba_status_str(uint8_t status, char *buf, size_t len);
const char *mh_type_str(uint8_t type, char *buf, size_t len);
/* "AH" style flag letters into buf (at least 13 octets); returns buf. */
const char *mh_bu_flags_str(uint16_t flags, char *buf, size_t len);
const char *mh_ba_flags_str(uint8_t flags, char *buf, size_t len);

#endif
