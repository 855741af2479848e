# return-home.post.sh - the captures of return-home, checked with tshark on the host
read -r HOA COA1 MN_MAC <addresses
up=$(cat linkup)
again=$(cat away_again)

check "a de-registration BU (lifetime 0) from the home address, without a HAO, on the home link" \
    test "$(pcap_count home.pcap "mip6.mhtype == 5 && mip6.bu.lifetime == 0 && ipv6.src == $HOA && ipv6.dst == $HA_ADDR && eth.src == $MN_MAC && !ipv6.opt.mipv6.home_address")" -gt 0
check "the BA with status 0 comes to the home address directly (no type 2 routing header)" \
    test "$(pcap_count home.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.dst == $HOA && !ipv6.routing")" -gt 0
check "the mobile node advertises its home address (NA, Override) after the BA" \
    test "$(pcap_count home.pcap "icmpv6.type == 136 && icmpv6.nd.na.target_address == $HOA && icmpv6.nd.na.flag.o == 1 && eth.src == $MN_MAC")" -gt 0
check "after the move cn's echo requests reach the mobile node's own MAC on the home link" \
    test "$(pcap_count home.pcap "frame.time_epoch > $up && frame.time_epoch < $again && icmpv6.type == 128 && ipv6.dst == $HOA && eth.dst == $MN_MAC && ipv6.nxt != 41")" -gt 0
check "and no longer go into the tunnel" \
    test "$(pcap_count home.pcap "frame.time_epoch > $up + 1 && frame.time_epoch < $again && ipv6.src == $HA_ADDR && ipv6.nxt == 41")" -eq 0
check "away again, the HA tunnels to the care-of address on f2" \
    test "$(pcap_count f2.pcap "frame.time_epoch > $again && ipv6.src == $HA_ADDR && ipv6.nxt == 41 && icmpv6.type == 128")" -gt 0
check "tshark finds no malformed Mobility Header" \
    test "$(($(pcap_count f1.pcap '_ws.malformed && mipv6') + $(pcap_count home.pcap '_ws.malformed && mipv6')))" -eq 0
