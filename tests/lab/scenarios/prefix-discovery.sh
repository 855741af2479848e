# scenario prefix-discovery: Mobile Prefix Solicitations and Advertisements between a registered mobile node and its home agent; the home link is renumbered and the home agent tells the mobile node
# lab-topology: standard mn=f1
# lab-timeout: 200
#
# RFC 6275 10.6, 11.4.2, 11.4.3.  The home prefix lives 12 s (prefix-lifetime): the home agent
# grants no longer a binding, and its Mobile Prefix Advertisements say no longer either.  The
# mobile node (home-agent = discover) registers; the home agent's configuration gains a second
# prefix (renumbering, applied by mip6d-ctl reload): an unsolicited Mobile Prefix Advertisement
# reaches the mobile node through a type 2 routing header.  The mobile node then knows when its
# home prefix ends and solicits it again (MPS with a Home Address option) before that; the home
# agent answers.  Without IPsec here: with ESP transport and ICMPv6-type selectors the 6.1
# kernel reads the type from the wrong header behind the HAO or RT2 (see man/mip6d.conf.5).

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")

ha_conf() {
	cat >ha.conf <<EOC
roles = { ha }
control-socket {
	path = "$(mip6d_sock ha)"
}
home-agent {
	dad = no
	ipsec-required = no
}
home-link eth0 {
	prefix = { $1 }
	home-agent-address = $HA_ADDR
	home-agent-preference = 10
	prefix-lifetime = 12
}
EOC
}
ha_conf "2001:db8:1::/64"
cat >mn.conf <<EOC
roles = { mn }
control-socket {
	path = "$(mip6d_sock mn)"
}
interface eth0 {
	preference = 10
}
mobile-node {
	route-optimization = no
}
home-address $HOA/64 {
	home-agent = discover
	lifetime = 600
}
EOC

bul_field() {
	ctl mn -j bul | json_eval "d['entries'][0]['$1'] if d.get('entries') else ''"
}
registered() {
	[ "$(bul_field state)" = registered ] && [ "$(bul_field peer)" = "$HA_ADDR" ]
}
mpa_count_above() {
	[ "$(bul_field prefix-advertisements)" -gt "$1" ] 2>/dev/null
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn discovers the home agent and registers" 15 registered
check "the binding lives no longer than the home prefix (12 s)" \
    test "$(bul_field lifetime)" -le 12
check_eq "no Mobile Prefix Advertisement yet" 0 "$(bul_field prefix-advertisements)"

# renumbering: a second home prefix, applied at run time
ha_conf "2001:db8:1::/64, 2001:db8:5::/64"
check "mip6d-ctl reload on ha (a new home prefix)" ctl ha reload
check_wait "an unsolicited Mobile Prefix Advertisement reaches mn" 5 mpa_count_above 0
check_match "mn logs the new home prefix" "home prefix 2001:db8:5::/64" "$(cat mip6d-mn.log)"
r=$(bul_field home-prefix-remaining)
check "mn knows when its home prefix ends (in at most 12 s)" test "$r" -ge 0 -a "$r" -le 12
# three quarters of 12 s later, mn solicits (MPS) and ha advertises again
check_wait "mn solicits its home prefix before it ends, and ha answers" 15 mpa_count_above 1
check_match "mn logged its Solicitation" "Mobile Prefix Solicitation to $HA_ADDR" \
    "$(cat mip6d-mn.log)"
check "mn still registered" registered
check "mip6d on ha still runs" mip6d_running ha
check "mip6d on mn still runs" mip6d_running mn
