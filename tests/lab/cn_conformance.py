#!/usr/bin/python3
# cn_conformance.py - a Mobile Node written with Scapy's own Mobile IPv6 classes runs return
# routability and Binding Updates against mip6d's Correspondent Node through the cases of the
# IPv6 Ready CN suite, with its own HMAC computation (Python hashlib/hmac): Kbm, the BU's
# authenticator, and the check of the BA's authenticator.
#
# The tester has eth0 on a foreign link (its care-of address) and eth1 on the home link, where
# it holds its home addresses itself (so HoTI/HoT take the home address path without a home
# agent).  One line per case: "ok CASE description" or "FAIL CASE description: reason".

import argparse
import hashlib
import hmac
import os
import struct
import sys

from scapy.config import conf
from scapy.layers.inet6 import (ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ParamProblem, IPv6,
                                IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU,
                                MIP6MH_CoT, MIP6MH_CoTI, MIP6MH_HoT, MIP6MH_HoTI,
                                MIP6OptAltCoA, MIP6OptBindingAuthData, MIP6OptNonceIndices)
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import inet_pton

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6lab import (IPPROTO_MH, exchange, expect_silence, hao_hdr, mh_checksum,  # noqa: E402
                     pseudo_checksum, report, with_mh_checksum)
import mip6lab  # noqa: E402
F_A, F_H = 0x8000, 0x4000
args = None












def from_cn(p):
    return IPv6 in p and p[IPv6].src == args.cn




# --- return routability -------------------------------------------------------------------------

def hoti(hoa, cookie=b"homecook", hao=False, tweak=None):
    mh = bytearray(bytes(MIP6MH_HoTI(nh=59, cookie=cookie, cksum=0)))
    if tweak:
        tweak(mh)
    mh = with_mh_checksum(bytes(mh), hoa, args.cn, bad=tweak == "bad")
    ip = IPv6(src=hoa, dst=args.cn)
    if hao:
        pkt = ip / hao_hdr(hoa) / Raw(mh)
        ip.nh = 60
    else:
        ip.nh = IPPROTO_MH
        pkt = ip / Raw(mh)
    return exchange(Ether(src=args.home_mac, dst=args.home_router_mac) / pkt, args.home_iface,
                    2.0, lambda p: from_cn(p) and (MIP6MH_HoT in p or ICMPv6ParamProblem in p))


def coti(coa, cookie=b"careofck", tweak=None, hao=None):
    mh = bytearray(bytes(MIP6MH_CoTI(nh=59, cookie=cookie, cksum=0)))
    if tweak:
        tweak(mh)
    mh = with_mh_checksum(bytes(mh), hao or coa, args.cn)
    if hao:
        pkt = IPv6(src=coa, dst=args.cn, nh=60) / hao_hdr(hao) / Raw(mh)
    else:
        pkt = IPv6(src=coa, dst=args.cn, nh=IPPROTO_MH) / Raw(mh)
    return exchange(Ether(src=args.mac, dst=args.router_mac) / pkt, args.iface, 2.0,
                    lambda p: from_cn(p) and (MIP6MH_CoT in p or ICMPv6ParamProblem in p))


class Tokens:
    def __init__(self, hoa, coa):
        self.hoa, self.coa = hoa, coa
        h = hoti(hoa)
        c = coti(coa)
        self.ok = h is not None and MIP6MH_HoT in h and c is not None and MIP6MH_CoT in c
        if self.ok:
            self.hni, self.htok = h[MIP6MH_HoT].index, bytes(h[MIP6MH_HoT].token)
            self.cni, self.ctok = c[MIP6MH_CoT].index, bytes(c[MIP6MH_CoT].token)
            self.hcookie, self.ccookie = bytes(h[MIP6MH_HoT].cookie), bytes(c[MIP6MH_CoT].cookie)

    def kbm(self, dereg=False):
        # RFC 6275 5.2.5: SHA1(home token | care-of token), the home token alone to de-register
        return hashlib.sha1(self.htok + (b"" if dereg else self.ctok)).digest()


