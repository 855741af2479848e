# scenario ha-conformance-prefix-routes: ha-conformance against a home agent with binding-routes = no (one route per home prefix, the bindings in the BPF map)
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 400
#
# The same Scapy mobile node and home-link node as ha-conformance, the same checks: the
# tunnel to each care-of address (HA_5, HA_6), the interception on the home link (HA_4), no
# Redirect to the home link's nodes, the home link's own addresses still reached.

HA_BINDING_ROUTES=no
. "$LAB_SRC/scenarios/ha-conformance.sh"
