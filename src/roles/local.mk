# roles: MN, HA and CN logic
libmip6_a_SOURCES += src/roles/roles.c include/roles.h
