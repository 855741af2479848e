# tests: unit tests (cmocka), fuzz targets, benchmarks and the lab

# src/kern is the only code that touches the kernel (no netlink socket, no /proc/sys elsewhere)
TESTS += tests/unit/check-kern-seam.sh
EXTRA_DIST += tests/unit/check-kern-seam.sh
