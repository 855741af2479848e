# proto: return routability crypto (RFC 6275 5.2)
libmip6_a_SOURCES += src/proto/rr_crypto.c include/rr_crypto.h

EXTRA_DIST += tests/unit/rr_vectors.py

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_rr_crypto
TESTS += tests/unit/test_rr_crypto
tests_unit_test_rr_crypto_SOURCES = tests/unit/test_rr_crypto.c
tests_unit_test_rr_crypto_CPPFLAGS = $(AM_CPPFLAGS) \
	-DRR_VECTORS_PY='"$(abs_top_srcdir)/tests/unit/rr_vectors.py"'
tests_unit_test_rr_crypto_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_rr_crypto_LDADD = $(MIP6_LIBS) $(CMOCKA_LIBS)
endif
