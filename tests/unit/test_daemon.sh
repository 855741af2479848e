#!/bin/sh
# test_daemon.sh - the whole daemon (kernel managers faked) with a private control socket:
# start, mip6d-ctl, SIGHUP and control reloads, log level, a second daemon refused, SIGTERM
# cleanup, a stale socket after a crash, the ha and mn roles, and mip6d-ctl's exit codes.
# Runs from the build directory (make check); exit 77 = skipped.
set -u

daemon=./tests/unit/mip6d-fake
ctl=./mip6d-ctl
for f in "$daemon" "$ctl"; do
	[ -x "$f" ] || { echo "test_daemon: $f not built"; exit 99; }
done

dir=$(mktemp -d /tmp/mip6d-test.XXXXXX) || exit 99
sock=$dir/ctl.sock
pidf=$dir/mip6d.pid
conf=$dir/mip6d.conf
log=$dir/mip6d.log
pid=
failed=0

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

ok() {
	echo "ok: $*"
}

# A test is only meaningful when the configuration can move the socket out of /run.
printf 'this is { not a configuration\n' >"$dir/bad.conf"
if "$daemon" -n -c "$dir/bad.conf" >/dev/null 2>&1; then
	echo "SKIP: the configuration module accepts anything (placeholder):" \
	    "no control-socket path to point at a private socket"
	exit 77
fi

cat >"$conf" <<EOF
roles = {"cn"}
log-level = "info"
control-socket {
	path = "$sock"
	mode = "0600"
}
EOF
if ! out=$("$daemon" -n -c "$conf" 2>&1); then
	echo "FAIL: the test configuration is refused:"
	echo "$out"
	exit 1
fi

unset JOURNAL_STREAM NOTIFY_SOCKET MIP6D_SOCKET

# wait_for CONDITION...: up to 5 s
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

in_log() {
	grep -q -- "$1" "$log"
}

# run_ctl ARGS...: sets rc, out (stdout) and err (stderr)
run_ctl() {
	"$ctl" "$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	out=$(cat "$dir/out")
	err=$(cat "$dir/err")
}

start_daemon() {
	"$daemon" -f -c "$conf" -p "$pidf" >>"$log" 2>&1 &
	pid=$!
	if ! wait_for test -S "$sock"; then
		if ! kill -0 "$pid" 2>/dev/null && grep -q "Operation not permitted" "$log"; then
			echo "SKIP: the daemon needs CAP_NET_RAW (its Mobility Header socket):"
			cat "$log"
			exit 77
		fi
		echo "FAIL: the daemon did not create $sock; its log:"
		cat "$log"
		exit 1
	fi
}

# ---- start ----
: >"$log"
start_daemon
kill -0 "$pid" 2>/dev/null && ok "daemon started (pid $pid)" || fail "daemon not running"
[ "$(cat "$pidf" 2>/dev/null)" = "$pid" ] && ok "pid file" || fail "pid file holds '$(cat "$pidf")'"
mode=$(stat -c %a "$sock")
[ "$mode" = 600 ] && ok "socket mode 0600" || fail "socket mode $mode"

# ---- status ----
run_ctl -s "$sock" status
if [ $rc -eq 0 ] && echo "$out" | grep -q "^pid: *$pid\$" &&
    echo "$out" | grep -q '^version: ' && echo "$out" | grep -q '^roles: *cn$' &&
    echo "$out" | grep -q '^uptime: '; then
	ok "status"
else
	fail "status: rc $rc, out: $out, err: $err"
fi
run_ctl -s "$sock" --json status
case "$out" in
'{"ok":true,'*"\"pid\":$pid,"*) [ $rc -eq 0 ] && ok "--json status" || fail "--json rc $rc" ;;
*) fail "--json status: rc $rc, out: $out" ;;
esac
MIP6D_SOCKET=$sock "$ctl" status >/dev/null 2>&1 && ok "MIP6D_SOCKET" || fail "MIP6D_SOCKET"
run_ctl status --json -s "$sock"
case "$out" in
'{"ok":true,'*) ok "options after the command" ;;
*) fail "status --json -s: rc $rc, out: $out, err: $err" ;;
esac

