#!/usr/bin/python3
# ha_conformance.py - a Mobile Node written with Scapy's own Mobile IPv6 classes drives mip6d's
# Home Agent through the IPv6 Ready HA conformance cases of groups 1-4 (Mobility Header
# processing, primary care-of address registration, de-registration, proxy Neighbour
# Discovery) and checks every answer: BA status and fields, Binding Error, ICMPv6, NA, silence.
#
# With --router it is a mobile router in implicit mode (RFC 3963: R=1 in every BU, no Mobile
# Network Prefix option; the home agent's prefix table names its prefixes) and the same cases
# are the NEMO-HA cases of the same numbers, whose titles are the HA cases' with "R=1" or
# "HoA(from HNP)" added: NEMO-HA_2_5_1 is HA_2_5_1 from a mobile router.  Every accepting BA
# must then carry R=1 (RFC 3963 4.2).
#
# It runs in a tester namespace with eth0 on a foreign link (where it is the mobile node, at
# its autoconfigured care-of address) and eth1 on the home link (where it plays the other
# nodes of the home link).  The Mobility Header checksums and the Home Address option layout
# are computed here, independently of mip6d's codec.  One line per case on stdout:
# "ok CASE description" or "FAIL CASE description: reason".

import argparse
import os
import struct
import subprocess
import sys
import threading
import time

from scapy.compat import raw
from scapy.config import conf
from scapy.layers.inet6 import (in6_chksum, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr,
                                ICMPv6NDOptSrcLLAddr, ICMPv6ParamProblem, IPv6,
                                IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU,
                                MIP6OptNonceIndices)
from scapy.layers.l2 import Ether
from scapy.sendrecv import AsyncSniffer
from scapy.packet import Raw
from scapy.utils import inet_pton

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6lab import (IPPROTO_MH, exchange, expect_silence, hao_hdr, mh_checksum)  # noqa: E402
import mip6lab  # noqa: E402
A, H, L, K = "A", "H", "L", "K"

args = None








# The NEMO-HA cases that are HA cases sent by a mobile router (the same number in both suites).
NEMO_HA_CASES = frozenset((
    "NEMO-HA_1_1_1", "NEMO-HA_1_1_2", "NEMO-HA_1_1_3", "NEMO-HA_1_1_4", "NEMO-HA_1_1_5",
    "NEMO-HA_1_1_6", "NEMO-HA_1_1_7", "NEMO-HA_1_1_8", "NEMO-HA_1_1_9", "NEMO-HA_1_1_10",
    "NEMO-HA_2_1_1", "NEMO-HA_2_1_2", "NEMO-HA_2_1_3", "NEMO-HA_2_1_4", "NEMO-HA_2_1_5",
    "NEMO-HA_2_1_6", "NEMO-HA_2_1_9", "NEMO-HA_2_1_14", "NEMO-HA_2_2_1", "NEMO-HA_2_2_2",
    "NEMO-HA_2_2_3", "NEMO-HA_2_2_7", "NEMO-HA_2_2_9", "NEMO-HA_2_2_10", "NEMO-HA_2_2_13",
    "NEMO-HA_2_3_1", "NEMO-HA_2_3_2", "NEMO-HA_2_4_1", "NEMO-HA_2_4_2", "NEMO-HA_2_4_3",
    "NEMO-HA_2_5_1", "NEMO-HA_2_5_2", "NEMO-HA_2_5_3", "NEMO-HA_2_5_4", "NEMO-HA_2_5_5",
    "NEMO-HA_2_5_6", "NEMO-HA_2_5_7", "NEMO-HA_2_5_8", "NEMO-HA_2_6_1", "NEMO-HA_2_6_2",
    "NEMO-HA_2_6_3", "NEMO-HA_2_6_4", "NEMO-HA_2_6_5", "NEMO-HA_2_6_6", "NEMO-HA_2_6_7",
    "NEMO-HA_2_6_8", "NEMO-HA_2_6_9", "NEMO-HA_2_6_10", "NEMO-HA_2_6_11", "NEMO-HA_2_6_12",
    "NEMO-HA_2_7_1", "NEMO-HA_2_7_2", "NEMO-HA_2_7_3", "NEMO-HA_2_7_4", "NEMO-HA_2_7_5",
    "NEMO-HA_2_7_6", "NEMO-HA_2_7_7", "NEMO-HA_2_7_8", "NEMO-HA_2_8_1", "NEMO-HA_2_8_2",
    "NEMO-HA_2_8_3", "NEMO-HA_2_8_4", "NEMO-HA_2_8_5", "NEMO-HA_2_8_6", "NEMO-HA_2_8_7",
    "NEMO-HA_2_8_8", "NEMO-HA_2_8_9", "NEMO-HA_2_8_10", "NEMO-HA_2_8_11", "NEMO-HA_2_8_12",
    "NEMO-HA_3_1_1", "NEMO-HA_3_1_2", "NEMO-HA_3_1_3", "NEMO-HA_3_1_4", "NEMO-HA_3_1_5",
    "NEMO-HA_3_1_6", "NEMO-HA_3_1_7", "NEMO-HA_3_1_8", "NEMO-HA_3_1_9", "NEMO-HA_3_1_10",
    "NEMO-HA_3_1_11", "NEMO-HA_3_1_12", "NEMO-HA_4_2_1", "NEMO-HA_4_2_2", "NEMO-HA_4_2_3",
    "NEMO-HA_4_3_1", "NEMO-HA_4_3_2", "NEMO-HA_4_3_3", "NEMO-HA_4_4_1", "NEMO-HA_4_4_2",
    "NEMO-HA_4_4_3", "NEMO-HA_5_1_1", "NEMO-HA_5_1_4", "NEMO-HA_6_1_1", "NEMO-HA_6_1_2",
))


