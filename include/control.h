/* control.h - the control socket: JSON requests from mip6d-ctl */
#ifndef MIP6D_CONTROL_H
#define MIP6D_CONTROL_H

#include <stddef.h>
#include <sys/types.h>

struct json_object;

/*
 * A command handler fills resp (a JSON object) from the request; it returns 0, or -1 after
 * putting an "error" string into resp.  It runs in the event loop and must not block; it may
 * register commands but must not call control_close().
 */
typedef int (*control_handler)(struct json_object *req, struct json_object *resp, void *arg);

/* Bind and listen; refuses (-1, logged) when another daemon already answers on path. */
int	control_open(const char *path, mode_t mode, const char *group);
/* Close every client and the socket, remove the socket file, forget every command. */
void	control_close(void);
/*
 * Register (or replace) the handler of cmd; fn NULL removes cmd.  The name is copied.
 * 0, or -1 when out of memory.
 */
int	control_register(const char *cmd, control_handler fn, void *arg);

/*
 * The wire protocol (documented in mip6d-ctl(8), PROTOCOL): one JSON object per line both
 * ways.  Request {"command":"NAME", ...}; response {"ok":true, ...} or
 * {"ok":false,"error":"..."}.
 */
#define CONTROL_DEFAULT_PATH	"/run/mip6d.sock"
#define CONTROL_MAX_REQUEST	65536	/* bytes in one request line, newline included */
#define CONTROL_MAX_CLIENTS	64	/* connections at once; more are told so and closed */
#define CONTROL_IDLE_MS		5000	/* to send a whole request, or read a whole answer */
#define CONTROL_CONN_MS		60000	/* a connection's whole life */

/*
 * Deadlines are absolute, never re-armed by a byte: a client has idle_ms from its connection
 * or its last answer to send a whole request line, idle_ms to read a whole answer (or each
 * 64 KiB of a long one), and conn_ms in all; one that misses any is closed, so a slow client
 * cannot keep its slot.
 */
struct control_limits {
	size_t		max_request;
	unsigned int	max_clients;
	unsigned int	idle_ms;
	unsigned int	conn_ms;
};

/*
 * For handlers: who sent the request being answered ("uid U pid P", from SO_PEERCRED), for
 * the log of administrative actions.  0, or -1 ("unknown client").
 */
int	control_peer(char *buf, size_t len);
/*
 * For handlers: once the response is made, the connection leaves the request/response
 * protocol and goes to fn, which owns fd from then on (it is non-blocking) and must send
 * the unsent bytes (the response line) first.  0, or -1 outside a handler.
 */
typedef void (*control_takeover_fn)(int fd, const char *unsent, size_t len, void *arg);
int	control_takeover(control_takeover_fn fn, void *arg);

/* Change the limits (tests use small ones); zero fields keep their current value. */
void	control_set_limits(const struct control_limits *l);
/* Connected clients right now. */
unsigned int control_nclients(void);

/*
 * Answer one request line (without its newline): parse, dispatch to the registered handler,
 * and return the response object (never NULL unless out of memory; the caller puts it).
 */
struct json_object *control_handle(const char *line, size_t len);

#endif
