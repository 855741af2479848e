/*
 * ipsec.c - the ipsec sections: manually keyed ESP security associations between a mobile
 * node and its home agent (RFC 3776, RFC 4877 without IKE), checked when the file is loaded
 * so that a bad key never reaches the kernel.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_int.h"
#include "util.h"

static const struct {
	const char	*name;
	const char	*xfrm;
	size_t		 keylen;
} encs[] = {
	[CONF_ENC_NULL] =	{ "null",	 "ecb(cipher_null)", 0 },
	[CONF_ENC_3DES_CBC] =	{ "3des-cbc",	 "cbc(des3_ede)",    24 },
	[CONF_ENC_AES128_CBC] =	{ "aes-128-cbc", "cbc(aes)",	     16 },
	[CONF_ENC_AES192_CBC] =	{ "aes-192-cbc", "cbc(aes)",	     24 },
	[CONF_ENC_AES256_CBC] =	{ "aes-256-cbc", "cbc(aes)",	     32 },
};

static const struct {
	const char	*name;
	const char	*xfrm;
	size_t		 keylen;
	unsigned int	 trunc;		/* bits of ICV, RFC 2404, RFC 4868 */
} auths[] = {
	[CONF_AUTH_HMAC_SHA1] =	  { "hmac-sha1",   "hmac(sha1)",   20, 96 },
	[CONF_AUTH_HMAC_SHA256] = { "hmac-sha256", "hmac(sha256)", 32, 128 },
	[CONF_AUTH_HMAC_SHA384] = { "hmac-sha384", "hmac(sha384)", 48, 192 },
	[CONF_AUTH_HMAC_SHA512] = { "hmac-sha512", "hmac(sha512)", 64, 256 },
};

#define NENCS	(sizeof(encs) / sizeof(encs[0]))
#define NAUTHS	(sizeof(auths) / sizeof(auths[0]))

const char *
conf_enc_name(enum conf_enc e)
{
	return (size_t)e < NENCS ? encs[e].name : "?";
}

const char *
conf_enc_xfrm_name(enum conf_enc e)
{
	return (size_t)e < NENCS ? encs[e].xfrm : NULL;
}

size_t
conf_enc_key_len(enum conf_enc e)
{
	return (size_t)e < NENCS ? encs[e].keylen : 0;
}

const char *
conf_auth_name(enum conf_auth a)
{
	return (size_t)a < NAUTHS ? auths[a].name : "?";
}

const char *
conf_auth_xfrm_name(enum conf_auth a)
{
	return (size_t)a < NAUTHS ? auths[a].xfrm : NULL;
}

size_t
conf_auth_key_len(enum conf_auth a)
{
	return (size_t)a < NAUTHS ? auths[a].keylen : 0;
}

unsigned int
conf_auth_trunc_bits(enum conf_auth a)
{
	return (size_t)a < NAUTHS ? auths[a].trunc : 0;
}

#define HEX_BAD		-1
#define HEX_ODD		-2
#define HEX_LONG	-3

