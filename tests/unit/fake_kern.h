/* fake_kern.h - the kernel managers faked (include/kern_ops.h): every request succeeds, changes
 * nothing and is recorded.  Shared by the unit tests and by tests/unit/mip6d-fake, the daemon
 * on any kernel without touching the host's addresses, routes, tunnels or XFRM state. */
#ifndef MIP6D_FAKE_KERN_H
#define MIP6D_FAKE_KERN_H

#include "kern_ops.h"

/*
 * The fake table.  A test that expects something of one operation copies it, replaces that
 * entry and puts the copy in force with kern_ops_set; the entries it keeps still record.
 */
extern const struct kern_ops fake_kern_ops;

/* Forget what was recorded (calls and sysctl values). */
void	fake_kern_reset(void);
/* How many times operation op ("route_add", the member's name) was called since the reset. */
unsigned int fake_kern_count(const char *op);
/* All calls since the reset, and the i-th one's operation (NULL past the last recorded). */
unsigned int fake_kern_ncalls(void);
const char *fake_kern_call(unsigned int i);
/* Record a call to op: for a test's own entries, so that the counts stay whole. */
void	fake_kern_record(const char *op);

#endif
