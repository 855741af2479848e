# tools: the systemd unit, UMIP configuration migration, packaging checks

# The unit gets the installed paths; it goes where systemd looks (--with-systemdsystemunitdir).
systemdsystemunit_DATA = etc/mip6d.service
CLEANFILES += etc/mip6d.service
EXTRA_DIST += etc/mip6d.service.in
etc/mip6d.service: $(srcdir)/etc/mip6d.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    $(srcdir)/etc/mip6d.service.in >$@.tmp && mv $@.tmp $@

# systemd-analyze verify on the unit (fast, so part of make check)
TESTS += tests/pkg/test-unit.sh
EXTRA_DIST += tests/pkg/test-unit.sh
