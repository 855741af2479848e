# scenario ha-restart: the home agent restarts (SIGTERM, then SIGKILL) under thousands of bindings: the state file brings them back, kernel objects and the mobile node's traffic return without a new BU, outage printed
# lab-topology: standard mn=f1
# lab-timeout: 900
#
# One real mobile node (mip6d on mn, registered from f1, cn pinging its home address every
# 20 ms) and N more bindings made by tests/load/ha-load (as in ha-load).  The home agent keeps
# them in its state file; it is stopped (SIGTERM: every kernel object removed, as for a final
# stop) and started, then killed (SIGKILL: the objects stay, the next start removes them as
# leftovers) and started.  Each time: every binding is back with its sequence number and
# remaining lifetime, one route and one proxy entry per binding, cn's pings are answered again,
# no BU was needed (the mobile node sent none, the new home agent received none), and the
# outage seen by cn's pings is printed.  Where mip6d has hiredis and redis-server is installed,
# the home agent also replicates to Redis on r, which is stopped before the restarts: the
# restarts lose nothing, and when Redis is back the home agent catches up and reports the gap.
# N is 1,000 in make check; LAB_SCALE=big tests/lab/run ha-restart prints the 10,000-binding
# figures.

N=1000
[ "${LAB_SCALE:-}" = big ] && N=10000
HOA=2001:db8:1::100
LOADGEN="$BUILDDIR/tests/load/ha-load"
STATE=/var/lib/mip6d/ha.state

load_link

REDIS=no
if grep -q '^#define HAVE_HIREDIS 1' "$BUILDDIR/config.h" 2>/dev/null &&
    command -v redis-server >/dev/null; then
	REDIS=yes
fi
ha_conf() {
	# ha_conf FILE STATE-FILE
	if [ "$REDIS" = yes ] && [ -n "$2" ]; then
		repl="replication { redis-server = $R_HOME_ADDR }"
	else
		repl=
	fi
	# a route and a proxy entry per binding, which the checks count across restarts
	conf_ha "$1" log-level=info max-binding-lifetime=3600 dad=no state-file="\"$2\"" \
	    binding-routes=yes "$repl"
}
ha_conf ha.conf "$STATE"
ha_conf ha-nostate.conf ""
conf_mn mn.conf hoa=$HOA

# One Python run answers every question about a daemon (each costs seconds on a busy machine).
facts() {
	# facts NS: "bindings rx.bu tx.bu seq remaining coa restore-ms write-us" of NS's daemon
	ctl "$1" -j status >"$LAB_RUN/st.json" 2>/dev/null || echo '{}' >"$LAB_RUN/st.json"
	ctl "$1" -j bc >"$LAB_RUN/bc.json" 2>/dev/null || echo '{}' >"$LAB_RUN/bc.json"
	ctl "$1" -j sync >"$LAB_RUN/sy.json" 2>/dev/null || echo '{}' >"$LAB_RUN/sy.json"
	python3 - "$LAB_RUN" "$HOA" <<'PY'
import json, sys
d = [json.load(open("%s/%s.json" % (sys.argv[1], n))) for n in ("st", "bc", "sy")]
c = d[0].get("counters", {})
b = [x for x in d[1].get("bindings", []) if x["home-address"] == sys.argv[2]]
b = b[0] if b else {}
print(d[0].get("bindings", 0), c.get("rx.bu", 0), c.get("tx.bu", 0), b.get("sequence", "-"),
    b.get("remaining", "-"), b.get("care-of-address", "-"), d[2].get("restore-ms", "-"),
    d[2].get("write-us", "-"))
PY
}
bc_count() { ctl ha -j status | sed -n 's/.*"bindings": *\([0-9]*\).*/\1/p'; }
kernel_count() {
	# routes through the tunnel, proxy entries
	echo "$(ip -n ha -6 route show proto all 2>/dev/null | grep -c ' encap ip6 ')" \
	    "$(ip -n ha -6 neigh show proxy | grep -c .)"
}
registered() {
	[ "$(ctl mn -j bul | json_eval "d['entries'][0]['state'] if d.get('entries') else ''")" = registered ]
}
load() {
	# load COUNT HOA-BASE OUT
	in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" -p 2001:db8:99:: -b "$2" -n "$1" -w 64 \
	    -l 3600 >"$3" 2>&1
}
rate_of() { sed -n 's/.* \([0-9]*\) registrations\/s.*/\1/p' "$1"; }

