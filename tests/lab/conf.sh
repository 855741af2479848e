# conf.sh - mip6d.conf(5) files for the lab's roles (POSIX sh; sourced inside user-mode Linux
# after lib.sh and topology.sh).
#
# conf_ha, conf_mn and conf_cn write FILE with the lab's usual values (the standard topology's
# interfaces, prefixes and addresses, the daemon's control socket at mip6d_sock NODE), so that
# a scenario names only what it changes.  Their arguments after FILE:
#   NAME=VALUE  an option, written into the section it belongs to (see each function); the
#               empty value (lifetime=) leaves the option out, also one the lab writes by
#               default (an empty string is state-file='""')
#   TEXT        any other argument, such as 'peer 2001:db8:4::2/128 { route-optimization = yes }',
#               goes verbatim into the role's own section
#   -           (last) appends standard input to FILE, for sections of their own:
#                   conf_mn mn.conf route-optimization=yes - <<EOC
#                   metrics {
#                   	listen = "[::1]:9713"
#                   }
#                   EOC
# conf_ipsec appends an ipsec section with the lab's test keys.  A section may be given only
# once in a file (mip6d.conf(5)): add options to the role's section through arguments.

# _conf_arg ARG: splits a NAME=VALUE argument into _cn and _cv (0), or says it is TEXT (1)
_conf_arg() {
	_cn=${1%%=*}
	_cv=${1#*=}
	case $1 in
	*=*)	;;
	*)	return 1 ;;
	esac
	case $_cn in
	''|*[!a-z0-9-]*)	return 1 ;;
	esac
	return 0
}

# _conf_line VAR INDENT TEXT: appends a line to the shell variable VAR
_conf_line() {
	eval "$1=\"\${$1}\$2\$3
\""
}

# _conf_head FILE NODE ROLES [LOG-LEVEL]: the global part every file starts with
_conf_head() {
	{
		echo "roles = { $3 }"
		[ -z "${4:-}" ] || echo "log-level = $4"
	} >"$1"
	cat >>"$1" <<EOC
control-socket {
	path = "$(mip6d_sock "$2")"
}
EOC
}

# _conf_section NAME BODY: the section, when BODY holds anything
_conf_section() {
	[ -n "$2" ] || return 0
	printf '%s {\n%s}\n' "$1" "$2"
}

# _conf_tail FILE LAST-ARG: appends standard input to FILE when the last argument was "-"
_conf_tail() {
	[ "$2" = - ] || return 0
	cat >>"$1"
}

# conf_ha FILE [ARG...] [-]: a home agent on the home link (home-link eth0, prefix
# 2001:db8:1::/64, address $HA_ADDR; ipsec-required = no).
#   node=NS         the node whose daemon reads it (default ha: the control socket's name)
#   roles=LIST      default "ha" (e.g. roles="ha, cn")
#   log-level=LEVEL (default: none, the daemon's own; mip6d_start asks for debug anyway)
#   link=IFACE      the home link's interface (default eth0)
#   prefix=LIST     default "{ 2001:db8:1::/64 }"
#   home-agent-address, home-agent-preference, home-agent-lifetime, prefix-lifetime:
#                   options of the home-link section
#   anything else   goes into the home-agent section, in the order given:
#                   conf_ha ha.conf dad=no max-binding-lifetime=1000 'deny = { ... }'
conf_ha() {
	local _file _node _roles _log _link _prefix _haddr _ipsec _ha _hl _last
	_file=$1
	shift
	_node=ha _roles=ha _log= _link=eth0 _prefix="{ ${LAB_PREFIX_home}/64 }" _haddr=$HA_ADDR
	_ipsec=no _ha= _hl= _last=
	for _a in "$@"; do
		_last=$_a
		case $_a in -|'') continue ;; esac
		if ! _conf_arg "$_a"; then
			_conf_line _ha "	" "$_a"
			continue
		fi
		case $_cn in
		node)			_node=$_cv ;;
		roles)			_roles=$_cv ;;
		log-level)		_log=$_cv ;;
		link)			_link=$_cv ;;
		prefix)			_prefix=$_cv ;;
		home-agent-address)	_haddr=$_cv ;;
		ipsec-required)		_ipsec=$_cv ;;
		home-agent-preference|home-agent-lifetime|prefix-lifetime)
			[ -z "$_cv" ] || _conf_line _hl "	" "$_cn = $_cv" ;;
		*)	[ -z "$_cv" ] || _conf_line _ha "	" "$_cn = $_cv" ;;
		esac
	done
	[ -z "$_ipsec" ] || _conf_line _ha "	" "ipsec-required = $_ipsec"
	_conf_head "$_file" "$_node" "$_roles" "$_log"
	{
		_conf_section home-agent "$_ha"
		printf 'home-link %s {\n\tprefix = %s\n' "$_link" "$_prefix"
		[ -z "$_haddr" ] || printf '\thome-agent-address = %s\n' "$_haddr"
		printf '%s}\n' "$_hl"
	} >>"$_file"
	_conf_tail "$_file" "$_last"
}

