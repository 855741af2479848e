/* mh_build.c - Mobility Header builders: options on their alignment, 8-octet padding */
#include <string.h>

#include "mh.h"

struct mh_w {
	uint8_t		*buf;
	size_t		 cap;
	size_t		 off;
	int		 full;
};

/* n zeroed octets at the write position, or NULL once the buffer is full */
static uint8_t *
w_put(struct mh_w *w, size_t n)
{
	uint8_t *p;

	if (w->full || w->cap - w->off < n) {
		w->full = 1;
		return NULL;
	}
	p = w->buf + w->off;
	memset(p, 0, n);
	w->off += n;
	return p;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* RFC 6275 6.2.2: Pad1 for one octet, PadN for more */
static void
w_pad(struct mh_w *w, size_t n)
{
	uint8_t *p;

	if (n == 0 || (p = w_put(w, n)) == NULL)
		return;
	if (n >= 2) {
		p[0] = MH_OPT_PADN;
		p[1] = (uint8_t)(n - 2);
	}
}

/* Pad so that the next option starts at an offset of the form mult * k + add. */
static void
w_align(struct mh_w *w, size_t mult, size_t add)
{
	w_pad(w, (mult + add - w->off % mult) % mult);
}

static uint8_t *
w_opt(struct mh_w *w, uint8_t type, uint8_t len, size_t mult, size_t add)
{
	uint8_t *p;

	w_align(w, mult, add);
	if ((p = w_put(w, 2 + (size_t)len)) == NULL)
		return NULL;
	p[0] = type;
	p[1] = len;
	return p + 2;
}

static uint8_t *
w_start(struct mh_w *w, uint8_t *buf, size_t cap, uint8_t type, size_t fixed)
{
	uint8_t *p;

	w->buf = buf;
	w->cap = cap < MH_MAX_LEN ? cap : MH_MAX_LEN;
	w->off = 0;
	w->full = 0;
	if ((p = w_put(w, fixed)) == NULL)
		return NULL;
	p[MH_OFF_PROTO] = IPPROTO_NONE;
	p[MH_OFF_TYPE] = type;
	return p;
}

/*
 * Options in a fixed order, each on its alignment (RFC 6275 6.2.4 - 6.2.7, RFC 3963 6.2); the
 * Binding Authorization Data last (6.2.7), then padding to a multiple of 8 octets (6.1.1).
 */
static size_t
w_finish(struct mh_w *w, const struct mh_opts *o, size_t *auth_off)
{
	uint8_t *p;
	size_t i;

	if (auth_off != NULL)
		*auth_off = 0;
	if (o->present & MH_OPTF_REFRESH) {
		if ((p = w_opt(w, MH_OPT_REFRESH, 2, 2, 0)) != NULL)
			put16(p, o->refresh);
	}
	if (o->present & MH_OPTF_NONCE) {
		if ((p = w_opt(w, MH_OPT_NONCE, 4, 2, 0)) != NULL) {
			put16(p, o->home_nonce);
			put16(p + 2, o->careof_nonce);
		}
	}
	if (o->present & MH_OPTF_ALTCOA) {
		if ((p = w_opt(w, MH_OPT_ALTCOA, 16, 8, 6)) != NULL)
			memcpy(p, &o->altcoa, 16);
	}
	if (o->present & MH_OPTF_MNP) {
		for (i = 0; i < o->nmnp && i < MH_MAX_MNP; i++) {
			if ((p = w_opt(w, MH_OPT_MNP, 18, 8, 4)) == NULL)
				break;
			p[1] = o->mnp[i].plen;
			memcpy(p + 2, &o->mnp[i].prefix, 16);
		}
	}
	if (o->present & MH_OPTF_EXP) {
		if ((p = w_opt(w, MH_OPT_EXP, o->exp_len, 1, 0)) != NULL && o->exp_len)
			memcpy(p, o->exp, o->exp_len);
	}
	if (o->present & MH_OPTF_AUTH) {
		if ((p = w_opt(w, MH_OPT_AUTH, MH_AUTH_LEN, 8, 2)) != NULL) {
			if (o->auth != NULL)
				memcpy(p, o->auth, MH_AUTH_LEN);
			if (auth_off != NULL)
				*auth_off = (size_t)(p - w->buf);
		}
	}
	w_align(w, 8, 0);
	if (w->full) {
		if (auth_off != NULL)
			*auth_off = 0;
		return 0;
	}
	w->buf[MH_OFF_HLEN] = (uint8_t)(w->off / 8 - 1);
	return w->off;
}

size_t
mh_build_brr(uint8_t *buf, size_t cap, const struct mh_brr *m)
{
	struct mh_w w;

	if (w_start(&w, buf, cap, MH_TYPE_BRR, MH_BRR_LEN) == NULL)
		return 0;
	return w_finish(&w, &m->opts, NULL);
}

static size_t
mh_build_ti(uint8_t *buf, size_t cap, uint8_t type, const uint8_t *cookie,
    const struct mh_opts *o)
{
	struct mh_w w;
	uint8_t *p;

	if ((p = w_start(&w, buf, cap, type, MH_HOTI_LEN)) == NULL)
		return 0;
	memcpy(p + 8, cookie, 8);
	return w_finish(&w, o, NULL);
}

size_t
mh_build_hoti(uint8_t *buf, size_t cap, const struct mh_hoti *m)
{
	return mh_build_ti(buf, cap, MH_TYPE_HOTI, m->cookie, &m->opts);
}

size_t
mh_build_coti(uint8_t *buf, size_t cap, const struct mh_coti *m)
{
	return mh_build_ti(buf, cap, MH_TYPE_COTI, m->cookie, &m->opts);
}

static size_t
mh_build_t(uint8_t *buf, size_t cap, uint8_t type, uint16_t idx, const uint8_t *cookie,
    const uint8_t *token, const struct mh_opts *o)
{
	struct mh_w w;
	uint8_t *p;

	if ((p = w_start(&w, buf, cap, type, MH_HOT_LEN)) == NULL)
		return 0;
	put16(p + 6, idx);
	memcpy(p + 8, cookie, 8);
	memcpy(p + 16, token, 8);
	return w_finish(&w, o, NULL);
}

size_t
mh_build_hot(uint8_t *buf, size_t cap, const struct mh_hot *m)
{
	return mh_build_t(buf, cap, MH_TYPE_HOT, m->nonce_idx, m->cookie, m->token, &m->opts);
}

size_t
mh_build_cot(uint8_t *buf, size_t cap, const struct mh_cot *m)
{
	return mh_build_t(buf, cap, MH_TYPE_COT, m->nonce_idx, m->cookie, m->token, &m->opts);
}

size_t
mh_build_bu(uint8_t *buf, size_t cap, const struct mh_bu *m, size_t *auth_off)
{
	struct mh_w w;
	uint8_t *p;

	if ((p = w_start(&w, buf, cap, MH_TYPE_BU, MH_BU_LEN)) == NULL)
		return 0;
	put16(p + 6, m->seq);
	put16(p + 8, m->flags & MH_BU_F_ALL);
	put16(p + 10, m->lifetime);
	return w_finish(&w, &m->opts, auth_off);
}

size_t
mh_build_ba(uint8_t *buf, size_t cap, const struct mh_ba *m, size_t *auth_off)
{
	struct mh_w w;
	uint8_t *p;

	if ((p = w_start(&w, buf, cap, MH_TYPE_BA, MH_BA_LEN)) == NULL)
		return 0;
	p[6] = m->status;
	p[7] = m->flags & MH_BA_F_ALL;
	put16(p + 8, m->seq);
	put16(p + 10, m->lifetime);
	return w_finish(&w, &m->opts, auth_off);
}

size_t
mh_build_be(uint8_t *buf, size_t cap, const struct mh_be *m)
{
	struct mh_w w;
	uint8_t *p;

	if ((p = w_start(&w, buf, cap, MH_TYPE_BE, MH_BE_LEN)) == NULL)
		return 0;
	p[6] = m->status;
	memcpy(p + 8, &m->hoa, 16);
	return w_finish(&w, &m->opts, NULL);
}

size_t
mh_build(uint8_t *buf, size_t cap, const struct mh_msg *m, size_t *auth_off)
{
	if (auth_off != NULL)
		*auth_off = 0;
	switch (m->type) {
	case MH_TYPE_BRR:	return mh_build_brr(buf, cap, &m->brr);
	case MH_TYPE_HOTI:	return mh_build_hoti(buf, cap, &m->hoti);
	case MH_TYPE_COTI:	return mh_build_coti(buf, cap, &m->coti);
	case MH_TYPE_HOT:	return mh_build_hot(buf, cap, &m->hot);
	case MH_TYPE_COT:	return mh_build_cot(buf, cap, &m->cot);
	case MH_TYPE_BU:	return mh_build_bu(buf, cap, &m->bu, auth_off);
	case MH_TYPE_BA:	return mh_build_ba(buf, cap, &m->ba, auth_off);
	case MH_TYPE_BE:	return mh_build_be(buf, cap, &m->be);
	default:		return 0;
	}
}
