# scenario kernel: every kernel manager operation against the Mobile IPv6 kernel, and nothing left after SIGTERM or SIGKILL and a restart
# lab-topology: none
# lab-timeout: 300
#
# kern-exercise (tests/lab/kern-exercise.c) is linked with the kernel managers and installs one
# of everything in namespace kx; this checks the result with ip(8) the way an operator would,
# then that a clean stop (SIGTERM) removes all of it, and that after a crash (SIGKILL) a
# mip6d started and stopped in the same namespace removes the leftovers, while objects that
# others installed (same tables, same kinds) stay.

KX=$BUILDDIR/tests/lab/kern-exercise
if [ ! -x "$KX" ]; then
	skip "kernel" "$KX not built"
	return 0
fi

HOA=2001:db8:7::100
COA2=2001:db8:9::100

ns_setup() {
	ip netns add kx &&
	ip -n kx link set lo up &&
	in_ns kx sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 \
	    net.core.xfrm_acq_expires=2 &&
	ip -n kx link add kexa type veth peer name kexb &&
	ip -n kx link set kexa up && ip -n kx link set kexb up &&
	ip -n kx link add kexd type dummy && ip -n kx link set kexd up
}
check "namespace kx with a veth pair" ns_setup

# Objects of others, of every kind mip6d handles, that must survive everything below.
foreign_add() {
	ip -n kx -6 route add 2001:db8:99::/64 dev kexa table 252 &&
	ip -n kx -6 rule add from 2001:db8:99::1 lookup 252 priority 1001 &&
	ip -n kx xfrm policy add src 2001:db8:99::1 dst 2001:db8:99::2 dir out priority 100 &&
	ip -n kx xfrm state add src 2001:db8:99::1 dst 2001:db8:99::2 proto route2 mode ro \
	    coa 2001:db8:99::3 &&
	ip -n kx -6 neigh add proxy 2001:db8:99::5 dev kexa &&
	ip -n kx -6 addr add 2001:db8:99::6/64 dev kexa nodad &&
	ip -n kx link add tnlx type ip6tnl mode ip6ip6 local 2001:db8:99::6 remote 2001:db8:99::7
}
check "objects of others installed" foreign_add

foreign_present() {
	ip -n kx -6 route show table 252 | grep -q '^2001:db8:99::/64 dev kexa' ||
	    { echo "route gone"; return 1; }
	ip -n kx -6 rule | grep -q '^1001:.*from 2001:db8:99::1 lookup 252' ||
	    { echo "rule gone"; return 1; }
	ip -n kx xfrm policy | grep -q 'src 2001:db8:99::1/128 dst 2001:db8:99::2/128' ||
	    { echo "policy gone"; return 1; }
	ip -n kx xfrm state | grep -q 'src 2001:db8:99::1 dst 2001:db8:99::2' ||
	    { echo "state gone"; return 1; }
	ip -n kx -6 neigh show proxy | grep -q '^2001:db8:99::5 dev kexa' ||
	    { echo "proxy entry gone"; return 1; }
	ip -n kx -6 addr show dev kexa | grep -q '2001:db8:99::6/64' ||
	    { echo "address gone"; return 1; }
	ip -n kx link show tnlx >/dev/null || { echo "tunnel gone"; return 1; }
}

check_match "probe finds Mobile IPv6 support" '^ok probe$' "$(in_ns kx "$KX" probe 2>&1)"

# --- every operation, then the kernel's view ---------------------------------------------------

exercise_start() {
	lab_bg kx-exercise "$RESULTS/exercise-$1.log" nsenter --net=/run/netns/kx "$KX" install kexa
	wait_until 90 grep -q '^installed$' "$RESULTS/exercise-$1.log"
}
check "kern-exercise installs" exercise_start 1
while read -r line; do
	case $line in
	ok\ *)		lab_ok "exercise: ${line#ok }" ;;
	FAIL\ *)	lab_fail "exercise: ${line#FAIL }" "see exercise-1.log" ;;
	esac
done <"$RESULTS/exercise-1.log"

