# the home agent's bindings beyond the process: binding store, Redis replication, takeover
libmip6_a_SOURCES += \
	src/state/bstore_codec.c src/state/bstore.c include/bstore.h \
	src/roles/ha_sync.c include/ha_sync.h
if HAVE_HIREDIS
libmip6_a_SOURCES += src/roles/ha_repl.c src/roles/ha_sentinel.c src/roles/ha_sentinel.h
AM_CFLAGS += $(HIREDIS_CFLAGS)
MIP6_LIBS += $(HIREDIS_LIBS)
FUZZ_LIB_LIBS += $(HIREDIS_LIBS)
FUZZ_LIB_CFLAGS += $(HIREDIS_CFLAGS)
else
libmip6_a_SOURCES += src/roles/ha_repl_none.c
endif
EXTRA_DIST += src/roles/ha_repl_none.c src/roles/ha_repl.c src/roles/ha_sentinel.c \
	src/roles/ha_sentinel.h

CMOCKA_TESTS += tests/unit/test_bstore
if HAVE_HIREDIS
CMOCKA_TESTS += tests/unit/test_sentinel
tests_unit_test_sentinel_CPPFLAGS = $(ROLES_TEST_CPPFLAGS)
endif
EXTRA_DIST += tests/unit/test_sentinel.c

FUZZ_TARGETS += fuzz_bstore
FUZZ_SRCS += src/state/bstore_codec.c
EXTRA_DIST += tests/fuzz/fuzz_bstore.c tests/fuzz/corpus/fuzz_bstore
CLEANFILES += tests/fuzz/fuzz_bstore

# keepalived's notify script, where etc/keepalived-mip6d.conf expects it
mip6dlibexecdir = $(libexecdir)/mip6d
dist_mip6dlibexec_SCRIPTS = etc/mip6d-keepalived-notify
EXTRA_DIST += etc/keepalived-mip6d.conf etc/ha-pair.conf
EXTRA_DIST += doc/redundancy.md
