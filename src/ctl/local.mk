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

# The daemon with the kernel managers faked (tests/unit/fake_kern.c, through --wrap), for
# test_daemon.sh: it runs on any kernel and leaves the host's network configuration alone.
# One -Wl,--wrap per function that fake_kern.c defines.
FAKE_KERN_WRAPS = -Wl,--wrap=kern_probe -Wl,--wrap=kern_init -Wl,--wrap=kern_shutdown \
	-Wl,--wrap=kern_addr_add -Wl,--wrap=kern_addr_del -Wl,--wrap=kern_neigh_proxy_add \
	-Wl,--wrap=kern_neigh_proxy_del -Wl,--wrap=kern_route_add -Wl,--wrap=kern_route_del \
	-Wl,--wrap=kern_rule_src_add -Wl,--wrap=kern_rule_src_del -Wl,--wrap=kern_tunnel_ha_init \
	-Wl,--wrap=kern_tunnel_ha_route_set -Wl,--wrap=kern_tunnel_ha_route_del \
	-Wl,--wrap=kern_tunnel_mn_add -Wl,--wrap=kern_tunnel_mn_move -Wl,--wrap=kern_tunnel_mn_del \
	-Wl,--wrap=kern_xfrm_ro_state_add -Wl,--wrap=kern_xfrm_ro_state_del \
	-Wl,--wrap=kern_xfrm_policy_add -Wl,--wrap=kern_xfrm_policy_del \
	-Wl,--wrap=kern_xfrm_ro_policy_add -Wl,--wrap=kern_xfrm_ro_policy_del \
	-Wl,--wrap=kern_xfrm_esp_state_add -Wl,--wrap=kern_xfrm_esp_state_del \
	-Wl,--wrap=kern_xfrm_migrate \
	-Wl,--wrap=kern_tunnel_check_start -Wl,--wrap=kern_tunnel_check_stop \
	-Wl,--wrap=kern_tunnel_check_set -Wl,--wrap=kern_tunnel_check_del \
	-Wl,--wrap=kern_tunnel_check_counts
check_PROGRAMS += tests/unit/mip6d-fake
tests_unit_mip6d_fake_SOURCES = src/main.c tests/unit/fake_kern.c
tests_unit_mip6d_fake_CFLAGS = $(AM_CFLAGS)
tests_unit_mip6d_fake_LDADD = $(MIP6_LIBS)
tests_unit_mip6d_fake_LDFLAGS = $(FAKE_KERN_WRAPS)
TESTS += tests/unit/test_daemon.sh
EXTRA_DIST += tests/unit/test_daemon.sh

CMOCKA_TESTS += tests/unit/test_monitor
