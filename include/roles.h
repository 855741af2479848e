/* roles.h - start, reconfigure and stop the MN, HA and CN roles */
#ifndef MIP6D_ROLES_H
#define MIP6D_ROLES_H

struct conf;

int	roles_start(const struct conf *c);
/* Apply a reloaded configuration that needs no restart. */
int	roles_reload(const struct conf *c);
void	roles_stop(void);
/* One line for the service manager and mip6d-ctl status: bindings and so on. */
unsigned long roles_binding_count(void);

#endif
