# tools: the systemd unit, UMIP configuration migration, packaging checks

# The unit gets the installed paths; it goes where systemd looks (--with-systemdsystemunitdir).
systemdsystemunit_DATA = etc/mip6d.service
CLEANFILES += etc/mip6d.service
EXTRA_DIST += etc/mip6d.service.in
etc/mip6d.service: $(srcdir)/etc/mip6d.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    $(srcdir)/etc/mip6d.service.in >$@.tmp && mv $@.tmp $@

# systemd-analyze verify on the unit, and the notifications it relies on (fast: make check)
TESTS += tests/pkg/test-unit.sh tests/pkg/test-notify.sh
EXTRA_DIST += tests/pkg/test-unit.sh tests/pkg/test-notify.sh

# mip6d-convert-umip: old UMIP/MIPL mip6d.conf -> mip6d.conf
sbin_PROGRAMS += mip6d-convert-umip
mip6d_convert_umip_SOURCES = src/tools/mip6d-convert-umip.c src/tools/umip.h \
	src/tools/umip_lex.c src/tools/umip_tree.c src/tools/umip_conf.c src/tools/umip_write.c \
	src/tools/umip_setkey.c src/core/util.c include/util.h
# standalone: none of the library (the global LDADD is the unit tests')
mip6d_convert_umip_LDADD =
dist_man_MANS += man/mip6d-convert-umip.8

CMOCKA_TESTS += tests/unit/test_convert
tests_unit_test_convert_SOURCES = tests/unit/test_convert.c \
	src/tools/umip_lex.c src/tools/umip_tree.c src/tools/umip_conf.c src/tools/umip_write.c \
	src/tools/umip_setkey.c src/core/util.c
tests_unit_test_convert_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tools
tests_unit_test_convert_LDADD = $(CMOCKA_LIBS)
# The converter on old configurations, its output checked by mip6d -n
TESTS += tests/unit/test_convert.sh
EXTRA_DIST += tests/unit/test_convert.sh tests/unit/umip/ha.conf tests/unit/umip/mn.conf \
	tests/unit/umip/cn.conf tests/unit/umip/cn-debug.inc tests/unit/umip/ipsec.conf \
	tests/unit/umip/ipsec.setkey \
	tests/unit/umip/bad.conf tests/unit/umip/bad-string.conf

# Packaging: debian/ travels in the tarball; tests/pkg/test-deb.sh runs from tests/run-all.
EXTRA_DIST += tests/pkg/test-deb.sh debian/changelog debian/control debian/copyright \
	debian/rules debian/source/format debian/mip6d.docs debian/mip6d.examples
