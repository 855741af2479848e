# route-optimization.post.sh - the captures of route-optimization, checked with tshark on the
# host: the exchange on each foreign link, then direct traffic with HAO and RT2, none through
# the home agent
read -r HOA COA1 COA2 <addresses

# f1: return routability (HoTI tunnelled to the HA, CoTI direct), BU with HAO, BA with RT2
check "f1: the HoTI leaves in the tunnel to the home agent" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 1 && ipv6.src == $COA1 && ipv6.dst == $HA_ADDR && ipv6.nxt == 41")" -gt 0
check "f1: the HoT comes back through the tunnel" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 3 && ipv6.src == $HA_ADDR && ipv6.dst == $COA1 && ipv6.nxt == 41")" -gt 0
check "f1: the CoTI goes directly from the care-of address to cn" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 2 && ipv6.src == $COA1 && ipv6.dst == $CN_ADDR && ipv6.nxt != 41")" -gt 0
check "f1: the BU goes directly to cn with the home address in a HAO" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 5 && ipv6.src == $COA1 && ipv6.dst == $CN_ADDR && ipv6.opt.mipv6.home_address == $HOA && mip6.bu.a_flag == 1 && mip6.bu.h_flag == 0")" -gt 0

for l in f1 f2; do
	case $l in f1) coa=$COA1 ;; f2) coa=$COA2 ;; esac
	ba=$(tshark_fields $l.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.src == $CN_ADDR && ipv6.dst == $coa && ipv6.routing.mipv6.home_address == $HOA" frame.time_epoch | head -1)
	check "$l: cn's BA comes directly through a type 2 routing header" test -n "$ba"
	[ -n "$ba" ] || continue
	check "$l: after the BA, cn's echo requests come directly with a type 2 routing header" \
	    test "$(pcap_count $l.pcap "frame.time_epoch > $ba && icmpv6.type == 128 && ipv6.src == $CN_ADDR && ipv6.dst == $coa && ipv6.routing.mipv6.home_address == $HOA")" -gt 50
	check "$l: after the BA, the replies go directly to cn with a HAO" \
	    test "$(pcap_count $l.pcap "frame.time_epoch > $ba && icmpv6.type == 129 && ipv6.src == $coa && ipv6.dst == $CN_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 50
	check "$l: after the BA, no echo through the tunnel" \
	    test "$(pcap_count $l.pcap "frame.time_epoch > $ba + 0.05 && icmpv6 && (icmpv6.type == 128 || icmpv6.type == 129) && ipv6.nxt == 41")" -eq 0
	eval "ba_$l=$ba"
done

# f2: the exchange again after the handover (the care-of test at least)
check "f2: the CoTI goes directly from the new care-of address" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 2 && ipv6.src == $COA2 && ipv6.dst == $CN_ADDR")" -gt 0
check "f2: the BU goes directly to cn with a HAO" \
    test "$(pcap_count f2.pcap "mip6.mhtype == 5 && ipv6.src == $COA2 && ipv6.dst == $CN_ADDR && ipv6.opt.mipv6.home_address == $HOA")" -gt 0

# the home link: no echo between cn and the home address while route-optimized on f1
if [ -n "${ba_f1:-}" ]; then
	# until mn is on f2 (its first frame there): from then on its replies go through the
	# tunnel until the exchange is redone, as they should
	up=$(tshark_fields f2.pcap "eth.src == 02:00:00:00:03:00" frame.time_epoch | head -1)
	[ -n "$up" ] || up=$(cat linkup)
	check "home: no echo between cn and the home address through the HA while optimized" \
	    test "$(pcap_count home.pcap "frame.time_epoch > $ba_f1 + 0.05 && frame.time_epoch < $up && icmpv6 && (icmpv6.type == 128 || icmpv6.type == 129)")" -eq 0
fi
check "home: back home, the BU de-registers at cn (lifetime 0, from the home address)" \
    test "$(pcap_count home.pcap "mip6.mhtype == 5 && ipv6.src == $HOA && ipv6.dst == $CN_ADDR && mip6.bu.lifetime == 0")" -gt 0
check "tshark finds no malformed Mobility Header" \
    test "$(($(pcap_count f1.pcap '_ws.malformed && mipv6') + $(pcap_count f2.pcap '_ws.malformed && mipv6') + $(pcap_count cn.pcap '_ws.malformed && mipv6')))" -eq 0

# The handover to f2, step by step (issue 17): link-up (the mobile node's first frame on f2,
# its MLD report or Router Solicitation), the first Router Advertisement, the care-of address
# known to mip6d (its log: DAD is off in the lab, whose kernel has no optimistic DAD, so the
# address is usable as soon as the kernel forms it, which the wire does not show), the home
# BU and BA, and the correspondent's BA after the home agent's.
up=$(tshark_fields f2.pcap "eth.src == 02:00:00:00:03:00" frame.time_epoch | head -1)
ms() {	# ms FROM TO: milliseconds, one decimal
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
if [ -n "$up" ]; then
	ra=$(tshark_fields f2.pcap "icmpv6.type == 134 && frame.time_epoch >= $up" frame.time_epoch | head -1)
	bu=$(tshark_fields f2.pcap "mip6.mhtype == 5 && ipv6.src == $COA2 && ipv6.dst == $HA_ADDR" frame.time_epoch | head -1)
	ba=$(tshark_fields f2.pcap "mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.src == $HA_ADDR && ipv6.dst == $COA2" frame.time_epoch | head -1)
	# the log's clock is the pcaps' (the kernel's wall clock), written as the time of day
	addr=$(awk -v coa="$COA2" -v up="$up" '
		/ mn: attached to / && $NF == coa {
			split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
			a = int(up / 86400) * 86400 + s
			if (a >= up - 1) { printf "%.6f\n", a; exit }
		}' mip6d-mn.log)
	check "the handover's steps are on the wire and in the log" \
	    test -n "$ra" -a -n "$bu" -a -n "$ba" -a -n "$addr" -a -n "${ba_f2:-}"
	if [ -n "$ra" ] && [ -n "$bu" ] && [ -n "$ba" ] && [ -n "$addr" ] && [ -n "${ba_f2:-}" ]; then
		note "handover to f2: link-up to RA $(ms "$up" "$ra") ms, RA to address" \
		    "$(ms "$ra" "$addr") ms, address to BU $(ms "$addr" "$bu") ms, BU to BA" \
		    "$(ms "$bu" "$ba") ms: link-up to BA $(ms "$up" "$ba") ms; the correspondent's" \
		    "BA $(ms "$ba" "$ba_f2") ms after the home agent's"
	fi
fi