def bu_mh(seq, flags, lifetime, hni, cni, kbm, coa, hoa, altcoa=None, nonce=True,
          auth=True, corrupt_auth=False, reserved=0, mh_reserved=0):
    opts = []
    if altcoa:
        opts.append(MIP6OptAltCoA(acoa=altcoa))
    if nonce:
        opts.append(MIP6OptNonceIndices(olen=4, hni=hni, coni=cni))
    raw = bytearray(bytes(MIP6MH_BU(nh=59, seq=seq, flags=0, reserved=0, mhtime=lifetime,
                                    cksum=0, autopad=0, options=[])))
    raw[8:10] = struct.pack("!H", flags | reserved)
    raw[3] = mh_reserved
    body = b""
    # lay the options out on their alignments by hand (RFC 6275 6.2)
    off = len(raw)
    for o in opts:
        ob = bytes(o)
        if isinstance(o, MIP6OptAltCoA):
            pad = (6 - off) % 8
        else:
            pad = (-off) % 2
        body += padding(pad) + ob
        off += pad + len(ob)
    if auth:
        pad = (2 - off) % 8
        body += padding(pad)
        off += pad
        bad = bytes(MIP6OptBindingAuthData(olen=12, authenticator=0))
        body += bad[:2]
        off += 2
    else:
        pad = (-off) % 8
        body += padding(pad)
        off += pad
    mh = bytearray(raw + body)
    if auth:
        mh += b"\0" * 12
    mh[1] = len(mh) // 8 - 1
    if auth:
        data = bytes(mh[:-12])
        data = data[:4] + b"\0\0" + data[6:]
        a = hmac.new(kbm, inet_pton(10, coa) + inet_pton(10, args.cn) + data,
                     hashlib.sha1).digest()[:12]
        if corrupt_auth:
            a = bytes([a[0] ^ 1]) + a[1:]
        mh[-12:] = a
    return with_mh_checksum(bytes(mh), hoa, args.cn)


def padding(n):
    if n == 0:
        return b""
    if n == 1:
        return b"\0"
    return bytes([1, n - 2]) + b"\0" * (n - 2)


def send_bu_mh(mh, hoa, coa, src=None, hao=True, timeout=2.5):
    src = src or coa
    if hao:
        pkt = IPv6(src=src, dst=args.cn, nh=60) / hao_hdr(hoa) / Raw(mh)
    else:
        pkt = IPv6(src=src, dst=args.cn, nh=IPPROTO_MH) / Raw(mh)
    return exchange(Ether(src=args.mac, dst=args.router_mac) / pkt, args.iface, timeout,
                    lambda p: from_cn(p) and (MIP6MH_BA in p or MIP6MH_BE in p or
                                              ICMPv6ParamProblem in p))


def home_bu(mh, hoa, hao=False, timeout=2.5):
    """A BU from the home link: its source is the home address (care-of = home address)."""
    ip = IPv6(src=hoa, dst=args.cn)
    if hao:
        ip.nh = 60
        pkt = ip / hao_hdr(hoa) / Raw(mh)
    else:
        ip.nh = IPPROTO_MH
        pkt = ip / Raw(mh)
    return exchange(Ether(src=args.home_mac, dst=args.home_router_mac) / pkt, args.home_iface,
                    timeout, lambda p: from_cn(p) and (MIP6MH_BA in p or MIP6MH_BE in p or
                                                       ICMPv6ParamProblem in p))


def echo_with_hao(t, ident, cksum_src=None):
    """An echo request from t's care-of address with its home address in a HAO; the ICMPv6
    checksum over the pseudo-header of cksum_src (the home address unless told)."""
    req = Ether(src=args.mac, dst=args.router_mac) / IPv6(src=t.coa, dst=args.cn, nh=60) / \
        hao_hdr(t.hoa, 58) / ICMPv6EchoRequest(id=ident, seq=1, data=b"ro")
    raw = bytearray(bytes(req))
    icmp_off = 14 + 40 + 24
    raw[icmp_off + 2:icmp_off + 4] = b"\0\0"
    raw[icmp_off + 2:icmp_off + 4] = struct.pack(
        "!H", pseudo_checksum(cksum_src or t.hoa, args.cn, 58, bytes(raw[icmp_off:])))
    return exchange(Ether(bytes(raw)), args.iface, 2.0,
                    lambda p: from_cn(p) and ICMPv6EchoReply in p and
                    p[ICMPv6EchoReply].id == ident)


