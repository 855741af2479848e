/* conf.h - mip6d.conf: one libconfuse schema for every role, exposed as plain structs */
#ifndef MIP6D_CONF_H
#define MIP6D_CONF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ROLE_MN		0x1
#define ROLE_HA		0x2
#define ROLE_CN		0x4

/*
 * Limits and defaults.  Lifetimes are seconds, timeouts milliseconds.  The Binding Update
 * lifetime field counts 4-second units (RFC 6275 6.1.7), hence 262140 = 65535 * 4.
 */
#define CONF_MAX_BU_LIFETIME		262140
#define CONF_MAX_RR_LIFETIME		420	/* MAX_RR_BINDING_LIFETIME, RFC 6275 12 */
#define CONF_DEF_HOME_LIFETIME		600
#define CONF_DEF_HA_MAX_BINDINGS	1000000
#define CONF_DEF_CN_MAX_BINDINGS	100000
#define CONF_DEF_FIRST_REG_MS		1500	/* InitialBindackTimeoutFirstReg, RFC 6275 13 */
#define CONF_DEF_BINDACK_MS		1000	/* INITIAL_BINDACK_TIMEOUT, RFC 6275 12 */
#define CONF_DEF_MAX_BINDACK_MS		32000	/* MAX_BINDACK_TIMEOUT, RFC 6275 12 */
#define CONF_DEF_PREFIX_LIFETIME	86400
#define CONF_DEF_HA_LIFETIME		1800
#define CONF_INFINITE_LIFETIME		0xffffffffU
#define CONF_DEF_CONTROL_PATH		"/run/mip6d.sock"
/* Home links one home agent serves (each has its proxy_ndp setting, ifindex and, with
 * ipsec-required, its block policy); more are a configuration error, not a silent cut. */
#define CONF_MAX_HOME_LINKS		16
#define CONF_DEF_STATE_FILE		"/var/lib/mip6d/bindings.state"
/* IFNAMSIZ, without <net/if.h> here: it clashes with <linux/if.h> in the kernel code */
#define CONF_IFNAMSIZ			16

struct conf_prefix {
	struct in6_addr	 addr;
	int		 plen;
};

/* interface NAME { preference = N }: the MN prefers the attached interface with the HIGHEST
 * preference for its care-of address. */
struct conf_iface {
	char		 name[CONF_IFNAMSIZ];
	int		 preference;		/* 0..255, default 0 */
};

/* home-link IFNAME { ... }: a link on which this node is home agent. */
struct conf_home_link {
	char		 ifname[CONF_IFNAMSIZ];
	struct conf_prefix *prefixes;		/* served home prefixes (at least one) */
	size_t		 nprefixes;
	struct in6_addr	 ha_addr;		/* this HA's address on the link */
	uint32_t	 prefix_lifetime;	/* s, valid lifetime advertised (MPA) */
	int		 ha_preference;		/* Home Agent Information option, RFC 6275 7.4 */
	uint32_t	 ha_lifetime;		/* s, idem */
};

/*
 * home-agent { mobile-router HOA { prefixes = {...} } }: one mobile router this HA serves
 * (RFC 3963 6.1.2, the Prefix Table), keyed by its home address, with the mobile network
 * prefixes it is authorized for.  Any other home address is authorized for none.
 */
struct conf_mobile_router {
	struct in6_addr	 hoa;
	struct conf_prefix *prefixes;
	size_t		 nprefixes;
};

/* home-agent { ... }: settings of the HA role. */
struct conf_ha {
	uint32_t	 max_bindings;		/* above it: BA status 130 (insufficient resources) */
	uint32_t	 max_lifetime;		/* s, granted lifetime is capped to this */
	bool		 dad;			/* DAD for the home address before accepting */
	bool		 tunnel_check;		/* reverse-tunnelled packets: outer source = CoA */
	bool		 binding_routes;	/* a route per binding; else one per home prefix */
	bool		 binding_routes_set;	/* ... as the configuration says, not by default */
	bool		 nd_proxy_mip6d;	/* mip6d answers NS for home addresses, not the kernel */
	bool		 nd_proxy_set;		/* ... as the configuration says */
	bool		 ipsec_required;	/* BUs not protected by an ipsec SA are refused */
	struct conf_prefix *allow;		/* access list: which MNs may register */
	size_t		 nallow;
	struct conf_prefix *deny;
	size_t		 ndeny;
	bool		 accept_mr;		/* accept-mobile-routers: else 140 to R */
	struct conf_mobile_router *routers;	/* sorted by home address */
	size_t		 nrouters;
	char		*state_file;		/* binding store; NULL: none (state-file = "") */
	uint32_t	 state_sync_ms;		/* fdatasync of the store at most this often */
	struct conf_repl {			/* replication { }: see conf_repl_on() */
		char	*redis_host;		/* address or name of the Redis server, or NULL */
		uint16_t redis_port;
		struct conf_redis_addr {	/* redis-sentinel: asked for the master */
			char	*host;
			uint16_t port;
		}	*sentinels;
		size_t	 nsentinels;		/* 0: redis-server names the server */
		char	*master_name;		/* with sentinels: their name of the master */
		char	*key_prefix;		/* "mip6d": keys PREFIX:b:..., channel PREFIX:changes */
		bool	 standby;		/* start as standby (a warm copy, nothing installed) */
		uint32_t max_pending;		/* commands in flight before Redis counts as slow */
	}		 repl;
};

