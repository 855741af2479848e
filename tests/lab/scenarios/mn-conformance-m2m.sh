# scenario mn-conformance-m2m: the mobile node as correspondent of another mobile node (played by Scapy): HoT, CoT, BA, traffic and Binding Errors all through its reverse tunnel
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py plays the home agent and the other mobile
# node (see mn-conformance-home.sh).

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run m2m
