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
/* Append the role's bindings to a JSON array (mip6d-ctl bc). */
void	ha_bc_json(struct json_object *list);

int	mn_start(const struct conf *c);
int	mn_reload(const struct conf *c);
void	mn_stop(void);

int	cn_start(const struct conf *c);
int	cn_reload(const struct conf *c);
void	cn_stop(void);
unsigned long cn_binding_count(void);
void	cn_bc_json(struct json_object *list);

#endif
