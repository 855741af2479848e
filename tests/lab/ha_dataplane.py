#!/usr/bin/python3
# ha_dataplane.py - a Mobile Node written with Scapy's own Mobile IPv6 classes sends packets of
# other upper layers than the Mobility Header (ICMPv6 Echo Request, UDP) with a Home Address
# option to a home agent (RFC 6275 9.3.1, 9.3.2), and checks what comes back: an answer through
# a type 2 routing header when a binding holds that home address at that care-of address, a
# Binding Error status 1 (rate limited, home address set) when none does: never registered,
# another care-of address, after de-registration, after expiry.  With --phase ha-cn the home
# agent is a correspondent node too, and one lookup must answer for both roles.
#
# It runs in the tester namespace, eth0 on a foreign link (the mobile node at its care-of
# address).  The ICMPv6 and UDP checksums are computed here over the home address (the
# receiver swaps the option in first): Scapy's own helper does so only for a destination
# options header holding the option alone.  One line per case on stdout: "ok CASE ..." or
# "FAIL CASE ...: reason".

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import time

from scapy.config import conf
from scapy.layers.inet import TCP
from scapy.layers.inet6 import (ICMPv6DestUnreach, ICMPv6EchoReply, ICMPv6EchoRequest, IPv6,
                                IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU)
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.sendrecv import AsyncSniffer, sendp

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6lab import (IPPROTO_MH, hao_hdr, mh_checksum, pseudo_checksum,  # noqa: E402
                     report)
import mip6lab  # noqa: E402

args = None
_seq = [100]
_hoa_next = [0x2000]


def new_hoa():
    _hoa_next[0] += 1
    return "2001:db8:1::%x" % _hoa_next[0]


def next_seq():
    _seq[0] += 1
    return _seq[0]


def frame(coa, payload_proto, hoa, payload):
    """From coa to the home agent with a Home Address option naming hoa."""
    return Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=coa, dst=args.ha, nh=60) / hao_hdr(hoa, nxt=payload_proto) / Raw(payload)


def echo_bytes(hoa, ident, seq):
    raw = bytearray(bytes(ICMPv6EchoRequest(id=ident, seq=seq, data=b"mip6d-hao", cksum=0)))
    raw[2:4] = struct.pack("!H", pseudo_checksum(hoa, args.ha, 58, bytes(raw)))
    return bytes(raw)


def udp_bytes(hoa, port):
    data = b"mip6d-hao-udp"
    raw = bytearray(struct.pack("!HHHH", 40000, port, 8 + len(data), 0) + data)
    raw[6:8] = struct.pack("!H", pseudo_checksum(hoa, args.ha, 17, bytes(raw)) or 0xFFFF)
    return bytes(raw)


def tcp_syn_bytes(hoa, port):
    raw = bytearray(struct.pack("!HHIIBBHHH", 40000, port, 1, 0, 5 << 4, 0x02, 8192, 0, 0))
    raw[16:18] = struct.pack("!H", pseudo_checksum(hoa, args.ha, 6, bytes(raw)))
    return bytes(raw)


def bu_bytes(hoa, seq, lifetime):
    mh = MIP6MH_BU(nh=59, seq=seq, flags="AH", mhtime=lifetime, cksum=0)
    raw = bytearray(bytes(mh))
    raw[4:6] = struct.pack("!H", mh_checksum(hoa, args.ha, bytes(raw)))
    return bytes(raw)


def from_ha(p):
    return IPv6 in p and p[IPv6].src == args.ha


def collect(pkts, secs, want):
    """Send pkts on the foreign link; every packet want() accepts within secs of the last."""
    sn = AsyncSniffer(iface=args.iface, store=True, lfilter=want)
    sn.start()
    time.sleep(0.3)		# the sniffer's socket is open before the first packet leaves
    raw = [bytes(p) for p in pkts]
    t0 = time.time()
    if len(raw) == 1:
        sendp(pkts, iface=args.iface)
    else:
        # a burst: the frames built beforehand, one packet socket, as fast as it goes
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
            s.bind((args.iface, 0))
            for r in raw:
                s.send(r)
    sent = time.time() - t0
    time.sleep(secs)
    sn.stop()
    return list(sn.results or []), sent


