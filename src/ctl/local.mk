# ctl: the control socket (daemon side) and mip6d-ctl
libmip6_a_SOURCES += src/ctl/control.c include/control.h
libmip6_a_SOURCES += src/ctl/ctl_admin.c src/ctl/ctl_daemon.c src/ctl/ctl_metrics.c \
	src/ctl/ctl_monitor.c \
	include/ctl_ops.h
mip6d_ctl_SOURCES = src/ctl/mip6d-ctl.c src/ctl/mip6d-ctl-ops.c src/ctl/mip6d-ctl-ops.h
mip6d_ctl_LDADD = $(JSONC_LIBS)
dist_man_MANS += man/mip6d-ctl.8
# bash completion: where bash-completion looks for it, named after the command
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = etc/bash-completion/mip6d-ctl

CMOCKA_TESTS += tests/unit/test_control

# The daemon with the kernel managers faked (tests/unit/fake_kern.c, put in force by
# tests/unit/fake_daemon.c before main), for test_daemon.sh: it runs on any kernel and leaves
# the host's network configuration alone.
check_PROGRAMS += tests/unit/mip6d-fake
tests_unit_mip6d_fake_SOURCES = src/main.c tests/unit/fake_daemon.c $(FAKE_KERN_SOURCES)
tests_unit_mip6d_fake_CFLAGS = $(AM_CFLAGS)
tests_unit_mip6d_fake_LDADD = $(MIP6_LIBS)
TESTS += tests/unit/test_daemon.sh
EXTRA_DIST += tests/unit/test_daemon.sh

CMOCKA_TESTS += tests/unit/test_monitor
