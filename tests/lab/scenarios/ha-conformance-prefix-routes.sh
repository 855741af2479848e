# scenario ha-conformance-prefix-routes: ha-conformance against a home agent with binding-routes = no and nd-proxy = mip6d (one route per home prefix, the bindings in the BPF map, mip6d answering NS for them)
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 400
#
# The same Scapy mobile node and home-link node as ha-conformance, the same checks: the
# tunnel to each care-of address (HA_5, HA_6), the interception on the home link (HA_4), no
# Redirect to the home link's nodes, the home link's own addresses still reached.  No kernel
# proxy entry per home address: mip6d's packet socket answers the NS (HA_4_2, HA_4_3, HA_4_4).

HA_BINDING_ROUTES=no
HA_ND_PROXY=mip6d
. "$LAB_SRC/scenarios/ha-conformance.sh"
