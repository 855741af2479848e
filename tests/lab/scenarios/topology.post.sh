# topology.post.sh - checks of the topology scenario's captures, on the host after the boot
check "the home link carries Router Advertisements with the Home Agent flag" \
    test "$(pcap_count home.pcap 'icmpv6.type == 134 && icmpv6.nd.ra.flag.h == 1')" -gt 0
check "the home link carries the Home Agent Information option" \
    test "$(pcap_count home.pcap 'icmpv6.opt.type == 8')" -gt 0
check "f1 carries Router Advertisements of 2001:db8:2::/64" \
    test "$(pcap_count f1.pcap 'icmpv6.opt.prefix == 2001:db8:2::')" -gt 0
check "f1 carries the mn's echo requests" \
    test "$(pcap_count f1.pcap "icmpv6.type == 128 && ipv6.src == $(node_addr mn eth0 "$LAB_PREFIX_f1")")" -gt 0
