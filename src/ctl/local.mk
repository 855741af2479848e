# ctl: the control socket (daemon side) and mip6d-ctl
libmip6_a_SOURCES += src/ctl/control.c include/control.h
mip6d_ctl_SOURCES = src/ctl/mip6d-ctl.c
mip6d_ctl_LDADD = $(JSONC_LIBS)
