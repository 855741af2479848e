# conf: mip6d.conf parsing and validation (libconfuse)
libmip6_a_SOURCES += src/conf/conf.c include/conf.h