def report(case, desc, ok, why=""):
    """mip6lab.report; in --router mode the case is named as the NEMO-HA suite numbers it, or
    keeps its HA name with "(R=1)" where that suite has no such case."""
    if getattr(args, "router", False):
        nemo = "NEMO-" + case
        case = nemo if nemo in NEMO_HA_CASES else case + "(R=1)"
        desc += " (mobile router, implicit mode)"
    mip6lab.report(case, desc, ok, why)


def bu_bytes(hoa, seq, flags, lifetime, nonce=False, reserved=0, bad_cksum=False,
             proto=59, hdrlen=None):
    if getattr(args, "router", False):
        flags += "R"
    opts = [MIP6OptNonceIndices(olen=4, hni=1, coni=2)] if nonce else []
    mh = MIP6MH_BU(nh=proto, seq=seq, flags=flags, mhtime=lifetime, reserved=reserved,
                   cksum=0, options=opts)
    raw = bytearray(bytes(mh))
    if hdrlen is not None:
        raw[1] = hdrlen
    c = mh_checksum(hoa, args.ha, bytes(raw))
    if bad_cksum:
        c ^= 0x5555
    raw[4:6] = struct.pack("!H", c)
    return bytes(raw)


def generic_mh(hoa, mhtype):
    """A Mobility Header of a type the home agent does not process, 16 octets."""
    raw = bytearray([59, 1, mhtype, 0, 0, 0] + [0] * 10)
    raw[4:6] = struct.pack("!H", mh_checksum(hoa, args.ha, bytes(raw)))
    return bytes(raw)


def from_coa(hoa, mh, coa=None):
    """From the care-of address with a Home Address option on its 8n+6 alignment."""
    return Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=coa or args.coa, dst=args.ha, nh=60) / hao_hdr(hoa) / Raw(mh)


def from_home(hoa, mh, hao=False):
    """From the home link, the source being the home address (the MN back at home)."""
    ip = IPv6(src=hoa, dst=args.ha)
    if hao:
        ip.nh = 60
        pkt = ip / hao_hdr(hoa) / Raw(mh)
    else:
        ip.nh = IPPROTO_MH
        pkt = ip / Raw(mh)
    return Ether(src=args.home_mac, dst=args.ha_mac) / pkt




def is_mh_answer(p):
    return IPv6 in p and p[IPv6].src == args.ha and (
        MIP6MH_BA in p or MIP6MH_BE in p or ICMPv6ParamProblem in p)


def send_bu(hoa, seq, flags, lifetime, timeout=3.0, **kw):
    home = kw.pop("home", False)
    hao = kw.pop("hao", True)
    coa = kw.pop("coa", None)
    mh = bu_bytes(hoa, seq, flags, lifetime, **kw)
    if home:
        return exchange(from_home(hoa, mh, hao), args.home_iface, timeout, is_mh_answer)
    return exchange(from_coa(hoa, mh, coa), args.iface, timeout, is_mh_answer)


