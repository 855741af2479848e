# roles: MN, HA and CN logic
libmip6_a_SOURCES += \
	src/roles/roles.c include/roles.h \
	src/roles/bindings.c include/bindings.h \
	src/roles/hao_decide.c include/hao_decide.h \
	src/roles/ha_decide.c include/ha_decide.h \
	src/roles/ha.c src/roles/ha_kern.c include/ha_kern.h \
	src/roles/role_kern_ops.c include/role_kern_ops.h \
	src/roles/ha_disc.c include/ha_disc.h \
	src/roles/ipsec_kern.c include/ipsec_kern.h \
	src/roles/cn.c src/roles/cn_kern.c include/cn_kern.h \
	src/roles/cn_decide.c include/cn_decide.h

CMOCKA_TESTS += tests/unit/test_ha_decide

CMOCKA_TESTS += tests/unit/test_ha
tests_unit_test_ha_SOURCES = tests/unit/test_ha.c $(FAKE_NET_SOURCES) \
	$(FAKE_ROLE_KERN_SOURCES)

# radvd beside the home agent; the check runs where radvd is installed
EXTRA_DIST += etc/radvd-home-agent.conf etc/radvd-second-home-agent.conf \
	tests/unit/check-radvd-example.sh
TESTS += tests/unit/check-radvd-example.sh

CMOCKA_TESTS += tests/unit/test_ipsec
tests_unit_test_ipsec_SOURCES = tests/unit/test_ipsec.c $(FAKE_KERN_SOURCES)