# ---- reloads ----
kill -HUP "$pid"
if wait_for in_log "reloaded $conf"; then ok "SIGHUP reload logged"; else fail "SIGHUP: no reload in the log"; fi
n=$(grep -c "reloaded $conf" "$log")
run_ctl -s "$sock" reload
if [ $rc -eq 0 ] && [ "$out" = "configuration reloaded" ] &&
    [ "$(grep -c "reloaded $conf" "$log")" -eq $((n + 1)) ]; then
	ok "mip6d-ctl reload"
else
	fail "reload: rc $rc, out: $out, err: $err"
fi

# ---- log level ----
run_ctl -s "$sock" log-level debug
[ $rc -eq 0 ] && [ "$out" = "log level: debug" ] && ok "log-level debug" ||
    fail "log-level debug: rc $rc, out: $out, err: $err"
run_ctl -s "$sock" log-level
[ $rc -eq 0 ] && [ "$out" = "log level: debug" ] && ok "log-level shows" ||
    fail "log-level: rc $rc, out: $out"
wait_for in_log "log level set to debug" && ok "log level change logged" ||
    fail "no 'log level set to debug' in the log"
run_ctl -s "$sock" log-level loud
[ $rc -eq 1 ] && echo "$err" | grep -q "unknown log level" && ok "bad log level: exit 1" ||
    fail "log-level loud: rc $rc, err: $err"
run_ctl -s "$sock" --json log-level loud
[ $rc -eq 1 ] && echo "$out" | grep -q '^{"ok":false,"error":' && ok "--json error: exit 1" ||
    fail "--json log-level loud: rc $rc, out: $out"
run_ctl -s "$sock" log-level info
[ $rc -eq 0 ] || fail "log-level info: rc $rc"

# ---- bc and bul: tables once the roles register them ----
for cmd in bc bul; do
	run_ctl -s "$sock" $cmd
	if [ $rc -eq 0 ]; then
		ok "$cmd: $(echo "$out" | head -1)"
	elif [ $rc -eq 1 ] && echo "$err" | grep -q "unknown command"; then
		ok "$cmd: not registered by the roles yet"
	else
		fail "$cmd: rc $rc, out: $out, err: $err"
	fi
done

# ---- usage ----
run_ctl -s "$sock"
[ $rc -eq 2 ] && ok "no command: exit 2" || fail "no command: rc $rc"
run_ctl -s "$sock" frobnicate
[ $rc -eq 2 ] && ok "unknown command: exit 2" || fail "unknown command: rc $rc"
run_ctl -s "$sock" status extra
[ $rc -eq 2 ] && ok "extra argument: exit 2" || fail "extra argument: rc $rc"
# wait: arguments, then a wait no event ends (exit 6 at -t, after it said it was waiting)
run_ctl -s "$sock" wait
[ $rc -eq 2 ] && ok "wait without an event: exit 2" || fail "wait without an event: rc $rc"
run_ctl -s "$sock" wait handover-finished care-of-address
[ $rc -eq 2 ] && echo "$err" | grep -q "not KEY=VALUE" && ok "wait, KEY without =VALUE: exit 2" ||
    fail "wait, KEY without =VALUE: rc $rc, $err"
run_ctl -s "$sock" -t 1 wait binding-created home-address=2001:db8::1
[ $rc -eq 6 ] && [ "$out" = "waiting for binding-created" ] &&
    echo "$err" | grep -q "no such event before the timeout" && ok "wait: exit 6 at its timeout" ||
    fail "wait at its timeout: rc $rc, out '$out', err '$err'"
run_ctl --bogus status
[ $rc -eq 2 ] && ok "unknown option: exit 2" || fail "unknown option: rc $rc"
run_ctl --version
[ $rc -eq 0 ] && echo "$out" | grep -q '^mip6d-ctl ' && ok "--version" || fail "--version: rc $rc"
run_ctl --help
[ $rc -eq 0 ] && echo "$out" | grep -q '^usage: ' && ok "--help" || fail "--help: rc $rc"

# ---- permission denied (exit 4): needs a user the socket's mode keeps out ----
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$dir/closed" && chmod 000 "$dir/closed"
	run_ctl -s "$dir/closed/ctl.sock" status
	chmod 700 "$dir/closed"
	[ $rc -eq 4 ] && echo "$err" | grep -q "permission denied" && ok "permission denied: exit 4" ||
	    fail "permission denied: rc $rc, err: $err"
