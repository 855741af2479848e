# Fuzzing with libFuzzer.
#
# `make fuzz` builds every target of FUZZ_TARGETS and FUZZ_LIB_TARGETS with $(CLANG)
# -fsanitize=fuzzer,address,undefined into tests/fuzz/NAME in the build directory; run one with
#   tests/fuzz/NAME -max_total_time=600 NEWDIR $(srcdir)/tests/fuzz/corpus/NAME
# `make check` runs tests/fuzz/fuzz-smoke: each target briefly over its seed corpus
# (-runs=$(FUZZ_RUNS), at most $(FUZZ_SECONDS) s); where clang or its fuzzer runtime is
# missing, each target is built with $(CC) and tests/fuzz/driver.c instead, which feeds every
# corpus file to it once.
# Before a release, every target for ten minutes (about 10 million inputs for most):
#   FUZZ_SECONDS=600 tests/fuzz/fuzz-smoke            (or name targets after it)
#
# Targets that reach past a codec (the control socket's requests, the configuration file,
# the journal, netlink events, Router Advertisements into the mobile node's view, the UMIP
# converter, DAD's packet socket input with its probes: fuzz_nd, in src/net/local.mk) are in
# FUZZ_LIB_TARGETS: they link an instrumented build of the whole daemon
# library (libmip6's sources and FUZZ_LIB_SRCS) with the daemon's libraries.
#
# To add a fuzz target NAME for another parser, append in your own .mk (Makefile.am includes
# this file before the others, so any of them may append):
#   FUZZ_TARGETS += NAME                  entry point tests/fuzz/NAME.c, defining
#                                         int LLVMFuzzerTestOneInput(const uint8_t *, size_t)
#   FUZZ_SRCS += src/dir/parser.c         the .c files it needs (linked into every target,
#                                         so keep them free of sockets and globals)
#   FUZZ_LIBS += $(CRYPTO_LIBS)           libraries those need, if any
#   (FUZZ_SRCS, not FUZZ_SOURCES: automake takes any *_SOURCES for a program's sources)
#   EXTRA_DIST += tests/fuzz/NAME.c tests/fuzz/corpus/NAME
#   CLEANFILES += tests/fuzz/NAME
# and put a few seed inputs, one per file, in tests/fuzz/corpus/NAME/.
FUZZ_TARGETS = fuzz_mh fuzz_icmp6 fuzz_ext_hdr
FUZZ_SRCS = src/proto/mh.c src/proto/mh_build.c src/proto/mh_cksum.c src/proto/mh_names.c \
	src/proto/ext_hdr.c src/proto/icmp6.c
# fuzz_mh also puts every parsed Binding Update's prefixes through the NEMO verdict
FUZZ_SRCS += src/proto/mnp.c src/roles/ha_nemo_decide.c src/core/util.c
FUZZ_LIBS =
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_RUNS = 100000
FUZZ_SECONDS = 5

FUZZ_LIB_TARGETS = fuzz_ctl fuzz_conf fuzz_journal fuzz_netlink fuzz_ra fuzz_umip
FUZZ_LIB_SRCS = $(libmip6_a_SOURCES) src/tools/umip_lex.c src/tools/umip_tree.c \
	src/tools/umip_conf.c src/tools/umip_setkey.c src/tools/umip_write.c
FUZZ_LIB_LIBS = $(LIBNL_LIBS) $(CONFUSE_LIBS) $(LIBEVENT_LIBS) $(CRYPTO_LIBS) $(JSONC_LIBS) \
	$(SYSTEMD_LIBS)
FUZZ_LIB_CFLAGS = $(LIBNL_CFLAGS) $(CONFUSE_CFLAGS) $(LIBEVENT_CFLAGS) $(CRYPTO_CFLAGS) \
	$(JSONC_CFLAGS) $(SYSTEMD_CFLAGS)
EXTRA_DIST += tests/fuzz/fuzz_ctl.c tests/fuzz/fuzz_conf.c tests/fuzz/fuzz_journal.c \
	tests/fuzz/fuzz_netlink.c tests/fuzz/fuzz_ra.c tests/fuzz/fuzz_umip.c \
	tests/fuzz/corpus/fuzz_ctl tests/fuzz/corpus/fuzz_conf tests/fuzz/corpus/fuzz_journal \
	tests/fuzz/corpus/fuzz_netlink tests/fuzz/corpus/fuzz_ra tests/fuzz/corpus/fuzz_umip
CLEANFILES += tests/fuzz/fuzz_ctl tests/fuzz/fuzz_conf tests/fuzz/fuzz_journal \
	tests/fuzz/fuzz_netlink tests/fuzz/fuzz_ra tests/fuzz/fuzz_umip

EXTRA_DIST += tests/fuzz/fuzz_mh.c tests/fuzz/fuzz_icmp6.c tests/fuzz/fuzz_ext_hdr.c \
	tests/fuzz/driver.c tests/fuzz/fuzz-smoke.in \
	tests/fuzz/corpus/fuzz_mh tests/fuzz/corpus/fuzz_icmp6 tests/fuzz/corpus/fuzz_ext_hdr

.PHONY: fuzz
fuzz: tests/fuzz/fuzz-smoke
	@if test -z "$(CLANG)"; then echo "make fuzz: clang not found by configure" >&2; \
	    exit 1; fi
	FUZZ_BUILD_ONLY=1 FUZZ_OUT=tests/fuzz $(SHELL) tests/fuzz/fuzz-smoke

# The smoke run, generated so that it knows the compilers and the lists above.
check_SCRIPTS += tests/fuzz/fuzz-smoke
TESTS += tests/fuzz/fuzz-smoke
CLEANFILES += tests/fuzz/fuzz-smoke
tests/fuzz/fuzz-smoke: $(top_srcdir)/tests/fuzz/fuzz-smoke.in Makefile
	$(AM_V_GEN)mkdir -p tests/fuzz && sed \
	    -e 's|%CLANG%|$(CLANG)|g' -e 's|%CC%|$(CC)|g' \
	    -e 's|%top_srcdir%|$(top_srcdir)|g' -e 's|%top_builddir%|$(top_builddir)|g' \
	    -e 's|%FUZZ_TARGETS%|$(FUZZ_TARGETS)|g' -e 's|%FUZZ_SRCS%|$(FUZZ_SRCS)|g' \
	    -e 's|%FUZZ_LIBS%|$(FUZZ_LIBS)|g' -e 's|%FUZZ_CFLAGS%|$(FUZZ_CFLAGS)|g' \
	    -e 's|%FUZZ_LIB_TARGETS%|$(FUZZ_LIB_TARGETS)|g' \
	    -e 's|%FUZZ_LIB_SRCS%|$(FUZZ_LIB_SRCS)|g' \
	    -e 's|%FUZZ_LIB_LIBS%|$(FUZZ_LIB_LIBS)|g' \
	    -e 's|%FUZZ_LIB_CFLAGS%|$(FUZZ_LIB_CFLAGS)|g' \
	    -e 's|%FUZZ_RUNS%|$(FUZZ_RUNS)|g' -e 's|%FUZZ_SECONDS%|$(FUZZ_SECONDS)|g' \
	    $(top_srcdir)/tests/fuzz/fuzz-smoke.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@
CLEANFILES += tests/fuzz/fuzz_mh tests/fuzz/fuzz_icmp6 tests/fuzz/fuzz_ext_hdr
