# prefix-discovery.post.sh: the Mobile Prefix messages on f1, decoded by tshark
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
HOA=2001:db8:1::100
check "an MPS left f1 from the care-of address with a Home Address option" \
    test "$(pcap_count f1.pcap "icmpv6.type == 146 && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 0
check "MPAs reached the care-of address through a type 2 routing header" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && ipv6.dst == $COA1 && ipv6.routing.type == 2")" -ge 2
check "an MPA carried both home prefixes" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix == 2001:db8:5:: && icmpv6.opt.prefix == 2001:db8:1::")" -gt 0
# until the end of the scenario reconfigures the lifetime to 60 s: the first frame of the
# unsolicited MPA that announced it, which mn could not acknowledge
NHOA=2001:db8:5::100
LOST=$(sed -n "s/.*Mobile Prefix Advertisement to $NHOA (id \([0-9]*\)): no acknowledgement.*/\1/p" \
    mip6d-ha.log | head -n 1)
T60=$(tshark_fields f1.pcap "icmpv6.type == 147 && icmpv6.mip6.identifier == ${LOST:-0}" \
    frame.time_relative | head -n 1)
check "no MPA lifetime above the home prefix's 12 s (before it became 60 s)" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix.valid_lifetime > 12 && frame.time_relative < ${T60:-1e9}")" -eq 0
check "no MPA lifetime above 60 s" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix.valid_lifetime > 60")" -eq 0
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

# RFC 6275 10.6.3: the first unsolicited MPA, acknowledged by mn's Solicitation, went once;
# the one mn could not acknowledge went four times, 3, 6 and 12 s apart (PREFIX_ADV_TIMEOUT
# doubling, PREFIX_ADV_RETRIES)
ACKED=$(sed -n "s/.*Mobile Prefix Advertisement to $HOA (id \([0-9]*\)) acknowledged.*/\1/p" \
    mip6d-ha.log | head -n 1)
check "ha logged the acknowledged MPA's identifier" test -n "$ACKED"
check_eq "the acknowledged unsolicited MPA crossed f1 once" 1 \
    "$(pcap_count f1.pcap "icmpv6.type == 147 && ipv6.dst == $COA1 && icmpv6.mip6.identifier == ${ACKED:-0}")"
check "ha logged the unacknowledged MPA's identifier" test -n "$LOST"
check_eq "HA_8_1_14: the unacknowledged MPA crossed f1 four times (once and PREFIX_ADV_RETRIES)" 4 \
    "$(pcap_count f1.pcap "icmpv6.type == 147 && ipv6.dst == $COA1 && icmpv6.mip6.identifier == ${LOST:-0}")"
gaps=$(tshark_fields f1.pcap "icmpv6.type == 147 && ipv6.dst == $COA1 && icmpv6.mip6.identifier == ${LOST:-0}" \
    frame.time_relative | awk 'NR > 1 { printf "%s%.0f", sep, $1 - t; sep = " " } { t = $1 }')
check_eq "HA_8_1_14: retransmitted after 3 s, then 6 s, then 12 s (to the second)" "3 6 12" "$gaps"
check "the retransmissions reached the care-of address through a type 2 routing header" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.mip6.identifier == ${LOST:-0} && ipv6.routing.type == 2 && ipv6.routing.mipv6.home_address == $NHOA")" -eq 4
