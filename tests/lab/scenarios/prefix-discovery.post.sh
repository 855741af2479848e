# prefix-discovery.post.sh: the Mobile Prefix messages on f1, decoded by tshark
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
HOA=2001:db8:1::100
check "an MPS left f1 from the care-of address with a Home Address option" \
    test "$(pcap_count f1.pcap "icmpv6.type == 146 && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 0
check "MPAs reached the care-of address through a type 2 routing header" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && ipv6.dst == $COA1 && ipv6.routing.type == 2")" -ge 2
check "an MPA carried both home prefixes" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix == 2001:db8:5:: && icmpv6.opt.prefix == 2001:db8:1::")" -gt 0
check "no MPA lifetime above the home prefix's 12 s" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix.valid_lifetime > 12")" -eq 0
NHOA=2001:db8:5::100
# RFC 6275 11.4.3: the renumbered home address, as an independent decoder sees it
check "a BU for the new home address left f1 from the care-of address (HAO $NHOA)" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && mip6.bu.lifetime > 0 && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR && ipv6.opt.mipv6.home_address == $NHOA")" -gt 0
check "ha accepted it: a BA through a type 2 routing header naming $NHOA" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.dst == $COA1 && ipv6.routing.type == 2 && ipv6.routing.mipv6.home_address == $NHOA")" -gt 0
check "cn's echo requests to $NHOA reached f1 in the tunnel to the care-of address" \
    test "$(pcap_count f1.pcap "icmpv6.type == 128 && ipv6.dst == $COA1 && ipv6.dst == $NHOA && ipv6.nxt == 41")" -gt 0
check "the old home address was de-registered from the care-of address (lifetime 0)" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && mip6.bu.lifetime == 0 && ipv6.src == $COA1 && ipv6.opt.mipv6.home_address == $HOA")" -gt 0
