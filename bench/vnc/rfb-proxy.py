#!/usr/bin/env python3
"""rfb-proxy.py: a counting RFB proxy between one VNC client and a server.

It passes the handshake (RFB 3.3/3.7/3.8, security None or VNC
authentication), forces the shared flag in ClientInit, and rewrites every
SetEncodings the client sends to one fixed list (ZRLE and the DesktopSize
pseudo-encoding, by default), so that every client is sent, and decodes,
exactly the same encoding. Then it parses both directions and counts
client FramebufferUpdateRequests and server FramebufferUpdates, their
rectangles, pixels and bytes.

The counts are cumulative. SIGUSR1 records a mark (a copy of the counts
with the time); SIGTERM (or SIGINT) ends the proxy, which then writes one
JSON document (the client's handshake, the marks, the totals) to --json.
Python 3 standard library only.

Usage: rfb-proxy.py --listen PORT --server HOST:PORT --json OUT
                    [--port-file FILE] [--encodings 16,-223]
"""

import argparse
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time

ZRLE = 16
DESKTOP_SIZE = -223
ENCODING_NAMES = {
    0: "Raw", 1: "CopyRect", 2: "RRE", 5: "Hextile", 6: "Zlib", 7: "Tight",
    16: "ZRLE", 17: "ZYWRLE", -223: "DesktopSize", -224: "LastRect",
    -239: "Cursor", -240: "XCursor", -258: "QEMUExtendedKeyEvent",
    -259: "QEMUAudio", -261: "LEDState", -307: "DesktopName",
    -308: "ExtendedDesktopSize", -309: "xvp", -312: "Fence",
    -313: "ContinuousUpdates", -314: "CursorWithAlpha",
    0x574D5669: "WMVi", -1063131698: "ExtendedClipboard",
}


class ProtocolError(Exception):
    pass


def encoding_name(number):
    if -32 <= number <= -23:
        return "JPEGQuality%d" % (number + 32)
    if -256 <= number <= -247:
        return "CompressLevel%d" % (number + 256)
    return ENCODING_NAMES.get(number, str(number))


def pixel_format(data):
    (bpp, depth, big_endian, true_colour, red_max, green_max, blue_max,
     red_shift, green_shift, blue_shift) = struct.unpack(">BBBBHHHBBB", data[:13])
    return {"bpp": bpp, "depth": depth, "big_endian": big_endian,
            "true_colour": true_colour,
            "max": [red_max, green_max, blue_max],
            "shift": [red_shift, green_shift, blue_shift]}


def new_counts():
    return {
        "connections": 0,
        "client_bytes": 0,            # client -> server, as the server got them
        "server_bytes": 0,            # server -> client
        "update_requests": 0,         # FramebufferUpdateRequest
        "incremental_requests": 0,
        "key_events": 0,
        "pointer_events": 0,
        "set_encodings": 0,
        "updates": 0,                 # FramebufferUpdate messages, whole
        "rects": 0,
        "zrle_rects": 0,
        "zrle_pixels": 0,             # sum of w*h of the ZRLE rectangles
        "zrle_bytes": 0,              # their data, length words included
        "other_rects": {},            # encoding name -> count
        "other_messages": {},         # server message type -> count
    }


