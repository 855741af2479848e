# handover.post.sh - the captures of handover, checked with tshark on the host: timing of the
# registration on f2
read -r HOA COA1 COA2 <addresses
# link-up: the first frame the mobile node sends on f2 (its MLD report or Router Solicitation)
up=$(tshark_fields f2.pcap "eth.src == 02:00:00:00:03:00" frame.time_epoch | head -1)

bu=$(tshark_fields f2.pcap "mip6.mhtype == 5 && ipv6.src == $COA2 && mip6.bu.lifetime > 0" \
    frame.time_epoch mip6.bu.seqnr | head -1)
bu_t=$(echo "$bu" | cut -f1)
ba_t=$(tshark_fields f2.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.dst == $COA2 && ipv6.routing.type == 2" \
    frame.time_epoch | head -1)
check "a BU from the new care-of address leaves f2" test -n "$bu_t"
check "a BA with status 0 comes back to it through a type 2 routing header" test -n "$ba_t"
if [ -n "$bu_t" ] && [ -n "$ba_t" ]; then
	note "link-up to BU: $(awk -v a="$up" -v b="$bu_t" 'BEGIN { printf "%.1f", (b - a) * 1000 }') ms"
	note "BU to BA: $(awk -v a="$bu_t" -v b="$ba_t" 'BEGIN { printf "%.1f", (b - a) * 1000 }') ms"
	note "gap (time without echo replies at cn): $(cat gap_ms) ms"
fi
check "after the BA, cn's pings cross f2 in ip6ip6 from the HA to the new care-of address" \
    test "$(pcap_count f2.pcap "ipv6.src == $HA_ADDR && ipv6.dst == $COA2 && ipv6.nxt == 41 && icmpv6.type == 128")" -gt 50
check "the replies leave f2 through the reverse tunnel" \
    test "$(pcap_count f2.pcap "ipv6.src == $COA2 && ipv6.dst == $HA_ADDR && ipv6.nxt == 41 && icmpv6.type == 129")" -gt 50
check "tshark finds no malformed Mobility Header on f1 and f2" \
    test "$(($(pcap_count f1.pcap '_ws.malformed && mipv6') + $(pcap_count f2.pcap '_ws.malformed && mipv6')))" -eq 0
