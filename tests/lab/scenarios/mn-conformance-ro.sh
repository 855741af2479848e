# scenario mn-conformance-ro: a Scapy correspondent (and home agent) drive the mobile node through return routability, correspondent registration, BRR and route-optimized traffic
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py plays both (see mn-conformance-home.sh).

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run ro
