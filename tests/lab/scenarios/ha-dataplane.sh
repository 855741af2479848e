# scenario ha-dataplane: the home agent's data plane: the Home Address option on any packet (RT2 answers, Binding Errors), roles sharing one node
# lab-topology: standard mn=f1
# lab-timeout: 480
#
# 1. A Scapy mobile node (tests/lab/ha_dataplane.py, in mn) sends Echo Requests, TCP and UDP
#    with a Home Address option to the home agent: with roles = { ha }, then { ha, cn }.
# 2. roles = { ha, mn } with ipsec sections for both sides: the home agent's SAs survive the
#    mobile node's start, and each side's go with it.
# 3. A node of the home link sends to a registered home address: tunnelled, no Redirect.
# (Route optimization beside an ESP tunnel, with mip6d on every node: ro-esp-tunnel.)
# ha-dataplane-prefix-routes runs the same with binding-routes = no and nd-proxy = mip6d
# (HA_BINDING_ROUTES, HA_ND_PROXY).

HA_BINDING_ROUTES=${HA_BINDING_ROUTES:-yes}
HA_ND_PROXY=${HA_ND_PROXY:-kernel}

HOA=2001:db8:1::100	# the ipsec section the home agent serves
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
ALT_COA=2001:db8:2::a17

# scapy_phase PHASE FIRST-HOA: the Scapy mobile node's cases, one check per line
scapy_phase() {
	in_ns mn /usr/bin/python3 "$LAB_SRC/ha_dataplane.py" --phase "$1" --first-hoa "$2" \
	    --iface eth0 --mac 02:00:00:00:03:00 --coa "$COA1" --alt-coa "$ALT_COA" \
	    --router-mac 02:00:00:00:02:01 --ha "$HA_ADDR" \
	    --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" \
	    >"$RESULTS/dataplane-$1.out" 2>"$RESULTS/dataplane-$1.err"
	rc=$?
	while IFS= read -r line; do
		lab_record "$line"
	done <"$RESULTS/dataplane-$1.out"
	grep -q Traceback "$RESULTS/dataplane-$1.err" && lab_fail "ha_dataplane.py $1 ran" \
	    "it crashed (exit $rc): $(lab_oneline "$RESULTS/dataplane-$1.err")"
	[ -s "$RESULTS/dataplane-$1.out" ] || lab_fail "ha_dataplane.py $1 ran" \
	    "no output (exit $rc): $(lab_oneline "$RESULTS/dataplane-$1.err")"
}

# --- 1. the Home Address option on any packet -------------------------------------------------

conf_ha ha.conf dad=no binding-routes="$HA_BINDING_ROUTES" nd-proxy="$HA_ND_PROXY"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
ip -n mn addr add "$ALT_COA/64" dev eth0 nodad
check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
scapy_phase ha 2000
read -r _ HOA_A HOA_B HOA_C <<EOF
$(grep '^hoas ' "$RESULTS/dataplane-ha.err")
EOF
check_eq "no kernel state of the de-registered and the expired binding is left" "" \
    "$(ip -n ha xfrm state | grep -e "${HOA_B:-none}\$" -e "${HOA_C:-none}\$" -e "${HOA_B:-none} " -e "${HOA_C:-none} ")"
check_match "the registered binding has its Home Address option state (CoA $COA1)" \
    "src ${HOA_A:-none} dst $HA_ADDR[[:space:]]*proto hao.*coa $COA1" \
    "$(ip -n ha xfrm state | tr '\n' ' ')"
# The kernel proxies the home address (nd-proxy = kernel), or mip6d does and the kernel has
# no entry for it (nd-proxy = mip6d).
if [ "$HA_ND_PROXY" = mip6d ]; then
	check_eq "no kernel proxy entry for the registered home address (nd-proxy = mip6d)" "" \
	    "$(ip -n ha -6 neigh show proxy | grep "^${HOA_A:-none} ")"
else
	check_match "a kernel proxy entry for the registered home address" "^${HOA_A:-none} " \
	    "$(ip -n ha -6 neigh show proxy)"