def ba_problem(p, hoa, seq=None, status=None, via_coa=True, coa=None):
    """None when p is a well-formed BA to hoa (through coa); else what is wrong."""
    coa = coa or args.coa
    if p is None:
        return "no answer"
    if MIP6MH_BA not in p:
        return "answer is %s, not a BA" % p.summary()
    ba = p[MIP6MH_BA]
    if status is not None and ba.status != status:
        return "BA status %d, expected %d" % (ba.status, status)
    if seq is not None and ba.seq != seq:
        return "BA sequence %d, expected %d" % (ba.seq, seq)
    if getattr(args, "router", False) and ba.status < 128 and "R" not in str(ba.flags):
        return "BA accepting a mobile router's BU without R (RFC 3963 4.2)"
    final = p[IPv6].dst
    if via_coa:
        if IPv6ExtHdrRouting not in p or p[IPv6ExtHdrRouting].type != 2:
            return "BA without a type 2 routing header"
        rt = p[IPv6ExtHdrRouting]
        if p[IPv6].dst != coa or list(rt.addresses) != [hoa] or rt.segleft != 1:
            return "BA to %s with RT2 %s, expected %s via %s" % (
                p[IPv6].dst, list(rt.addresses), hoa, coa)
        final = hoa
    elif p[IPv6].dst != hoa:
        return "BA to %s, expected %s" % (p[IPv6].dst, hoa)
    if mh_checksum(p[IPv6].src, final, bytes(ba)) != 0:
        return "BA checksum wrong for pseudo-header %s -> %s" % (p[IPv6].src, final)
    return None


def bindings():
    return mip6lab.bindings(args.ctl, args.sock)


def wait_binding(hoa, present, secs):
    end = time.time() + secs
    while time.time() < end:
        if (hoa in bindings()) == present:
            return True
        time.sleep(0.1)
    return (hoa in bindings()) == present


_hoa_next = [0x1000]


def new_hoa():
    _hoa_next[0] += 1
    return "2001:db8:1::%x" % _hoa_next[0]


def register(hoa, seq=15, flags=A + H, lifetime=100):
    return ba_problem(send_bu(hoa, seq, flags, lifetime), hoa, seq=seq, status=0)




# --- group 1: Mobility Header processing ------------------------------------------------------

def group1():
    for case, bce in (("HA_1_1_1", False), ("HA_1_1_5", True)):
        hoa = new_hoa()
        if bce:
            register(hoa)
        p = exchange(from_coa(hoa, generic_mh(hoa, 50)), args.iface, 2.0, is_mh_answer)
        why = None
        if p is None or MIP6MH_BE not in p:
            why = "no Binding Error (%s)" % (p.summary() if p else "silence")
        elif p[MIP6MH_BE].status != 2 or p[MIP6MH_BE].ha != hoa or p[IPv6].dst != args.coa:
            why = "BE status %d home address %s to %s" % (p[MIP6MH_BE].status,
                                                          p[MIP6MH_BE].ha, p[IPv6].dst)
        report(case, "unrecognised MH type: Binding Error status 2" +
               (" (with a binding)" if bce else ""), why is None, why)

    for case, bce in (("HA_1_1_2", False), ("HA_1_1_6", True), ("HA_1_1_9", False)):
        hoa = new_hoa()
        if bce:
            register(hoa)
        p = send_bu(hoa, 20, A + H, 100, proto=58, timeout=2.0)
        why = None
        if p is None or ICMPv6ParamProblem not in p:
            why = "no Parameter Problem (%s)" % (p.summary() if p else "silence")
        elif p[ICMPv6ParamProblem].code != 0:
            why = "Parameter Problem code %d" % p[ICMPv6ParamProblem].code
        report(case, "piggybacked payload: ICMPv6 Parameter Problem", why is None, why)

    for case, bce in (("HA_1_1_3", False), ("HA_1_1_8", True)):
        hoa = new_hoa()
        if bce:
            register(hoa)
        p = send_bu(hoa, 20, A + H, 100, bad_cksum=True, timeout=2.0)
        report(case, "invalid checksum: silently discarded", p is None, expect_silence(p))

    for case, bce in (("HA_1_1_4", False), ("HA_1_1_7", True), ("HA_1_1_10", False)):
        hoa = new_hoa()
        if bce:
            register(hoa)
        p = send_bu(hoa, 20, A + H, 100, hdrlen=0, timeout=2.0)
        why = None
        if p is None or ICMPv6ParamProblem not in p:
            why = "no Parameter Problem (%s)" % (p.summary() if p else "silence")
        report(case, "header length below the BU's minimum: Parameter Problem", why is None,
               why)


# --- group 2: primary care-of address registration -------------------------------------------

