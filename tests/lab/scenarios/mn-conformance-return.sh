# scenario mn-conformance-return: a Scapy home agent judges the mobile node moving from foreign link to foreign link, sending through its tunnel and returning home (de-registration, NA, NS for the home agent), also after its registration expired
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# No mip6d runs in ha or cn: tests/lab/mn_peer.py plays the home agent (see
# mn-conformance-home.sh).

. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run return