class ServerParser:
    """Follows the server's stream, never holding more than a header."""

    def __init__(self, counts, bpp):
        self.counts = counts
        self.bpp = bpp
        self.buf = bytearray()
        self.skip = 0          # bytes of rectangle data still to pass over
        self.state = "message"
        self.rects_left = 0
        self.skip_rect = True

    def need(self, n):
        return len(self.buf) >= n

    def take(self, n):
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def feed(self, data):
        view = memoryview(data)
        while len(view) > 0:
            if self.skip > 0:
                n = min(self.skip, len(view))
                self.skip -= n
                view = view[n:]
                if self.skip == 0:
                    self.skipped()
                continue
            # Headers are small: take a little at a time into the buffer.
            n = min(len(view), 64)
            self.buf += view[:n]
            view = view[n:]
            self.parse()

    def rect_done(self):
        self.rects_left -= 1
        if self.rects_left == 0:
            self.update_done()

    def update_done(self):
        self.counts["updates"] += 1
        self.state = "message"

    def parse(self):
        while self.skip == 0:
            if self.state == "message":
                if not self.need(1):
                    return
                kind = self.buf[0]
                if kind == 0:
                    if not self.need(4):
                        return
                    _, _, n = struct.unpack(">BBH", self.take(4))
                    self.rects_left = n
                    if n == 0:
                        self.update_done()
                    else:
                        self.state = "rect"
                elif kind == 1:                    # SetColourMapEntries
                    if not self.need(6):
                        return
                    n = struct.unpack(">H", self.buf[4:6])[0]
                    if not self.need(6 + 6 * n):
                        return
                    self.take(6 + 6 * n)
                    self.other("SetColourMapEntries")
                elif kind == 2:                    # Bell
                    self.take(1)
                    self.other("Bell")
                elif kind == 3:                    # ServerCutText
                    if not self.need(8):
                        return
                    length = struct.unpack(">i", self.buf[4:8])[0]
                    self.take(8)
                    self.other("ServerCutText")
                    self.skip_bytes(abs(length), rect=False)
                else:
                    raise ProtocolError("unknown server message type %d" % kind)
            elif self.state == "rect":
                if not self.need(12):
                    return
                x, y, w, h, enc = struct.unpack(">HHHHi", self.take(12))
                self.counts["rects"] += 1
                if enc == ZRLE:
                    self.state = "zrle"
                    self.counts["zrle_rects"] += 1
                    self.counts["zrle_pixels"] += w * h
                    continue
                name = encoding_name(enc)
                other = self.counts["other_rects"]
                other[name] = other.get(name, 0) + 1
                if enc == 0:
                    self.skip_bytes(w * h * self.bpp // 8)
                elif enc == DESKTOP_SIZE:
                    self.skip_bytes(0)
                elif enc == -224:                  # LastRect
                    self.rects_left = 1
                    self.skip_bytes(0)
                elif enc == -239:                  # Cursor
                    self.skip_bytes(w * h * self.bpp // 8 + (w + 7) // 8 * h)
                elif enc == -261:                  # LED state
                    self.skip_bytes(1)
                elif enc == -258:                  # QEMU extended key event ack
                    self.skip_bytes(0)
                else:
                    raise ProtocolError("cannot follow a %s rectangle" % name)
            elif self.state == "zrle":
                if not self.need(4):
                    return
                length = struct.unpack(">I", self.take(4))[0]
                self.counts["zrle_bytes"] += 4 + length
                self.skip_bytes(length)

    def skip_bytes(self, n, rect=True):
        """Passes over n bytes, some of which may already be buffered."""
        self.skip_rect = rect
        from_buf = min(n, len(self.buf))
        del self.buf[:from_buf]
        self.skip = n - from_buf
        if self.skip == 0:
            self.skipped()

    def skipped(self):
        self.state = "rect"
        if self.skip_rect:
            self.rect_done()
        else:
            self.state = "message"

    def other(self, name):
        other = self.counts["other_messages"]
        other[name] = other.get(name, 0) + 1


class Proxy:
    def __init__(self, args):
        self.args = args
        self.counts = new_counts()
        self.marks = []
        self.clients = []
        self.encodings = [int(e) for e in args.encodings.split(",")]
        self.started = time.monotonic()

    def mark(self, *unused):
        self.marks.append({"time": time.monotonic() - self.started,
                           "counts": json.loads(json.dumps(self.counts))})

    def write(self):
        doc = {
            "server": self.args.server,
            "forced_encodings": [encoding_name(e) for e in self.encodings],
            "clients": self.clients,
            "marks": self.marks,
            "totals": self.counts,
            "time": time.monotonic() - self.started,
        }
        tmp = self.args.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=1)
        os.replace(tmp, self.args.json)

    # --- handshake, blocking -------------------------------------------------

    @staticmethod
    def recv_exact(sock, n):
        data = bytearray()
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ProtocolError("connection closed during the handshake")
            data += chunk
        return bytes(data)

    def relay(self, src, dst, n):
        data = self.recv_exact(src, n)
        dst.sendall(data)
        return data

    def handshake(self, client, server, info):
        server_version = self.relay(server, client, 12)
        client_version = self.relay(client, server, 12)
        info["server_version"] = server_version.decode("ascii", "replace").strip()
        info["client_version"] = client_version.decode("ascii", "replace").strip()
        minor = min(int(server_version[8:11]), int(client_version[8:11]))
        if minor < 7:
            security = struct.unpack(">I", self.relay(server, client, 4))[0]
            if security == 0:
                raise ProtocolError("server refused the connection")
        else:
            n = self.relay(server, client, 1)[0]
            if n == 0:
                raise ProtocolError("server refused the connection")
            offered = self.relay(server, client, n)
            security = self.relay(client, server, 1)[0]
            if security not in offered:
                raise ProtocolError("client chose security type %d" % security)
        info["security"] = security
        if security == 2:                          # VNC authentication
            self.relay(server, client, 16)
            self.relay(client, server, 16)
        elif security != 1:
            raise ProtocolError("cannot follow security type %d" % security)
        if minor >= 8 or security == 2:
            result = struct.unpack(">I", self.relay(server, client, 4))[0]
            if result != 0:
                raise ProtocolError("authentication failed")
        shared = self.recv_exact(client, 1)[0]
        info["shared_flag"] = shared
        server.sendall(b"\x01")                    # always shared
        init = self.recv_exact(server, 24)
        name_length = struct.unpack(">I", init[20:24])[0]
        name = self.recv_exact(server, name_length)
        client.sendall(init + name)
        width, height = struct.unpack(">HH", init[:4])
        info["server_size"] = [width, height]
        info["server_format"] = pixel_format(init[4:20])
        info["desktop_name"] = name.decode("utf-8", "replace")

    # --- client messages, parsed whole ----------------------------------------

    def client_messages(self, buf, info, parser):
        """Returns (bytes to send to the server, bytes used from buf)."""
        out = bytearray()
        pos = 0
        while pos < len(buf):
            kind = buf[pos]
            size = None
            if kind == 0:
                size = 20
            elif kind == 2:
                if len(buf) - pos >= 4:
                    size = 4 + 4 * struct.unpack(">H", buf[pos + 2:pos + 4])[0]
            elif kind == 3:
                size = 10
            elif kind == 4:
                size = 8
            elif kind == 5:
                size = 6
            elif kind == 6:
                if len(buf) - pos >= 8:
                    size = 8 + abs(struct.unpack(">i", buf[pos + 4:pos + 8])[0])
            elif kind == 150:                      # EnableContinuousUpdates
                size = 10
            elif kind == 248:                      # ClientFence
                if len(buf) - pos >= 9:
                    size = 9 + buf[pos + 8]
            elif kind == 251:                      # SetDesktopSize
                if len(buf) - pos >= 8:
                    size = 8 + 16 * buf[pos + 6]
            elif kind == 255:                      # QEMU
                if len(buf) - pos >= 4:
                    sub = buf[pos + 1]
                    if sub == 0:
                        size = 12
                    elif sub == 1:
                        op = struct.unpack(">H", buf[pos + 2:pos + 4])[0]
                        size = 10 if op == 2 else 4
                    else:
                        raise ProtocolError("unknown QEMU client message %d" % sub)
            else:
                raise ProtocolError("unknown client message type %d" % kind)
            if size is None or len(buf) - pos < size:
                break
            message = bytes(buf[pos:pos + size])
            pos += size
            if kind == 0:
                fmt = pixel_format(message[4:17])
                info.setdefault("client_formats", []).append(fmt)
                parser.bpp = fmt["bpp"]
            elif kind == 2:
                n = (size - 4) // 4
                asked = struct.unpack(">%di" % n, message[4:])
                info.setdefault("client_encodings", []).append(
                    [encoding_name(e) for e in asked])
                self.counts["set_encodings"] += 1
                message = struct.pack(">BBH%di" % len(self.encodings), 2, 0,
                                      len(self.encodings), *self.encodings)
            elif kind == 3:
                self.counts["update_requests"] += 1
                if message[1]:
                    self.counts["incremental_requests"] += 1
            elif kind == 4 or (kind == 255 and message[1] == 0):
                self.counts["key_events"] += 1
            elif kind == 5:
                self.counts["pointer_events"] += 1
            out += message
        return bytes(out), pos

    # --- one connection --------------------------------------------------------

    def serve(self, client):
        host, port = self.args.server.rsplit(":", 1)
        server = socket.create_connection((host, int(port)))
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        info = {"connected_at": time.monotonic() - self.started}
        self.clients.append(info)
        self.counts["connections"] += 1
        try:
            client.settimeout(30)
            server.settimeout(30)
            self.handshake(client, server, info)
            client.settimeout(None)
            server.settimeout(None)
            parser = ServerParser(self.counts, info["server_format"]["bpp"])
            pending = bytearray()
            sel = selectors.DefaultSelector()
            sel.register(client, selectors.EVENT_READ, "client")
            sel.register(server, selectors.EVENT_READ, "server")
            while True:
                for key, _ in sel.select():
                    if key.data == "server":
                        data = server.recv(1 << 18)
                        if not data:
                            info["closed_by"] = "server"
                            return
                        client.sendall(data)
                        self.counts["server_bytes"] += len(data)
                        parser.feed(data)
                    else:
                        data = client.recv(1 << 16)
                        if not data:
                            info["closed_by"] = "client"
                            return
                        pending += data
                        out, used = self.client_messages(pending, info, parser)
                        del pending[:used]
                        if out:
                            server.sendall(out)
                            self.counts["client_bytes"] += len(out)
        except (OSError, ProtocolError) as e:
            info["error"] = str(e)
            print("rfb-proxy: %s" % e, file=sys.stderr)
        finally:
            info["closed_at"] = time.monotonic() - self.started
            server.close()
            client.close()

    def run(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.args.listen))
        listener.listen(1)
        if self.args.port_file:
            with open(self.args.port_file + ".tmp", "w") as f:
                f.write("%d\n" % listener.getsockname()[1])
            os.replace(self.args.port_file + ".tmp", self.args.port_file)
        while True:
            client, _ = listener.accept()
            self.serve(client)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listen", type=int, default=0, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--server", required=True, help="HOST:PORT of the VNC server")
    parser.add_argument("--json", required=True, help="where to write the counts")
    parser.add_argument("--port-file", help="write the port listened on here")
    parser.add_argument("--encodings", default="%d,%d" % (ZRLE, DESKTOP_SIZE),
                        help="the list every SetEncodings becomes (default ZRLE,DesktopSize)")
    args = parser.parse_args()

    proxy = Proxy(args)

    def stop(*unused):
        raise SystemExit(0)

    signal.signal(signal.SIGUSR1, proxy.mark)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        proxy.run()
    finally:
        proxy.write()


if __name__ == "__main__":
    main()
