#!/bin/sh
# check-examples.sh - "mip6d -n" accepts every example configuration and refuses a broken
# one with exit 1, naming each problem by file and line.
# Runs from the build directory (make check); $srcdir is the source directory.
set -u

mip6d=./mip6d
[ -x "$mip6d" ] || { echo "check-examples: $mip6d not built"; exit 99; }
srcdir=${srcdir:-.}
failed=0

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

dir=$(mktemp -d /tmp/mip6d-check.XXXXXX) || exit 99
trap 'rm -rf "$dir"' EXIT

# Checked as an administrator installs them: private to their owner (a file with ESP keys
# that others can read is refused, the next check shows).
examples="ha mn cn mip6d"
# replication needs a mip6d built with hiredis
grep -q '^#define HAVE_HIREDIS 1' config.h 2>/dev/null && examples="$examples ha-pair"
for f in $examples; do
	file=$dir/$f.conf
	install -m 600 "$srcdir/etc/$f.conf" "$file"
	if out=$("$mip6d" -n -c "$file" 2>&1); then
		echo "ok: $out"
	else
		fail "$file is refused:"
		echo "$out"
	fi
done
chmod 644 "$dir/ha.conf"
if "$mip6d" -n -c "$dir/ha.conf" 2>"$dir/err"; then
	fail "ha.conf with ESP keys and mode 644 is accepted"
elif grep -qE "^$dir/ha.conf:[0-9]+: ipsec: the file holds ESP keys and is readable or writable by others than its owner \(mode 0644\)" "$dir/err"; then
	echo "ok: $(cat "$dir/err")"
else
	fail "ha.conf with mode 644: $(cat "$dir/err")"
fi
bad=$dir/broken.conf
cat >"$bad" <<'CONF'
roles = { ha }
home-link eth0 {
	prefix = 2001:db8:1::/64
	home-agent-address = 2001:db8:2::1
}
bogus = 1
home-address 2001:db8::1/129 { }
CONF

"$mip6d" --check -c "$bad" >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" -eq 1 ] || fail "broken file: exit $rc, want 1"
[ -s "$dir/out" ] && fail "broken file: something on stdout: $(cat "$dir/out")"
for want in \
    "$bad:4: home-agent-address: 2001:db8:2::1 is not inside a prefix of home-link eth0" \
    "$bad:6: bogus: unknown option" \
    "$bad:7: home-address: '2001:db8::1/129' is not an IPv6 prefix"; do
	if grep -qxF "$want" "$dir/err"; then
		echo "ok: $want"
	else
		fail "broken file: no line '$want' in:"
		cat "$dir/err"
	fi
done
n=$(wc -l <"$dir/err")
[ "$n" -eq 3 ] || fail "broken file: $n lines of problems, want 3"

"$mip6d" -n -c "$dir/missing.conf" 2>"$dir/err"
rc=$?
[ "$rc" -eq 1 ] || fail "missing file: exit $rc, want 1"
grep -qF "$dir/missing.conf: cannot open" "$dir/err" || fail "missing file: $(cat "$dir/err")"

[ "$failed" -eq 0 ] || exit 1
exit 0