def ba_problem(p, t, seq=None, status=0, dereg=False, authed=True, coa=None):
    coa = coa or t.coa
    if p is None:
        return "no answer"
    if MIP6MH_BA not in p:
        return "answer is %s" % p.summary()
    ba = p[MIP6MH_BA]
    if ba.status != status:
        return "BA status %d, expected %d" % (ba.status, status)
    if seq is not None and ba.seq != seq:
        return "BA sequence %d, expected %d" % (ba.seq, seq)
    raw = bytes(ba)
    final = p[IPv6].dst
    if IPv6ExtHdrRouting in p:
        final = p[IPv6ExtHdrRouting].addresses[0]
    if mh_checksum(p[IPv6].src, final, raw) != 0:
        return "BA checksum wrong"
    if authed:
        # the BA's authenticator: same formula, Kbm of the BU (RFC 6275 9.5.4)
        if len(raw) < 12 + 14 or raw[-14] != 5:
            return "BA without Binding Authorization Data as its last option"
        data = raw[:-12]
        data = data[:4] + b"\0\0" + data[6:]
        want = hmac.new(t.kbm(dereg), inet_pton(10, coa) + inet_pton(10, args.cn) + data,
                        hashlib.sha1).digest()[:12]
        if raw[-12:] != want:
            return "BA authenticator does not verify with Kbm"
    return None


def bindings():
    return mip6lab.bindings(args.ctl, args.sock)


def register(t, seq, lifetime=100, flags=F_A, **kw):
    mh = bu_mh(seq, flags, lifetime, t.hni, t.cni, t.kbm(lifetime == 0), t.coa, t.hoa, **kw)
    return send_bu_mh(mh, t.hoa, t.coa)


_next = [0]


def fresh():
    _next[0] += 1
    if _next[0] > len(args.hoas):
        raise SystemExit("out of home addresses")
    return Tokens(args.hoas[_next[0] - 1], args.coa)