def group2():
    hoa = new_hoa()
    t0 = time.time()
    why = register(hoa)
    report("HA_2_1_1", "valid BU A=1: BA status 0 through RT2 after DAD", why is None, why)
    if why is None and time.time() - t0 < 0.9:
        report("HA_2_3_1", "DAD before a first acceptance (BA after >= 1 s)", False,
               "BA came after %.2f s" % (time.time() - t0))
    elif why is None:
        report("HA_2_3_1", "DAD before a first acceptance (BA after >= 1 s)", True)
    why = None if wait_binding(hoa, True, 2) else "no binding in mip6d-ctl bc"
    report("HA_2_1_1", "binding cache entry shown by mip6d-ctl", why is None, why)

    hoa2 = new_hoa()
    p = send_bu(hoa2, 15, H, 100, timeout=2.5)
    why = expect_silence(p) or (None if wait_binding(hoa2, True, 2) else "no binding")
    report("HA_2_1_2", "valid BU A=0: binding made, no BA", why is None, why)

    why = ba_problem(send_bu(hoa, 16, A + H, 10), hoa, seq=16, status=0)
    if why is None:
        lt = bindings().get(hoa, {}).get("lifetime")
        why = None if lt == 40 else "lifetime %s, expected 40" % lt
    report("HA_2_1_3", "decrease lifetime", why is None, why)

    hoa3 = new_hoa()
    why = register(hoa3, lifetime=1)
    if why is None:
        why = None if wait_binding(hoa3, False, 8) else "binding still there after 8 s"
    report("HA_2_1_4", "lifetime expired: binding removed", why is None, why)

    hoa4 = new_hoa()
    p = send_bu(hoa4, 15, A + H, 0xFFFF)
    why = ba_problem(p, hoa4, status=0)
    if why is None and p[MIP6MH_BA].mhtime * 4 > args.max_lifetime:
        why = "granted %d s above the %d s maximum" % (p[MIP6MH_BA].mhtime * 4,
                                                      args.max_lifetime)
    report("HA_2_1_9", "lifetime capped by prefix and maximum", why is None, why)

    for case, flags in (("HA_2_1_10", A + H), ("HA_2_1_11", A + H + K)):
        h = new_hoa()
        p = send_bu(h, 15, flags, 100)
        why = ba_problem(p, h, status=0)
        if why is None and "K" in str(p[MIP6MH_BA].flags):
            why = "BA K set though no key management runs"
        report(case, "BU K=%d accepted, BA K=0" % ("K" in flags), why is None, why)

    h = new_hoa()
    why = ba_problem(send_bu(h, 15, A + H, 100, reserved=0x1ff), h, status=0)
    report("HA_2_1_14", "non-zero reserved field ignored", why is None, why)

    h = "2001:db8:9::%x" % _hoa_next[0]
    why = ba_problem(send_bu(h, 15, A + H, 100), h, status=132)
    report("HA_2_2_1", "not home subnet: 132", why is None, why)
    p = send_bu(h, 16, H, 100)
    why = ba_problem(p, h, status=132)
    report("HA_2_2_2", "not home subnet with A=0: 132 all the same", why is None, why)

    h = args.denied
    why = ba_problem(send_bu(h, 15, A + H, 100), h, status=129)
    report("HA_2_2_3", "not allowed by the access list: 129", why is None, why)

    h = new_hoa()
    p = send_bu(h, 15, A + H, 100, nonce=True, timeout=2.5)
    report("HA_2_2_7", "Nonce Indices in a home registration: silently discarded",
           p is None, expect_silence(p))

    for case, flags in (("HA_2_2_9", A + H), ("HA_2_2_10", A + H + L)):
        p = send_bu("fe80::1:%x" % _hoa_next[0], 15, flags, 100, timeout=2.0)
        report(case, "HAO with a link-local address: silently discarded", p is None,
               expect_silence(p))
    p = send_bu("ff02::1:1", 15, A + H, 100, timeout=2.0)
    report("HA_2_2_13", "HAO with a multicast address: silently discarded", p is None,
           expect_silence(p))

    h = args.in_use
    why = ba_problem(send_bu(h, 15, A + H, 100), h, status=134)
    report("HA_2_4_1", "home address defended on the home link: 134", why is None, why)

    # Sequence numbers (RFC 6275 9.5.1), each pair on a fresh home address; the suite runs
    # every pair with A=1 and A=0, L=0 and L=1 (case numbers in that order per group).
    # (case, 1st, 2nd, accepted, A, L)
    cases = [
        ("HA_2_5_1", 15, 16, True, 1, 0),
        ("HA_2_5_2", 15, 32782, True, 1, 0),
        ("HA_2_5_3", 15, 16, True, 1, 1),
        ("HA_2_5_4", 15, 32782, True, 1, 1),
        ("HA_2_5_5", 15, 16, True, 0, 0),
        ("HA_2_5_6", 15, 32782, True, 0, 0),
        ("HA_2_5_7", 15, 16, True, 0, 1),
        ("HA_2_5_8", 15, 32782, True, 0, 1),
        ("HA_2_6_1", 15, 14, False, 1, 0),
        ("HA_2_6_2", 15, 15, False, 1, 0),
        ("HA_2_6_3", 15, 32783, False, 1, 0),
        ("HA_2_6_4", 15, 14, False, 0, 0),
        ("HA_2_6_5", 15, 15, False, 0, 0),
        ("HA_2_6_6", 15, 32783, False, 0, 0),
        ("HA_2_6_7", 15, 14, False, 1, 1),
        ("HA_2_6_8", 15, 15, False, 1, 1),
        ("HA_2_6_9", 15, 32783, False, 1, 1),
        ("HA_2_6_10", 15, 14, False, 0, 1),
        ("HA_2_6_11", 15, 15, False, 0, 1),
        ("HA_2_6_12", 15, 32783, False, 0, 1),
        ("HA_2_7_1", 32783, 32784, True, 1, 0),
        ("HA_2_7_2", 32783, 14, True, 1, 0),
        ("HA_2_7_3", 32783, 32784, True, 1, 1),
        ("HA_2_7_4", 32783, 14, True, 1, 1),
        ("HA_2_7_5", 32783, 32784, True, 0, 0),
        ("HA_2_7_6", 32783, 14, True, 0, 0),
        ("HA_2_7_7", 32783, 32784, True, 0, 1),
        ("HA_2_7_8", 32783, 14, True, 0, 1),
        ("HA_2_8_1", 32783, 32782, False, 1, 0),
        ("HA_2_8_2", 32783, 32783, False, 1, 0),
        ("HA_2_8_3", 32783, 15, False, 1, 0),
        ("HA_2_8_4", 32783, 32782, False, 0, 0),
        ("HA_2_8_5", 32783, 32783, False, 0, 0),
        ("HA_2_8_6", 32783, 15, False, 0, 0),
        ("HA_2_8_7", 32783, 32782, False, 1, 1),
        ("HA_2_8_8", 32783, 32783, False, 1, 1),
        ("HA_2_8_9", 32783, 15, False, 1, 1),
        ("HA_2_8_10", 32783, 32782, False, 0, 1),
        ("HA_2_8_11", 32783, 32783, False, 0, 1),
        ("HA_2_8_12", 32783, 15, False, 0, 1),
    ]
    for case, first, second, accepted, ack, ll in cases:
        seq_case(case, first, second, accepted, ack, ll)

    # L=1 variants of the first cases: DAD covers the link-local address too
    h = new_hoa()
    t0 = time.time()
    why = register(h, flags=A + H + L)
    if why is None and time.time() - t0 < 0.9:
        why = "BA after %.2f s: no DAD" % (time.time() - t0)
    report("HA_2_1_5", "valid BU A=1, L=1: BA status 0 after DAD", why is None, why)
    report("HA_2_3_2", "DAD succeeded (L=1)", why is None, why)
    h = new_hoa()
    p = send_bu(h, 15, H + L, 100, timeout=2.5)
    why = expect_silence(p) or (None if wait_binding(h, True, 2) else "no binding")
    report("HA_2_1_6", "valid BU A=0, L=1: binding made, no BA", why is None, why)
    h = args.in_use_ll_hoa
    why = ba_problem(send_bu(h, 15, A + H + L, 100), h, status=134)
    report("HA_2_4_3", "link-local address (L=1) defended on the home link: 134", why is None,
           why)
    h = args.in_use
    why = ba_problem(send_bu(h, 16, A + H + L, 100), h, status=134)
    report("HA_2_4_2", "home address defended on the home link (L=1): 134", why is None, why)


