# discovery.post.sh: what crossed the links, decoded by tshark (RFC 6275 6.5, 6.6, 10.5)
ANY=2001:db8:1:0:fdff:ffff:ffff:fffe
check "a DHAAD Request left f1 for the Home-Agents anycast address" \
    test "$(pcap_count f1.pcap "icmpv6.type == 144 && ipv6.dst == $ANY")" -gt 0
check "a DHAAD Reply reached f1 from a home agent, listing ha first" \
    sh -c "tshark -r f1.pcap -Y 'icmpv6.type == 145' -T fields -e icmpv6.mip6.home_agent_address \
    2>/dev/null | grep -q '^$HA_ADDR,$HA2_ADDR'"
check "Binding Updates from f2 to ha2" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 5 && ipv6.dst == $HA2_ADDR")" -gt 0
