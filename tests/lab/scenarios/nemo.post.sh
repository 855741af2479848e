# nemo.post.sh - the captures of nemo, checked with tshark on the host
read -r MR_HOA COA1 COA2 PEER_COA <addresses

check "NEMO-HA_2_9_1 tshark: the router's BU on f1 has R and a Mobile Network Prefix option 2001:db8:10::/64" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && ipv6.src == $COA1 && mip6.nemo.bu.r_flag == 1 && mip6.nemo.mnp.mnp == 2001:db8:10:: && mip6.nemo.mnp.pfl == 64")" -gt 0
check "NEMO-HA_2_1_1 tshark: the home agent's BA to it has R and status 0" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && ipv6.dst == $COA1 && mip6.nemo.ba.r_flag == 1 && mip6.ba.status == 0")" -gt 0
check "tshark: the router's BU from f2 carries the prefix too" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 5 && ipv6.src == $COA2 && mip6.nemo.bu.r_flag == 1 && mip6.nemo.mnp.mnp == 2001:db8:10::")" -gt 0
check "NEMO-HA_2_12_1 tshark: in implicit mode the router's BUs have R and no prefix option" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && ipv6.src == $COA1 && mip6.nemo.bu.r_flag == 1 && mip6.bu.lifetime > 0 && !mip6.options.mnp")" -gt 0
check "tshark: the de-registration from home has R" \
    test "$(pcap_count home.pcap "mip6.mhtype == 5 && ipv6.src == $MR_HOA && mip6.bu.lifetime == 0 && mip6.nemo.bu.r_flag == 1")" -gt 0
check "NEMO-HA_2_11_9 tshark: status 142 (Not Authorized for Prefix) to the second router, without R" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && ipv6.dst == $PEER_COA && mip6.ba.status == 142 && mip6.nemo.ba.r_flag == 0")" -gt 0
check "NEMO-HA_2_11_7 tshark: status 141 (Invalid Prefix) three times (NEMO-HA_2_11_8, NEMO-HA_2_11_5)" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && ipv6.dst == $PEER_COA && mip6.ba.status == 141")" -ge 3
check "NEMO-HA_2_12_3 tshark: status 143 to an implicit router with no prefixes" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && ipv6.dst == $PEER_COA && mip6.ba.status == 143")" -gt 0
check "NEMO-HA_6_6_5 tshark: the host's echo requests leave f1 inside the router's reverse tunnel" \
    test "$(pcap_count f1.pcap "ipv6.src == $COA1 && ipv6.dst == $HA_ADDR && ipv6.nxt == 41 && ipv6.src == 2001:db8:10::2 && icmpv6.type == 128")" -gt 0
check "NEMO-HA_5_4_5 tshark: cn's echo requests reach f1 inside the tunnel from the home agent" \
    test "$(pcap_count f1.pcap "ipv6.src == $HA_ADDR && ipv6.dst == $COA1 && ipv6.nxt == 41 && ipv6.dst == 2001:db8:10::2 && icmpv6.type == 128")" -gt 0
check "no route optimization for the mobile network: no HoTI or CoTI leaves the router" \
    test "$(pcap_count f1.pcap "(mip6.mhtype == 1 || mip6.mhtype == 2) && (ipv6.src == $COA1 || ipv6.src == $MR_HOA)")" -eq 0
check "tshark finds no malformed Mobility Header on f1 but the Scapy router's length-17 option" \
    test "$(pcap_count f1.pcap "_ws.malformed && mipv6 && !(ipv6.src == $PEER_COA && mip6.nemo.mnp.pfl)")" -eq 0
