# roles: the Mobile Node (RFC 6275 section 11)
libmip6_a_SOURCES += \
	src/roles/mn.c include/mn.h \
	src/roles/mn_move.c \
	src/roles/mn_reg.c \
	src/roles/mn_disc.c \
	src/roles/mn_kern.c include/mn_kern.h \
	src/roles/mn_ro.c include/mn_ro.h \
	src/roles/mn_ro_kern.c include/mn_ro_kern.h

CMOCKA_TESTS += tests/unit/test_mn
tests_unit_test_mn_SOURCES = tests/unit/test_mn.c $(FAKE_NET_SOURCES)
tests_unit_test_mn_LDFLAGS = \
	-Wl,--wrap=mn_kern_start -Wl,--wrap=mn_kern_stop \
	-Wl,--wrap=mn_kern_away_set -Wl,--wrap=mn_kern_away_del \
	-Wl,--wrap=mn_kern_home_set -Wl,--wrap=mn_kern_home_del \
	-Wl,--wrap=mn_kern_router_del

CMOCKA_TESTS += tests/unit/test_mn_ro
tests_unit_test_mn_ro_SOURCES = tests/unit/test_mn_ro.c $(FAKE_NET_SOURCES)
tests_unit_test_mn_ro_LDFLAGS = \
	-Wl,--wrap=mn_kern_start -Wl,--wrap=mn_kern_stop \
	-Wl,--wrap=mn_kern_away_set -Wl,--wrap=mn_kern_away_del \
	-Wl,--wrap=mn_kern_home_set -Wl,--wrap=mn_kern_home_del \
	-Wl,--wrap=mn_kern_router_del \
	-Wl,--wrap=mn_ro_kern_prepare -Wl,--wrap=mn_ro_kern_direct \
	-Wl,--wrap=mn_ro_kern_tunnel -Wl,--wrap=mn_ro_kern_del -Wl,--wrap=mn_ro_kern_home \
	-Wl,--wrap=mn_ro_kern_watch -Wl,--wrap=mn_ro_kern_unwatch -Wl,--wrap=mn_ro_kern_trigger
