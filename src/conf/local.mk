# conf: mip6d.conf parsing and validation (libconfuse)
libmip6_a_SOURCES += \
	src/conf/conf.c include/conf.h src/conf/conf_int.h \
	src/conf/lint.c \
	src/conf/convert.c \
	src/conf/ipsec.c \
	src/conf/query.c \
	src/conf/sync.c

dist_man_MANS += man/mip6d.8 man/mip6d.conf.5
dist_sysconf_DATA += etc/mip6d.conf
EXTRA_DIST += etc/ha.conf etc/mn.conf etc/cn.conf

CMOCKA_TESTS += tests/unit/test_conf
tests_unit_test_conf_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR='"$(abs_top_srcdir)"'

# The built daemon checks every example (exit 0) and a broken file (exit 1, file:line).
TESTS += tests/unit/check-examples.sh
EXTRA_DIST += tests/unit/check-examples.sh
