# scenario prefix-discovery: Mobile Prefix Solicitations and Advertisements between a registered mobile node and its home agent; the home link is renumbered and the home agent tells the mobile node
# lab-topology: standard mn=f1
# lab-timeout: 420
#
# RFC 6275 10.6, 11.4.2, 11.4.3.  The home prefix lives 12 s (prefix-lifetime): the home agent
# grants no longer a binding, and its Mobile Prefix Advertisements say no longer either.  The
# mobile node (home-agent = discover) registers; the home agent's configuration gains a second
# prefix (renumbering, applied by mip6d-ctl reload): an unsolicited Mobile Prefix Advertisement
# reaches the mobile node through a type 2 routing header.  The mobile node then knows when its
# home prefix ends and solicits it again (MPS with a Home Address option) before that; the home
# agent answers.  Without IPsec here (ipsec-manual runs prefix discovery under ESP).
#
# Unsolicited advertisements (RFC 6275 10.6.3, 11.4.3): mn acknowledges the first one with a
# Solicitation at once and ha does not retransmit it; at the end mn's Solicitations are
# dropped, a reload changes the prefixes' lifetime, and ha retransmits its advertisement 3, 9
# and 21 s after it and then stops (post.sh measures the intervals in the capture).
#
# Home renumbering (RFC 6275 11.4.3): from the new prefix 2001:db8:5::/64 the mobile node forms
# 2001:db8:5::100 (the old address's interface identifier) and registers it with the same home
# agent through the same tunnel; cn reaches it.  Then an MPA withdraws the old prefix (valid
# lifetime 0): the mobile node de-registers the old address and removes its state, the new
# one staying.
#
# prefix-discovery-prefix-routes runs it against binding-routes = no and nd-proxy = mip6d
# (PD_BINDING_ROUTES, PD_ND_PROXY): the prefix the reload adds gets its route then.

PD_BINDING_ROUTES=${PD_BINDING_ROUTES:-yes}
PD_ND_PROXY=${PD_ND_PROXY:-kernel}
HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")

ha_conf() {	# ha_conf PREFIXES [PREFIX-LIFETIME]
	conf_ha ha.conf dad=no prefix="{ $1 }" home-agent-preference=10 prefix-lifetime="${2:-12}" \
	    binding-routes="$PD_BINDING_ROUTES" nd-proxy="$PD_ND_PROXY"
}
ha_conf "2001:db8:1::/64"
conf_mn mn.conf hoa=$HOA home-agent=discover

NHOA=2001:db8:5::100

