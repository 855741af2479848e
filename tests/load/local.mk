# load generators for the lab (programs that print figures)
noinst_PROGRAMS += tests/load/ha-load
tests_load_ha_load_SOURCES = tests/load/ha-load.c
tests_load_ha_load_LDADD = $(MIP6_LIBS)
noinst_PROGRAMS += tests/load/ro-load
tests_load_ro_load_SOURCES = tests/load/ro-load.c
tests_load_ro_load_LDADD = $(MIP6_LIBS)
