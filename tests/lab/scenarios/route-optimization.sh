# scenario route-optimization: the mobile node runs return routability with cn; their traffic then goes directly (HAO, RT2), across a handover too
# lab-topology: standard mn=f1
# lab-timeout: 150
#
# RFC 6275 5.2, 11.6 (HoTI through the tunnel, CoTI directly), 11.7.2 (BU authorized with Kbm),
# 11.3.1 (Home Address option out, type 2 routing header in), 11.5.4 (de-registration at the
# correspondent on returning home).  route-optimization.post.sh checks the captures.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")

conf_ha ha.conf
conf_cn cn.conf route-optimization=yes
conf_mn mn.conf hoa=$HOA iface=eth0 "peer $CN_ADDR/128 { route-optimization = yes }"

# the entry of type t (home, cn) in mip6d-ctl bul: field f
bul_field() {
	ctl mn -j bul | json_eval "next((e['$2'] for e in d.get('entries', []) if e['type'] == '$1'), '')"
}
home_at() {
	[ "$(bul_field home state)" = registered ] && [ "$(bul_field home care-of-address)" = "$1" ]
}
ro_at() {
	[ "$(bul_field cn state)" = registered ] && [ "$(bul_field cn care-of-address)" = "$1" ] &&
	    [ "$(bul_field cn direct)" = true ]
}
cn_binding_is() {
	[ "$(cn_binding)" = "$1" ]
}
cn_binding() {
	ctl cn -j bc | json_eval "next((b['care-of-address'] for b in d.get('bindings', []) if b['home-address'] == '$HOA'), '')"
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check "mip6d starts as correspondent node" mip6d_start cn "$RESULTS/cn.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers with its home agent from f1" 10 home_at "$COA1"
if check_wait "return routability and the BU to cn: registered, traffic direct" 10 ro_at "$COA1"
then
	date +%s.%N >ro1
fi
check_eq "cn's binding cache has the care-of address on f1" "$COA1" "$(cn_binding)"
check_match "mn: a HAO state from the home address to cn with the care-of address" \
    "coa $COA1" "$(ip -n mn xfrm state list proto hao)"
check_match "mn: a type 2 routing header state to the home address, from any source" \
    "src :: dst $HOA" "$(ip -n mn xfrm state list proto route2)"
check "mn reaches cn from its home address" in_ns mn ping -6 -c 2 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"

# cn pings the home address every 10 ms across the handover
lab_bg ping-cn "$RESULTS/ping.log" in_ns cn ping -6 -D -n -i 0.01 -W 1 -w 10 "$HOA"
check_wait "cn's pings reach the mobile node" 5 grep -q 'bytes from' "$RESULTS/ping.log"
sleep 2

mn_move f2
date +%s.%N >linkup
t_up=$(lab_now)
check_wait "mn registers with its home agent from f2" 10 home_at "$COA2"
if check_wait "after the handover, return routability again: direct from f2" 10 ro_at "$COA2"
then
	date +%s.%N >ro2
	note "route optimization on f2 $(lab_elapsed "$t_up" "$(lab_now)") s after link-up (as polled)"
fi
check_wait "cn's binding follows to f2" 5 cn_binding_is "$COA2"
check_until "cn's ping ends at its deadline" 14 "! lab_alive ping-cn"
after=$(awk -v up="$(cat linkup)" '/bytes from/ { gsub(/[\[\]]/, "", $1); if ($1 + 0 > up) n++ }
	END { print n + 0 }' ping.log)
note "cn: $(grep -E 'packets transmitted' ping.log)"
check "cn's pings continue across the handover" test "$after" -gt 200
echo "$HOA $COA1 $COA2" >addresses

# home again: the correspondent's binding goes
mn_move home
check_wait "at home, the binding at cn is de-registered" 10 cn_binding_is ""
ro_states() {
	ip -n mn xfrm state list proto hao
	ip -n mn xfrm state list proto route2
}
check_eq "no route-optimization state left at mn" "" "$(ro_states)"

check "the mobile node stops cleanly" mip6d_stop mn
check "the correspondent node stops cleanly" mip6d_stop cn
check "the home agent stops cleanly" mip6d_stop ha
