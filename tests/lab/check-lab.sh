#!/bin/sh
# check-lab.sh - make check's entry to the lab: runs every scenario against this build tree,
# or skips (exit 77) on a machine that cannot run it.
here=$(cd "$(dirname "$0")" && pwd)
skip() {
	echo "lab: skipped: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (run make check as root, or tests/lab/run by hand)"
# (A /dev/shm that is missing, small or noexec is no reason: run falls back to the build tree.)
command -v unshare >/dev/null 2>&1 && unshare --net true 2>/dev/null ||
    skip "network namespaces are not usable here"
[ -x ./mip6d ] || { echo "lab: no ./mip6d in $(pwd)"; exit 99; }
# Two kernels at once (LAB_JOBS to change it): the lab is most of make check's time, and a
# machine with two cores runs it in about half; time limits and waits stretch to match.
exec "$here/run" --builddir "$(pwd)" -j "${LAB_JOBS:-2}"
