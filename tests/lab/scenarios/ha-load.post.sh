# ha-load.post.sh - the DAD probes of ha-load's last phase, checked with tshark on the host
read -r BASE N <dad-range
HA_MAC=02:00:00:00:01:00
# The probes' targets, from :: and from anything else, one per line.
tshark_fields home.pcap "eth.src == $HA_MAC && icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == $BASE/112" \
    icmpv6.nd.ns.target_address >probes-unspec.txt
tshark_fields home.pcap "eth.src == $HA_MAC && icmpv6.type == 135 && ipv6.src != :: && icmpv6.nd.ns.target_address == $BASE/112" \
    icmpv6.nd.ns.target_address >probes-other.txt
check_eq "HA_2_3_1 every target of the load was probed from :: once" "$N $N" \
    "$(wc -l <probes-unspec.txt | tr -d ' ') $(sort -u probes-unspec.txt | wc -l | tr -d ' ')"
check_eq "HA_2_3_1 no probe left from another source" 0 "$(wc -l <probes-other.txt | tr -d ' ')"
