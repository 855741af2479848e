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