# --- the cost of the state file: the same load with and without it (LAB_SCALE=big) ----------
if [ "${LAB_SCALE:-}" = big ]; then
	check "mip6d starts as home agent without a state file" mip6d_start ha ha-nostate.conf \
	    -d notice
	check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
	load "$N" 2001:db8:1::5:0 load-nostate.out
	lab_kill mip6d-ha TERM 120
	check "mip6d starts as home agent with a state file" mip6d_start ha ha.conf -d notice
	load "$N" 2001:db8:1::6:0 load-state.out
	r0=$(rate_of load-nostate.out) r1=$(rate_of load-state.out)
	note "registrations/s: $r0 without the state file, $r1 with it" \
	    "($(awk -v a="$r0" -v b="$r1" 'BEGIN { printf "%+.0f %%", a ? (b - a) * 100 / a : 0 }'))"
	lab_kill mip6d-ha TERM 120
	rm -f "$STATE"
fi

redis_start() {
	lab_bg redis redis.log nsenter --net=/run/netns/r redis-server --bind "$R_HOME_ADDR" \
	    --port 6379 --save '' --appendonly no --protected-mode no
	wait_until 30 in_ns r redis-cli -h "$R_HOME_ADDR" ping
}
redis_keys() { in_ns r redis-cli -h "$R_HOME_ADDR" --scan --pattern 'mip6d:b:*' | grep -c .; }
[ "$REDIS" = yes ] && check "redis-server runs on the home link" redis_start

# --- N + 1 bindings -----------------------------------------------------------------------------
# -d notice: a debug line per binding would measure the log, not the restart
mip6d_start ha ha.conf -d notice
check_wait "mip6d starts as home agent" 60 ctl ha status
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
mip6d_start mn mn.conf
check_wait "mip6d starts as mobile node" 60 ctl mn status
check_wait "mn registers with the home agent" 30 registered
load "$N" 2001:db8:1::1:0 load.out
# On a loaded machine the generator may give up on a few (it retries three times): the
# restart is judged on what was accepted.
A=$(sed -n 's/.*: \([0-9]*\) accepted.*/\1/p' load.out)
check "$N more mobile nodes register (at least 90 % accepted: $A)" test "${A:-0}" -ge $((N * 9 / 10))
N=${A:-0}
check_eq "the binding cache holds $((N + 1))" "$((N + 1))" "$(bc_count)"
check "cn reaches the mobile node's home address" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"

