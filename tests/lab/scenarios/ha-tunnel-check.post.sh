# ha-tunnel-check.post.sh - the captures of ha-tunnel-check, checked with tshark on the host
read -r HOA HOA_EXP HOA_LL <addresses
HA_MAC=02:00:00:00:01:00
LL=fe80::$(echo "$HOA_LL" | sed 's/.*:://')

for t in "$HOA" "$HOA_EXP" "$HOA_LL" "$LL"; do
	check "HA_2_3_1 the home agent probed $t on the home link, from ::" \
	    test "$(pcap_count home.pcap "eth.src == $HA_MAC && icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == $t")" -ge 1
done
check "HA_2_3_1 no probe for them from another source (the home agent's link-local)" \
    test "$(pcap_count home.pcap "eth.src == $HA_MAC && icmpv6.type == 135 && ipv6.src != :: && (icmpv6.nd.ns.target_address == $HOA || icmpv6.nd.ns.target_address == $HOA_EXP || icmpv6.nd.ns.target_address == $HOA_LL || icmpv6.nd.ns.target_address == $LL)")" -eq 0
check "HA_2_3_1 the probes carry no source link-layer address option, hop limit 255" \
    test "$(pcap_count home.pcap "eth.src == $HA_MAC && icmpv6.type == 135 && ipv6.src == :: && (icmpv6.opt.type == 1 || ipv6.hlim != 255)")" -eq 0
# What the home agent forwarded to cn: echo requests 1, 4, 6 (right outer source) and none of
# 2, 3, 5, 7 (wrong outer source, no binding)
fwd=$(tshark_fields cn.pcap "icmpv6.type == 128 && (ipv6.src == $HOA || ipv6.src == $HOA_EXP)" \
    icmpv6.echo.sequence_number | sort -n | uniq | tr '\n' ' ')
check_eq "HA_6_2_1 only the packets from the binding's care-of address reached cn" "1 4 6 " "$fwd"
