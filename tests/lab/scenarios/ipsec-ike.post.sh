# ipsec-ike.post.sh - the captures of ipsec-ike, checked with tshark on the host
read -r HOA COA1 COA2 <addresses
[ -s charon-mn.log ] || exit 0

check "IKEv2 between the care-of address and the HA on f1" \
    test "$(pcap_count f1.pcap "isakmp && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR")" -gt 0
for l in f1 f2; do
	case $l in f1) COA=$COA1 ;; *) COA=$COA2 ;; esac
	check "$l: the BU leaves in ESP after its Home Address option" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $COA && ipv6.dst == $HA_ADDR && ipv6.opt.type == 201")" -gt 0
	check "$l: ESP tunnel packets from the HA to the care-of address" \
	    test "$(pcap_count $l.pcap "esp && ipv6.src == $HA_ADDR && ipv6.dst == $COA && !ipv6.routing")" -gt 0
	check "$l: no plaintext Mobility Header" test "$(pcap_count $l.pcap "mipv6")" -eq 0
	check "$l: no plaintext echo request or reply" \
	    test "$(pcap_count $l.pcap "icmpv6.type == 128 || icmpv6.type == 129")" -eq 0
done
