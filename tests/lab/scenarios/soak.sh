# scenario soak: minutes of churn (registrations, moves, de-registrations, expiries, correspondent bindings, mip6d-ctl polling, reloads); memory stays flat, nothing leaks into the kernel
# lab-topology: standard mn=none
# lab-timeout: 2400
# lab-manual: yes
#
# Not part of make check (it runs only when named): `make soak` or `tests/lab/run soak`;
# LAB_ARG_SOAK_SECONDS=1800 for half an hour of churn (default 120 s), LAB_ARG_SOAK_MN for the
# mobile nodes per round at the home agent (default 1000; as many again register only to
# expire), LAB_ARG_SOAK_RO for those binding at the correspondent (default 500).
#
# tests/load/ha-load and tests/load/ro-load (namespace lg, on a link of its own to the home
# agent and the correspondent) play the mobile nodes.  Each round, with home addresses never
# used before: SOAK_MN register at the home agent, move to other care-of addresses and
# de-register; SOAK_MN more register for 8 s and expire; SOAK_RO run return routability and
# bind at the correspondent for 8 s; both daemons reload (SIGHUP); mip6d-ctl polls both all
# the time.  Before and after: each daemon's memory (after the first round, when its tables
# and allocator have reached their size, and at the end), the kernel objects the bindings use
# (routes, proxy entries, XFRM states and policies) and the error counters.  After the last
# expiry nothing must be left, the memory must be where the first round left it, and no error
# counter may have grown.

SOAK_SECONDS=${LAB_ARG_SOAK_SECONDS:-120}
SOAK_MN=${LAB_ARG_SOAK_MN:-1000}
SOAK_RO=${LAB_ARG_SOAK_RO:-500}
HA_LOAD="$BUILDDIR/tests/load/ha-load"
RO_LOAD="$BUILDDIR/tests/load/ro-load"
HA_LOAD_ADDR=2001:db8:98::1
CN_LOAD_ADDR=2001:db8:98::3
# Growth allowed over the second half of the churn: of the heap in use (bytes the allocator
# handed out and that were not freed, mip6d-ctl status "memory"), far below what a leak of a
# few bytes per binding would add over tens of thousands of them; and of the resident size,
# measured at rest after the daemon handed the heap's free pages back (src/core/memtrim.c),
# which leaves only what fragmentation keeps in partly used pages.
HEAP_SLACK_KB=64
RSS_SLACK_KB=1024
# what src/core/memtrim.c calls enough free space to trim (MEMTRIM_MIN_FREE)
TRIM_MIN_FREE=1048576

link_add load
node_add lg host
node_attach lg eth0 load
node_attach ha eth1 load
node_attach cn eth1 load
ip -n ha addr add $HA_LOAD_ADDR/64 dev eth1 nodad
ip -n cn addr add $CN_LOAD_ADDR/64 dev eth1 nodad
ip -n lg addr add 2001:db8:98::2/64 dev eth0 nodad
ip -n ha route add 2001:db8:99::/64 via 2001:db8:98::2 dev eth1
ip -n cn route add 2001:db8:97::/64 via 2001:db8:98::2 dev eth1
ip -n cn route add 2001:db8:99::/64 via 2001:db8:98::2 dev eth1
ip -n lg route add 2001:db8:1::/64 via $HA_LOAD_ADDR dev eth0
ip -n lg route add default via $CN_LOAD_ADDR dev eth0
in_ns ha sysctl -q -w net.ipv6.neigh.eth1.gc_stale_time=3600 >/dev/null
in_ns cn sysctl -q -w net.ipv6.neigh.eth1.gc_stale_time=3600 >/dev/null

# its kernel objects per binding are counted: a route and a proxy entry each
conf_ha "$LAB_RUN/ha.conf" log-level=notice max-binding-lifetime=3600 dad=no binding-routes=yes
conf_cn "$LAB_RUN/cn.conf" log-level=notice route-optimization=yes max-binding-lifetime=8

