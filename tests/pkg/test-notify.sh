#!/bin/sh
# What the Type=notify unit relies on, over a NOTIFY_SOCKET of our own: READY=1 once started
# with STATUS= naming the roles and bindings, RELOADING=1 (with MONOTONIC_USEC) then READY=1 on
# SIGHUP, STOPPING=1 on SIGTERM; and logs to a journal stream carry "<prio>" and no timestamp.
# Runs the daemon with faked kernel managers (tests/unit/mip6d-fake).  77 (skipped) without
# libsystemd, python3 or mip6d-fake.
set -u
d=./tests/unit/mip6d-fake
[ -x $d ] || { echo "no $d: skipped"; exit 77; }
grep -q '^#define HAVE_SYSTEMD 1' config.h 2>/dev/null || { echo "no libsystemd: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }

tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
cat >"$tmp/mip6d.conf" <<EOC
roles = { cn }
control-socket {
	path = "$tmp/ctl.sock"
}
EOC

# The listener writes each datagram as one line, fields separated by '|'.
python3 - "$tmp/notify.sock" "$tmp/notify.log" <<'EOP' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "a", buffering=1) as f:
    try:
        while True:
            msg = s.recv(4096).decode()
            f.write(msg.replace("\n", "|") + "\n")
            if "STOPPING=1" in msg:
                break
    except socket.timeout:
        pass
EOP
pids="$pids $!"
i=0
while [ ! -S "$tmp/notify.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# wait_for PATTERN: up to 5 s for a notification line matching PATTERN
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		grep -q "$1" "$tmp/notify.log" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "test-notify: no '$1' (got:)"
	cat "$tmp/notify.log" 2>/dev/null
	return 1
}

rc=0
: >"$tmp/stderr"
stream=$(stat -L -c '%d:%i' "$tmp/stderr")
NOTIFY_SOCKET="$tmp/notify.sock" JOURNAL_STREAM="$stream" \
    $d -f -c "$tmp/mip6d.conf" 2>>"$tmp/stderr" &
daemon=$!
pids="$pids $daemon"

wait_for '^READY=1' || rc=1
wait_for '^STATUS=roles: cn; bindings: 0' || rc=1
kill -HUP $daemon
wait_for '^RELOADING=1|MONOTONIC_USEC=[0-9][0-9]*' || rc=1
# READY=1 again after the reload
i=0
while [ "$(grep -c '^READY=1' "$tmp/notify.log")" -lt 2 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(grep -c '^READY=1' "$tmp/notify.log")" -ge 2 ] || { echo "test-notify: no READY=1 after the reload"; rc=1; }
kill -TERM $daemon
wait_for '^STOPPING=1' || rc=1
wait $daemon || { echo "test-notify: the daemon exited with $?"; rc=1; }

# The journal adds the time itself: lines are "<prio>subsystem: message".
grep -q '^<6>main: mip6d .* started' "$tmp/stderr" || { echo "test-notify: no <6> start line"; rc=1; }
if grep -v '^<[0-7]>' "$tmp/stderr" | grep -q .; then
	echo "test-notify: log lines without a <prio> prefix:"
	cat "$tmp/stderr"
	rc=1
fi
[ $rc -eq 0 ] && echo "test-notify: ok"
exit $rc