ip -n kx xfrm state >"$RESULTS/xfrm-state.txt" 2>&1
ip -n kx xfrm policy >"$RESULTS/xfrm-policy.txt" 2>&1
# One line per state or policy: ip(8) continues them on indented lines.
oneline() {
	awk '/^[^ \t]/ { if (l != "") print l; l = $0; next } { l = l " " $0 } END { print l }' "$1" |
	    tr -s ' \t' '  '
}
xs=$(oneline "$RESULTS/xfrm-state.txt")
xp=$(oneline "$RESULTS/xfrm-policy.txt")
check_match "xfrm: RT2 state, route optimization, care-of address updated in place" \
    "src 2001:db8:7::1 dst $HOA .*proto route2 .*mode ro .*coa $COA2" "$xs"
check_match "xfrm: HAO state HoA -> CN with the care-of address" \
    "src $HOA dst 2001:db8:4::2 .*proto hao .*mode ro .*coa $COA2" "$xs"
check_match "xfrm: wildcard HAO receive state" "src :: dst :: .*proto hao .*flag wildrecv" "$xs"
check_match "xfrm: ESP tunnel state migrated to the new care-of address" \
    "src 2001:db8:7::1 dst $COA2 .*proto esp spi 0x00001000 .*mode tunnel" "$xs"
check_match "xfrm: HA BU policy, sub type, priority band, MH type selector, HAO template" \
    "src $HOA/128 dst 2001:db8:7::1/128 proto (ipv6-mh|mobility-header|135) type 5 .*dir in priority 27906 ptype sub .*proto hao .*mode ro" "$xp"
check_match "xfrm: HA BA policy with RT2 template" \
    "src 2001:db8:7::1/128 dst $HOA/128 proto (ipv6-mh|mobility-header|135) type 6 .*dir out priority 27906 ptype sub .*proto route2 .*mode ro" "$xp"
check_match "xfrm: MN BU policy: ESP transport then HAO" \
    "src $HOA/128 dst 2001:db8:7::1/128 proto (ipv6-mh|mobility-header|135) type 5 .*dir out priority 27906 ptype sub .*proto esp reqid 1 mode transport .*proto hao .*mode ro" "$xp"
check_match "xfrm: MN BA policy: ESP transport then RT2" \
    "src 2001:db8:7::1/128 dst $HOA/128 proto (ipv6-mh|mobility-header|135) type 6 .*dir in priority 27906 ptype sub .*proto esp reqid 2 mode transport .*proto route2 .*mode ro" "$xp"
check_match "xfrm: ESP transport state HoA -> HA" \
    "src $HOA dst 2001:db8:7::1 .*proto esp spi 0x00002000 reqid 1 mode transport" "$xs"
check_match "xfrm: MN route optimization policy out (HAO), priority 10 (XFRM_PRIO_RO)" \
    "src $HOA/128 dst 2001:db8:4::2/128 .*dir out priority 27914 ptype sub .*proto hao" "$xp"
check_match "xfrm: CN wild receive policy, priority 8" \
    "src ::/0 dst ::/0 proto (ipv6-mh|mobility-header|135) type 5 .*dir in priority 27912 ptype sub" "$xp"
check_match "xfrm: ESP tunnel policy migrated" \
    "dst $HOA/128 proto (ipv6-mh|mobility-header|135) .*dir out priority 27913 .*tmpl src 2001:db8:7::1 dst $COA2 .*proto esp .*mode tunnel" "$xp"
check_match "ip6tnl: external HA device" "external" "$(ip -n kx -d link show mip6ha)"
check_match "route: HA per-binding encapsulation moved to the new care-of address" \
    "^$HOA .*encap ip6 .*src 2001:db8:7::1 dst $COA2 .*dev mip6ha proto 109" \
    "$(ip -n kx -6 route show $HOA)"
check_match "ip6tnl: MN tunnel moved in place" \
    "ip6tnl ip6ip6 remote 2001:db8:7::1 local $COA2" "$(ip -n kx -d link show mip6t0)"
check_match "route: default through the MN tunnel in table 252" \
    "^default dev mip6t0 proto 109 metric 1024" "$(ip -n kx -6 route show table 252)"
