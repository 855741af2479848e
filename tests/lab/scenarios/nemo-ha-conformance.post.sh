# nemo-ha-conformance.post.sh - the captures of nemo-ha-conformance, checked with tshark on the host
check "NEMO-HA_2_3_1 DAD probes (NS from ::) on the home link" \
    test "$(pcap_count home.pcap 'icmpv6.type == 135 && ipv6.src == ::')" -gt 0
check "NEMO-HA_4_1_1 unsolicited NA with Override from the home agent" \
    test "$(pcap_count home.pcap 'icmpv6.type == 136 && ipv6.dst == ff02::1 && icmpv6.nd.na.flag.o == 1 && eth.src == 02:00:00:00:01:00')" -gt 0
check "tshark decodes accepting BAs with R=1 on f1" \
    test "$(pcap_count f1.pcap 'mip6.mhtype == 6 && mip6.ba.status < 128 && mip6.nemo.ba.r_flag == 1')" -gt 0
check "no accepting BA on f1 without R=1 (tshark)" \
    test "$(pcap_count f1.pcap 'mip6.mhtype == 6 && mip6.ba.status < 128 && mip6.nemo.ba.r_flag == 0')" -eq 0
check "every BA on f1 travels with a type 2 routing header" \
    test "$(pcap_count f1.pcap 'mip6.mhtype == 6 && !ipv6.routing.type')" -eq 0
check "tshark finds no malformed Mobility Header on f1" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
