/* mip6d-ctl-ops.h - mip6d-ctl's operator commands: bc/bul show|del|flush, metrics, monitor, wait,
 * and the mobile node's part of status */
#ifndef MIP6D_CTL_OPS_CLIENT_H
#define MIP6D_CTL_OPS_CLIENT_H

struct json_object;

/*
 * Complete the request for cmd with its arguments (argv[0..argc-1] after the command): the
 * wire command ("bc" with "show HOA" becomes "bc-show" with "home-address"), confirmation,
 * format.  0; -1 after saying what is wrong with the arguments.
 */
int	ops_request(const char *cmd, int argc, char **argv, int yes, int json,
	    struct json_object *req);
/* Print an answer to a request completed by ops_request; 1 when it was not one of ours. */
int	ops_print(struct json_object *resp);
/* The mobile node's view in a status answer. */
void	ops_print_mn(struct json_object *mn);
/* After the request went out on fd: the answer, then the event stream to stdout until the
 * daemon or the reader ends it.  Returns the exit status. */
int	ops_monitor(int fd);
/*
 * wait: after the request went out on fd (a JSON monitor), the first event named argv[0]
 * whose members equal every KEY=VALUE of argv[1..argc-1] (as text), printed; "waiting for
 * EVENT" first, once the daemon took the request (text output only).  0 when it came, 6
 * when timeout_s passed first, 5 when the stream ended, 1 when the daemon refused.
 */
int	ops_wait(int fd, int argc, char **argv, int json, int timeout_s);

#endif
