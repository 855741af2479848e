#!/bin/sh
# The Debian package: build it from a copy of this source tree with dpkg-buildpackage, check it
# with lintian (no errors), unpack it into a scratch root and check that every file lands where
# it should (daemon in sbin, mip6d-ctl in bin, man pages, the service, /etc/mip6d.conf as a
# conffile, the service enabled by the maintainer scripts).  Never builds in the tree itself.
# Exit 77 (skipped) without dpkg-buildpackage.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
for tool in dpkg-buildpackage dpkg-deb; do
	command -v $tool >/dev/null 2>&1 || { echo "test-deb: no $tool: skipped"; exit 77; }
done

tmp=$(mktemp -d)
# TEST_DEB_KEEP=1 keeps the build tree, the package and the logs for a look.
if [ -n "${TEST_DEB_KEEP:-}" ]; then
	echo "test-deb: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
src="$tmp/mip6d"
mkdir -p "$src"

# The tree as it is, build results left out: with git, tracked and new (not ignored) files;
# TEST_DEB_TREE=head takes the last commit instead (plus the paths in TEST_DEB_EXTRA, if any).
if [ "${TEST_DEB_TREE:-}" = head ]; then
	git -C "$here" archive HEAD | tar -xf - -C "$src" || { echo "test-deb: git archive failed"; exit 1; }
	for p in ${TEST_DEB_EXTRA:-}; do
		(cd "$here" && tar -cf - "$p") | tar -xf - -C "$src"
	done
elif git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Leave out what an in-tree build made that .gitignore does not know: programs, logs and
	# the generated unit.
	(cd "$here" && git ls-files -co --exclude-standard | while IFS= read -r f; do
		case "$f" in
		etc/mip6d.service|distcheck.out|test-deb.out) continue ;;
		esac
		[ -f "$f" ] || continue
		[ "$(head -c 4 "$f" | tr -d '\177')" = ELF ] && continue
		printf '%s\n' "$f"
	done) >"$tmp/files"
	(cd "$here" && tar -cf - --no-recursion -T "$tmp/files") | tar -xf - -C "$src" ||
	    { echo "test-deb: copying the tree failed"; exit 1; }
else
	(cd "$here" && tar -cf - --exclude='*.o' --exclude='*.a' --exclude=.deps \
	    --exclude=autom4te.cache --exclude=Makefile --exclude=config.status .) |
	    tar -xf - -C "$src" || { echo "test-deb: copying the tree failed"; exit 1; }
fi

rc=0
fail() {
	echo "test-deb: $*"
	rc=1
}

# nocheck: make check runs in the suite already; here only the packaging is under test.
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=4" \
    dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	tail -40 "$tmp/build.log"
	echo "test-deb: dpkg-buildpackage failed"
	exit 1
fi
grep -E '(warning|error):' "$tmp/build.log" | grep -v -e '^dpkg' -e 'dpkg-' |
	    grep -E '\.(c|h):[0-9]+' && fail "compiler warnings in the package build"

deb=$(ls "$tmp"/mip6d_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "test-deb: no .deb produced"; exit 1; }
echo "test-deb: built $(basename "$deb")"

if command -v lintian >/dev/null 2>&1; then
	lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v "running with root privileges" >"$tmp/lintian.out"
	if grep -q '^E:' "$tmp/lintian.out"; then
		cat "$tmp/lintian.out"
		fail "lintian reports errors"
	else
		sed 's/^/test-deb: lintian: /' "$tmp/lintian.out"
	fi
else
	echo "test-deb: no lintian: not run"
fi

root="$tmp/root"
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x failed"
dpkg-deb --ctrl-tarfile "$deb" | tar -xf - -C "$tmp" ./conffiles ./postinst ./prerm ./postrm \
    2>/dev/null

for f in usr/sbin/mip6d usr/bin/mip6d-ctl usr/sbin/mip6d-convert-umip; do
	[ -x "$root/$f" ] || fail "missing /$f"
done
for f in lib/systemd/system/mip6d.service etc/mip6d.conf \
    usr/share/man/man8/mip6d-convert-umip.8.gz usr/share/doc/mip6d/copyright \
    usr/share/doc/mip6d/examples/ha.conf \
    usr/share/doc/mip6d/examples/mn.conf usr/share/doc/mip6d/examples/cn.conf \
    usr/share/bash-completion/completions/mip6d-ctl; do
	[ -f "$root/$f" ] || fail "missing /$f"
done
ls "$root"/usr/share/doc/mip6d/README.md* >/dev/null 2>&1 || fail "missing README.md"
# The other man pages: whichever sections they were given.
for m in mip6d mip6d.conf mip6d-ctl; do
	ls "$root"/usr/share/man/man[1-8]/"$m".[1-8].gz >/dev/null 2>&1 ||
	    fail "missing man page $m"
done
grep -qx '/etc/mip6d.conf' "$tmp/conffiles" 2>/dev/null || fail "/etc/mip6d.conf is not a conffile"
# The Debian way (dh_installsystemd): enabled and started on installation, restarted on
# upgrade, its symlinks removed on purge.
grep -q "deb-systemd-helper enable 'mip6d.service'" "$tmp/postinst" 2>/dev/null ||
    fail "postinst does not enable mip6d.service"
grep -q "deb-systemd-invoke .*'mip6d.service'" "$tmp/postinst" 2>/dev/null ||
    fail "postinst does not start mip6d.service"
grep -q "deb-systemd-helper purge 'mip6d.service'" "$tmp/postrm" 2>/dev/null ||
    fail "postrm does not clean up mip6d.service on purge"
svc="$root/lib/systemd/system/mip6d.service"
grep -qx 'ExecStart=/usr/sbin/mip6d -f -c /etc/mip6d.conf' "$svc" ||
    fail "the service does not run /usr/sbin/mip6d -f -c /etc/mip6d.conf"
# Nothing from the build tree or /usr/local leaks into the package.
dpkg-deb -c "$deb" | grep -E 'usr/local|/tmp/' && fail "stray paths in the package"

# The installed binaries run.
if "$root/usr/sbin/mip6d" -V >/dev/null 2>&1; then
	"$root/usr/sbin/mip6d" -n -c "$root/etc/mip6d.conf" >"$tmp/check.out" 2>&1 ||
	    { cat "$tmp/check.out"; fail "the packaged /etc/mip6d.conf does not pass mip6d -n"; }
else
	fail "the packaged mip6d does not run"
fi

# The packaged unit, its paths moved into the scratch root (systemd-analyze --root wants a
# whole system there).
if command -v systemd-analyze >/dev/null 2>&1; then
	sed -e "s|/usr/sbin/|$root/usr/sbin/|g" -e "s|/etc/mip6d.conf|$root/etc/mip6d.conf|g" \
	    "$svc" >"$tmp/mip6d.service"
	if ! systemd-analyze verify --man=no "$tmp/mip6d.service" >"$tmp/verify.out" 2>&1 ||
	    grep -q . "$tmp/verify.out"; then
		cat "$tmp/verify.out"
		fail "systemd-analyze verify rejects the packaged unit"
	fi
fi

[ $rc -eq 0 ] && echo "test-deb: ok"
exit $rc
