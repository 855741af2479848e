# proto (wire format): Mobility Header, HAO and RT2, Mobile IPv6 ICMPv6 messages
libmip6_a_SOURCES += \
	src/proto/mh.c src/proto/mh_build.c src/proto/mh_cksum.c src/proto/mh_names.c \
	include/mh.h \
	src/proto/ext_hdr.c include/ext_hdr.h \
	src/proto/icmp6.c include/icmp6.h \
	src/proto/icmp6_err.c include/icmp6_err.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_mh tests/unit/test_mh_ext tests/unit/test_icmp6
TESTS += tests/unit/test_mh tests/unit/test_mh_ext tests/unit/test_icmp6
tests_unit_test_mh_SOURCES = tests/unit/test_mh.c
tests_unit_test_mh_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mh_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
tests_unit_test_mh_ext_SOURCES = tests/unit/test_mh_ext.c
tests_unit_test_mh_ext_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mh_ext_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
tests_unit_test_icmp6_SOURCES = tests/unit/test_icmp6.c
tests_unit_test_icmp6_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_icmp6_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif

# Wire check against tshark (skips with 77 where tshark is missing)
check_PROGRAMS += tests/unit/test_mh_wire
TESTS += tests/unit/test_mh_wire
tests_unit_test_mh_wire_SOURCES = tests/unit/test_mh_wire.c
tests_unit_test_mh_wire_LDADD = $(MIP6_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_icmp6_err
TESTS += tests/unit/test_icmp6_err
tests_unit_test_icmp6_err_SOURCES = tests/unit/test_icmp6_err.c
tests_unit_test_icmp6_err_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_icmp6_err_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
