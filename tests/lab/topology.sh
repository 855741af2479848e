# topology.sh - the lab's networks (POSIX sh; sourced inside user-mode Linux after lib.sh).
#
# Links are Linux bridges br-LINK in the lab kernel's own namespace (which has no IPv6 of its
# own); nodes are network namespaces whose interfaces are veth pairs: IFACE inside the node,
# NODE-IFACE as the bridge port.  Captures run on the bridges (capture_start).
#
# The standard topology (RFC 6275 terms):
#
#   link  bridge    prefix            nodes
#   home  br-home   2001:db8:1::/64   ha eth0 ::1 (radvd: H flag, Home Agent Information),
#                                     r eth0 ::fffe, [ha2 eth0 ::2]
#   f1    br-f1     2001:db8:2::/64   r eth1 ::1 (radvd)   foreign link 1
#   f2    br-f2     2001:db8:3::/64   r eth2 ::1 (radvd)   foreign link 2
#   cn    br-cn     2001:db8:4::/64   r eth3 ::1, cn eth0 ::2
#
# mn (and mn2) have no static address: they autoconfigure from Router Advertisements on
# whichever link their eth0 is attached to; mn_move moves them.  Every node's MAC is
# 02:00:00:00:NN:II (NN: ha 01, r 02, mn 03, cn 04, mn2 05, ha2 06; II: interface number), so
# autoconfigured addresses are predictable: mn on f1 is 2001:db8:2::ff:fe00:300.

LAB_PREFIX_home=2001:db8:1::
LAB_PREFIX_f1=2001:db8:2::
LAB_PREFIX_f2=2001:db8:3::
LAB_PREFIX_cn=2001:db8:4::
HA_ADDR=2001:db8:1::1
HA2_ADDR=2001:db8:1::2
R_HOME_ADDR=2001:db8:1::fffe
R_F1_ADDR=2001:db8:2::1
R_F2_ADDR=2001:db8:3::1
R_CN_ADDR=2001:db8:4::1
CN_ADDR=2001:db8:4::2

# lab_ip NS|- ARGS...: an ip command in namespace NS ("-": the lab's own).  Between topo_batch
# and topo_commit the commands are collected and then run with one ip -batch per namespace,
# the lab's own first (each ip process costs some 50 ms in user-mode Linux).
lab_ip() {
	_ipns=$1
	shift
	if [ -n "${LAB_BATCH:-}" ]; then
		echo "$*" >>"$LAB_RUN/batch.$_ipns"
		return 0
	fi
	if [ "$_ipns" = - ]; then
		ip "$@"
	else
		ip -n "$_ipns" "$@"
	fi
}

topo_batch() {
	rm -f "$LAB_RUN"/batch.*
	LAB_BATCH=1
}

topo_commit() {
	LAB_BATCH=
	_rc=0
	if [ -f "$LAB_RUN/batch.-" ]; then
		ip -b "$LAB_RUN/batch.-" || _rc=1
	fi
	for _b in "$LAB_RUN"/batch.*; do
		[ -e "$_b" ] || continue
		_ipns=${_b##*/batch.}
		[ "$_ipns" = - ] && continue
		ip -n "$_ipns" -b "$_b" || _rc=1
	done
	rm -f "$LAB_RUN"/batch.*
	return $_rc
}

# node_id NODE: the NN of the node's MAC addresses
node_id() {
	case $1 in
	ha)	echo 01 ;;
	r)	echo 02 ;;
	mn)	echo 03 ;;
	cn)	echo 04 ;;
	mn2)	echo 05 ;;
	ha2)	echo 06 ;;
	*)	echo "$1" | cksum | awk '{ printf "%02x", 16 + $1 % 200 }' ;;
	esac
}

