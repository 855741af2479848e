/* kern_sysctl.h - the IPv6 interface knobs (net.ipv6.conf.IFACE.KNOB) the roles turn */
#ifndef MIP6D_KERN_SYSCTL_H
#define MIP6D_KERN_SYSCTL_H

#include <stddef.h>

#include "kern_ops.h"

/* The knob's value, its first line without the newline, into val.  0, or -errno (-ENOENT:
 * no such interface, or a kernel without that knob). */
static inline int
kern_sysctl_get(const char *ifname, const char *knob, char *val, size_t len)
{
	return kern_ops->sysctl_get(ifname, knob, val, len);
}

/*
 * Set the knob ("all" and "default" are interfaces here as in /proc).  The value it had
 * before mip6d first changed it is recorded, and journalled so that a start after a crash
 * puts it back; kern_sysctl_restore or kern_shutdown put it back.  Setting a knob to the
 * value it has records nothing, so two roles on one node that set the same knob put back
 * the value from before either did.  0, or -errno.
 */
static inline int
kern_sysctl_set(const char *ifname, const char *knob, const char *val)
{
	return kern_ops->sysctl_set(ifname, knob, val);
}

/* Put back the value from before mip6d changed the knob (nothing when it did not). */
static inline void
kern_sysctl_restore(const char *ifname, const char *knob)
{
	kern_ops->sysctl_restore(ifname, knob);
}

/* Forget the knobs of an interface mip6d removes (its own tunnel): nothing to put back. */
static inline void
kern_sysctl_forget(const char *ifname)
{
	kern_ops->sysctl_forget(ifname);
}

/* Shutdown and crash clean-up, for probe.c. */
void	kern_sysctl_forget_all(int restore);
void	kern_sysctl_remove_key(const void *key, size_t keylen);

#endif
