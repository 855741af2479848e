/* bul.h - the binding update list of a mobile node (RFC 6275 11.1): one entry per (home
 * address, peer) with the Binding Update retransmission machine (11.8), refresh (11.7.1,
 * 11.7.3, Binding Refresh Advice 6.2.4, Binding Refresh Request 11.7.4) and the return
 * routability state for correspondent registrations (5.2, 11.6).
 *
 * bul_event() is a pure function of (entry, event, now): it updates the entry and says what
 * to do (send a BU, a HoTI, a CoTI, install or remove the binding...) and when to call it next
 * (bul_deadline). Time is milliseconds on the caller's monotonic clock. */
#ifndef MIP6D_BUL_H
#define MIP6D_BUL_H

#include <netinet/in.h>
#include <stdint.h>

#include "rr_crypto.h"

struct bul;
struct loop_timer;

/* RFC 6275 12 and 13 */
#define BUL_INITIAL_BINDACK_TIMEOUT_FIRSTREG_MS	1500u	/* InitialBindackTimeoutFirstReg */
#define BUL_INITIAL_BINDACK_TIMEOUT_MS		1000u	/* INITIAL_BINDACK_TIMEOUT */
#define BUL_MAX_BINDACK_TIMEOUT_MS		32000u	/* MAX_BINDACK_TIMEOUT */
/* Refresh at this per mille of the granted lifetime when no Binding Refresh Advice. */
#define BUL_REFRESH_PERMILLE			900u
/* Consecutive status 135 answers tolerated before giving up. */
#define BUL_MAX_SEQ_RESYNC			3

/* Entry flags: what the BU asks for (RFC 6275 6.1.7, RFC 3963) and local policy. */
#define BUL_F_HOME	0x0001	/* H: home registration (else a correspondent registration) */
#define BUL_F_ACK	0x0002	/* A: acknowledgement requested */
#define BUL_F_LLADDR	0x0004	/* L */
#define BUL_F_KEYMGMT	0x0008	/* K */
#define BUL_F_PERSIST	0x0100	/* keep retransmitting every MAX_BINDACK_TIMEOUT, never give up */

enum bul_state {
	BUL_IDLE,		/* nothing outstanding (never sent, given up, de-registered) */
	BUL_RR,			/* HoTI and/or CoTI outstanding before a correspondent BU */
	BUL_WAIT_BA,		/* BU (lifetime > 0) sent, waiting for its BA */
	BUL_REGISTERED,		/* accepted (or sent without A): binding in place */
	BUL_WAIT_DEREG,		/* BU with lifetime 0 sent, waiting for its BA */
};

/* One half of return routability (RFC 6275 5.2.3, 5.2.4): the home test (HoTI/HoT) or the
 * care-of test (CoTI/CoT). */
struct bul_rr_test {
	struct in6_addr	 addr;		/* address tested: HoA, or the CoA of the CoTI */
	uint8_t		 cookie[RR_COOKIE_LEN];
	uint8_t		 token[RR_TOKEN_LEN];
	uint64_t	 retx_at_ms;	/* init outstanding: when to retransmit; 0: none */
	uint64_t	 token_ms;	/* when the token came; 0: no token */
	uint32_t	 timeout_ms;
	uint16_t	 nonce_idx;
	uint16_t	 n_sent;
};

struct bul_entry {
	struct in6_addr	 hoa;		/* key */
	struct in6_addr	 peer;		/* key: home agent or correspondent */
	struct in6_addr	 coa;		/* CoA of the last BU (HoA when de-registering) */
	enum bul_state	 state;
	uint16_t	 flags;		/* BUL_F_* */
	uint16_t	 seq;		/* of the last BU sent */
	uint16_t	 seq_first;	/* of the first transmission of the current BU */
	uint32_t	 lifetime_req_s;
	uint32_t	 lifetime_s;	/* granted by the last accepting BA */
	uint32_t	 refresh_s;	/* Binding Refresh Advice, 0 when none */
	uint8_t		 bound;		/* the peer holds a binding for us (until expiry_ms) */
	uint8_t		 last_status;	/* of the last BA */
	uint8_t		 n_resync;	/* consecutive status 135 */
	uint64_t	 bu_sent_ms;	/* first transmission of the current BU */
	uint64_t	 retx_at_ms;	/* BU retransmission; 0: none */
	uint32_t	 retx_timeout_ms;
	uint64_t	 refresh_at_ms;	/* 0: none */
	uint64_t	 expiry_ms;	/* of the binding at the peer, when bound */
	struct bul_rr_test hot, cot;
	/* counters */
	uint32_t	 n_bu, n_retx, n_ba, n_hoti, n_coti, n_fail;
	void		*priv;		/* the role's */
	/* owned by bul */
	struct bul_entry *bl_next;
	struct bul	*bl_owner;
	struct loop_timer *bl_timer;
};