def seq_case(case, first, second, accepted, ack, ll):
    h = new_hoa()
    extra = L if ll else ""
    why = register(h, seq=first, flags=A + H + extra)
    if why is None:
        p = send_bu(h, second, (A if ack else "") + H + extra, 100,
                    timeout=3.0 if ack or not accepted else 1.5)
        if accepted and ack:
            why = ba_problem(p, h, seq=second, status=0)
        elif accepted:
            why = expect_silence(p)
            if why is None:
                b = bindings().get(h, {})
                if b.get("sequence") != second:
                    why = "binding sequence %s, expected %d" % (b.get("sequence"), second)
        else:
            # RFC 6275 9.5.1: 135 is sent whatever the A flag says
            why = ba_problem(p, h, seq=first, status=135)
    report(case, "1st=%d, 2nd=%d, A=%d, L=%d: %s" % (
        first, second, ack, ll, "accepted" if accepted else "135 with the last accepted number"),
        why is None, why)


# --- group 3: de-registration ----------------------------------------------------------------

def group3():
    # (case, from home (CoA = HoA), A, lifetime, with HAO, L)
    cases = [("HA_3_1_1", False, True, 0, True, False), ("HA_3_1_2", True, True, 0, True, False),
             ("HA_3_1_3", True, True, 100, True, False),
             ("HA_3_1_4", True, True, 0, False, False),
             ("HA_3_1_5", True, True, 100, False, False),
             ("HA_3_1_6", False, False, 0, True, False),
             ("HA_3_1_7", True, False, 0, True, False),
             ("HA_3_1_8", True, False, 100, True, False),
             ("HA_3_1_9", True, False, 0, False, False),
             ("HA_3_1_10", True, False, 100, False, False),
             ("HA_3_1_11", False, True, 0, True, True),
             ("HA_3_1_12", False, False, 0, True, True)]
    for case, home, ack, lifetime, hao, ll in cases:
        h = new_hoa()
        why = register(h, flags=A + H + (L if ll else ""))
        if why is None:
            flags = (A if ack else "") + H + (L if ll else "")
            if home:
                # back home: the tester holds the home address, so the BA can reach it
                subprocess.run(["ip", "-6", "addr", "add", h + "/64", "dev", args.home_iface,
                                "nodad"], check=False)
                p = send_bu(h, 16, flags, lifetime, home=True, hao=hao,
                            timeout=3.0 if ack else 2.0)
                subprocess.run(["ip", "-6", "addr", "del", h + "/64", "dev",
                                args.home_iface], check=False)
            else:
                p = send_bu(h, 16, flags, lifetime, timeout=3.0 if ack else 2.0)
            if ack:
                why = ba_problem(p, h, seq=16, status=0, via_coa=not home)
                if why is None and p[MIP6MH_BA].mhtime != 0:
                    why = "BA lifetime %d, expected 0" % p[MIP6MH_BA].mhtime
            else:
                why = expect_silence(p)
            if why is None and not wait_binding(h, False, 2):
                why = "binding still there"
        report(case, "%s, A=%d, lifetime %d, %s HAO%s: de-registered" % (
            "CoA=HoA" if home else "CoA!=HoA", ack, lifetime, "with" if hao else "without",
            ", L=1" if ll else ""), why is None, why)

    h = new_hoa()
    why = ba_problem(send_bu(h, 15, A + H, 0), h, status=133)
    report("RFC6275-10.3.2", "de-registration without a binding: 133", why is None, why)


