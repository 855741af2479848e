#!/usr/bin/python3
# dhaad_conformance.py - other home agents of the home link and a mobile node, written with
# Scapy's own ICMPv6 classes, drive mip6d's home agent through the IPv6 Ready HA conformance
# cases of groups 7 (Dynamic Home Agent Address Discovery, the Home Agents List) and 8 (Mobile
# Prefix Discovery), and check every answer.
#
# It runs in a tester namespace with eth0 on a foreign link (the mobile node at its care-of
# address) and eth1 on the home link (where it plays home agents HA0, HA1, ... sending Router
# Advertisements with the H bit).  The home agent under test (the RUT) has preference --pref.
# One line per case on stdout: "ok CASE description" or "FAIL CASE description: reason".

import argparse
import ipaddress
import os
import struct
import sys
import time

from scapy.config import conf
from scapy.layers.inet6 import (ICMPv6HAADReply, ICMPv6HAADRequest, ICMPv6MPAdv, ICMPv6MPSol,
                                ICMPv6ND_RA, ICMPv6NDOptHAInfo, ICMPv6NDOptPrefixInfo,
                                ICMPv6NDOptSrcLLAddr, IPv6, IPv6ExtHdrRouting, MIP6MH_BA,
                                MIP6MH_BU)
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.sendrecv import sendp

conf.verb = 0
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6lab import (IPPROTO_MH, exchange, hao_hdr, mh_checksum, pseudo_checksum,  # noqa: E402
                     report)

args = None
_id = [100]


def next_id():
    _id[0] += 1
    return _id[0]


def anycast(prefix):
    """RFC 2526: the Mobile IPv6 Home-Agents anycast address of a /64 home prefix."""
    net = ipaddress.IPv6Network(prefix + "/64")
    return str(net.network_address + 0xfdfffffffffffffe)


# --- the other home agents of the home link ---------------------------------------------------

def ha_ll(n):
    return "fe80::a:%x" % n


def ha_mac(n):
    return "02:00:00:00:a%x:%02x" % (n // 256, n % 256)


def ha_global(n, k=0):
    return "2001:db8:%x::a:%x" % (1 + 4 * k, n)


def send_ra(n, h=1, rl=1800, opt=True, pref=0, lt=1800, r=True, naddr=1):
    """A Router Advertisement of home agent n on the home link."""
    ra = ICMPv6ND_RA(H=h, routerlifetime=rl) / ICMPv6NDOptSrcLLAddr(lladdr=ha_mac(n))
    if opt:
        ra = ra / ICMPv6NDOptHAInfo(pref=pref & 0xffff, lifetime=lt)
    for k in range(naddr):
        # RFC 6275 7.2: the R bit, the prefix field holding the router's global address;
        # not autonomous, so the tester's own address stays what it is
        ra = ra / ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=0, R=1 if r else 0,
                                        validlifetime=3600, preferredlifetime=1800,
                                        prefix=ha_global(n, k))
    return Ether(src=ha_mac(n), dst="33:33:00:00:00:01") / \
        IPv6(src=ha_ll(n), dst="ff02::1", hlim=255) / ra


def announce(*ras):
    sendp(list(ras), iface=args.home_iface)
    time.sleep(0.3)		# the RUT reads them in one loop turn; no answer to await


def forget(*ns):
    """Home agents n... leave (lifetime 0), so the next case starts from the RUT alone."""
    announce(*[send_ra(n, lt=0) for n in ns])


# --- DHAAD ------------------------------------------------------------------------------------

def dhaad(R=0, res=0, timeout=3.0):
    """One DHAAD Request from the care-of address; the Reply, or None."""
    i = next_id()
    req = Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=args.coa, dst=anycast(args.prefix)) / ICMPv6HAADRequest(id=i, R=R, res=res)
    return exchange(req, args.iface, timeout,
                    lambda p: ICMPv6HAADReply in p and p[ICMPv6HAADReply].id == i)


def reply_problem(p, want=None):
    """None when p is a well-formed Reply (with exactly the addresses want, in order)."""
    if p is None:
        return "no DHAAD Reply"
    if p[IPv6].src != args.ha or p[IPv6].dst != args.coa:
        return "Reply from %s to %s" % (p[IPv6].src, p[IPv6].dst)
    got = list(p[ICMPv6HAADReply].addresses)
    if want is not None and got != want:
        return "addresses %s, expected %s" % (got, want)
    return None


