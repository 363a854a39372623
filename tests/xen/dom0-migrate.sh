#!/bin/sh
# dom0's side of the two-host test (tests/xen/migrate.sh): two Xen hosts of
# a lab, lab-a and lab-b, on one wire, each with OpenSSH's server and root's
# keys for the other, as the lab guide has students set up before
# `xl migrate`, and domus-agent for the Domus window on the desk. lab-a
# starts an HVM guest, which the window (test-xen-migrate, on the desk)
# migrates to lab-b and back through the agents; then domusctl refuses to
# migrate a PV guest, saying why, and times a migration there and back
# (domusctl bench, lab-b as the peer). lab-b waits until lab-a is done.
# /test/role says which one this is.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

# lacks REGEX: no line of $OUT matches.
lacks() { ! has "$1"; }

# m1_boots: waits until m1's firmware hands over to its boot sector
# (SeaBIOS's "Booting from 0000:7c00" in Xen's log, which has the guests'
# lines: guest_loglvl=all, migrate.sh) or m1 shuts down, at most 3
# minutes. Sets $STATE to "booted", "shut down (--ps--)", "gone" or "still
# in its firmware".
m1_boots() {
  _id="$(xl domid m1 2>/dev/null)"
  for _ in $(seq 1 180); do
    if xl dmesg | grep -aq "^(d$_id) Booting from 0000:7c00"; then STATE=booted; return; fi
    _state="$(xl list m1 2>/dev/null | tail -n 1 | awk '{ print $5 }')"
    case "$_state" in
      "") STATE=gone; return ;;
      *s*|*c*|*d*) STATE="shut down ($_state)"; return ;;
    esac
    sleep 1
  done
  STATE="still in its firmware"
}

role="$(cat /test/role)"
case "$role" in
  a) peer=b ;;
  *) peer=a ;;
esac

