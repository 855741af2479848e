# scenario nemo: a mobile router (RFC 3963) carries a network f1 -> f2 -> home, explicit then implicit mode; a Scapy router claims prefixes it is not authorized for; the home agent restarts and brings the prefixes back from its state file
# lab-topology: standard mn=f1 mn2=f1
# lab-timeout: 600
#
# mn is the mobile router (home address 2001:db8:1::300); behind it, on its eth1, a link
# "mnet" with a host lfn (2001:db8:10::2 and 2001:db8:11::2).  The home agent authorizes
# 2001:db8:10::/64 and 2001:db8:11::/64 for it, and 2001:db8:20::/64 for 2001:db8:1::400,
# which mn2 plays with Scapy (tests/lab/nemo_peer.py).  r routes the prefixes to the home
# agent (as a home network's routing would); the home agent has a fallback route to them
# through the router's home address, for when it is at home.  Captures: nemo.post.sh.

MR_HOA=2001:db8:1::300
PEER_HOA=2001:db8:1::400
MNP1=2001:db8:10::
MNP2=2001:db8:11::
PEER_MNP=2001:db8:20::
LFN1=2001:db8:10::2
LFN2=2001:db8:11::2
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
PEER_COA=$(node_addr mn2 eth0 "$LAB_PREFIX_f1")
echo "$MR_HOA $COA1 $COA2 $PEER_COA" >addresses

# The mobile network behind the router, and the home network's routes to it (one ip -batch
# per namespace)
node_add lfn host
topo_batch
link_add mnet
node_attach lfn eth0 mnet
node_attach mn eth1 mnet
lab_ip mn addr add "${MNP1}1/64" dev eth1
lab_ip mn addr add "${MNP2}1/64" dev eth1
lab_ip lfn addr add "$LFN1/64" dev eth0
lab_ip lfn addr add "$LFN2/64" dev eth0
lab_ip lfn route add default via "${MNP1}1" dev eth0
for p in "$MNP1" "$MNP2" "$PEER_MNP"; do
	lab_ip r route add "$p/64" via "$HA_ADDR" dev eth0
done
lab_ip ha route add "$MNP1/64" via "$MR_HOA" dev eth0 metric 1024
lab_ip ha route add "$MNP2/64" via "$MR_HOA" dev eth0 metric 1024
topo_commit || lab_fail "the mobile network is built" "ip -batch failed"

# a route per binding and per mobile network prefix, which NEMO-HA_5_4_1 counts
conf_ha ha.conf dad=yes binding-routes=yes \
    "mobile-router $MR_HOA { prefixes = { $MNP1/64, $MNP2/64 } }" \
    "mobile-router $PEER_HOA { prefixes = { $PEER_MNP/64 } }"
mr_conf() {	# MODE PREFIX...
	_mode=$1
	shift
	_p=
	for _x in "$@"; do _p="$_p${_p:+, }$_x/64"; done
	cat <<EOC
roles = { mn }
control-socket {
	path = "$(mip6d_sock mn)"
}
interface eth0 {
	preference = 10
}
home-address $MR_HOA/64 {
	home-agent = $HA_ADDR
	lifetime = 600
	mobile-router {
		mode = $_mode
		prefixes = { $_p }
		interfaces = { eth1 }
	}
}
EOC
}
mr_conf explicit "$MNP1" >mr-explicit.conf
mr_conf implicit "$MNP1" "$MNP2" >mr-implicit.conf

