# scenario mn-conformance-move: movement detection judged by Scapy routers: a second router on the link, a silent move to a link whose router shares the old one's link-local address, a care-of address that lives 40 s
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# Link f3 has no router of the lab: tests/lab/mn_peer.py is its router (Router Advertisements
# with the Router Address flag, Neighbour Advertisements) and the home agent behind it.

. "$LAB_SRC/scenarios/mn-conformance.inc"
link_add f3
mn_peer_run move