def answers(hoa, coa, proto="echo", secs=1.0, n=1):
    """Send n packets with HAO hoa from coa; (replies through RT2 or not, Binding Errors)."""
    ident = next_seq()
    if proto == "echo":
        pkts = [frame(coa, 58, hoa, echo_bytes(hoa, ident, i)) for i in range(n)]
    elif proto == "tcp":
        pkts = [frame(coa, 6, hoa, tcp_syn_bytes(hoa, 9))]
    else:
        pkts = [frame(coa, 17, hoa, udp_bytes(hoa, 9)) for _ in range(n)]
    got, sent = collect(pkts, secs, lambda p: from_ha(p) and p[IPv6].dst == coa)
    replies = [p for p in got if ICMPv6EchoReply in p or ICMPv6DestUnreach in p or TCP in p]
    bes = [p for p in got if MIP6MH_BE in p]
    return replies, bes, ident, sent


def rt2_problem(p, hoa, coa):
    """None when p goes to coa through a type 2 routing header naming hoa, checksum right."""
    if IPv6ExtHdrRouting not in p or p[IPv6ExtHdrRouting].type != 2:
        return "answer without a type 2 routing header: %s" % p.summary()
    rt = p[IPv6ExtHdrRouting]
    if p[IPv6].dst != coa or list(rt.addresses) != [hoa] or rt.segleft != 1:
        return "answer to %s with RT2 %s, expected %s via %s" % (
            p[IPv6].dst, list(rt.addresses), hoa, coa)
    nh = 6 if TCP in p else 58
    if pseudo_checksum(args.ha, hoa, nh, bytes(rt.payload)) != 0:
        return "checksum wrong for pseudo-header %s -> %s" % (args.ha, hoa)
    return None


def be_problem(bes, hoa, coa, status=1):
    if not bes:
        return "no Binding Error"
    be = bes[0][MIP6MH_BE]
    if be.status != status or be.ha != hoa or bes[0][IPv6].dst != coa:
        return "Binding Error status %d home address %s to %s, expected %d %s to %s" % (
            be.status, be.ha, bes[0][IPv6].dst, status, hoa, coa)
    if mh_checksum(args.ha, coa, bytes(be)) != 0:
        return "Binding Error checksum wrong"
    return None


def register(hoa, lifetime=100, seq=None):
    """A home registration from the care-of address: None when BA 0 came back."""
    seq = seq if seq is not None else next_seq()
    got, _ = collect([frame(args.coa, IPPROTO_MH, hoa, bu_bytes(hoa, seq, lifetime))], 1.5,
                     lambda p: from_ha(p) and MIP6MH_BA in p)
    if not got:
        return "no BA"
    if got[0][MIP6MH_BA].status != 0:
        return "BA status %d" % got[0][MIP6MH_BA].status
    return None


def bindings():
    out = subprocess.run([args.ctl, "-s", args.sock, "--json", "bc"], capture_output=True,
                         text=True, timeout=5)
    try:
        return {b["home-address"]: b for b in json.loads(out.stdout).get("bindings", [])}
    except (ValueError, AttributeError):
        return {}


def wait_gone(hoa, secs):
    end = time.time() + secs
    while time.time() < end:
        if hoa not in bindings():
            return True
        time.sleep(0.2)
    return hoa not in bindings()


def echo_ok(case, desc, hoa, coa):
    replies, bes, ident, _ = answers(hoa, coa)
    why = None
    if not replies:
        why = "no Echo Reply (%d Binding Errors)" % len(bes)
    else:
        why = rt2_problem(replies[0], hoa, coa)
        if why is None and replies[0][ICMPv6EchoReply].id != ident:
            why = "Echo Reply id %d, expected %d" % (replies[0][ICMPv6EchoReply].id, ident)
        if why is None and bes:
            why = "a Binding Error came too (status %d)" % bes[0][MIP6MH_BE].status
    report(case, desc, why is None, why)


def echo_be(case, desc, hoa, coa):
    replies, bes, _, _ = answers(hoa, coa)
    why = be_problem(bes, hoa, coa)
    if why is None and replies:
        why = "the Echo Request was answered: %s" % replies[0].summary()
    if why is None and len(bes) != 1:
        why = "%d Binding Errors for one packet" % len(bes)
    report(case, desc, why is None, why)


