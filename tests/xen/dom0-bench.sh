#!/bin/sh
# Benchmark run inside the dom0 booted by tests/xen/run.sh: one Domus
# refresh against one xentop sample, with Domain-0 and two PV guests, each
# with a vif and a disk.
#   tests/xen/run.sh tests/xen/dom0-bench.sh +build/bench/bench-xen-refresh=/test/bench-xen-refresh
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step guests
# Each guest has a vif on xenbr0 and a disk on blkback, with traffic on both
# (guest-init's domus_io=1), so that there are networks and disks to read.
ip=10
for g in b1 b2; do
  ip=$((ip + 1))
  dd if=/dev/zero of=/tmp/$g.img bs=1M count=0 seek=16 2> /dev/null
  cat > /tmp/$g.cfg <<CFG
name = "$g"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0 domus_io=1 domus_ip=10.99.0.$ip"
memory = 160
vcpus = 2
vif = [ "bridge=xenbr0" ]
disk = [ "format=raw,vdev=xvda,access=rw,target=/tmp/$g.img" ]
CFG
  run 120 xl create /tmp/$g.cfg
  check "xl create $g" [ "$RC" -eq 0 ]
done

step bench
# Streamed, so that the watchdog sees it working.
/test/bench-xen-refresh --samples 50 2>&1 | tee /tmp/bench.out | sed 's/^/# /'
OUT="$(cat /tmp/bench.out)"
check "bench-xen-refresh printed its ratio with I/O" grep -q '^ratio Domus / xentop with I/O' /tmp/bench.out
check "… and without" grep -q '^ratio Domus / xentop without I/O' /tmp/bench.out
run 30 xentop -b -n -x -i 1
diag "$OUT"
check "xentop shows the guests' vifs and disks" [ "$(printf '%s\n' "$OUT" | grep -c '^Net0')" -eq 2 -a "$(printf '%s\n' "$OUT" | grep -c '^VBD')" -eq 2 ]
done_testing