#define CONF_SENTINEL_PORT	26379	/* redis-sentinel without a port */
#define CONF_MAX_SENTINELS	16

/* Replication is configured: one Redis server, or Sentinels that name its master. */
#define conf_repl_on(r)	((r)->redis_host != NULL || (r)->nsentinels > 0)

/* peer PREFIX { route-optimization = BOOL }: a per-correspondent rule (longest prefix wins). */
struct conf_ro_rule {
	struct conf_prefix peer;
	bool		 ro;
};

/* home-address ... { mobile-router { mode = ... } }: how a mobile router registers its
 * prefixes (RFC 3963 5.1): in Mobile Network Prefix options, or not at all (the HA knows). */
enum conf_mr_mode {
	CONF_MR_NONE = 0,			/* a mobile node, no mobile-router section */
	CONF_MR_EXPLICIT,
	CONF_MR_IMPLICIT,
};

/* home-address ADDR/PLEN { ... }: one home address of this mobile node. */
struct conf_home_addr {
	struct in6_addr	 hoa;
	int		 plen;			/* home prefix length */
	bool		 ha_discover;		/* home-agent = discover: DHAAD, RFC 6275 11.4.1 */
	struct in6_addr	 ha;			/* unspecified when ha_discover */
	uint32_t	 lifetime;		/* s, requested home registration lifetime */
	/* mobile-router { ... } (RFC 3963): this node is a mobile router for this address */
	enum conf_mr_mode mr_mode;
	struct conf_prefix *mnp;		/* its mobile network prefixes */
	size_t		 nmnp;
	char		(*mnp_ifaces)[CONF_IFNAMSIZ];	/* the mobile network's interfaces */
	size_t		 nmnp_ifaces;
};

/* mobile-node { ... }: settings of the MN role. */
struct conf_mn {
	bool		 ro;			/* route optimization by default */
	uint32_t	 cn_lifetime;		/* s, correspondent registration lifetime */
	uint32_t	 first_reg_timeout_ms;	/* InitialBindackTimeoutFirstReg */
	uint32_t	 bindack_timeout_ms;	/* INITIAL_BINDACK_TIMEOUT */
	uint32_t	 max_bindack_timeout_ms; /* MAX_BINDACK_TIMEOUT */
	struct conf_ro_rule *peers;
	size_t		 npeers;
};

/* correspondent-node { ... }: settings of the CN role. */
struct conf_cn {
	bool		 ro;			/* accept route optimization by default */
	uint32_t	 max_lifetime;		/* s, granted lifetime cap (<= 420) */
	uint32_t	 max_bindings;
	struct conf_ro_rule *peers;
	size_t		 npeers;
};

/* IPsec with manual keys (RFC 3776, RFC 4877 without IKE). */
enum conf_enc {
	CONF_ENC_NULL,
	CONF_ENC_3DES_CBC,
	CONF_ENC_AES128_CBC,
	CONF_ENC_AES192_CBC,
	CONF_ENC_AES256_CBC,
};

enum conf_auth {
	CONF_AUTH_HMAC_SHA1,
	CONF_AUTH_HMAC_SHA256,
	CONF_AUTH_HMAC_SHA384,
	CONF_AUTH_HMAC_SHA512,
};

#define CONF_DIR_MN_TO_HA	0
#define CONF_DIR_HA_TO_MN	1

struct conf_sa {
	bool		 set;			/* the section was given */
	uint32_t	 spi;			/* >= 256, unique in the file */
	enum conf_enc	 enc;
	uint8_t		 enc_key[32];
	size_t		 enc_key_len;		/* 0 for null */
	enum conf_auth	 auth;
	uint8_t		 auth_key[64];
	size_t		 auth_key_len;
};