mem_kb() {
	awk '/^VmRSS/ { print $2 }' "/proc/$(mip6d_pid "$1")/status"
}
heap_kb() {	# the heap in use, in kB
	ctl "$1" -j status | json_eval "d['memory']['heap-in-use'] // 1024"
}

# routes with encapsulation, proxy entries, XFRM states, XFRM policies in namespace $1
count_objects() {
	echo "$(ip -n "$1" -6 route show proto all table all 2>/dev/null | grep -c ' encap ip6 ')" \
	    "$(ip -n "$1" -6 neigh show proxy | wc -l)" \
	    "$(ip -n "$1" xfrm state | grep -c '^src')" \
	    "$(ip -n "$1" xfrm policy | grep -c '^src')"
}

status_field() {
	ctl "$1" --json status | tr -d ' \n' | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}

# heap_rested NS TRIMS: daemon NS trimmed its heap since it had counted TRIMS trims, or holds
# too little free space for a trim
heap_rested() {
	[ "$(status_field "$1" memory.trims)" -gt "$2" ] 2>/dev/null ||
	    [ "$(status_field "$1" heap-free)" -lt $TRIM_MIN_FREE ]
}

# rest NS: after a burst, the resident size in kB once the daemon has had its chance to trim
# (it looks every 30 s)
rest_mem_kb() {
	_trims=$(status_field "$1" memory.trims)
	wait_until 40 heap_rested "$1" "${_trims:-0}" ||
	    note "$1: no heap trim within 40 s after the burst" >&2
	mem_kb "$1"
}

# the counters of daemon $1 whose names say error or drop, "name=value" a line
error_counters() {
	ctl "$1" --json status | tr -d ' \n' | sed -n 's/.*"counters":{\([^}]*\)}.*/\1/p' |
	    tr ',' '\n' | tr -d '"' | grep -E '^(err|drop)\.' | tr ':' '=' | sort
}

# mip6d-ctl against both daemons until told to stop: one line per call, "OK" or "FAIL ..."
ctl_poll() {
	while [ ! -e "$LAB_RUN/soak.done" ]; do
		for ns in ha cn; do
			if ctl "$ns" status >/dev/null 2>&1; then echo OK; else echo "FAIL $ns status"; fi
		done
		if ctl ha --json bc >/dev/null 2>&1; then echo OK; else echo "FAIL ha bc"; fi
		sleep 0.3
	done
}

# ha_load NAME COUNT HOA-BASE COA-BASE LIFETIME SEQ: the run's last line becomes a note
ha_load() {
	in_ns lg "$HA_LOAD" -i eth0 -a "$HA_ADDR" -p "2001:db8:99::$4:0" -b "$3" \
	    -n "$2" -w 256 -l "$5" -s "$6" >"$RESULTS/ha-load.out" 2>&1
	_rc=$?
	cat "$RESULTS/ha-load.out" >>"$RESULTS/soak-load.log"
	[ $_rc -eq 0 ] || lab_fail "$1" "$(head -1 "$RESULTS/ha-load.out")"
	return $_rc
}

ro_load() {
	in_ns lg "$RO_LOAD" -i eth0 -c "$CN_LOAD_ADDR" -p "2001:db8:99::$4:0" -b "$3" \
	    -n "$2" -w 64 -s "$5" -l 8 >"$RESULTS/ro-load.out" 2>&1
	_rc=$?
	cat "$RESULTS/ro-load.out" >>"$RESULTS/soak-load.log"
	[ $_rc -eq 0 ] || lab_fail "$1" "$(head -1 "$RESULTS/ro-load.out")"
	return $_rc
}

# both binding caches empty
both_empty() {
	[ "$(status_field ha bindings)" = 0 ] && [ "$(status_field cn bindings)" = 0 ]
}

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf" -d notice
check "mip6d starts as correspondent node" mip6d_start cn "$LAB_RUN/cn.conf" -d notice
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_LOAD_ADDR"
check_wait "lg reaches the correspondent node" 5 in_ns lg ping -6 -c 1 -W 1 "$CN_LOAD_ADDR"

