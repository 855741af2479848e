# state: binding cache and binding update list (pure data, timers through core/loop)
libmip6_a_SOURCES += \
	src/state/keyhash.c src/state/keyhash.h \
	src/state/bcache.c include/bcache.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bcache
TESTS += tests/unit/test_bcache
tests_unit_test_bcache_SOURCES = tests/unit/test_bcache.c
tests_unit_test_bcache_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_bcache_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif

libmip6_a_SOURCES += src/state/bul.c include/bul.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bul
TESTS += tests/unit/test_bul
tests_unit_test_bul_SOURCES = tests/unit/test_bul.c
tests_unit_test_bul_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_bul_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif

# `make bench`: binding cache and return routability figures
BENCH_PROGS += tests/bench/bench_state
tests_bench_bench_state_SOURCES = tests/bench/bench_state.c
tests_bench_bench_state_LDADD = $(MIP6_LIBS)

# the Home Agents List (RFC 6275 10.1)
libmip6_a_SOURCES += src/state/hal.c include/hal.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_hal
TESTS += tests/unit/test_hal
tests_unit_test_hal_SOURCES = tests/unit/test_hal.c
tests_unit_test_hal_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_hal_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
