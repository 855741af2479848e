# scenario ro-esp-tunnel: route optimization beside an ESP tunnel: payload protection between mobile node and home agent, direct traffic with the correspondent
# lab-topology: standard mn=f1
# lab-timeout: 480
#
# The mobile node's ipsec section protects everything from and to its home address in ESP
# tunnel mode (RFC 4877).  Its traffic with cn starts in that tunnel; route optimization then
# needs its traffic with cn let past the tunnel policies (a per-correspondent exemption, in at
# priority 8 with an optional tunnel template, out at 10): afterwards the echo requests leave
# directly with a Home Address option and the replies come through a type 2 routing header
# (checked in ro-esp-tunnel.post.sh).

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")

# ESP transport mode for BU/BA, tunnel mode for everything else of the home address
conf_ha ha-esp.conf dad=no
conf_ipsec ha-esp.conf "$HOA" spi=0x4000 payload=yes
conf_mn mn-esp.conf hoa=$HOA iface=eth0 route-optimization=yes
conf_ipsec mn-esp.conf "$HOA" spi=0x4000 payload=yes
conf_cn cn.conf

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

# the first ESP states of this kernel: it loads the crypto modules, slowly on a busy machine
MIP6D_START_WAIT=60 check "mip6d starts as home agent with payload protection" \
    mip6d_start ha "$RESULTS/ha-esp.conf"
check "mip6d starts as correspondent node" mip6d_start cn "$RESULTS/cn.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node with payload protection" mip6d_start mn "$RESULTS/mn-esp.conf"
check_wait "mn registers with its home agent from f1 (ESP transport)" 10 home_at "$COA1"
lab_bg ping-mn "$RESULTS/ping.log" in_ns mn ping -6 -D -n -i 0.1 -w 8 -I "$HOA" "$CN_ADDR"
check_wait "traffic with cn through the ESP tunnel starts route optimization" 8 \
    ro_direct "$CN_ADDR"
date +%s.%N >ro
check_match "the mobile node exempts cn from the tunnel (policy in at priority 8)" \
    "src $CN_ADDR/128 dst $HOA/128.*dir in priority 27912.*proto esp.*level use" \
    "$(ip -n mn xfrm policy | tr '\n' ' ')"
check_until "the ping ends" 10 "! lab_alive ping-mn"
check "after route optimization, cn answers the home address directly" \
    in_ns mn ping -6 -c 5 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"
echo "$HOA $COA1" >addresses
check "the mobile node stops cleanly" mip6d_stop mn
check_eq "no exemption is left on the mobile node" "" \
    "$(ip -n mn xfrm policy | grep "src $CN_ADDR/128 dst $HOA/128")"
check "the correspondent node stops cleanly" mip6d_stop cn
check "the home agent stops cleanly" mip6d_stop ha
