# scenario ipsec-manual: home registration, prefix discovery and traffic under manually keyed ESP; forged BU, BA, MPS and MPA without the SA are dropped; a handover migrates the SAs
# lab-topology: standard mn=f1
# lab-timeout: 240
#
# RFC 3776, RFC 4877: BU/BA in ESP transport mode, the payload in ESP tunnel mode between the
# care-of address and the HA, both keyed from the ipsec sections.  With ipsec-required the HA
# drops any BU that did not come under the home address' SA (also for a home address without
# a section); mip6d reads the kernel's drop counters into its own.  A handover moves the
# tunnel SAs with XFRM MIGRATE, keeping their sequence numbers.  Mobile prefix discovery runs
# in ESP transport mode on both links (RFC 3776 4.1), and each kernel refuses it without ESP.
# Captures are checked in ipsec-manual.post.sh (tshark decrypts the transport SAs).

HOA=2001:db8:1::100
OTHER=2001:db8:1::200
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
echo "$HOA $COA1 $COA2" >addresses

ipsec_section() {
	cat <<EOC
ipsec $HOA {
	home-agent = $HA_ADDR
	mobility-header = yes
	prefix-discovery = yes
	return-routability = no
	payload = yes
	transport-sa mn-to-ha {
		spi = 0x1000
		encryption = aes-128-cbc
		encryption-key = 0x000102030405060708090a0b0c0d0e0f
		authentication = hmac-sha256
		authentication-key = 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	}
	transport-sa ha-to-mn {
		spi = 0x1001
		encryption = aes-128-cbc
		encryption-key = 0x0f0e0d0c0b0a09080706050403020100
		authentication = hmac-sha256
		authentication-key = 0x1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100
	}
	tunnel-sa mn-to-ha {
		spi = 0x1002
		encryption = aes-256-cbc
		encryption-key = 0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
		authentication = hmac-sha1
		authentication-key = 0x4041424344454647484950515253545556575859
	}
	tunnel-sa ha-to-mn {
		spi = 0x1003
		encryption = aes-256-cbc
		encryption-key = 0x3f3e3d3c3b3a393837363534333231302f2e2d2c2b2a29282726252423222120
		authentication = hmac-sha1
		authentication-key = 0x5958575655545352515049484746454443424140
	}
}
EOC
}

conf_ha ha.conf dad=no ipsec-required=yes
ipsec_section >>ha.conf
conf_mn mn.conf hoa=$HOA
ipsec_section >>mn.conf
# ESP keys: mip6d refuses a file others can read or write
chmod 600 ha.conf mn.conf

