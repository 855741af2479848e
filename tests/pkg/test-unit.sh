#!/bin/sh
# The systemd unit: `systemd-analyze verify` accepts it (with its paths pointing at this build),
# and it has what the daemon relies on: Type=notify, a reload by SIGHUP, only the capabilities
# CAP_NET_ADMIN and CAP_NET_RAW, and the sandboxing.  Skipped (77) without systemd-analyze.
set -u
: "${srcdir:=.}"
command -v systemd-analyze >/dev/null 2>&1 || { echo "no systemd-analyze: skipped"; exit 77; }
[ -x ./mip6d ] || { echo "test-unit: run from the build directory (./mip6d missing)"; exit 99; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/etc"
: >"$tmp/etc/mip6d.conf"
sed -e "s|@sbindir[@]|$(pwd)|g" -e "s|@sysconfdir[@]|$tmp/etc|g" \
    "$srcdir/etc/mip6d.service.in" >"$tmp/mip6d.service"

rc=0
# --man=no: the man pages are not installed yet at build time.
if ! systemd-analyze verify --man=no "$tmp/mip6d.service" >"$tmp/out" 2>&1; then
	echo "test-unit: systemd-analyze verify failed:"
	rc=1
fi
# verify exits 0 on some warnings; any line about our unit is a problem.
if grep -v -e '^$' "$tmp/out" | grep -q .; then
	cat "$tmp/out"
	rc=1
fi

expect() {
	grep -qx "$1" "$tmp/mip6d.service" || { echo "test-unit: missing '$1'"; rc=1; }
}
expect 'Type=notify'
expect "ExecStart=$(pwd)/mip6d -f -c $tmp/etc/mip6d.conf"
expect 'ExecReload=/bin/kill -HUP $MAINPID'
expect 'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW'
expect 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK'
expect 'ProtectSystem=full'
expect 'StateDirectory=mip6d'
expect 'ProtectHome=yes'
expect 'PrivateTmp=yes'
expect 'WantedBy=multi-user.target'
grep -q '@[a-z]*@' "$tmp/mip6d.service" && { echo "test-unit: unsubstituted variable"; rc=1; }
[ $rc -eq 0 ] && echo "test-unit: ok"
exit $rc
