#!/bin/bash
# Boots a real Xen 4.17 host (PV dom0) under QEMU (TCG), runs a test script in
# dom0 and prints its TAP results, then "N passed, N failed".
#
# Usage: tests/xen/run.sh [TEST-SCRIPT] [SRC=DEST...]
#   TEST-SCRIPT  dom0 shell script (default tests/xen/dom0-smoke.sh), run as
#                /test/run.sh; tests/xen/tap.sh is at /test/tap.sh.
#   SRC=DEST     more host files to put into dom0 at DEST (absolute path);
#                +SRC=DEST also puts in the libraries the program SRC needs.
# $DOMUS_XEN_SCHED picks Xen's scheduler: credit (default) or credit2.
# $DOMUS_XEN_ARGS adds to Xen's command line (guest_loglvl=all: the HVM
# guests' firmware logs into Xen's console, xl dmesg and the serial log).
#
# A watchdog stops a boot that prints nothing for $DOMUS_XEN_SILENCE seconds
# (default 60; dom0's init prints a heartbeat every 10 s, so silence means a
# frozen dom0 or hypervisor), whose current step (see "DOMUS-XEN: step" lines)
# lasts more than $DOMUS_XEN_STEP_TIMEOUT seconds (default 180) or that lasts
# more than $DOMUS_XEN_TIMEOUT seconds (default 900). On such a stall it asks
# Xen for its state through the serial console's debug keys and prints it.
# A stall, a crash or an exit before the tests ended retries the whole boot
# once. Serial logs are kept on failure, or always with DOMUS_XEN_KEEP=1; the
# log of a boot that was retried is copied into $DOMUS_XEN_LOG_DIR if set.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
script="${1:-$here/dom0-smoke.sh}"
[ $# -eq 0 ] || shift
[ -f "$script" ] || { echo "run.sh: no such test script: $script" >&2; exit 2; }

silence="${DOMUS_XEN_SILENCE:-60}"
step_timeout="${DOMUS_XEN_STEP_TIMEOUT:-180}"
total_timeout="${DOMUS_XEN_TIMEOUT:-900}"
mem="${DOMUS_XEN_MEM:-2048}"
sched="${DOMUS_XEN_SCHED:-credit}"
# TCG with one host thread per vCPU (multi) or one for all (single).
tcg_thread="${DOMUS_XEN_TCG_THREAD:-multi}"
# DOMUS_XEN_ICOUNT=1: the emulated clock counts the instructions run, 8 ns
# each, and skips ahead when every pCPU is idle (-icount shift=3,sleep=off;
# one host thread for both pCPUs), so the time Xen's scheduler measures and
# shares out does not depend on what else this machine runs, nor on how fast
# it is: the scheduler's fidelity cases boot this way.
icount=()
if [ "${DOMUS_XEN_ICOUNT:-0}" = 1 ]; then
  tcg_thread=single
  icount=(-icount shift=3,sleep=off)
fi
# -smap: dom0 faults in create_bounce_frame with it. -avx,-avx2,-xsave: with
# them, dom0's processes (xl among them) crashed now and then in malloc or
# with a segfault, mostly under credit2, and libxenguest failed to unpack
# kernels: register state gets lost under TCG when Xen saves it with XSAVE.
# Without them no process died in the 8 boots since (3 of 4 credit2 boots
# had a crash before).
cpu="${DOMUS_XEN_CPU:-max,-smap,-avx,-avx2,-xsave}"
# DOMUS_XEN_HOSTFWD=HOSTPORT:DOM0PORT forwards 127.0.0.1:HOSTPORT into dom0.
# DOMUS_XEN_HOST_CHECK=CMD runs CMD on the host once dom0 prints
# "DOMUS-XEN: host-check"; its exit status is one more TAP result. It may
# take $DOMUS_XEN_HOST_CHECK_TIMEOUT seconds (default 120).
nic=(-nic none)
if [ -n "${DOMUS_XEN_HOSTFWD:-}" ]; then
  nic=(-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:${DOMUS_XEN_HOSTFWD%%:*}-10.0.2.15:${DOMUS_XEN_HOSTFWD#*:}"
       -device e1000,netdev=n0)
fi
# DOMUS_XEN_LINK=LOCALPORT:PEERPORT adds a NIC whose frames go, as UDP on
# the loopback, from 127.0.0.1:LOCALPORT to another boot's NIC listening on
# PEERPORT: two hosts of a lab on one wire (tests/xen/migrate.sh). Its MAC
# address is 52:54:00:d0 and then LOCALPORT, for dom0 to find it by.
if [ -n "${DOMUS_XEN_LINK:-}" ]; then
  if [ -z "${DOMUS_XEN_HOSTFWD:-}" ]; then nic=(); fi
  link_port="${DOMUS_XEN_LINK%%:*}"
  nic+=(-netdev "socket,id=n1,udp=127.0.0.1:${DOMUS_XEN_LINK#*:},localaddr=127.0.0.1:$link_port"
        -device "e1000,netdev=n1,mac=52:54:00:d0:$(printf '%02x:%02x' $((link_port / 256 % 256)) $((link_port % 256)))")
fi
# DOMUS_XEN_PCI_NIC=1 gives dom0 one more e1000, at 0000:00:09.0, on a
# network of its own that reaches nothing: a device to pass through
# (tests/xen/pci.sh). The other suites leave it unset and see no change.
if [ "${DOMUS_XEN_PCI_NIC:-0}" = 1 ]; then
  if [ "${nic[0]:-}" = -nic ]; then nic=(); fi
  nic+=(-netdev "user,id=pci0,restrict=on" -device "e1000,netdev=pci0,bus=pcie.0,addr=0x9,mac=52:54:00:12:34:99")
fi
# DOMUS_XEN_DISK=MIB gives dom0 a second disk of that size, empty, as
# /dev/vda (virtio): the lab's disk for LVM (dom0-lvm.sh). Sparse, in the
# boot's folder; made again for a retried boot.
disk=()
host_check_out=""
host_check_status=""

t0=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) $1" | awk '{printf "%.1f", $1 - $2}'; }

cache="$("$here/build-image.sh")"
work="$(mktemp -d /tmp/domus-xen.XXXXXX)"
qemu_pid=""
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill -KILL "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${DOMUS_XEN_DISK:-}" ]; then
  disk=(-drive "if=none,id=d1,format=raw,file=$work/disk.img" -device virtio-blk-pci,drive=d1)
