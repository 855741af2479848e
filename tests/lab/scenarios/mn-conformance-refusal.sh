# scenario mn-conformance-refusal: route optimization turned off by configuration, or refused by a Scapy correspondent with Binding Errors and ICMPv6 errors: the mobile node stops asking
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py plays both (see mn-conformance-home.sh).
# One mobile node daemon per case: a refusal is for good.

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run refusal
