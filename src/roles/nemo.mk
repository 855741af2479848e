# Network Mobility (RFC 3963): the mobile router and its home agent
libmip6_a_SOURCES += \
	src/proto/mnp.c include/mnp.h \
	src/conf/nemo.c \
	src/roles/ha_nemo_decide.c src/roles/ha_nemo.c src/roles/ha_nemo_kern.c \
	src/roles/ha_nemo.h \
	src/roles/mn_nemo.c src/roles/mn_nemo.h

CMOCKA_TESTS += tests/unit/test_nemo
tests_unit_test_nemo_SOURCES = tests/unit/test_nemo.c $(FAKE_ROLE_KERN_SOURCES)
tests_unit_test_nemo_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)

CMOCKA_TESTS += tests/unit/test_ha_nemo
tests_unit_test_ha_nemo_SOURCES = tests/unit/test_ha_nemo.c $(FAKE_NET_SOURCES) \
	$(FAKE_ROLE_KERN_SOURCES)

# mip6d-convert-umip on UMIP's NEMO keywords (tests/unit/test_convert.sh)
EXTRA_DIST += tests/unit/umip/nemo-ha.conf tests/unit/umip/nemo-mr.conf
