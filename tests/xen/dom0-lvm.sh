#!/bin/sh
# The lab's storage on a real host, inside the dom0 booted by run.sh with a
# second disk (DOMUS_XEN_DISK: /dev/vda): the VG made with LVM's own tools
# as the lab guides make it, then everything else through domusctl, which
# runs them as the window's Storage page does (src/core/domus-lvm.c): a
# logical volume made for the tiny PV guest's disk, the guest started on
# it, a clone of it by an LVM snapshot (a new config, a fresh MAC, started),
# the snapshot's Data% as lvs shows it, a removal refused while the clone
# uses its volume, then both volumes removed. Then image files in /xen, as
# the lab guides keep them: domusctl images against stat, each format and
# the domain using one.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step lvm
mkdir -p /run/lock/lvm /run/lvm
run 60 pvcreate /dev/vda
check "pvcreate on dom0's second disk" [ "$RC" -eq 0 ]
run 60 vgcreate vol1 /dev/vda
check "vgcreate vol1" [ "$RC" -eq 0 ]

# vgs as LVM prints it, in bytes, against domusctl's.
run 60 vgs --noheadings --units b --nosuffix -o vg_name,vg_size,vg_free vol1
lvm_vg="$(printf '%s\n' "$OUT" | awk '{ print $1, $2, $3 }')"
run 60 domusctl vgs --units b
diag "$OUT"
domus_vg="$(printf '%s\n' "$OUT" | awk '$1 == "vol1" { sub(/B$/, "", $4); sub(/B$/, "", $5); print $1, $4, $5 }')"
diag "vgs: $lvm_vg; domusctl vgs: $domus_vg"
check "domusctl vgs gives vol1's size and free space as vgs does" eval '[ -n "$lvm_vg" ] && [ "$lvm_vg" = "$domus_vg" ]'

run 60 domusctl lvcreate -L 32M -n base vol1
diag "$OUT"
check "domusctl lvcreate makes vol1/base" eval '[ "$RC" -eq 0 ] && [ -b /dev/vol1/base ]'
run 60 lvs --noheadings --units b --nosuffix -o lv_size vol1/base
check "… of 32 MiB, as lvs says" [ "$(echo $OUT)" = 33554432 ]

# The tiny PV guest, its disk on the volume (guest-init writes to it).
cat > /tmp/base.cfg <<CFG
name = "base"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0 domus_io=1"
memory = 128
vif = [ "bridge=xenbr0,mac=00:16:3e:00:00:01" ]
disk = [ "phy:/dev/vol1/base,xvda,w" ]
CFG
run 120 xl create /tmp/base.cfg
diag "$OUT"
check "xl create base on vol1/base" [ "$RC" -eq 0 ]

step clone
run 300 domusctl clone base clone1 --config /tmp/base.cfg --snapshot-size 8M --start
diag "$OUT"
check "domusctl clone base clone1 --snapshot-size 8M --start" [ "$RC" -eq 0 ]
run 30 xl list clone1
check "the clone runs" [ "$RC" -eq 0 ]
run 30 lvs --noheadings -o lv_name,origin,lv_size --units m vol1/clone1
diag "$OUT"
check "… on a snapshot of vol1/base" has '^ *clone1 +base +8\.00m'
run 10 cat /tmp/clone1.cfg
diag "$OUT"
check "… with a config of its own: its name, its disk, a fresh MAC, no uuid" \
  eval "has '^name = \"clone1\"' && has '/dev/vol1/clone1' && ! has '00:16:3e:00:00:01' && ! has uuid"

# The clone writes to its disk, and base to the origin, whose old blocks
# the snapshot keeps: the snapshot's Data% grows. Domus's is read between
# two reads of lvs with both guests paused, and is within them.
step data-percent
data_percent() { lvs --noheadings -o data_percent vol1/clone1 | tr -d ' '; }
i=0
pct=""
while [ $i -lt 60 ]; do
  pct="$(data_percent)"
  [ -n "$pct" ] && [ "${pct%%.*}" -ge 5 ] && break
  sleep 1
  i=$((i + 1))