bul_field() {
	ctl mn -j bul | json_eval "d['entries'][0]['$1'] if d.get('entries') else ''"
}
registered_at() {
	[ "$(bul_field state)" = registered ] && [ "$(bul_field care-of-address)" = "$1" ]
}
mr_binding() {	# "FLAGS PREFIX,PREFIX" of the router's binding on the home agent
	ctl ha -j bc | json_eval "' '.join(b['flags'] + ' ' +
	    ','.join(b.get('mobile-network-prefixes', ['none']))
	    for b in d['bindings'] if b['home-address'] == '$MR_HOA') or 'no binding'"
}
mr_home_deregistered() {
	[ "$(bul_field where)" = home ] && ! ctl ha -j bc | grep -q "\"$MR_HOA\""
}
ha_route() {	# PREFIX: the home agent's tunnel route for it
	ip -n ha -6 route show exact "$1/64" | grep 'encap ip6'
}
routed_via() {	# PREFIX COA
	ha_route "$1" | grep -q "dst $2 "
}
no_tunnel_route() {
	! ip -n ha -6 route show exact "$1/64" | grep -q 'encap ip6'
}
ping_lfn() {	# ADDRESS: from cn to the host behind the router
	in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$1"
}
ping_cn() {	# from the host behind the router, from its first prefix
	in_ns lfn ping -6 -c 2 -i 0.2 -W 2 -I "$LFN1" "$CN_ADDR"
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "the router has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile router (explicit mode)" mip6d_start mn "$RESULTS/mr-explicit.conf"
check_eq "the mobile router forwards" 1 "$(in_ns mn cat /proc/sys/net/ipv6/conf/all/forwarding)"
check_wait "the mobile router registers from f1" 10 registered_at "$COA1"

# --- explicit mode, one prefix, on f1 ---
check_match "NEMO-HA_2_1_1 a mobile router's binding (R) with the claimed prefix (mip6d-ctl bc)" \
    "^HA?R $MNP1/64\$" "$(mr_binding)"
check "NEMO-HA_5_4_5 the prefix is routed through the tunnel to the care-of address" \
    routed_via "$MNP1" "$COA1"
check "the prefix the router did not claim gets no route" no_tunnel_route "$MNP2"
check_fail "no proxy neighbour entry for the mobile network prefix" \
    sh -c "ip -n ha -6 neigh show proxy | grep -q '^$MNP1'"
check_match "the router sends its network's traffic into the tunnel (source rule)" \
    "from $MNP1/64 lookup" "$(ip -n mn -6 rule)"
check_match "mip6d-ctl bc prints the prefixes of each mobile router" \
    "^$MR_HOA +$MNP1/64" "$(ctl ha bc)"
check "NEMO-HA_5_4_12 cn reaches the host behind the router on f1" ping_lfn "$LFN1"
check "NEMO-HA_6_6_5 the host reaches cn through the reverse tunnel (NEMO-HA_6_6_12)" ping_cn

# --- handover to f2: the tunnel end point follows for the prefix ---
mn_move f2
check_wait "the mobile router registers from f2" 10 registered_at "$COA2"
check_wait "NEMO-HA_5_4_7 the prefix's route follows to the new care-of address (NEMO-HA_5_4_14)" \
    3 routed_via "$MNP1" "$COA2"
check "NEMO-HA_6_6_7 cn reaches the host behind the router on f2 (NEMO-HA_6_6_14)" ping_lfn "$LFN1"
check "the host reaches cn from f2" ping_cn

# --- home: de-registration takes the prefix's route away; the home link routes to it ---
mn_move home
check_wait "the mobile router is at home and de-registered" 10 mr_home_deregistered
check_wait "the prefix's tunnel route is removed on de-registration" 3 no_tunnel_route "$MNP1"
check_fail "the source rule is gone at home" sh -c "ip -n mn -6 rule | grep -q 'from $MNP1'"
check "cn reaches the host behind the router at home (through the home link)" ping_lfn "$LFN1"
check "the host reaches cn from home" ping_cn
check "the mobile router stops" mip6d_stop mn
check_eq "forwarding is put back as it was" 0 \
    "$(in_ns mn cat /proc/sys/net/ipv6/conf/all/forwarding)"

# --- implicit mode, from f1: the home agent's table gives both prefixes ---
mn_move f1
check_wait "the router has its care-of address on f1 again" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile router (implicit mode)" mip6d_start mn "$RESULTS/mr-implicit.conf"
check_wait "the mobile router registers from f1 (implicit)" 10 registered_at "$COA1"
check_match "NEMO-HA_2_12_1 implicit mode: both prefixes of the table registered (NEMO-HA_2_12_4)" \
    " $MNP1/64,$MNP2/64\$" "$(mr_binding)"
check "NEMO-HA_5_4_1 both routed through the tunnel" \
    sh -c "$(command -v ip) -n ha -6 route | grep -c 'encap ip6 .*dst $COA1 ' | grep -qx 3"
check "NEMO-HA_5_4_3 cn reaches the host on the first prefix (implicit)" ping_lfn "$LFN1"
check "NEMO-HA_5_4_13 cn reaches the host on the second prefix" ping_lfn "$LFN2"
check "NEMO-HA_6_6_1 the host reaches cn through the reverse tunnel (implicit, NEMO-HA_6_6_3)" \
    ping_cn

# --- a second router, played by Scapy: the status cases ---
check_wait "the Scapy router has its care-of address on f1" 5 node_has_addr mn2 "$LAB_PREFIX_f1"
lab_peer nemo_peer.py peer in_ns mn2 /usr/bin/python3 "$LAB_SRC/scenarios/nemo_peer.py" \
    --iface eth0 --mac 02:00:00:00:05:00 --coa "$PEER_COA" --router-mac 02:00:00:00:02:01 \
    --ha "$HA_ADDR" --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" \
    --hoa "$PEER_HOA" --own "$PEER_MNP" --other "$MNP1" --other-coa "$COA1" \
    --unknown 2001:db8:1::500
check "the mobile router's routes survived the other router's claims" routed_via "$MNP1" "$COA1"
check "cn still reaches the host behind the mobile router" ping_lfn "$LFN1"

# --- a restart of the home agent: the router's prefixes come back from its state file ---
both_routed() {
	routed_via "$MNP1" "$COA1" && routed_via "$MNP2" "$COA1"
}
tx_bu() {
	ctl mn -j status | json_eval "d['counters'].get('tx.bu', 0)"
}
bu0=$(tx_bu)
check "restart: the home agent stops (SIGTERM)" mip6d_stop ha
check "restart: the prefixes' routes went with it" no_tunnel_route "$MNP1"
check "restart: mip6d starts again as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "restart: both prefixes of the router routed to its care-of address again" 10 \
    both_routed
check_match "restart: the router's binding has both prefixes (mip6d-ctl bc)" \
    " $MNP1/64,$MNP2/64\$" "$(mr_binding)"
check "restart: cn reaches the host on the first prefix" ping_lfn "$LFN1"
check "restart: cn reaches the host on the second prefix" ping_lfn "$LFN2"
check_eq "restart: the router sent no BU for it" "$bu0" "$(tx_bu)"

# --- stop: the home agent takes every route it made with it ---
check "the mobile router stops (de-registers)" mip6d_stop mn
check "the home agent stops" mip6d_stop ha
check "the prefixes' tunnel routes are gone after the stop" \
    sh -c "! $(command -v ip) -n ha -6 route | grep -q 'encap ip6'"
