# scenario topology: the standard topology itself: addresses, routes, Router Advertisements, handover
# lab-topology: standard mn=home
# lab-timeout: 90
#
# No mip6d here: this checks the lab that every other scenario stands on.

check "cn reaches the home agent through r" in_ns cn ping -6 -c 1 -W 2 "$HA_ADDR"
check "ha reaches the cn" in_ns ha ping -6 -c 1 -W 2 "$CN_ADDR"

check_wait "mn autoconfigures on the home link" 5 node_has_addr mn "$LAB_PREFIX_home"
check "mn's home address is predictable" node_has_addr mn "$(node_addr mn eth0 "$LAB_PREFIX_home")"
check "mn reaches the cn from home" in_ns mn ping -6 -c 1 -W 2 "$CN_ADDR"

mn_move f1
check_eq "mn is on f1 after mn_move" f1 "$(node_link mn eth0)"
check_wait "mn autoconfigures on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mn on f1 reaches the cn" in_ns mn ping -6 -c 1 -W 2 "$CN_ADDR"

mn_move f2 eth0 carrier
check_wait "mn autoconfigures on f2 after a carrier flap" 5 node_has_addr mn "$LAB_PREFIX_f2"

