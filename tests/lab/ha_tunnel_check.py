#!/usr/bin/python3
# ha_tunnel_check.py - a mobile node written with Scapy sends reverse-tunnelled packets
# (IPv6 in IPv6, Scapy's own IPv6 classes) to mip6d's home agent from the right and from wrong
# outer sources, across a binding's life: registered, moved, de-registered, expired.  The home
# agent must forward only what comes from the care-of address of the inner source's binding
# (RFC 6275 10.4.5) and count the rest (mip6d-ctl status).  Registrations use the helpers of
# ha_conformance.py (Binding Updates built from Scapy's MIP6MH_BU and HAO).
# One line per case on stdout: "ok CASE description" or "FAIL CASE description: reason".

import argparse
import json
import os
import subprocess
import sys
import time

from scapy.config import conf
from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6EchoRequest, IPv6

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ha_conformance as hc  # noqa: E402
import mip6lab  # noqa: E402
from mip6lab import exchange, report  # noqa: E402

args = None


def counters():
    out = subprocess.run([args.ctl, "-s", args.sock, "--json", "status"], capture_output=True,
                         text=True, timeout=5)
    try:
        return json.loads(out.stdout).get("counters", {})
    except ValueError:
        return {}


def echo_back(hoa, outer, seq):
    """Send a reverse-tunnelled echo request from outer for hoa to the CN; the CN's reply,
    tunnelled back by the home agent to outer, or None."""
    pkt = hc.tunnelled_echo(hoa, args.cn, "request", outer_src=outer)
    pkt[ICMPv6EchoRequest].seq = seq

    def want(p):
        if IPv6 not in p or p[IPv6].src != args.ha or p[IPv6].nh != 41:
            return False
        inner = p[IPv6].payload
        return isinstance(inner, IPv6) and inner.dst == hoa and \
            ICMPv6EchoReply in inner and inner[ICMPv6EchoReply].seq == seq
    return exchange(pkt, args.iface, args.wait, want)


def dropped_case(case, desc, hoa, outer, seq, counter):
    """The packet draws no reply and the home agent's counter grows by one."""
    before = counters().get(counter, 0)
    p = echo_back(hoa, outer, seq)
    why = None
    if p is not None:
        why = "the home agent forwarded it: %s" % p.summary()
    else:
        # the status reads the kernel's counters when asked: one more, bounded wait
        end = time.time() + 3
        after = before
        while time.time() < end:
            after = counters().get(counter, 0)
            if after > before:
                break
            time.sleep(0.1)
        if after != before + 1:
            why = "%s went from %d to %d, expected +1" % (counter, before, after)
    report(case, desc, why is None, why)


def passed_case(case, desc, hoa, outer, seq):
    p = echo_back(hoa, outer, seq)
    report(case, desc, p is not None,
           "no reply came back through the tunnel to %s" % outer)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--alt-coa", required=True)
    ap.add_argument("--router-mac", required=True)
    ap.add_argument("--ha", required=True)
    ap.add_argument("--cn", required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--sock", required=True)
    ap.add_argument("--hoa", required=True, help="the home address of the cases")
    ap.add_argument("--hoa-expiring", required=True, help="registered for 4 s")
    ap.add_argument("--hoa-ll", required=True, help="registered with L=1")
    ap.add_argument("--wait", type=float, default=2.0, help="seconds to wait for a reply")
    args = ap.parse_args()
    # ha_conformance's helpers read their own arguments
    hc.args = argparse.Namespace(mac=args.mac, router_mac=args.router_mac, coa=args.coa,
                                 ha=args.ha, iface=args.iface, ctl=args.ctl, sock=args.sock)
    wc, nb = "drop.reverse-tunnel-wrong-coa", "drop.reverse-tunnel-no-binding"
    h = args.hoa

    why = hc.register(h, seq=15)
    report("HA_2_1_1", "home registration of %s from %s after DAD" % (h, args.coa),
           why is None, why)
    passed_case("HA_6_1_1", "reverse-tunnelled packet from the registered care-of address: "
                "forwarded, and the reply comes back", h, args.coa, 1)
    dropped_case("HA_6_2_1", "reverse-tunnelled packet from another outer source: dropped "
                 "and counted", h, args.alt_coa, 2, wc)

    # the binding moves: the old care-of address is now the wrong one
    p = hc.send_bu(h, 16, hc.A + hc.H, 100, coa=args.alt_coa)
    why = hc.ba_problem(p, h, seq=16, status=0, coa=args.alt_coa)
    report("HA_6_1_2", "the binding moves to %s" % args.alt_coa, why is None, why)
    dropped_case("HA_6_2_2", "after the move, a packet from the old care-of address: dropped "
                 "and counted", h, args.coa, 3, wc)
    passed_case("HA_6_1_2", "after the move, the new care-of address passes", h,
                args.alt_coa, 4)

    # de-registration: no binding, nothing passes
    p = hc.send_bu(h, 17, hc.A + hc.H, 0, coa=args.alt_coa)
    why = hc.ba_problem(p, h, seq=17, status=0, coa=args.alt_coa)
    report("HA_3_1_1", "de-registration of %s" % h, why is None, why)
    dropped_case("HA_6_2_2", "after de-registration, a packet from the last care-of address: "
                 "dropped and counted", h, args.alt_coa, 5, nb)

    # expiry: the same, when the lifetime runs out
    e = args.hoa_expiring
    why = hc.register(e, seq=20, lifetime=1)
    report("HA_2_1_1", "registration of %s for 4 s" % e, why is None, why)
    passed_case("HA_6_1_1", "before expiry, its care-of address passes", e, args.coa, 6)
    gone = hc.wait_binding(e, False, 10)
    report("HA_2_1_1", "the binding of %s expires" % e, gone, "still there after 10 s")
    dropped_case("HA_6_2_2", "after expiry, a packet from the care-of address: dropped and "
                 "counted", e, args.coa, 7, nb)

    # L=1: DAD for the home address and its link-local twin (checked on the wire afterwards)
    why = hc.register(args.hoa_ll, seq=30, flags=hc.A + hc.H + hc.L)
    report("HA_2_3_2", "registration of %s with L=1 after DAD of both addresses" %
           args.hoa_ll, why is None, why)
    return 1 if mip6lab.failures else 0


if __name__ == "__main__":
    sys.exit(main())
