/* icmp6.h - the ICMPv6 messages Mobile IPv6 uses: DHAAD, mobile prefix discovery, RA parts */
#ifndef MIP6D_ICMP6_H
#define MIP6D_ICMP6_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Pure wire format, RFC 6275 6.5 - 6.8 and 7.1 - 7.4, RFC 3963 4.2 - 4.3, RFC 4861 4.2, 4.6.
 * The IP-level checks (hop limit 255 and link-local source for Router Advertisements, RFC 4861
 * 6.1.2) belong to the caller, which has the ancillary data.
 */

#define ICMP6_RA_TYPE		134
#define ICMP6_HAAD_REQ_TYPE	144
#define ICMP6_HAAD_REP_TYPE	145
#define ICMP6_MPS_TYPE		146
#define ICMP6_MPA_TYPE		147

/* Home Agent Address Discovery Request/Reply flags (16 bits after the identifier) */
#define ICMP6_HAAD_F_R		0x8000	/* mobile router support, RFC 3963 4.2 */
/* Mobile Prefix Advertisement flags, RFC 6275 6.8 */
#define ICMP6_MPA_F_M		0x8000	/* managed address configuration */
#define ICMP6_MPA_F_O		0x4000	/* other stateful configuration */
/* Router Advertisement flags octet */
#define ICMP6_RA_F_M		0x80
#define ICMP6_RA_F_O		0x40
#define ICMP6_RA_F_H		0x20	/* home agent, RFC 6275 7.1 */
#define ICMP6_RA_F_PRF		0x18	/* router preference, RFC 4191 */
#define ICMP6_RA_F_P		0x04	/* proxy, RFC 4389 */
/* Prefix Information option flags */
#define ICMP6_PI_F_L		0x80	/* on-link */
#define ICMP6_PI_F_A		0x40	/* autonomous */
#define ICMP6_PI_F_R		0x20	/* router address, RFC 6275 7.2 */

/* Neighbor Discovery option types (RFC 4861 4.6, RFC 6275 7.3, 7.4) */
#define ND_OPT_T_PREFIX		3
#define ND_OPT_T_ADV_INTERVAL	7
#define ND_OPT_T_HA_INFO	8

/* 1280 - 40 - 8 octets of addresses fit in the minimum MTU (RFC 6275 10.5.1) */
#define ICMP6_HAAD_MAX		77
#define ICMP6_MAX_PREFIX	16

struct icmp6_prefix {
	struct in6_addr	 prefix;
	uint8_t		 plen;
	uint8_t		 flags;		/* ICMP6_PI_F_* */
	uint32_t	 valid;		/* seconds, 0xffffffff infinite */
	uint32_t	 preferred;
};

struct icmp6_haad_req {
	uint16_t	 id;
	uint16_t	 flags;		/* ICMP6_HAAD_F_R */
};

struct icmp6_haad_rep {
	uint16_t	 id;
	uint16_t	 flags;
	uint8_t		 naddr;
	uint8_t		 more;		/* addresses beyond ICMP6_HAAD_MAX were ignored */
	struct in6_addr	 addr[ICMP6_HAAD_MAX];
};

struct icmp6_mps {
	uint16_t	 id;
};

struct icmp6_mpa {
	uint16_t	 id;
	uint16_t	 flags;		/* ICMP6_MPA_F_* */
	uint8_t		 nprefix;
	uint8_t		 more;		/* prefixes beyond ICMP6_MAX_PREFIX were ignored */
	struct icmp6_prefix prefix[ICMP6_MAX_PREFIX];
};

/* icmp6_ra.present */
#define ICMP6_RA_ADV_INTERVAL	0x01
#define ICMP6_RA_HA_INFO	0x02

struct icmp6_ra {
	uint8_t		 hoplimit;
	uint8_t		 flags;		/* ICMP6_RA_F_* */
	uint16_t	 lifetime;	/* router lifetime, seconds */
	uint32_t	 reachable;	/* ms */
	uint32_t	 retrans;	/* ms */
	uint32_t	 present;	/* ICMP6_RA_* */
	uint32_t	 adv_interval;	/* ms, RFC 6275 7.3 */
	int16_t		 ha_pref;	/* RFC 6275 7.4 */
	uint16_t	 ha_lifetime;	/* seconds */
	uint8_t		 nprefix;
	uint8_t		 more;
	struct icmp6_prefix prefix[ICMP6_MAX_PREFIX];
};

struct icmp6_msg {
	uint8_t		 type;
	uint8_t		 code;
	union {
		struct icmp6_haad_req	 haad_req;
		struct icmp6_haad_rep	 haad_rep;
		struct icmp6_mps	 mps;
		struct icmp6_mpa	 mpa;
		struct icmp6_ra		 ra;
	};
};

enum icmp6_reason {
	ICMP6_OK = 0,
	ICMP6_ERR_TRUNCATED,	/* shorter than the message's fixed part */
	ICMP6_ERR_CHECKSUM,
	ICMP6_ERR_UNKNOWN_TYPE,	/* not one of the types above */
	ICMP6_ERR_CODE,		/* code not 0 */
	ICMP6_ERR_LEN,		/* address list not a multiple of 16 octets */
	ICMP6_ERR_OPT_TRUNCATED,/* option length 0 or past the end (RFC 4861 4.6) */
	ICMP6_ERR_OPT_LEN,	/* a known option too short or too long */
	ICMP6_ERR_PREFIX_LEN,	/* prefix length above 128 */
	ICMP6_ERR_LIFETIME,	/* valid lifetime below preferred lifetime */
	ICMP6_REASON_MAX
};

/*
 * Validate and decode one ICMPv6 message of the types above.  With src and dst not NULL the
 * checksum is verified (raw ICMPv6 sockets already do it).  Returns ICMP6_OK or a reason; on
 * any error the message must be discarded.
 */
enum icmp6_reason icmp6_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	    const struct in6_addr *dst, struct icmp6_msg *out);

/* Builders: checksum left zero; return the length or 0 when cap is too small. */
size_t	icmp6_build_haad_req(uint8_t *buf, size_t cap, const struct icmp6_haad_req *m);
size_t	icmp6_build_haad_rep(uint8_t *buf, size_t cap, const struct icmp6_haad_rep *m);
size_t	icmp6_build_mps(uint8_t *buf, size_t cap, const struct icmp6_mps *m);
size_t	icmp6_build_mpa(uint8_t *buf, size_t cap, const struct icmp6_mpa *m);
size_t	icmp6_build_ra(uint8_t *buf, size_t cap, const struct icmp6_ra *m);
void	icmp6_checksum_set(uint8_t *buf, size_t len, const struct in6_addr *src,
	    const struct in6_addr *dst);

const char *icmp6_type_name(uint8_t type);
const char *icmp6_type_stat_name(uint8_t type);		/* "rx.haad-req", ... */
const char *icmp6_reason_str(enum icmp6_reason r);
const char *icmp6_reason_stat_name(enum icmp6_reason r);	/* "drop.icmp6-checksum", ... */

#endif