fi
# 3. the router r, on the home link, to the registered home address (judged on the captures
# at the end): the home agent answers its solicitation (proxy NDP) and tunnels the packet
in_ns r ping -6 -c 1 -W 2 "${HOA_A:-none}" >/dev/null 2>&1
check "the home agent stops" mip6d_stop ha
check_eq "no XFRM policy or state is left" "" "$(ip -n ha xfrm policy; ip -n ha xfrm state)"

conf_ha ha-cn.conf roles="ha, cn" dad=no binding-routes="$HA_BINDING_ROUTES" \
    nd-proxy="$HA_ND_PROXY"
check "mip6d starts as home agent and correspondent node" mip6d_start ha "$RESULTS/ha-cn.conf"
scapy_phase ha-cn 3000
check "the home agent and correspondent node stops" mip6d_stop ha
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
check_eq "no XFRM policy or state is left" "" "$(ip -n ha xfrm policy; ip -n ha xfrm state)"

# --- 2. roles = { ha, mn }: each side keeps its own SAs -------------------------------------

conf_ha ha-mn.conf roles="ha, mn" dad=no binding-routes="$HA_BINDING_ROUTES" \
    nd-proxy="$HA_ND_PROXY" - <<EOC
interface eth1 {
}
home-address 2001:db8:9::9/64 {
	home-agent = 2001:db8:9::1
	lifetime = 60
}
EOC
conf_ipsec ha-mn.conf "$HOA" spi=0x3000
conf_ipsec ha-mn.conf 2001:db8:9::9 home-agent=2001:db8:9::1 spi=0x3100
chmod 644 ha-mn.conf
check_fail "mip6d -n refuses ESP keys in a file others can read" \
    in_ns ha "$MIP6D" -n -c "$RESULTS/ha-mn.conf"
check_match "... naming the file, the line and the mode" \
    "ha-mn.conf:[0-9]*: ipsec: the file holds ESP keys and is readable or writable by others than its owner \(mode 0644\)" \
    "$(in_ns ha "$MIP6D" -n -c "$RESULTS/ha-mn.conf" 2>&1)"
chmod 600 ha-mn.conf
# the first ESP states of this kernel: it loads the crypto modules, slowly on a busy machine
MIP6D_START_WAIT=60 check "mip6d starts as home agent and mobile node, with ipsec sections for both" \
    mip6d_start ha "$RESULTS/ha-mn.conf"
check_wait "the mobile node's SAs are installed after the home agent's" 30 \
    sh -c "ip -n ha xfrm state | grep -q 'spi 0x00003101'"
states=$(ip -n ha xfrm state | tr '\n' ' ')
check_match "the home agent's SAs are in place after the mobile node started (spi 0x3000)" \
    "spi 0x00003000" "$states"
check_match "... and 0x3001" "spi 0x00003001" "$states"
check_match "the mobile node's SAs are in place too (spi 0x3100)" "spi 0x00003100" "$states"
check_match "... and 0x3101" "spi 0x00003101" "$states"
check "the home agent and mobile node stops" mip6d_stop ha
check_eq "every SA of both sides is gone" "" "$(ip -n ha xfrm state | grep 'spi 0x000031\|spi 0x000030')"

# --- 3. from the home link to a registered home address, as tshark reads the captures ------

capture_stop
check "HA_5_1_1 an Echo Request from a home-link node to the registered home address reaches the care-of address through the tunnel" \
    test "$(pcap_count f1.pcap "ipv6.nxt == 41 && ipv6.src == $HA_ADDR && ipv6.dst == $COA1 && icmpv6.type == 128 && ipv6.dst == ${HOA_A:-::}")" -ge 1
check "HA_4_2_1 the home agent answers r's solicitation for the home address with its own link-layer address" \
    test "$(pcap_count home.pcap "icmpv6.type == 136 && icmpv6.nd.na.target_address == ${HOA_A:-::} && icmpv6.nd.na.flag.s == 1 && icmpv6.opt.linkaddr == 02:00:00:00:01:00 && icmpv6.checksum.status == 1")" -ge 1
# RFC 4861 8.2: a router redirects only to a better first hop on the link; the home agent is
# the mobile node's only one.
check "no ICMPv6 Redirect for the registered home address on the home link" \
    test "$(pcap_count home.pcap "icmpv6.type == 137 && icmpv6.nd.rd.target_address == ${HOA_A:-::}")" -eq 0
