#!/bin/sh
# Runs Domus's real-Xen tests inside the dom0 booted by tests/xen/run.sh:
# test-xen-host (DomusXenHost against xl, xentop and real PV guests) and a
# few domusctl commands. GLib's TAP is renumbered into this script's.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step domus-host
diag "$(free -m)"
glib_tap /test/test-xen-host

# A test program that stopped half-way may leave its guests burning both
# pCPUs: destroy them, so that the steps after it are not slowed to a stall.
for d in $(xl list | awk 'NR > 2 { print $1 }'); do
  diag "left behind by test-xen-host: $d"
  run 60 xl destroy "$d"
done
diag "$(free -m)"
step domusctl
run 60 domusctl list
check "domusctl list shows Domain-0 on the real host" has '^Domain-0 +0 '
real_header="$(printf '%s\n' "$OUT" | head -n1)"
run 60 domusctl --simulated list
check "domusctl list prints the simulator's columns" [ "$(printf '%s\n' "$OUT" | head -n1)" = "$real_header" ]
run 60 domusctl sched Domain-0 --weight 300
run 60 xl sched-credit -d 0
[ "$(xl info | sed -n 's/^xen_scheduler *: //p')" = credit ] || run 60 xl sched-credit2 -d 0
check "domusctl sched sets what xl reads back" has '^Domain-0 +0 +300 '
run 60 domusctl --xen sched Domain-0 --weight 0
check "domusctl refuses weight 0 with a message" [ "$RC" -ne 0 ]
check "… naming the range" has '1 to 65535'

step info-dmesg
# domusctl info says what xl info says, field by field: every line xl
# prints, by its name, with the same value; free memory within 16 MiB (Xen
# may scrub or balloon between the two reads).
run 60 xl info
xl_info="$OUT"
run 60 domusctl info
domus_info="$OUT"
check "domusctl info runs on the real host" [ "$RC" -eq 0 ]
mismatch=""
fields=0
for key in $(printf '%s\n' "$xl_info" | sed -n 's/^\([a-z0-9_]*\) *:.*/\1/p'); do
  a="$(printf '%s\n' "$xl_info" | sed -n "s/^$key *: \{0,1\}//p" | head -n 1)"
  b="$(printf '%s\n' "$domus_info" | sed -n "s/^$key *: \{0,1\}//p" | head -n 1)"
  fields=$((fields + 1))
  if [ "$key" = free_memory ] && [ -n "$b" ] && [ $((a - b)) -le 16 ] && [ $((b - a)) -le 16 ]; then
    continue
  fi
  [ "$a" = "$b" ] || mismatch="$mismatch
$key: xl info '$a', domusctl info '$b'"
done
OUT="$mismatch"
check "domusctl info agrees with xl info on all $fields fields" [ -z "$mismatch" -a "$fields" -gt 25 ]
diag "$domus_info"
run 60 domusctl info --json
check "domusctl info --json has xl's names" has '"xen_commandline":'

# domusctl cpupool-list prints what xl cpupool-list prints, with -c too.
for opt in "" -c; do
  run 60 xl cpupool-list $opt
  xl_pools="$OUT"
  run 60 domusctl cpupool-list $opt
  check "domusctl cpupool-list $opt prints what xl cpupool-list $opt prints" [ "$OUT" = "$xl_pools" ]
  [ "$OUT" = "$xl_pools" ] || diag "xl: $xl_pools
domusctl: $OUT"
done

# domusctl dmesg prints Xen's console ring as xl dmesg does, byte for byte.
run 60 xl dmesg
xl_dmesg="$OUT"
run 60 domusctl dmesg
check "domusctl dmesg prints what xl dmesg prints" [ "$OUT" = "$xl_dmesg" ]
[ "$OUT" = "$xl_dmesg" ] || diag "$(printf '%s\n' "$xl_dmesg" > /tmp/xl.txt; printf '%s\n' "$OUT" > /tmp/domus.txt; diff /tmp/xl.txt /tmp/domus.txt | head -n 40)"
# --follow: what Xen writes while it runs comes once. xl debug-keys h makes
# Xen print its key handlers.
(timeout 60 domusctl dmesg --follow --iterations 8 > /tmp/follow.txt 2>&1) &
follower=$!
sleep 3
run 30 xl debug-keys h
wait "$follower"
OUT="$(cat /tmp/follow.txt)"
check "domusctl dmesg --follow prints the lines Xen writes as it runs" has "'h' pressed -> showing installed handlers"
followed=$(grep -c "'h' pressed" /tmp/follow.txt)
run 60 xl dmesg
check "… each once, as in xl dmesg" [ "$followed" -eq "$(printf '%s\n' "$OUT" | grep -c "'h' pressed")" ]

# Programs that crashed, as the kernel saw them (diagnostics only).
diag "$(dmesg | grep -iE 'segfault|general protection|invalid opcode|traps:' | tail -n 20)"

step bench-lifecycle
cat > /tmp/bench-guest.cfg <<CFG
name = "bench"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 128
CFG
# "ready": the guest's init says so on its console (tests/xen/guest-init).
cat > /tmp/lifecycle.json <<SPEC
{ "name": "tiny-pv", "kind": "lifecycle",
  "lifecycle": { "config": "/tmp/bench-guest.cfg", "memory_mib": [128], "domains": 1, "repetitions": 3,
                 "steps": ["create", "ready", "save", "restore", "destroy"],
                 "ready_pattern": "DOMUS-GUEST: up", "ready_timeout": 240 } }
SPEC
run 900 domusctl bench run /tmp/lifecycle.json --json /tmp/lifecycle.jsonl
check "domusctl bench run: create, ready, save, restore, destroy of the tiny PV guest 3 times" [ "$RC" -eq 0 ]
diag "$OUT"
OUT="$(cat /tmp/lifecycle.jsonl)"
counts=""
for s in create ready save restore destroy; do
  counts="$counts $(grep -c "\"step\":\"$s\"" /tmp/lifecycle.jsonl)"
done
check "… 3 timings of each step written" [ "$counts" = " 3 3 3 3 3" ]
check "… none failed" [ "$(grep -c '"error" *: *"' /tmp/lifecycle.jsonl)" -eq 0 ]
run 30 xl list
check "… and no guest left behind" [ "$(printf '%s\n' "$OUT" | grep -c '^bench')" -eq 0 ]

done_testing
