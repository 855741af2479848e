# mip6lab.py - what the lab's Scapy peers share: checksums computed here (independently of
# mip6d's codec), the Home Address option on its alignment, send-and-catch, and case reports.

import json
import struct
import subprocess
import threading

from scapy.layers.inet6 import HAO, IPv6ExtHdrDestOpt, PadN
from scapy.sendrecv import AsyncSniffer, sendp
from scapy.utils import inet_pton

IPPROTO_MH = 135
failures = 0


def cksum(data):
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def pseudo_checksum(src, dst, nxt, data):
    """Checksum over an IPv6 pseudo-header and data (RFC 8200 8.1); 0 when data is right."""
    ph = inet_pton(10, src) + inet_pton(10, dst) + struct.pack("!I", len(data)) + \
        b"\0\0\0" + bytes([nxt])
    return cksum(ph + data)


def mh_checksum(src, dst, mh):
    """RFC 6275 6.1.1: the pseudo-header carries the home address and the final destination."""
    return pseudo_checksum(src, dst, IPPROTO_MH, mh)


def with_mh_checksum(mh, src, dst, bad=False):
    raw = bytearray(mh)
    raw[4:6] = b"\0\0"
    c = mh_checksum(src, dst, bytes(raw))
    raw[4:6] = struct.pack("!H", c ^ (0x5A5A if bad else 0))
    return bytes(raw)


def hao_hdr(hoa, nxt=IPPROTO_MH):
    """A destination options header with the Home Address option at 8n+6 (RFC 6275 6.3)."""
    return IPv6ExtHdrDestOpt(nh=nxt, autopad=0, options=[PadN(optdata=b"\0\0"), HAO(hoa=hoa)])


def bindings(ctl, sock):
    """The daemon's binding cache (mip6d-ctl --json bc) by home address; {} when unreadable."""
    out = subprocess.run([ctl, "-s", sock, "--json", "bc"], capture_output=True, text=True,
                         timeout=5)
    try:
        return {b["home-address"]: b for b in json.loads(out.stdout).get("bindings", [])}
    except (ValueError, AttributeError):
        return {}


def report(case, desc, ok, why=""):
    """One line per case: 'ok CASE desc' or 'FAIL CASE desc: why'."""
    global failures
    if ok:
        print("ok %s %s" % (case, desc), flush=True)
    else:
        failures += 1
        print("FAIL %s %s: %s" % (case, desc, why), flush=True)


def exchange(pkt, iface, timeout, want):
    """Send pkt on iface; return the first packet want() accepts within timeout, or None."""
    ready = threading.Event()
    sn = AsyncSniffer(iface=iface, store=True, lfilter=want, count=1, timeout=timeout,
                      started_callback=ready.set)
    sn.start()
    ready.wait(3)
    sendp(pkt, iface=iface)
    sn.join(timeout + 1)
    res = sn.results if sn.results is not None else []
    return res[0] if res else None


def expect_silence(p):
    return None if p is None else "expected silence, got %s" % p.summary()