bul_field() {
	ctl "$1" -j bul | json_eval "d['entries'][0]['$2'] if d.get('entries') else ''"
}
bc_count() {
	ctl ha -j bc | json_eval "len(d.get('bindings', []))"
}
bc_coa() {
	ctl ha -j bc | json_eval \
	    "''.join(b['care-of-address'] for b in d.get('bindings', []) if b['home-address'] == '$1')"
}
counter() {
	ctl "$1" -j status | json_eval "d['counters'].get('$2', 0)"
}
registered_at() {
	[ "$(bul_field mn state)" = registered ] && [ "$(bul_field mn care-of-address)" = "$1" ]
}
# oseq NS SPI: the outbound sequence number of the ESP state SPI in NS (hexadecimal, as shown)
oseq() {
	ip -n "$1" -s xfrm state | awk -v spi="$(printf '0x%08x' "$2")" '
		/^src/ { cur = 0 } $0 ~ "spi " spi { cur = 1 }
		cur && /oseq/ { for (i = 1; i < NF; i++) if ($i == "oseq") {
			v = $(i + 1); sub(/,$/, "", v); print v; exit } }'
}
# forged_bu HOA SEQ: a BU for HOA from cn (its own address as care-of address, HAO, no ESP)
forged_bu() {
	in_ns cn /usr/bin/python3 - "$CN_ADDR" "$HA_ADDR" "$1" "$2" <<'EOP'
import sys
from scapy.config import conf
from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt, HAO, MIP6MH_BU
from scapy.layers.l2 import Ether
from scapy.sendrecv import sendp
conf.verb = 0
src, ha, hoa, seq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# Scapy computes the MH checksum over the home address of the HAO (RFC 6275 6.1.1)
p = IPv6(src=src, dst=ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / \
    MIP6MH_BU(seq=seq, flags="AH", mhtime=100)
# cn's eth0 to r's port on the cn link (Scapy's own neighbour resolution is not used)
sendp(Ether(src="02:00:00:00:04:00", dst="02:00:00:00:02:03") / p, iface="eth0", count=3,
      inter=0.2)
EOP
}

# forged_ba: a BA "from the HA" to the mobile node's care-of address through a type 2 routing
# header, sent by cn without ESP
forged_ba() {
	in_ns cn /usr/bin/python3 - "$HA_ADDR" "$COA1" "$HOA" <<'EOP'
import sys
from scapy.config import conf
from scapy.layers.inet6 import IPv6, IPv6ExtHdrRouting, MIP6MH_BA
from scapy.layers.l2 import Ether
from scapy.sendrecv import sendp
conf.verb = 0
ha, coa, hoa = sys.argv[1], sys.argv[2], sys.argv[3]
p = IPv6(src=ha, dst=coa) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[hoa]) / \
    MIP6MH_BA(status=0, seq=4242, mhtime=100)
sendp(Ether(src="02:00:00:00:04:00", dst="02:00:00:00:02:03") / p, iface="eth0", count=3,
      inter=0.2)
EOP
}

