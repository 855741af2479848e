# scenario ipsec-rr: manual ESP with return-routability only: HoTI/HoT in ESP tunnel mode by MH type, the rest in plain ip6ip6; MIGRATE of MH-type policies on a handover
# lab-topology: standard mn=f1
# lab-timeout: 150
#
# RFC 4877 5.2 (fine-grain selectors): with return-routability = yes and payload = no only
# the Home Test Init (MH type 1) and Home Test (type 3) between the home address and the
# correspondents go through the ESP tunnel; the payload keeps the ip6ip6 tunnel.  A HoTI is
# sent from the home address by a raw socket (the mobile node's daemon runs no return
# routability here).  Captures are checked in ipsec-rr.post.sh.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
echo "$HOA $COA1 $COA2" >addresses

ipsec_section() {
	cat <<EOC
ipsec $HOA {
	home-agent = $HA_ADDR
	mobility-header = yes
	prefix-discovery = no
	return-routability = yes
	payload = no
	transport-sa mn-to-ha {
		spi = 0x2000
		encryption = null
		authentication = hmac-sha1
		authentication-key = 0x000102030405060708090a0b0c0d0e0f10111213
	}
	transport-sa ha-to-mn {
		spi = 0x2001
		encryption = 3des-cbc
		encryption-key = 0x000102030405060708090a0b0c0d0e0f1011121314151617
		authentication = hmac-sha512
		authentication-key = 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
	}
	tunnel-sa mn-to-ha {
		spi = 0x2002
		encryption = aes-192-cbc
		encryption-key = 0x000102030405060708090a0b0c0d0e0f1011121314151617
		authentication = hmac-sha384
		authentication-key = 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f
	}
	tunnel-sa ha-to-mn {
		spi = 0x2003
		encryption = aes-128-cbc
		encryption-key = 0x0f0e0d0c0b0a09080706050403020100
		authentication = hmac-sha256
		authentication-key = 0x1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100
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
bc_coa() {
	ctl ha -j bc | json_eval \
	    "''.join(b['care-of-address'] for b in d.get('bindings', []) if b['home-address'] == '$HOA')"
}
counter() {
	ctl "$1" -j status | json_eval "d['counters'].get('$2', 0)"
}
registered_at() {
	[ "$(bul_field mn state)" = registered ] && [ "$(bul_field mn care-of-address)" = "$1" ]
}
ha_coa_is() {
	[ "$(bc_coa)" = "$1" ]
}
# hoti TAG: a Home Test Init from the home address to cn (the kernel fills the checksum)
hoti() {
	in_ns mn /usr/bin/python3 - "$HOA" "$CN_ADDR" "$1" <<'EOP'
import socket, sys, time
hoa, cn, tag = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
s.bind((hoa, 0))
cookie = tag.encode()[:8].ljust(8, b"\0")
# RFC 6275 6.1.3: payload proto 59, length 1 (16 octets), type 1, reserved, checksum,
# reserved, the home init cookie
msg = bytes([59, 1, 1, 0, 0, 0, 0, 0]) + cookie
for _ in range(3):
    s.sendto(msg, (cn, 0))
    time.sleep(0.2)
EOP
}

conf_cn cn.conf

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check "mip6d starts as correspondent node (it answers HoTI with HoT)" \
    mip6d_start cn "$RESULTS/cn.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers under ESP (null encryption one way, 3DES the other)" 15 \
    registered_at "$COA1"
check_match "the MN's HoTI policy selects MH type 1 through the ESP tunnel" \
    "src $HOA/128 dst ::/0 proto mobility-header type 1[[:space:]]*dir out" \
    "$(ip -n mn xfrm policy | tr '\n' ' ')"
# (the forwarding selector takes the whole Mobility Header protocol: see src/roles/ipsec_kern.c)
check_match "the HA forwards Mobility Headers from the home address only under the tunnel SA" \
    "src $HOA/128 dst ::/0 proto mobility-header[[:space:]]*dir fwd" \
    "$(ip -n ha xfrm policy | tr '\n' ' ')"
date +%s.%N >hoti1
hoti f1-hoti
check_until "the mobile node's daemon received the HoTs (through the ESP tunnel)" 5 \
    'test "$(counter mn rx.hot)" -ge 3'
check "cn pings the home address (plain ip6ip6 for the payload)" \
    in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
{ ip -n ha -s xfrm state; ip -n ha xfrm policy; } >ha-xfrm-1.txt 2>&1
ip netns exec ha cat /proc/net/xfrm_stat /proc/net/snmp6 >ha-stat-1.txt 2>&1
ip netns exec mn cat /proc/net/xfrm_stat /proc/net/snmp6 >mn-stat-1.txt 2>&1
{ ip -n mn -s xfrm state; ip -n mn xfrm policy; } >mn-xfrm-1.txt 2>&1

mn_move f2
check_wait "the binding update list follows to f2" 15 registered_at "$COA2"
check_wait "the HA's binding follows to f2" 5 ha_coa_is "$COA2"
check_match "the MN log tells of the migration" "migrated from $COA1 to $COA2" \
    "$(cat mip6d-mn.log)"
check_match "the HA log tells of the migration" "migrated from $COA1 to $COA2" \
    "$(cat mip6d-ha.log)"
check_eq "MIGRATE worked for the MH-type policies on the MN (no fallback)" 0 \
    "$(counter mn err.ipsec-migrate)"
check_eq "... and on the HA" 0 "$(counter ha err.ipsec-migrate)"
check_match "the MN's HoTI policy now names the new care-of address" \
    "type 1[[:space:]]*dir out[^:]*tmpl src $COA2 dst $HA_ADDR" "$(ip -n mn xfrm policy | tr '\n' ' ')"
hoti f2-hoti
check "cn pings the home address on f2" in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
{ ip -n ha -s xfrm state; ip -n ha xfrm policy; } >ha-xfrm-2.txt 2>&1
{ ip -n mn -s xfrm state; ip -n mn xfrm policy; } >mn-xfrm-2.txt 2>&1

check "the mobile node stops cleanly" mip6d_stop mn
check "the home agent stops cleanly" mip6d_stop ha
check "the correspondent node stops cleanly" mip6d_stop cn
