# scenario ha-scale: 100,000 mobile nodes (LAB_ARG_COUNT: up to 1,000,000) register with one home agent
# lab-topology: standard mn=none
# lab-timeout: 7200
# lab-manual: yes
# lab-mem: 2G
#
# The home agent at scale (issue 17): tests/load/ha-load registers COUNT mobile nodes at once
# (window 256, DAD off, as in ha-load) and this scenario prints registrations per second, the
# daemon's bytes per binding, the kernel's memory per binding (slab and vmalloc), the time to
# stop with them all, to start again from the state file, and to stop again; then the same
# kernel objects replayed by ip -batch in this boot, and mip6d's rate against that replay.
# A program of figures: its checks say that every registration was taken and that nothing
# is left in the kernel, never how fast.
#
#   tests/lab/run ha-scale                                   100,000 (about 3 minutes)
#   LAB_ARG_COUNT=1000000 LAB_MEM=8G LAB_ARG_REPLAY_XFRM=no tests/lab/run ha-scale
# The replay's XFRM part runs up to 20,000 (LAB_ARG_REPLAY_XFRM=yes or no decides).
# The home agent's defaults: binding-routes = no (one route per home prefix, the bindings
# in the program's map) and nd-proxy = mip6d (no proxy entry per binding either); the replay
# is then of the XFRM states and policies alone.  LAB_ARG_BINDING_ROUTES=yes: a route and a
# proxy entry per binding (about 25 minutes at 100,000), the replay with them;
# LAB_ARG_ND_PROXY=kernel with the prefix routes: a kernel proxy entry per binding.
#
# The home link's capture is stopped: COUNT unsolicited NAs would make tcpdump, inside the
# same single-CPU kernel, a third party to the measure.

LOADGEN="$BUILDDIR/tests/load/ha-load"
N=${LAB_ARG_COUNT:-100000}
ROUTES=${LAB_ARG_BINDING_ROUTES:-no}
case $ROUTES in no) PROXY=${LAB_ARG_ND_PROXY:-mip6d} ;; *) PROXY=${LAB_ARG_ND_PROXY:-kernel} ;; esac
P=$N
if [ "$ROUTES" = yes ]; then
	R=$N what="routes and proxy entries" per_binding="one route"
elif [ "$PROXY" = mip6d ]; then
	R=0 P=0 what="XFRM states and policies" per_binding="no route, no proxy entry,"
else
	R=0 what="proxy entries" per_binding="no route"
fi
# The XFRM part of the replay pays the kernel's route walk at each policy insert, as mip6d
# does (doc/scale.md): beyond 20,000 it would take longer than all the rest of the run.
# Without a route or a proxy entry per binding the walk stays short: the replay runs whole.
if [ "$N" -le 20000 ] || [ "$P" -eq 0 ]; then
	REPLAY_XFRM=${LAB_ARG_REPLAY_XFRM:-yes}
else
	REPLAY_XFRM=${LAB_ARG_REPLAY_XFRM:-no}
fi

capture_stop home
load_link
in_ns ha sysctl -q -w net.ipv6.neigh.eth1.gc_stale_time=36000 >/dev/null
# the kernel's own limits on routes and XFRM garbage are far above these counts by default;
# a proxy entry has no limit
in_ns ha sysctl -q -w net.ipv6.route.max_size=4194304 >/dev/null 2>&1 || true

conf_ha "$LAB_RUN/ha.conf" log-level=notice max-binding-lifetime=36000 dad=no \
    state-file="\"$LAB_RUN/ha.state\"" binding-routes="$ROUTES" nd-proxy="$PROXY"

mem_kb() {
	awk '/^VmRSS/ { print $2 }' "/proc/$(mip6d_pid ha)/status"
}
# kern_kb: what the kernel holds in slab and vmalloc, kB
kern_kb() {
	awk '/^Slab:/ { s = $2 } /^VmallocUsed:/ { v = $2 } END { print s + v }' /proc/meminfo
}
count_objects() {
	echo "$(ip -n ha -6 route show proto all 2>/dev/null | grep -c ' encap ip6 ')" \
	    "$(ip -n ha -6 neigh show proxy | wc -l)" \
	    "$(ip -n ha xfrm state | grep -c '^src')"
}
bindings() {
	ctl ha --json status | sed -n 's/.*"bindings": *\([0-9]*\).*/\1/p'
}
per() {	# per DELTA-KB N: bytes per binding
	awk -v d="$1" -v n="$2" 'BEGIN { printf "%.0f", d * 1024 / n }'
}

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf" -d notice
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
set -- $(count_objects)
r0=$1 p0=$2 x0=$3
mem0=$(mem_kb)
k0=$(kern_kb)

