# tests: unit tests (cmocka), fuzz targets, benchmarks and the lab

# The cmocka unit tests.  Each part of the tree adds its own to CMOCKA_TESTS beside its
# sources; a test is tests/unit/NAME.c linked with the library and cmocka (automake's default
# source, the LDADD below), and says there only what differs: more sources, flags, seams.
AM_CFLAGS += $(CMOCKA_CFLAGS)
LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
if HAVE_CMOCKA
check_PROGRAMS += $(CMOCKA_TESTS)
TESTS += $(CMOCKA_TESTS)
endif

# The kernel managers faked (tests/unit/fake_kern.h), for the tests and mip6d-fake.
FAKE_KERN_SOURCES = tests/unit/fake_kern.c tests/unit/fake_kern.h

# The network seam faked (tests/unit/fake_net.h): the Mobility Header socket and Neighbor
# Discovery, recorded in one place for test_ha, test_ha_nemo, test_mn, test_mn_ro.
FAKE_NET_SOURCES = tests/unit/fake_net.c tests/unit/fake_net.h

# The roles' kernel adapters faked (tests/unit/fake_role_kern.h): ha_kern, ha_nemo_kern,
# mn_kern and mn_ro_kern, for the role tests and mip6d-fake.
FAKE_ROLE_KERN_SOURCES = tests/unit/fake_role_kern.c tests/unit/fake_role_kern.h

# src/kern is the only code that touches the kernel (no netlink socket, no /proc/sys elsewhere)
TESTS += tests/unit/check-kern-seam.sh
EXTRA_DIST += tests/unit/check-kern-seam.sh
