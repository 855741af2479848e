#!/usr/bin/python3
# nemo_peer.py - a second mobile router written with Scapy's own Mobile IPv6 classes
# (MIP6MH_BU with the R flag, MIP6OptMobNetPrefix) drives mip6d's Home Agent through the NEMO
# HA conformance cases of Binding Update processing: explicit prefixes authorized or not,
# invalid ones, implicit mode without a prefix table entry, the R flag changing, malformed
# options, de-registration, expiry.  It checks each BA (status, R flag, sequence, RT2) and
# the home agent's routes (ip -n ha) and binding cache (mip6d-ctl --json bc).
#
# It runs in a namespace with eth0 on a foreign link (its care-of address there).  One line
# per case on stdout: "ok CASE description" or "FAIL CASE description: reason".

import argparse
import os
import struct
import subprocess
import sys
import time

from scapy.config import conf
from scapy.layers.inet6 import IPv6, IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BU, MIP6OptMobNetPrefix
from scapy.layers.l2 import Ether
from scapy.packet import Raw

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/lab
from mip6lab import exchange, expect_silence, hao_hdr, mh_checksum, report  # noqa: E402
import mip6lab  # noqa: E402

args = None


def bu_bytes(hoa, seq, flags, lifetime, mnps=(), reserved=0, olen=None):
    """A BU with one Mobile Network Prefix option per (prefix, length); Scapy pads each to
    its 8n+4 alignment.  olen forces the option length field (malformed options)."""
    opts = [MIP6OptMobNetPrefix(plen=pl, prefix=p, reserved=reserved) for p, pl in mnps]
    raw = bytearray(bytes(MIP6MH_BU(nh=59, seq=seq, flags=flags, mhtime=lifetime, cksum=0,
                                    options=opts)))
    if olen is not None:
        i = raw.index(bytes([6, 18]), 12)
        raw[i + 1] = olen
    raw[4:6] = b"\0\0"
    raw[4:6] = struct.pack("!H", mh_checksum(hoa, args.ha, bytes(raw)))
    return bytes(raw)


def is_ba(p):
    return IPv6 in p and p[IPv6].src == args.ha and MIP6MH_BA in p


def send_bu(hoa, seq, flags, lifetime, timeout=3.0, **kw):
    mh = bu_bytes(hoa, seq, flags, lifetime, **kw)
    pkt = Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=args.coa, dst=args.ha, nh=60) / hao_hdr(hoa) / Raw(mh)
    return exchange(pkt, args.iface, timeout, is_ba)


def ba_problem(p, hoa, seq, status, r_flag):
    if p is None:
        return "no BA"
    ba = p[MIP6MH_BA]
    if ba.status != status:
        return "BA status %d, expected %d" % (ba.status, status)
    if ba.seq != seq:
        return "BA sequence %d, expected %d" % (ba.seq, seq)
    if ("R" in str(ba.flags)) != r_flag:
        return "BA R flag %s, expected %s" % ("R" in str(ba.flags), r_flag)
    if IPv6ExtHdrRouting not in p or list(p[IPv6ExtHdrRouting].addresses) != [hoa]:
        return "BA without a type 2 routing header to %s" % hoa
    if mh_checksum(p[IPv6].src, hoa, bytes(ba)) != 0:
        return "BA checksum wrong"
    return None


def bindings():
    return mip6lab.bindings(args.ctl, args.sock)


def route(prefix):
    """The home agent's route for prefix, '' when none."""
    out = subprocess.run(["ip", "-n", "ha", "-6", "route", "show", "exact", prefix],
                         capture_output=True, text=True, timeout=5)
    return out.stdout.strip()


def routed_via(prefix, coa):
    r = route(prefix)
    return "encap ip6" in r and ("dst %s " % coa) in r + " "


def wait(cond, secs):
    end = time.time() + secs
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def case(cid, desc, why):
    report(cid, desc, why is None, why)


