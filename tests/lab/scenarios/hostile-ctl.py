#!/usr/bin/python3
"""hostile-ctl.py SOCKET - malformed and hostile clients of mip6d's control socket.

Each case prints "ok NAME" or "FAIL NAME: REASON"; after every case a well-behaved client
must still get its status at once (the daemon is neither stuck nor dead).  The protocol is
that of mip6d-ctl(8): one JSON object per line both ways, 64 KiB per request, 64 clients,
5 s to send a whole request or read a whole answer (not re-armed by a byte).  Exit status 1 when any case failed.
"""
import json
import os
import socket
import sys
import time

SOCK = sys.argv[1]
MAX_REQUEST = 65536
MAX_CLIENTS = 64
failures = 0


def connect(timeout=3.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(SOCK)
    return s


def read_line(s, limit=1 << 20):
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
        if len(buf) > limit:
            break
    return buf


def answer(s):
    line = read_line(s)
    if not line.endswith(b"\n"):
        raise RuntimeError("no whole answer line (got %r)" % line[:80])
    return json.loads(line)


def status_ok():
    s = connect(2.0)
    try:
        s.sendall(b'{"command":"status"}\n')
        a = answer(s)
        if a.get("ok") is not True or "pid" not in a:
            raise RuntimeError("status answer %r" % a)
        return a["pid"]
    finally:
        s.close()


def settled_status():
    """Status within 2 s: closed connections may take the daemon a moment to count."""
    end = time.monotonic() + 2.0
    while True:
        try:
            return status_ok()
        except Exception:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


def case(name):
    def wrap(fn):
        global failures
        try:
            fn()
            settled_status()
            print("ok control: " + name, flush=True)
        except Exception as e:  # one line per case, whatever went wrong
            failures += 1
            print("FAIL control: %s: %s" % (name, str(e).replace("\n", " ")[:200]),
                  flush=True)
        return fn
    return wrap


def expect_error(s, req, fragment):
    s.sendall(req)
    a = answer(s)
    if a.get("ok") is not False or fragment not in a.get("error", ""):
        raise RuntimeError("answer to %r: %r" % (req[:40], a))


pid0 = status_ok()


@case("a client that connects and closes at once")
def _():
    for _ in range(20):
        connect().close()


@case("a client that sends half a request and closes")
def _():
    s = connect()
    s.sendall(b'{"command":"sta')
    s.close()


@case("binary garbage is answered with an error, the connection stays usable")
def _():
    s = connect()
    expect_error(s, os.urandom(200).replace(b"\n", b"x") + b"\n", "invalid JSON")
    s.sendall(b'{"command":"status"}\n')
    if answer(s).get("ok") is not True:
        raise RuntimeError("no status on the same connection after garbage")
    s.close()


@case("NUL bytes, single quotes, trailing data and commas are refused")
def _():
    s = connect()
    for req in (b'{"command":"status"}\x00\n', b"{'command':'status'}\n",
                b'{"command":"status"} {}\n', b'{"command":"status",}\n'):
        expect_error(s, req, "invalid JSON")
    s.close()


@case("JSON that is not a request is refused")
def _():
    s = connect()
    expect_error(s, b"[1,2,3]\n", "not a JSON object")
    expect_error(s, b'"status"\n', "not a JSON object")
    expect_error(s, b"{}\n", "missing command")
    expect_error(s, b'{"command":5}\n', "missing command")
    expect_error(s, b'{"command":"no-such-command"}\n', "unknown command")
    s.close()


@case("nesting 10000 levels deep is refused")
def _():
    s = connect()
    expect_error(s, b"[" * 10000 + b"]" * 10000 + b"\n", "invalid JSON")
    s.close()


@case("an oversized request is refused and the connection closed")
def _():
    s = connect()
    try:
        s.sendall(b"x" * (4 * MAX_REQUEST))
    except (BrokenPipeError, ConnectionResetError):
        pass
    a = answer(s)
    if a.get("ok") is not False or "too large" not in a.get("error", ""):
        raise RuntimeError("answer %r" % a)
    try:
        rest = s.recv(100)
    except ConnectionResetError:  # the rest of our request was unread when it closed
        rest = b""
    if rest:
        raise RuntimeError("connection still open after 'request too large'")
    s.close()


@case("an idle client does not hold up others")
def _():
    idle = connect()
    t = time.monotonic()
    status_ok()
    if time.monotonic() - t > 1.0:
        raise RuntimeError("status took %.1f s beside an idle client" % (time.monotonic() - t))
    idle.close()


@case("a client that never reads its answers does not hold up others")
def _():
    hog = connect()
    hog.setblocking(False)
    req = b'{"command":"status"}\n' * 2000
    sent = 0
    try:
        while sent < len(req):
            sent += hog.send(req[sent:])
    except BlockingIOError:
        pass
    t = time.monotonic()
    status_ok()
    if time.monotonic() - t > 1.0:
        raise RuntimeError("status took %.1f s beside a hog" % (time.monotonic() - t))
    hog.close()


@case("more clients than allowed are told so; the others still work")
def _():
    conns = []
    refused = 0
    try:
        for _ in range(MAX_CLIENTS + 8):
            conns.append(connect())
        time.sleep(0.3)
        for s in conns[MAX_CLIENTS - 2:]:
            s.settimeout(0.5)
            try:
                data = s.recv(4096)
            except socket.timeout:
                continue
            if b"too many clients" in data:
                refused += 1
    finally:
        for s in conns:
            s.close()
    if refused == 0:
        raise RuntimeError("no connection was told 'too many clients'")


@case("clients dripping a byte a second in every slot are dropped; the operator gets in")
def _():
    conns = []
    time.sleep(0.5)  # the earlier cases' connections are all closed
    try:
        for _ in range(MAX_CLIENTS):
            conns.append(connect())
        start = time.monotonic()
        served = None
        # Each client sends one byte of an endless request every second (the old idle
        # timer, re-armed per byte, kept all of them for ever); the request's deadline is
        # 5 s from the connection, so all are gone by then and a status gets through.
        while time.monotonic() - start < 9.0:
            for s in conns:
                try:
                    s.send(b" ")
                except OSError:
                    pass
            try:
                status_ok()
                served = time.monotonic() - start
                break
            except Exception:
                pass
            time.sleep(1.0)
        if served is None:
            raise RuntimeError("no status within 9 s beside %d dripping clients" % MAX_CLIENTS)
        if served < 4.0:
            raise RuntimeError("a status after %.1f s: the slots were not all taken" % served)
    finally:
        for s in conns:
            s.close()


@case("the daemon is the same process")
def _():
    if settled_status() != pid0:
        raise RuntimeError("the pid changed: the daemon restarted")


sys.exit(1 if failures else 0)
