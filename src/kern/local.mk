# kern: the netlink managers, the only code that talks to the kernel.  Each manager is its own
# object file, so that unit tests of its callers can replace it with -Wl,--wrap.
libmip6_a_SOURCES += \
	src/kern/kern_nl.h src/kern/nl.c src/kern/rec.c \
	src/kern/probe.c include/kern.h \
	src/kern/xfrm.c include/kern_xfrm.h \
	src/kern/tunnel.c include/kern_tunnel.h \
	src/kern/route.c include/kern_route.h \
	src/kern/neigh.c include/kern_neigh.h \
	src/kern/addr.c include/kern_addr.h \
	src/kern/monitor.c src/kern/ra.c include/kern_monitor.h

# The lab's kernel scenario drives every manager operation through this program.
noinst_PROGRAMS += tests/lab/kern-exercise
tests_lab_kern_exercise_SOURCES = tests/lab/kern-exercise.c
tests_lab_kern_exercise_LDADD = $(MIP6_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_kern_msg
TESTS += tests/unit/test_kern_msg
tests_unit_test_kern_msg_SOURCES = tests/unit/test_kern_msg.c
tests_unit_test_kern_msg_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_kern_msg_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_kern_events
TESTS += tests/unit/test_kern_events
tests_unit_test_kern_events_SOURCES = tests/unit/test_kern_events.c
tests_unit_test_kern_events_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_kern_events_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_kern_netns
TESTS += tests/unit/test_kern_netns
tests_unit_test_kern_netns_SOURCES = tests/unit/test_kern_netns.c
tests_unit_test_kern_netns_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_kern_netns_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