# node_addr NODE IFACE PREFIX: the address NODE autoconfigures on PREFIX (EUI-64 of its MAC)
node_addr() {
	_i=${2#eth}
	printf '%sff:fe00:%s%02x\n' "$3" "$(node_id "$1" | sed 's/^0//')" "$_i"
}

# link_add LINK: a bridge for LINK (no STP, no forwarding delay, no MLD snooping)
link_add() {
	lab_ip - link add "br-$1" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 &&
	lab_ip - link set "br-$1" up
}

# node_add NODE host|router: a namespace; routers forward and ignore Router Advertisements.
# DAD is off (turn it back on where a scenario tests it); hosts solicit routers at once.
node_add() {
	_fw=0
	[ "$2" = router ] && _fw=1
	ip netns add "$1" || return 1
	in_ns "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 \
	    net.ipv6.conf.default.disable_ipv6=0 \
	    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
	    net.ipv6.conf.all.forwarding=$_fw net.ipv6.conf.default.forwarding=$_fw \
	    net.ipv6.conf.default.router_solicitation_delay=0 \
	    net.ipv6.conf.default.router_solicitation_interval=1 >/dev/null || return 1
	lab_ip "$1" link set lo up
}

# node_attach NODE IFACE LINK: a veth pair, IFACE in NODE, NODE-IFACE a port of br-LINK
# (LINK "none": left unattached)
node_attach() {
	_port="$1-$2"
	lab_ip - link add "$_port" type veth peer name "$2" netns "$1" || return 1
	if [ "$3" != none ]; then
		lab_ip - link set "$_port" master "br-$3" || return 1
	fi
	lab_ip - link set "$_port" up
	lab_ip "$1" link set "$2" address \
	    "02:00:00:00:$(node_id "$1"):$(printf %02x "${2#eth}")" &&
	lab_ip "$1" link set "$2" up
}

# node_link NODE IFACE: the link IFACE of NODE is attached to ("none" when detached)
node_link() {
	_m=$(ip -o link show "$1-$2" 2>/dev/null | sed -n 's/.* master br-\([^ ]*\) .*/\1/p')
	echo "${_m:-none}"
}

# radvd_conf FILE IFACE PREFIX [home-agent PREFERENCE [ADDRESS]]: a radvd configuration for one link,
# fast enough for movement detection (RFC 6275 7.5: MinRtrAdvInterval may be 0.03 s; the
# Advertisement Interval option lets a mobile node notice a missing router quickly).
radvd_conf() {
	{
		echo "interface $2 {"
		echo "	AdvSendAdvert on;"
		echo "	MinRtrAdvInterval 0.5;"
		echo "	MaxRtrAdvInterval 1.5;"
		echo "	MinDelayBetweenRAs 0.05;"
		echo "	AdvDefaultLifetime 30;"
		echo "	AdvIntervalOpt on;"
		if [ "${4:-}" = home-agent ]; then
			echo "	AdvHomeAgentFlag on;"
			echo "	AdvHomeAgentInfo on;"
			echo "	HomeAgentLifetime 1800;"
			echo "	HomeAgentPreference ${5:-10};"
		fi
		# RFC 6275 7.2: with the R bit the prefix field holds the home agent's whole
		# address (radvd sends the field as written), which DHAAD lists
		echo "	prefix ${6:-$3}/64 {"
		echo "		AdvOnLink on;"
		echo "		AdvAutonomous on;"
		echo "		AdvRouterAddr on;"
		echo "	};"
		echo "};"
	} >"$1"
}

# topo_standard [mn=LINK] [mn_eth1=LINK] [mn2=LINK] [ha2=yes] [radvd_home=no]
#   mn      link of mn's eth0: home (default), f1, f2, cn or none
#   mn_eth1 give mn a second interface eth1 on LINK (default: no eth1)
#   mn2     a second mobile node on LINK (default: none)
#   ha2     a second home agent 2001:db8:1::2 on the home link, with its own radvd
#   radvd_home=no  no Router Advertisements from ha (a scenario starts its own)
topo_standard() {
	_mn=home _mn_eth1= _mn2= _ha2=no _rh=yes
	for _a in "$@"; do
		case $_a in
		mn=*)		_mn=${_a#mn=} ;;
		mn_eth1=*)	_mn_eth1=${_a#mn_eth1=} ;;
		mn2=*)		_mn2=${_a#mn2=} ;;
		ha2=*)		_ha2=${_a#ha2=} ;;
		radvd_home=*)	_rh=${_a#radvd_home=} ;;
		*)		echo "topo_standard: unknown parameter '$_a'" >&2; return 1 ;;
		esac
	done
	[ "$_mn2" = none ] && _mn2=

	topo_batch
	for _l in home f1 f2 cn; do
		link_add "$_l" || return 1
	done

	node_add r router && node_add ha router && node_add cn host && node_add mn host ||
	    return 1
	[ -z "$_mn2" ] || node_add mn2 host || return 1
	[ "$_ha2" != yes ] || node_add ha2 router || return 1

	node_attach r eth0 home && node_attach r eth1 f1 && node_attach r eth2 f2 &&
	    node_attach r eth3 cn || return 1
	lab_ip r addr add "$R_HOME_ADDR/64" dev eth0
	lab_ip r addr add "$R_F1_ADDR/64" dev eth1
	lab_ip r addr add "$R_F2_ADDR/64" dev eth2
	lab_ip r addr add "$R_CN_ADDR/64" dev eth3

	node_attach ha eth0 home || return 1
	lab_ip ha addr add "$HA_ADDR/64" dev eth0
	lab_ip ha route add default via "$R_HOME_ADDR" dev eth0

	node_attach cn eth0 cn || return 1
	lab_ip cn addr add "$CN_ADDR/64" dev eth0
	lab_ip cn route add default via "$R_CN_ADDR" dev eth0

	if [ "$_ha2" = yes ]; then
		node_attach ha2 eth0 home || return 1
		lab_ip ha2 addr add "$HA2_ADDR/64" dev eth0
		lab_ip ha2 route add default via "$R_HOME_ADDR" dev eth0
	fi

	node_attach mn eth0 "$_mn" || return 1
	[ -z "$_mn_eth1" ] || node_attach mn eth1 "$_mn_eth1" || return 1
	[ -z "$_mn2" ] || node_attach mn2 eth0 "$_mn2" || return 1
	topo_commit || return 1

	radvd_conf "$LAB_RUN/radvd-r.conf" eth1 "$LAB_PREFIX_f1"
	radvd_conf "$LAB_RUN/radvd-r.conf.2" eth2 "$LAB_PREFIX_f2"
	cat "$LAB_RUN/radvd-r.conf.2" >>"$LAB_RUN/radvd-r.conf"
	rm -f "$LAB_RUN/radvd-r.conf.2"
	radvd_start r "$LAB_RUN/radvd-r.conf" || return 1
	if [ "$_rh" = yes ]; then
		radvd_conf "$LAB_RUN/radvd-ha.conf" eth0 "$LAB_PREFIX_home" home-agent 10 \
		    "$HA_ADDR"
		radvd_start ha "$LAB_RUN/radvd-ha.conf" || return 1
		if [ "$_ha2" = yes ]; then
			radvd_conf "$LAB_RUN/radvd-ha2.conf" eth0 "$LAB_PREFIX_home" home-agent 5 \
			    "$HA2_ADDR"
			radvd_start ha2 "$LAB_RUN/radvd-ha2.conf" || return 1
		fi
	fi
	# radvd must be up (it exits on a configuration error) before scenarios rely on it.
	for _n in r ha ha2; do
		[ -e "$LAB_PIDS/radvd-$_n" ] || continue
		wait_until 5 test -e "$LAB_RUN/radvd-$_n.pid" || {
			echo "topo_standard: radvd in $_n did not start" >&2
			return 1
		}
	done
}

# mn_move LINK [IFACE [MODE]] (node mn) or node_move NODE IFACE LINK [MODE]: a handover.
# The bridge port of NODE's IFACE (default eth0) leaves its bridge and joins br-LINK (LINK
# "none": detached).  MODE says what the node sees:
#   admin    (default) IFACE goes down and up inside the node: addresses and routes of the old
#            link are flushed, Router Solicitations go out at once (movement detection by link
#            state);
#   carrier  the bridge port goes down and up: the node sees only carrier loss;
#   silent   the port just moves: the node notices through Router Advertisements alone.
mn_move() {
	node_move mn "${2:-eth0}" "$1" "${3:-admin}"
}

node_move() {
	_node=$1 _if=$2 _to=$3 _mode=${4:-admin}
	_port="$_node-$_if"
	case $_mode in
	admin)		ip -n "$_node" link set "$_if" down ;;
	carrier)	ip link set "$_port" down ;;
	silent)		;;
	*)		echo "node_move: unknown mode '$_mode'" >&2; return 1 ;;
	esac
	ip link set "$_port" nomaster || return 1
	if [ "$_to" != none ]; then
		ip link set "$_port" master "br-$_to" || return 1
	fi
	case $_mode in
	admin)		ip -n "$_node" link set "$_if" up ;;
	carrier)	ip link set "$_port" up ;;
	esac
}

# node_wait_addr NODE PREFIX [SECONDS]: waits (5 s by default) until NODE has a global address
# in PREFIX (e.g. $LAB_PREFIX_f1) that is no longer tentative
node_wait_addr() {
	wait_until "${3:-5}" node_has_addr "$1" "$2"
}

node_has_addr() {
	ip -n "$1" -6 -o addr show scope global 2>/dev/null | grep -v tentative |
	    grep -q " inet6 $2"
}

# load_link: the load generator lg on its own link "load" to the home agent (ha eth1),
# care-of addresses 2001:db8:99::/64 routed to it; inside topo_batch its ip requests join the
# batch (the namespace is made at once)
load_link() {
	node_add lg host &&
	link_add load &&
	node_attach lg eth0 load &&
	node_attach ha eth1 load &&
	lab_ip ha addr add 2001:db8:98::1/64 dev eth1 nodad &&
	lab_ip lg addr add 2001:db8:98::2/64 dev eth0 nodad &&
	lab_ip ha route add 2001:db8:99::/64 via 2001:db8:98::2 dev eth1 &&
	lab_ip lg route add default via 2001:db8:98::1 dev eth0
}
