# state: binding cache and return routability figures for `make bench`
# (included after tests/bench/bench.mk, which sets BENCH_PROGS)
BENCH_PROGS += tests/bench/bench_state
tests_bench_bench_state_SOURCES = tests/bench/bench_state.c
tests_bench_bench_state_LDADD = $(MIP6_LIBS)
