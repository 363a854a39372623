#!/usr/bin/env python3
"""run.py: Domus's VNC client against gvncviewer and TigerVNC, side by side.

    bench/vnc/run.py --client build/bench/bench-vnc-client [--runs 3]
        [--warmup 10] [--measure 30] [--scenes console,still] [--json results.json]

Boots a Debian kernel with a busybox guest (bench/vnc/guest-init) under
QEMU (TCG), once a scene: "console", whose framebuffer console scrolls
coloured text without end, and "still", an installer's page left alone but
for a blinking cursor; QEMU serves the screen on its VNC server. Each
client in turn, alone, gets an Xvfb of its own and connects through
bench/vnc/rfb-proxy.py, which makes it take ZRLE only and counts what
passes. After the warm-up, the measured
window gives updates/s and megapixels/s (from the proxy), the client's CPU
time (its threads' run time from /proc/PID/task/*/schedstat, and its
waited-for children's) per second and per megapixel, the X server's the
same way, their sum (what the goal counts), and the client's peak RSS.
Clients take turns within a run (the order rotates each run) and the
tables give the medians over the runs, one table a scene.

Installs gvncviewer, tigervnc-viewer, xvfb and qemu-system-x86 with apt-get
when they are missing (as root). See bench/vnc/README.md.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
PACKAGES = {"gvncviewer": "gvncviewer", "xtigervncviewer": "tigervnc-viewer",
            "Xvfb": "xvfb", "qemu-system-x86_64": "qemu-system-x86"}
# domus: Domus's DomusVncView, as the Screen view shows a guest, under GSK's
# cairo renderer; domus-gl the same under GSK's GL renderer.
CLIENTS = ["domus", "domus-gl", "gvncviewer", "tigervnc"]
SCENES = ["console", "still"]
# Others, to see where the time goes: domus-picture (one texture a frame),
# domus-none (no window), and any Domus one with -gl (GSK's GL renderer:
# llvmpipe under Xvfb), e.g. domus-gl; floor (bench-blink-floor, beside
# --client: a bare GTK 4 window blinking a 16 × 2 rectangle five times a
# second, no VNC: GTK's own cost of a blink, still scene) and floor-gl.
EXTRA_CLIENTS = ["domus-picture", "domus-none", "floor"]


def log(*args):
    print("vnc-bench:", *args, file=sys.stderr, flush=True)


def ensure_packages():
    missing = sorted({pkg for prog, pkg in PACKAGES.items() if shutil.which(prog) is None})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("vnc-bench: missing %s (apt-get install %s)" % (
            ", ".join(missing), " ".join(missing)))
    log("installing", " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing
    if subprocess.call(cmd, env=env, stdout=sys.stderr) != 0:
        subprocess.check_call(["apt-get", "update", "-qq"], env=env, stdout=sys.stderr)
        subprocess.check_call(cmd, env=env, stdout=sys.stderr)


def package_version(name):
    try:
        return subprocess.check_output(["dpkg-query", "-W", "-f=${Version}", name],
                                       stderr=subprocess.DEVNULL, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None


def cpu_times(pid):
    """CPU time of @pid so far, two ways: its live threads' run time from
    schedstat (nanoseconds), and utime + stime (clock ticks, 10 ms); each
    with its waited-for children's utime + stime."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3): utime is field 14.
    ticks = sum(int(fields[i]) for i in (11, 12)) / CLK_TCK
    children = sum(int(fields[i]) for i in (13, 14)) / CLK_TCK
    run_ns = 0
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                run_ns += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        run_ns = None
    return (run_ns / 1e9 + children if run_ns is not None else None, ticks + children)


def cpu_used(before, after):
    """Seconds of CPU between two cpu_times(): schedstat's, precise, unless
    a thread that ended took time with it that the ticks still count."""
    precise = after[0] - before[0] if before[0] is not None and after[0] is not None else None
    coarse = after[1] - before[1]
    if precise is None or coarse > precise * 1.05 + 0.02:
        return coarse
    return precise


def peak_rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def free_port(first, last):
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    sys.exit("vnc-bench: no free port in %d..%d" % (first, last))


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    sys.exit("vnc-bench: timed out waiting for %s" % what)