def run():
    t = fresh()
    report("CN-1-1", "return routability: HoT and CoT with the cookies and tokens", t.ok and
           t.hcookie == b"homecook" and t.ccookie == b"careofck",
           "no HoT/CoT" if not t.ok else "cookies differ")
    why = ba_problem(register(t, 100), t, seq=100)
    report("CN-1-2", "registration: BU accepted, BA authenticated with Kbm", why is None, why)
    b = bindings().get(t.hoa)
    report("CN-1-2", "binding cache shows the binding", b is not None and
           b.get("care-of-address") == t.coa, "bc: %s" % b)
    # CN-1-3: route optimization: an echo request with a HAO, the reply with RT2
    req = Ether(src=args.mac, dst=args.router_mac) / IPv6(src=t.coa, dst=args.cn, nh=60) / \
        hao_hdr(t.hoa, 58) / ICMPv6EchoRequest(id=7, seq=1, data=b"ro")
    # Scapy puts the home address into the pseudo-header only for a lone HAO: fix it by hand
    raw = bytearray(bytes(req))
    icmp_off = 14 + 40 + 24
    raw[icmp_off + 2:icmp_off + 4] = b"\0\0"
    raw[icmp_off + 2:icmp_off + 4] = struct.pack(
        "!H", pseudo_checksum(t.hoa, args.cn, 58, bytes(raw[icmp_off:])))
    p = exchange(Ether(bytes(raw)), args.iface, 2.0,
                 lambda p: from_cn(p) and ICMPv6EchoReply in p)
    why = None
    if p is None:
        why = "no echo reply"
    elif IPv6ExtHdrRouting not in p or p[IPv6ExtHdrRouting].type != 2 or \
            p[IPv6].dst != t.coa or list(p[IPv6ExtHdrRouting].addresses) != [t.hoa]:
        why = "reply %s not through RT2 to the care-of address" % p.summary()
    report("CN-1-3", "route optimization: HAO in, RT2 out", why is None, why)
    report("CN-6-2-2", "HAO packet matching the binding accepted", p is not None,
           "no reply")

    # --- MH processing: HoTI / CoTI
    h = args.hoas[-1]
    p = hoti(h, hao=True)
    report("CN-2-1-2", "HoTI with a Home Address option: silently discarded", p is None,
           expect_silence(p))

    def badlen(mh):
        mh[1] = 0

    def badproto(mh):
        mh[0] = 58

    def reserved(mh):
        mh[3] = 0xff
    for case, tw, exp in (("CN-2-1-3", badlen, "pp"), ("CN-2-1-5", badproto, "pp"),
                          ("CN-2-1-4", reserved, "hot")):
        p = hoti(h, tweak=tw)
        ok = p is not None and ((exp == "pp" and ICMPv6ParamProblem in p) or
                                (exp == "hot" and MIP6MH_HoT in p))
        report(case, "HoTI %s: %s" % (tw.__name__, "Parameter Problem" if exp == "pp" else
                                       "HoT all the same"), ok,
               "got %s" % (p.summary() if p else "silence"))
    for case, tw, exp in (("CN-2-2-3", badlen, "pp"), ("CN-2-2-5", badproto, "pp"),
                          ("CN-2-2-4", reserved, "cot")):
        p = coti(args.coa, tweak=tw)
        ok = p is not None and ((exp == "pp" and ICMPv6ParamProblem in p) or
                                (exp == "cot" and MIP6MH_CoT in p))
        report(case, "CoTI %s" % tw.__name__, ok,
               "got %s" % (p.summary() if p else "silence"))

    # --- BU validation
    t = fresh()
    mh = bytearray(bu_mh(1, F_A, 100, t.hni, t.cni, t.kbm(), t.coa, t.hoa))
    mh[4] ^= 0x11
    p = send_bu_mh(bytes(mh), t.hoa, t.coa)
    report("CN-2-3-6", "BU with a bad checksum: silently discarded", p is None,
           expect_silence(p))
    p = send_bu_mh(bu_mh(1, F_A, 100, t.hni, t.cni, t.kbm(), t.coa, t.hoa, nonce=False),
                   t.hoa, t.coa)
    report("CN-2-3-10-1", "BU without Nonce Indices: silently discarded", p is None,
           expect_silence(p))
    p = send_bu_mh(bu_mh(1, F_A, 100, t.hni, t.cni, t.kbm(), t.coa, t.hoa,
                         corrupt_auth=True), t.hoa, t.coa)
    report("CN-2-3-11", "BU with a wrong authenticator: silently discarded", p is None,
           expect_silence(p))
    why = ba_problem(register(t, 2, reserved=0x000f), t, seq=2)
    report("CN-2-3-9", "non-zero reserved bits after K: accepted", why is None, why)
    mh = bytes([59, 1, 50, 0, 0, 0] + [0] * 10)
    p = send_bu_mh(with_mh_checksum(mh, t.hoa, args.cn), t.hoa, t.coa)
    why = None
    if p is None or MIP6MH_BE not in p or p[MIP6MH_BE].status != 2:
        why = "got %s" % (p.summary() if p else "silence")
    report("CN-2-4-1", "unknown MH type: Binding Error status 2", why is None, why)
    p = send_bu_mh(bu_mh(3, F_A | F_H, 100, t.hni, t.cni, t.kbm(), t.coa, t.hoa), t.hoa, t.coa)
    why = ba_problem(p, t, status=139, authed=False)
    report("CN-5-3-2", "H set for an existing correspondent binding: 139", why is None, why)

    # --- Alternate care-of address
    # The care-of test runs from the alternate address, the BU comes from the usual one.
    _next[0] += 1
    alt = args.alt_coa
    t = Tokens(args.hoas[_next[0] - 1], alt)
    mh = bu_mh(5, F_A, 100, t.hni, t.cni, t.kbm(), alt, t.hoa, altcoa=alt)
    why = ba_problem(send_bu_mh(mh, t.hoa, args.coa), t, seq=5, coa=alt)
    b = bindings().get(t.hoa, {})
    if why is None and b.get("care-of-address") != alt:
        why = "binding care-of address %s, expected %s" % (b.get("care-of-address"), alt)
    report("CN-3-1-1", "Alternate Care-of Address different from the source", why is None, why)

    # --- Nonce indices no longer valid: indices the CN never issued
    for case, dh, dc, status in (("CN-4-2-1", 1000, 0, 136), ("CN-4-3-1", 0, 1000, 137),
                                 ("CN-4-8-1", 1000, 1000, 138)):
        t = fresh()
        mh = bu_mh(1, F_A, 100, (t.hni + dh) & 0xFFFF, (t.cni + dc) & 0xFFFF, t.kbm(), t.coa,
                   t.hoa)
        why = ba_problem(send_bu_mh(mh, t.hoa, t.coa), t, status=status, authed=False)
        report(case, "nonce index not valid: BA %d" % status, why is None, why)

    # --- Sequence numbers
    for case, first, second, ok in (("CN-5-1-1-1", 10000, 10001, True),
                                    ("CN-5-1-1-2", 10000, 42767, True),
                                    ("CN-5-1-1-3", 42768, 0, True),
                                    ("CN-5-1-1-4", 42768, 9999, True),
                                    ("CN-5-1-2-1", 10000, 9999, False),
                                    ("CN-5-1-2-2", 10000, 10000, False),
                                    ("CN-5-1-2-3", 10000, 42768, False),
                                    ("CN-5-1-2-4", 10000, 0, False)):
        t = fresh()
        why = ba_problem(register(t, first), t, seq=first)
        if why is None:
            p = register(t, second)
            why = ba_problem(p, t, seq=second) if ok else ba_problem(p, t, seq=first,
                                                                     status=135)
        report(case, "1st=%d, 2nd=%d: %s" % (first, second, "accepted" if ok else "135"),
               why is None, why)
    for case, seq in (("CN-5-1-3-1", 0), ("CN-5-1-3-2", 32768), ("CN-5-1-3-3", 65535)):
        t = fresh()
        why = ba_problem(register(t, seq), t, seq=seq)
        report(case, "no existing entry, # = %d: accepted" % seq, why is None, why)

    # --- Lifetimes (4-second units; MAX_RR_BINDING_LIFETIME 420 s = 105)
    for case, req, want in (("CN-5-2-2", 50, 50), ("CN-5-2-3", 200, 105)):
        t = fresh()
        p = register(t, 1, lifetime=req)
        why = ba_problem(p, t, seq=1)
        if why is None and p[MIP6MH_BA].mhtime != want:
            why = "granted %d units, expected %d" % (p[MIP6MH_BA].mhtime, want)
        report(case, "lifetime %d units: %d granted" % (req, want), why is None, why)

    # --- A bit clear
    t = fresh()
    p = register(t, 1, flags=0)
    report("CN-2-5-1", "A=0, accepted: no BA", p is None and t.hoa in bindings(),
           expect_silence(p) or "no binding")
    p = register(t, 1, flags=0)
    why = ba_problem(p, t, seq=1, status=135)
    report("CN-2-5-2", "A=0, sequence out of window: BA 135 all the same", why is None, why)

    # --- De-registration from the foreign link (lifetime 0)
    t = fresh()
    why = ba_problem(register(t, 1), t, seq=1)
    if why is None:
        why = ba_problem(register(t, 2, lifetime=0), t, seq=2, dereg=True)
    if why is None and t.hoa in bindings():
        why = "binding still there"
    report("CN-3-3-1", "de-registration with lifetime 0: binding removed", why is None, why)

    # --- Binding Error status 1: a HAO packet with no binding
    t = fresh()
    req = Ether(src=args.mac, dst=args.router_mac) / IPv6(src=t.coa, dst=args.cn, nh=60) / \
        hao_hdr(t.hoa, 58) / ICMPv6EchoRequest(id=9, seq=1)
    p = exchange(req, args.iface, 2.5, lambda p: from_cn(p) and MIP6MH_BE in p)
    why = None
    if p is None:
        why = "no Binding Error"
    elif p[MIP6MH_BE].status != 1 or p[MIP6MH_BE].ha != t.hoa or p[IPv6].dst != t.coa:
        why = "BE status %d for %s to %s" % (p[MIP6MH_BE].status, p[MIP6MH_BE].ha,
                                            p[IPv6].dst)
    report("CN-6-2-1", "HAO without a binding: Binding Error status 1", why is None, why)


