#!/bin/sh
# Benchmark run inside the dom0 booted by tests/xen/run.sh: one Domus
# refresh against one xentop sample, with Domain-0 and two PV guests.
#   tests/xen/run.sh tests/xen/dom0-bench.sh +build/bench/bench-xen-refresh=/test/bench-xen-refresh
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step guests
for g in b1 b2; do
  cat > /tmp/$g.cfg <<CFG
name = "$g"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 160
vcpus = 2
CFG
  run 120 xl create /tmp/$g.cfg
  check "xl create $g" [ "$RC" -eq 0 ]
done

step bench
# Streamed, so that the watchdog sees it working.
/test/bench-xen-refresh --samples 50 2>&1 | tee /tmp/bench.out | sed 's/^/# /'
OUT="$(cat /tmp/bench.out)"
check "bench-xen-refresh printed its ratio" grep -q '^ratio Domus / xentop' /tmp/bench.out
done_testing
