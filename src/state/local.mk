# state: binding cache and binding update list (pure data, timers through core/loop)
libmip6_a_SOURCES += \
	src/state/keyhash.c src/state/keyhash.h \
	src/state/bcache.c include/bcache.h

CMOCKA_TESTS += tests/unit/test_bcache

libmip6_a_SOURCES += src/state/bul.c include/bul.h

CMOCKA_TESTS += tests/unit/test_bul

# `make bench`: binding cache and return routability figures
BENCH_PROGS += tests/bench/bench_state
tests_bench_bench_state_SOURCES = tests/bench/bench_state.c
tests_bench_bench_state_LDADD = $(MIP6_LIBS)

# the Home Agents List (RFC 6275 10.1)
libmip6_a_SOURCES += src/state/hal.c include/hal.h

CMOCKA_TESTS += tests/unit/test_hal

# unsolicited Mobile Prefix Advertisements: when to retransmit (RFC 6275 10.6.2)
libmip6_a_SOURCES += src/state/mpa_rexmit.c include/mpa_rexmit.h

CMOCKA_TESTS += tests/unit/test_mpa_rexmit