def order_case(case, desc, ras, want):
    announce(*ras)
    p = dhaad()
    why = reply_problem(p, want)
    report(case, desc, why is None, why)


def group7():
    rut = args.ha
    p = dhaad()
    why = reply_problem(p, [rut])
    report("HA_7_1_1", "DHAAD Request to the Home-Agents anycast address: Reply listing the RUT",
           why is None, why)
    p = dhaad(R=1)
    why = reply_problem(p, [rut])
    if why is None and p[ICMPv6HAADReply].R != 1:
        why = "R flag not echoed for a mobile router"
    report("HA_7_1_2", "DHAAD Request with the Mobile Router flag: Reply with R", why is None, why)
    for case, R in (("HA_7_1_3", 0), ("HA_7_1_4", 1)):
        why = reply_problem(dhaad(R=R, res=0x1234 & 0x3fff), [rut])
        report(case, "non-zero reserved field (R=%d): answered all the same" % R,
               why is None, why)

    P = args.pref
    ha0, ha1 = ha_global(0), ha_global(1)
    order_case("HA_7_2_1", "RA with the option, preference 0: below the RUT",
               [send_ra(0, pref=0)], [rut, ha0] if P > 0 else None)
    order_case("HA_7_2_2", "RA with the option, preference 0xffff (-1): below the RUT",
               [send_ra(0, pref=-1)], [rut, ha0] if P > -1 else None)
    forget(0)
    cases = (("HA_7_2_3", "RUT > HA0 > HA1", P - 5, P - 10, [rut, ha0, ha1]),
             ("HA_7_2_4", "RUT > HA1 > HA0", P - 10, P - 5, [rut, ha1, ha0]),
             ("HA_7_2_5", "HA0 > RUT > HA1", P + 5, P - 5, [ha0, rut, ha1]),
             ("HA_7_2_6", "HA1 > RUT > HA0", P - 5, P + 5, [ha1, rut, ha0]),
             ("HA_7_2_7", "HA0 > HA1 > RUT", P + 10, P + 5, [ha0, ha1, rut]),
             ("HA_7_2_8", "HA1 > HA0 > RUT", P + 5, P + 10, [ha1, ha0, rut]))
    for case, desc, p0, p1, want in cases:
        order_case(case, "preferences %s: Reply in that order" % desc,
                   [send_ra(0, pref=p0), send_ra(1, pref=p1)], want)
        forget(0, 1)
    order_case("HA_7_2_9", "RA without the option: preference 0, below the RUT",
               [send_ra(0, opt=False)], [rut, ha0] if P > 0 else None)
    forget(0)

    # lifetimes: the option's, else the router lifetime; expiry removes the entry
    announce(send_ra(0, pref=P + 1, lt=2))
    why = reply_problem(dhaad(), [ha0, rut])
    time.sleep(2.5)
    why = why or reply_problem(dhaad(), [rut])
    report("HA_7_2_10", "option lifetime 2 s: listed, then gone when it expired", why is None, why)
    announce(send_ra(0, opt=False, rl=2))
    why = reply_problem(dhaad(), [rut, ha0] if P > 0 else None)
    time.sleep(2.5)
    why = why or reply_problem(dhaad(), [rut])
    report("HA_7_2_11", "no option, router lifetime 2 s: listed, then gone", why is None, why)

    announce(send_ra(0, pref=P - 5))
    why = reply_problem(dhaad(), [rut, ha0])
    announce(send_ra(0, pref=P + 5))
    why = why or reply_problem(dhaad(), [ha0, rut])
    report("HA_7_2_12", "a new preference reorders the Reply", why is None, why)
    announce(send_ra(0, pref=P + 5, lt=2))
    announce(send_ra(0, pref=P + 5, lt=100))
    time.sleep(2.5)
    why = reply_problem(dhaad(), [ha0, rut])
    report("HA_7_2_13", "a new lifetime (2 s, then 100 s) keeps it listed", why is None, why)
    forget(0)

    # equal preferences: both above the RUT, in random order between themselves
    announce(send_ra(0, pref=P + 5), send_ra(1, pref=P + 5))
    seen, why = set(), None
    for _ in range(16):
        p = dhaad()
        why = reply_problem(p)
        if why:
            break
        got = list(p[ICMPv6HAADReply].addresses)
        if sorted(got[:2]) != sorted([ha0, ha1]) or got[2:] != [rut]:
            why = "addresses %s" % got
            break
        seen.add(tuple(got[:2]))
        if len(seen) == 2:
            break
    if why is None and len(seen) != 2:
        why = "always the same order among equals: %s" % seen
    report("HA_7_2_14", "HA0 = HA1 > RUT: both first, shuffled", why is None, why)
    forget(0, 1)

    order_case("HA_7_2_15", "a home agent with two global addresses: both listed",
               [send_ra(0, pref=P + 5, naddr=2)], [ha0, ha_global(0, 1), rut])
    forget(0)

    announce(send_ra(0, pref=P + 5))
    announce(send_ra(0, pref=P + 5, lt=0))
    why = reply_problem(dhaad(), [rut])
    report("HA_7_3_1", "RA with the option's lifetime 0: removed", why is None, why)
    announce(send_ra(0, opt=False))
    announce(send_ra(0, opt=False, rl=0))
    why = reply_problem(dhaad(), [rut])
    report("HA_7_3_2", "RA without the option, router lifetime 0: removed", why is None, why)
    announce(send_ra(0, pref=P + 5))
    announce(send_ra(0, h=0, pref=P + 5))
    why = reply_problem(dhaad(), [rut])
    announce(send_ra(1, h=0, pref=P + 5))
    why = why or reply_problem(dhaad(), [rut])
    report("HA_7_4_1", "RA with H=0: not a home agent (removed, never added)", why is None, why)
    announce(send_ra(0, pref=P + 5, r=False))
    why = reply_problem(dhaad(), [rut])
    report("HA_7_4_2", "Prefix Information without the R bit: no address to list",
           why is None, why)
    forget(0)

    # many home agents: the Reply fits the minimum IPv6 MTU (RFC 6275 10.5)
    n = 50
    sendp([send_ra(k, pref=P + 1, naddr=2) for k in range(n)], iface=args.home_iface)
    time.sleep(1.0)
    p = dhaad()
    why = reply_problem(p)
    if why is None:
        got = list(p[ICMPv6HAADReply].addresses)
        size = len(p[IPv6])
        if size > 1280:
            why = "Reply of %d octets" % size
        elif len(got) < 70:
            why = "only %d addresses for %d home agents" % (len(got), n)
    report("HA_7_5_1", "%d home agents with 2 addresses each: the Reply fits 1280 octets" % n,
           why is None, why)
    sendp([send_ra(k, lt=0) for k in range(n)], iface=args.home_iface)
    time.sleep(0.5)


