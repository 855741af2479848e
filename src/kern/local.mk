# kern: the netlink managers, the only code that talks to the kernel
libmip6_a_SOURCES += src/kern/probe.c include/kern.h
