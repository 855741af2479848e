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
	src/core/metrics.c include/metrics.h \
	src/core/memtrim.c include/memtrim.h

CMOCKA_TESTS += tests/unit/test_metrics tests/unit/test_memtrim
