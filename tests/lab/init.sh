#!/bin/sh
# init.sh - process 1 of the user-mode Linux lab kernel.
#
# The runner (tests/lab/run) boots linux.uml with the host filesystem as root and this script
# as init, passing labenv=FILE on the kernel command line (the kernel hands unknown NAME=VALUE
# parameters to init as environment).  FILE sets LAB_SRC, BUILDDIR, RESULTS, SCENARIO,
# LAB_MODROOT and LAB_KVER.  This script prepares the kernel, builds the topology the scenario
# asks for, runs the one scenario, records timings and powers the machine off: if init ever
# exits, the kernel panics, so every path ends in lab_poweroff.

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL

lab_poweroff() {
	sync
	echo o >/proc/sysrq-trigger
	# The power-off is asynchronous; never return into a kernel panic.
	while :; do sleep 1; done
}

mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t tmpfs -o mode=0755 tmpfs /run
# mip6d's default state directory: each lab kernel its own, never the host's
mkdir -p /var/lib/mip6d 2>/dev/null && mount -t tmpfs -o mode=0750 tmpfs /var/lib/mip6d
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm /dev/pts /run/netns /run/lab /run/lab/pids /run/lab/tmp
mount -t tmpfs tmpfs /dev/shm
# Process substitution and /dev/stdin users need /dev/fd, which devtmpfs lacks.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
hostname lab 2>/dev/null

if [ -z "${labenv:-}" ] || [ ! -r "$labenv" ]; then
	echo "lab: init: no labenv= on the kernel command line" >&2
	lab_poweroff
fi
. "$labenv"
export LAB_SRC BUILDDIR RESULTS SCENARIO LAB_MODROOT LAB_KVER
export TMPDIR=/run/lab/tmp HOME=/run/lab/tmp
# No __pycache__ directories in the source tree from the scenarios' Python helpers.
export PYTHONDONTWRITEBYTECODE=1
# A daemon built with -fsanitize=undefined (make check-sanitize) writes each report to
# RESULTS/ubsan.PID; the runner fails the scenario on any (other builds ignore this).
export UBSAN_OPTIONS="log_path=$RESULTS/ubsan:print_stacktrace=1"

boot_s=$(cut -d' ' -f1 /proc/uptime)
echo "boot $boot_s" >"$RESULTS/timing"

. "$LAB_SRC/lib.sh"
. "$LAB_SRC/topology.sh"
. "$LAB_SRC/conf.sh"

# Modules: from the unpacked package, also for the kernel's own on-demand loading.
cat >/run/lab/modprobe <<EOF
#!/bin/sh
exec /sbin/modprobe -d "$LAB_MODROOT" "\$@"
EOF
chmod 755 /run/lab/modprobe
echo /run/lab/modprobe >/proc/sys/kernel/modprobe
# ip6_tunnel before any namespace exists, so that each gets its ip6tnl0.
if ! modprobe -a -d "$LAB_MODROOT" ipv6 mip6 ip6_tunnel tunnel6 xfrm_user xfrm6_tunnel \
    esp6 ah6 ipcomp6 af_key veth bridge dummy sch_netem >"$RESULTS/modprobe.log" 2>&1; then
	lab_fail "lab: modules" "modprobe failed: $(tail -1 "$RESULTS/modprobe.log")"
	echo "end" >>"$RESULTS/results"
	lab_poweroff
fi
# The lab's own namespace only switches frames: no addresses, no Router Solicitations.
sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip link set lo up

scen="$LAB_SRC/scenarios/$SCENARIO.sh"
topo=$(sed -n 's/^# lab-topology: *//p' "$scen" | head -1)
[ -n "$topo" ] || topo=standard

t0=$(cut -d' ' -f1 /proc/uptime)
case "$topo" in
none)	;;
standard|standard\ *)
	# shellcheck disable=SC2086
	if topo_standard ${topo#standard}; then
		capture_start
	else
		lab_fail "lab: topology" "topo_standard ${topo#standard} failed (see console.log)"
	fi
	;;
*)	lab_fail "lab: topology" "unknown topology '$topo'" ;;
esac
t1=$(cut -d' ' -f1 /proc/uptime)
echo "topology $(lab_elapsed "$t0" "$t1")" >>"$RESULTS/timing"

if ! grep -q '^FAIL lab: topology' "$RESULTS/results" 2>/dev/null; then
	# A subshell: a scenario that exits early still gets its cleanup below.
	( cd "$RESULTS" && . "$scen" )
fi
t2=$(cut -d' ' -f1 /proc/uptime)
echo "scenario $(lab_elapsed "$t1" "$t2")" >>"$RESULTS/timing"

lab_cleanup
echo "cleanup $(lab_elapsed "$t2" "$(cut -d' ' -f1 /proc/uptime)")" >>"$RESULTS/timing"
echo "end" >>"$RESULTS/results"
lab_poweroff
