# scenario mn-conformance-home: a Scapy home agent drives the mobile node through its first home registration: BU fields, retransmissions and back-off, every kind of BA answer, BRR, Binding Errors, hostile answers
# lab-topology: standard mn=home
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py (Scapy's Mobile IPv6 classes, from the lab's
# own namespace, on every bridge) plays the home agent and the correspondents, and judges what
# the mobile node sends against RFC 6275 section 11; its lines are the checks.

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run home
