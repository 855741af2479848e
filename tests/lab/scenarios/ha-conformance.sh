# scenario ha-conformance: a Scapy mobile node drives the home agent through HA groups 1-4
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 400
#
# The mn namespace runs no mip6d here: it is the tester, with eth0 on foreign link 1 (the
# mobile node at its care-of address) and eth1 on the home link (the other nodes of the home
# link).  tests/lab/ha_conformance.py builds every packet with Scapy's own Mobile IPv6 classes
# and checks each answer; its lines are the checks of this scenario.
# ha-conformance-prefix-routes runs the same with binding-routes = no and nd-proxy = mip6d
# (HA_BINDING_ROUTES, HA_ND_PROXY): group 4 is then answered by mip6d's packet socket.

HA_BINDING_ROUTES=${HA_BINDING_ROUTES:-yes}
HA_ND_PROXY=${HA_ND_PROXY:-kernel}

conf_ha "$LAB_RUN/ha.conf" max-binding-lifetime=1000 dad=yes binding-routes="$HA_BINDING_ROUTES" \
    nd-proxy="$HA_ND_PROXY" \
    "deny = { 2001:db8:1::dead/128 }" prefix-lifetime=86400

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check_wait "the tester has an address on the home link" 5 node_has_addr mn "$LAB_PREFIX_home"
# A node of the home link already using an address: DAD on it must fail (HA_2_4_1).
ip -n r addr add 2001:db8:1::bad/64 dev eth0 nodad
# ... and the link-local twin of 2001:db8:1::77:1 (HA_2_4_3, L=1).
ip -n r addr add fe80::77:1/64 dev eth0 nodad
# A second care-of address on f1, for moving the tunnel end point (HA_5_1_4, HA_6_1_2).
ip -n mn addr add 2001:db8:2::a17/64 dev eth0 nodad

lab_peer ha_conformance.py conformance in_ns mn /usr/bin/python3 "$LAB_SRC/ha_conformance.py" \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --router-mac 02:00:00:00:02:01 \
    --home-iface eth1 --home-mac 02:00:00:00:03:01 \
    --home-addr "$(node_addr mn eth1 "$LAB_PREFIX_home")" \
    --ha "$HA_ADDR" --ha-mac 02:00:00:00:01:00 \
    --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" --max-lifetime 1000 \
    --denied 2001:db8:1::dead --in-use 2001:db8:1::bad

check "the home agent survived every case" mip6d_running ha
capture_stop
# HA_2_3_1: DAD for the home address on the home link, from the unspecified address
check "HA_2_3_1 DAD probes (NS from ::) on the home link" \
    test "$(pcap_count home.pcap 'icmpv6.type == 135 && ipv6.src == ::')" -gt 0
# HA_4_1_1: after a registration, the HA multicasts an NA for the home address, Override set
check "HA_4_1_1 unsolicited NA with Override from the home agent" \
    test "$(pcap_count home.pcap 'icmpv6.type == 136 && ipv6.dst == ff02::1 && icmpv6.nd.na.flag.o == 1 && eth.src == 02:00:00:00:01:00')" -gt 0
# HA_4_2_1-3: the home agent's answers for home addresses, as tshark reads them
check "HA_4_2_1 the home agent's NAs for home addresses carry a good checksum (tshark)" \
    test "$(pcap_count home.pcap 'icmpv6.type == 136 && eth.src == 02:00:00:00:01:00 && icmpv6.nd.na.flag.s == 1 && icmpv6.checksum.status == 1')" -gt 0
check "HA_4_2_1 ... and none a bad one" \
    test "$(pcap_count home.pcap 'icmpv6.type == 136 && eth.src == 02:00:00:00:01:00 && icmpv6.checksum.status != 1')" -eq 0
# Every BA leaving the home agent decodes cleanly in tshark, through a type 2 routing header
check "every BA on f1 travels with a type 2 routing header" \
    test "$(pcap_count f1.pcap 'mip6.mhtype == 6 && !ipv6.routing.type')" -eq 0
check "tshark finds no malformed Mobility Header on f1" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
# A node of the home link that routes an address of the link (no binding) through the home
# agent still reaches it.
HA_LL=$(ip -n ha -6 addr show dev eth0 scope link | sed -n 's/.*inet6 \([^/]*\).*/\1/p')
MN_HOME=$(node_addr mn eth1 "$LAB_PREFIX_home")
ip -n r -6 route add "$MN_HOME/128" via "$HA_LL" dev eth0
check "a home-link node reaches a home-link address without a binding through the home agent" \
    in_ns r ping -6 -c 1 -W 3 "$MN_HOME"
ip -n r -6 route del "$MN_HOME/128" via "$HA_LL" dev eth0
mip6d_stop ha
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
check_eq "no route or rule of mip6d is left" "" \
    "$(ip -n ha -6 route show table all proto 109; ip -n ha -6 rule show | grep 'lookup 251')"
