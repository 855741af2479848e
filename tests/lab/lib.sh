# lib.sh - helpers for lab scenarios (POSIX sh; sourced inside the user-mode Linux kernel).
#
# Environment set by the runner: LAB_SRC (this directory), BUILDDIR (holds mip6d and
# mip6d-ctl), RESULTS (this scenario's results directory on the host), SCENARIO.
# Every result goes to $RESULTS/results as one line, "ok NAME", "FAIL NAME: REASON",
# "skip NAME: REASON" or "note TEXT", and is echoed on the console; the runner counts them.
# Every wait is bounded.  See README.md in this directory for the whole interface.
# (POSIX sh plus "local", which dash and bash have: checks and waits may nest.)

MIP6D=${MIP6D:-$BUILDDIR/mip6d}
MIP6D_CTL=${MIP6D_CTL:-$BUILDDIR/mip6d-ctl}
LAB_RUN=/run/lab
LAB_PIDS=$LAB_RUN/pids

# --- results ---------------------------------------------------------------------------------

lab_record() {
	printf '%s\n' "$*" >>"$RESULTS/results"
	printf '%s %s\n' "$(lab_now)" "$*" >>"$RESULTS/results.timed"
	printf '%s\n' "$*"
}

lab_ok() {
	lab_record "ok $1"
}

# lab_fail NAME REASON
lab_fail() {
	lab_record "FAIL $1: $2"
	return 1
}

# skip NAME REASON: a check that cannot run yet (a part that has not landed, a missing tool)
skip() {
	lab_record "skip $1: $2"
}

# note TEXT: one narrative line (the demo tells its story with these)
note() {
	lab_record "note $*"
}

# show CMD...: notes "$ CMD" and then each line of its output (the demo shows commands so)
show() {
	note "\$ $*"
	"$@" >"$RESULTS/show.out" 2>&1
	_rc=$?
	while IFS= read -r _line; do
		note "  $_line"
	done <"$RESULTS/show.out"
	[ $_rc -eq 0 ] || note "  (exit status $_rc)"
	return $_rc
}

# lab_elapsed FROM TO: seconds between two /proc/uptime readings, one decimal
lab_elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}

lab_now() {
	read -r _up _rest </proc/uptime
	echo "$_up"
}

# lab_oneline FILE: the last non-empty line of FILE, trimmed, for failure reasons
lab_oneline() {
	awk 'NF { l = $0 } END { gsub(/[ \t\r]+/, " ", l); print substr(l, 1, 200) }' "$1" \
	    2>/dev/null
}

# check NAME CMD...: runs CMD; ok when it exits 0.  CMD's output goes to $RESULTS/last.out
# (and is appended to $RESULTS/checks.log); a failure names the status and the last line.
check() {
	local _name _rc
	_name=$1
	shift
	"$@" >"$RESULTS/last.out" 2>&1
	_rc=$?
	{ echo "== [$(lab_now)] $_name: $*"; cat "$RESULTS/last.out"; echo "== exit $_rc"; } \
	    >>"$RESULTS/checks.log"
	if [ $_rc -eq 0 ]; then
		lab_ok "$_name"
	else
		lab_fail "$_name" "exit $_rc from '$*': $(lab_oneline "$RESULTS/last.out")"
	fi
	return $_rc
}

# check_fail NAME CMD...: ok when CMD exits non-zero
check_fail() {
	local _name _rc
	_name=$1
	shift
	"$@" >"$RESULTS/last.out" 2>&1
	_rc=$?
	{ echo "== [$(lab_now)] $_name (must fail): $*"; cat "$RESULTS/last.out"; echo "== exit $_rc"; } \
	    >>"$RESULTS/checks.log"
	if [ $_rc -ne 0 ]; then
		lab_ok "$_name"
		return 0
	fi
	lab_fail "$_name" "'$*' succeeded but should have failed"
}

# lab_flat TEXT: TEXT on one line, 160 characters at most (for failure reasons)
lab_flat() {
	printf '%s' "$1" | tr '\n\r\t' '   ' | cut -c1-160
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		lab_ok "$1"
	else
		lab_fail "$1" "expected '$(lab_flat "$2")', got '$(lab_flat "$3")'"
	fi
}

# check_match NAME EXTENDED-REGEX TEXT: ok when TEXT (any line of it) matches
check_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		lab_ok "$1"
	else
		lab_fail "$1" "'$(lab_flat "$3")' does not match /$2/"
	fi
}

