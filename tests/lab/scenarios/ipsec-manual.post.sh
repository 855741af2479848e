# ipsec-manual.post.sh - the captures of ipsec-manual, checked with tshark on the host
read -r HOA COA1 COA2 <addresses

for l in f1 f2; do
	case $l in f1) COA=$COA1 ;; *) COA=$COA2 ;; esac
	check "$l: the BU leaves in ESP after its Home Address option" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $COA && ipv6.dst == $HA_ADDR && ipv6.opt.type == 201")" -gt 0
	check "$l: the BA comes back in ESP through a type 2 routing header" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $HA_ADDR && ipv6.dst == $COA && ipv6.routing.type == 2")" -gt 0
	check "$l: ESP tunnel packets from the HA to the care-of address" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $HA_ADDR && ipv6.dst == $COA && !ipv6.routing")" -gt 0
	check "$l: ESP tunnel packets from the care-of address to the HA" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $COA && ipv6.dst == $HA_ADDR && !ipv6.opt")" -gt 0
	# (but the forged BA that cn sends to f1, sequence number 4242)
	check "$l: no plaintext Mobility Header from the nodes" \
	    test "$(pcap_count $l.pcap "mipv6 && !(mip6.ba.seqnr == 4242)")" -eq 0
	# (tshark matches the inner header of ip6ip6 as well)
	check "$l: no plaintext echo request or reply, no ip6ip6 with the home address" \
	    test "$(pcap_count $l.pcap "icmpv6.type == 128 || icmpv6.type == 129 || (ipv6.nxt == 41 && ipv6.addr == $HOA)")" -eq 0
done
check "the forged BUs went from cn in the clear" \
    test "$(pcap_count cn.pcap "mip6.mhtype == 5 && ipv6.src == $CN_ADDR")" -ge 6
check "the HA answered none of them" \
    test "$(pcap_count cn.pcap "mipv6 && ipv6.src == $HA_ADDR && !(mip6.ba.seqnr == 4242)")" -eq 0
check "the forged BA crossed f1 in the clear (and was dropped by the MN's kernel)" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && mip6.ba.seqnr == 4242 && !esp")" -ge 3
