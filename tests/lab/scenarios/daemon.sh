# scenario daemon: mip6d in each role starts, answers mip6d-ctl, reloads, stops cleanly, survives hostile control clients
# lab-topology: standard mn=home
# lab-timeout: 150
#
# One daemon per role, each in its own namespace of the standard topology, with a
# configuration that sets its own control socket (/run/mip6d-NS.sock).

conf_ha ha.conf
conf_mn mn.conf
conf_cn cn.conf
printf 'roles = { ha\nthis is { not a configuration\n' >broken.conf

# The configuration module may still be a stand-in that accepts any file; the checks that
# need real configurations say so instead of failing.
if "$MIP6D" -n -c broken.conf >/dev/null 2>&1; then
	conf_real=no
	note "mip6d accepts any file as its configuration (configuration module not in this build): checks that need it are skipped"
else
	conf_real=yes
fi

# log_count NS TEXT: lines of the daemon's log that contain TEXT
log_count() {
	grep -c -- "$2" "$RESULTS/mip6d-$1.log" 2>/dev/null
}

# log_more NS TEXT N: more than N such lines now
log_more() {
	[ "$(log_count "$1" "$2")" -gt "$3" ]
}

# ctl_json_check ROLE COMMAND EXPECTED EXPR NAME: mip6d-ctl -j COMMAND, EXPR of its answer must
# be EXPECTED; the table form must print too.  A command the daemon does not know yet (its
# role has not registered it) is a skip, named as such.
ctl_json_check() {
	ctl "$1" -j "$2" >"$2-$1.json" 2>"$2-$1.err"
	if grep -q 'unknown command' "$2-$1.json" "$2-$1.err"; then
		skip "$1: $5" "the $1 role does not answer '$2' yet (unknown command)"
		return 0
	fi
	check_eq "$1: $5" "$3" "$(json_eval "$4" <"$2-$1.json" 2>&1)"
	check "$1: mip6d-ctl $2 prints a table" ctl "$1" "$2"
}

role_checks() {
	role=$1
	ns=$1
	conf=$RESULTS/$role.conf

	check "$role: mip6d -n accepts the configuration" "$MIP6D" -n -c "$conf"
	check "$role: starts and answers status" mip6d_start "$ns" "$conf" || return 1
	pid=$(mip6d_pid "$ns")
	sock=$(mip6d_sock "$ns")
	if [ $conf_real = yes ]; then
		check_eq "$role: listens on the socket its configuration names" \
		    "/run/mip6d-$ns.sock" "$sock"
	fi

	ctl "$ns" -j status >"status-$role.json" 2>"status-$role.err"
	# One Python start for the three fields (processes are slow to start in the lab).
	json_eval '"%s %s %s" % (json.dumps(d["ok"]), d["pid"], json.dumps(d["roles"]).replace(" ", ""))' \
	    <"status-$role.json" >"status-$role.fields" 2>&1
	read -r s_ok s_pid s_roles <"status-$role.fields"
	check_eq "$role: --json status answers ok" true "$s_ok"
	check_eq "$role: status reports the daemon's pid" "$pid" "$s_pid"
	if [ $conf_real = yes ]; then
		check_eq "$role: status names the role" "[\"$role\"]" "$s_roles"
	else
		skip "$role: status names the role" "needs the configuration module"
	fi
	check "$role: mip6d-ctl status prints a table" ctl "$ns" status

	case $role in
	ha|cn)
		ctl_json_check "$role" bc '[true, []]' '[d["ok"], d.get("bindings")]' \
		    "--json bc answers an empty binding cache"
		;;
	mn)
		ctl_json_check "$role" bul true 'd["ok"]' "--json bul answers"
		ctl "$ns" -j bc >"bc-$role.json" 2>"bc-$role.err"
		rc=$?
		check_match "$role: bc is answered (a mobile node keeps no binding cache)" \
		    '^[01]$' "$rc"
		;;
	esac

	check "$role: mip6d-ctl log-level info" ctl "$ns" log-level info
	check_match "$role: status shows the new log level" '"log-level": *"info"' \
	    "$(ctl "$ns" -j status 2>&1)"
	ctl "$ns" log-level debug >/dev/null 2>&1
	check_fail "$role: an unknown log level is refused" ctl "$ns" log-level loud

	n=$(log_count "$ns" "reloaded")
	kill -HUP "$pid"
	check_wait "$role: reloads on SIGHUP" 5 log_more "$ns" "reloaded" "$n"
	check "$role: answers status after SIGHUP" mip6d_ready "$ns"
	check "$role: mip6d-ctl reload" ctl "$ns" reload

	if [ $conf_real = yes ]; then
		cp "$conf" "$conf.good"
		cp broken.conf "$conf"
		n=$(log_count "$ns" "keeping the running configuration")
		kill -HUP "$pid"
		check_wait "$role: a broken configuration on SIGHUP is refused" 5 \
		    log_more "$ns" "keeping the running configuration" "$n"
		check_fail "$role: mip6d-ctl reload of a broken configuration fails" \
		    ctl "$ns" reload
		cp "$conf.good" "$conf"
		check "$role: still answers with the old configuration" mip6d_ready "$ns"
	else
		skip "$role: a broken configuration on SIGHUP is refused" \
		    "needs the configuration module"
	fi

	check_fail "$role: a second daemon on the same socket refuses to start" \
	    timeout 5 in_ns "$ns" "$MIP6D" -f -c "$conf" -p "/run/mip6d-$ns-second.pid"
	check "$role: the first daemon still answers" mip6d_ready "$ns"

	if [ "$role" = ha ]; then
		python3 "$LAB_SRC/scenarios/hostile-ctl.py" "$sock" >hostile.out 2>&1
		while IFS= read -r line; do
			case $line in
			ok\ *|FAIL\ *)	lab_record "$line" ;;
			esac
		done <hostile.out
		grep -q '^ok control: the daemon is the same process' hostile.out ||
		    lab_fail "ha: hostile control clients" "$(lab_oneline hostile.out)"
	fi

	check "$role: stops on SIGTERM with status 0" mip6d_stop "$ns"
	check "$role: removes its control socket" test ! -e "$sock"
	check "$role: removes its pid file" test ! -e "/run/mip6d-$ns.pid"
	check "$role: logs that it stopped" grep -q "stopped" "$RESULTS/mip6d-$ns.log"
}

for r in ha mn cn; do
	role_checks "$r"
done

# All three at once, each in its namespace with its own socket.
if [ $conf_real = yes ]; then
	for r in ha mn cn; do
		check "all roles: $r starts beside the others" mip6d_start "$r" "$RESULTS/$r.conf"
	done
	for r in ha mn cn; do
		check "all roles: $r answers with its own pid" mip6d_ready "$r"
	done
	for r in ha mn cn; do
		check "all roles: $r stops with status 0" mip6d_stop "$r"
	done

	# One process, two roles: the home agent is a correspondent node too.
	conf_ha ha-cn.conf roles="ha, cn"
	if check "ha+cn: one daemon with two roles starts" mip6d_start ha "$RESULTS/ha-cn.conf"; then
		check_eq "ha+cn: status names both roles" '["ha","cn"]' \
		    "$(ctl ha -j status | json_eval 'd["roles"]' | tr -d ' ')"
		check "ha+cn: stops with status 0" mip6d_stop ha
	fi
else
	skip "all roles at once" "needs the configuration module (one control socket each)"
fi