check_eq "route: the removed host route is gone" "" \
    "$(ip -n kx -6 route show table 252 2001:db8:4::2)"
check_match "rule: from HoA lookup 252" "^1001:[[:space:]]+from $HOA lookup 252 proto 109" \
    "$(ip -n kx -6 rule)"
check_match "neigh: proxy entry" "^2001:db8:7::200 dev kexa proxy" "$(ip -n kx -6 neigh show proxy)"
check_match "addr: home address, home, nodad and noprefixroute flags" \
    "inet6 $HOA/64 scope global .*nodad.* home.* noprefixroute" "$(ip -n kx -6 addr show dev kexa)"
check_match "addr: valid lifetime 7200 s" "valid_lft (7200|7[01][0-9][0-9])sec preferred_lft (3600|3[5][0-9][0-9])sec" \
    "$(ip -n kx -6 addr show dev kexa)"

# --- SIGTERM: everything goes, nothing of others --------------------------------------------

# mip6d_gone: none of the objects kern-exercise installs is in the kernel
mip6d_gone() {
	! ip -n kx xfrm state | grep -q '7::\|::100\|proto esp\|flag wildrecv' &&
	! ip -n kx xfrm policy | grep -q 'priority 279' &&
	! ip -n kx -6 rule | grep -q 'proto 109' &&
	! ip -n kx -6 route show table all | grep -q 'proto 109' &&
	! ip -n kx -6 neigh show proxy | grep -q '2001:db8:7::' &&
	! ip -n kx -6 addr show | grep -q '2001:db8:7::' &&
	! ip -n kx link show | grep -q ' mip6'
}
show_all() {
	ip -n kx xfrm state; ip -n kx xfrm policy; ip -n kx -6 rule
	ip -n kx -6 route show table all; ip -n kx -6 neigh show proxy; ip -n kx -6 addr
	ip -n kx link
}

lab_kill kx-exercise TERM 10
check_eq "kern-exercise stops on SIGTERM with status 0" 0 "$LAB_EXIT"
if mip6d_gone; then lab_ok "SIGTERM: nothing installed remains"; else
	show_all >"$RESULTS/left-after-term.txt" 2>&1
	lab_fail "SIGTERM: nothing installed remains" "see left-after-term.txt"
fi
check "SIGTERM: the objects of others remain" foreign_present

# --- events --------------------------------------------------------------------------------

in_ns kx "$KX" events kexd kexa kexb >"$RESULTS/events.log" 2>&1
while read -r line; do
	case $line in
	ok\ *)		lab_ok "events: ${line#ok }" ;;
	FAIL\ *)	lab_fail "events: ${line#FAIL }" "see events.log" ;;
	esac
done <"$RESULTS/events.log"
# The ACQUIRE left a larval state of the kernel's own (reqid 7); it expires after 2 s here.
wait_until 5 sh -c '! ip -n kx xfrm state | grep -q "reqid 7"'
if mip6d_gone; then lab_ok "events: nothing left"; else
	show_all >"$RESULTS/left-after-events.txt" 2>&1
	lab_fail "events: nothing left" "see left-after-events.txt"
fi

# --- SIGKILL, then mip6d start and stop ----------------------------------------------------

check "kern-exercise installs again" exercise_start 2
lab_kill kx-exercise KILL 5
left() {
	ip -n kx xfrm state | grep -q "coa $COA2" &&
	ip -n kx -6 neigh show proxy | grep -q '2001:db8:7::200' &&
	ip -n kx -6 addr show | grep -q "$HOA" &&
	ip -n kx -6 rule | grep -q 'proto 109' &&
	ip -n kx link show mip6ha >/dev/null 2>&1
}
check "SIGKILL leaves the objects behind (a crash)" left

