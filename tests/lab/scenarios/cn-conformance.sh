# scenario cn-conformance: a Scapy mobile node runs return routability and BUs against the CN
# lab-topology: standard mn=f1 mn_eth1=home
# lab-timeout: 600
#
# mn is the tester (no mip6d there): eth0 on foreign link 1 holds its care-of address, eth1 on
# the home link holds its home addresses, so that HoTI and HoT take the home address path.
# tests/lab/cn_conformance.py computes tokens' Kbm and the authenticators with Python's own
# hashlib/hmac and names each check after its CN conformance case.

conf_cn "$LAB_RUN/cn.conf" route-optimization=yes

hoas=
i=1
while [ $i -le 45 ]; do
	a=2001:db8:1::c:$i
	ip -n mn addr add "$a/64" dev eth1 nodad
	hoas="$hoas${hoas:+,}$a"
	i=$((i + 1))
done

# a second care-of address on f1 for the Alternate Care-of Address case (CN-3-1-1)
ip -n mn addr add 2001:db8:2::a17/64 dev eth0 nodad

check "mip6d starts as correspondent node" mip6d_start cn "$LAB_RUN/cn.conf"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check_wait "the tester reaches the cn from its home addresses" 5 \
    in_ns mn ping -6 -c 1 -W 1 -I 2001:db8:1::c:1 "$CN_ADDR"

lab_peer cn_conformance.py conformance in_ns mn /usr/bin/python3 "$LAB_SRC/cn_conformance.py" \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --router-mac 02:00:00:00:02:01 --home-iface eth1 --home-mac 02:00:00:00:03:01 \
    --home-router-mac 02:00:00:00:02:00 --cn "$CN_ADDR" --alt-coa 2001:db8:2::a17 \
    --ctl "$MIP6D_CTL" --sock "$(mip6d_sock cn)" --hoas "$hoas"

check "the correspondent node survived every case" mip6d_running cn
capture_stop
check "tshark decodes HoT and CoT on the cn link" \
    test "$(pcap_count cn.pcap 'mip6.mhtype == 3 || mip6.mhtype == 4')" -gt 0
check "tshark finds no malformed Mobility Header on the cn link" \
    test "$(pcap_count cn.pcap '_ws.malformed && mipv6')" -eq 0
mip6d_stop cn
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
check "no XFRM state or policy of the cn remains" \
    sh -c "[ -z \"\$(ip -n cn xfrm state)\" ] && [ -z \"\$(ip -n cn xfrm policy)\" ]"
