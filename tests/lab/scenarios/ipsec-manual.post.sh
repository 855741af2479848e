# ipsec-manual.post.sh - the captures of ipsec-manual, checked with tshark on the host
read -r HOA COA1 COA2 <addresses

# esp_count PCAP FILTER: pcap_count with the transport SAs of ipsec-manual.sh given to tshark, so
# that the filter sees inside them (an independent decryption of what mip6d keyed)
esp_sa() {
	printf 'uat:esp_sa:"IPv6","*","*","%s","AES-CBC [RFC3602]","%s","HMAC-SHA-256-128 [RFC4868]","%s"' \
	    "$1" "$2" "$3"
}
esp_count() {
	tshark -n -r "$1" -o esp.enable_encryption_decode:TRUE \
	    -o "$(esp_sa 0x00001000 0x000102030405060708090a0b0c0d0e0f \
	    0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f)" \
	    -o "$(esp_sa 0x00001001 0x0f0e0d0c0b0a09080706050403020100 \
	    0x1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100)" \
	    -Y "$2" -T fields -e frame.number 2>/dev/null | grep -c .
}

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
	# Prefix discovery (RFC 3776 4.1; RFC 6275 11.4.2, 10.6.2), seen through the SAs
	check "$l: MN-4-1-1-1-002: an MPS left from the care-of address with a Home Address option, in ESP" \
	    test "$(esp_count $l.pcap "esp.spi == 0x1000 && icmpv6.type == 146 && ipv6.src == $COA && ipv6.dst == $HA_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 0
	check "$l: its checksum is good over the home address (RFC 6275 6.3)" \
	    test "$(esp_count $l.pcap "icmpv6.type == 146 && icmpv6.checksum.status != 1")" -eq 0
	check "$l: MPAs reached the care-of address through a type 2 routing header, in ESP" \
	    test "$(esp_count $l.pcap "esp.spi == 0x1001 && icmpv6.type == 147 && ipv6.dst == $COA && ipv6.routing.type == 2 && ipv6.routing.mipv6.home_address == $HOA")" -ge 2
	# (but the forged MPA that cn sends to f1, for 2001:db8:7::/64)
	check "$l: no MPS or MPA in the clear" \
	    test "$(esp_count $l.pcap "(icmpv6.type == 146 || icmpv6.type == 147) && !esp && !(icmpv6.opt.prefix == 2001:db8:7::)")" -eq 0
	# (but the forged BA that cn sends to f1, sequence number 4242)
	check "$l: no plaintext Mobility Header from the nodes" \
	    test "$(pcap_count $l.pcap "mipv6 && !(mip6.ba.seqnr == 4242)")" -eq 0
	# (tshark matches the inner header of ip6ip6 as well)
	check "$l: no plaintext echo request or reply, no ip6ip6 with the home address" \
	    test "$(pcap_count $l.pcap "icmpv6.type == 128 || icmpv6.type == 129 || (ipv6.nxt == 41 && ipv6.addr == $HOA)")" -eq 0
done
check "the forged MPA crossed f1 in the clear (and was dropped by the MN's kernel)" \
    test "$(pcap_count f1.pcap "icmpv6.type == 147 && icmpv6.opt.prefix == 2001:db8:7:: && !esp")" -eq 1
check "the forged MPS reached the home link in the clear (and was dropped by the HA's kernel)" \
    test "$(pcap_count home.pcap "icmpv6.type == 146 && icmpv6.mip6.identifier == 4242 && !esp")" -ge 1
check "the forged BUs went from cn in the clear" \
    test "$(pcap_count cn.pcap "mip6.mhtype == 5 && ipv6.src == $CN_ADDR")" -ge 6
check "the HA answered none of them" \
    test "$(pcap_count cn.pcap "mipv6 && ipv6.src == $HA_ADDR && !(mip6.ba.seqnr == 4242)")" -eq 0
check "the forged BA crossed f1 in the clear (and was dropped by the MN's kernel)" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 6 && mip6.ba.seqnr == 4242 && !esp")" -ge 3
