# net: the Mobility Header socket
libmip6_a_SOURCES += src/net/mh_sock.c include/mh_sock.h
libmip6_a_SOURCES += src/net/nd.c include/nd.h
