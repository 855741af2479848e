# roles: the Mobile Node
libmip6_a_SOURCES += src/roles/mn.c