ha_obj0=$(count_objects ha)
cn_obj0=$(count_objects cn)
ha_err0=$(error_counters ha)
cn_err0=$(error_counters cn)
ha_mem0=$(mem_kb ha)
cn_mem0=$(mem_kb cn)
ha_heap0=$(heap_kb ha)
cn_heap0=$(heap_kb cn)
note "soak: $SOAK_SECONDS s of rounds of $SOAK_MN + $SOAK_MN mobile nodes at the home agent" \
    "and $SOAK_RO at the correspondent"
note "before: home agent ${ha_mem0} kB, kernel objects (routes proxies states policies)" \
    "$ha_obj0; correspondent ${cn_mem0} kB, $cn_obj0"

rm -f "$LAB_RUN/soak.done" "$RESULTS/soak-load.log"
lab_bg ctl-poll "$RESULTS/ctl-poll.txt" ctl_poll
t0=$(lab_now)
round=0 failed_rounds=0 registered=0
while :; do
	round=$((round + 1))
	seq=$(( (round * 40) % 65000 ))
	a=$(printf '2001:db8:1::%x:0' $((2 * round)))
	b=$(printf '2001:db8:1::%x:0' $((2 * round + 1)))
	r=$(printf '2001:db8:97::%x:0' "$round")
	ok=1
	ha_load "round $round: $SOAK_MN mobile nodes register" "$SOAK_MN" "$a" 1 3600 $seq || ok=0
	ha_load "round $round: they move" "$SOAK_MN" "$a" 2 3600 $((seq + 10)) || ok=0
	ha_load "round $round: $SOAK_MN others register for 8 s" "$SOAK_MN" "$b" 3 8 $seq || ok=0
	ro_load "round $round: $SOAK_RO bind at the correspondent" "$SOAK_RO" "$r" 4 $seq || ok=0
	ha_load "round $round: the first ones de-register" "$SOAK_MN" "$a" 2 0 $((seq + 20)) || ok=0
	kill -HUP "$(mip6d_pid ha)" "$(mip6d_pid cn)"
	[ $ok -eq 1 ] || failed_rounds=$((failed_rounds + 1))
	registered=$((registered + 2 * SOAK_MN))
	if [ -z "${ha_heapm:-}" ] &&
	    [ "$(lab_elapsed "$t0" "$(lab_now)" | cut -d. -f1)" -ge $((SOAK_SECONDS / 2)) ]; then
		# half-way: the heap with no binding, as at the end
		wait_until 60 both_empty
		ha_heapm=$(heap_kb ha) cn_heapm=$(heap_kb cn) round_m=$round
		ha_memm=$(rest_mem_kb ha) cn_memm=$(rest_mem_kb cn)
	fi
	if [ $round -eq 1 ]; then
		# the first round's bindings gone: the daemons' size with their tables grown
		wait_until 60 both_empty
		ha_mem1=$(mem_kb ha)
		cn_mem1=$(mem_kb cn)
		ha_heap1=$(heap_kb ha)
		cn_heap1=$(heap_kb cn)
		note "after the first round: home agent ${ha_mem1} kB, correspondent ${cn_mem1} kB"
	fi
	[ "$(lab_elapsed "$t0" "$(lab_now)" | cut -d. -f1)" -lt "$SOAK_SECONDS" ] || break
done
t1=$(lab_now)
check_wait "soak: every binding expired or was removed" 60 both_empty
touch "$LAB_RUN/soak.done"
wait_until 10 sh -c "! kill -0 $(lab_pid ctl-poll) 2>/dev/null" || lab_kill ctl-poll KILL 1

