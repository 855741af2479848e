# scenario ha-load: 1,000 and then 10,000 mobile nodes register with one home agent
# lab-topology: standard mn=none
# lab-timeout: 600
#
# tests/load/ha-load (in namespace lg, on its own link to the home agent) sends home
# registrations from care-of addresses in 2001:db8:99::/64, which the home agent routes to lg,
# and catches the BAs.  It prints registrations per second and latency
# percentiles; this scenario adds the home agent's memory and the kernel objects per binding.
# DAD is off here: with it, every first registration waits one second by design and the
# figures would measure the timer.

LOADGEN="$BUILDDIR/tests/load/ha-load"

link_add load
node_add lg host
node_attach lg eth0 load
node_attach ha eth1 load
ip -n ha addr add 2001:db8:98::1/64 dev eth1 nodad
ip -n lg addr add 2001:db8:98::2/64 dev eth0 nodad
ip -n ha route add 2001:db8:99::/64 via 2001:db8:98::2 dev eth1
ip -n lg route add default via 2001:db8:98::1 dev eth0
in_ns ha sysctl -q -w net.ipv6.neigh.eth1.gc_stale_time=3600 >/dev/null

cat >"$LAB_RUN/ha.conf" <<CONF
roles = { ha }
log-level = notice
control-socket {
	path = "$(mip6d_sock ha)"
}
home-agent {
	max-binding-lifetime = 3600
	dad = no
	ipsec-required = no
}
home-link eth0 {
	prefix = { 2001:db8:1::/64 }
	home-agent-address = $HA_ADDR
}
CONF

mem_kb() {
	awk '/^VmRSS/ { print $2 }' "/proc/$(mip6d_pid ha)/status"
}

count_objects() {
	echo "$(ip -n ha -6 route show proto all 2>/dev/null | grep -c ' encap ip6 ')" \
	    "$(ip -n ha -6 neigh show proxy | wc -l)" \
	    "$(ip -n ha xfrm state | grep -c '^src')"
}

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf" -d notice
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
mem0=$(mem_kb)
set -- $(count_objects)
r0=$1 p0=$2 x0=$3

run_load() {
	# run_load NAME COUNT HOA-BASE: the generator's figures become notes
	in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" -p 2001:db8:99:: -b "$3" -n "$2" -w 256 \
	    -l 3600 >"$RESULTS/load-$2.out" 2>&1
	_rc=$?
	while IFS= read -r l; do note "$l"; done <"$RESULTS/load-$2.out"
	check_eq "$1" 0 "$_rc"
}

run_load "1,000 mobile nodes register" 1000 2001:db8:1::1:0
check_eq "the binding cache holds 1,000" 1000 \
    "$(ctl ha --json status | sed -n 's/.*"bindings": *\([0-9]*\).*/\1/p')"
run_load "10,000 more mobile nodes register" 10000 2001:db8:1::2:0
n=$(ctl ha --json status | sed -n 's/.*"bindings": *\([0-9]*\).*/\1/p')
check_eq "the binding cache holds 11,000" 11000 "$n"

mem1=$(mem_kb)
set -- $(count_objects)
note "home agent memory: ${mem0} kB before, ${mem1} kB with $n bindings:" \
    "$(awk -v a="$mem0" -v b="$mem1" -v n="$n" 'BEGIN { printf "%.0f bytes per binding", (b - a) * 1024 / n }')"
note "kernel objects per binding: routes $(awk -v a="$r0" -v b="$1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')," \
    "proxy entries $(awk -v a="$p0" -v b="$2" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')," \
    "XFRM states $(awk -v a="$x0" -v b="$3" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')," \
    "network devices 0 (one shared external tunnel device)"
check_eq "one route and one proxy entry per binding" "11000 11000" \
    "$(( $1 - r0 )) $(( $2 - p0 ))"
check "mip6d still answers" ctl ha status
t0=$(lab_now)
# Every binding's route and proxy entry are removed one by one: allow a minute.
lab_kill mip6d-ha TERM 60
check_eq "mip6d stops cleanly" 0 "$LAB_EXIT"
note "stop with $n bindings took $(lab_elapsed "$t0" "$(lab_now)") s"
set -- $(count_objects)
check_eq "nothing of the bindings is left in the kernel" "0 0" "$1 $2"