elif command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	chmod 755 "$dir"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    "$ctl" -s "$sock" status >"$dir/out" 2>"$dir/err"
	rc=$?
	chmod 700 "$dir"
	if [ $rc -eq 126 ] || [ $rc -eq 127 ]; then
		echo "skip: nobody cannot run $ctl here; exit 4 not checked"
	else
		[ $rc -eq 4 ] && grep -q "permission denied" "$dir/err" &&
		    ok "permission denied (as nobody): exit 4" ||
		    fail "permission denied: rc $rc, err: $(cat "$dir/err")"
	fi
else
	echo "skip: no unprivileged user to check exit 4 with"
fi

# ---- a second daemon is refused ----
"$daemon" -f -c "$conf" -p "$pidf" >"$dir/second.log" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "another mip6d is running" "$dir/second.log" &&
    ok "second daemon, same pid file: exit 1" || fail "same pid file: rc $rc: $(cat "$dir/second.log")"
"$daemon" -f -c "$conf" -p "$dir/other.pid" >"$dir/second.log" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "another mip6d is listening on $sock" "$dir/second.log" &&
    ok "second daemon, same socket: exit 1" || fail "same socket: rc $rc: $(cat "$dir/second.log")"
[ -e "$dir/other.pid" ] && fail "the refused daemon left its pid file"
run_ctl -s "$sock" status
[ $rc -eq 0 ] && [ -f "$pidf" ] && ok "first daemon still serving" ||
    fail "first daemon after the refusals: rc $rc, err: $err"

# ---- 64 silent clients hold every place: mip6d-ctl is told so (exit 1), then served ----
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import os, socket, sys, time
held = []
for _ in range(64):
	s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	s.connect(sys.argv[1])
	held.append(s)
open(sys.argv[2], "w").close()
time.sleep(2)
' "$sock" "$dir/held" &
	hpid=$!
	wait_for test -e "$dir/held"
	run_ctl -s "$sock" status
	[ $rc -eq 1 ] && echo "$err" | grep -q "too many clients" &&
	    ok "65th client: exit 1, too many clients" || fail "65th client: rc $rc, err: $err"
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null
	run_ctl -s "$sock" status
	i=0
	while [ $rc -ne 0 ] && [ $i -lt 20 ]; do
		sleep 0.1
		run_ctl -s "$sock" status
		i=$((i + 1))
	done
	[ $rc -eq 0 ] && ok "served again once they left" || fail "after the 64: rc $rc, err: $err"
fi

# ---- SIGTERM ----
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
in_log "signal TERM: shutting down" && ok "shutdown logged" || fail "no shutdown in the log"
[ -e "$sock" ] && fail "socket left behind" || ok "socket removed"
[ -e "$pidf" ] && fail "pid file left behind" || ok "pid file removed"

# ---- no daemon: exit 3 ----
run_ctl -s "$sock" status
[ $rc -eq 3 ] && echo "$err" | grep -q "not running" && ok "no daemon: exit 3" ||
    fail "no daemon: rc $rc, err: $err"

# ---- a crash leaves a stale socket: mip6d-ctl says not running, a new daemon replaces it ----
start_daemon
kill -KILL "$pid"
wait "$pid" 2>/dev/null
pid=
[ -S "$sock" ] || fail "no stale socket after SIGKILL"
run_ctl -s "$sock" status
[ $rc -eq 3 ] && ok "stale socket: exit 3" || fail "stale socket: rc $rc, err: $err"
start_daemon
if wait_for in_log "removing stale control socket $sock"; then ok "stale socket replaced"; else
	fail "no 'removing stale control socket' in the log"
fi
run_ctl -s "$sock" status
[ $rc -eq 0 ] && ok "status after restart" || fail "status after restart: rc $rc, err: $err"
kill -TERM "$pid"
wait "$pid"
pid=

