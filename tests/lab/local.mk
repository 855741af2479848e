# lab: mip6d in user-mode Linux with network namespaces (tests/lab/README.md)
# The scenarios directory is distributed whole, so that a new scenario (and any helper file
# placed beside it in scenarios/) needs no edit here; helpers in tests/lab itself are listed.
EXTRA_DIST += tests/lab/README.md tests/lab/run tests/lab/check-lab.sh tests/lab/init.sh \
	tests/lab/lib.sh tests/lab/topology.sh tests/lab/conf.sh tests/lab/uml-xstate.c \
	tests/lab/scenarios tests/lab/ha_conformance.py tests/lab/cn_conformance.py \
	tests/lab/mip6lab.py tests/lab/ha_dataplane.py tests/lab/mn_peer.py \
	tests/lab/dhaad_conformance.py tests/lab/mpa_send.py

if ENABLE_LAB
# Included after tests/local.mk, so make check starts the lab after the unit tests.
TESTS += tests/lab/check-lab.sh
endif

# Never inside make distcheck: the lab needs root and takes minutes.
AM_DISTCHECK_CONFIGURE_FLAGS = --disable-lab

# make lab [LAB_SCENARIOS="daemon demo"]: the lab by hand, against this build tree
LAB_SCENARIOS =
lab: all
	$(SHELL) $(top_srcdir)/tests/lab/run --builddir $(abs_top_builddir) $(LAB_SCENARIOS)
.PHONY: lab

# make soak [SOAK_SECONDS=1800]: minutes of churn against a home agent and a correspondent
# (tests/lab/scenarios/soak.sh), outside make check; it prints memory, kernel objects and
# error counters before and after.
SOAK_SECONDS = 120
soak: all
	LAB_ARG_SOAK_SECONDS=$(SOAK_SECONDS) $(SHELL) $(top_srcdir)/tests/lab/run \
	    --builddir $(abs_top_builddir) soak
.PHONY: soak
