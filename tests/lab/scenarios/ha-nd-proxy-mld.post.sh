# ha-nd-proxy-mld.post.sh - the home agent's MLDv2 reports as tshark decodes them from the
# home link's capture (RFC 3810): each group's join and leave sent twice, the second within
# the Unsolicited Report Interval (1 s, 6.1); the bridge's General Queries answered within
# their Maximum Response Delay (6.2), never twice within 100 ms
HA_LL=fe80::ff:fe00:100

# one line per record of the home agent's reports: time, record type, group
tshark_fields home.pcap "icmpv6.type == 143 && ipv6.src == $HA_LL" frame.time_epoch \
    icmpv6.mldr.mar.record_type icmpv6.mldr.mar.multicast_address |
awk -F'\t' '{ n = split($2, t, ","); split($3, g, ","); for (i = 1; i <= n; i++) print $1, t[i], g[i] }' \
    >records
# the bridge's General Queries: time, Maximum Response Delay (ms)
tshark_fields home.pcap "icmpv6.type == 130 && icmpv6.mld.multicast_address == ::" \
    frame.time_epoch icmpv6.mld.maximum_response_delay >queries

check "tshark decodes the home agent's reports, none malformed" \
    test "$(pcap_count home.pcap "icmpv6.type == 143 && ipv6.src == $HA_LL")" -gt 0 -a \
    "$(pcap_count home.pcap "icmpv6.type == 143 && ipv6.src == $HA_LL && _ws.malformed")" -eq 0
# sent: how many times TYPE for GROUP, and the time between the first two (ms; -1: fewer)
sent() {
	awk -v t="$1" -v g="$2" '$2 == t && $3 == g { if (n++ < 2) s[n] = $1 }
	    END { printf "%d %d\n", n, (n >= 2) ? (s[2] - s[1]) * 1000 : -1 }' records
}
joins_twice=0 leave=
for i in 0 1 2 3 4 5 6 7 8 9; do
	set -- $(sent 4 "ff02::1:ff01:$i")
	[ "$1" -ge 2 ] && [ "$2" -le 1000 ] && joins_twice=$((joins_twice + 1))
done
check_eq "RFC 3810 6.1: each of the 10 groups joined (CHANGE_TO_EXCLUDE) twice, the second within 1 s" \
    10 "$joins_twice"
set -- $(sent 3 ff02::1:ff01:1)
check "RFC 3810 6.1: the removed binding's group left (CHANGE_TO_INCLUDE) twice, the second within 1 s" \
    test "$1" -ge 2 -a "$2" -le 1000
# each answer (MODE_IS_EXCLUDE reports) after the latest General Query before it: within its
# delay and 100 ms (the lab kernel's timers fire up to tens of ms late; a stop or a removal
# may run meanwhile)
awk 'NR == FNR { q[++nq] = $1; d[nq] = $2; next }
	$2 == 2 && $1 != last { last = $1; k = 0
		for (i = 1; i <= nq; i++) if (q[i] <= $1) k = i
		if (k == 0) { early++; next }
		if (($1 - q[k]) * 1000 > d[k] + 100) late++
		if (prev != "" && ($1 - prev) * 1000 < 95) often++
		prev = $1; n++ }
	END { printf "%d %d %d %d\n", n, early + 0, late + 0, often + 0 }' queries records >answers
read -r n early late often <answers
check "RFC 3810 6.2: the bridge's General Queries are answered (MODE_IS_EXCLUDE)" test "$n" -gt 2
check_eq "... each within the query's Maximum Response Delay, none before a query, none within 100 ms of the one before" \
    "0 0 0" "$early $late $often"
