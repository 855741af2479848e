# scenario mn-mn-same-link: two mobile nodes on one foreign link route-optimize to each other and then send directly to each other's link-layer address
# lab-topology: standard mn=f1 mn2=f1
# lab-timeout: 150
#
# Each node runs the mobile node and correspondent node roles and names the other's home
# address as a peer.  Once both bindings are in place, a packet from one to the other carries
# a Home Address option (its own binding) and a type 2 routing header (the other's binding in
# its binding cache), goes from care-of address to care-of address, and so on the shared link
# straight to the other's MAC, not to the default router.  mn-mn-same-link.post.sh checks the
# capture of f1.

HOA1=2001:db8:1::100
HOA2=2001:db8:1::200
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn2 eth0 "$LAB_PREFIX_f1")

conf_ha ha.conf
# mn_conf NS HOA PEER: a mobile node that is a correspondent node too
mn_conf() {
	conf_mn "$1.conf" node="$1" roles="mn, cn" hoa="$2" iface=eth0 \
	    "peer $3/128 { route-optimization = yes }" - <<EOC
correspondent-node {
	route-optimization = yes
}
EOC
}
mn_conf mn "$HOA1" "$HOA2"
mn_conf mn2 "$HOA2" "$HOA1"

# bul_field NS TYPE FIELD
bul_field() {
	ctl "$1" -j bul | json_eval "next((e['$3'] for e in d.get('entries', []) if e['type'] == '$2'), '')"
}
home_at() {
	[ "$(bul_field "$1" home state)" = registered ] &&
	    [ "$(bul_field "$1" home care-of-address)" = "$2" ]
}
ro_at() {
	[ "$(bul_field "$1" cn state)" = registered ] &&
	    [ "$(bul_field "$1" cn care-of-address)" = "$2" ] &&
	    [ "$(bul_field "$1" cn direct)" = true ]
}
# bc_coa NS HOA: the care-of address NS's binding cache holds for HOA
bc_coa() {
	ctl "$1" -j bc | json_eval "next((b['care-of-address'] for b in d.get('bindings', []) if b['home-address'] == '$2'), '')"
}
bc_is() {
	[ "$(bc_coa "$1" "$2")" = "$3" ]
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check_wait "mn2 has its care-of address on f1" 5 node_has_addr mn2 "$LAB_PREFIX_f1"
check "mip6d starts on mn" mip6d_start mn "$RESULTS/mn.conf"
check "mip6d starts on mn2" mip6d_start mn2 "$RESULTS/mn2.conf"
check_wait "mn registers with the home agent" 10 home_at mn "$COA1"
check_wait "mn2 registers with the home agent" 10 home_at mn2 "$COA2"
check_wait "mn route-optimizes to mn2" 15 ro_at mn "$COA1"
check_wait "mn2 route-optimizes to mn" 15 ro_at mn2 "$COA2"
check_wait "mn2's binding cache holds mn's care-of address" 5 bc_is mn2 "$HOA1" "$COA1"
check_wait "mn's binding cache holds mn2's care-of address" 5 bc_is mn "$HOA2" "$COA2"
date +%s.%N >ro
echo "$HOA1 $HOA2 $COA1 $COA2" >addresses
check_match "mn: the outbound policy to mn2 has both templates" "proto route2" \
    "$(ip -n mn xfrm policy list dir out src "$HOA1/128" dst "$HOA2/128" ptype sub)"
check "mn pings mn2's home address from its own" \
    in_ns mn ping -6 -c 20 -i 0.05 -W 2 -I "$HOA1" "$HOA2"
check "mn2 pings mn's home address from its own" \
    in_ns mn2 ping -6 -c 20 -i 0.05 -W 2 -I "$HOA2" "$HOA1"
note "mn's neighbours: $(ip -n mn -6 neigh show dev eth0 | tr '\n' ';')"

check "mn stops cleanly" mip6d_stop mn
check_eq "no XFRM policy of mn's two roles remains" "" "$(ip -n mn xfrm policy list ptype sub)"
check "mn2 stops cleanly" mip6d_stop mn2
check "the home agent stops cleanly" mip6d_stop ha
