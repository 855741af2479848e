# home-registration.post.sh - the captures of home-registration, checked with tshark on the host
read -r HOA COA <addresses

check "a BU leaves f1 from the care-of address with the HAO, H and A set" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && ipv6.src == $COA && ipv6.dst == $HA_ADDR && mip6.bu.h_flag == 1 && mip6.bu.a_flag == 1 && ipv6.opt.type == 201")" -gt 0
check "the BU carries the home address in its HAO" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && ipv6.opt.mipv6.home_address == $HOA")" -gt 0
check "a BA with status 0 comes back to the care-of address through a type 2 routing header" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.dst == $COA && ipv6.routing.type == 2")" -gt 0
check "cn's echo requests to the home address cross the home link into the tunnel (ip6ip6 from the HA)" \
    test "$(pcap_count home.pcap "ipv6.src == $HA_ADDR && ipv6.nxt == 41 && icmpv6.type == 128")" -gt 0
check "they reach f1 in ip6ip6, from the HA to the care-of address" \
    test "$(pcap_count f1.pcap "ipv6.src == $HA_ADDR && ipv6.dst == $COA && ipv6.nxt == 41 && icmpv6.type == 128")" -gt 0
check "the replies go back through the reverse tunnel" \
    test "$(pcap_count f1.pcap "ipv6.src == $COA && ipv6.dst == $HA_ADDR && ipv6.nxt == 41 && icmpv6.type == 129")" -gt 0
ba_t=$(tshark_fields f1.pcap "mip6.mhtype == 6 && mip6.ba.status == 0" frame.time_epoch | head -1)
# The mobile node sends at once; the home agent forwards what comes through the reverse tunnel
# only once it knows the care-of address from the BU (RFC 6275 10.4.5), and the scenario
# paused it meanwhile: the early packets are seen on f1, where the mobile node sent them.
early=$(tshark_fields f1.pcap "icmpv6.type == 128 && ipv6.nxt == 41 && ipv6.src == $COA && ipv6.src == $HOA && ipv6.dst == $HA_ADDR" frame.time_epoch |
    awk -v ba="$ba_t" '$1 < ba { n++ } END { print n + 0 }')
note "echo requests from the home address sent into the reverse tunnel before the first BA: $early"
check "traffic from the home address is not held back while the first BU is in flight" \
    test "$early" -gt 0
check "tshark finds no malformed Mobility Header" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
