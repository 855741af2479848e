# scenario nemo-ha-conformance: a Scapy mobile router (R=1, implicit mode) drives the home agent through the NEMO-HA cases that mirror HA groups 1-5
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 900
#
# As ha-conformance, with tests/lab/ha_conformance.py --router: every BU carries R=1 and no
# Mobile Network Prefix option, so the home agent takes each router's prefixes from its table
# (RFC 3963 6.1.2, implicit mode).  The table names every home address the script uses
# (2001:db8:1::1001 upwards, and the in-use and denied ones) with a /64 of its own.  Each
# accepting BA must carry R=1; the prefixes' routes are checked on the home agent after the
# run (one tunnel route per live router binding and its prefix), the captures with tshark on
# the host (nemo-ha-conformance.post.sh).

routers=
i=4097
while [ "$i" -le 4352 ]; do
	routers="$routers
	mobile-router 2001:db8:1::$(printf %x "$i") {
		prefixes = { 2001:db8:$(printf %x $((i + 32768))):1::/64 }
	}"
	i=$((i + 1))
done
for h in bad dead 77:1; do
	routers="$routers
	mobile-router 2001:db8:1::$h {
		prefixes = { 2001:db8:7fff:$(echo "$h" | tr -d :)::/64 }
	}"
done

conf_ha "$LAB_RUN/ha.conf" max-binding-lifetime=1000 dad=yes \
    "deny = { 2001:db8:1::dead/128 }" "$routers" prefix-lifetime=86400
cp "$LAB_RUN/ha.conf" "$RESULTS/ha.conf"

check "mip6d starts as a NEMO home agent (259 mobile routers in its table)" \
    mip6d_start ha "$LAB_RUN/ha.conf"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check_wait "the tester has an address on the home link" 5 node_has_addr mn "$LAB_PREFIX_home"
ip -n r addr add 2001:db8:1::bad/64 dev eth0 nodad
ip -n r addr add fe80::77:1/64 dev eth0 nodad
ip -n mn addr add 2001:db8:2::a17/64 dev eth0 nodad

lab_peer "ha_conformance.py --router" conformance in_ns mn /usr/bin/python3 "$LAB_SRC/ha_conformance.py" --router \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --router-mac 02:00:00:00:02:01 \
    --home-iface eth1 --home-mac 02:00:00:00:03:01 \
    --home-addr "$(node_addr mn eth1 "$LAB_PREFIX_home")" \
    --ha "$HA_ADDR" --ha-mac 02:00:00:00:01:00 \
    --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" --max-lifetime 1000 \
    --denied 2001:db8:1::dead --in-use 2001:db8:1::bad

check "the home agent survived every case" mip6d_running ha
# Each live router binding has its table prefix routed through the tunnel to its care-of
# address (RFC 3963 6.2), and nothing else is: routes = bindings with R.
routers_bound=$(ctl ha -j bc | json_eval "sum(1 for b in d['bindings'] if 'R' in b['flags'])")
prefix_routes=$(ip -n ha -6 route show proto all | grep -c '^2001:db8:[89a-f][0-9a-f]*:1::/64 .*encap ip6')
check "mobile routers are bound after the run ($routers_bound)" test "${routers_bound:-0}" -gt 0
check_eq "NEMO-HA_5_4_1 one tunnel route per mobile router's prefix ($routers_bound bound)" \
    "$routers_bound" "$prefix_routes"
capture_stop
mip6d_stop ha
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
check_eq "no prefix route is left after the stop" 0 \
    "$(ip -n ha -6 route show proto all | grep -c 'encap ip6')"