# ---- the socket's mode and group come from the configuration ----
group=$(id -gn)
sed -e 's/mode = "0600"/mode = "0660"/' \
    -e "s/^}\$/	group = \"$group\"\\
}/" "$conf" >"$dir/group.conf"
"$daemon" -f -c "$dir/group.conf" -p "$pidf" >>"$log" 2>&1 &
pid=$!
if wait_for test -S "$sock"; then
	got=$(stat -c '%a %G' "$sock")
	[ "$got" = "660 $group" ] && ok "socket mode 0660, group $group" ||
	    fail "mode and group: got '$got', want '660 $group'"
else
	fail "no socket with group.conf: $(cat "$dir/group.conf")"
fi
kill -TERM "$pid"
wait "$pid"
pid=

# ---- the home agent and the mobile node, on the fake kernel ----
# Every kernel manager is faked (tests/unit/fake_kern.c): the roles run whole, with "lo" as
# their link, and leave nothing behind on the host (no mip6ha tunnel device appears).
# stop_daemon NAME: SIGTERM, exit 0, "stopped" logged.
stop_daemon() {
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	pid=
	[ $rc -eq 0 ] && in_log "main: stopped" && ok "$1: SIGTERM: exit 0" ||
	    fail "$1: SIGTERM: exit $rc"
}
had_mip6ha=no
command -v ip >/dev/null 2>&1 && ip link show mip6ha >/dev/null 2>&1 && had_mip6ha=yes

conf=$dir/ha.conf
cat >"$conf" <<EOF
roles = {"ha"}
log-level = "info"
control-socket {
	path = "$sock"
	mode = "0600"
}
home-agent {
	state-file = "$dir/bindings.state"
}
home-link lo {
	prefix = { 2001:db8:1::/64 }
	home-agent-address = 2001:db8:1::1
}
EOF
: >"$log"
start_daemon
run_ctl -s "$sock" status
[ $rc -eq 0 ] && echo "$out" | grep -q '^roles: *ha$' && ok "ha on the fake kernel: status" ||
    fail "ha status: rc $rc, out: $out, err: $err"
run_ctl -s "$sock" bc
[ $rc -eq 0 ] && ok "ha on the fake kernel: bc" || fail "ha bc: rc $rc, out: $out, err: $err"
in_log "home agent on 1 home link" && ok "ha started its home link" ||
    fail "no 'home agent on 1 home link' in the log"
if [ $had_mip6ha = no ] && command -v ip >/dev/null 2>&1; then
	ip link show mip6ha >/dev/null 2>&1 && fail "ha on the fake kernel made a mip6ha device" ||
	    ok "ha on the fake kernel: no tunnel device on the host"
fi
stop_daemon ha

conf=$dir/mn.conf
cat >"$conf" <<EOF
roles = {"mn"}
log-level = "info"
control-socket {
	path = "$sock"
	mode = "0600"
}
interface lo {
	preference = 10
}
home-address 2001:db8:1::100/64 {
	home-agent = 2001:db8:1::1
}
EOF
: >"$log"
start_daemon
run_ctl -s "$sock" status
[ $rc -eq 0 ] && echo "$out" | grep -q '^roles: *mn$' &&
    echo "$out" | grep -q 'home address 2001:db8:1::100' && ok "mn on the fake kernel: status" ||
    fail "mn status: rc $rc, out: $out, err: $err"
run_ctl -s "$sock" bul
[ $rc -eq 0 ] && echo "$out" | grep -q '^2001:db8:1::100 ' && ok "mn on the fake kernel: bul" ||
    fail "mn bul: rc $rc, out: $out, err: $err"
stop_daemon mn

# ---- protocol errors (exit 5), against a fake server when python3 is there ----
fake_server() {
	python3 -c '
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1] + ".tmp")
s.listen(1)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])  # the path appears once it listens
c, _ = s.accept()
c.recv(4096)
if sys.argv[2] == "garbage":
	c.sendall(b"this is not json\n")
elif sys.argv[2] == "no-ok":
	c.sendall(b"{\"status\":1}\n")
elif sys.argv[2] == "half":
	c.sendall(b"{\"ok\":tr")
elif sys.argv[2] == "silent":
	time.sleep(3)
elif sys.argv[2] == "file":
	c.sendall(open(sys.argv[3], "rb").read())
