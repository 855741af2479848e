# scenario ha-nd-proxy-mld: nd-proxy = mip6d behind an MLD-snooping switch: the home agent reports the home addresses' solicited-node groups itself
# lab-topology: standard mn=none
# lab-timeout: 300
#
# The home link's bridge snoops MLD (mcast_snooping 1), is the link's querier (IPv6 on br-home,
# a query each second, memberships that end after 4 s unless a report renews them) and floods
# no unknown multicast to the home agent's port (mcast_flood off).  The kernel's own bridge
# code is the independent peer: its multicast database (bridge mdb) says which groups it
# learned from the home agent's reports, and a solicitation from r for a home address reaches
# the home agent only through it.  tests/load/ha-load registers 10 mobile nodes from lg.
# ha-nd-proxy-mld.post.sh decodes the home agent's reports with tshark: each join and leave
# sent twice (RFC 3810 6.1), the General Queries answered within their delay (6.2).

LOADGEN="$BUILDDIR/tests/load/ha-load"
FIRST=2001:db8:1::1:0
SN_FIRST=ff02::1:ff01:0		# FIRST's solicited-node group
SECOND=2001:db8:1::1:1
SN_SECOND=ff02::1:ff01:1

load_link
conf_ha "$LAB_RUN/ha.conf" max-binding-lifetime=3600 dad=no binding-routes=no \
    nd-proxy=mip6d
# the bridge as the link's MLD querier, fast; the home agent's port gets no unknown multicast
sysctl -q -w net.ipv6.conf.br-home.accept_ra=0 net.ipv6.conf.br-home.disable_ipv6=0
ip link set br-home type bridge mcast_snooping 1 mcast_querier 1 mcast_query_interval 100 \
    mcast_query_response_interval 50 mcast_membership_interval 400 \
    mcast_last_member_interval 20 mcast_startup_query_interval 100
bridge link set dev ha-eth0 mcast_flood off

# tunnelled: the packets the shared tunnel device sent
tunnelled() {
	ip -n ha -s link show mip6ha | awk '/TX:/ { getline; print $2; exit }'
}
# in_mdb GROUP: the bridge learned GROUP on the home agent's port
in_mdb() {
	bridge mdb show dev br-home | grep -q "port ha-eth0 grp $1 "
}

check "mip6d starts as home agent with nd-proxy = mip6d" mip6d_start ha "$LAB_RUN/ha.conf"
check_wait "lg reaches the home agent" 5 in_ns lg ping -6 -c 1 -W 1 "$HA_ADDR"
check "10 mobile nodes register" in_ns lg "$LOADGEN" -i eth0 -a "$HA_ADDR" \
    -p 2001:db8:99:: -b "$FIRST" -n 10 -w 16 -l 3600
check_wait "the bridge learned the first home address's solicited-node group on the home agent's port (mdb)" \
    5 in_mdb "$SN_FIRST"
check_wait "... and the second's" 5 in_mdb "$SN_SECOND"
check_eq "no kernel proxy entry, no kernel membership for them" "0 0" \
    "$(ip -n ha -6 neigh show proxy | grep -c '^2001:db8:1::1:') $(ip -n ha -6 maddr show dev eth0 | grep -c 'ff02::1:ff01:')"
# memberships last 4 s: still there after 6 s only because the home agent answers queries
sleep 6
check "after 6 s of the bridge's queries, the groups are still learned (the home agent answers Queries)" \
    in_mdb "$SN_FIRST"
# r resolves a bound home address: its multicast NS reaches the home agent only through the
# group the bridge learned; the answer lets r send, and the packet goes into the tunnel
in_ns r ip -6 neigh flush dev eth0
t0=$(tunnelled)
in_ns r ping -6 -c 1 -W 2 "$FIRST" >/dev/null 2>&1
check_eq "r reaches a bound home address: its echo leaves through the tunnel" \
    $((t0 + 1)) "$(tunnelled)"
check_match "r learned the home agent's link-layer address for it" \
    "$FIRST .*lladdr 02:00:00:00:01:00" "$(ip -n r -6 neigh show dev eth0)"
# a binding removed: its group leaves the bridge (TO_INCLUDE, then the last member queries)
check "mip6d-ctl bc del removes the second binding" ctl ha bc del "$SECOND"
check_wait "the bridge forgets the second's group" 5 sh -c "! bridge mdb show dev br-home | grep -q 'grp $SN_SECOND '"
check "... and keeps the first's" in_mdb "$SN_FIRST"
check "mip6d stops" mip6d_stop ha
check_wait "the bridge forgets every group after the stop" 5 sh -c "! bridge mdb show dev br-home | grep -q 'port ha-eth0 grp ff02::1:ff01:'"