restart() {
	# restart SIG: stop the home agent with SIG, start it again, check what came back
	sig=$1
	set -- $(facts ha)
	seq0=$4 rem0=$5 coa0=$6 write_us=$8
	set -- $(facts mn)
	bu0=$3
	lab_bg ping-$sig "ping-$sig.log" in_ns cn ping -6 -n -D -i 0.02 -W 1 "$HOA"
	wait_until 5 grep -q 'bytes from' "ping-$sig.log"
	t0=$(lab_now)
	if [ "$sig" = TERM ]; then
		# every binding's route and proxy entry go one by one: allow a minute
		lab_kill mip6d-ha TERM 60
		check_eq "SIGTERM: mip6d stops cleanly with $((N + 1)) bindings" 0 "$LAB_EXIT"
		check_eq "SIGTERM: no route or proxy entry of a binding is left (a final stop)" \
		    "0 0" "$(kernel_count)"
	else
		mip6d_stop ha KILL
		check_eq "SIGKILL: the crashed home agent's kernel objects are still there" \
		    "$((N + 1)) $((N + 1))" "$(kernel_count)"
	fi
	t1=$(lab_now)
	# mip6d_start waits 10 s; a crash's leftovers under load may take longer to clean
	mip6d_start ha ha.conf -d notice
	check_wait "$sig: mip6d starts again" 60 ctl ha status
	t2=$(lab_now)
	check_until "$sig: every binding is back" 30 'test "$(bc_count)" = "$((N + 1))"'
	check_until "$sig: one route and one proxy entry per binding again" 30 \
	    'test "$(kernel_count)" = "$((N + 1)) $((N + 1))"'
	n_replies=$(ping_replies "ping-$sig.log")
	check_until "$sig: cn's pings to the home address are answered again" 30 \
	    'test "$(ping_replies "ping-$sig.log")" -gt "$((n_replies + 5))"'
	lab_kill "ping-$sig" INT 3
	set -- $(facts ha)
	check_eq "$sig: the binding keeps its sequence number and care-of address" \
	    "$seq0 $coa0" "$4 $6"
	check "$sig: and its remaining lifetime, not a fresh one ($5 s, was $rem0 s)" \
	    test "$5" -le "$rem0"
	check_eq "$sig: the new home agent received no BU" 0 "$2"
	restore_ms=$7
	set -- $(facts mn)
	check_eq "$sig: the mobile node sent no BU" "$bu0" "$3"
	check "$sig: the mobile node still counts itself registered" registered
	outage=$(awk '/bytes from/ { t = substr($1, 2, length($1) - 2) + 0;
	    if (p && t - p > gap) gap = t - p; p = t } END { printf "%.2f", gap }' "ping-$sig.log")
	note "$sig with $((N + 1)) bindings: stop $(lab_elapsed "$t0" "$t1") s," \
	    "start to ready $(lab_elapsed "$t1" "$t2") s (reinstall $restore_ms ms)," \
	    "traffic outage seen by cn: $outage s"
	echo "$sig $((N + 1)) $outage $restore_ms" >>outage.txt
	[ "$sig" = TERM ] && note "state file: $write_us us of writes for $N registrations" \
	    "($(awk -v w="$write_us" -v n="$N" 'BEGIN { printf "%.1f", w / n }') us each)"
}

if [ "$REDIS" = yes ]; then
	check_until "Redis holds every binding" 30 'test "$(redis_keys)" = "$((N + 1))"'
	lab_kill redis KILL 3
	note "Redis stopped before the restarts"
fi
restart TERM
restart KILL

# what the store holds after all this: exactly the live bindings, nothing torn
ctl ha sync >sync.txt 2>&1
check_eq "the state file holds every binding once after the start's compaction" \
    "$((8 + (N + 1) * 76))" "$(stat -c %s "$STATE")"

check "the mobile node stops cleanly" mip6d_stop mn
check_until "its de-registration removes its binding" 5 'test "$(bc_count)" = "$N"'
if [ "$REDIS" = yes ]; then
	check "Redis away: the de-registration is counted as not replicated" \
	    test "$(ctl ha -j sync | sed -n 's/.*"unreplicated": *\([0-9]*\).*/\1/p')" -ge 1
	check "redis-server starts again (empty)" redis_start
	check_until "the home agent catches up: Redis holds the $N bindings left" 30 \
	    'test "$(redis_keys)" = "$N"'
	gap=$(grep -o 'caught up: .*' mip6d-ha.log | tail -1)
	check_match "the home agent reports the gap" "changes of the last" "$gap"
	note "Redis back: $gap"
fi
lab_kill mip6d-ha TERM 60
check_eq "the home agent stops cleanly" 0 "$LAB_EXIT"
check_eq "nothing of the bindings is left in the kernel" "0 0" "$(kernel_count)"
