# operations.post.sh - the scraped metrics validated by promtool (Debian's prometheus) and by
# prom_check.py, and the Binding Refresh Request of bc del seen on the wire by tshark
read -r HOA COA1 COA2 <addresses

for f in metrics-http-start.prom metrics-http.prom metrics-ha.prom metrics-mn.prom; do
	check_prom "$f"
done
grep '^# TYPE' metrics-http.prom >types-http.txt
grep '^# TYPE' metrics-ha.prom >types-ctl.txt
check "metrics: HTTP and mip6d-ctl serve the same families" diff types-http.txt types-ctl.txt

# RFC 6275 6.1.2: the Binding Refresh Request of bc del, to the home address through the
# binding's tunnel to the care-of address, and the mobile node's BU that answers it
t_del=$(cat bc-del.time)
check "bc del: a Binding Refresh Request leaves the home agent for the mobile node on f2, tunnelled" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 0 && ipv6.src == $HA_ADDR && ipv6.dst == $COA2 && ipv6.dst == $HOA && ipv6.nxt == 41 && frame.time_epoch >= $t_del")" -gt 0
brr_t=$(tshark_fields f2.pcap "mip6.mhtype == 0 && ipv6.src == $HA_ADDR" frame.time_epoch | head -1)
check "bc del: the mobile node answers it with a Binding Update" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 5 && ipv6.src == $COA2 && frame.time_epoch > ${brr_t:-0}")" -gt 0
check "tshark finds no malformed Mobility Header on f2" \
    test "$(pcap_count f2.pcap '_ws.malformed && mipv6')" -eq 0