def stop(proc, timeout=10):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Qemu:
    """QEMU with the bench guest; its VNC server on 127.0.0.1."""

    def __init__(self, workdir, args, scene):
        self.workdir = workdir
        build_image = os.path.join(SOURCE_ROOT, "tests", "xen", "build-image.sh")
        initrd = os.path.join(workdir, "guest.cpio.gz")
        subprocess.check_call([build_image, "overlay", initrd, "/bin/busybox=/bin/busybox",
                               args.guest_init + "=/init"])
        kernel = subprocess.check_output([build_image, "kernel"], text=True).strip()
        self.qmp_path = os.path.join(workdir, scene + ".qmp.sock")
        self.serial_path = os.path.join(workdir, scene + ".serial.log")
        # 0x314: VESA 800×600; no blanking; the cursor hidden but in the
        # still scene, where it blinks.
        append = "console=ttyS0 vga=0x314 quiet consoleblank=0 domus.scene=" + scene
        if scene != "still":
            append += " vt.global_cursor_default=0"
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-display", "none", "-nic", "none",
               "-vnc", "127.0.0.1:40,to=99", "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
               "-kernel", kernel, "-initrd", initrd, "-m", "256",
               "-append", append,
               "-serial", "file:" + self.serial_path]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=die_with_parent)
        self.qmp = wait_for(self.connect_qmp, 30, "QEMU's monitor")
        self.qmp_file = self.qmp.makefile("rw")
        self.qmp_file.readline()
        self.command("qmp_capabilities")
        self.port = int(self.command("query-vnc")["service"])

    def connect_qmp(self):
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(self.qmp_path)
            return s
        except OSError:
            s.close()
            if self.proc.poll() is not None:
                sys.exit("vnc-bench: QEMU exited (%d)" % self.proc.returncode)
            return None

    def command(self, name, **arguments):
        message = {"execute": name}
        if arguments:
            message["arguments"] = arguments
        self.qmp_file.write(json.dumps(message) + "\n")
        self.qmp_file.flush()
        while True:
            answer = json.loads(self.qmp_file.readline())
            if "return" in answer:
                return answer["return"]
            if "error" in answer:
                raise RuntimeError(answer["error"])

    def serial(self):
        try:
            with open(self.serial_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        stop(self.proc)


def die_with_parent():
    # PR_SET_PDEATHSIG = 1: the process dies with the runner.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)
    except OSError:
        pass


class Xvfb:
    def __init__(self, log_path):
        read_fd, write_fd = os.pipe()
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24",
                                      "-nolisten", "tcp", "-noreset"],
                                     pass_fds=[write_fd], stdout=self.log, stderr=self.log,
                                     preexec_fn=die_with_parent)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            sys.exit("vnc-bench: Xvfb did not start (see %s)" % log_path)
        self.display = ":" + number

    def stop(self):
        stop(self.proc)
        self.log.close()


def client_command(name, args, port):
    env = dict(os.environ, NO_AT_BRIDGE="1", GDK_BACKEND="x11")
    env.pop("WAYLAND_DISPLAY", None)
    if name.startswith("domus"):
        # domus[-picture|-none][-gl]
        parts = name.split("-")[1:]
        mode = "view"
        if parts and parts[0] in ("picture", "none"):
            mode = parts.pop(0)
        env["GSK_RENDERER"] = args.gsk_renderer
        for part in parts:
            if part == "gl":
                env["GSK_RENDERER"] = "gl"
            else:
                raise ValueError(name)
        return [args.client, "--mode", mode, "127.0.0.1", str(port)], env
    if name in ("floor", "floor-gl"):
        env["GSK_RENDERER"] = "gl" if name == "floor-gl" else args.gsk_renderer
        return [os.path.join(os.path.dirname(args.client), "bench-blink-floor"), "127.0.0.1", str(port)], env
    if name == "gvncviewer":
        # gtk-vnc takes a display number: port 5900 + N.
        return ["gvncviewer", "127.0.0.1:%d" % (port - 5900)], env
    if name == "tigervnc":
        return ["xtigervncviewer", "-Shared", "-AutoSelect=0", "-PreferredEncoding=ZRLE",
                "-FullColor", "-NoJPEG", "127.0.0.1::%d" % port], env
    raise ValueError(name)


