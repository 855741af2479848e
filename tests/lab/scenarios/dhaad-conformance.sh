# scenario dhaad-conformance: Scapy home agents and a mobile node drive the home agent through HA groups 7 (DHAAD, Home Agents List) and 8 (Mobile Prefix Discovery)
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 300
#
# The mn namespace runs no mip6d: it is the tester, with eth0 on foreign link 1 (the mobile
# node at its care-of address, sending DHAAD Requests and Mobile Prefix Solicitations) and eth1
# on the home link (other home agents: Router Advertisements with the H bit, with and without
# the Home Agent Information option).  tests/lab/dhaad_conformance.py builds every packet with
# Scapy's own ICMPv6 classes; its lines are the checks of this scenario.  radvd on ha
# advertises the home agent itself (preference 10, as its configuration says).

PREF=10
PLT=300
conf_ha "$LAB_RUN/ha.conf" max-binding-lifetime=1000 dad=no prefix-lifetime=$PLT \
    home-agent-preference=$PREF

check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
ctl ha hal >"$RESULTS/hal.txt" 2>&1
check "mip6d-ctl hal lists the home agent itself" grep -q "$HA_ADDR" "$RESULTS/hal.txt"

lab_peer dhaad_conformance.py conformance in_ns mn /usr/bin/python3 "$LAB_SRC/dhaad_conformance.py" \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --router-mac 02:00:00:00:02:01 \
    --home-iface eth1 --home-mac 02:00:00:00:03:01 \
    --ha "$HA_ADDR" --ha-mac 02:00:00:00:01:00 \
    --prefix "$LAB_PREFIX_home" --pref $PREF --prefix-lifetime $PLT

# the list as mip6d-ctl shows it, in JSON: the home agent itself with its preference
ctl ha -j hal >"$RESULTS/hal.json" 2>&1
check_eq "mip6d-ctl -j hal: the home agent itself, preference $PREF" true \
    "$(json_eval 'any(e["self"] and e["preference"] == '$PREF' for e in d["home-agents"])' \
    <"$RESULTS/hal.json")"
check "the home agent survived every case" mip6d_running ha
