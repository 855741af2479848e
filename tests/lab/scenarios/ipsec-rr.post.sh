# ipsec-rr.post.sh - the captures of ipsec-rr, checked with tshark on the host
read -r HOA COA1 COA2 <addresses

check "cn answered with HoTs to the home address" \
    test "$(pcap_count cn.pcap "mip6.mhtype == 3 && ipv6.src == $CN_ADDR && ipv6.dst == $HOA")" -ge 6
check "cn received the HoTIs from the home address, through the HA" \
    test "$(pcap_count cn.pcap "mip6.mhtype == 1 && ipv6.src == $HOA && ipv6.dst == $CN_ADDR")" -ge 6
for l in f1 f2; do
	case $l in f1) COA=$COA1 ;; *) COA=$COA2 ;; esac
	check "$l: the HoTIs crossed in the ESP tunnel from the care-of address" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $COA && ipv6.dst == $HA_ADDR && !ipv6.opt")" -ge 3
	check "$l: the HoTs came back in the ESP tunnel from the HA" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $HA_ADDR && ipv6.dst == $COA && !ipv6.routing")" -ge 3
	check "$l: no plaintext Mobility Header (HoTI, HoT, BU, BA)" \
	    test "$(pcap_count $l.pcap "mipv6 && !icmpv6")" -eq 0
	check "$l: the payload keeps the ip6ip6 tunnel" \
	    test "$(pcap_count $l.pcap "ipv6.nxt == 41 && icmpv6.type == 128 && ipv6.dst == $COA")" -gt 0
done
