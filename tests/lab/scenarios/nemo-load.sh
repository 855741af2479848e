# scenario nemo-load: 10,000 mobile routers with 4 prefixes each register with one home agent (figures, no timing verdict)
# lab-topology: standard mn=none
# lab-timeout: 900
# lab-manual: yes
#
# tests/load/ha-load -m 4 (in namespace lg, on its own link to the home agent) sends home
# registrations with the R flag and four Mobile Network Prefix options each; the home agent's
# configuration authorizes exactly those (a generated prefix table of 10,000 routers).  The
# figures (registrations per second, latency, memory, kernel objects) are notes; the checks
# are that every router is accepted, that each prefix has its route through the shared tunnel
# with no network device per router, and that the stop removes everything.  DAD is off, as in
# ha-load.

LOADGEN="$BUILDDIR/tests/load/ha-load"
N=10000

topo_batch
load_link
topo_commit || lab_fail "the load link is built" "ip -batch failed"
in_ns ha sysctl -q -w net.ipv6.neigh.eth1.gc_stale_time=3600 >/dev/null

# router i: home address 2001:db8:1::3:0 + i, prefixes 2001:db8:1000:4i::/64 ... +3
awk -v n=$N -v sock="$(mip6d_sock ha)" -v ha="$HA_ADDR" 'BEGIN {
	print "roles = { ha }\nlog-level = notice\ncontrol-socket {\n\tpath = \"" sock "\"\n}"
	print "home-link eth0 {\n\tprefix = { 2001:db8:1::/64 }\n\thome-agent-address = " ha "\n}"
	print "home-agent {\n\tmax-binding-lifetime = 3600\n\tdad = no\n\tipsec-required = no"
	for (i = 0; i < n; i++) {
		printf "\tmobile-router 2001:db8:1::3:%x { prefixes = {", i
		for (k = 0; k < 4; k++) {
			j = 4 * i + k
			printf "%s2001:db8:%x:%x::/64", k ? ", " : " ", 4096 + int(j / 65536), j % 65536
		}
		print " } }"
	}
	print "}"
}' >"$LAB_RUN/ha.conf"

mem_kb() {
	awk '/^VmRSS/ { print $2 }' "/proc/$(mip6d_pid ha)/status"
}
count_objects() {	# tunnel routes, proxy entries, network devices
	echo "$(ip -n ha -6 route show proto all 2>/dev/null | grep -c ' encap ip6 ')" \
	    "$(ip -n ha -6 neigh show proxy | wc -l)" \
	    "$(ip -n ha -o link show | wc -l)"
}

t0=$(lab_now)
# (loading the table may take longer than mip6d_start waits on a busy machine)
mip6d_start ha "$LAB_RUN/ha.conf" -d notice 2>/dev/null
check_wait "mip6d starts as home agent with a prefix table of 10,000 mobile routers" 60 \
    mip6d_ready ha
note "start with the 10,000-router table took $(lab_elapsed "$t0" "$(lab_now)") s"
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
mem0=$(mem_kb)
set -- $(count_objects)
r0=$1 p0=$2 d0=$3

in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" -p 2001:db8:99:: -b 2001:db8:1::3:0 -n $N -w 256 \
    -l 3600 -m 4 -P 2001:db8:1000:: -v >"$RESULTS/load.out" 2>"$RESULTS/load.progress"
rc=$?
while IFS= read -r l; do note "$l"; done <"$RESULTS/load.out"
check_eq "10,000 mobile routers with 4 prefixes each register" 0 "$rc"
n=$(ctl ha --json status | sed -n 's/.*"bindings": *\([0-9]*\).*/\1/p')
check_eq "the binding cache holds 10,000" $N "$n"
ctl ha metrics >"$RESULTS/metrics.txt" 2>&1
metric() {	# FAMILY{LABELS}: its value in metrics.txt, 0 when absent
	awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$RESULTS/metrics.txt"
}
compactions=$(metric 'mip6d_ha_events_total{event="state-compactions"}')
note "home agent: $(metric 'mip6d_mh_received_total{type="bu"}') BUs," \
    "$(metric mip6d_kernel_requests_total) kernel requests in" \
    "$(metric 'mip6d_kern_events_total{event="batches"}') batches, $compactions state file compactions"
# A router's image in the state file is 5 records: counted in records, the log was compacted
# again at every write once 1,366 routers stood (a rewrite of the whole file per burst).
check "the state file is compacted only when its log has doubled, not per burst of BUs" \
    test "$compactions" -le 3

mem1=$(mem_kb)
set -- $(count_objects)
note "home agent memory: ${mem0} kB before, ${mem1} kB with $n mobile routers:" \
    "$(awk -v a="$mem0" -v b="$mem1" -v n="$n" 'BEGIN { printf "%.0f bytes per router", (b - a) * 1024 / n }')"
check_eq "five tunnel routes per router (home address and 4 prefixes), one proxy entry, no device" \
    "$((5 * N)) $N 0" "$(( $1 - r0 )) $(( $2 - p0 )) $(( $3 - d0 ))"
check "a prefix is routed to its router's care-of address" \
    sh -c "ip -n ha -6 route show exact 2001:db8:1000:9c3f::/64 | grep -q 'dst 2001:db8:99::2710 '"
check "mip6d still answers" ctl ha status
t0=$(lab_now)
lab_kill mip6d-ha TERM 120
check_eq "mip6d stops cleanly" 0 "$LAB_EXIT"
note "stop with $n mobile routers took $(lab_elapsed "$t0" "$(lab_now)") s"
set -- $(count_objects)
check_eq "nothing of the bindings is left in the kernel" "0 0" "$1 $2"
