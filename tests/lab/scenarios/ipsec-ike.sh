# scenario ipsec-ike: strongSwan's charon keys the MN-HA tunnel with IKEv2 (MOBIKE on a handover); BU/BA stay on the manual transport SAs
# lab-topology: standard mn=f1
# lab-timeout: 180
#
# The setup of mip6d.conf(5), "Keying with IKEv2": an ipsec section with transport-sa sections
# only (payload = no), and charon (one per node, each in its own mount namespace for its
# /run) negotiating the tunnel-mode child for the home address' traffic.  Skipped where
# charon or swanctl is not installed.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
echo "$HOA $COA1 $COA2" >addresses
CHARON=/usr/lib/ipsec/charon

if [ ! -x "$CHARON" ] || ! command -v swanctl >/dev/null 2>&1; then
	skip "IKEv2 keying" "strongSwan (strongswan-charon, strongswan-swanctl) is not installed"
	return 0 2>/dev/null || exit 0
fi

ipsec_section() {
	cat <<EOC
ipsec $HOA {
	home-agent = $HA_ADDR
	mobility-header = yes
	prefix-discovery = no
	return-routability = no
	payload = no
	transport-sa mn-to-ha {
		spi = 0x3000
		encryption = aes-128-cbc
		encryption-key = 0x000102030405060708090a0b0c0d0e0f
		authentication = hmac-sha256
		authentication-key = 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	}
	transport-sa ha-to-mn {
		spi = 0x3001
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

# strongswan_conf NODE: charon's settings for NODE (its vici socket and log in the results)
strongswan_conf() {
	cat <<EOC
charon {
	install_routes = no
	install_virtual_ip = no
	retransmit_timeout = 1
	retransmit_tries = 3
	plugins {
		vici {
			socket = unix://$RESULTS/vici-$1
		}
	}
	filelog {
		$1 {
			path = $RESULTS/charon-$1.log
			time_format = %s
			default = 1
			ike = 2
			knl = 2
		}
	}
}
EOC
}
strongswan_conf mn >strongswan-mn.conf
strongswan_conf ha >strongswan-ha.conf
cat >swanctl-mn.conf <<EOC
connections {
	home {
		version = 2
		remote_addrs = $HA_ADDR
		mobike = yes
		local {
			auth = psk
			id = mn@lab
		}
		remote {
			auth = psk
			id = ha@lab
		}
		children {
			payload {
				mode = tunnel
				local_ts = $HOA/128
				remote_ts = ::/0
				esp_proposals = aes128-sha256
			}
		}
	}
}
secrets {
	ike-lab {
		id-1 = mn@lab
		id-2 = ha@lab
		secret = "lab secret for the mobile node"
	}
}
EOC
cat >swanctl-ha.conf <<EOC
connections {
	mn {
		version = 2
		mobike = yes
		local {
			auth = psk
			id = ha@lab
		}
		remote {
			auth = psk
			id = mn@lab
		}
		children {
			payload {
				mode = tunnel
				local_ts = ::/0
				remote_ts = $HOA/128
				esp_proposals = aes128-sha256
			}
		}
	}
}
secrets {
	ike-lab {
		id-1 = mn@lab
		id-2 = ha@lab
		secret = "lab secret for the mobile node"
	}
}
EOC

# charon_start NODE: charon in NODE's network namespace, with a /run of its own
charon_start() {
	lab_bg "charon-$1" "$RESULTS/charon-$1.out" env STRONGSWAN_CONF="$RESULTS/strongswan-$1.conf" \
	    nsenter --net="/run/netns/$1" unshare -m sh -c \
	    "mount -t tmpfs none /run && exec $CHARON"
	wait_until 10 test -S "$RESULTS/vici-$1"
}
# swan NODE COMMAND [ARGS...]: swanctl COMMAND against the charon of NODE
swan() {
	_sn=$1
	_sc=$2
	shift 2
	in_ns "$_sn" env STRONGSWAN_CONF="$RESULTS/strongswan-$_sn.conf" \
	    swanctl "$_sc" --uri "unix://$RESULTS/vici-$_sn" "$@"
}
bul_field() {
	ctl "$1" -j bul | json_eval "d['entries'][0]['$2'] if d.get('entries') else ''"
}
registered_at() {
	[ "$(bul_field mn state)" = registered ] && [ "$(bul_field mn care-of-address)" = "$1" ]
}
child_up() {
	swan mn --list-sas 2>/dev/null | grep -q "payload:.*INSTALLED"
}
ha_tunnel_to() {
	ip -n ha xfrm state | grep -q "src $HA_ADDR dst $1"
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check "charon starts on the home agent" charon_start ha
check "the home agent's connection loads" swan ha --load-all --file "$RESULTS/swanctl-ha.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn registers (BU/BA under the manual transport SAs)" 15 registered_at "$COA1"
check "charon starts on the mobile node" charon_start mn
check "the mobile node's connection loads" swan mn --load-all --file "$RESULTS/swanctl-mn.conf"
check "the mobile node brings the tunnel child up with IKEv2" \
    swan mn --initiate --child payload --timeout 15
check_wait "the child is installed" 5 child_up
check_match "the HA's tunnel SA goes to the care-of address" "src $HA_ADDR dst $COA1" \
    "$(ip -n ha xfrm state)"
check "cn pings the home address (through the IKEv2 tunnel)" \
    in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
check "mn reaches cn from its home address" \
    in_ns mn ping -6 -c 3 -i 0.2 -W 2 -I "$HOA" "$CN_ADDR"
{ ip -n ha xfrm state; ip -n ha xfrm policy; } >ha-xfrm-1.txt 2>&1
{ ip -n mn xfrm state; ip -n mn xfrm policy; } >mn-xfrm-1.txt 2>&1

mn_move f2
check_wait "the binding follows to f2" 15 registered_at "$COA2"
check_wait "MOBIKE moves the HA's tunnel SA to the new care-of address" 15 ha_tunnel_to "$COA2"
check "cn pings the home address on f2" in_ns cn ping -6 -c 3 -i 0.2 -W 2 "$HOA"
{ ip -n ha xfrm state; ip -n ha xfrm policy; } >ha-xfrm-2.txt 2>&1
{ ip -n mn xfrm state; ip -n mn xfrm policy; } >mn-xfrm-2.txt 2>&1
swan mn --list-sas >mn-sas.txt 2>&1

check "the mobile node stops cleanly" mip6d_stop mn
check "the home agent stops cleanly" mip6d_stop ha
lab_kill charon-mn TERM 5
lab_kill charon-ha TERM 5
