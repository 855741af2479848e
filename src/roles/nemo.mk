# Network Mobility (RFC 3963): the mobile router and its home agent
libmip6_a_SOURCES += \
	src/proto/mnp.c include/mnp.h \
	src/conf/nemo.c \
	src/roles/ha_nemo_decide.c src/roles/ha_nemo.c src/roles/ha_nemo_kern.c \
	include/ha_nemo.h \
	src/roles/mn_nemo.c include/mn_nemo.h

CMOCKA_TESTS += tests/unit/test_nemo
tests_unit_test_nemo_LDFLAGS = -Wl,--wrap=ha_nemo_kern_route_set \
	-Wl,--wrap=ha_nemo_kern_route_del

CMOCKA_TESTS += tests/unit/test_ha_nemo
tests_unit_test_ha_nemo_SOURCES = tests/unit/test_ha_nemo.c $(FAKE_NET_SOURCES)
tests_unit_test_ha_nemo_LDFLAGS = -Wl,--wrap=ha_kern_start \
	-Wl,--wrap=ha_kern_stop -Wl,--wrap=ha_kern_binding_set -Wl,--wrap=ha_kern_binding_del \
	-Wl,--wrap=ha_nemo_kern_route_set -Wl,--wrap=ha_nemo_kern_route_del

# mip6d-convert-umip on UMIP's NEMO keywords (tests/unit/test_convert.sh)
EXTRA_DIST += tests/unit/umip/nemo-ha.conf tests/unit/umip/nemo-mr.conf