# conf_mn FILE [ARG...] [-]: a mobile node with home address 2001:db8:1::100/64 at home agent
# $HA_ADDR, lifetime 600, on interface eth0 (preference 10), without route optimization.
#   node=NS, roles=LIST, log-level=LEVEL  as for conf_ha (defaults mn, "mn")
#   hoa=ADDR[/LEN]  the home address (default 2001:db8:1::100; /64 when no length is given)
#   home-agent=ADDR|discover, lifetime=SECONDS: options of the home-address section
#   iface=IFACE[:PREFERENCE]  an interface section; each iface= replaces the default eth0:10
#                   (iface= alone: none at all; iface=eth0: a section without preference)
#   anything else   goes into the mobile-node section (route-optimization = no unless given)
conf_mn() {
	local _file _node _roles _log _hoa _home _life _ifs _ifset _ro _mn _last
	_file=$1
	shift
	_node=mn _roles=mn _log= _hoa=2001:db8:1::100 _home=$HA_ADDR _life=600 _ifs= _ifset=
	_ro=no _mn= _last=
	for _a in "$@"; do
		_last=$_a
		case $_a in -|'') continue ;; esac
		if ! _conf_arg "$_a"; then
			_conf_line _mn "	" "$_a"
			continue
		fi
		case $_cn in
		node)			_node=$_cv ;;
		roles)			_roles=$_cv ;;
		log-level)		_log=$_cv ;;
		hoa)			_hoa=$_cv ;;
		home-agent)		_home=$_cv ;;
		lifetime)		_life=$_cv ;;
		iface)			_ifset=1; _ifs="$_ifs $_cv" ;;
		route-optimization)	_ro=$_cv ;;
		*)	[ -z "$_cv" ] || _conf_line _mn "	" "$_cn = $_cv" ;;
		esac
	done
	[ -n "$_ifset" ] || _ifs=eth0:10
	[ -z "$_ro" ] || _mn="	route-optimization = $_ro