# --- Mobile Prefix Discovery ------------------------------------------------------------------

def register(hoa, lifetime_s):
    mh = MIP6MH_BU(nh=59, seq=7, flags="AH", mhtime=lifetime_s // 4, cksum=0)
    raw = bytearray(bytes(mh))
    raw[4:6] = struct.pack("!H", mh_checksum(hoa, args.ha, bytes(raw)))
    pkt = Ether(src=args.mac, dst=args.router_mac) / \
        IPv6(src=args.coa, dst=args.ha, nh=60) / hao_hdr(hoa) / Raw(bytes(raw))
    p = exchange(pkt, args.iface, 4.0, lambda p: MIP6MH_BA in p)
    if p is None or p[MIP6MH_BA].status != 0:
        return "no BA status 0 (%s)" % (p.summary() if p else "silence")
    return None


def mps(hoa, res=0, with_hao=True, timeout=2.0):
    """A Mobile Prefix Solicitation from hoa (from the care-of address with a Home Address
    option, or from the home link without); the Advertisement, or None."""
    i = next_id()
    sol = bytearray(bytes(ICMPv6MPSol(id=i, res=res, cksum=0)))
    # the checksum over the home address (RFC 6275 6.3), computed here, not by Scapy
    sol[2:4] = struct.pack("!H", pseudo_checksum(hoa, args.ha, 58, bytes(sol)))
    if with_hao:
        pkt = Ether(src=args.mac, dst=args.router_mac) / \
            IPv6(src=args.coa, dst=args.ha, nh=60) / hao_hdr(hoa, nxt=58) / Raw(bytes(sol))
        iface = args.iface
    else:
        pkt = Ether(src=args.home_mac, dst=args.ha_mac) / \
            IPv6(src=hoa, dst=args.ha, nh=58) / Raw(bytes(sol))
        iface = args.home_iface
    return exchange(pkt, iface, timeout,
                    lambda p: ICMPv6MPAdv in p and p[ICMPv6MPAdv].id == i)


def mpa_problem(p, hoa, max_valid):
    if p is None:
        return "no Mobile Prefix Advertisement"
    if p[IPv6].src != args.ha:
        return "MPA from %s" % p[IPv6].src
    if IPv6ExtHdrRouting not in p or p[IPv6ExtHdrRouting].type != 2 or \
            p[IPv6].dst != args.coa or list(p[IPv6ExtHdrRouting].addresses) != [hoa]:
        return "MPA to %s without a type 2 routing header for %s" % (p[IPv6].dst, hoa)
    pis = [o for o in p[ICMPv6MPAdv].iterpayloads() if isinstance(o, ICMPv6NDOptPrefixInfo)]
    if not any(o.prefix == args.prefix and o.prefixlen == 64 for o in pis):
        return "no Prefix Information for %s/64" % args.prefix
    for o in pis:
        if o.validlifetime > max_valid or o.preferredlifetime > o.validlifetime:
            return "prefix %s lifetimes %d/%d above the binding's %d s" % (
                o.prefix, o.validlifetime, o.preferredlifetime, max_valid)
    return None


def group8():
    short, long_ = "2001:db8:1::8:1", "2001:db8:1::8:2"
    why = register(short, 100) or register(long_, 400)
    report("MPD setup:", "two mobile nodes registered (100 s and 400 s)", why is None, why)
    why = mpa_problem(mps(short), short, 100)
    report("HA_8_1_1", "MPS from a registered mobile node: MPA through RT2", why is None, why)
    why = mpa_problem(mps(long_), long_, min(400, args.prefix_lifetime))
    report("HA_8_1_2", "MPS from another registered mobile node: MPA", why is None, why)
    p = mps("2001:db8:1::8:3")
    report("HA_8_1_3", "MPS with a Home Address option, no home registration: no MPA",
           p is None, "an MPA came" if p else "")
    p = mps("2001:db8:1::8:4", with_hao=False)
    report("HA_8_1_4", "MPS from the home link, no home registration: no MPA", p is None,
           "an MPA came" if p else "")
    why = mpa_problem(mps(short), short, 100)
    report("HA_8_1_7", "binding lifetime (100 s) below the prefix lifetime (%d s): MPA "
           "lifetimes no longer than the binding's" % args.prefix_lifetime, why is None, why)
    why = mpa_problem(mps(long_), long_, min(400, args.prefix_lifetime))
    report("HA_8_1_8", "binding lifetime (400 s) above the prefix lifetime (%d s): the "
           "prefix's" % args.prefix_lifetime, why is None, why)
    why = mpa_problem(mps(short, res=0xbeef), short, 100)
    report("HA_8_1_15", "MPS with a non-zero reserved field: MPA all the same", why is None, why)
    why = mpa_problem(mps(long_, res=0x1), long_, min(400, args.prefix_lifetime))
    report("HA_8_1_16", "MPS with reserved = 1: MPA all the same", why is None, why)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--router-mac", required=True)
    ap.add_argument("--home-iface", required=True)
    ap.add_argument("--home-mac", required=True)
    ap.add_argument("--ha", required=True)
    ap.add_argument("--ha-mac", required=True)
    ap.add_argument("--prefix", default="2001:db8:1::")
    ap.add_argument("--pref", type=int, default=10)
    ap.add_argument("--prefix-lifetime", type=int, default=300)
    ap.add_argument("--groups", default="7,8")
    args = ap.parse_args()
    groups = args.groups.split(",")
    if "7" in groups:
        group7()
    if "8" in groups:
        group8()


if __name__ == "__main__":
    main()