def more():
    """The cases of the suite beyond the first pass: CoTI and BU fields, the alternate care-of
    address, de-registration from the home link, handover, nonce expiry on de-registration,
    several bindings, and the upper layer behind a Home Address option."""
    p = coti(args.coa, hao=args.hoas[-2])
    report("CN-2-2-2", "CoTI with a Home Address option: silently discarded (RFC 6275 9.4.2)",
           p is None, expect_silence(p))

    t = fresh()
    why = ba_problem(register(t, 7, mh_reserved=0xa5), t, seq=7)
    report("CN-2-3-4", "BU with the Mobility Header's reserved field set: accepted (ignored)",
           why is None, why)

    t = fresh()
    mh = bu_mh(3, F_A, 100, t.hni, t.cni, t.kbm(), t.coa, t.hoa, altcoa=t.coa)
    why = ba_problem(send_bu_mh(mh, t.hoa, t.coa), t, seq=3)
    b = bindings().get(t.hoa, {})
    if why is None and b.get("care-of-address") != t.coa:
        why = "binding care-of address %s, expected %s" % (b.get("care-of-address"), t.coa)
    report("CN-3-1-2", "Alternate Care-of Address equal to the source: accepted", why is None,
           why)

    # De-registration from the home link (RFC 6275 5.2.5, 9.5.1): care-of address = home
    # address, Kbm from the home keygen token alone, the BA straight to the home address.
    for case, hao, alt in (("CN-3-3-2-1", False, False), ("CN-3-3-2-3", True, False),
                           ("CN-3-3-2-5", False, True), ("CN-3-3-2-7", True, True)):
        t = fresh()
        why = ba_problem(register(t, 1), t, seq=1)
        if why is None:
            mh = bu_mh(2, F_A, 0, t.hni, t.cni, t.kbm(dereg=True), t.hoa, t.hoa,
                       altcoa=t.hoa if alt else None)
            why = ba_problem(home_bu(mh, t.hoa, hao=hao), t, seq=2, dereg=True, coa=t.hoa)
        if why is None and t.hoa in bindings():
            why = "binding still there"
        report(case, "de-registration from the home link%s%s: BA 0, binding removed" % (
            ", with a Home Address option" if hao else "",
            ", with an Alternate Care-of Address option" if alt else ""), why is None, why)

    # Handover: a new care-of test from another care-of address, the next BU from there
    t = fresh()
    why = ba_problem(register(t, 10), t, seq=10)
    if why is None:
        n = Tokens(t.hoa, args.alt_coa)
        why = None if n.ok else "no HoT/CoT for the new care-of address"
        if why is None:
            mh = bu_mh(11, F_A, 100, n.hni, n.cni, n.kbm(), n.coa, n.hoa)
            why = ba_problem(send_bu_mh(mh, n.hoa, n.coa), n, seq=11)
        b = bindings().get(t.hoa, {})
        if why is None and b.get("care-of-address") != args.alt_coa:
            why = "binding care-of address %s, expected %s" % (b.get("care-of-address"),
                                                               args.alt_coa)
    report("CN-3-4-1", "handover to another care-of address: the binding follows", why is None,
           why)

    # A de-registration from the foreign link with a home nonce index the CN never issued
    t = fresh()
    why = ba_problem(register(t, 1), t, seq=1)
    if why is None:
        mh = bu_mh(2, F_A, 0, (t.hni + 1000) & 0xFFFF, t.cni, t.kbm(dereg=True), t.coa, t.hoa)
        why = ba_problem(send_bu_mh(mh, t.hoa, t.coa), t, status=136, authed=False)
        if why is None and t.hoa not in bindings():
            why = "the binding went though the de-registration was refused"
    report("CN-4-2-2", "de-registration with an expired home nonce index: BA 136, binding kept",
           why is None, why)

    # Several mobile nodes behind one care-of address: one entry each
    t1, t2 = fresh(), fresh()
    why = ba_problem(register(t1, 1), t1, seq=1) or ba_problem(register(t2, 1), t2, seq=1)
    bc = bindings()
    if why is None and not (t1.hoa in bc and t2.hoa in bc):
        why = "binding cache %s" % sorted(bc)
    report("CN-5-4-3", "multiple binding cache entries (two home addresses, one care-of)",
           why is None, why)

    # The upper layer sees the home address: an echo checksummed over the care-of address is
    # dropped, over the home address answered (with a type 2 routing header)
    t = fresh()
    why = ba_problem(register(t, 1), t, seq=1)
    if why is None:
        p = echo_with_hao(t, 21, cksum_src=t.coa)
        why = None if p is None else "answered an echo whose checksum used the care-of address"
    if why is None:
        p = echo_with_hao(t, 22)
        why = None if p is not None and IPv6ExtHdrRouting in p else \
            "no reply through RT2 to the echo checksummed over the home address"
    report("CN-6-4-1", "echo checksum over the home address (not the care-of address)",
           why is None, why)

    # A Home Address option holding a multicast address: nothing answers it
    t = fresh()
    req = Ether(src=args.mac, dst=args.router_mac) / IPv6(src=t.coa, dst=args.cn, nh=60) / \
        hao_hdr("ff1e::1", 58) / ICMPv6EchoRequest(id=23, seq=1)
    p = exchange(req, args.iface, 2.0, lambda p: from_cn(p) and ICMPv6EchoReply in p)
    report("CN-6-3-2", "Home Address option with a multicast address: no echo reply", p is None,
           "answered %s" % (p.summary() if p else ""))


def main():
    global args
    ap = argparse.ArgumentParser()
    for a in ("iface", "mac", "coa", "router-mac", "home-iface", "home-mac",
              "home-router-mac", "cn", "ctl", "sock", "alt-coa"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--hoas", required=True, help="comma-separated home addresses on eth1")
    args = ap.parse_args()
    args.hoas = args.hoas.split(",")
    run()
    more()
    return 1 if mip6lab.failures else 0


if __name__ == "__main__":
    sys.exit(main())