def windows(display):
    """The top-level windows that show, as "name WxH"."""
    if shutil.which("xwininfo") is None:
        return None
    try:
        out = subprocess.check_output(["xwininfo", "-root", "-children"], text=True,
                                      env=dict(os.environ, DISPLAY=display), timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    shown = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("0x") and "+-" not in line.split(")")[-1]:
            parts = line.split()
            size = [p for p in parts if "x" in p and "+" in p]
            name = line.split('"')[1] if '"' in line else "?"
            if size and not size[0].startswith("1x1"):
                shown.append("%s %s" % (name, size[0].split("+")[0]))
    return shown


def measure(name, args, qemu, workdir, scene, run):
    """One client alone for warm-up + measure seconds; returns its row."""
    tag = "%s-%s-%d" % (scene, name, run)
    xvfb = Xvfb(os.path.join(workdir, tag + ".xvfb.log"))
    port = free_port(5960, 5999)
    stats_path = os.path.join(workdir, tag + ".proxy.json")
    proxy = subprocess.Popen([sys.executable, args.proxy, "--listen", str(port),
                              "--server", "127.0.0.1:%d" % qemu.port, "--json", stats_path,
                              "--port-file", stats_path + ".port"],
                             stderr=open(os.path.join(workdir, tag + ".proxy.log"), "w"),
                             preexec_fn=die_with_parent)
    client = None
    try:
        wait_for(lambda: os.path.exists(stats_path + ".port"), 10, "the proxy")
        cmd, env = client_command(name, args, port)
        env["DISPLAY"] = xvfb.display
        out = open(os.path.join(workdir, tag + ".client.log"), "w")
        client = subprocess.Popen(cmd, env=env, stdout=out, stderr=out,
                                  preexec_fn=die_with_parent)
        time.sleep(args.warmup)
        if client.poll() is not None:
            sys.exit("vnc-bench: %s exited (%d); see %s" % (name, client.returncode, out.name))
        shown = windows(xvfb.display)
        t0 = time.monotonic()
        load0 = os.getloadavg()[0]
        cpu0, x0 = cpu_times(client.pid), cpu_times(xvfb.proc.pid)
        proxy.send_signal(signal.SIGUSR1)
        time.sleep(args.measure)
        proxy.send_signal(signal.SIGUSR1)
        cpu1, x1 = cpu_times(client.pid), cpu_times(xvfb.proc.pid)
        t1 = time.monotonic()
        load1 = os.getloadavg()[0]
        rss = peak_rss_mib(client.pid)
        if client.poll() is not None:
            sys.exit("vnc-bench: %s exited (%d); see %s" % (name, client.returncode, out.name))
    finally:
        stop(client)
        time.sleep(0.5)
        stop(proxy)
        xvfb.stop()
    with open(stats_path) as f:
        stats = json.load(f)
    if len(stats["marks"]) != 2:
        sys.exit("vnc-bench: the proxy recorded %d marks" % len(stats["marks"]))
    a, b = (m["counts"] for m in stats["marks"])
    seconds = stats["marks"][1]["time"] - stats["marks"][0]["time"]
    d = {k: b[k] - a[k] for k in a if isinstance(a[k], int)}
    mp = d["zrle_pixels"] / 1e6
    cpu, xcpu = cpu_used(cpu0, cpu1), cpu_used(x0, x1)
    info = stats["clients"][0] if stats["clients"] else {}
    # Domus's bench client says which GSK renderer drew (GTK falls back to
    # cairo when GL does not start) in its last line of JSON.
    renderer = None
    if name.startswith("domus") or name.startswith("floor"):
        with open(os.path.join(workdir, tag + ".client.log")) as f:
            for line in f:
                if line.startswith("{"):
                    renderer = json.loads(line).get("renderer")
    wall = t1 - t0
    row = {
        "scene": scene, "client": name, "run": run, "seconds": seconds,
        "updates": d["updates"], "updates_per_s": d["updates"] / seconds,
        "requests": d["update_requests"], "rects": d["rects"],
        "megapixels": mp, "mpixels_per_s": mp / seconds,
        "mbytes_per_s": d["server_bytes"] / 1e6 / seconds,
        "cpu_s": cpu, "cpu_percent": 100 * cpu / wall,
        "cpu_ms_per_mp": 1000 * cpu / mp if mp else None,
        "x_cpu_s": xcpu, "x_cpu_percent": 100 * xcpu / wall,
        "x_cpu_ms_per_mp": 1000 * xcpu / mp if mp else None,
        "total_cpu_percent": 100 * (cpu + xcpu) / wall,
        "total_ms_per_mp": 1000 * (cpu + xcpu) / mp if mp else None,
        "rss_peak_mib": rss,
        "renderer": renderer,
        "load_average": [load0, load1],
        "windows": shown,
        "other_rects": {k: b["other_rects"].get(k, 0) - a["other_rects"].get(k, 0) for k in b["other_rects"]},
        "client_encodings": info.get("client_encodings"),
        "client_formats": info.get("client_formats"),
        "shared_flag": info.get("shared_flag"),
        "proxy_error": info.get("error"),
    }
    log("%-7s %-14s run %d: %5.1f updates/s %5.2f MP/s, CPU %5.1f%% %6.1f ms/MP, X %5.1f%% %6.1f ms/MP, RSS %.0f MiB,"
        " load %.1f..%.1f%s"
        % (scene, name, run, row["updates_per_s"], row["mpixels_per_s"], row["cpu_percent"],
           row["cpu_ms_per_mp"] or 0, row["x_cpu_percent"], row["x_cpu_ms_per_mp"] or 0, rss or 0,
           load0, load1, ", " + renderer if renderer else ""))
    return row


def median(rows, key):
    values = [r[key] for r in rows if r[key] is not None]
    return statistics.median(values) if values else float("nan")


def spread(rows, key):
    values = [r[key] for r in rows if r[key] is not None]
    return (min(values), max(values)) if values else (float("nan"),) * 2


def report(rows, clients, args, scene):
    cols = [("updates/s", "updates_per_s", "%.1f"), ("MP/s", "mpixels_per_s", "%.2f"),
            ("MB/s wire", "mbytes_per_s", "%.2f"), ("client CPU %", "cpu_percent", "%.2f"),
            ("X server CPU %", "x_cpu_percent", "%.2f"), ("client + X CPU %", "total_cpu_percent", "%.2f"),
            ("client CPU ms/MP", "cpu_ms_per_mp", "%.1f"), ("X server CPU ms/MP", "x_cpu_ms_per_mp", "%.1f"),
            ("client + X ms/MP", "total_ms_per_mp", "%.1f"), ("RSS peak MiB", "rss_peak_mib", "%.0f")]
    lines = []
    widths = [max(12, len(c)) for c in clients]
    lines.append("| %-18s |" % "" + "".join(" %-*s |" % (w, c) for w, c in zip(widths, clients)))
    lines.append("|" + "-" * 20 + "|" + "".join("-" * (w + 2) + "|" for w in widths))
    summary = {}
    for title, key, fmt in cols:
        cells = []
        for c in clients:
            mine = [r for r in rows if r["client"] == c]
            value = median(mine, key)
            summary.setdefault(c, {})[key] = value
            cells.append(fmt % value)
        lines.append("| %-18s |" % title + "".join(" %-*s |" % (w, v) for w, v in zip(widths, cells)))
    print()
    print("Scene %s: VNC clients, ZRLE forced by the proxy, %d run(s) of %g s after %g s warm-up (medians):"
          % (scene, args.runs, args.measure, args.warmup))
    print()
    print("\n".join(lines))
    print()
    loads = [x for r in rows for x in r["load_average"]]
    print("load average (1 min) during the measurements: %.1f..%.1f, median %.1f (%d CPUs)"
          % (min(loads), max(loads), statistics.median(loads), os.cpu_count()))
    for c in clients:
        drawn = sorted({r["renderer"] for r in rows if r["client"] == c and r["renderer"]})
        if drawn:
            print("%-14s drawn by %s" % (c, ", ".join(drawn)))
    key = "total_cpu_percent" if scene == "still" else "total_ms_per_mp"
    for c in clients:
        lo, hi = spread([r for r in rows if r["client"] == c], key)
        print("%-14s client + X %s over the runs: %.2f..%.2f"
              % (c, "CPU %" if scene == "still" else "ms/MP", lo, hi))
    verdict = {}
    if "tigervnc" in summary:
        # The goal: counted with the display server, at most 0.8×
        # TigerVNC per megapixel on the console, 1.2× per second when still.
        limit = 1.2 if scene == "still" else 0.8
        what = "client + X CPU per second" if scene == "still" else "client + X CPU per megapixel"
        print()
        for c in (c for c in clients if c.startswith("domus") and c != "domus-none"):
            ratio = summary[c][key] / summary["tigervnc"][key]
            verdict[c] = {"against": "tigervnc", "what": key, "ratio": ratio, "limit": limit,
                          "met": ratio <= limit}
            print("ratio %s / tigervnc, %s: %.2f (target: at most %g): %s"
                  % (c, what, ratio, limit, "met" if ratio <= limit else "NOT met"))
    return summary, verdict


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", required=True, help="build/bench/bench-vnc-client")
    parser.add_argument("--proxy", default=os.path.join(HERE, "rfb-proxy.py"))
    parser.add_argument("--guest-init", default=os.path.join(HERE, "guest-init"))
    parser.add_argument("--clients", default=os.environ.get("DOMUS_VNC_BENCH_CLIENTS", ",".join(CLIENTS)),
                        help="comma-separated, from %s; Domus's also with -gl"
                        % ", ".join(CLIENTS + EXTRA_CLIENTS))
    parser.add_argument("--scenes", default=os.environ.get("DOMUS_VNC_BENCH_SCENES", ",".join(SCENES)),
                        help="comma-separated, from %s" % ", ".join(SCENES))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("DOMUS_VNC_BENCH_RUNS", 3)))
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("DOMUS_VNC_BENCH_WARMUP", 10)))
    parser.add_argument("--measure", type=float, default=float(os.environ.get("DOMUS_VNC_BENCH_MEASURE", 30)))
    parser.add_argument("--settle", type=float, default=5, help="seconds after the guest starts drawing")
    parser.add_argument("--gsk-renderer", default="cairo", help="GSK_RENDERER for Domus (default cairo)")
    parser.add_argument("--json", help="write every run and the medians here")
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory")
    args = parser.parse_args()
    clients = [c for c in args.clients.split(",") if c]
    for c in clients:
        try:
            client_command(c, args, 5900)
        except (ValueError, KeyError):
            sys.exit("vnc-bench: unknown client %s" % c)

    scenes = [s for s in args.scenes.split(",") if s]
    for scene in scenes:
        if scene not in SCENES:
            sys.exit("vnc-bench: unknown scene %s" % scene)

    ensure_packages()
    workdir = tempfile.mkdtemp(prefix="domus-vnc-bench-")
    rows = []
    try:
        for scene in scenes:
            qemu = None
            try:
                qemu = Qemu(workdir, args, scene)
                wait_for(lambda: "guest: drawing" in qemu.serial(), 300, "the guest to boot")
                time.sleep(args.settle)
                log("scene %s: QEMU's VNC server on port %d; logs in %s" % (scene, qemu.port, workdir))
                for run in range(1, args.runs + 1):
                    shift = (run - 1) % len(clients)
                    for name in clients[shift:] + clients[:shift]:
                        rows.append(measure(name, args, qemu, workdir, scene, run))
                        if qemu.proc.poll() is not None:
                            sys.exit("vnc-bench: QEMU exited")
            finally:
                if qemu is not None:
                    qemu.stop()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    results = {}
    for scene in scenes:
        summary, verdict = report([r for r in rows if r["scene"] == scene], clients, args, scene)
        results[scene] = {"medians": summary, "verdict": verdict}
    versions = {p: package_version(p) for p in ("qemu-system-x86", "libvncclient1", "libgtk-4-1",
                                                 "libgtk-vnc-2.0-0", "tigervnc-viewer", "xvfb")}
    print()
    print("versions: " + ", ".join("%s %s" % (k, v) for k, v in versions.items() if v))
    print("GSK_RENDERER for Domus: %s (-gl: gl); %d CPUs (%s); load average at the end %s"
          % (args.gsk_renderer, os.cpu_count(), platform.processor() or platform.machine(),
             " ".join("%.2f" % x for x in os.getloadavg())))
    for c in clients:
        mine = [r for r in rows if r["client"] == c]
        if mine and mine[0]["windows"]:
            print("%-14s windows: %s" % (c, "; ".join(mine[0]["windows"])))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": rows, "scenes": results, "versions": versions,
                       "warmup": args.warmup, "measure": args.measure}, f, indent=1)


if __name__ == "__main__":
    main()