/* "0x00ff..." or "00ff..." -> bytes; the byte count, or HEX_*. */
static int
hex_parse(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (*s == '\0' || strspn(s, "0123456789abcdefABCDEF") != strlen(s))
		return HEX_BAD;
	if (strlen(s) % 2 != 0)
		return HEX_ODD;
	for (; *s; s += 2) {
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return -1;
		if (n >= max)
			return HEX_LONG;
		hi = isdigit((unsigned char)s[0]) ? s[0] - '0' : tolower((unsigned char)s[0]) - 'a' + 10;
		lo = isdigit((unsigned char)s[1]) ? s[1] - '0' : tolower((unsigned char)s[1]) - 'a' + 10;
		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	return (int)n;
}

static int
get_key(struct cv *ld, cfg_t *sec, const char *path, const char *name, const char *alg,
    size_t want, uint8_t *out, size_t max, size_t *len)
{
	const char *s = cfg_getstr(sec, name);
	int n;

	if (want == 0) {
		if (s != NULL)
			CV_PROBLEM(ld, path, name, "%s takes no key", alg);
		*len = 0;
		return s == NULL ? 0 : -1;
	}
	if (s == NULL) {
		CV_PROBLEM(ld, path, name, "not set (%s needs a key of %zu bytes)", alg, want);
		return -1;
	}
	n = hex_parse(s, out, max);
	if (n == HEX_BAD || n == HEX_ODD) {
		CV_PROBLEM(ld, path, name, "'%s' is not a hexadecimal key%s", s,
		    n == HEX_ODD ? " (odd number of digits)" : "");
		return -1;
	}
	if (n == HEX_LONG || (size_t)n != want) {
		CV_PROBLEM(ld, path, name, "%s needs a key of %zu bytes (%zu hex digits), "
		    "got %s", alg, want, want * 2, n == HEX_LONG || (size_t)n > want ? "more" :
		    "fewer");
		explicit_bzero(out, max);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

struct spi_seen {
	uint32_t	 spi;
	int		 line;
};

static void
load_sa(struct cv *ld, cfg_t *isec, const char *ipath, const char *kind, struct conf_sa *sa,
    struct spi_seen **seen, size_t *nseen)
{
	unsigned int i, n = cfg_size(isec, kind);
	unsigned long long v;
	struct conf_sa *s;
	struct spi_seen *ns;
	const char *t, *str, *digits;
	char *path, *end;
	size_t k;
	int dir, line, hex;

	for (i = 0; i < n; i++) {
		cfg_t *sec = cfg_getnsec(isec, kind, i);

		path = cv_sec_path(ipath, sec);
		t = cfg_title(sec);
		if (!strcmp(t, "mn-to-ha"))
			dir = CONF_DIR_MN_TO_HA;
		else if (!strcmp(t, "ha-to-mn"))
			dir = CONF_DIR_HA_TO_MN;
		else {
			conf_problem(ld->x, conf_line_of(ld->x, path), kind,
			    "'%s' is not a direction (mn-to-ha or ha-to-mn)", t);
			free(path);
			continue;
		}
		s = &sa[dir];
		s->set = true;

		str = cfg_getstr(sec, "spi");
		if (str == NULL)
			CV_PROBLEM(ld, path, "spi", "not set");
		else {
			hex = str[0] == '0' && (str[1] == 'x' || str[1] == 'X');
			digits = hex ? str + 2 : str;
			errno = 0;
			v = strtoull(digits, &end, hex ? 16 : 10);
			if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)) ||
			    *end != '\0' || errno != 0)
				CV_PROBLEM(ld, path, "spi", "'%s' is not a number", str);
			else if (v < 256 || v > 0xffffffffULL)
				/* RFC 4303 2.1: 1 to 255 are reserved, 0 means none */
				CV_PROBLEM(ld, path, "spi", "%s is out of range (256 to 4294967295)",
				    str);
			else {
				s->spi = (uint32_t)v;
				line = cv_line(ld, path, "spi");
				for (k = 0; k < *nseen; k++)
					if ((*seen)[k].spi == s->spi)
						break;
				if (k < *nseen)
					CV_PROBLEM(ld, path, "spi", "%s is already used on line %d",
					    str, (*seen)[k].line);
				else {
					ns = realloc(*seen, (*nseen + 1) * sizeof(**seen));
					if (ns == NULL)
						abort();
					*seen = ns;
					ns[*nseen].spi = s->spi;
					ns[*nseen].line = line;
					(*nseen)++;
				}
			}
		}

		str = cfg_getstr(sec, "encryption");
		for (k = 0; str != NULL && k < NENCS; k++)
			if (!strcmp(str, encs[k].name))
				break;
		if (str == NULL)
			CV_PROBLEM(ld, path, "encryption", "not set (null, 3des-cbc, aes-128-cbc, "
			    "aes-192-cbc or aes-256-cbc)");
		else if (k == NENCS)
			CV_PROBLEM(ld, path, "encryption", "'%s' is not an encryption algorithm "
			    "(null, 3des-cbc, aes-128-cbc, aes-192-cbc or aes-256-cbc)", str);
		else {
			s->enc = (enum conf_enc)k;
			get_key(ld, sec, path, "encryption-key", encs[k].name, encs[k].keylen,
			    s->enc_key, sizeof(s->enc_key), &s->enc_key_len);
		}

		str = cfg_getstr(sec, "authentication");
		for (k = 0; str != NULL && k < NAUTHS; k++)
			if (!strcmp(str, auths[k].name))
				break;
		if (str == NULL)
			CV_PROBLEM(ld, path, "authentication", "not set (hmac-sha1, hmac-sha256, "
			    "hmac-sha384 or hmac-sha512)");
		else if (k == NAUTHS)
			CV_PROBLEM(ld, path, "authentication", "'%s' is not an authentication "
			    "algorithm (hmac-sha1, hmac-sha256, hmac-sha384 or hmac-sha512)", str);
		else {
			s->auth = (enum conf_auth)k;
			get_key(ld, sec, path, "authentication-key", auths[k].name,
			    auths[k].keylen, s->auth_key, sizeof(s->auth_key), &s->auth_key_len);
		}
		free(path);
	}
}

