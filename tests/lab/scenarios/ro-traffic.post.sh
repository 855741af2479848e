# ro-traffic.post.sh - the capture of f1: echo requests through the tunnel first, then, after
# the correspondent's BA, directly with a HAO
read -r HOA COA1 <addresses
first=$(tshark_fields f1.pcap "icmpv6.type == 128 && ipv6.nxt == 41 && ipv6.dst == $CN_ADDR" frame.time_epoch | head -1)
ba=$(tshark_fields f1.pcap "mip6.mhtype == 6 && ipv6.src == $CN_ADDR && ipv6.dst == $COA1 && ipv6.routing.mipv6.home_address == $HOA" frame.time_epoch | head -1)
hoti=$(tshark_fields f1.pcap "mip6.mhtype == 1 && ipv6.nxt == 41 && ipv6.dst == $CN_ADDR" frame.time_epoch | head -1)
check "the first echo requests to cn go through the tunnel" test -n "$first"
check "a HoTI follows them through the tunnel" test -n "$hoti"
check "cn's BA comes through a type 2 routing header" test -n "$ba"
if [ -n "$first" ] && [ -n "$hoti" ] && [ -n "$ba" ]; then
	note "first echo request to HoTI: $(awk -v a="$first" -v b="$hoti" 'BEGIN { printf "%.1f", (b - a) * 1000 }') ms; to the BA: $(awk -v a="$first" -v b="$ba" 'BEGIN { printf "%.1f", (b - a) * 1000 }') ms"
	check "after the BA, the echo requests go directly with a HAO" \
	    test "$(pcap_count f1.pcap "frame.time_epoch > $ba && icmpv6.type == 128 && ipv6.src == $COA1 && ipv6.dst == $CN_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 20
	check "after the BA, no echo request to cn through the tunnel" \
	    test "$(pcap_count f1.pcap "frame.time_epoch > $ba + 0.05 && icmpv6.type == 128 && ipv6.nxt == 41 && ipv6.dst == $CN_ADDR")" -eq 0
fi
