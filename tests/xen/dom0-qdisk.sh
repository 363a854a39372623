#!/bin/sh
# A manual check (not in the suite), run inside the dom0 booted by run.sh:
#   tests/xen/run.sh tests/xen/dom0-qdisk.sh +build/src/domusctl=/usr/bin/domusctl
# A guest's disk served by QEMU (backendtype=qdisk), which Domus reads
# through libxenstat (it asks QEMU through its QMP socket, waiting 10 ms for
# each answer), against xentop, the guest paused. Not in the suite until
# more boots show that libxenstat's 10 ms are enough on a loaded machine.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh
step qdisk
dd if=/dev/zero of=/tmp/q.img bs=1M count=0 seek=16 2> /dev/null
cat > /tmp/q1.cfg <<CFG
name = "q1"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0 domus_io=1"
memory = 128
vif = [ "bridge=xenbr0" ]
disk = [ "format=raw,vdev=xvda,access=rw,backendtype=qdisk,target=/tmp/q.img" ]
CFG
run 120 xl create /tmp/q1.cfg
check "xl create q1 with a qdisk" [ "$RC" -eq 0 ]
diag "$OUT"
i=0
while [ $i -lt 90 ]; do
  rd=$(xentop -b -n -x -i 1 | awk '$1 == "q1" { q = 1; next } q && /^VBD/ { print; exit }' | sed -n 's/.* RD: *\([0-9]*\).*/\1/p')
  [ -n "$rd" ] && [ "$rd" -gt 20 ] && break
  sleep 1
  i=$((i + 1))
done
diag "xentop's q1 RD after $i s: $rd"
diag "$(ls -la /run/xen/)"
run 30 xl pause q1
# Until two samples read the same: requests in flight have ended.
xt=""
i=0
while [ $i -lt 30 ]; do
  run 30 xentop -b -n -x -i 1
  [ "$(printf '%s\n' "$OUT" | grep '^VBD')" = "$(printf '%s\n' "$xt" | grep '^VBD')" ] && break
  xt="$OUT"
  i=$((i + 1))
done
xt="$OUT"
diag "$xt"
run 60 domusctl top --json -i 2 -d 1
dj="$(printf '%s\n' "$OUT" | tail -n 1 | sed 's/.*"name": "q1"//')"
diag "$dj"
vbd=$(printf '%s\n' "$xt" | awk '$1 == "q1" { q = 1; next } q && /^VBD/ { print; exit }')
x_rd=$(printf '%s\n' "$vbd" | sed -n 's/.* RD: *\([0-9]*\).*/\1/p')
x_wsect=$(printf '%s\n' "$vbd" | sed -n 's/.* WSECT: *\([0-9]*\).*/\1/p')
d_rd=$(printf '%s\n' "$dj" | grep -o '"read_reqs": [0-9]*' | head -n 1 | sed 's/.*: //')
d_wsect=$(printf '%s\n' "$dj" | grep -o '"write_sectors": [0-9]*' | head -n 1 | sed 's/.*: //')
OUT="xentop RD $x_rd WSECT $x_wsect; domusctl read_reqs $d_rd write_sectors $d_wsect"
diag "$OUT"
check "a qdisk's counters: domusctl's equal xentop's" \
  eval '[ -n "$x_rd" ] && [ "$x_rd" = "$d_rd" ] && [ "$x_wsect" = "$d_wsect" ] && [ "$x_rd" -gt 0 ]'
run 60 xl destroy q1
done_testing
