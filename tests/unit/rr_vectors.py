#!/usr/bin/env python3
"""Independent computation of the return routability values of RFC 6275 5.2.5 and 5.2.6
with Python's hashlib and hmac, to check src/proto/rr_crypto.c against.

Usage: rr_vectors.py KCN HOME_NONCE CAREOF_NONCE HOA COA CN MH [more groups of 7 ...]
KCN, the nonces and MH in hex; addresses in IPv6 text form; MH is the Mobility Header up to,
not including, the authenticator. For each group prints one line:
home_token careof_token kbm kbm_dereg auth auth_dereg
(the de-registration values use Kbm = SHA1(home token) and the home address as care-of
address, RFC 6275 5.2.5 and 5.2.6)."""
import hashlib
import hmac
import ipaddress
import sys


def first(bits, data):
    return data[: bits // 8]


def token(kcn, addr, nonce, which):
    # RFC 6275 5.2.5: First(64, HMAC_SHA1(Kcn, (address | nonce | 0 or 1)))
    return first(64, hmac.new(kcn, addr + nonce + bytes([which]), hashlib.sha1).digest())


def authenticator(kbm, coa, cn, mh):
    # RFC 6275 5.2.6: First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data)),
    # computed as if the MH checksum (octets 4 and 5) were zero
    mh = mh[:4] + b"\0\0" + mh[6:]
    return first(96, hmac.new(kbm, coa + cn + mh, hashlib.sha1).digest())


def main(args):
    if not args or len(args) % 7:
        sys.stderr.write(__doc__)
        return 2
    for i in range(0, len(args), 7):
        kcn, hn, cnn = (bytes.fromhex(x) for x in args[i:i + 3])
        hoa, coa, cn = (ipaddress.IPv6Address(x).packed for x in args[i + 3:i + 6])
        mh = bytes.fromhex(args[i + 6])
        ht = token(kcn, hoa, hn, 0)
        ct = token(kcn, coa, cnn, 1)
        kbm = hashlib.sha1(ht + ct).digest()
        kbm_d = hashlib.sha1(ht).digest()
        auth = authenticator(kbm, coa, cn, mh)
        auth_d = authenticator(kbm_d, hoa, cn, mh)
        print(" ".join(x.hex() for x in (ht, ct, kbm, kbm_d, auth, auth_d)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
