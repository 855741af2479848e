# scenario demo: the live demo: the lab's links, home agent, mobile node and correspondent, registration, handover and return home, step by step
# lab-topology: standard mn=home
# lab-timeout: 120
#
# tests/demo runs this scenario; each step is told with note and shown with show.

note "== The lab: user-mode Linux $(uname -r), Mobile IPv6 in the kernel, one network namespace per node"
note "   home link 2001:db8:1::/64 (br-home): ha 2001:db8:1::1, router r ::fffe"
note "   foreign links 2001:db8:2::/64 (br-f1) and 2001:db8:3::/64 (br-f2): r ::1, Router Advertisements"
note "   correspondent link 2001:db8:4::/64 (br-cn): r ::1, cn 2001:db8:4::2"
show ip -n ha -6 addr show dev eth0 scope global

note "== The mobile node starts at home and configures an address from the home agent's Router Advertisements"
check_wait "mn has an address on the home link" 5 node_has_addr mn "$LAB_PREFIX_home"
show ip -n mn -6 addr show dev eth0 scope global
check "mn reaches the correspondent from home" in_ns mn ping -6 -c 1 -W 2 "$CN_ADDR"

cat >ha.conf <<EOC
roles = { ha }
control-socket {
	path = "/run/mip6d-ha.sock"
}
home-link eth0 {
	prefix = { 2001:db8:1::/64 }
	home-agent-address = $HA_ADDR
}
EOC
cat >mn.conf <<EOC
roles = { mn }
control-socket {
	path = "/run/mip6d-mn.sock"
}
interface eth0 {
	preference = 10
}
mobile-node {
	# Return routability and a binding with the correspondent 2001:db8:4::2.
	peer $CN_ADDR/128 {
		route-optimization = yes
	}
}
home-address 2001:db8:1::100/64 {
	home-agent = $HA_ADDR
}
EOC

note "== The home agent: mip6d with roles = { ha } on the home link"
show cat ha.conf
check "mip6d starts as the home agent" mip6d_start ha "$RESULTS/ha.conf"
show ctl ha status
show ctl ha bc

note "== The mobile node: mip6d with roles = { mn }, home address 2001:db8:1::100"
if check "mip6d starts as the mobile node" mip6d_start mn "$RESULTS/mn.conf"; then
	show ctl mn status
	show ctl mn bul
fi

cat >cn.conf <<EOC
roles = { cn }
control-socket {
	path = "/run/mip6d-cn.sock"
}
correspondent-node {
	route-optimization = yes
}
EOC
note "== The correspondent node: mip6d with roles = { cn } at 2001:db8:4::2, open to route optimization"
check "mip6d starts as the correspondent node" mip6d_start cn "$RESULTS/cn.conf"

note "== Handover: the mobile node's link moves from the home link to foreign link f1"
mn_move f1
check_wait "mn has a care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
show ip -n mn -6 addr show dev eth0 scope global

# mn_registered: the mobile node's binding update list has a registered entry
mn_registered() {
	ctl mn -j bul 2>/dev/null | grep -q '"state": *"registered"'
}
# ha_has_binding: the home agent's binding cache holds the mobile node's home address
ha_has_binding() {
	ctl ha -j bc 2>/dev/null | grep -q '"2001:db8:1::100"'
}
# mn_registered_in PREFIX: the home registration is done, from a care-of address in PREFIX
mn_registered_in() {
	ctl mn -j bul 2>/dev/null | grep -q "\"care-of-address\": *\"$1[^\"]*\",[^}]*\"state\": *\"registered\""
}
# mn_at_home: the home registration is undone, the mobile node is on its home link
mn_at_home() {
	ctl mn -j bul 2>/dev/null | grep -q '"where": *"home"' &&
	    ! ctl ha -j bc 2>/dev/null | grep -q '"2001:db8:1::100"'
}
# cn_has_binding: the correspondent's binding cache holds the home address
cn_has_binding() {
	ctl cn -j bc 2>/dev/null | grep -q '"2001:db8:1::100"'
}
# cn_binding_at_f2: ... with a care-of address on f2
cn_binding_at_f2() {
	ctl cn -j bc 2>/dev/null | grep -q "\"care-of-address\": *\"$LAB_PREFIX_f2"
}

if wait_until 8 mn_registered; then
	note "== Home registration: Binding Update from the care-of address, Binding Acknowledgement from the home agent"
	show ctl ha bc
	show ctl mn bul

	if wait_until 5 cn_has_binding; then
		note "== Route optimization: return routability (HoTI/HoT through the home agent, CoTI/CoT directly), then a Binding Update to the correspondent"
		show ctl cn bc
		note "== Traffic between the home address and the correspondent now goes directly (Home Address option out, type 2 routing header in)"
	else
		note "== (no binding at the correspondent within 5 s: this build's mobile node does not run return routability yet)"
		note "== Traffic from the home address reaches the correspondent through the home agent's tunnel"
	fi
	show in_ns mn ping -6 -c 1 -W 2 -I 2001:db8:1::100 "$CN_ADDR"

	note "== Handover: the mobile node moves on to foreign link f2 and registers its new care-of address"
	mn_move f2
	if wait_until 8 mn_registered_in "$LAB_PREFIX_f2"; then
		show ctl ha bc
		if wait_until 5 cn_binding_at_f2; then
			note "== The correspondent's binding follows"
			show ctl cn bc
		fi
		show in_ns mn ping -6 -c 1 -W 2 -I 2001:db8:1::100 "$CN_ADDR"
	else
		note "== (not registered from f2 within 8 s)"
		show ctl mn bul
	fi

	note "== Back home: the mobile node de-registers from the home link and answers for its home address itself"
	mn_move home
	if wait_until 10 mn_at_home; then
		show ctl mn bul
		show ctl ha bc
		note "== The correspondent reaches the home address directly on the home link, no tunnel"
		show in_ns cn ping -6 -c 1 -W 2 2001:db8:1::100
	else
		note "== (no de-registration from the home link within 10 s)"
		show ctl mn bul
	fi
elif ha_has_binding; then
	note "== (the home agent has a binding, but the mobile node is not registered after 8 s)"
	show ctl ha bc
	show ctl mn bul
else
	note "== (no home registration within 8 s: this build's mobile node does not register yet)"
fi

note "== The daemons stop on SIGTERM; logs and captures of every link are in $RESULTS"
check "the home agent stops cleanly" mip6d_stop ha
check "the mobile node stops cleanly" mip6d_stop mn
check "the correspondent node stops cleanly" mip6d_stop cn
