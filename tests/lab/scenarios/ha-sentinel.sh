# scenario ha-sentinel: the home agents find their Redis master through Redis Sentinel; the master dies, Sentinel promotes the replica, the active home agent reconnects and catches up, the standby has every binding; a planned switchover moves them at once
# lab-topology: standard ha2=yes
# lab-timeout: 600
#
# On r (home link): redis-server master (port 6379), a replica of it (6380) and one Sentinel
# (26379; quorum 1, down-after-milliseconds 2000, failover-timeout 5000).  mip6d on ha
# (active) and ha2 (standby) name two Sentinels: first one that does not exist (nothing
# answers at 2001:db8:1::5), then the real one, and the master name "lab", not a server.
#  1. both skip the silent Sentinel, find the master through the other one, and follow it;
#     N bindings registered with ha (tests/load/ha-load) reach the master, its replica, and
#     ha2's warm copy;
#  2. the master is killed: ha keeps accepting registrations (M more, counted as not
#     replicated); Sentinel promotes the replica; ha and ha2 reconnect to it (the Sentinel's
#     +switch-master, or asking again), ha catches up, ha2 holds all N + M;
#  3. the old master starts again and Sentinel makes it a replica of the new one: the home
#     agents stay where they are;
#  4. a planned switchover (SENTINEL FAILOVER) back to the first server: both follow
#     +switch-master, and the next registrations reach ha2 through the new master.

N=200
M=50
VIP=2001:db8:1::a
DEAD=2001:db8:1::5
LOADGEN="$BUILDDIR/tests/load/ha-load"
R=$R_HOME_ADDR

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
	skip "ha-sentinel" "redis-server or redis-cli is not installed (tests/install-deps)"
	return 0 2>/dev/null || exit 0
fi
if ! grep -q '^#define HAVE_HIREDIS 1' "$BUILDDIR/config.h" 2>/dev/null; then
	skip "ha-sentinel" "mip6d was built without hiredis (libhiredis-dev)"
	return 0 2>/dev/null || exit 0
fi

# the load generator on its own link to ha (as in ha-load), the shared address on ha
load_link
ip -n ha addr add "$VIP/64" dev eth0 nodad

ha_conf() {
	# ha_conf NS ROLE
	conf_ha "$1.conf" node="$1" home-agent-address="$VIP" max-binding-lifetime=3600 dad=no \
	    state-file='""' "replication {
		redis-sentinel = { \"[$DEAD]:26379\", \"[$R]:26379\" }
		redis-master-name = lab
		key-prefix = lab
		role = $2
	}"
}
ha_conf ha active
ha_conf ha2 standby

rcli() { in_ns r redis-cli -h "$R" "$@"; }
# redis_start NAME PORT [ARGS]: a redis-server on r, without persistence
redis_start() {
	_rn=$1 _rp=$2
	shift 2
	lab_bg "$_rn" "$_rn.log" nsenter --net=/run/netns/r redis-server --bind "$R" \
	    --port "$_rp" --save '' --appendonly no --protected-mode no "$@"
	wait_until 30 rcli -p "$_rp" ping
}
sentinel_start() {
	# Sentinel rewrites its file: a copy of ours in the run directory
	cat >"$LAB_RUN/sentinel.conf" <<EOS
bind $R
port 26379
protected-mode no
dir $LAB_RUN
sentinel monitor lab $R 6379 1
sentinel down-after-milliseconds lab 2000
sentinel failover-timeout lab 5000
EOS
	lab_bg sentinel sentinel.log nsenter --net=/run/netns/r redis-server \
	    "$LAB_RUN/sentinel.conf" --sentinel
	wait_until 30 rcli -p 26379 ping
}
master_port() { rcli -p 26379 sentinel get-master-addr-by-name lab | sed -n 2p; }
role_of() { rcli -p "$1" role | head -1; }
keys_on() { rcli -p "$1" --scan --pattern 'lab:b:*' | grep -c .; }
sync_val() { ctl "$1" -j sync | json_eval "$2" 2>/dev/null; }
bindings() { sync_val "$1" 'd["bindings"]'; }
behind() { sync_val "$1" 'd["replication"]["behind"]'; }
# follows NS PORT: the daemon of NS is connected (both connections) to the master at PORT
follows() {
	[ "$(sync_val "$1" "d['replication']['server'] == '$R' and d['replication']['port'] == $2 and d['replication']['connected']")" = true ]
}
# log_s NS ERE: the time (seconds of the day, from the daemon's log) of the last line matching
log_s() {
	awk -v re="$2" '$0 ~ re { split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3] }
	    END { if (s != "") printf "%.3f\n", s }' "mip6d-$1.log"
}
switches() { sync_val "$1" 'd["replication"]["master-switches"]'; }
load() {
	# load COUNT HOA-BASE OUT
	in_ns lg "$LOADGEN" -i eth0 -a "$VIP" -p 2001:db8:99:: -b "$2" -n "$1" -w 64 \
	    -l 3600 >"$3" 2>&1
	sed -n 's/.*: \([0-9]*\) accepted.*/\1/p' "$3"
}
start() {
	_n=$1
	shift
	mip6d_start "$@"
	check_wait "$_n" 60 ctl "$1" status
}