t0=$(lab_now)
in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" -p 2001:db8:99:: -b 2001:db8:1::1:0 -n "$N" \
    -w 256 -l 36000 -v >"$RESULTS/load.out" 2>"$RESULTS/load.err"
rc=$?
while IFS= read -r l; do note "$l"; done <"$RESULTS/load.out"
check_eq "$N mobile nodes register" 0 "$rc"
check_eq "the binding cache holds $N" "$N" "$(bindings)"
daemon=$(sed -n 's/.* \([0-9]*\) registrations\/s.*/\1/p' "$RESULTS/load.out")
mem1=$(mem_kb)
k1=$(kern_kb)
set -- $(count_objects)
check_eq "$per_binding $P proxy entries and two XFRM states per binding" \
    "$R $P $((2 * N))" "$(( $1 - r0 )) $(( $2 - p0 )) $(( $3 - x0 ))"
note "home agent memory: $mem0 kB before, $mem1 kB with $N bindings: $(per $((mem1 - mem0)) "$N") bytes per binding"
note "kernel memory (slab + vmalloc): $k0 kB before, $k1 kB with $N bindings: $(per $((k1 - k0)) "$N") bytes per binding"

# what the kernel holds for the bindings, as ip commands that add it again (replayed below)
ha_replay_write "$RESULTS" "$ROUTES" "$([ "$P" -eq 0 ] && echo no || echo yes)"

t0=$(lab_now)
lab_kill mip6d-ha TERM 3600
check_eq "mip6d stops cleanly" 0 "$LAB_EXIT"
stop1=$(lab_elapsed "$t0" "$(lab_now)")
note "stop with $N bindings took $stop1 s"
set -- $(count_objects)
check_eq "nothing of the bindings is left in the kernel" "0 0 0" "$1 $2 $3"

# ---- restart: every binding back from the state file, without a BU ----
t0=$(lab_now)
MIP6D_START_WAIT=3600 check "mip6d restarts with its $N bindings" \
    mip6d_start ha "$LAB_RUN/ha.conf" -d notice
note "restart with $N bindings took $(lab_elapsed "$t0" "$(lab_now)") s (state file to kernel)"
set -- $(count_objects)
check_eq "every binding's states are back ($R routes, $P proxy entries)" "$R $P $((2 * N))" \
    "$(( $1 - r0 )) $(( $2 - p0 )) $(( $3 - x0 ))"
t0=$(lab_now)
lab_kill mip6d-ha TERM 3600
check_eq "mip6d stops cleanly again" 0 "$LAB_EXIT"
note "second stop with $N bindings took $(lab_elapsed "$t0" "$(lab_now)") s"

# ---- the kernel alone: the same objects from ip -batch, in this boot ----
ip -n ha link add mip6ha type ip6tnl mode ip6ip6 external
ip -n ha link set mip6ha up
# ip -batch grows by every XFRM command: the XFRM part goes in chunks, a process each
split -l 4000 "$RESULTS/replay-xfrm" "$RESULTS/replay-xfrm."
xfrm_batches() {
	for _b in "$RESULTS"/replay-xfrm.*; do
		ip -n ha -batch "$_b" || return 1
	done
}
ratio() {	# ratio SECONDS: mip6d's rate over N/SECONDS
	awk -v n="$N" -v s="$1" -v d="${daemon:-0}" 'BEGIN { printf "%.2f", d / (n / s) }'
}
t0=$(lab_now)
if [ "$P" -gt 0 ]; then
	check "ip -batch adds the $N $what" ip -n ha -batch "$RESULTS/replay-routes"
	t1=$(lab_now)
	rp=$(lab_elapsed "$t0" "$t1")
	note "kernel alone (ip -batch, $N bindings): $what $rp s" \
	    "($(awk -v n="$N" -v s="$rp" 'BEGIN { printf "%.0f", n / s }')/s); mip6d ${daemon:-?}/s = $(ratio "$rp") of it"
fi
if [ "$REPLAY_XFRM" = yes ]; then
	check "ip -batch adds the $((2 * N)) XFRM states and policies" xfrm_batches
	t2=$(lab_now)
	ra=$(lab_elapsed "$t0" "$t2")
	note "kernel alone (ip -batch, $N bindings) with the XFRM states and policies: $ra s" \
	    "($(awk -v n="$N" -v s="$ra" 'BEGIN { printf "%.0f", n / s }') bindings/s);" \
	    "mip6d ${daemon:-?} registrations/s = $(ratio "$ra") of the kernel's own rate for the same objects"
fi
check "the replay is taken away again" ip -n ha -batch "$RESULTS/replay-undo"
ip -n ha xfrm state flush
ip -n ha xfrm policy flush
ip -n ha xfrm policy flush ptype sub
ip -n ha link del mip6ha
set -- $(count_objects)
check_eq "nothing of the replay is left" "0 0 0" "$1 $2 $3"