done
diag "the clone's snapshot at $pct % after $i s"
run 30 xl pause clone1
check "xl pause clone1" [ "$RC" -eq 0 ]
run 30 xl pause base
check "xl pause base" [ "$RC" -eq 0 ]
before="$(data_percent)"
run 60 domusctl lvs
after="$(data_percent)"
diag "$OUT"
domus_pct="$(printf '%s\n' "$OUT" | awk '$1 == "clone1" { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9][0-9]$/) { print $i; exit } }')"
diag "lvs: Data% $before, then $after; domusctl lvs between them: $domus_pct"
check "domusctl lvs shows the snapshot's Data% as lvs does, and it grew" \
  awk -v a="$before" -v d="$domus_pct" -v b="$after" 'BEGIN { exit !(d != "" && a + 0 >= 5 && a + 0 <= d + 0 && d + 0 <= b + 0) }'
check "… with the domain using it" has '^ *clone1 .* clone1$'

step lvremove
run 60 domusctl lvremove vol1/clone1
diag "$OUT"
check "domusctl lvremove refuses a volume a domain uses, naming it" \
  eval '[ "$RC" -ne 0 ] && has "in use by domain .clone1" && [ -b /dev/vol1/clone1 ]'
run 60 xl destroy clone1
run 60 domusctl lvremove vol1/clone1
diag "$OUT"
check "… and removes it once the domain is gone" eval '[ "$RC" -eq 0 ] && [ ! -e /dev/vol1/clone1 ]'
run 60 xl destroy base
run 60 domusctl lvremove vol1/base
check "domusctl lvremove vol1/base" [ "$RC" -eq 0 ]
run 60 lvs --noheadings vol1
check "vol1 is empty again, as lvs says" [ -z "$(echo $OUT)" ]

# Image files in /xen: a sparse raw disk a guest uses, a written one, a
# qcow2 header; their sizes as stat gives them (apparent, and st_blocks).
step images
mkdir -p /xen/domains/web
dd if=/dev/zero of=/xen/domains/web/disk.img bs=1024 count=0 seek=65536 2>/dev/null
dd if=/dev/urandom of=/xen/domains/full.img bs=1024 count=2048 2>/dev/null
printf 'QFI\373\000\000\000\003' > /xen/domains/web.qcow2
cat > /tmp/filedom.cfg <<CFG
name = "filedom"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 128
disk = [ "format=raw,vdev=xvda,access=rw,target=/xen/domains/web/disk.img" ]
CFG
run 120 xl create /tmp/filedom.cfg
diag "$OUT"
check "xl create filedom on /xen/domains/web/disk.img" [ "$RC" -eq 0 ]
run 60 domusctl images --units b
diag "$OUT"
images_out="$OUT"
same=yes
for f in domains/web/disk.img domains/full.img domains/web.qcow2; do
  run 10 stat -c '%s %b %B' "/xen/$f"
  # shellcheck disable=SC2086
  set -- $OUT
  want="$f ${1}B $(($2 * $3))B"
  got="$(printf '%s\n' "$images_out" | awk -v f="$f" '$1 == f { print $1, $3, $4 }')"
  diag "stat: $want; domusctl images: $got"
  [ "$want" = "$got" ] || same=no
done
OUT="$images_out"
check "domusctl images gives each file's size and allocated bytes as stat does" [ "$same" = yes ]
check "… the qcow2 header read as qcow2, the others as raw" \
  eval "has '^ *domains/web.qcow2 +qcow2 ' && has '^ *domains/full.img +raw ' && has '^ *domains/web/disk.img +raw '"
check "… and the domain using the image" has '^ *domains/web/disk.img .* filedom$'
run 60 domusctl images --folder /nonexistent
check "a folder that is not there, in words" eval '[ "$RC" -ne 0 ] && has "There is no folder /nonexistent on this host"'
run 60 xl destroy filedom

done_testing
