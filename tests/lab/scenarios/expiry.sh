# scenario expiry: a mobile node vanishes; its binding and all kernel state on the HA go when
# the lifetime ends
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 120
#
# The mobile node is the Scapy tester of ha-conformance: it registers for 8 seconds and then
# says nothing more, as a node that lost its link would.

HOA=2001:db8:1::e0

# a route and a proxy entry per binding, which the checks count
conf_ha "$LAB_RUN/ha.conf" dad=yes binding-routes=yes

ha_route() {
	ip -n ha -6 route show "$HOA/128" 2>/dev/null | grep -q 'encap ip6'
}

ha_proxy() {
	ip -n ha -6 neigh show proxy | grep -q "^$HOA "
}

ha_binding() {
	ctl ha --json bc | grep -q "\"$HOA\""
}

binding_gone() {
	! ha_binding
}

expiry_counted() {
	ctl ha --json status | grep -q '"ha.expired": *1'
}

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf"
check_wait "the mobile node has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "the mobile node registers for 8 s" in_ns mn /usr/bin/python3 "$LAB_SRC/ha_conformance.py" \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --router-mac 02:00:00:00:02:01 --home-iface eth1 --home-mac 02:00:00:00:03:01 \
    --home-addr "$(node_addr mn eth1 "$LAB_PREFIX_home")" --ha "$HA_ADDR" \
    --ha-mac 02:00:00:00:01:00 --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" \
    --register "$HOA:8"
t0=$(lab_now)
check "the binding is in the cache" ha_binding
check "the tunnel route to the home address is in the kernel" ha_route
check "the proxy neighbour entry is in the kernel" ha_proxy
check_wait "the binding expires after its lifetime" 12 binding_gone
note "binding gone $(lab_elapsed "$t0" "$(lab_now)") s after the BA (lifetime 8 s)"
check_fail "no tunnel route remains" ha_route
check_fail "no proxy neighbour entry remains" ha_proxy
check "the expiry is counted" expiry_counted
check_fail "the home address no longer answers through the HA" \
    in_ns cn ping -6 -c 1 -W 1 "$HOA"
mip6d_stop ha
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