c.close()
' "$dir/fake.sock" "$1" "$dir/answer" &
	fpid=$!
	wait_for test -S "$dir/fake.sock"
}
if command -v python3 >/dev/null 2>&1; then
	for mode in garbage no-ok half silent; do
		rm -f "$dir/fake.sock"
		fake_server $mode
		run_ctl -s "$dir/fake.sock" -t 1 status
		[ $rc -eq 5 ] && ok "$mode answer: exit 5 ($err)" || fail "$mode answer: rc $rc, err: $err"
		kill "$fpid" 2>/dev/null
		wait "$fpid" 2>/dev/null
	done

	# Tables: columns as wide as their content, numbers to the right, "-" for nothing.
	# table NAME COMMAND ANSWER, the expected output on stdin
	table() {
		cat >"$dir/expected"
		printf '%s\n' "$3" >"$dir/answer"
		rm -f "$dir/fake.sock"
		fake_server file
		TZ=UTC run_ctl -s "$dir/fake.sock" "$2"
		wait "$fpid" 2>/dev/null
		if [ $rc -eq 0 ] && printf '%s\n' "$out" | cmp -s - "$dir/expected"; then
			ok "$1 table"
		else
			fail "$1 table: rc $rc, err: $err, got:"
			printf '%s\n' "$out"
			echo "expected:"
			cat "$dir/expected"
		fi
	}
	table bc bc '{"ok":true,"bindings":[{"home-address":"2001:db8:1::100","care-of-address":"2001:db8:ffff:4242::1","local-address":"2001:db8:1::1","lifetime":600,"remaining":598,"sequence":12,"flags":"H","state":"registered"},{"home-address":"2001:db8:1::1000","care-of-address":"2001:db8:2::5","local-address":"2001:db8:1::1","lifetime":3600,"remaining":7,"sequence":65535,"flags":"","state":"dad","new-field":1}]}' <<'END'
HOME ADDRESS      CARE-OF ADDRESS        LOCAL ADDRESS  LIFETIME  REMAINING    SEQ  FLAGS  STATE
2001:db8:1::100   2001:db8:ffff:4242::1  2001:db8:1::1       600        598     12  H      registered
2001:db8:1::1000  2001:db8:2::5          2001:db8:1::1      3600          7  65535  -      dad
END
	table "empty bc" bc '{"ok":true,"bindings":[]}' <<'END'
no bindings
END
	table bul bul '{"ok":true,"entries":[{"home-address":"2001:db8:1::100","peer":"2001:db8:1::1","care-of-address":"2001:db8:2::5","type":"home","state":"registered","lifetime":600,"remaining":598,"sequence":12,"retransmissions":0},{"home-address":"2001:db8:1::100","peer":"2001:db8:3::42","care-of-address":"2001:db8:2::5","type":"cn","state":"waiting-ba","lifetime":420,"remaining":420,"sequence":3,"retransmissions":2}]}' <<'END'
HOME ADDRESS     PEER            CARE-OF ADDRESS  TYPE  STATE       LIFETIME  REMAINING  SEQ  RETRANS
2001:db8:1::100  2001:db8:1::1   2001:db8:2::5    home  registered       600        598   12        0
2001:db8:1::100  2001:db8:3::42  2001:db8:2::5    cn    waiting-ba       420        420    3        2
END
	table status status '{"ok":true,"version":"0.1.0","pid":42,"roles":["ha","cn"],"started":1763910000,"uptime":93784,"log-level":"info","counters":{"drop.bad-checksum":3,"err.reload":1,"rx.ba":0,"rx.bu":1200,"tx.ba":1200,"tx.be":7}}' <<'END'
version:   0.1.0
pid:       42
roles:     ha, cn
started:   2025-11-23 15:00:00 +0000
uptime:    1d 2h 3m 4s
log-level: info

MESSAGE  RECEIVED  SENT
ba              0  1200
be              0     7
bu           1200     0

DROPPED       COUNT
bad-checksum      3

COUNTER     VALUE
err.reload      1
END
else
	echo "skip: no python3 for the protocol error and table checks"
fi

if [ $failed -ne 0 ]; then
	echo "$failed check(s) failed; the daemon's log:"
	cat "$log"
	exit 1
fi
exit 0
