# scenario ha-failover: two home agents share an address moved by keepalived (VRRPv3) and their bindings through Redis; the active one dies, the standby answers for the mobile node without a new registration, and accepts its next BU
# lab-topology: standard mn=f1 ha2=yes
# lab-timeout: 900
#
# redis-server runs on r (on the home link); keepalived on ha and ha2 moves the home agent
# address 2001:db8:1::a with etc/keepalived-mip6d.conf, whose notify script (etc/
# mip6d-keepalived-notify) tells mip6d "takeover" or "standby".  mip6d on ha is active and
# writes every binding change to Redis; mip6d on ha2 is standby and follows the stream.
#  1. the mobile node registers through the shared address, N more bindings come from
#     tests/load/ha-load: ha2 holds a warm copy of all of them, installs nothing;
#  2. Redis is stopped: ha still accepts every registration (nothing lost on the active side),
#     counts what it could not replicate; Redis back: ha catches up and reports the gap, ha2
#     has them all again;
#  3. ha dies (mip6d and keepalived SIGKILL, its link down): keepalived moves the address,
#     ha2 installs every binding; cn's pings to the home address come back through ha2's
#     tunnel with no BU sent; the takeover time is printed;
#  4. the mobile node's next BU (a handover to f2, the next sequence number) is accepted by ha2.
# N is 1,000 in make check, 10,000 with LAB_SCALE=big.

N=1000
[ "${LAB_SCALE:-}" = big ] && N=10000
M=100
VIP=2001:db8:1::a
HOA=2001:db8:1::100
LOADGEN="$BUILDDIR/tests/load/ha-load"
ETC="$LAB_SRC/../../etc"

if ! command -v redis-server >/dev/null || ! command -v keepalived >/dev/null; then
	skip "ha-failover" "redis-server or keepalived is not installed (tests/install-deps)"
	return 0 2>/dev/null || exit 0
fi
if ! grep -q '^#define HAVE_HIREDIS 1' "$BUILDDIR/config.h" 2>/dev/null; then
	skip "ha-failover" "mip6d was built without hiredis (libhiredis-dev)"
	return 0 2>/dev/null || exit 0
fi

# the load generator on its own link to ha (as in ha-load)
load_link

ha_conf() {
	# ha_conf NS ROLE
	# a route per binding, which the checks count on each home agent
	conf_ha "$1.conf" node="$1" home-agent-address="$VIP" max-binding-lifetime=3600 dad=no \
	    binding-routes=yes \
	    state-file=/var/lib/mip6d/$1.state "replication {
		redis-server = $R_HOME_ADDR
		key-prefix = lab
		role = $2
	}"
}
ha_conf ha active
ha_conf ha2 standby
conf_mn mn.conf hoa=$HOA home-agent=$VIP
kal_conf() {
	# kal_conf NS ROUTER-ID PRIORITY: the example of etc/, with this lab's paths
	sed -e "s|router_id mip6d-ha1|router_id $2|" -e "s|priority 150|priority $3|" \
	    -e "s|/usr/local/libexec/mip6d/mip6d-keepalived-notify \([a-z]*\) /run/mip6d.sock|$ETC/mip6d-keepalived-notify \1 $(mip6d_sock "$1") $MIP6D_CTL|" \
	    "$ETC/keepalived-mip6d.conf" >"$LAB_RUN/keepalived-$1.conf"
}
kal_start() {
	kal_conf "$1" "$2" "$3"
	lab_bg "keepalived-$1" "keepalived-$1.log" nsenter --net="/run/netns/$1" \
	    keepalived -n -l -D -f "$LAB_RUN/keepalived-$1.conf" -p "$LAB_RUN/kal-$1.pid" \
	    -r "$LAB_RUN/kal-vrrp-$1.pid"
}
redis_start() {
	lab_bg redis redis.log nsenter --net=/run/netns/r redis-server --bind "$R_HOME_ADDR" \
	    --port 6379 --save '' --appendonly no --protected-mode no
	wait_until 30 in_ns r redis-cli -h "$R_HOME_ADDR" ping
}
has_vip() { ip -n "$1" -6 addr show dev eth0 | grep -q "inet6 $VIP/"; }
sync_val() { ctl "$1" -j sync | json_eval "$2" 2>/dev/null; }
bindings() { sync_val "$1" 'd["bindings"]'; }
behind() { sync_val "$1" 'd["replication"]["behind"]'; }
ha_role() { sync_val "$1" 'd["role"]'; }
counter() { ctl "$1" -j status | json_eval "d['counters'].get('$2', 0)"; }
routes() { ip -n "$1" -6 route show proto all 2>/dev/null | grep -c ' encap ip6 '; }
registered() {
	[ "$(ctl mn -j bul | json_eval "d['entries'][0]['state'] if d.get('entries') else ''")" = registered ]
}
mn_binding() {
	ctl "$1" -j bc | json_eval "' '.join(str(b[k]) for b in d['bindings'] if b['home-address'] == '$HOA' for k in ('sequence', 'care-of-address'))"
}
metric() {	# metric FILE 'NAME{LABELS}': its value, or nothing
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}
mn_seq() { mn_binding "$1" | cut -d' ' -f1; }
load() {
	# load COUNT HOA-BASE OUT
	in_ns lg "$LOADGEN" -i eth0 -a "$VIP" -p 2001:db8:99:: -b "$2" -n "$1" -w 64 \
	    -l 3600 >"$3" 2>&1
	sed -n 's/.*: \([0-9]*\) accepted.*/\1/p' "$3"
}

