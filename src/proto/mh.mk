# proto (wire format): Mobility Header, HAO and RT2, Mobile IPv6 ICMPv6 messages
libmip6_a_SOURCES += \
	src/proto/mh.c src/proto/mh_build.c src/proto/mh_cksum.c src/proto/mh_names.c \
	include/mh.h \
	src/proto/ext_hdr.c include/ext_hdr.h \
	src/proto/icmp6.c include/icmp6.h \
	src/proto/icmp6_err.c include/icmp6_err.h

CMOCKA_TESTS += tests/unit/test_mh tests/unit/test_mh_ext tests/unit/test_icmp6

# Wire check against tshark (skips with 77 where tshark is missing)
check_PROGRAMS += tests/unit/test_mh_wire
TESTS += tests/unit/test_mh_wire
tests_unit_test_mh_wire_SOURCES = tests/unit/test_mh_wire.c
tests_unit_test_mh_wire_LDADD = $(MIP6_LIBS)

CMOCKA_TESTS += tests/unit/test_icmp6_err
