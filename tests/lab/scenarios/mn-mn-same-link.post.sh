# mn-mn-same-link.post.sh - the capture of f1, checked with tshark on the host: once both
# bindings are in place, the echo between the home addresses goes from care-of address to
# care-of address, between the two nodes' own MACs (mn 02:00:00:00:03:00, mn2 ...:05:00)
read -r HOA1 HOA2 COA1 COA2 <addresses
t=$(cat ro)
MAC1=02:00:00:00:03:00
MAC2=02:00:00:00:05:00
ROUTER=02:00:00:00:02:01

direct="frame.time_epoch > $t && ipv6.nxt != 41 && icmpv6.type == 128"
check "mn to mn2: echo requests go directly between their MACs, care-of to care-of" \
    test "$(pcap_count f1.pcap "$direct && eth.src == $MAC1 && eth.dst == $MAC2 && ipv6.src == $COA1 && ipv6.dst == $COA2")" -ge 20
check "mn to mn2: with mn's home address in a HAO and mn2's in a type 2 routing header" \
    test "$(pcap_count f1.pcap "$direct && eth.src == $MAC1 && ipv6.opt.mipv6.home_address == $HOA1 && ipv6.routing.mipv6.home_address == $HOA2")" -ge 20
check "mn2 to mn: echo requests go directly between their MACs, care-of to care-of" \
    test "$(pcap_count f1.pcap "$direct && eth.src == $MAC2 && eth.dst == $MAC1 && ipv6.src == $COA2 && ipv6.dst == $COA1")" -ge 20
check "mn2 to mn: with mn2's home address in a HAO and mn's in a type 2 routing header" \
    test "$(pcap_count f1.pcap "$direct && eth.src == $MAC2 && ipv6.opt.mipv6.home_address == $HOA2 && ipv6.routing.mipv6.home_address == $HOA1")" -ge 20
check "no echo between them goes to the default router" \
    test "$(pcap_count f1.pcap "frame.time_epoch > $t && icmpv6.type == 128 && (icmpv6.type == 128 || icmpv6.type == 129) && eth.dst == $ROUTER")" -eq 0
check "tshark finds no malformed Mobility Header on f1" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
