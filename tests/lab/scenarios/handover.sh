# scenario handover: the mobile node moves from foreign link 1 to foreign link 2 while cn pings it every 10 ms; the binding follows
# lab-topology: standard mn=f1 mn_eth1=none
# lab-timeout: 150
#
# RFC 6275 11.5 (movement detection), 11.7.1 (a new care-of address registered at once).
# Prints the time without echo replies at cn, link-up to BU and BU to BA (the latter two from
# the capture of f2, in handover.post.sh).  Then: back by a carrier flap alone, forth by
# Router Advertisements alone, and the interface preference with fail-over (mn's eth1, on no
# link at first, is preferred to eth0).

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")

conf_ha ha.conf dad=yes
conf_mn mn.conf hoa=$HOA iface=eth0:10 iface=eth1:20

bul_field() {
	ctl "$1" -j bul | json_eval "d['entries'][0]['$2'] if d.get('entries') else ''"
}
bc_field() {
	ctl "$1" -j bc | json_eval "d['bindings'][0]['$2'] if d.get('bindings') else ''"
}
ha_coa_is() {
	[ "$(bc_field ha care-of-address)" = "$1" ]
}
registered_at() {
	[ "$(bul_field mn state)" = registered ] && [ "$(bul_field mn care-of-address)" = "$1" ]
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers from f1" 10 registered_at "$COA1"

# cn pings the home address every 10 ms for 8 s, with a timestamp on each reply line
# (a deadline, not a signal, ends it: background jobs of a script ignore SIGINT)
lab_bg ping-cn "$RESULTS/ping.log" in_ns cn ping -6 -D -n -i 0.01 -W 1 -w 8 "$HOA"
check_wait "cn's pings reach the mobile node on f1" 5 grep -q 'bytes from' "$RESULTS/ping.log"
sleep 1

# the handover: eth0 leaves f1 and comes up on f2 (administratively down and up)
mn_move f2
date +%s.%N >linkup		# the pcaps' clock: the kernel's wall clock
t_up=$(lab_now)
echo "$HOA $COA1 $COA2" >addresses

if check_wait "the binding update list follows to f2" 10 registered_at "$COA2"; then
	note "mn registered on f2 $(lab_elapsed "$t_up" "$(lab_now)") s after link-up (as polled)"
fi
check_wait "the home agent's binding follows to f2" 5 ha_coa_is "$COA2"
check_eq "mip6d-ctl bc on ha: care-of address on f2" "$COA2" "$(bc_field ha care-of-address)"
check_match "the tunnel moved to the new care-of address" "local $COA2" \
    "$(ip -n mn -d link show type ip6tnl)"
check_match "the route-optimization state names the new care-of address" "coa $COA2" \
    "$(ip -n mn xfrm state)"
check_until "cn's ping ends at its deadline" 12 "! lab_alive ping-cn"

# the gap: the longest time between two echo replies at cn
awk '/bytes from/ { gsub(/[\[\]]/, "", $1); t = $1 + 0;
	if (n++ && t - last > gap) gap = t - last; last = t }
	END { printf "%d\n", gap * 1000 }' ping.log >gap_ms
gap=$(cat gap_ms)
after=$(awk -v up="$(cat linkup)" '/bytes from/ { gsub(/[\[\]]/, "", $1); if ($1 + 0 > up) n++ }
	END { print n + 0 }' ping.log)
note "gap (time without echo replies at cn): $gap ms"
note "cn: $(grep -E 'packets transmitted' ping.log)"
check "cn's pings reach the mobile node again on f2" test "$after" -gt 50
check "the gap stays below 3 s" test "$gap" -lt 3000

# Back to f1 with only a carrier flap: the f2 address stays (no longer advertised), the f1
# address comes again and wins.
mn_move f1 eth0 carrier
t_up=$(lab_now)
if check_wait "carrier-only move back to f1: the binding follows" 15 registered_at "$COA1"; then
	note "carrier-only move: registered on f1 $(lab_elapsed "$t_up" "$(lab_now)") s after carrier-up (as polled)"
fi
# And to f2 without any link event: only f2's Router Advertisements tell.
mn_move f2 eth0 silent
t_up=$(lab_now)
if check_wait "silent move to f2 (Router Advertisements only): the binding follows" 20 \
    registered_at "$COA2"; then
	note "silent move: registered on f2 $(lab_elapsed "$t_up" "$(lab_now)") s after the move (as polled)"
fi

# The preferred interface eth1 comes up on f1: the care-of address moves to it; when it goes,
# the node fails over to eth0 (still on f2).
COA_ETH1=$(node_addr mn eth1 "$LAB_PREFIX_f1")
node_move mn eth1 f1
check_wait "the preferred interface eth1 on f1 takes over" 10 registered_at "$COA_ETH1"
node_move mn eth1 none
t_up=$(lab_now)
if check_wait "eth1 goes: fail-over to eth0 on f2" 10 registered_at "$COA2"; then
	note "fail-over: registered on eth0 $(lab_elapsed "$t_up" "$(lab_now)") s after eth1 went (as polled)"
fi
check "cn reaches the home address after the fail-over" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"

check "the mobile node stops cleanly" mip6d_stop mn
check "the home agent stops cleanly" mip6d_stop ha
