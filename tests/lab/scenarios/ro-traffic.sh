# scenario ro-traffic: traffic through the tunnel with a correspondent the configuration does not name starts route optimization (XFRM ACQUIRE)
# lab-topology: standard mn=f1
# lab-timeout: 120
#
# The mobile node has route-optimization = yes and no peer section: its traffic from the home
# address to cn, tunnelled at first, meets a catch-all policy with a Home Address option
# template and no state; the kernel's ACQUIRE starts return routability, and the traffic then
# goes directly.  A peer prefix with route-optimization = no keeps another correspondent out.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")

conf_ha ha.conf
conf_cn cn.conf
conf_mn mn.conf hoa=$HOA iface=eth0 route-optimization=yes \
    "peer $R_CN_ADDR/128 { route-optimization = no }"

bul_field() {
	ctl mn -j bul | json_eval "next((e['$3'] for e in d.get('entries', []) if e['type'] == '$1' and e['peer'] == '$2'), '')"
}
home_at() {
	[ "$(bul_field home "$HA_ADDR" state)" = registered ] &&
	    [ "$(bul_field home "$HA_ADDR" care-of-address)" = "$1" ]
}
ro_direct() {
	[ "$(bul_field cn "$1" state)" = registered ] && [ "$(bul_field cn "$1" direct)" = true ]
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check "mip6d starts as correspondent node" mip6d_start cn "$RESULTS/cn.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers with its home agent from f1" 10 home_at "$COA1"
check_eq "no correspondent entry before any traffic" "" "$(bul_field cn "$CN_ADDR" state)"
check_match "the catch-all policy from the home address is there" "proto hao" \
    "$(ip -n mn xfrm policy list dir out src "$HOA/128" ptype sub)"

lab_bg ping-mn "$RESULTS/ping.log" in_ns mn ping -6 -D -n -i 0.05 -w 6 -I "$HOA" "$CN_ADDR"
if check_wait "traffic with cn through the tunnel starts route optimization" 6 \
    ro_direct "$CN_ADDR"; then
	date +%s.%N >ro
fi
in_ns mn ping -6 -c 3 -i 0.2 -W 2 -I "$HOA" "$R_CN_ADDR" >/dev/null 2>&1
sleep 1
check_eq "a correspondent with route-optimization = no gets no entry" "" \
    "$(bul_field cn "$R_CN_ADDR" state)"
check_until "the ping ends" 8 "! lab_alive ping-mn"
echo "$HOA $COA1" >addresses
check "the mobile node stops cleanly" mip6d_stop mn
cn_bindings() {
	ctl cn -j bc | json_eval "len(d.get('bindings', []))"
}
cn_unbound() {
	[ "$(cn_bindings)" = 0 ]
}
check_wait "stopping away, it de-registered at cn" 3 cn_unbound
check_eq "no policy of the mobile node remains" "" \
    "$(ip -n mn xfrm policy list src "$HOA/128" ptype sub)"
check "the correspondent node stops cleanly" mip6d_stop cn
check "the home agent stops cleanly" mip6d_stop ha