$_mn"
	case $_hoa in
	*/*)	;;
	*)	_hoa=$_hoa/64 ;;
	esac
	_conf_head "$_file" "$_node" "$_roles" "$_log"
	{
		for _i in $_ifs; do
			case $_i in
			*:*)	printf 'interface %s {\n\tpreference = %s\n}\n' "${_i%%:*}" "${_i#*:}" ;;
			*)	printf 'interface %s {\n}\n' "$_i" ;;
			esac
		done
		_conf_section mobile-node "$_mn"
		printf 'home-address %s {\n\thome-agent = %s\n' "$_hoa" "$_home"
		[ -z "$_life" ] || printf '\tlifetime = %s\n' "$_life"
		echo "}"
	} >>"$_file"
	_conf_tail "$_file" "$_last"
}

# conf_cn FILE [ARG...] [-]: a correspondent node; node=NS, roles=LIST and log-level=LEVEL as
# for conf_ha (defaults cn, "cn"), anything else goes into the correspondent-node section (none
# when nothing is given: the daemon's defaults).
conf_cn() {
	local _file _node _roles _log _cs _last
	_file=$1
	shift
	_node=cn _roles=cn _log= _cs= _last=
	for _a in "$@"; do
		_last=$_a
		case $_a in -|'') continue ;; esac
		if ! _conf_arg "$_a"; then
			_conf_line _cs "	" "$_a"
			continue
		fi
		case $_cn in
		node)	_node=$_cv ;;
		roles)	_roles=$_cv ;;
		log-level)	_log=$_cv ;;
		*)	[ -z "$_cv" ] || _conf_line _cs "	" "$_cn = $_cv" ;;
		esac
	done
	_conf_head "$_file" "$_node" "$_roles" "$_log"
	_conf_section correspondent-node "$_cs" >>"$_file"
	_conf_tail "$_file" "$_last"
}

# conf_ipsec FILE HOA [ARG...]: appends the ipsec section of home address HOA to FILE, with
# the lab's test keys (AES-128-CBC, HMAC-SHA1 for BU/BA in transport mode, HMAC-SHA256 in
# tunnel mode), and makes FILE private (mip6d refuses keys others can read).  The same call
# goes into the home agent's file and the mobile node's.
#   home-agent=ADDR  default $HA_ADDR
#   spi=N           the first SPI (default 0x1000); the SAs take N to N+3
#   prefix-discovery=BOOL  default no (mip6d.conf(5): Linux protects only the Advertisements)
#   payload=yes, return-routability=yes: add the tunnel-mode SAs they need
#   anything else   an option of the ipsec section (mobility-header=no)
conf_ipsec() {
	local _file _hoa _ha _spi _pd _tun _opts
	_file=$1
	_hoa=$2
	shift 2
	_ha=$HA_ADDR _spi=0x1000 _pd=no _tun= _opts=
	for _a in "$@"; do
		_conf_arg "$_a" || { echo "conf_ipsec: '$_a' is not NAME=VALUE" >&2; return 1; }
		case $_cn in
		home-agent)		_ha=$_cv ;;
		spi)			_spi=$_cv ;;
		prefix-discovery)	_pd=$_cv ;;
		payload|return-routability)
			[ "$_cv" = yes ] && _tun=1
			_conf_line _opts "	" "$_cn = $_cv" ;;
		*)	_conf_line _opts "	" "$_cn = $_cv" ;;
		esac
	done
	{
		cat <<EOC
ipsec $_hoa {
	home-agent = $_ha
	mobility-header = yes
	prefix-discovery = $_pd
$_opts	transport-sa mn-to-ha {
		spi = $((_spi))
		encryption = aes-128-cbc
		encryption-key = 0x000102030405060708090a0b0c0d0e0f
		authentication = hmac-sha1
		authentication-key = 0x000102030405060708090a0b0c0d0e0f10111213
	}
	transport-sa ha-to-mn {
		spi = $((_spi + 1))
		encryption = aes-128-cbc
		encryption-key = 0x0f0e0d0c0b0a09080706050403020100
		authentication = hmac-sha1
		authentication-key = 0x131211100f0e0d0c0b0a09080706050403020100
	}
EOC
		[ -z "$_tun" ] || cat <<EOC
	tunnel-sa mn-to-ha {
		spi = $((_spi + 2))
		encryption = aes-128-cbc
		encryption-key = 0x101112131415161718191a1b1c1d1e1f
		authentication = hmac-sha256
		authentication-key = 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	}
	tunnel-sa ha-to-mn {
		spi = $((_spi + 3))
		encryption = aes-128-cbc
		encryption-key = 0x1f1e1d1c1b1a19181716151413121110
		authentication = hmac-sha256
		authentication-key = 0x1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100
	}
EOC
		echo "}"
	} >>"$_file"
	chmod 600 "$_file"
}