# --- group 4: proxy Neighbour Discovery -------------------------------------------------------

def solicited_node(a):
    b = inet_pton(10, a)
    return "ff02::1:ff%02x:%02x%02x" % (b[13], b[14], b[15])


def ns_answer(target, kind):
    """Send an NS for target on the home link; return the NA from the home agent, or None.
    kind: multicast (SLL option), unicast (SLL option), unicast-nosll (NUD), dad."""
    if kind == "dad":
        src, dst = "::", solicited_node(target)
        ns = IPv6(src=src, dst=dst, hlim=255) / ICMPv6ND_NS(tgt=target)
    elif kind == "unicast-nosll":
        src, dst = args.home_addr, target
        ns = IPv6(src=src, dst=dst, hlim=255) / ICMPv6ND_NS(tgt=target)
    else:
        src = args.home_addr
        dst = solicited_node(target) if kind == "multicast" else target
        ns = IPv6(src=src, dst=dst, hlim=255) / ICMPv6ND_NS(tgt=target) / \
            ICMPv6NDOptSrcLLAddr(lladdr=args.home_mac)
    mac = "33:33:" + ":".join("%02x" % x for x in inet_pton(10, dst)[12:]) \
        if dst.startswith("ff") else args.ha_mac
    want = lambda p: ICMPv6ND_NA in p and p[ICMPv6ND_NA].tgt == target and \
        p[Ether].src == args.ha_mac
    return exchange(Ether(src=args.home_mac, dst=mac) / ns, args.home_iface, 2.5, want)