fi

"$here/build-image.sh" overlay "$work/test.cpio.gz" \
  "$script=/test/run.sh" "$here/tap.sh=/test/tap.sh" "$@"
cat "$cache/base.cpio.gz" "$work/test.cpio.gz" > "$work/initrd.gz"
echo "# image ready in $(elapsed "$t0") s (cache $cache)"

# xen_state LOG: Xen's own view of a stalled boot, appended to LOG by QEMU.
# Ctrl-A three times switches the serial input from dom0 to Xen; then its
# debug keys: domains and their vCPUs (q), run queues (r), every pCPU's
# registers and stack (d). Returns once the output has been still for 3 s
# (at most 30 s: a frozen hypervisor answers nothing, which says as much).
xen_state() {
  local log="$1" size last=-1 still=0 i
  printf '\001\001\001' >&3
  for key in q r d; do
    printf '%s' "$key" >&3
    still=0
    for i in $(seq 1 10); do
      sleep 1
      size=$(stat -c %s "$log")
      if [ "$size" -eq "$last" ]; then still=$((still + 1)); else still=0; last=$size; fi
      [ "$still" -lt 3 ] || break
    done
  done
}

# boot N: one QEMU run; sets $outcome (done, stall, crash, exit), $where,
# $stall_at (the log's size when the stall was seen) and $step_times.
boot() {
  local n="$1" log="$work/serial.$1.log"
  local start now last_size=0 size last_out step="qemu" step_start
  : > "$log"
  if [ -n "${DOMUS_XEN_DISK:-}" ]; then
    rm -f "$work/disk.img"
    truncate -s "${DOMUS_XEN_DISK}M" "$work/disk.img"
  fi
  # Serial input: a FIFO held open here, for Xen's debug keys on a stall.
  rm -f "$work/serial.in"
  mkfifo "$work/serial.in"
  exec 3<> "$work/serial.in"
  qemu-system-x86_64 -accel "tcg,thread=$tcg_thread" "${icount[@]}" -machine q35 -cpu "$cpu" \
    -m "$mem" -smp 2 -display none -monitor none "${nic[@]}" "${disk[@]}" -no-reboot \
    -serial stdio -kernel "$cache/xen.elf" \
    -append "console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=2 sched=$sched noreboot ${DOMUS_XEN_ARGS:-}" \
    -initrd "$cache/vmlinuz console=hvc0 earlyprintk=xen quiet,$work/initrd.gz" \
    < "$work/serial.in" > "$log" 2>&1 &
  qemu_pid=$!
  start=$(date +%s); last_out=$start; step_start=$start
  outcome=""; where=""; stall_at=""; step_times=""
  local done_at="" first_tap=""
  while kill -0 "$qemu_pid" 2>/dev/null; do
    sleep 1
    now=$(date +%s)
    size=$(stat -c %s "$log")
    if [ "$size" -ne "$last_size" ]; then
      last_size=$size; last_out=$now
      local s
      s="$(grep -ao 'DOMUS-XEN: step [^[:cntrl:]]*' "$log" | tail -n1 | cut -d' ' -f3- || true)"
      if [ -n "$s" ] && [ "$s" != "$step" ]; then
        step_times="$step_times $step=$((now - step_start))s"
        step="$s"; step_start=$now
      fi
      if [ -z "$first_tap" ] && grep -aq 'TAP: ' "$log"; then
        first_tap=$now
        echo "# boot $n: first TAP line $((now - start)) s after QEMU start"
      fi
      if [ -z "$done_at" ] && grep -aq 'DOMUS-XEN: done' "$log"; then done_at=$now; fi
      if [ -n "${DOMUS_XEN_HOST_CHECK:-}" ] && [ -z "$host_check_status" ] &&
         grep -aq 'DOMUS-XEN: host-check' "$log"; then
        host_check_status=0
        host_check_out="$(timeout "${DOMUS_XEN_HOST_CHECK_TIMEOUT:-120}" sh -c "$DOMUS_XEN_HOST_CHECK" 2>&1)" ||
          host_check_status=$?
      fi
      if grep -aqE 'Panic on CPU|Kernel panic' "$log"; then
        outcome=crash; where="$step"; break
      fi
    fi
    if [ -n "$done_at" ]; then
      # Tests ended; give poweroff a little time, then stop QEMU anyway.
      [ $((now - done_at)) -lt 30 ] || break
    elif [ $((now - last_out)) -ge "$silence" ]; then
      outcome=stall; where="$step (no output for ${silence} s)"; break
    elif [ $((now - step_start)) -ge "$step_timeout" ]; then
      outcome=stall; where="$step (step over ${step_timeout} s)"; break
    elif [ $((now - start)) -ge "$total_timeout" ]; then
      outcome=stall; where="$step (boot over ${total_timeout} s)"; break
    fi
  done
  if [ "$outcome" = stall ]; then
    stall_at=$(stat -c %s "$log")
    xen_state "$log"
  fi
  step_times="$step_times $step=$(( $(date +%s) - step_start ))s"
  cleanup
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
  exec 3>&-
  if [ -z "$outcome" ]; then
    if grep -aq 'DOMUS-XEN: done' "$log"; then
      outcome="done"
    elif grep -aq 'DOMUS-XEN: fatal' "$log"; then
      outcome=crash; where="$(grep -ao 'DOMUS-XEN: fatal [^[:cntrl:]]*' "$log" | sed -n 1p)"
    else
      outcome="exit"; where="$step (QEMU exited early)"
    fi
  fi
  echo "# boot $n: $outcome after $(( $(date +%s) - start )) s${where:+ at step $where}"
  echo "# boot $n: seconds per step:$step_times"
}

