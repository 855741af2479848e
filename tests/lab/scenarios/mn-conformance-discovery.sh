# scenario mn-conformance-discovery: a Scapy home agent pair drives the mobile node through Dynamic Home Agent Address Discovery (Request, back-off, the Reply's list tried in order) and Mobile Prefix Discovery (Solicitations, back-off, which Advertisements it takes)
# lab-topology: standard mn=f1
# lab-timeout: 600
#
# RFC 6275 11.4.1-11.4.3.  No mip6d runs in ha: tests/lab/mn_peer.py plays two home agents
# (HA0 = 2001:db8:1::1, HA1 = 2001:db8:1::2) and answers the DHAAD Requests sent to the
# Home-Agents anycast address and the Mobile Prefix Solicitations as each case says.  ha's
# kernel holds both addresses and the anycast address so that the home router finds them.

ip -n ha addr add 2001:db8:1::2/64 dev eth0 nodad
ip -n ha addr add 2001:db8:1::fdff:ffff:ffff:fffe/64 dev eth0 nodad
. "$LAB_SRC/scenarios/mn-conformance.inc"
mn_peer_run discovery
