#!/usr/bin/python3
"""mpa_send.py - one unsolicited Mobile Prefix Advertisement as a home agent sends it (RFC 6275
6.8, 10.6.2): from the home agent's address to the care-of address, a type 2 routing header
naming the home address, one Prefix Information option per --prefix PREFIX/LEN:VALID.  Built by
Scapy, independently of mip6d; the prefix-discovery scenario uses it to withdraw a home prefix
(valid lifetime 0), which the home agent's own configuration cannot do while its address is
in that prefix."""
import argparse
import random
import sys

from scapy.arch import get_if_hwaddr
from scapy.config import conf
from scapy.layers.inet6 import ICMPv6MPAdv, ICMPv6NDOptPrefixInfo, IPv6, IPv6ExtHdrRouting
from scapy.layers.l2 import Ether
from scapy.sendrecv import sendp

conf.verb = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ha", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--hoa", required=True)
    ap.add_argument("--prefix", action="append", required=True, help="PREFIX/LEN:VALID")
    # Scapy's own neighbour resolution fails in the lab: the frame goes to the router's MAC
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--router-mac", required=True)
    a = ap.parse_args()
    pkt = ICMPv6MPAdv(id=random.randrange(65536), flags=0)
    for spec in a.prefix:
        net, _, rest = spec.rpartition("/")
        plen, _, valid = rest.partition(":")
        v = int(valid)
        pkt = pkt / ICMPv6NDOptPrefixInfo(prefixlen=int(plen), prefix=net, L=0, A=1,
                                          validlifetime=v, preferredlifetime=v)
    # the checksum covers the home address, the routing header's final destination
    p = IPv6(src=a.ha, dst=a.coa) / IPv6ExtHdrRouting(type=2, segleft=1,
                                                      addresses=[a.hoa]) / pkt
    # an ioctl, not /sys: the lab's namespaces share the lab kernel's sysfs
    sendp(Ether(src=get_if_hwaddr(a.iface), dst=a.router_mac) / p, iface=a.iface)
    print("sent: " + p.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
