# roles: MN, HA and CN logic
libmip6_a_SOURCES += \
	src/roles/roles.c include/roles.h \
	src/roles/bindings.c src/roles/bindings.h \
	src/roles/hao_decide.c src/roles/hao_decide.h \
	src/roles/ha_decide.c src/roles/ha_decide.h \
	src/roles/ha.c src/roles/ha_kern.c include/ha_kern.h \
	src/roles/role_kern_ops.c include/role_kern_ops.h \
	src/roles/ha_disc.c src/roles/ha_disc.h \
	src/roles/ipsec_kern.c include/ipsec_kern.h \
	src/roles/cn.c src/roles/cn_kern.c src/roles/cn_kern.h \
	src/roles/cn_decide.c src/roles/cn_decide.h

# The roles' own headers are beside their sources (src/roles); the role tests include them.
ROLES_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/roles

CMOCKA_TESTS += tests/unit/test_ha_decide
tests_unit_test_ha_decide_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)

CMOCKA_TESTS += tests/unit/test_ha
tests_unit_test_ha_SOURCES = tests/unit/test_ha.c $(FAKE_NET_SOURCES) \
	$(FAKE_ROLE_KERN_SOURCES)
tests_unit_test_ha_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)

# radvd beside the home agent; the check runs where radvd is installed
EXTRA_DIST += etc/radvd-home-agent.conf etc/radvd-second-home-agent.conf \
	tests/unit/check-radvd-example.sh
TESTS += tests/unit/check-radvd-example.sh

CMOCKA_TESTS += tests/unit/test_ipsec
tests_unit_test_ipsec_SOURCES = tests/unit/test_ipsec.c $(FAKE_KERN_SOURCES)