ha_mem2=$(rest_mem_kb ha)
cn_mem2=$(rest_mem_kb cn)
ha_heap2=$(heap_kb ha)
cn_heap2=$(heap_kb cn)
ha_obj2=$(count_objects ha)
cn_obj2=$(count_objects cn)
note "$round rounds in $(lab_elapsed "$t0" "$t1") s: $registered registrations at the home" \
    "agent, $((round * SOAK_RO)) bindings at the correspondent"
note "home agent memory: ${ha_mem0} kB at the start, ${ha_mem1} kB after the first round," \
    "${ha_mem2} kB at the end"
note "correspondent memory: ${cn_mem0} kB at the start, ${cn_mem1} kB after the first round," \
    "${cn_mem2} kB at the end"
note "home agent kernel objects (routes proxies states policies): $ha_obj0 before, $ha_obj2 after"
note "correspondent kernel objects: $cn_obj0 before, $cn_obj2 after"
polls=$(grep -c . "$RESULTS/ctl-poll.txt")
note "mip6d-ctl: $polls calls, $(grep -c '^FAIL' "$RESULTS/ctl-poll.txt") failed"

check_eq "soak: every round of churn completed" 0 "$failed_rounds"
check "soak: mip6d-ctl was polled during the churn" test "$polls" -gt 0
check_eq "soak: every mip6d-ctl call answered" 0 "$(grep -c '^FAIL' "$RESULTS/ctl-poll.txt")"
check_eq "soak: no kernel object of the bindings left at the home agent" "$ha_obj0" "$ha_obj2"
check_eq "soak: no kernel object of the bindings left at the correspondent" "$cn_obj0" "$cn_obj2"
note "heap in use: home agent ${ha_heap0} kB at the start, ${ha_heap1} kB after the first" \
    "round, ${ha_heap2} kB at the end; correspondent ${cn_heap0}, ${cn_heap1}, ${cn_heap2} kB"
# A leak grows the heap with every round; tables sized by the peak of concurrent bindings
# grow in steps, early.  So the heap with no binding half-way (after round $round_m) and at
# the end: the second half of the churn must not have grown it beyond the slack.
note "heap in use with no binding: home agent ${ha_heapm:-?} kB half-way (round" \
    "${round_m:-?}), ${ha_heap2} kB at the end; correspondent ${cn_heapm:-?}, ${cn_heap2} kB"
check "soak: the home agent's heap in use stays flat over the second half (${ha_heapm:-?} -> ${ha_heap2} kB)" \
    test $((ha_heap2 - ${ha_heapm:-0})) -le $HEAP_SLACK_KB
check "soak: the correspondent's heap in use stays flat over the second half (${cn_heapm:-?} -> ${cn_heap2} kB)" \
    test $((cn_heap2 - ${cn_heapm:-0})) -le $HEAP_SLACK_KB
note "resident size at rest: home agent ${ha_memm:-?} kB half-way, ${ha_mem2} kB at the end;" \
    "correspondent ${cn_memm:-?}, ${cn_mem2} kB"
check "soak: the home agent's resident size at rest stays flat over the second half (${ha_memm:-?} -> ${ha_mem2} kB)" \
    test $((ha_mem2 - ${ha_memm:-0})) -le $RSS_SLACK_KB
check "soak: the correspondent's resident size at rest stays flat over the second half (${cn_memm:-?} -> ${cn_mem2} kB)" \
    test $((cn_mem2 - ${cn_memm:-0})) -le $RSS_SLACK_KB
check_eq "soak: no error counter of the home agent grew" "$ha_err0" "$(error_counters ha)"
check_eq "soak: no error counter of the correspondent grew" "$cn_err0" "$(error_counters cn)"
check "soak: the home agent stops cleanly" mip6d_stop ha
check "soak: the correspondent stops cleanly" mip6d_stop cn
check_eq "soak: the home agent left nothing in the kernel" "0 0 0 0" "$(count_objects ha)"
check_eq "soak: the correspondent left nothing in the kernel" "0 0 0 0" "$(count_objects cn)"