static void
need_sas(struct cv *ld, const char *path, const char *kind, const struct conf_sa *sa,
    const char *why)
{
	if (!sa[CONF_DIR_MN_TO_HA].set)
		conf_problem(ld->x, conf_line_of(ld->x, path), kind, "mn-to-ha: not set "
		    "(needed by %s)", why);
	if (!sa[CONF_DIR_HA_TO_MN].set)
		conf_problem(ld->x, conf_line_of(ld->x, path), kind, "ha-to-mn: not set "
		    "(needed by %s)", why);
}

void
conf_load_ipsec(struct cv *ld, cfg_t *cfg)
{
	struct conf *c = ld->c;
	unsigned int i, n = cfg_size(cfg, "ipsec");
	const struct conf_home_addr *ha;
	const struct conf_home_link *hl;
	struct spi_seen *seen = NULL;
	struct conf_ipsec *ip;
	size_t j, nseen = 0;
	const char *s;
	cfg_t *sec;
	char *path;
	int line, keys_private = 0;

	c->ipsec = calloc(n ? n : 1, sizeof(*c->ipsec));
	if (c->ipsec == NULL)
		abort();
	for (i = 0; i < n; i++) {
		sec = cfg_getnsec(cfg, "ipsec", i);
		path = cv_sec_path("", sec);
		line = conf_line_of(ld->x, path);
		ip = &c->ipsec[c->nipsec];
		memset(ip, 0, sizeof(*ip));
		if (cv_check_addr(ld, path, "ipsec", cfg_title(sec), &ip->hoa) == -1) {
			free(path);
			continue;
		}
		for (j = 0; j < c->nipsec; j++)
			if (addr_eq(&c->ipsec[j].hoa, &ip->hoa))
				break;
		if (j < c->nipsec) {
			conf_problem(ld->x, line, "ipsec", "%s is given twice", addr_str(&ip->hoa));
			free(path);
			continue;
		}
		c->nipsec++;

		/* whose SAs: one of our home addresses, or a mobile node we serve */
		ha = (c->roles & ROLE_MN) ? conf_home_addr_find(c, &ip->hoa) : NULL;
		hl = (c->roles & ROLE_HA) ? conf_ha_serves(c, &ip->hoa, NULL) : NULL;
		if (ha == NULL && hl == NULL)
			conf_problem(ld->x, line, "ipsec", "%s is neither a home-address of this "
			    "mobile node nor inside a prefix of a home-link", addr_str(&ip->hoa));

		s = cfg_getstr(sec, "home-agent");
		if (s != NULL)
			cv_check_addr(ld, path, "home-agent", s, &ip->ha);
		else if (ha != NULL && !ha->ha_discover)
			ip->ha = ha->ha;
		else if (hl != NULL)
			ip->ha = hl->ha_addr;
		else if (ha != NULL || hl != NULL)
			CV_PROBLEM(ld, path, "home-agent", "not set, and home-address %s discovers "
			    "its home agent", addr_str(&ip->hoa));

		cv_bool(ld, sec, path, "mobility-header", &ip->protect_mh);
		cv_bool(ld, sec, path, "prefix-discovery", &ip->protect_mpd);
		cv_bool(ld, sec, path, "return-routability", &ip->protect_rr);
		cv_bool(ld, sec, path, "payload", &ip->protect_payload);
		load_sa(ld, sec, path, "transport-sa", ip->transport, &seen, &nseen);
		load_sa(ld, sec, path, "tunnel-sa", ip->tunnel, &seen, &nseen);
		if (ip->protect_mh)
			need_sas(ld, path, "transport-sa", ip->transport, "mobility-header");
		else if (ip->protect_mpd)
			need_sas(ld, path, "transport-sa", ip->transport, "prefix-discovery");
		if (ip->protect_rr)
			need_sas(ld, path, "tunnel-sa", ip->tunnel, "return-routability");
		else if (ip->protect_payload)
			need_sas(ld, path, "tunnel-sa", ip->tunnel, "payload");
		/*
		 * Keys others can read are no secret, and keys others can write are not ours: a
		 * file that holds them must be its owner's alone, as OpenBSD's daemons insist.
		 */
		if (nseen > 0 && !keys_private && (ld->x->mode & 0066) != 0) {
			conf_problem(ld->x, line, "ipsec", "the file holds ESP keys and is "
			    "readable or writable by others than its owner (mode %04o): "
			    "chmod 600 %s", ld->x->mode, ld->x->file);
			keys_private = 1;	/* said once */
		}
		free(path);
	}
	free(seen);
}
