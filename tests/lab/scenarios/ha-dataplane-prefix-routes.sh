# scenario ha-dataplane-prefix-routes: ha-dataplane against a home agent with binding-routes = no and nd-proxy = mip6d (one route per home prefix, the bindings in the BPF map, mip6d answering NS for them)
# lab-topology: standard mn=f1
# lab-timeout: 480
#
# The same Scapy mobile node and checks as ha-dataplane, the home link's node sending to a
# registered home address among them (tunnelled, no Redirect).

HA_BINDING_ROUTES=no
HA_ND_PROXY=mip6d
. "$LAB_SRC/scenarios/ha-dataplane.sh"
