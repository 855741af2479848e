/* fake_role_kern.h - the roles' kernel adapters faked (role_kern_ops.h): every call succeeds,
 * changes nothing and is counted.  Shared by the role tests and tests/unit/mip6d-fake. */
#ifndef MIP6D_FAKE_ROLE_KERN_H
#define MIP6D_FAKE_ROLE_KERN_H

#include "role_kern_ops.h"

/*
 * The fake table.  A test that checks what one adapter call is given copies it, replaces that
 * entry and puts the copy in force with role_kern_ops_set.
 */
extern const struct role_kern_ops fake_role_kern_ops;

/* How many times adapter op ("mn_kern_away_set", the member's name) was called. */
unsigned int fake_role_kern_count(const char *op);
void	fake_role_kern_reset(void);

#endif
