# scenario home-registration: the mobile node registers from foreign link 1; cn reaches its home address through the home agent
# lab-topology: standard mn=f1
# lab-timeout: 120
#
# RFC 6275 11.7.1 (home registration from a foreign link), 10.4 (the HA intercepts and
# tunnels), 11.3.1 (the reverse tunnel).  Captures are checked in home-registration.post.sh.

HOA=2001:db8:1::100
COA=$(node_addr mn eth0 "$LAB_PREFIX_f1")
echo "$HOA $COA" >addresses

conf_ha ha.conf dad=yes
conf_mn mn.conf hoa=$HOA

# bul_field NS FIELD: FIELD of the first binding update list entry
bul_field() {
	ctl "$1" -j bul | json_eval "d['entries'][0]['$2'] if d.get('entries') else ''"
}
bc_field() {
	ctl "$1" -j bc | json_eval "d['bindings'][0]['$2'] if d.get('bindings') else ''"
}
registered() {
	[ "$(bul_field mn state)" = registered ]
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
t0=$(lab_now)
# Traffic from the home address while the first BU is still in flight goes through the
# reverse tunnel at once.  To hold the BA back long enough to see it, the home agent's daemon
# is paused (its kernel keeps forwarding) until the mobile node has sent from its home
# address; home-registration.post.sh checks that cn saw that traffic before the BA.
kill -STOP "$(mip6d_pid ha)"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
if check_wait "the home address is on the tunnel before any BA" 5 \
    sh -c "ip -n mn -6 addr show | grep -q 'inet6 $HOA/128'"; then
	in_ns mn ping -6 -n -i 0.1 -c 3 -W 1 -I "$HOA" "$CN_ADDR" >ping-early.log 2>&1
fi
kill -CONT "$(mip6d_pid ha)"
if check_wait "mn registers with the home agent (BA status 0)" 10 registered; then
	note "registered $(lab_elapsed "$t0" "$(lab_now)") s after the start of mip6d (the home agent paused meanwhile)"
fi

check_eq "mip6d-ctl bul on mn: care-of address" "$COA" "$(bul_field mn care-of-address)"
check_eq "mip6d-ctl bul on mn: peer is the home agent" "$HA_ADDR" "$(bul_field mn peer)"
check_eq "mip6d-ctl bul on mn: a home registration" home "$(bul_field mn type)"
check_eq "mip6d-ctl bc on ha: home address" "$HOA" "$(bc_field ha home-address)"
check_eq "mip6d-ctl bc on ha: care-of address" "$COA" "$(bc_field ha care-of-address)"
ctl mn bul >bul.txt 2>&1
check_match "mip6d-ctl bul renders the entry" "$HOA.*$HA_ADDR.*$COA.*home.*registered" \
    "$(cat bul.txt)"
ctl ha bc >bc.txt 2>&1
check_match "mip6d-ctl bc renders the binding" "$HOA.*$COA" "$(cat bc.txt)"

# The kernel side of the mobile node (RFC 6275 11.3.1, 11.5.1)
check_match "the home address sits on the tunnel with the home-address flag" \
    "inet6 $HOA/128 .*home" "$(ip -n mn -6 addr show scope global)"
check_match "a source rule sends home-address traffic to table 252" \
    "from $HOA lookup 252" "$(ip -n mn -6 rule show)"
check_match "table 252 routes through the tunnel" "default dev mip6t" \
    "$(ip -n mn -6 route show table 252)"
check_match "the route-optimization state lets BAs in through a type 2 routing header" \
    "proto route2" "$(ip -n mn xfrm state)"

# diagnostics for the results directory
ctl ha status >ha-stats.txt 2>&1
ctl mn status >mn-stats.txt 2>&1
{ ip -n ha xfrm state; ip -n ha xfrm policy; } >ha-xfrm.txt 2>&1
{ ip -n mn xfrm state; ip -n mn xfrm policy; ip -n mn -6 addr; ip -n mn -6 route show table all; } >mn-kernel.txt 2>&1

check "cn pings the home address" in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
check "mn reaches cn from its home address (reverse tunnel)" \
    in_ns mn ping -6 -c 2 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"
check "mn reaches cn from its care-of address directly" \
    in_ns mn ping -6 -c 1 -W 2 -I "$COA" "$CN_ADDR"

check "the mobile node stops cleanly" mip6d_stop mn
check_until "the stopping mobile node de-registers" 3 'test -z "$(bc_field ha home-address)"'
check_fail "its tunnel is gone" sh -c "ip -n mn link show | grep -q mip6t"
check_fail "its source rule is gone" sh -c "ip -n mn -6 rule show | grep -q $HOA"
check "the home agent stops cleanly" mip6d_stop ha
