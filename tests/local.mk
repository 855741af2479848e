# tests: unit tests (cmocka), fuzz targets, benchmarks and the lab
