/* hal.c - the Home Agents List (RFC 6275 10.1, 10.5.1): pure data over the RAs the caller
 * hands in */
#include <string.h>

#include "hal.h"
#include "icmp6.h"

void
hal_init(struct hal *h)
{
	memset(h, 0, sizeof(*h));
}

static struct hal_entry *
find(struct hal *h, int link, const struct in6_addr *ll, int self)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		struct hal_entry *e = &h->e[i];

		if (e->link != link || e->self != self)
			continue;
		if (self || memcmp(&e->ll, ll, sizeof(*ll)) == 0)
			return e;
	}
	return NULL;
}

static void
remove_at(struct hal *h, size_t i)
{
	if (i + 1 < h->n)
		memmove(&h->e[i], &h->e[i + 1], (h->n - i - 1) * sizeof(h->e[0]));
	h->n--;
}

int
hal_set_self(struct hal *h, int link, const struct in6_addr *addr, int32_t pref,
    uint32_t lifetime_s)
{
	struct hal_entry *e = find(h, link, NULL, 1);

	if (e == NULL) {
		if (h->n >= HAL_MAX)
			return -1;
		e = &h->e[h->n++];
	}
	memset(e, 0, sizeof(*e));
	e->link = link;
	e->self = 1;
	e->has_info = 1;
	e->pref = pref;
	e->lifetime_s = lifetime_s;
	e->addrs[0] = *addr;
	e->naddrs = 1;
	return 0;
}

/*
 * A prefix with the R bit whose bits past the prefix length are all zero is the bare prefix
 * (a router advertising it as configured, not its address): the subnet-router anycast address
 * is no home agent's own address, so it is not listed.
 */
static int
host_part_zero(const struct icmp6_prefix *p)
{
	int i;

	for (i = p->plen; i < 128; i++)
		if (p->prefix.s6_addr[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

int
hal_ra(struct hal *h, int link, const struct in6_addr *ll, const struct icmp6_ra *ra,
    uint64_t now_ms)
{
	struct hal_entry *e = find(h, link, ll, 0), n;
	uint32_t lifetime;
	size_t i;

	/* RFC 6275 7.4: the option's lifetime, else the router lifetime */
	lifetime = (ra->present & ICMP6_RA_HA_INFO) ? ra->ha_lifetime : ra->lifetime;
	if (!(ra->flags & ICMP6_RA_F_H) || lifetime == 0) {
		/* RFC 6275 10.5.1: no longer a home agent, or its lifetime ended (HA_7_3_x,
		 * HA_7_4_1) */
		if (e == NULL)
			return 0;
		remove_at(h, (size_t)(e - h->e));
		return 1;
	}
	memset(&n, 0, sizeof(n));
	n.link = link;
	n.ll = *ll;
	n.has_info = (ra->present & ICMP6_RA_HA_INFO) != 0;
	n.pref = n.has_info ? ra->ha_pref : 0;
	n.lifetime_s = lifetime;
	n.expires_ms = now_ms + (uint64_t)lifetime * 1000;
	/* RFC 6275 7.2, 10.5.1: the R bit says the prefix field holds a global address of it */
	for (i = 0; i < ra->nprefix && n.naddrs < HAL_MAX_ADDRS; i++)
		if ((ra->prefix[i].flags & ICMP6_PI_F_R) && !host_part_zero(&ra->prefix[i]))
			n.addrs[n.naddrs++] = ra->prefix[i].prefix;
	if (n.naddrs == 0 && e != NULL) {
		/* RFC 6275 10.5.1: an RA without R-bit prefixes keeps the known addresses */
		memcpy(n.addrs, e->addrs, sizeof(n.addrs));
		n.naddrs = e->naddrs;
	}
	if (e == NULL) {
		if (h->n >= HAL_MAX)
			return -1;
		h->e[h->n++] = n;
		return 1;
	}
	i = e->pref != n.pref || e->naddrs != n.naddrs ||
	    memcmp(e->addrs, n.addrs, sizeof(n.addrs[0]) * n.naddrs) != 0;
	*e = n;
	return (int)i;
}

size_t
hal_expire(struct hal *h, uint64_t now_ms, uint64_t *next_ms)
{
	size_t i = 0, gone = 0;

	*next_ms = 0;
	while (i < h->n) {
		struct hal_entry *e = &h->e[i];

		if (!e->self && e->expires_ms <= now_ms) {
			remove_at(h, i);
			gone++;
			continue;
		}
		if (!e->self && (*next_ms == 0 || e->expires_ms < *next_ms))
			*next_ms = e->expires_ms;
		i++;
	}
	return gone;
}

uint32_t
hal_remaining(const struct hal_entry *e, uint64_t now_ms)
{
	if (e->self)
		return e->lifetime_s;
	return e->expires_ms > now_ms ? (uint32_t)((e->expires_ms - now_ms + 999) / 1000) : 0;
}

size_t
hal_reply(const struct hal *h, int link, uint32_t (*rnd)(uint32_t n), struct in6_addr *out,
    size_t max)
{
	const struct hal_entry *sel[HAL_MAX], *t;
	size_t n = 0, i, j, start, k, cnt = 0;

	for (i = 0; i < h->n; i++)
		if (h->e[i].link == link && h->e[i].naddrs > 0)
			sel[n++] = &h->e[i];
	/* insertion sort by preference, highest first (stable: list order among equals) */
	for (i = 1; i < n; i++) {
		t = sel[i];
		for (j = i; j > 0 && sel[j - 1]->pref < t->pref; j--)
			sel[j] = sel[j - 1];
		sel[j] = t;
	}
	/* RFC 6275 10.5.1: home agents of equal preference in random order (load sharing) */
	if (rnd != NULL) {
		for (start = 0; start < n; start = k) {
			for (k = start + 1; k < n && sel[k]->pref == sel[start]->pref; k++)
				;
			for (i = k - 1; i > start; i--) {
				j = start + rnd((uint32_t)(i - start + 1));
				t = sel[i];
				sel[i] = sel[j];
				sel[j] = t;
			}
		}
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < sel[i]->naddrs && cnt < max; j++)
			out[cnt++] = sel[i]->addrs[j];
	return cnt;
}