/* ipsec HOA { ... }: the security associations between one MN (by home address) and its HA. */
struct conf_ipsec {
	struct in6_addr	 hoa;
	struct in6_addr	 ha;			/* resolved at load (section, home-address, home-link) */
	bool		 protect_mh;		/* ESP transport for BU/BA */
	bool		 protect_mpd;		/* ESP transport for MPS/MPA */
	bool		 protect_rr;		/* ESP tunnel for tunnelled HoTI/HoT */
	bool		 protect_payload;	/* ESP tunnel for all tunnelled payload */
	struct conf_sa	 transport[2];		/* [CONF_DIR_*] */
	struct conf_sa	 tunnel[2];		/* [CONF_DIR_*] */
};

/*
 * The parsed configuration.  The roles read these structs only; libconfuse stays inside the
 * conf module.
 */
struct conf {
	char		*path;
	unsigned int	 roles;		/* ROLE_* bits */
	int		 log_level;	/* syslog level, -1 when not set */
	char		*control_path;
	mode_t		 control_mode;
	char		*control_group;	/* NULL: the daemon's group */
	char		*metrics_listen;	/* metrics { listen }, NULL: no HTTP listener */
	char		 metrics_addr[64];	/* its address, without brackets */
	uint16_t	 metrics_port;

	struct conf_iface *ifaces;
	size_t		 nifaces;
	struct conf_home_link *home_links;
	size_t		 nhome_links;
	struct conf_home_addr *home_addrs;
	size_t		 nhome_addrs;
	struct conf_ipsec *ipsec;
	size_t		 nipsec;
	struct conf_ha	 ha;
	struct conf_mn	 mn;
	struct conf_cn	 cn;
};

/* "[IPv6]:PORT" or "IPv4:PORT" into addr and port; 0, or -1. */
int	conf_parse_listen(const char *s, char *addr, size_t alen, uint16_t *port);

/* Receives each problem as one line "file:line: option: message". */
typedef void (*conf_report_fn)(const char *msg, void *arg);

/* Parse and validate; every problem is reported. NULL when there was any. */
struct conf *conf_load(const char *path, conf_report_fn report, void *arg);
void	conf_free(struct conf *c);
/*
 * After a reload: 0 when new can replace old at run time; otherwise 1, with the settings that
 * need a restart named in why.
 */
int	conf_needs_restart(const struct conf *old, const struct conf *new, char *why, size_t len);

/* Queries for the roles (all pure, over the structs above). */

/* The home link (and, in *prefix if not NULL, its prefix) whose prefix holds hoa; NULL. */
const struct conf_home_link *conf_ha_serves(const struct conf *c, const struct in6_addr *hoa,
	    const struct conf_prefix **prefix);
/* Whether the HA access list lets hoa register: the longest matching allow or deny entry
 * decides (deny on a tie); with no match, allowed only when the allow list is empty. */
bool	conf_acl_allows(const struct conf *c, const struct in6_addr *hoa);
/* CN: whether route optimization with this peer (an MN's home address) is accepted. */
bool	conf_cn_ro_allowed(const struct conf *c, const struct in6_addr *peer);
/* MN: whether route optimization with this correspondent is wanted. */
bool	conf_mn_ro_wanted(const struct conf *c, const struct in6_addr *cn);
const struct conf_iface *conf_iface_find(const struct conf *c, const char *name);
/* Preference of an interface; -1 when it is not configured. */
int	conf_iface_preference(const struct conf *c, const char *name);
const struct conf_home_link *conf_home_link_find(const struct conf *c, const char *ifname);
const struct conf_home_addr *conf_home_addr_find(const struct conf *c,
	    const struct in6_addr *hoa);
const struct conf_ipsec *conf_ipsec_find(const struct conf *c, const struct in6_addr *hoa);
/* HA: the mobile router whose home address is hoa (binary search); NULL. */
const struct conf_mobile_router *conf_ha_mobile_router(const struct conf *c,
	    const struct in6_addr *hoa);
/* MN: whether ifname is an interface of a mobile network (never a care-of address link). */
bool	conf_mnp_iface(const struct conf *c, const char *ifname);
/* MN: whether any home address is a mobile router's. */
bool	conf_is_mobile_router(const struct conf *c);

/* Algorithm names: as written in the file, and as the kernel's XFRM knows them. */
const char *conf_enc_name(enum conf_enc e);
const char *conf_enc_xfrm_name(enum conf_enc e);
size_t	conf_enc_key_len(enum conf_enc e);
const char *conf_auth_name(enum conf_auth a);
const char *conf_auth_xfrm_name(enum conf_auth a);
size_t	conf_auth_key_len(enum conf_auth a);
unsigned int conf_auth_trunc_bits(enum conf_auth a);

#endif
