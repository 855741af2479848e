# ro-esp-tunnel.post.sh - the capture of f1: the ESP tunnel first, route optimization after
read -r HOA COA1 <addresses
ro=$(cat ro 2>/dev/null || echo 0)

check "before route optimization the traffic went through the ESP tunnel" \
    test "$(pcap_count f1.pcap "esp && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR")" -ge 1
check "after it, echo requests to cn go directly with a Home Address option" \
    test "$(pcap_count f1.pcap "frame.time_epoch > $ro && icmpv6.type == 128 && ipv6.src == $COA1 && ipv6.dst == $CN_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -ge 5
check "cn's echo replies come directly through a type 2 routing header" \
    test "$(pcap_count f1.pcap "frame.time_epoch > $ro && icmpv6.type == 129 && ipv6.src == $CN_ADDR && ipv6.dst == $COA1 && ipv6.routing.mipv6.home_address == $HOA")" -ge 5
