/* events.h - what happens to bindings and handovers, for mip6d-ctl monitor (and anyone else
 * who subscribes).  The roles announce with one call; with nobody listening a call costs a
 * test and a return, so a home agent under load pays nothing for it. */
#ifndef MIP6D_EVENTS_H
#define MIP6D_EVENTS_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

enum event_kind {
	EVENT_BINDING_CREATED,		/* first accepted registration */
	EVENT_BINDING_REFRESHED,	/* accepted again, same care-of address */
	EVENT_BINDING_MOVED,		/* accepted again, new care-of address */
	EVENT_BINDING_EXPIRED,		/* lifetime ran out */
	EVENT_BINDING_REMOVED,		/* de-registration, administrator, kernel refusal */
	EVENT_BINDING_REFUSED,		/* a BA with status >= 128 (status set) */
	EVENT_HANDOVER_STARTED,		/* the mobile node moved (coa: the new address) */
	EVENT_HANDOVER_FINISHED,	/* its home agent acknowledged (duration_ms set) */
	EVENT_DAD,			/* Duplicate Address Detection ended (status 1 ok, 0 failed) */
	EVENT_KIND_MAX
};

struct event {
	enum event_kind	 kind;
	const char	*role;		/* "ha", "cn", "mn", "nd" */
	uint64_t	 time_ms;	/* wall clock, milliseconds since 1970 */
	struct in6_addr	 hoa;		/* home address (DAD: the address probed) */
	struct in6_addr	 coa;
	unsigned int	 has_hoa:1, has_coa:1;
	int		 status;	/* BA status, DAD result; -1 when none */
	int64_t		 duration_ms;	/* -1 when none */
	const char	*reason;	/* NULL when none */
};

/* Announce one event (time taken now).  hoa and coa may be NULL, status -1, reason NULL. */
void	events_emit(enum event_kind kind, const char *role, const struct in6_addr *hoa,
	    const struct in6_addr *coa, int status, const char *reason);
/* A handover step of the mobile node; duration_ms < 0 when not known. */
void	events_handover(int finished, const struct in6_addr *hoa, const struct in6_addr *coa,
	    int64_t duration_ms);
/* The end of a DAD probe for addr. */
void	events_dad(const struct in6_addr *addr, int ok);

typedef void (*events_fn)(const struct event *ev, void *arg);
/* Up to EVENTS_MAX_SUBSCRIBERS; 0, or -1 when full. */
#define EVENTS_MAX_SUBSCRIBERS	8
int	events_subscribe(events_fn fn, void *arg);
void	events_unsubscribe(events_fn fn, void *arg);
/* Whether anyone listens (callers with costly arguments may ask first). */
int	events_listened(void);

const char *events_kind_name(enum event_kind kind);
/*
 * One event as one line with its newline: "TIME KIND key=value ..." for people, or a JSON
 * object (json != 0).  Pure.  Returns the length it needs (as snprintf); the line is cut
 * (and still NUL-terminated) when len is too small.
 */
size_t	events_format(const struct event *ev, int json, char *buf, size_t len);

#endif
