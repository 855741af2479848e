# core: event loop, logging, address helpers
libmip6_a_SOURCES += \
	src/core/log.c include/log.h \
	src/core/loop.c include/loop.h \
	src/core/util.c include/util.h
libmip6_a_SOURCES += \
	src/core/stats.c include/stats.h \
	src/core/notify.c include/notify.h
libmip6_a_SOURCES += \
	src/core/events.c include/events.h \
	src/core/metrics.c include/metrics.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_metrics
TESTS += tests/unit/test_metrics
tests_unit_test_metrics_SOURCES = tests/unit/test_metrics.c
tests_unit_test_metrics_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_metrics_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