# --- 1. the master through the Sentinel -------------------------------------------------------
check "redis-server master runs on r (port 6379)" redis_start redis-m 6379
check "its replica runs on r (port 6380)" redis_start redis-r 6380 --replicaof "$R" 6379
check_until "the replica follows the master" 30 \
    'rcli -p 6380 info replication | grep -q "^master_link_status:up"'
check "a Sentinel watches the master (port 26379)" sentinel_start
check_until "the Sentinel knows the replica" 30 \
    'rcli -p 26379 sentinel replicas lab | grep -q "^$R$"'
start "mip6d on ha starts as the active home agent" ha ha.conf
start "mip6d on ha2 starts as a standby" ha2 ha2.conf
check_until "ha finds the master through the Sentinel and follows it" 30 'follows ha 6379'
check_until "ha2 finds it too" 30 'follows ha2 6379'
check_match "ha skipped the Sentinel that does not answer" \
    "Sentinel \[$DEAD\]:26379: " "$(grep 'ha-repl: Sentinel' mip6d-ha.log)"
check_eq "ha watches the Sentinel that answered" "[$R]:26379" \
    "$(sync_val ha 'd["replication"]["sentinel"]')"
A=$(load "$N" 2001:db8:1::1:0 load.out)
check "$N mobile nodes register with ha (at least 90 % accepted: $A)" \
    test "${A:-0}" -ge $((N * 9 / 10))
T=$A
check_eq "ha holds $T bindings" "$T" "$(bindings ha)"
check_until "the master holds one key per binding" 30 'test "$(keys_on 6379)" = "$T"'
check_until "its replica has them too" 30 'test "$(keys_on 6380)" = "$T"'
check_until "ha2 holds a warm copy of all $T" 30 'test "$(bindings ha2)" = "$T"'

# --- 2. the master dies ----------------------------------------------------------------------------
lab_kill redis-m KILL 3
B=$(load "$M" 2001:db8:1::3:0 load-nomaster.out)
check_eq "master away: ha still accepts every registration ($M)" "$M" "$B"
T=$((T + B))
check_eq "nothing lost on the active side: ha holds $T" "$T" "$(bindings ha)"
lost=$(sync_val ha 'd["replication"]["unreplicated"]')
check "ha counts the changes it could not replicate ($lost)" test "${lost:-0}" -ge 1
check_until "the Sentinel promotes the replica (port 6380)" 60 'test "$(master_port)" = 6380'
check_until "ha reconnects to the new master" 30 'follows ha 6380'
check_until "ha catches up" 30 'test "$(behind ha)" = false'
check_until "the new master holds all $T keys" 30 'test "$(keys_on 6380)" = "$T"'
check_until "ha2 follows the new master" 30 'follows ha2 6380'
check_until "ha2 has all $T" 30 'test "$(bindings ha2)" = "$T"'
check_until "ha heard the Sentinel's +switch-master" 10 'test "$(switches ha)" -ge 1'
l0=$(log_s ha 'ha-repl: Redis \\[.*\\]:6379: connection lost')
l1=$(log_s ha 'ha-repl: Redis \\[.*\\]:6380: connected')
note "master killed: ha lost it and wrote to the promoted replica" \
    "$(echo "$l0 $l1" | awk '{ printf "%.1f", $2 - $1 }') s later (down-after-milliseconds" \
    "2000), $lost changes caught up"

# --- 3. the old master comes back ------------------------------------------------------------------
check "the old master starts again (empty)" redis_start redis-m 6379
check_until "the Sentinel makes it a replica of the new master" 60 \
    'test "$(role_of 6379)" = slave && rcli -p 6379 info replication | grep -q "^master_link_status:up"'
check "ha stays with the new master" follows ha 6380
check "ha2 too" follows ha2 6380

# --- 4. a planned switchover --------------------------------------------------------------------
s0=$(switches ha)
check "SENTINEL FAILOVER: back to the first server" rcli -p 26379 sentinel failover lab
check_until "the Sentinel names port 6379 again" 60 'test "$(master_port)" = 6379'
check_until "ha follows +switch-master to it" 30 \
    'follows ha 6379 && test "$(switches ha)" -gt "$s0"'
check_until "ha2 follows too" 30 'follows ha2 6379'
check_until "ha is not behind" 30 'test "$(behind ha)" = false'
C=$(load "$M" 2001:db8:1::5:0 load-after.out)
check_eq "ha accepts $M more registrations" "$M" "$C"
T=$((T + C))
check_until "ha2 has all $T through the new master" 30 'test "$(bindings ha2)" = "$T"'
check_until "the master holds all $T keys" 30 'test "$(keys_on 6379)" = "$T"'

check "ha stops cleanly" mip6d_stop ha
check "ha2 stops cleanly" mip6d_stop ha2
