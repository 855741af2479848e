# scenario discovery: two home agents on the home link; the mobile node discovers them (DHAAD), registers with the preferred one, and moves to the other when it stops answering
# lab-topology: standard mn=f1 mn2=f1 ha2=yes
# lab-timeout: 200
#
# RFC 6275 10.5, 11.4.1.  ha (preference 10) and ha2 (preference 5) each advertise themselves
# with radvd (H bit, Home Agent Information option, their address with the R bit) and learn
# the other from its Router Advertisements.  The mobile node's home address has
# home-agent = discover: from f1 it sends a DHAAD Request to the Home-Agents anycast address of
# the home prefix, registers with the first home agent of the Reply (ha), and cn's pings reach
# it through ha's tunnel.  Then ha stops (mip6d and radvd) and the node moves to f2: its Binding
# Updates to ha go unanswered, and after MN_HA_FAILOVER_RETX retransmissions it registers with
# ha2, the next of the list; cn's pings reach it through ha2's tunnel.  Before that, a second
# mobile node (mn2, home address ::200) that ha refuses (its access list: 129) registers with
# ha2 at once, the next of its list.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")

ha_conf() {
	# ha_conf NS ADDRESS PREFERENCE DENIED
	conf_ha "$1.conf" node="$1" dad=no state-file=/run/mip6d-$1.state "deny = { $4 }" \
	    home-agent-address="$2" home-agent-preference="$3"
}
ha_conf ha "$HA_ADDR" 10 2001:db8:1::200/128
ha_conf ha2 "$HA2_ADDR" 5 2001:db8:1::dead/128
conf_mn mn.conf hoa=$HOA home-agent=discover

sed -e "s/$HOA/2001:db8:1::200/" -e "s/mip6d-mn.sock/mip6d-mn2.sock/" mn.conf >mn2.conf
bul_field() {
	ctl "${NS:-mn}" -j bul | json_eval "d['entries'][0]['$1'] if d.get('entries') else ''"
}
registered_with() {
	# registered_with HA COA
	[ "$(bul_field state)" = registered ] && [ "$(bul_field peer)" = "$1" ] &&
	    [ "$(bul_field care-of-address)" = "$2" ]
}
hal_count() {
	ctl "$1" -j hal | json_eval "len(d['home-agents'])"
}
bc_coa() {
	# bc_coa NS [HOA]: the care-of address of HOA's binding there
	ctl "$1" -j bc | json_eval "([b['care-of-address'] for b in d.get('bindings', [])
	    if b['home-address'] == '${2:-$HOA}'] + [''])[0]"
}

check "mip6d starts as home agent on ha" mip6d_start ha "$RESULTS/ha.conf"
check "mip6d starts as home agent on ha2" mip6d_start ha2 "$RESULTS/ha2.conf"
# radvd sends every 0.5 - 1.5 s: each home agent hears the other
check_until "ha's Home Agents List holds both home agents" 5 'test "$(hal_count ha)" = 2'
check_until "ha2's Home Agents List holds both home agents" 5 'test "$(hal_count ha2)" = 2'
ctl ha hal >hal-ha.txt 2>&1
check_match "mip6d-ctl hal on ha: ha2 with preference 5" "$HA2_ADDR .* 5 " "$(cat hal-ha.txt)"

check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node (home-agent = discover)" mip6d_start mn "$RESULTS/mn.conf"
t0=$(lab_now)
if check_wait "mn discovers the home agents and registers with the preferred one (ha)" 15 \
    registered_with "$HA_ADDR" "$COA1"; then
	note "registered with ha $(lab_elapsed "$t0" "$(lab_now)") s after the start (as polled)"
fi
check_match "mip6d-ctl bul: the home agent was discovered, most preferred of 2" \
    "most preferred of 2" "$(bul_field home-agent-choice)"
check_eq "mip6d-ctl bul: discovered" true "$(bul_field home-agent-discovered)"
check_eq "ha holds the binding" "$COA1" "$(bc_coa ha)"
check_eq "ha2 holds none" "" "$(bc_coa ha2)"
check "cn's pings reach the mobile node through ha" in_ns cn ping -6 -n -c 3 -i 0.2 -W 2 "$HOA"

# A refusal: ha's access list denies mn2's home address (129); mn2 goes to ha2 at once.
COA_MN2=$(node_addr mn2 eth0 "$LAB_PREFIX_f1")
check_wait "mn2 has its care-of address on f1" 5 node_has_addr mn2 "$LAB_PREFIX_f1"
check "mip6d starts as mobile node on mn2 (home-agent = discover)" mip6d_start mn2 \
    "$RESULTS/mn2.conf"
NS=mn2
if check_wait "mn2, refused by ha (129), registers with ha2" 20 \
    registered_with "$HA2_ADDR" "$COA_MN2"; then
	check_match "mip6d-ctl bul on mn2: chosen after ha's refusal (129)" \
	    "after $HA_ADDR .*129" "$(bul_field home-agent-choice)"
fi
NS=mn
check_eq "ha2 holds mn2's binding" "$COA_MN2" "$(bc_coa ha2 2001:db8:1::200)"
check "mip6d on mn2 stops" mip6d_stop mn2

# The preferred home agent goes away, and the node moves: its BUs to ha go unanswered.
check "ha stops" mip6d_stop ha
radvd_stop ha
mn_move f2
t_up=$(lab_now)
if check_wait "mn falls back to ha2, the next of the list" 30 registered_with "$HA2_ADDR" "$COA2"
then
	note "registered with ha2 $(lab_elapsed "$t_up" "$(lab_now)") s after the move (as polled)"
fi
check_match "mip6d-ctl bul: chosen after ha did not answer" "no answer" \
    "$(bul_field home-agent-choice)"
check_eq "ha2 holds the binding at the new care-of address" "$COA2" "$(bc_coa ha2)"
check_match "the tunnel goes to ha2" "remote $HA2_ADDR" "$(ip -n mn -d link show type ip6tnl)"
check "cn's pings reach the mobile node through ha2" in_ns cn ping -6 -n -c 3 -i 0.2 -W 2 "$HOA"
check "mip6d on mn still runs" mip6d_running mn
