# roles: the Mobile Node (RFC 6275 section 11)
libmip6_a_SOURCES += \
	src/roles/mn.c src/roles/mn.h \
	src/roles/mn_move.c \
	src/roles/mn_reg.c \
	src/roles/mn_disc.c \
	src/roles/mn_kern.c src/roles/mn_kern.h \
	src/roles/mn_ro.c src/roles/mn_ro.h \
	src/roles/mn_ro_kern.c src/roles/mn_ro_kern.h

CMOCKA_TESTS += tests/unit/test_mn
tests_unit_test_mn_SOURCES = tests/unit/test_mn.c $(FAKE_NET_SOURCES) \
	$(FAKE_ROLE_KERN_SOURCES)
tests_unit_test_mn_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)

CMOCKA_TESTS += tests/unit/test_mn_ro
tests_unit_test_mn_ro_SOURCES = tests/unit/test_mn_ro.c $(FAKE_NET_SOURCES) \
	$(FAKE_ROLE_KERN_SOURCES)
tests_unit_test_mn_ro_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)