# bul_field FIELD: a field of mn's home registration of the configured home address
bul_field() {
	bul_of "$HOA" "$1"
}
# bul_of HOA FIELD: a field of mn's home registration of HOA
bul_of() {
	ctl mn -j bul | json_eval "([str(e['$2']) for e in d.get('entries', []) if e['home-address'] == '$1'] or [''])[0]"
}
# bc_of HOA FIELD: a field of ha's binding of HOA
bc_of() {
	ctl ha -j bc | json_eval "([str(b['$2']) for b in d.get('bindings', []) if b['home-address'] == '$1'] or [''])[0]"
}
new_registered() {
	[ "$(bul_of "$NHOA" state)" = registered ]
}
old_retired() {
	[ "$(bul_of "$HOA" state)" = retired ]
}
old_gone_at_ha() {
	[ -z "$(bc_of "$HOA" home-address)" ]
}
tunnels() {
	ip -n mn -o link show | grep -c "mip6t"
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
# RFC 6275 10.6.3, 11.4.3: the Solicitation acknowledges the unsolicited advertisement, and
# ha answers it; the capture shows that the advertisement was not retransmitted (post.sh)
check_wait "MN-4-1-1-1-002: mn acknowledges the unsolicited MPA with a Mobile Prefix Solicitation" \
    5 grep -q "unsolicited Mobile Prefix Advertisement from $HA_ADDR .* for $HOA: acknowledging" \
    mip6d-mn.log
check_wait "ha takes mn's Solicitation as the acknowledgement (no retransmission)" 5 \
    grep -q "Mobile Prefix Advertisement to $HOA (id [0-9]*) acknowledged .* after 0 retransmission" \
    mip6d-ha.log
check_wait "ha answers the acknowledging Solicitation" 5 mpa_count_above 1
# three quarters of 12 s later, mn solicits (MPS) and ha advertises again
check_wait "mn solicits its home prefix before it ends, and ha answers" 15 mpa_count_above 2
check_match "mn logged why it solicited" "home prefix of $HOA: valid lifetime ending" \
    "$(cat mip6d-mn.log)"
check "mn still registered" registered

# ---- renumbering: the new home address (RFC 6275 11.4.3) ----
# the router learns that the new prefix is on the home link too
ip -n r route add 2001:db8:5::/64 dev eth0
check_match "mn logs the new home address it formed" "home address $NHOA/64 formed" \
    "$(cat mip6d-mn.log)"
check_wait "mn registers the new home address with ha (mip6d-ctl bul)" 10 new_registered
check_eq "the new registration goes to the same home agent" "$HA_ADDR" "$(bul_of "$NHOA" peer)"
check_eq "from the same care-of address" "$COA1" "$(bul_of "$NHOA" care-of-address)"
check_eq "mip6d-ctl bul marks it as formed by renumbering" True "$(bul_of "$NHOA" renumbered)"
check_eq "the old home address stays registered meanwhile" registered "$(bul_of "$HOA" state)"
check_eq "ha's binding cache holds the new home address at the care-of address" "$COA1" \
    "$(bc_of "$NHOA" care-of-address)"
check_eq "ha's binding cache still holds the old one" "$COA1" "$(bc_of "$HOA" care-of-address)"
check_eq "one tunnel to ha carries both home addresses" 1 "$(tunnels)"
check "the new home address is on the tunnel" sh -c "ip -n mn -6 addr show | grep -q '$NHOA/128'"
check "mn has a source rule for the new home address" \
    sh -c "ip -n mn -6 rule show | grep -q '$NHOA'"
check "cn pings the new home address (through ha and the tunnel)" \
    in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$NHOA"
check "cn still pings the old home address" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$HOA"
check "mn pings cn from the new home address" \
    in_ns mn ping -6 -c 2 -i 0.2 -W 2 -I "$NHOA" "$CN_ADDR"

# ---- the old prefix withdrawn: the old address is de-registered ----
# mip6d as home agent cannot drop the prefix its own address is in without a restart, so a
# Scapy peer in ha's place sends the Mobile Prefix Advertisement that withdraws it (valid
# lifetime 0, RFC 6275 11.4.3) and keeps the new one
check "a Mobile Prefix Advertisement from ha's address withdraws 2001:db8:1::/64 (Scapy)" \
    in_ns ha /usr/bin/python3 "$LAB_SRC/mpa_send.py" --ha "$HA_ADDR" --coa "$COA1" \
    --hoa "$HOA" --prefix 2001:db8:1::/64:0 --prefix 2001:db8:5::/64:12 \
    --router-mac 02:00:00:00:02:00
check_wait "mn de-registers the old home address and retires it" 5 old_retired
check_match "mn logs why" "home address $HOA retired" "$(cat mip6d-mn.log)"
check_wait "ha's binding cache no longer holds the old home address" 5 old_gone_at_ha
check_eq "the new home address stays registered" registered "$(bul_of "$NHOA" state)"
check_eq "the tunnel stays, for the new home address" 1 "$(tunnels)"
check_fail "the old home address left the tunnel" \
    sh -c "ip -n mn -6 addr show | grep -q '$HOA/128'"
check_fail "the old source rule is gone" sh -c "ip -n mn -6 rule show | grep -q '$HOA'"
check "cn still pings the new home address" in_ns cn ping -6 -c 2 -i 0.2 -W 2 "$NHOA"
check "mip6d on ha still runs" mip6d_running ha
check "mip6d on mn still runs" mip6d_running mn

# ---- an unsolicited advertisement nobody acknowledges (RFC 6275 10.6.3, 12) ----
# mn's Solicitations are dropped on their way out by an XFRM block policy (ICMPv6 type 146 to
# the home agent: mip6d sends them from the home address and the kernel adds the Home Address
# option, so XFRM sees their type).  The home prefixes' lifetime is
# reconfigured (RFC 6275 10.6.2), so ha sends mn an unsolicited advertisement and
# retransmits it PREFIX_ADV_TIMEOUT (3 s) later, the wait doubling, PREFIX_ADV_RETRIES (3)
# times: at 3, 9 and 21 s.  post.sh measures the intervals in the capture.
check "mn's Mobile Prefix Solicitations to ha are dropped from now on (XFRM block policy)" \
    ip -n mn xfrm policy add dst "$HA_ADDR/128" proto ipv6-icmp type 146 dir out action block \
    priority 1
ha_conf "2001:db8:1::/64, 2001:db8:5::/64" 60
check "mip6d-ctl reload on ha (the home prefixes' lifetime reconfigured: 60 s)" ctl ha reload
check_until "ha sends mn an unsolicited MPA for the new lifetime" 5 \
    '[ "$(grep -c "home prefixes of eth0 changed" mip6d-ha.log)" -ge 2 ]'
check_wait "HA_8_1_14: the MPA not acknowledged is retransmitted PREFIX_ADV_RETRIES (3) times, the last 21 s after it" \
    30 grep -q "Mobile Prefix Advertisement to $NHOA (id [0-9]*): no acknowledgement, last retransmission sent" \
    mip6d-ha.log
check_eq "ha logged three retransmissions of it" 3 \
    "$(grep -c "Mobile Prefix Advertisement to $NHOA (id [0-9]*) not acknowledged: retransmission" mip6d-ha.log)"
check "mn tried to acknowledge them (its Solicitations were dropped)" \
    grep -q "unsolicited Mobile Prefix Advertisement from $HA_ADDR .* for $NHOA: acknowledging" \
    mip6d-mn.log
check "mn's Solicitations pass again" \
    ip -n mn xfrm policy delete dst "$HA_ADDR/128" proto ipv6-icmp type 146 dir out
check_eq "the new home address stayed registered throughout" registered "$(bul_of "$NHOA" state)"
check "mip6d on ha still runs after the retransmissions" mip6d_running ha
check "mip6d on mn still runs after the retransmissions" mip6d_running mn
