#!/usr/bin/env python3
"""Connects to a VNC server as a client would: RFB handshake (no
authentication), ServerInit, then one full framebuffer update in raw
encoding. Prints what it saw; exits non-zero on anything else.

    tests/xen/vnc-probe.py HOST PORT
"""
import socket
import struct
import sys


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError(f"server closed after {len(data)} of {n} bytes")
        data += chunk
    return data


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    sock = socket.create_connection((host, port), timeout=60)
    version = recv_exactly(sock, 12)
    if not version.startswith(b"RFB "):
        raise SystemExit(f"not a VNC server: {version!r}")
    sock.sendall(b"RFB 003.008\n")
    n_types = recv_exactly(sock, 1)[0]
    types = recv_exactly(sock, n_types)
    if 1 not in types:
        raise SystemExit(f"server wants authentication: {list(types)}")
    sock.sendall(b"\x01")
    if struct.unpack(">I", recv_exactly(sock, 4))[0] != 0:
        raise SystemExit("security handshake failed")
    sock.sendall(b"\x01")  # shared
    width, height = struct.unpack(">HH", recv_exactly(sock, 4))
    bpp = recv_exactly(sock, 16)[0]
    name = recv_exactly(sock, struct.unpack(">I", recv_exactly(sock, 4))[0]).decode()
    # Raw only, then one full update.
    sock.sendall(struct.pack(">BxHi", 2, 1, 0))
    sock.sendall(struct.pack(">BBHHHH", 3, 0, 0, 0, width, height))
    pixels = 0
    while pixels < width * height:
        kind = recv_exactly(sock, 1)[0]
        if kind != 0:
            raise SystemExit(f"unexpected server message {kind}")
        recv_exactly(sock, 1)
        for _ in range(struct.unpack(">H", recv_exactly(sock, 2))[0]):
            x, y, w, h, enc = struct.unpack(">HHHHi", recv_exactly(sock, 12))
            if enc != 0:
                continue  # a pseudo-encoding (resize, cursor) carries no pixels here
            recv_exactly(sock, w * h * bpp // 8)
            pixels += w * h
    print(f"VNC server {name!r}: {width}x{height}, {bpp} bpp, one full frame received")
    sock.close()


if __name__ == "__main__":
    main()
