# scenario prefix-discovery-prefix-routes: prefix-discovery against a home agent with binding-routes = no and nd-proxy = mip6d: the home prefix a reload adds gets its route, and its home addresses their tunnel
# lab-topology: standard mn=f1
# lab-timeout: 420
#
# The same checks as prefix-discovery; cn reaching the home address formed from the new
# prefix says that the reload gave that prefix its route (one per home prefix).

PD_BINDING_ROUTES=no
PD_ND_PROXY=mip6d
. "$LAB_SRC/scenarios/prefix-discovery.sh"