cat >"$RESULTS/kx.conf" <<EOF2
roles = { cn }
control-socket {
	path = "/run/mip6d-kx.sock"
}
EOF2
# exercise_gone: none of kern-exercise's objects (by their addresses and names) is left
exercise_gone() {
	! ip -n kx xfrm state | grep -q '2001:db8:7::\|2001:db8:9::\|proto esp' &&
	! ip -n kx xfrm policy | grep -q '2001:db8:7::' &&
	! ip -n kx -6 rule | grep -q '2001:db8:7::' &&
	! ip -n kx -6 route show table all | grep -q 'proto 109' &&
	! ip -n kx -6 neigh show proxy | grep -q '2001:db8:7::' &&
	! ip -n kx -6 addr show | grep -q '2001:db8:7::' &&
	! ip -n kx link show | grep -q ' mip6t\| mip6ha'
}
# marked: how many objects carry mip6d's marks (policy band, protocol 109, device prefix)
marked() {
	{ ip -n kx xfrm policy | grep 'priority 279'
	  ip -n kx -6 rule | grep 'proto 109'
	  ip -n kx -6 route show table all | grep 'proto 109'
	  ip -n kx link show | grep ' mip6'; } | wc -l
}
if mip6d_start kx "$RESULTS/kx.conf"; then
	lab_ok "mip6d starts after the crash"
	if exercise_gone; then lab_ok "mip6d start removed the crashed leftovers"; else
		show_all >"$RESULTS/left-after-start.txt" 2>&1
		lab_fail "mip6d start removed the crashed leftovers" "see left-after-start.txt"
	fi
	check_match "mip6d says what it removed" "removed [0-9]+ kernel objects left by an earlier mip6d" \
	    "$(cat "$RESULTS/mip6d-kx.log")"
	# What mip6d's own roles installed (the correspondent's wildcard policies, when there)
	# must survive its SIGKILL and go with the next start and stop.
	own=$(marked)
	note "mip6d (role cn) installed $own marked kernel objects"
	mip6d_stop kx KILL
	check_eq "SIGKILL of mip6d leaves its objects behind" "$own" "$(marked)"
	check "mip6d starts again after its own SIGKILL" mip6d_start kx "$RESULTS/kx.conf"
	check_eq "the restarted mip6d has its objects once, not twice" "$own" "$(marked)"
	mip6d_stop kx
	check_eq "mip6d stops on SIGTERM with status 0" 0 "$MIP6D_EXIT"
else
	lab_fail "mip6d starts after the crash" "$(lab_oneline "$RESULTS/mip6d-kx.log")"
fi
if mip6d_gone; then lab_ok "after restart and stop: nothing installed remains"; else
	show_all >"$RESULTS/left-after-restart.txt" 2>&1
	lab_fail "after restart and stop: nothing installed remains" "see left-after-restart.txt"
fi
check "after restart and stop: the objects of others remain" foreign_present
check_eq "no journal left" "" "$(ls /run/mip6d 2>/dev/null)"

# --- a kernel without Mobile IPv6 ----------------------------------------------------------

# Unload mip6 and ip6_tunnel and keep the kernel from loading them again: mip6d must name
# exactly what is missing.
no_mip6() {
	ip -n kx xfrm state flush
	ip -n kx link del tnlx
	echo /bin/false >/proc/sys/kernel/modprobe
	rmmod mip6 ip6_tunnel 2>/dev/null
	! grep -q '^mip6 \|^ip6_tunnel ' /proc/modules
}
if no_mip6; then
	in_ns kx "$MIP6D" -f -c "$RESULTS/kx.conf" -p /run/mip6d-kx.pid >"$RESULTS/nomip6.log" 2>&1
	check_eq "without mip6 and ip6_tunnel: mip6d exits 1" 1 "$?"
	check_match "without mip6: mip6d names the missing XFRM types" \
	    "no Mobile IPv6 XFRM types" "$(cat "$RESULTS/nomip6.log")"
	check_match "without ip6_tunnel: mip6d names the missing tunnels" \
	    "no ip6ip6 tunnels" "$(cat "$RESULTS/nomip6.log")"
else
	skip "without mip6" "cannot unload mip6 and ip6_tunnel: $(grep '^mip6 \|^ip6_tunnel ' /proc/modules | tr '\n' ' ')"
fi
echo /run/lab/modprobe >/proc/sys/kernel/modprobe