def phase_ha():
    hoa = new_hoa()
    echo_be("CN-6-2-1", "home agent: Echo Request with a Home Address option and no binding: "
            "Binding Error status 1 to the care-of address, home address set, no reply",
            hoa, args.coa)

    why = register(hoa)
    report("HA_2_1_1", "home registration of %s" % hoa, why is None, why)
    echo_ok("CN-6-2-2", "home agent: Echo Request with a Home Address option from the "
            "registered care-of address: Echo Reply through a type 2 routing header", hoa,
            args.coa)

    replies, bes, _, _ = answers(hoa, args.coa, proto="tcp")
    why = "no answer" if not replies else rt2_problem(replies[0], hoa, args.coa)
    if why is None and (TCP not in replies[0] or not replies[0][TCP].flags.R):
        why = "answer is %s" % replies[0].summary()
    report("CN-6-2-2", "home agent: TCP SYN with a Home Address option from the registered "
           "care-of address: RST through a type 2 routing header", why is None, why)
    # An ICMPv6 error goes back to the care-of address itself, the option reflected
    # (Linux's icmp6_send swaps the addresses back): that it comes shows the UDP datagram
    # with the option was accepted and delivered.
    replies, bes, _, _ = answers(hoa, args.coa, proto="udp")
    why = None if replies and ICMPv6DestUnreach in replies[0] else \
        "no Port Unreachable (%s)" % (replies[0].summary() if replies else "silence")
    if why is None and bes:
        why = "a Binding Error came too"
    report("CN-6-2-2", "home agent: UDP with a Home Address option from the registered "
           "care-of address is delivered (Port Unreachable)", why is None, why)

    echo_be("CN-6-2-3", "home agent: the same home address from another care-of address: "
            "Binding Error status 1 to that address", hoa, args.alt_coa)
    coa = bindings().get(hoa, {}).get("care-of-address")
    report("CN-6-2-3", "home agent: the binding's care-of address is unchanged", coa == args.coa,
           "care-of address now %s" % coa)

    n = 100
    _, bes, _, sent = answers(hoa, args.alt_coa, n=n, secs=1.0)
    limit = 10 + int(10 * (sent + 1.0)) + 1	# burst 10, then 10 a second
    report("CN-6-2-1", "home agent: Binding Errors are rate limited (%d for %d packets in "
           "%.1f s, at most %d)" % (len(bes), n, sent, min(limit, n - 1)),
           1 <= len(bes) <= min(limit, n - 1), "%d Binding Errors" % len(bes))

    # after de-registration
    hoa2 = new_hoa()
    why = register(hoa2)
    if why is None:
        why = register(hoa2, lifetime=0)
    if why is None:
        why = None if wait_gone(hoa2, 3) else "binding still there"
    report("HA_3_1_1", "de-registration of %s (lifetime 0 from the care-of address)" % hoa2,
           why is None, why)
    echo_be("HA_3_1_1", "after de-registration an Echo Request with its Home Address option "
            "draws Binding Error status 1", hoa2, args.coa)

    # after expiry: 4 seconds granted
    hoa3 = new_hoa()
    why = register(hoa3, lifetime=1)
    if why is None:
        echo_ok("HA_2_1_4", "before expiry the Echo Request is answered through RT2", hoa3,
                args.coa)
        why = None if wait_gone(hoa3, 10) else "binding still there after 10 s"
    report("HA_2_1_4", "binding of %s expired" % hoa3, why is None, why)
    echo_be("HA_2_1_4", "after expiry an Echo Request with its Home Address option draws "
            "Binding Error status 1", hoa3, args.coa)
    print("hoas %s %s %s" % (hoa, hoa2, hoa3), file=sys.stderr)


def phase_ha_cn():
    hoa = new_hoa()
    seq = next_seq()
    got, _ = collect([frame(args.coa, IPPROTO_MH, hoa, bu_bytes(hoa, seq, 100))], 2.0,
                     lambda p: from_ha(p) and (MIP6MH_BA in p or MIP6MH_BE in p))
    bas = [p for p in got if MIP6MH_BA in p]
    bes = [p for p in got if MIP6MH_BE in p]
    why = None
    if not bas or bas[0][MIP6MH_BA].status != 0:
        why = "no BA status 0 (%s)" % (bas[0].summary() if bas else "none")
    elif bes:
        why = "Binding Error status %d after the BA" % bes[0][MIP6MH_BE].status
    report("CN-6-2-2", "roles ha+cn: home registration, and no Binding Error within 2 s of "
           "the BA", why is None, why)
    echo_ok("CN-6-2-2", "roles ha+cn: Echo Request with a Home Address option of the home "
            "registration: Echo Reply through RT2, no Binding Error", hoa, args.coa)
    echo_be("CN-6-2-1", "roles ha+cn: no binding in either role: exactly one Binding Error "
            "status 1", new_hoa(), args.coa)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--alt-coa", required=True)
    ap.add_argument("--router-mac", required=True)
    ap.add_argument("--ha", required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--sock", required=True)
    ap.add_argument("--phase", choices=("ha", "ha-cn"), required=True)
    ap.add_argument("--first-hoa", type=lambda s: int(s, 16), default=0x2000)
    args = ap.parse_args()
    _hoa_next[0] = args.first_hoa
    {"ha": phase_ha, "ha-cn": phase_ha_cn}[args.phase]()
    return 1 if mip6lab.failures else 0


if __name__ == "__main__":
    sys.exit(main())