# start NAME NS CONF [ARGS]: mip6d_start waits 10 s, a busy machine may need more
start() {
	_n=$1
	shift
	mip6d_start "$@"
	check_wait "$_n" 60 ctl "$1" status
}

# --- 1. the pair ------------------------------------------------------------------------
check "redis-server runs on the home link" redis_start
start "mip6d on ha starts as the active home agent" ha ha.conf -d info
start "mip6d on ha2 starts as a standby" ha2 ha2.conf -d info
repl_up() { [ "$(sync_val "$1" 'd["replication"]["connected"]')" = true ]; }
check_wait "both follow Redis" 30 eval 'repl_up ha && repl_up ha2'
kal_start ha mip6d-ha1 150
check_wait "keepalived gives the home agent address to ha" 30 has_vip ha
kal_start ha2 mip6d-ha2 100
check_eq "mip6d on ha2 stays standby" standby "$(ha_role ha2)"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
start "mip6d starts as mobile node" mn mn.conf
check_wait "mn registers through the shared home agent address" 30 registered
A=$(load "$N" 2001:db8:1::1:0 load.out)
check "$N more mobile nodes register with ha (at least 90 % accepted: $A)" \
    test "${A:-0}" -ge $((N * 9 / 10))
T=$((A + 1))
check_eq "ha holds $T bindings" "$T" "$(bindings ha)"
check_until "ha2 holds a warm copy of all $T" 30 'test "$(bindings ha2)" = "$T"'
check_eq "ha2 installed none of them" 0 "$(routes ha2)"
set -- $(mn_binding ha)
seq0=$1 coa0=$2
check_eq "ha2's copy has the mobile node's sequence number and care-of address" \
    "$seq0 $coa0" "$(mn_binding ha2)"
check "Redis holds one key per binding, expiring with it" \
    test "$(in_ns r redis-cli -h "$R_HOME_ADDR" --scan --pattern 'lab:b:*' | grep -c .)" = "$T"
ttl=$(in_ns r redis-cli -h "$R_HOME_ADDR" pttl "lab:b:$HOA|$VIP")
check "the mobile node's key expires with its binding (ttl $ttl ms)" \
    test "${ttl:-0}" -gt 0 -a "${ttl:-0}" -le 600000

# --- 2. Redis stopped mid-way ------------------------------------------------------------------
lab_kill redis KILL 3
B=$(load "$M" 2001:db8:1::3:0 load-noredis.out)
check_eq "Redis away: ha still accepts every registration ($M)" "$M" "$B"
T=$((T + B))
check_eq "nothing lost on the active side: ha holds $T" "$T" "$(bindings ha)"
lost=$(sync_val ha 'd["replication"]["unreplicated"]')
check "ha counts the changes it could not replicate ($lost)" test "${lost:-0}" -ge "$M"
ctl ha metrics >metrics-away.prom
check_eq "metrics: replication down while Redis is away" 0 \
    "$(metric metrics-away.prom mip6d_replication_connected)"
