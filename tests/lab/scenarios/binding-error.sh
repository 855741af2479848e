# scenario binding-error: a packet with a Home Address option and no binding draws a Binding
# Error status 1 from the correspondent node, rate limited
# lab-topology: standard mn=f1
# lab-timeout: 180
#
# mn is a Scapy sender here (no mip6d): it sends echo requests from its care-of address with a
# Home Address option to the cn, which holds no binding for that home address.

HOA=2001:db8:1::be
COA=$(node_addr mn eth0 "$LAB_PREFIX_f1")

conf_cn "$LAB_RUN/cn.conf"

cat >"$LAB_RUN/hao.py" <<PY
import sys
from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt, HAO, PadN, ICMPv6EchoRequest
from scapy.layers.l2 import Ether
from scapy.sendrecv import sendp
n = int(sys.argv[1])
pkt = Ether(src="02:00:00:00:03:00", dst="02:00:00:00:02:01") / \
    IPv6(src="$COA", dst="$CN_ADDR", nh=60) / \
    IPv6ExtHdrDestOpt(nh=58, autopad=0, options=[PadN(optdata=b"\0\0"), HAO(hoa="$HOA")]) / \
    ICMPv6EchoRequest(id=1)
sendp([pkt] * n, iface="eth0", verbose=0)
PY

be_count() {
	ctl cn --json status | sed -n 's/.*"tx.be": *\([0-9]*\).*/\1/p'
}

check "mip6d starts as correspondent node" mip6d_start cn "$LAB_RUN/cn.conf"
check_wait "mn has its care-of address" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "a HAO packet without a binding is sent" in_ns mn /usr/bin/python3 "$LAB_RUN/hao.py" 1
check_until "the cn sends a Binding Error" 5 'test -n "$(be_count)"'
t0=$(lab_now)
check "a burst of 200 such packets is sent" in_ns mn /usr/bin/python3 "$LAB_RUN/hao.py" 200
sleep 1		# the burst's answers, if any, are in flight; nothing to await but their absence
n=$(be_count)
# mip6d's token bucket (mh_io.c): 10 at once, then 10 a second; the burst takes as long as the
# lab's processor lets Scapy send it, so the bound is the bucket's over that time (+1: the first)
limit=$(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { s = b - a; printf "%d", 11 + 10 * (s == int(s) ? s : int(s) + 1) }')
check "Binding Errors are rate limited (${n:-0} for 201 packets, bucket allows $limit)" \
    test "${n:-0}" -le "$limit" -a "${n:-0}" -lt 150
check "the cn still answers" ctl cn status
capture_stop
check "tshark: Binding Error status 1 on f1" \
    test "$(pcap_count f1.pcap 'mip6.mhtype == 7 && mip6.be.status == 1')" -ge 1
check "tshark: it names the home address and goes to the care-of address" \
    test "$(pcap_count f1.pcap "mip6.mhtype == 7 && mip6.be.haddr == $HOA && ipv6.dst == $COA")" -ge 1
check "tshark: no malformed Mobility Header" \
    test "$(pcap_count f1.pcap '_ws.malformed && mipv6')" -eq 0
mip6d_stop cn
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