# lab_cs: sets LAB_CS to the centiseconds since boot, without starting a process (each one
# costs tens of milliseconds in user-mode Linux, which adds up in polling loops)
lab_cs() {
	read -r _up _rest </proc/uptime
	_f=${_up#*.}
	_f=${_f#0}
	LAB_CS=$((${_up%.*} * 100 + ${_f:-0}))
}

# wait_until SECONDS CMD...: polls CMD (quietly) every 0.05 s until it succeeds; 1 on timeout
# (SECONDS may have decimals: 0.5)
wait_until() {
	local _w _d _end
	lab_cs
	case $1 in
	*.*)	_w=${1%%.*}; _d=${1#*.}00; _d=${_d%"${_d#??}"}; _d=${_d#0} ;;
	*)	_w=$1; _d=0 ;;
	esac
	# the bound stretches with the kernels sharing the machine (tests/lab/run -j N); a wait
	# still ends at its event, so this costs nothing where the event comes
	_end=$((LAB_CS + (${_w:-0} * 100 + ${_d:-0}) * ${LAB_WAIT_FACTOR:-1}))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		lab_cs
		[ "$LAB_CS" -lt "$_end" ] || return 1
		sleep 0.05
	done
}

# check_wait NAME SECONDS CMD...: ok when CMD succeeds within SECONDS
check_wait() {
	local _name _secs _t0
	_name=$1
	_secs=$2
	shift 2
	_t0=$(lab_now)
	if wait_until "$_secs" "$@"; then
		lab_ok "$_name"
		return 0
	fi
	"$@" >"$RESULTS/last.out" 2>&1
	lab_fail "$_name" "'$*' did not succeed within $_secs s: $(lab_oneline "$RESULTS/last.out")"
}

# check_until NAME SECONDS 'SHELL CODE': ok when the code succeeds within SECONDS.  The code is
# evaluated again at each poll, so a "$(...)" inside it sees the current state; given to
# check_wait instead, it would be expanded once, before the first poll, and never change.
check_until() {
	local _n _s
	_n=$1
	_s=$2
	shift 2
	check_wait "$_n" "$_s" eval "$1"
}

# lab_peer NAME OUT CMD...: runs an independent peer (a Scapy script of tests/lab) with its
# output in $RESULTS/OUT.out and its errors in OUT.err; each "ok CASE ..." or "FAIL CASE ..."
# line it prints becomes a check of the scenario, and a crash or no output at all fails.
lab_peer() {
	local _pn _po _prc _pl
	_pn=$1
	_po=$RESULTS/$2
	shift 2
	"$@" >"$_po.out" 2>"$_po.err"
	_prc=$?
	while IFS= read -r _pl; do
		lab_record "$_pl"
	done <"$_po.out"
	grep -q Traceback "$_po.err" && lab_fail "$_pn ran to the end" \
	    "it crashed (exit $_prc): $(lab_oneline "$_po.err")"
	[ -s "$_po.out" ] || lab_fail "$_pn ran" "no output (exit $_prc): $(lab_oneline "$_po.err")"
	return 0
}

# check_prom FILE: metrics scraped into FILE, validated by promtool (Debian's prometheus) when
# it is installed and by prom_check.py (the strict format and mip6d's conventions)
check_prom() {
	if [ ! -s "$1" ]; then
		lab_fail "metrics: $1 was scraped" "missing or empty"
		return 0
	fi
	if command -v promtool >/dev/null; then
		check "metrics: promtool check metrics accepts $1" sh -c "promtool check metrics <$1"
	else
		skip "metrics: promtool check metrics accepts $1" \
		    "promtool not installed (Debian package prometheus)"
	fi
	check "metrics: prom_check.py (strict format, mip6d conventions) accepts $1" \
	    python3 "$LAB_SRC/scenarios/prom_check.py" "$1"
}

# ping_replies FILE: how many echo replies a ping logged in FILE so far
ping_replies() {
	grep -c 'bytes from' "$1"
}

# --- namespaces and processes ----------------------------------------------------------------

# in_ns NS CMD...: runs CMD in network namespace NS (cheaper than ip netns exec: no remounts)
in_ns() {
	_ns=$1
	shift
	nsenter --net="/run/netns/$_ns" "$@"
}

# lab_bg NAME LOG CMD...: starts CMD in the background, output appended to LOG; its pid goes
# to $LAB_PIDS/NAME and, when it ends, its exit status to $LAB_PIDS/NAME.exit (so any shell
# can stop it and learn how it ended).  Returns once the pid is known.
lab_bg() {
	_bname=$1
	_blog=$2
	shift 2
	rm -f "$LAB_PIDS/$_bname" "$LAB_PIDS/$_bname.exit"
	(
		"$@" >>"$_blog" 2>&1 </dev/null &
		echo $! >"$LAB_PIDS/$_bname.new"
		mv "$LAB_PIDS/$_bname.new" "$LAB_PIDS/$_bname"
		wait $!
		echo $? >"$LAB_PIDS/$_bname.exit"
	) &
	wait_until 5 test -s "$LAB_PIDS/$_bname"
}

# lab_pid NAME: the pid lab_bg recorded
lab_pid() {
	_lp=
	[ -r "$LAB_PIDS/$1" ] && read -r _lp <"$LAB_PIDS/$1"
	echo "$_lp"
}

# lab_alive NAME: the process lab_bg started is still running
lab_alive() {
	[ -r "$LAB_PIDS/$1" ] && [ ! -e "$LAB_PIDS/$1.exit" ] || return 1
	read -r _ap <"$LAB_PIDS/$1" && kill -0 "$_ap" 2>/dev/null
}

# lab_kill NAME [SIGNAL [SECONDS]]: signals the process and waits (bounded) until it is gone;
# SIGKILL after the bound.  Its exit status is then in $LAB_EXIT (255 when it had to be killed
# or the status is unknown); returns 1 when it had to be killed.
lab_kill() {
	LAB_EXIT=255
	_p=$(lab_pid "$1")
	[ -n "$_p" ] || return 0
	kill -"${2:-TERM}" "$_p" 2>/dev/null
	if ! wait_until "${3:-5}" test -e "$LAB_PIDS/$1.exit"; then
		kill -KILL "$_p" 2>/dev/null
		wait_until 2 test -e "$LAB_PIDS/$1.exit"
		rm -f "$LAB_PIDS/$1" "$LAB_PIDS/$1.exit"
		return 1
	fi
	LAB_EXIT=$(cat "$LAB_PIDS/$1.exit")
	rm -f "$LAB_PIDS/$1" "$LAB_PIDS/$1.exit"
	return 0
}

# --- mip6d -----------------------------------------------------------------------------------

# mip6d_sock NS: the control socket of the daemon in NS.  A scenario's configuration for that
# daemon sets this path (control-socket { path = "/run/mip6d-NS.sock" }); when that socket is
# absent but the default /run/mip6d.sock exists (a configuration without the setting), that one.
mip6d_sock() {
	if [ ! -S "/run/mip6d-$1.sock" ] && [ -S /run/mip6d.sock ]; then
		echo /run/mip6d.sock
	else
		echo "/run/mip6d-$1.sock"
	fi
}

# ctl NS ARGS...: mip6d-ctl against the daemon of NS (UNIX sockets ignore network namespaces)
ctl() {
	_cns=$1
	shift
	"$MIP6D_CTL" -s "$(mip6d_sock "$_cns")" "$@"
}

# mip6d_start NS CONF [MIP6D-ARGS...]: starts mip6d in the foreground in NS with debug logging
# (appended to $RESULTS/mip6d-NS.log) and waits (10 s at most) until it answers status.
mip6d_start() {
	_mns=$1
	_mconf=$2
	shift 2
	rm -f "/run/mip6d-$_mns.pid"
	echo "=== lab: mip6d_start $_mns at $(lab_now) s" >>"$RESULTS/mip6d-$_mns.log"
	lab_bg "mip6d-$_mns" "$RESULTS/mip6d-$_mns.log" nsenter --net="/run/netns/$_mns" \
	    "$MIP6D" -f -d debug -c "$_mconf" -p "/run/mip6d-$_mns.pid" "$@"
	# MIP6D_START_WAIT: longer for a first ESP state (the kernel loads its crypto modules)
	wait_until "${MIP6D_START_WAIT:-20}" mip6d_settled "$_mns"
	if ! mip6d_ready "$_mns"; then
		if lab_alive "mip6d-$_mns"; then
			echo "lab: mip6d in $_mns did not answer status within ${MIP6D_START_WAIT:-20} s" \
			    "(x${LAB_WAIT_FACTOR:-1})" >&2
		else
			echo "lab: mip6d in $_mns exited: $(lab_oneline "$RESULTS/mip6d-$_mns.log")" >&2
		fi
		return 1
	fi
}

# mip6d_settled NS: the daemon of NS answers, or has exited
mip6d_settled() {
	! lab_alive "mip6d-$1" || mip6d_ready "$1"
}

# mip6d_ready NS: the daemon of NS runs and answers status with its own pid
mip6d_ready() {
	lab_alive "mip6d-$1" || return 1
	_rj=$(ctl "$1" -j status 2>/dev/null) || return 1
	case $_rj in
	*\"pid\":"$_ap"[,}]*|*\"pid\":\ "$_ap"[,}]*)	return 0 ;;
	esac
	return 1
}

mip6d_pid() {
	lab_pid "mip6d-$1"
}

mip6d_running() {
	lab_alive "mip6d-$1"
}

# mip6d_stop NS [SIGNAL]: stops the daemon of NS (TERM by default), waiting 5 s at most; its
# exit status is in $MIP6D_EXIT (255: it had to be killed); returns 0 when that is 0.
mip6d_stop() {
	MIP6D_EXIT=0
	[ -n "$(mip6d_pid "$1")" ] || return 0
	lab_kill "mip6d-$1" "${2:-TERM}" 5
	MIP6D_EXIT=$LAB_EXIT
	[ "$MIP6D_EXIT" -eq 0 ]
}

# --- radvd -----------------------------------------------------------------------------------

# radvd_start NS CONF: radvd in NS with its own pid file, log in $RESULTS/radvd-NS.log
radvd_start() {
	chmod 644 "$2"
	lab_bg "radvd-$1" "$RESULTS/radvd-$1.log" nsenter --net="/run/netns/$1" \
	    radvd -n -m stderr -d 1 -C "$2" -p "$LAB_RUN/radvd-$1.pid"
}

radvd_stop() {
	lab_kill "radvd-$1" TERM 3
}

# --- captures --------------------------------------------------------------------------------

# capture_start [LINK...]: tcpdump on the bridge of each link (all bridges when none named)
# into $RESULTS/LINK.pcap; returns when every capture is listening (5 s at most).
# --immediate-mode: without it libpcap hands frames over in blocks, and those of the last
# second before capture_stop were lost.  LAB_CAPTURE_OPTS: more tcpdump options (-B KiB for a
# bigger buffer where a scenario sends bursts faster than tcpdump drains them in the lab).
capture_start() {
	[ $# -gt 0 ] || set -- $(lab_links)
	for _l in "$@"; do
		# shellcheck disable=SC2086
		lab_bg "tcpdump-$_l" "$RESULTS/tcpdump-$_l.log" tcpdump -Z root -U --immediate-mode -n -s 0 \
		    ${LAB_CAPTURE_OPTS:-} -i "br-$_l" -w "$RESULTS/$_l.pcap"
	done
	for _l in "$@"; do
		wait_until 5 grep -q 'listening on' "$RESULTS/tcpdump-$_l.log" ||
		    echo "lab: capture on br-$_l did not start" >&2
	done
}

# capture_stop [LINK...]: stops the captures (SIGINT, so that they flush) and waits for them
capture_stop() {
	[ $# -gt 0 ] || set -- $(lab_links)
	for _l in "$@"; do
		_p=$(lab_pid "tcpdump-$_l")
		[ -n "$_p" ] && kill -INT "$_p" 2>/dev/null
	done
	for _l in "$@"; do
		lab_kill "tcpdump-$_l" INT 3
		# Every frame the filter took must be in the file (--immediate-mode sees to it).
		awk '/packets captured/ { c = $1 } /received by filter/ { r = $1 }
		    END { if (r > c) printf "lab: capture of %s lost %d frames\n", l, r - c }' \
		    l="$_l" "$RESULTS/tcpdump-$_l.log" >&2
	done
}

# lab_links: the links (bridges br-LINK) that exist
lab_links() {
	ip -o link show type bridge 2>/dev/null | sed -n 's/^[0-9]*: br-\([^:@]*\).*/\1/p'
}

# tshark_fields PCAP FILTER FIELD...: one line per matching packet, fields separated by tabs
tshark_fields() {
	_pcap=$1
	_filter=$2
	shift 2
	_args=
	for _f in "$@"; do
		_args="$_args -e $_f"
	done
	# shellcheck disable=SC2086
	tshark -n -r "$_pcap" -Y "$_filter" -T fields -E separator=/t $_args 2>/dev/null
}

# pcap_count PCAP FILTER: how many packets match
pcap_count() {
	# A filter tshark cannot parse must not read as "no such packet": -1 then, which no
	# count check accepts, and tshark's complaint on stderr.
	if ! _pc=$(tshark -n -r "$1" -Y "$2" -T fields -e frame.number 2>"$1.tshark-err"); then
		grep -v '^Running as user' "$1.tshark-err" >&2
		echo -1
		return 1
	fi
	printf '%s' "$_pc" | grep -c .
}

# --- end of scenario -------------------------------------------------------------------------

# lab_cleanup: stops daemons, radvd and captures (init calls it after the scenario)
lab_cleanup() {
	for _f in "$LAB_PIDS"/mip6d-*; do
		case $_f in *.exit|*.new) continue ;; esac
		[ -e "$_f" ] || continue
		_n=${_f##*/mip6d-}
		mip6d_stop "$_n" || echo "lab: mip6d in $_n: exit $MIP6D_EXIT at cleanup" >&2
	done
	for _f in "$LAB_PIDS"/*; do
		[ -e "$_f" ] || continue
		case ${_f##*/} in
		tcpdump-*|*.exit|*.new)	;;
		*)		lab_kill "${_f##*/}" TERM 3 ;;
		esac
	done
	capture_stop
}

