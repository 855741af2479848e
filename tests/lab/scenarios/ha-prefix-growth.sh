# scenario ha-prefix-growth: with binding-routes = no, packets for home addresses are tunnelled before and after the BPF map grows
# lab-topology: standard mn=none
# lab-timeout: 400
#
# binding-routes = no: one route per home prefix whose program looks each destination up in
# the reverse-tunnel check's map.  The map starts at 4,096 entries and grows fourfold when
# full (a new program, copied entries, the prefix routes replaced in place).  tests/load/
# ha-load registers 100 and then 4,100 mobile nodes from lg (care-of addresses in
# 2001:db8:99::/64, routed to lg); cn sends an Echo Request to a bound home address before
# and after the growth, and the kernel's own counter of the tunnel device says it left
# through the tunnel; one to an address without a binding does not.

LOADGEN="$BUILDDIR/tests/load/ha-load"
FIRST=2001:db8:1::1:0	# the first generator's first home address
LAST=2001:db8:1::2:1003	# the second generator's last

load_link
conf_ha "$LAB_RUN/ha.conf" log-level=notice max-binding-lifetime=3600 dad=no \
    binding-routes=no state-file="\"$LAB_RUN/ha.state\""

# tunnelled: the packets the shared tunnel device sent
tunnelled() {
	ip -n ha -s link show mip6ha | awk '/TX:/ { getline; print $2; exit }'
}
# echo_to HOA: one Echo Request from cn (no answer comes: the care-of addresses are lg's
# inventions); the count of tunnelled packets after it
echo_to() {
	in_ns cn ping -6 -c 1 -W 1 "$1" >/dev/null 2>&1
	tunnelled
}
register() {	# register COUNT HOA-BASE
	in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" -p 2001:db8:99:: -b "$2" -n "$1" -w 256 \
	    -l 3600 >"$RESULTS/load-$1.out" 2>&1
}

check "mip6d starts as home agent with binding-routes = no" mip6d_start ha "$LAB_RUN/ha.conf"
check "one route per home prefix is in place" \
    grep -q "one route per home prefix" "$RESULTS/mip6d-ha.log"
# route_is TABLE DEV: the home prefix's route of mip6d in TABLE runs a program, through DEV
route_is() {
	ip -n ha -6 route show exact 2001:db8:1::/64 table "$1" proto 109 |
	    grep 'encap bpf' | grep -q "dev $2 "
}
check "the home prefix's route runs the program, through the home link" route_is main eth0
check "... and, for what arrives on the home link, through the tunnel device (table 251)" \
    route_is 251 mip6ha
check_match "... chosen by a rule on the home link" "iif eth0 lookup 251" \
    "$(ip -n ha -6 rule show to 2001:db8:1::/64)"
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"

check "100 mobile nodes register" register 100 2001:db8:1::1:0
check_match "mip6d-ctl bc show names the binding's map entry as its kernel state" \
    "\"tunnel map $FIRST src $HA_ADDR dst 2001:db8:99::1 dev mip6ha\"" \
    "$(ctl ha --json bc show "$FIRST")"
check_match "... as its table does" "tunnel map $FIRST src $HA_ADDR dst 2001:db8:99::1" \
    "$(ctl ha bc show "$FIRST")"
t0=$(tunnelled)
check_eq "an Echo Request to a bound home address leaves through the tunnel" \
    $((t0 + 1)) "$(echo_to "$FIRST")"
t0=$(tunnelled)
check_eq "one to a home address without a binding does not" "$t0" "$(echo_to 2001:db8:1::dead)"

check "4,100 more mobile nodes register" register 4100 2001:db8:1::2:0
check "the map grew past its first 4,096 entries" \
    grep -q "reverse-tunnel check map grown to" "$RESULTS/mip6d-ha.log"
t0=$(tunnelled)
check_eq "after the growth, the first bound home address is still tunnelled" \
    $((t0 + 1)) "$(echo_to "$FIRST")"
check_eq "... and the last" $((t0 + 2)) "$(echo_to "$LAST")"

# A restart reinstalls 16,600 bindings from the state file, now with nd-proxy = mip6d: the
# map grows twice while the reinstall's requests wait in their batch (no proxy entry, so no
# request per binding makes the route queue leave early), the first growth's routes naming
# a program the second replaces: closed only once they have left.
check "12,400 more mobile nodes register" register 12400 2001:db8:1::4:0
lab_kill mip6d-ha TERM 120
check_eq "mip6d stops with them" 0 "$LAB_EXIT"
conf_ha "$LAB_RUN/ha2.conf" log-level=notice max-binding-lifetime=3600 dad=no \
    binding-routes=no nd-proxy=mip6d state-file="\"$LAB_RUN/ha.state\""
MIP6D_START_WAIT=120 check "mip6d restarts with them from the state file, nd-proxy = mip6d" \
    mip6d_start ha "$LAB_RUN/ha2.conf" -d notice
check_wait "... every one reinstalled" 60 grep -q "16600 bindings reinstalled" \
    "$RESULTS/mip6d-ha.log"
check_eq "no kernel request refused meanwhile (a program a growth replaced)" "" \
    "$(grep 'warning kern:' "$RESULTS/mip6d-ha.log")"
check_eq "no kernel proxy entry for the home addresses" 0 \
    "$(ip -n ha -6 neigh show proxy | grep -c '^2001:db8:1::')"
t0=$(tunnelled)
check_eq "after the restart, the first bound home address is tunnelled" \
    $((t0 + 1)) "$(echo_to "$FIRST")"
check_eq "... and the last" $((t0 + 2)) "$(echo_to "$LAST")"
lab_kill mip6d-ha TERM 120
check_eq "mip6d stops with them again" 0 "$LAB_EXIT"

check_eq "no route or rule of mip6d is left" "" \
    "$(ip -n ha -6 route show table all proto 109; ip -n ha -6 rule show | grep 'lookup 251')"
check_eq "the kernel's own prefix route is the home prefix's again" "1" \
    "$(ip -n ha -6 route show exact 2001:db8:1::/64 | grep -c 'dev eth0 proto kernel')"
