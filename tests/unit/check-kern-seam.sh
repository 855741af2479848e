#!/bin/sh
# check-kern-seam.sh - src/kern is the only code that touches the kernel: no file elsewhere in
# src/ opens a netlink socket or reads or writes /proc/sys (or opens anything under /proc).
# A role that needs a kernel object or knob asks a kern/ manager, which records what it
# changed and puts it back at stop (see src/kern/rec.c, src/kern/sysctl.c).
# Runs from make check; $srcdir is the source directory.
set -u

srcdir=${srcdir:-.}
[ -d "$srcdir/src/kern" ] || { echo "check-kern-seam: no $srcdir/src/kern"; exit 99; }

# netlink sockets (libnl and plain), /proc/sys paths, any open of a /proc file
pattern='nl_socket_alloc|nl_connect[[:space:]]*\(|socket[[:space:]]*\([[:space:]]*(AF|PF)_NETLINK|"/proc/sys|(open|fopen|openat)[[:space:]]*\([^)]*"/proc/'

found=$(cd "$srcdir" && find src -path src/kern -prune -o \( -name '*.c' -o -name '*.h' \) \
    -type f -print | sort | xargs grep -n -E "$pattern")
if [ -n "$found" ]; then
	echo "FAIL: kernel access outside src/kern (move it behind a src/kern manager):"
	echo "$found"
	exit 1
fi
echo "PASS: no netlink socket or /proc access outside src/kern"
exit 0