# --- JSON ------------------------------------------------------------------------------------

# json_eval EXPR: reads one JSON document on standard input and prints the Python expression
# EXPR over it (bound to d; the json module is there too): lists and objects as JSON,
# True/False as true/false.
#   ctl ha -j status | json_eval 'd["roles"]'        -> ["ha"]
json_eval() {
	python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    v = eval(sys.argv[1], {"d": d, "json": json})
except Exception as e:
    print("json_eval: %s: %s" % (type(e).__name__, e))
    sys.exit(1)
print(json.dumps(v) if isinstance(v, (list, dict, bool)) or v is None else v)
' "$1"
}

# ha_replay_write DIR [ROUTES [PROXIES]]: the home agent's bindings as ip commands that add their kernel
# objects again: DIR/replay-routes (route, proxy entry), DIR/replay-xfrm (two states, two
# policies) and DIR/replay-undo (ha-load, ha-scale: the kernel's own rate for the same
# objects).  The bindings are read from the Home Address option states (home address, care-of
# address); ROUTES=no (binding-routes = no): no route per binding, the proxy entries only;
# PROXIES=no (nd-proxy = mip6d): no proxy entry either.
ha_replay_write() {
	: >"$1/replay-routes"
	: >"$1/replay-undo"
	ip -n ha xfrm state | awk -v ha="$HA_ADDR" -v d="$1" -v routes="${2:-yes}" \
	    -v proxies="${3:-yes}" '
	/^src / { hoa = $2; hao = 0; next }	# (src :: is the receive state of every binding)
	/^[ \t]+proto hao / { hao = 1; next }
	/^[ \t]+coa / && hao && hoa != "::" {
	  coa = $2; hao = 0
	  if (routes == "yes") {
		print "route add " hoa " encap ip6 dst " coa " hoplimit 64 dev mip6ha" >(d "/replay-routes")
		print "route del " hoa " dev mip6ha" >(d "/replay-undo")
	  }
	  if (proxies == "yes")
		print "neigh add proxy " hoa " dev eth0" >(d "/replay-routes")
	  print "xfrm state add src " ha " dst " hoa " proto route2 mode ro coa " coa \
	      " sel src " ha " dst " hoa >(d "/replay-xfrm")
	  print "xfrm state add src " hoa " dst " ha " proto hao mode ro coa " coa \
	      " sel src " hoa " dst " ha >(d "/replay-xfrm")
	  print "xfrm policy add src " ha " dst " hoa " dir out ptype sub tmpl proto route2 mode ro level use" >(d "/replay-xfrm")
	  print "xfrm policy add src " hoa " dst " ha " dir in ptype sub tmpl proto hao mode ro level use" >(d "/replay-xfrm")
	  if (proxies == "yes")
		print "neigh del proxy " hoa " dev eth0" >(d "/replay-undo") }'
}
