# roles: MN, HA and CN logic
libmip6_a_SOURCES += \
	src/roles/roles.c include/roles.h \
	src/roles/ha_decide.c include/ha_decide.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ha_decide
TESTS += tests/unit/test_ha_decide
tests_unit_test_ha_decide_SOURCES = tests/unit/test_ha_decide.c
tests_unit_test_ha_decide_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ha_decide_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
