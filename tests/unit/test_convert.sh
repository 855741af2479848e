#!/bin/sh
# mip6d-convert-umip on representative UMIP configurations (home agent, mobile node,
# correspondent node with an include, IPsec home agent): each output passes `mip6d -n` and holds
# the expected options; the IPsec template, once filled in, passes too; broken input gives
# file:line errors and no output.  Run from the build directory (make check).
set -u
: "${srcdir:=.}"
data="$srcdir/tests/unit/umip"
conv=./mip6d-convert-umip
[ -x $conv ] && [ -x ./mip6d ] || { echo "test_convert: build first"; exit 99; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
fail() {
	echo "test_convert: $*"
	rc=1
}

# convert NAME [options]: umip/NAME.conf -> $tmp/NAME.conf, which must pass mip6d -n
convert() {
	name=$1
	shift
	if ! $conv -n "$@" -o "$tmp/$name.conf" "$data/$name.conf" 2>"$tmp/$name.err"; then
		cat "$tmp/$name.err"
		fail "$name: conversion failed"
		return
	fi
	if ! ./mip6d -n -c "$tmp/$name.conf" >"$tmp/$name.check" 2>&1; then
		cat "$tmp/$name.check" "$tmp/$name.conf"
		fail "$name: the converted configuration does not pass mip6d -n"
	fi
}

# has NAME TEXT: the converted NAME holds the line TEXT (leading blanks and comments ignored)
has() {
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*#.*$//' "$tmp/$1.conf" | grep -qxF "$2" ||
	    fail "$1: no line '$2'"
}

# note NAME TEXT: a closing comment about a setting without equivalent
note() {
	grep -qF "$2" "$tmp/$1.conf" || fail "$1: no note '$2'"
}

convert ha --home-link eth1=2001:db8:1::1/64
has ha 'roles = {ha, cn}'
has ha 'log-level = debug'
has ha 'max-binding-lifetime = 3600'
has ha 'ipsec-required = no'
has ha 'deny = {"2001:db8:1::666/128"}'
has ha 'home-link "eth1" {'
has ha 'prefix = {"2001:db8:1::/64"}'
has ha 'home-agent-address = "2001:db8:1::1"'
has ha 'route-optimization = yes'
note ha 'ha.conf:4: DebugLogFile "/var/log/mip6d.log"; -- no equivalent'
note ha 'ha.conf:19: NonVolatileBindingCache disabled; -- no equivalent'
grep -q 'ha.conf:8' "$tmp/ha.conf" || fail "ha: converted settings do not name their line"

# NEMO: UMIP's MobRtr keywords and prefix lists onto mobile-router sections
convert nemo-ha --home-link eth0=2001:db8:1::1/64
has nemo-ha 'accept-mobile-routers = yes'
has nemo-ha 'mobile-router "2001:db8:1::300" {'
has nemo-ha 'prefixes = {"2001:db8:10::/64", "2001:db8:11::/64"}'
note nemo-ha 'BindingAclPolicy (mobile network prefixes) -- a denied node'
convert nemo-mr
has nemo-mr 'mobile-router {'
has nemo-mr 'mode = implicit'
has nemo-mr 'prefixes = {"2001:db8:10::/64", "2001:db8:11::/64"}'

convert mn
has mn 'roles = {mn}'
has mn 'interface "wlan0" {'
has mn 'preference = 15'
has mn 'preference = 13'
has mn 'route-optimization = yes'
has mn 'correspondent-binding-lifetime = 300'
has mn 'first-registration-timeout = 1.5'
has mn 'initial-bindack-timeout = 1'
has mn 'peer "2001:db8:5::5/128" {'
has mn 'route-optimization = no'
has mn 'home-address "2001:db8:1::100/64" {'
has mn 'home-agent = "2001:db8:1::1"'
has mn 'lifetime = 600'
note mn 'mn.conf:14: MnRouterProbes 2; -- no equivalent'
note mn 'mn.conf:7: UseCnBuAck disabled; -- no equivalent'

convert cn
has cn 'roles = {cn}'
has cn 'log-level = debug'
has cn 'route-optimization = yes'
grep -q 'cn-debug.inc:2' "$tmp/cn.conf" || fail "cn: the included file is not named"
note cn 'cn.conf:5: Interface "eth0" -- not needed'

# The home agent's address comes from HaServedPrefix and the IPsecPolicySet.
convert ipsec
has ipsec 'roles = {ha, cn}'
has ipsec 'ipsec-required = yes'
has ipsec 'home-agent-address = "2001:db8:1::1"'
grep -q '^#ipsec "2001:db8:1::100" {' "$tmp/ipsec.conf" || fail "ipsec: no ipsec template"
grep -q '^#	return-routability = yes' "$tmp/ipsec.conf" || fail "ipsec: TunnelMh not converted"
# Filled in as the comments say (SPIs and keys), the ipsec section is valid.
awk 'BEGIN { spi = 256 }
/^#(ipsec|\t|})/ {
	sub(/^#/, "")
	if (sub(/spi = SPI/, "spi = " spi)) spi++
	sub(/encryption-key = KEY/, "encryption-key = 0x00112233445566778899aabbccddeeff")
	sub(/authentication-key = KEY/,
	    "authentication-key = 0x00112233445566778899aabbccddeeff00112233")
}
{ print }' "$tmp/ipsec.conf" >"$tmp/ipsec-keys.conf"
chmod 600 "$tmp/ipsec-keys.conf"
if ! ./mip6d -n -c "$tmp/ipsec-keys.conf" >"$tmp/ipsec-keys.check" 2>&1; then
	cat "$tmp/ipsec-keys.check"
	fail "ipsec: the filled-in template does not pass mip6d -n"
fi
grep -q '^ipsec "2001:db8:1::100" {' "$tmp/ipsec-keys.conf" || fail "ipsec: template not filled"
# With the setkey file UMIP's users kept the keys in, the section is complete.
if $conv -n -k "$data/ipsec.setkey" -o "$tmp/ipsec-k.conf" "$data/ipsec.conf" \
    2>"$tmp/ipsec-k.err"; then
	[ "$(stat -c %a "$tmp/ipsec-k.conf")" = 600 ] || fail "ipsec --setkey: output not mode 600"
	./mip6d -n -c "$tmp/ipsec-k.conf" >"$tmp/ipsec-k.check" 2>&1 ||
	    { cat "$tmp/ipsec-k.check"; fail "ipsec --setkey: does not pass mip6d -n"; }
	has ipsec-k 'ipsec "2001:db8:1::100" {'
	has ipsec-k 'spi = 2000'
	has ipsec-k 'authentication-key = 0x7477656e74792d627974652d7365637265742121'
	has ipsec-k 'encryption = null'
else
	cat "$tmp/ipsec-k.err"
	fail "ipsec --setkey: conversion failed"
fi

# Broken input: every problem with its file and line, nothing written.
if $conv -n -o "$tmp/bad.out" "$data/bad.conf" 2>"$tmp/bad.err"; then
	fail "bad: accepted"
fi
[ -e "$tmp/bad.out" ] && fail "bad: output written despite errors"
for e in "bad.conf:2: DoRouteOptimizationMN: 'maybe' is not enabled or disabled" \
    "bad.conf:4: HomeAgentAddress: '2001:db8:1::zz' is not an IPv6 address" \
    "bad.conf:7: FrobnicateLevel: unknown keyword" \
    "bad.conf:8: HaMaxBindingLife: missing ';'"; do
	grep -qF "$e" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "bad: no error '$e'"; }
done
if $conv -n "$data/bad-string.conf" >/dev/null 2>"$tmp/bad-string.err"; then
	fail "bad-string: accepted"
fi
grep -qF "bad-string.conf:2: unterminated string" "$tmp/bad-string.err" ||
    { cat "$tmp/bad-string.err"; fail "bad-string: no file:line error"; }
# A home agent whose address is nowhere to be found.
if $conv -n "$data/ha.conf" >/dev/null 2>"$tmp/ha-noaddr.err"; then
	fail "ha without --home-link: accepted"
fi
grep -qF "ha.conf:6: Interface eth1:" "$tmp/ha-noaddr.err" || fail "ha: no error for eth1"
$conv -n "$tmp/nonexistent.conf" >/dev/null 2>&1 && fail "a missing file is accepted"

[ $rc -eq 0 ] && echo "test_convert: ok"
exit $rc
