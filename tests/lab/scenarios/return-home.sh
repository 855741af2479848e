# scenario return-home: the registered mobile node moves back to the home link: de-registration, proxy NDP gone, pings reach it directly
# lab-topology: standard mn=f1
# lab-timeout: 120
#
# RFC 6275 11.5.4 (returning home: the home address back on the home link, a de-registration
# from it, then a Neighbor Advertisement for it), 10.3.2 (the HA lets go: binding, proxy
# neighbour and tunnel route removed).

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
MN_MAC=02:00:00:00:03:00
echo "$HOA $COA1 $MN_MAC" >addresses

# the kernel proxies the home address while away, which a check looks at
conf_ha ha.conf dad=yes binding-routes=yes
conf_mn mn.conf hoa=$HOA

bul_field() {
	ctl "$1" -j bul | json_eval "d['entries'][0]['$2'] if d.get('entries') else ''"
}
bc_count() {
	ctl "$1" -j bc | json_eval "len(d.get('bindings', []))"
}
registered() {
	[ "$(bul_field mn state)" = registered ]
}
deregistered() {
	[ "$(bul_field mn state)" = idle ] && [ "$(bul_field mn where)" = home ]
}
proxied() {
	ip -n ha -6 neigh show proxy | grep -q "^$HOA "
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers from f1" 10 registered
check "the home agent proxies the home address on the home link" proxied
check "cn pings the home address through the tunnel" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"

# home again: eth0 leaves f1 and comes up on the home link
mn_move home
date +%s.%N >linkup
t_up=$(lab_now)
if check_wait "mn de-registers from the home link (BA status 0)" 10 deregistered; then
	note "de-registered $(lab_elapsed "$t_up" "$(lab_now)") s after link-up (as polled)"
fi
check_until "the home agent has no binding left" 5 'test "$(bc_count ha)" = 0'
check_fail "its proxy neighbour entry is gone" proxied
check_fail "its tunnel route is gone" sh -c "ip -n ha -6 route show | grep -q '^$HOA '"
check_match "the home address is on eth0 with its prefix length" "inet6 $HOA/64 " \
    "$(ip -n mn -6 addr show dev eth0)"
check_fail "the mobile node's tunnel is gone" sh -c "ip -n mn link show | grep -q mip6t"
check_fail "its source rule is gone" sh -c "ip -n mn -6 rule show | grep -q $HOA"
check_fail "its route-optimization state is gone" sh -c "ip -n mn xfrm state | grep -q route2"
ctl mn bul >bul.txt 2>&1
check "cn pings the home address on the home link" in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
date +%s.%N >pinged
check "the mobile node reaches cn from its home address" \
    in_ns mn ping -6 -c 1 -W 2 -I "$HOA" "$CN_ADDR"

# and away again, to foreign link 2: the home address leaves the home link, a new registration
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
date +%s.%N >away_again
mn_move f2
check_wait "away again on f2: mn registers from there" 10 registered
check_eq "mip6d-ctl bul on mn: care-of address on f2" "$COA2" "$(bul_field mn care-of-address)"
check_fail "the home address left the home link's interface" \
    sh -c "ip -n mn -6 addr show dev eth0 | grep -q 'inet6 $HOA/'"
check "cn pings the home address through the tunnel again" \
    in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"

check "the mobile node stops cleanly" mip6d_stop mn
check "the home agent stops cleanly" mip6d_stop ha
