# ha-dataplane.post.sh - the capture of f1, checked with tshark on the host: what the home
# agent sent the Scapy mobile node
check "CN-6-2-2 f1: the home agent's Echo Replies to Home Address options travel through a type 2 routing header" \
    test "$(pcap_count f1.pcap "icmpv6.type == 129 && ipv6.src == $HA_ADDR && ipv6.routing.type == 2")" -ge 3
check "f1: no Echo Reply of the home agent goes to a care-of address without one" \
    test "$(pcap_count f1.pcap "icmpv6.type == 129 && ipv6.src == $HA_ADDR && !ipv6.routing")" -eq 0
check "CN-6-2-1 f1: the home agent's Binding Errors status 1 name the home address" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 7 && mip6.be.status == 1 && ipv6.src == $HA_ADDR && mip6.be.haddr")" -ge 4
check "f1: no malformed Mobility Header" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