attempt=1
boot 1
if [ "$outcome" != "done" ]; then
  echo "# infrastructure $outcome at step $where, retried; the boot's last serial lines:"
  head -c "${stall_at:-$(stat -c %s "$work/serial.1.log")}" "$work/serial.1.log" |
    LC_ALL=C tr -cd '\n\t -~' | tail -n 25 | sed 's/^/#   /'
  if [ -n "$stall_at" ]; then
    echo "# what Xen said of its state then (debug keys q, r, d):"
    # sed, not head: head's early exit would kill grep with SIGPIPE, and
    # under pipefail this script with it, before the retry.
    tail -c +"$((stall_at + 1))" "$work/serial.1.log" | LC_ALL=C tr -cd '\n\t -~' |
      grep -a '(XEN)' | sed -n '1,200s/^/#   /p'
  fi
  if [ -n "${DOMUS_XEN_LOG_DIR:-}" ]; then
    mkdir -p "$DOMUS_XEN_LOG_DIR"
    cp "$work/serial.1.log" "$DOMUS_XEN_LOG_DIR/$(basename "$script" .sh)-$sched-retried-$(date +%Y%m%d-%H%M%S).log"
  fi
  attempt=2
  boot 2
fi
log="$work/serial.$attempt.log"

# TAP: lines of the last boot, minus the watchdog's step markers.
tap="$(tr -d '\r' < "$log" | sed -n 's/^.*TAP: //p' | grep -v '^DOMUS-XEN: ' || true)"
[ -z "$tap" ] || printf '%s\n' "$tap"
passed=$(printf '%s\n' "$tap" | grep -c '^ok ' || true)
failed=$(printf '%s\n' "$tap" | grep -c '^not ok ' || true)
if [ -n "${DOMUS_XEN_HOST_CHECK:-}" ]; then
  printf '%s\n' "$host_check_out" | sed 's/^/# host: /'
  if [ "$host_check_status" = 0 ]; then
    echo "ok - host check: $DOMUS_XEN_HOST_CHECK"; passed=$((passed + 1))
  else
    echo "not ok - host check: $DOMUS_XEN_HOST_CHECK (${host_check_status:-never asked for})"
    failed=$((failed + 1))
  fi
fi
planned=$(printf '%s\n' "$tap" | sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' | tail -n1)
if [ -n "$planned" ] && [ $((passed + failed)) -lt "$planned" ]; then
  failed=$((planned - passed))
fi
status=0
if [ "$outcome" != "done" ]; then
  echo "# infrastructure failure at step $where after retry; serial log: $log"
  failed=$((failed + 1)); status=1
elif [ -z "$planned" ]; then
  echo "# no TAP plan printed; serial log: $log"
  failed=$((failed + 1)); status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "# total $(elapsed "$t0") s"
if [ $status -eq 0 ] && [ "${DOMUS_XEN_KEEP:-0}" = 0 ]; then
  rm -rf "$work"
else
  echo "# logs in $work"
fi
echo "$passed passed, $failed failed"
exit $status
