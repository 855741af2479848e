# kern: the netlink managers, the only code that talks to the kernel.  Their callers reach them
# through one table of operations (include/kern_ops.h, src/kern/ops.c) that tests replace.
libmip6_a_SOURCES += \
	src/kern/kern_nl.h src/kern/nl.c src/kern/rec.c \
	src/kern/kern.c src/kern/probe.c include/kern.h \
	src/kern/ops.c src/kern/kern_real.h include/kern_ops.h \
	src/kern/xfrm.c src/kern/xfrm_stat.c include/kern_xfrm.h include/xfrm_prio.h \
	src/kern/tunnel.c include/kern_tunnel.h \
	src/kern/route.c include/kern_route.h \
	src/kern/neigh.c include/kern_neigh.h \
	src/kern/addr.c include/kern_addr.h \
	src/kern/sysctl.c include/kern_sysctl.h \
	src/kern/monitor.c include/kern_monitor.h
libmip6_a_SOURCES += src/kern/tunnel_bpf.c src/kern/tunnel_check.h include/kern_tunnel_check.h

# The reverse-tunnel check: an eBPF object built by clang, installed where mip6d looks for it
# (a mip6d run from the build tree takes the one in src/kern/).
AM_CPPFLAGS += -DMIP6D_BPFDIR='"$(pkglibdir)"'
AM_CFLAGS += $(LIBBPF_CFLAGS)
MIP6_LIBS += $(LIBBPF_LIBS)
# fuzz targets that link the whole library (fuzz_ctl reaches the roles, and so this)
FUZZ_LIB_LIBS += $(LIBBPF_LIBS)
FUZZ_LIB_CFLAGS += $(LIBBPF_CFLAGS)
EXTRA_DIST += src/kern/tunnel_check.bpf.c doc/reverse-tunnel-check.md tests/lab/ha_tunnel_check.py
if HAVE_TUNNEL_CHECK
bpfobjdir = $(pkglibdir)
bpfobj_DATA = src/kern/tunnel_check.bpf.o
CLEANFILES += src/kern/tunnel_check.bpf.o
src/kern/tunnel_check.bpf.o: $(srcdir)/src/kern/tunnel_check.bpf.c $(srcdir)/src/kern/tunnel_check.h
	$(AM_V_GEN)$(MKDIR_P) src/kern && \
	$(CLANG) $(BPF_CFLAGS) $(LIBBPF_CFLAGS) -I$(srcdir)/src/kern -c $(srcdir)/src/kern/tunnel_check.bpf.c -o $@
endif

# The lab's kernel scenario drives every manager operation through this program.
noinst_PROGRAMS += tests/lab/kern-exercise
tests_lab_kern_exercise_SOURCES = tests/lab/kern-exercise.c
tests_lab_kern_exercise_LDADD = $(MIP6_LIBS)

CMOCKA_TESTS += tests/unit/test_kern_msg

CMOCKA_TESTS += tests/unit/test_kern_events

CMOCKA_TESTS += tests/unit/test_kern_netns
