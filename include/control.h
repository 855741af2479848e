/* control.h - the control socket: JSON requests from mip6d-ctl */
#ifndef MIP6D_CONTROL_H
#define MIP6D_CONTROL_H

#include <sys/types.h>

struct json_object;

/*
 * A command handler fills resp (a JSON object) from the request; it returns 0, or -1 after
 * putting an "error" string into resp.
 */
typedef int (*control_handler)(struct json_object *req, struct json_object *resp, void *arg);

/* Bind and listen; refuses (-1, logged) when another daemon already answers on path. */
int	control_open(const char *path, mode_t mode, const char *group);
void	control_close(void);
int	control_register(const char *cmd, control_handler fn, void *arg);

#endif
