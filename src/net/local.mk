# net: the sockets to the network (Mobility Header, ICMPv6, Neighbor Discovery, Router Advertisements)
libmip6_a_SOURCES += src/net/mh_sock.c include/mh_sock.h
# a batch of datagrams in one sendmmsg (held BAs, held NAs)
libmip6_a_SOURCES += src/net/mmsg.c include/mmsg.h
# the roles reach the Mobility Header socket and ND through one table (tests replace it)
libmip6_a_SOURCES += src/net/net_ops.c include/net_ops.h
# Mobility Header dispatch to the roles by message type, and their sending
libmip6_a_SOURCES += src/net/mh_io.c include/mh_io.h
libmip6_a_SOURCES += src/net/icmp6_sock.c include/icmp6_sock.h
libmip6_a_SOURCES += src/net/nd.c include/nd.h
# the home agent's ND proxy (nd-proxy = mip6d) on DAD's packet socket
libmip6_a_SOURCES += src/net/nd_proxy.c
libmip6_a_SOURCES += src/net/ra_sock.c include/ra_sock.h
libmip6_a_SOURCES += src/proto/nd_msg.c include/nd_msg.h
libmip6_a_SOURCES += src/proto/mld_msg.c include/mld_msg.h

CMOCKA_TESTS += tests/unit/test_nd tests/unit/test_mmsg

# DAD's packet socket reads whatever a node on the link sends: nd_input and nd_msg_parse
# fuzzed with the probe engine over a fake seam (it needs the loop, so the whole library)
FUZZ_LIB_TARGETS += fuzz_nd
EXTRA_DIST += tests/fuzz/fuzz_nd.c tests/fuzz/corpus/fuzz_nd
CLEANFILES += tests/fuzz/fuzz_nd
