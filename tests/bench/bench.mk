# Benchmarks: `make bench` builds and runs every program of BENCH_PROGS; each prints its own
# figures.  They are also built by `make all` (noinst), so they stay warning-free.
# To add one, in your own .mk (Makefile.am includes this file before the others):
#   BENCH_PROGS += tests/bench/bench_foo
#   tests_bench_bench_foo_SOURCES = tests/bench/bench_foo.c
#   tests_bench_bench_foo_LDADD = $(MIP6_LIBS)
# (not in noinst_PROGRAMS yourself: the line below adds every BENCH_PROGS entry).  The list is
# BENCH_PROGS, not BENCH_PROGRAMS: automake takes any *_PROGRAMS for an install directory.
BENCH_PROGS = tests/bench/bench_mh
noinst_PROGRAMS += $(BENCH_PROGS)

tests_bench_bench_mh_SOURCES = tests/bench/bench_mh.c
tests_bench_bench_mh_LDADD = $(MIP6_LIBS)

.PHONY: bench
bench: $(BENCH_PROGS)
	@for p in $(BENCH_PROGS); do echo "== $$p"; ./$$p || exit 1; done
