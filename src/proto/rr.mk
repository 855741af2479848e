# proto: return routability crypto (RFC 6275 5.2)
libmip6_a_SOURCES += src/proto/rr_crypto.c include/rr_crypto.h

EXTRA_DIST += tests/unit/rr_vectors.py

CMOCKA_TESTS += tests/unit/test_rr_crypto
tests_unit_test_rr_crypto_CPPFLAGS = $(AM_CPPFLAGS) \
	-DRR_VECTORS_PY='"$(abs_top_srcdir)/tests/unit/rr_vectors.py"'