check_eq "metrics: replication behind while Redis is away" 1 \
    "$(metric metrics-away.prom mip6d_replication_behind)"
lag=$(metric metrics-away.prom mip6d_replication_lag_seconds)
check "metrics: replication lag counts from the first change Redis missed ($lag s)" \
    awk -v l="${lag:-0}" 'BEGIN { exit !(l > 0 && l < 600) }'
check "redis-server starts again (empty)" redis_start
check_until "ha catches up" 20 'test "$(behind ha)" = false'
check_until "ha2 has all $T again" 30 'test "$(bindings ha2)" = "$T"'
gap=$(grep -o 'caught up: .*' mip6d-ha.log | tail -1)
caught_up() {
	ctl ha metrics >metrics-caughtup.prom &&
	    [ "$(metric metrics-caughtup.prom mip6d_replication_connected)" = 1 ] &&
	    [ "$(metric metrics-caughtup.prom mip6d_replication_behind)" = 0 ] &&
	    [ "$(metric metrics-caughtup.prom mip6d_replication_lag_seconds)" = 0 ]
}
check_wait "metrics: replication connected, not behind, lag 0 once Redis has every change" 20 \
    caught_up
check_match "ha reports the gap" "changes of the last" "$gap"
note "Redis stopped: $gap"

# --- 3. the active home agent dies -----------------------------------------------------------
lab_bg ping ping.log in_ns cn ping -6 -n -D -i 0.02 -W 1 "$HOA"
check_wait "cn reaches the home address through ha" 5 grep -q 'bytes from' ping.log
bu0=$(counter mn tx.bu)
t0=$(lab_now)
kill -KILL "$(cat "$LAB_RUN/kal-vrrp-ha.pid" 2>/dev/null)" 2>/dev/null
lab_kill keepalived-ha KILL 3
mip6d_stop ha KILL
ip -n ha link set eth0 down
check_wait "keepalived moves the home agent address to ha2" 30 has_vip ha2
t1=$(lab_now)
check_until "mip6d on ha2 becomes active (notify script, or the address appearing)" 30 \
    'test "$(ha_role ha2)" = active'
check_until "ha2 installs every binding (one route each)" 30 'test "$(routes ha2)" = "$T"'
n=$(ping_replies ping.log)
check_until "cn's pings to the home address are answered through ha2" 30 \
    'test "$(ping_replies ping.log)" -gt "$((n + 5))"'
t2=$(lab_now)
lab_kill ping INT 3
check_eq "the mobile node sent no BU" "$bu0" "$(counter mn tx.bu)"
check_eq "ha2 needed no BU" 0 "$(counter ha2 rx.bu)"
outage=$(awk '/bytes from/ { t = substr($1, 2, length($1) - 2) + 0;
    if (p && t - p > gap) gap = t - p; p = t } END { printf "%.2f", gap }' ping.log)
note "takeover with $T bindings: address moved $(lab_elapsed "$t0" "$t1") s after the" \
    "kill, bindings installed in $(sync_val ha2 'd["takeover-ms"]') ms, traffic outage seen" \
    "by cn $outage s"
echo "$T $outage $(sync_val ha2 'd["takeover-ms"]')" >takeover.txt

# --- 4. the next BU -----------------------------------------------------------------------------
mn_move f2
check_until "the mobile node's next BU (handover to f2) is accepted by ha2" 15 \
    'test "$(mn_seq ha2)" = $(( (seq0 + 1) % 65536 ))'
check_wait "mn counts itself registered again" 10 registered
check_eq "ha2's binding moved to f2" "$(node_addr mn eth0 "$LAB_PREFIX_f2")" \
    "$(mn_binding ha2 | cut -d' ' -f2)"
check "cn reaches the home address on f2 through ha2" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"

check "the mobile node stops cleanly" mip6d_stop mn
lab_kill mip6d-ha2 TERM 60
check_eq "ha2 stops cleanly" 0 "$LAB_EXIT"
check_eq "nothing of the bindings is left in ha2's kernel" 0 "$(routes ha2)"