def main():
    global args
    ap = argparse.ArgumentParser()
    for a in ("iface", "mac", "coa", "router-mac", "ha", "ctl", "sock", "hoa", "own",
              "other", "unknown"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--other-coa", required=True)
    args = ap.parse_args()
    hoa, own, other = args.hoa, args.own, args.other
    AHR, AH = "AHR", "AH"

    # Another router's prefix: refused, and its route stays where it was
    p = send_bu(hoa, 20, AHR, 50, mnps=[(other, 64)])
    why = ba_problem(p, hoa, 20, 142, False)
    if why is None and not routed_via(other + "/64", args.other_coa):
        why = "the other router's route moved: %s" % route(other + "/64")
    if why is None and hoa in bindings():
        why = "a binding was made"
    case("NEMO-HA_2_11_9", "BU R=1 claiming another router's prefix: 142, no route", why)

    for cid, pfx, pl, desc in (("NEMO-HA_2_11_8", "fe80::", 64, "link-local prefix"),
                               ("NEMO-HA_2_11_7", "ff1e::", 64, "multicast prefix"),
                               ("NEMO-HA_2_11_5", own, 63, "prefix length 63 for a /64")):
        p = send_bu(hoa, 21, AHR, 50, mnps=[(pfx, pl)])
        why = ba_problem(p, hoa, 21, 141, False)
        if why is None and "encap" in route("%s/%d" % (pfx, pl)):
            why = "a tunnel route appeared: %s" % route("%s/%d" % (pfx, pl))
        case(cid, "BU R=1 with a %s: 141 Invalid Prefix" % desc, why)

    p = send_bu(hoa, 22, AHR, 50, mnps=[(own, 64)], olen=17, timeout=2.0)
    case("NEMO-HA_2_11_2", "option length 17: silently discarded", expect_silence(p))

    # Its own prefix, reserved field set: accepted (after DAD), R echoed, one route
    p = send_bu(hoa, 23, AHR, 50, mnps=[(own, 64)], reserved=0x5a, timeout=4.0)
    why = ba_problem(p, hoa, 23, 0, True)
    if why is None and not wait(lambda: routed_via(own + "/64", args.coa), 2):
        why = "no route for %s/64 via %s: %s" % (own, args.coa, route(own + "/64"))
    if why is None:
        b = bindings().get(hoa, {})
        if b.get("mobile-network-prefixes") != [own + "/64"] or "R" not in b.get("flags", ""):
            why = "mip6d-ctl bc: %s" % b
    case("NEMO-HA_2_11_4", "BU R=1, its own prefix, non-zero reserved field: accepted, R, "
         "route through the tunnel", why)
    case("NEMO-HA_2_9_1", "explicit mode: prefix registered, shown by mip6d-ctl bc", why)

    p = send_bu(hoa, 24, AH, 50)
    why = ba_problem(p, hoa, 24, 139, False)
    if why is None and not routed_via(own + "/64", args.coa):
        why = "route gone: %s" % route(own + "/64")
    case("NEMO-HA_2_10_6", "then R=0 on the mobile router's binding: 139, route kept", why)

    p = send_bu(hoa, 25, AHR, 0)
    why = ba_problem(p, hoa, 25, 0, True)
    if why is None and not wait(lambda: route(own + "/64") == "", 2):
        why = "route still there: %s" % route(own + "/64")
    if why is None and hoa in bindings():
        why = "binding still there"
    case("NEMO-HA_3_1_1", "de-registration R=1 lifetime 0: accepted with R, route removed", why)

    # Implicit mode for a home address the prefix table does not know: 143
    p = send_bu(args.unknown, 15, AHR, 50, timeout=4.0)
    why = ba_problem(p, args.unknown, 15, 143, False)
    if why is None and args.unknown in bindings():
        why = "a binding was made"
    case("NEMO-HA_2_12_3", "implicit mode, home address not in the prefix table: 143", why)

    # Lifetime expiry takes the prefix's route with the binding (lifetime 4 s)
    p = send_bu(hoa, 26, AHR, 1, mnps=[(own, 64)], timeout=4.0)
    why = ba_problem(p, hoa, 26, 0, True)
    if why is None and not wait(lambda: routed_via(own + "/64", args.coa), 2):
        why = "no route after the BA"
    if why is None and not wait(lambda: route(own + "/64") == "" and hoa not in bindings(), 9):
        why = "route or binding still there after the lifetime: %s" % route(own + "/64")
    case("NEMO-HA_2_1_4", "lifetime expired: binding and prefix route removed", why)
    return 1 if mip6lab.failures else 0


if __name__ == "__main__":
    sys.exit(main())