def na_problem(p, kind):
    """What is wrong with the home agent's NA p for an NS of kind (RFC 4861 7.1.2, 7.2.4;
    RFC 6275 10.4.1), or None."""
    if p is None:
        return "the home agent did not answer for the home address"
    na = p[ICMPv6ND_NA]
    body = bytearray(raw(p[IPv6].payload))
    body[2:4] = b"\0\0"
    if in6_chksum(58, p[IPv6], bytes(body)) != na.cksum:
        return "NA checksum wrong"
    if p[IPv6].hlim != 255:
        return "NA hop limit %d, not 255" % p[IPv6].hlim
    # RFC 4861 7.2.4: the option MAY be left out of the answer to a unicast NS (the kernel's
    # proxy does), whose sender has the link-layer address already
    if ICMPv6NDOptDstLLAddr not in p and not kind.startswith("unicast"):
        return "NA without a Target Link-Layer Address option"
    if ICMPv6NDOptDstLLAddr in p and p[ICMPv6NDOptDstLLAddr].lladdr != args.ha_mac:
        return "NA carries %s, not the HA's link-layer address" % \
            p[ICMPv6NDOptDstLLAddr].lladdr
    if na.R:
        return "NA with R set: it speaks for a mobile node"
    if kind == "dad":
        if p[IPv6].dst != "ff02::1" or na.S:
            return "answer to a DAD probe to %s with S=%d, not to all-nodes with S=0" % \
                (p[IPv6].dst, na.S)
    elif p[IPv6].dst != args.home_addr or not na.S:
        return "answer to %s with S=%d, not to the solicitor with S=1" % (p[IPv6].dst, na.S)
    elif p[Ether].dst != args.home_mac:
        return "answer sent to %s, not the solicitor's link-layer address" % p[Ether].dst
    return None


def ns_tunnelled(target):
    """A unicast NS for target from the home link, and whatever the home agent sends to the
    care-of addresses meanwhile: the NS must not be tunnelled to the mobile node."""
    def want(p):
        return IPv6 in p and p[IPv6].src == args.ha and p[IPv6].nh == 41 and \
            ICMPv6ND_NS in p
    return catch(want, 2.5, lambda: ns_answer(target, "unicast"))


def group4():
    h = new_hoa()
    why = register(h)
    for case, kind in (("HA_4_2_1", "multicast"), ("HA_4_2_2", "unicast"), ("HA_4_2_3", "dad"),
                       ("HA_4_2_13", "unicast-nosll")):
        if why is None:
            w = na_problem(ns_answer(h, kind), kind)
            report(case, "%s NS for a registered home address: the HA answers" % kind,
                   w is None, w)
        else:
            report(case, "%s NS for a registered home address" % kind, False, why)
    if why is None:
        p = ns_tunnelled(h)
        report("HA_4_2_2", "unicast NS for a registered home address: not tunnelled to the "
               "care-of address", p is None, p is not None and "tunnelled: " + p.summary())
    bad = new_hoa()
    for case, kind in (("HA_4_3_1", "multicast"), ("HA_4_3_2", "unicast"), ("HA_4_3_3", "dad")):
        p = ns_answer(bad, kind)
        report(case, "%s NS for an unregistered address: no answer" % kind, p is None,
               expect_silence(p))
    send_bu(h, 16, A + H, 0)
    wait_binding(h, False, 2)
    for case, kind in (("HA_4_4_1", "multicast"), ("HA_4_4_2", "unicast"), ("HA_4_4_3", "dad")):
        p = ns_answer(h, kind)
        report(case, "%s NS after de-registration: no answer" % kind, p is None,
               expect_silence(p))


# --- groups 5 and 6: the bi-directional tunnel ---------------------------------------------

def tunnelled_echo(inner_src, inner_dst, kind, outer_src=None):
    """An echo request/reply inside IPv6-in-IPv6 from the care-of address to the HA."""
    icmp = ICMPv6EchoRequest(id=0x4d36, seq=1) if kind == "request" else \
        ICMPv6EchoReply(id=0x4d36, seq=1)
    return Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=outer_src or args.coa, dst=args.ha, nh=41) / \
        IPv6(src=inner_src, dst=inner_dst, hlim=64) / icmp