# mpd_round N LIFETIME: the home prefix's lifetime reconfigured on the HA (RFC 6275 10.6.2), so
# it sends the mobile node an unsolicited Mobile Prefix Advertisement; the mobile node
# acknowledges it with a Solicitation, which the HA answers (the Nth acknowledgement in its log)
mpd_round() {
	sed -i -e '/prefix-lifetime = /d' -e "/home-agent-address = /a prefix-lifetime = $2" ha.conf
	check "mip6d-ctl reload on ha (home prefix lifetime $2 s)" ctl ha reload
	check_until "MN-4-1-1-1-002 under ESP: mn acknowledges the unsolicited MPA with an MPS ($1)" 10 \
	    "[ \"\$(grep -c 'unsolicited Mobile Prefix Advertisement from $HA_ADDR .* for $HOA: acknowledging' mip6d-mn.log)\" -ge $1 ]"
	check_until "ha takes that MPS as the acknowledgement ($1)" 10 \
	    "[ \"\$(grep -c 'Mobile Prefix Advertisement to $HOA (id [0-9]*) acknowledged' mip6d-ha.log)\" -ge $1 ]"
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check_match "the HA installed the per-home-address ESP policies" "proto mobility-header type 5" \
    "$(ip -n ha xfrm policy)"
check_match "the HA's catch-all blocks other Binding Updates" "action block" \
    "$(ip -n ha xfrm policy)"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers under ESP (BA status 0)" 15 registered_at "$COA1"
check_eq "the HA's binding names the care-of address" "$COA1" "$(bc_coa "$HOA")"
check_match "the MN's transport and tunnel ESP states are in" "spi 0x00001002.*mode tunnel" \
    "$(ip -n mn xfrm state | tr '\n' ' ')"
check_match "the HA's tunnel state goes to the care-of address" "src $HA_ADDR dst $COA1" \
    "$(ip -n ha xfrm state)"

{ ip -n ha -s xfrm state; ip -n ha xfrm policy; } >ha-xfrm-1.txt 2>&1
{ ip -n mn -s xfrm state; ip -n mn xfrm policy; } >mn-xfrm-1.txt 2>&1

check "cn pings the home address (ESP tunnel from the HA)" in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
check "mn reaches cn from its home address (ESP tunnel to the HA)" \
    in_ns mn ping -6 -c 3 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"

# Prefix discovery under ESP (RFC 3776 4.1, prefix-discovery = yes): the MPS leaves from the
# care-of address with a Home Address option and ESP; post.sh decrypts both directions
mpd_round 1 3000
# Forged prefix discovery without ESP (cn, Scapy): each kernel refuses it by the policy for
# what Linux 6.1 reads as the type (58, code 2: ipsec_kern.c), so neither daemon sees it
tmpl_mismatch() {
	ip netns exec "$1" awk '/XfrmInTmplMismatch/ { print $2 }' /proc/net/xfrm_stat
}
rx_mpa=$(counter mn rx.mpa)
before=$(tmpl_mismatch mn)
check "a forged MPA (no ESP) from cn, as the HA, announces 2001:db8:7::/64 to mn (Scapy)" \
    in_ns cn /usr/bin/python3 "$LAB_SRC/mpa_send.py" --ha "$HA_ADDR" --coa "$COA1" \
    --hoa "$HOA" --prefix 2001:db8:7::/64:600 --router-mac 02:00:00:00:02:03
check_until "mn's kernel refuses it (template mismatch)" 5 \
    "[ \"\$(tmpl_mismatch mn)\" -gt $before ]"
check_eq "mip6d on mn never saw it" "$rx_mpa" "$(counter mn rx.mpa)"
check_fail "mn formed no home address from the forged prefix" grep -q '2001:db8:7::' mip6d-mn.log
rx_mps=$(counter ha rx.mps)
before=$(tmpl_mismatch ha)
check "a forged MPS (no ESP) from cn with mn's home address in a HAO (Scapy)" \
    in_ns cn /usr/bin/python3 - "$CN_ADDR" "$HA_ADDR" "$HOA" <<'EOP'
import sys
from scapy.config import conf
from scapy.layers.inet6 import HAO, ICMPv6MPSol, IPv6, IPv6ExtHdrDestOpt
from scapy.layers.l2 import Ether
from scapy.sendrecv import sendp
conf.verb = 0
src, ha, hoa = sys.argv[1:4]
# Scapy computes the ICMPv6 checksum over the home address of the HAO (RFC 6275 6.3)
p = IPv6(src=src, dst=ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / ICMPv6MPSol(id=4242)
sendp(Ether(src="02:00:00:00:04:00", dst="02:00:00:00:02:03") / p, iface="eth0")
EOP
check_until "ha's kernel refuses it (template mismatch)" 5 \
    "[ \"\$(tmpl_mismatch ha)\" -gt $before ]"
check_eq "mip6d on ha never saw it" "$rx_mps" "$(counter ha rx.mps)"

# A forged BU from cn for the same home address, without the SA: the kernel drops it
before=$(counter ha drop.not-under-esp)
date +%s.%N >forged-start
forged_bu "$HOA" 40000
forged_bu "$OTHER" 1
sleep 1
ip netns exec ha cat /proc/net/xfrm_stat >ha-xfrm_stat-forged.txt 2>&1
check_eq "the forged BU left the binding as it was" "$COA1" "$(bc_coa "$HOA")"
check_eq "no binding for the home address without an ipsec section" "" "$(bc_coa "$OTHER")"
check_eq "one binding on the HA" 1 "$(bc_count)"
after=$(counter ha drop.not-under-esp)
note "HA drop.not-under-esp: $before before the forged BUs, $after after"
check "the HA counted the dropped BUs" test "$after" -ge "$((before + 6))"
check "... by template mismatch (the home address with a section)" \
    test "$(counter ha xfrm.in-tmpl-mismatch)" -ge 3
check "... by the catch-all (the home address without one)" \
    test "$(counter ha xfrm.in-pol-block)" -ge 3
ctl ha status >ha-status.txt 2>&1
check_match "the HA log tells of the dropped BUs" \
    "kernel dropped 6 packet.* 3 template mismatch, 0 without a state, 3 blocked" \
    "$(cat mip6d-ha.log)"

# A forged BA to the mobile node (the HA's address as source, no ESP): the kernel drops it
mn_before=$(counter mn drop.not-under-esp)
rx_ba_before=$(ctl mn -j status | json_eval "d['counters'].get('rx.ba', 0)")
forged_ba
sleep 1
note "MN drop.not-under-esp: $mn_before before the forged BAs, $(counter mn drop.not-under-esp) after"
check "the MN counted the unprotected BAs as dropped" \
    test "$(counter mn drop.not-under-esp)" -ge "$((mn_before + 3))"
check_eq "the MN's daemon never saw them" "$rx_ba_before" \
    "$(ctl mn -j status | json_eval "d['counters'].get('rx.ba', 0)")"
check "the MN stays registered" registered_at "$COA1"

# The handover: the tunnel SAs move with MIGRATE, their sequence numbers with them
seq_before=$(oseq mn 0x1002)
note "MN outbound tunnel SA oseq before the handover: $seq_before"
lab_bg ping-cn "$RESULTS/ping.log" in_ns cn ping -6 -D -n -i 0.05 -W 1 -w 10 "$HOA"
sleep 1
mn_move f2
date +%s.%N >linkup
check_wait "the binding update list follows to f2" 15 registered_at "$COA2"
ha_coa_is() {
	[ "$(bc_coa "$HOA")" = "$1" ]
}
check_wait "the HA's binding follows to f2" 5 ha_coa_is "$COA2"
check_match "the MN's tunnel SAs now use the new care-of address" "src $COA2 dst $HA_ADDR" \
    "$(ip -n mn xfrm state)"
check_match "the HA's tunnel SAs now go to the new care-of address" "src $HA_ADDR dst $COA2" \
    "$(ip -n ha xfrm state)"
check_fail "no SA names the old care-of address any more" \
    sh -c "ip -n mn xfrm state | grep -q '$COA1'"
seq_after=$(oseq mn 0x1002)
note "MN outbound tunnel SA oseq after the handover: $seq_after"
check "the migrated SA kept its sequence number" \
    test "$((seq_after))" -ge "$((seq_before))" -a "$((seq_before))" -gt 0
check_match "the MN log tells of the migration" "migrated from $COA1 to $COA2" \
    "$(cat mip6d-mn.log)"
check_match "the HA log tells of the migration" "migrated from $COA1 to $COA2" \
    "$(cat mip6d-ha.log)"
check_until "cn's ping ends at its deadline" 15 'sh -c "! kill -0 $(lab_pid ping-cn) 2>/dev/null"'
after_up=$(awk -v up="$(cat linkup)" '/bytes from/ { gsub(/[\[\]]/, "", $1); if ($1 + 0 > up) n++ }
	END { print n + 0 }' ping.log)
note "cn: $(grep -E 'packets transmitted' ping.log); $after_up replies after the move"
check "traffic continues after the handover" test "$after_up" -gt 20
check "mn reaches cn from its home address on f2" \
    in_ns mn ping -6 -c 2 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"
# the Home Address option of the MPS follows the care-of address too
mpd_round 2 2000

{ ip -n ha -s xfrm state; ip -n ha xfrm policy; } >ha-xfrm-2.txt 2>&1
{ ip -n mn -s xfrm state; ip -n mn xfrm policy; } >mn-xfrm-2.txt 2>&1
cat /proc/net/xfrm_stat >lab-xfrm_stat.txt 2>&1
ip netns exec ha cat /proc/net/xfrm_stat >ha-xfrm_stat.txt 2>&1
ctl mn status >mn-status.txt 2>&1

check "the mobile node stops cleanly" mip6d_stop mn
check_until "the stopping mobile node de-registers (under ESP)" 3 'test "$(bc_count)" = 0'
check_eq "the MN's ESP states and policies are gone" "" \
    "$(ip -n mn xfrm state | grep esp; ip -n mn xfrm policy | grep esp)"
check "the home agent stops cleanly" mip6d_stop ha
check_eq "the HA's ESP states and policies are gone" "" \
    "$(ip -n ha xfrm state | grep esp; ip -n ha xfrm policy | grep 'esp\|block')"
