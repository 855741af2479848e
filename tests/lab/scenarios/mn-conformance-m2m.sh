# scenario mn-conformance-m2m: the mobile node as correspondent of another mobile node (all through its reverse tunnel), and route optimization turned off by configuration or refused with Binding Errors
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py plays the home agent, the correspondent
# and the other mobile node (see mn-conformance-home.sh).

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run ro2
