/* roles.h - start, reconfigure and stop the MN, HA and CN roles */
#ifndef MIP6D_ROLES_H
#define MIP6D_ROLES_H

struct conf;
struct json_object;

int	roles_start(const struct conf *c);
/* Apply a reloaded configuration that needs no restart. */
int	roles_reload(const struct conf *c);
void	roles_stop(void);
/* Bindings held by the HA and CN roles, for status lines. */
unsigned long roles_binding_count(void);

/* Each role, started by roles_start when the configuration names it. */
int	ha_start(const struct conf *c);
int	ha_reload(const struct conf *c);
void	ha_stop(void);
unsigned long ha_binding_count(void);
/* nd-proxy = mip6d: 1 when the home agent answers an NS for target on ifindex (a home
 * address with an installed binding whose home link that is), else 0. */
int	ha_nd_proxy_answers(int ifindex, const struct in6_addr *target);
/* Append the role's bindings to a JSON array (mip6d-ctl bc). */
void	ha_bc_json(struct json_object *list);
/* mip6d-ctl bc show / del / flush: the bindings of hoa appended to list in full, removed
 * (a Binding Refresh Request first) with who named in the log; how many. */
struct in6_addr;
int	ha_bc_show(const struct in6_addr *hoa, struct json_object *list);
int	ha_bc_del(const struct in6_addr *hoa, const char *who);
/* flush: how many go; *pending of them are still to go (removed a slice per loop turn). */
unsigned long ha_bc_flush(const char *who, unsigned long *pending);
/* Bindings by state: [0] active, [1] waiting for DAD, [2] new. */
void	ha_bc_states(unsigned long n[3]);

int	mn_start(const struct conf *c);
int	mn_reload(const struct conf *c);
void	mn_stop(void);

int	cn_start(const struct conf *c);
int	cn_reload(const struct conf *c);
void	cn_stop(void);
unsigned long cn_binding_count(void);
void	cn_bc_json(struct json_object *list);
int	cn_bc_show(const struct in6_addr *hoa, struct json_object *list);
int	cn_bc_del(const struct in6_addr *hoa, const char *who);
unsigned long cn_bc_flush(const char *who);

/* The mobile node's view for mip6d-ctl status, and its binding update list by home address
 * (show: appended in full; del: registered anew from scratch; flush: every one). */
void	mn_status_json(struct json_object *resp);
int	mn_bul_show(const struct in6_addr *hoa, struct json_object *list);
int	mn_bul_del(const struct in6_addr *hoa, const char *who);
unsigned long mn_bul_flush(const char *who);
/* Entries of the binding update list by state name, for the metrics. */
void	mn_bul_states(void (*fn)(const char *type, const char *state, void *arg), void *arg);

/* Which roles run (ROLE_* bits). */
unsigned int roles_running(void);
/* What the running roles add to mip6d-ctl status (the mobile node's view). */
void	roles_status_json(struct json_object *resp);

#endif
