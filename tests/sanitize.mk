# make check-sanitize: the unit tests and the fake-kernel daemon tests under ASan + UBSan +
# LeakSanitizer on the host, then SANITIZE_SCENARIOS in the lab under UBSan; every report
# fails the run (tests/check-sanitize).  The builds are in sanitize/ of the build directory,
# from a copy of the sources (a configured source tree cannot hold other builds).
#   make check-sanitize SANITIZE_LAB=no            the host part only
#   make check-sanitize SANITIZE_SCENARIOS="..."   other scenarios
# Four scenarios that together run every role and IPsec: the control socket and reloads
# (daemon), HA + MN + CN with return routability (route-optimization), ESP (ipsec-manual),
# and removal of everything an expired binding installed (expiry).
SANITIZE_SCENARIOS = daemon route-optimization ipsec-manual expiry
SANITIZE_LAB = yes

EXTRA_DIST += tests/check-sanitize tests/sanitize.mk

check-sanitize: all
	rm -rf sanitize/src && mkdir -p sanitize
	$(MAKE) $(AM_MAKEFLAGS) distdir distdir=sanitize/src
	@# what make check runs but the lab and the fuzz smoke run (which has its own sanitizers)
	@tests=; for t in $(TESTS); do case $$t in tests/lab/check-lab.sh|tests/fuzz/fuzz-smoke) ;; \
	    *) tests="$$tests $$t" ;; esac; done; \
	SANITIZE_LAB=$(SANITIZE_LAB) LAB_UML=$(abs_top_builddir)/tests/lab/uml/root \
	    $(SHELL) $(top_srcdir)/tests/check-sanitize sanitize/src sanitize \
	    "$$tests" "$(SANITIZE_SCENARIOS)"
.PHONY: check-sanitize

clean-local: clean-sanitize
clean-sanitize:
	rm -rf sanitize
.PHONY: clean-sanitize