def from_tunnel(coa, hoa, icmp_type):
    """The HA's encapsulated packet to coa carrying an ICMPv6 message to hoa."""
    def want(p):
        if IPv6 not in p or p[IPv6].src != args.ha or p[IPv6].dst != coa or \
                p[IPv6].nh != 41:
            return False
        inner = p[IPv6].payload
        return isinstance(inner, IPv6) and inner.dst == hoa and icmp_type in inner
    return want


def ping_from_cn(hoa):
    subprocess.Popen(["nsenter", "--net=/run/netns/" + args.cn_ns, "ping", "-6", "-c", "1",
                      "-W", "2", hoa], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def catch(want, timeout, action):
    ready = threading.Event()
    sn = AsyncSniffer(iface=args.iface, store=True, lfilter=want, count=1, timeout=timeout,
                      started_callback=ready.set)
    sn.start()
    ready.wait(3)
    action()
    sn.join(timeout + 1)
    return sn.results[0] if sn.results else None


def group5():
    h = new_hoa()
    why = register(h)
    if why is None:
        p = catch(from_tunnel(args.coa, h, ICMPv6EchoRequest), 3, lambda: ping_from_cn(h))
        why = None if p is not None else "no encapsulated echo request to the care-of address"
    report("HA_5_1_1", "echo request from the CN to the MN: tunnelled to the care-of address",
           why is None, why)

    why2 = None
    if why is None:
        # HA_6_1_1: the MN answers through the reverse tunnel; the CN's next echo comes back
        p = exchange(tunnelled_echo(h, args.cn, "request"), args.iface, 3,
                     from_tunnel(args.coa, h, ICMPv6EchoReply))
        why2 = None if p is not None else \
            "the CN's reply to a reverse-tunnelled request did not come back through the tunnel"
    report("HA_6_1_1", "reverse tunnelling: the HA decapsulates and forwards",
           why is None and why2 is None, why or why2)

    # HA_5_1_4 / HA_6_1_2: a new care-of address moves the tunnel end point
    why = None
    p = send_bu(h, 16, A + H, 100, coa=args.alt_coa)
    why = ba_problem(p, h, seq=16, status=0, coa=args.alt_coa)
    if why is None:
        p = catch(from_tunnel(args.alt_coa, h, ICMPv6EchoRequest), 3, lambda: ping_from_cn(h))
        why = None if p is not None else "no encapsulated echo request to the new care-of address"
    report("HA_5_1_4", "update tunnel end point: traffic follows the new care-of address",
           why is None, why)
    why2 = None
    if why is None:
        p = exchange(tunnelled_echo(h, args.cn, "request", outer_src=args.alt_coa), args.iface,
                     3, from_tunnel(args.alt_coa, h, ICMPv6EchoReply))
        why2 = None if p is not None else "no reply through the moved tunnel"
    report("HA_6_1_2", "update tunnel end point: the reverse tunnel from the new care-of address",
           why is None and why2 is None, why or why2)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--router-mac", required=True)
    ap.add_argument("--home-iface", required=True)
    ap.add_argument("--home-mac", required=True)
    ap.add_argument("--home-addr", required=True)
    ap.add_argument("--ha", required=True)
    ap.add_argument("--ha-mac", required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--sock", required=True)
    ap.add_argument("--max-lifetime", type=int, default=262140)
    ap.add_argument("--denied", default="2001:db8:1::dead")
    ap.add_argument("--in-use", default="2001:db8:1::bad")
    ap.add_argument("--in-use-ll-hoa", default="2001:db8:1::77:1",
                    help="a home address whose link-local twin a home-link node holds")
    ap.add_argument("--groups", default="12345")
    ap.add_argument("--cn", default="2001:db8:4::2")
    ap.add_argument("--cn-ns", default="cn")
    ap.add_argument("--alt-coa", default="2001:db8:2::a17")
    ap.add_argument("--router", action="store_true",
                    help="a mobile router (R=1, implicit mode): the NEMO-HA cases")
    ap.add_argument("--register", metavar="HOA:SECONDS",
                    help="only register HOA for SECONDS and report, instead of the groups")
    args = ap.parse_args()
    if args.register:
        hoa, secs = args.register.rsplit(":", 1)
        why = register(hoa, lifetime=int(secs) // 4)
        report("register", "%s for %s s" % (hoa, secs), why is None, why)
        return 1 if mip6lab.failures else 0
    for g in args.groups:
        {"1": group1, "2": group2, "3": group3, "4": group4, "5": group5}[g]()
    return 1 if mip6lab.failures else 0


if __name__ == "__main__":
    sys.exit(main())