enum bul_ev {
	BUL_EV_REGISTER,	/* bind to in->coa for in->lifetime_s (also: moved, new CoA) */
	BUL_EV_DEREGISTER,	/* lifetime 0, CoA = in->coa (normally the HoA) */
	BUL_EV_TIMER,		/* the deadline came (extra calls are harmless) */
	BUL_EV_BA,		/* Binding Acknowledgement: status, seq, lifetime_s, refresh_s;
				 * matches any transmission of the current BU (seq_first..seq) */
	BUL_EV_HOT,		/* Home Test: cookie, nonce_idx, token */
	BUL_EV_COT,		/* Care-of Test: cookie, nonce_idx, token */
	BUL_EV_BRR,		/* Binding Refresh Request from the peer */
};

struct bul_input {
	struct in6_addr	 coa;
	uint32_t	 lifetime_s;	/* REGISTER: requested; BA: granted */
	uint32_t	 refresh_s;	/* BA: Binding Refresh Advice, 0 when absent */
	uint16_t	 seq;
	uint8_t		 status;
	uint16_t	 nonce_idx;
	uint8_t		 cookie[RR_COOKIE_LEN];
	uint8_t		 token[RR_TOKEN_LEN];
};

/* Actions, OR-ed */
#define BUL_ACT_SEND_BU		0x0001	/* send a BU built from the entry (seq, coa, ...) */
#define BUL_ACT_SEND_HOTI	0x0002	/* send a HoTI with e->hot.cookie */
#define BUL_ACT_SEND_COTI	0x0004	/* send a CoTI from e->cot.addr with e->cot.cookie */
#define BUL_ACT_REGISTERED	0x0008	/* accepted: install the binding's effects */
#define BUL_ACT_DEREGISTERED	0x0010	/* de-registration done: remove them */
#define BUL_ACT_REJECTED	0x0020	/* BA status >= 128 (e->last_status) */
#define BUL_ACT_GIVE_UP		0x0040	/* no answer after all retransmissions */
#define BUL_ACT_EXPIRED		0x0080	/* the binding ran out without a refresh */
#define BUL_ACT_DROP		0x0100	/* the message matched nothing: ignore it */

/* rnd draws the HoTI/CoTI cookies; NULL means rr_random. */
struct bul *bul_new(rr_rand_fn rnd);
void	bul_free(struct bul *bl);
/* The retransmission timeouts of the configuration (RFC 6275 13: InitialBindackTimeoutFirstReg
 * is configurable, and so are ours); 0 keeps the RFC's value. */
void	bul_set_timeouts(struct bul *bl, uint32_t first_reg_ms, uint32_t initial_ms,
	    uint32_t max_ms);
uint32_t bul_count(const struct bul *bl);

struct bul_entry *bul_lookup(struct bul *bl, const struct in6_addr *hoa,
	    const struct in6_addr *peer);
/* A new idle entry; NULL with errno EEXIST or ENOMEM. */
struct bul_entry *bul_add(struct bul *bl, const struct in6_addr *hoa,
	    const struct in6_addr *peer, uint16_t flags);
void	bul_del(struct bul *bl, struct bul_entry *e);
void	bul_foreach(struct bul *bl, void (*f)(struct bul_entry *e, void *arg), void *arg);

/* The state machine. in may be NULL for BUL_EV_TIMER and BUL_EV_BRR. Returns BUL_ACT_*. */
unsigned bul_event(struct bul *bl, struct bul_entry *e, enum bul_ev ev,
	    const struct bul_input *in, uint64_t now_ms);
/* When bul_event(BUL_EV_TIMER) is next needed; 0 when never. */
uint64_t bul_deadline(const struct bul_entry *e);

/* Whether the tokens a BU to a correspondent needs are there and younger than
 * MAX_TOKEN_LIFETIME (care-of token for the current CoA; none when de-registering). */
int	bul_tokens_valid(const struct bul_entry *e, uint64_t now_ms);
/* Kbm for the BU about to be sent (RFC 6275 5.2.5): from both tokens, or the home token only
 * when de-registering. 0, or -1. */
int	bul_kbm(const struct bul_entry *e, uint8_t kbm[RR_KBM_LEN]);

/* Drive the entries' deadlines from the event loop: one timer per entry (the list is short),
 * re-armed after every bul_event; cb gets the actions of each timer event. 0, or -1. */
typedef void (*bul_timer_cb)(struct bul_entry *e, unsigned actions, void *arg);
int	bul_attach_loop(struct bul *bl, bul_timer_cb cb, void *arg);

const char *bul_state_name(enum bul_state s);

#endif
