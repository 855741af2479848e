# handover-timing.post.sh - each handover of handover-timing from the captures (tshark): link-up
# (the mobile node's first frame on the new link, its MLD report or Router Solicitation), the
# first Router Advertisement, the BU to the home agent from the new care-of address, its BA
# (status 0, type 2 routing header), and the correspondent's BA; then their spread
read -r HOA COA1 COA2 <addresses
MN_MAC=02:00:00:00:03:00

ms() {	# ms FROM TO: milliseconds, one decimal
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
# One pass of tshark over each link's capture: the frames that time a handover, as
# "time kind care-of-address" (kind: up = any frame of the mobile node, ra, bu, ba, cnba).
for l in f1 f2; do
	tshark_fields "$l.pcap" "eth.src == $MN_MAC || icmpv6.type == 134 || mip6.mhtype == 5 || (mip6.mhtype == 6 && mip6.ba.status == 0 && ipv6.routing.mipv6.home_address == $HOA)" \
	    frame.time_epoch eth.src icmpv6.type mip6.mhtype ipv6.src ipv6.dst |
	awk -F'\t' -v mac="$MN_MAC" -v ha="$HA_ADDR" -v cn="$CN_ADDR" '
		$4 == 5 && $6 == ha { print $1, "bu", $5; next }
		$4 == 6 && $5 == ha { split($6, d, ","); print $1, "ba", d[1]; next }
		$4 == 6 && $5 == cn { split($6, d, ","); print $1, "cnba", d[1]; next }
		$3 == 134 { print $1, "ra", "-"; next }
		$2 == mac { print $1, "up", "-" }' >"frames-$l"
done

: >splits
n=0 complete=0
while read -r link coa start; do
	n=$((n + 1))
	# the first of each step after the move started, each after the one before
	set -- $(awk -v s="$start" -v coa="$coa" '
		$1 < s { next }
		up == "" && $2 == "up" { up = $1 }
		up != "" && ra == "" && $2 == "ra" { ra = $1 }
		up != "" && bu == "" && $2 == "bu" && $3 == coa { bu = $1 }
		bu != "" && ba == "" && $2 == "ba" && $3 == coa { ba = $1 }
		ba != "" && cnba == "" && $2 == "cnba" && $3 == coa { cnba = $1 }
		END { if (up != "" && ra != "" && bu != "" && ba != "" && cnba != "") print up, ra, bu, ba, cnba }' \
	    "frames-$link")
	[ $# -eq 5 ] || continue
	up=$1 ra=$2 bu=$3 ba=$4 cnba=$5
	complete=$((complete + 1))
	echo "$(ms "$up" "$ra") $(ms "$ra" "$bu") $(ms "$bu" "$ba") $(ms "$up" "$ba") $(ms "$ba" "$cnba")" >>splits
	note "handover $n to $link: link-up to RA $(ms "$up" "$ra") ms, RA to BU $(ms "$ra" "$bu") ms," \
	    "BU to BA $(ms "$bu" "$ba") ms: link-up to BA $(ms "$up" "$ba") ms; the correspondent's BA" \
	    "$(ms "$ba" "$cnba") ms after"
done <moves

check_eq "every handover's link-up, RA, BU, BA and the correspondent's BA are on the wire" \
    "$n" "$complete"
# p50, p90 and the largest of column C of splits
spread() {
	cut -d' ' -f"$1" splits | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit
		p50 = v[int((NR + 1) / 2)]; p90 = v[int(NR * 9 / 10 + 0.999)]
		printf "p50 %s ms, p90 %s ms, largest %s ms", p50, p90, v[NR] }'
}
if [ -s splits ]; then
	note "$(wc -l <splits) handovers, link-up to the home agent's BA: $(spread 4)"
	note "  link-up to RA: $(spread 1); RA to BU: $(spread 2); BU to BA: $(spread 3)"
	note "  the correspondent's BA after the home agent's: $(spread 5)"
	note "  mip6d's own (carrier to registered, ms): $(tr '\n' ' ' <moves.mip6d)"
fi
check "tshark finds no malformed Mobility Header on f1 and f2" \
    test "$(($(pcap_count f1.pcap '_ws.malformed && mipv6') + $(pcap_count f2.pcap '_ws.malformed && mipv6')))" -eq 0