step link
ip link set lo up
# The NIC on the lab's wire: run.sh gives it a 52:54:00:d0 address.
link=""
for dev in /sys/class/net/*; do
  case "$(cat "$dev/address")" in 52:54:00:d0:*) link="$(basename "$dev")" ;; esac
done
ip addr flush dev "$link"
ip addr add "10.1.0.$([ "$role" = a ] && echo 1 || echo 2)/24" dev "$link"
ip link set "$link" up
mkdir -p /run/sshd /root/.ssh
chmod 600 /test/ssh/host_key /test/ssh/user_key
cp /test/ssh/config /root/.ssh/config
run 30 /usr/sbin/sshd -f /test/ssh/sshd_config -E /tmp/sshd.log
check "lab-$role: sshd starts on 10.1.0.x ($link)" [ "$RC" -eq 0 ]
# The disk the HVM guest boots from, at the same path on both hosts (the
# guide shares it over NFS): a boot sector that halts with interrupts on.
img=/var/lib/domus-xen/idle.img
{
  printf '\373\364\353\375'
  head -c 506 /dev/zero
  printf '\125\252'
  head -c 1047552 /dev/zero
} > "$img"

if [ "$role" = b ]; then
  step host-b
  rm -f /tmp/peer-done
  mkfifo /tmp/peer-done
  # Until lab-a says it is done with this host.
  run 1500 sh -c 'read -r line < /tmp/peer-done'
  check "lab-b: lab-a ran to its end" [ "$RC" -eq 0 ]
  run 30 xl list
  diag "$OUT"
  check "lab-b: the guest went back to lab-a" lacks '^m1 '
  diag "$(tail -n 20 /tmp/sshd.log)"
  done_testing
  exit
fi

step peer
# lab-b boots beside this host: ssh tries once a second until it answers.
run 400 ssh -o ConnectionAttempts=300 lab-b true
check "lab-a: reaches lab-b over ssh" [ "$RC" -eq 0 ]

step guest
# 128 MiB: with 64, the restore on the other side failed ("Failed to
# populate physmap", EBUSY). Its disk is served by QEMU (qdisk): dom0 has
# no hotplug scripts.
cat > /tmp/m1.cfg <<CFG
name = "m1"
type = "hvm"
memory = 128
vcpus = 1
disk = [ "format=raw,vdev=hda,access=rw,backendtype=qdisk,target=$img" ]
boot = "c"
vnc = 0
serial = "pty"
CFG
run 120 xl create /tmp/m1.cfg
check "lab-a: the HVM guest m1 is created" [ "$RC" -eq 0 ]
# The window's test starts from a guest in its boot sector, not one whose
# firmware still runs: once, the firmware triple-faulted mid-boot under TCG
# (its registers at a PCI configuration-space access) and m1 stayed shut
# down. Xen's log then shows the firmware's last lines and the fault, and
# m1 is created once more: that is the emulated machine failing, not Domus.
m1_boots
if [ "$STATE" != booted ]; then
  diag "m1 $STATE in its firmware; Xen's log:" "$(xl dmesg | tail -n 60)"
  run 60 xl destroy m1
  run 120 xl create /tmp/m1.cfg
  m1_boots
fi
check "lab-a: m1's firmware boots its disk" [ "$STATE" = booted ]

step host-check
rm -f /tmp/window-done
mkfifo /tmp/window-done
echo "DOMUS-XEN: host-check migrate"
# Until the window's test on the desk says it ended (migrate.sh --check).
run 1300 sh -c 'read -r line < /tmp/window-done'
check "lab-a: the window's test on the desk ran to its end" [ "$RC" -eq 0 ]
run 30 xl list
diag "$OUT"
check "lab-a: m1 is back from lab-b" has '^m1 +[0-9]+ '

step pv
# Debian's Xen is built without shadow paging, which a PV guest's live
# migration needs: Domus says so, and the guest runs on here.
cat > /tmp/g1.cfg <<CFG
name = "g1"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 128
CFG
run 120 xl create /tmp/g1.cfg
check "lab-a: the PV guest g1 is created" [ "$RC" -eq 0 ]
run 300 domusctl migrate g1 lab-b
diag "$OUT"
check "lab-a: domusctl refuses to migrate the PV guest" [ "$RC" -ne 0 ]
check "… saying why" has 'shadow paging'
run 30 xl list
check "… and g1 runs on here" has '^g1 +[0-9]+ '
run 60 xl destroy g1
run 60 xl destroy m1

step bench
# The cloud course's table from domusctl in lab-a's dom0: migration time
# there and back (migrate, return), lab-b reached through its agent over
# ssh as the peer. One repetition keeps the test short; each way takes
# about 50 s under TCG.
cat > /tmp/there-and-back.json <<SPEC
{ "name": "there-and-back", "kind": "lifecycle", "repetitions": 1,
  "lifecycle": { "config": "/tmp/m1.cfg", "memory_mib": [128], "domains": 1,
                 "steps": ["create", "migrate", "return", "destroy"],
                 "migrate_to": "lab-b", "return_to": "lab-a" } }
SPEC
# Xen's log from here on: the benchmark's guest is created and migrated at
# once, so the emulated machine's rare firmware crash (step guest, above)
# would fail the step; it reads as what it is, and the run is made once more.
xl dmesg -c > /dev/null
bench_run() {
  rm -f /tmp/there-and-back.jsonl
  run 900 domusctl bench run /tmp/there-and-back.json --json /tmp/there-and-back.jsonl \
    --peer 'ssh://lab-b?agent=/usr/libexec/domus-agent'
}
bench_run
if [ "$RC" -ne 0 ] && xl dmesg | grep -aq "Triple fault"; then
  diag "the benchmark's guest crashed in its firmware; Xen's log:" "$(xl dmesg | tail -n 60)" "$OUT"
  for host in "" "ssh lab-b"; do
    $host xl list | awk '/^bench/ { print $1 }' | while read -r name; do $host xl destroy "$name"; done
  done
  bench_run
fi
check "lab-a: domusctl bench: create, migrate to lab-b, return, destroy" [ "$RC" -eq 0 ]
diag "$OUT"
OUT="$(cat /tmp/there-and-back.jsonl)"
counts=""
for s in create migrate return destroy; do
  counts="$counts $(grep -c "\"step\":\"$s\"" /tmp/there-and-back.jsonl)"
done
check "… a timing of each step written" [ "$counts" = " 1 1 1 1" ]
check "… none failed" [ "$(grep -c '"error" *: *"' /tmp/there-and-back.jsonl)" -eq 0 ]
run 30 xl list
check "… and no guest left behind here" [ "$(printf '%s\n' "$OUT" | grep -c '^bench')" -eq 0 ]
run 60 ssh lab-b xl list
check "… nor on lab-b" [ "$(printf '%s\n' "$OUT" | grep -c '^bench')" -eq 0 ]

step done
run 60 ssh lab-b 'echo done > /tmp/peer-done'
check "lab-a: tells lab-b it is done" [ "$RC" -eq 0 ]
done_testing
