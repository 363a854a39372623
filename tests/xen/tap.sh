# TAP helpers for dom0 test scripts (sourced; busybox sh). Installed as
# /test/tap.sh next to the test script. Every line a test prints reaches the
# host with a "TAP: " prefix (added by /init).
#
#   step NAME              tell the host's watchdog which step runs now
#   run SECS CMD...        run CMD with a timeout; output in $OUT, status in $RC
#   pass DESC / fail DESC  print "ok N - DESC" / "not ok N - DESC"
#   check DESC COND...     pass if the shell command COND... succeeds, else fail
#                          and show $OUT as diagnostics
#   glib_tap CMD...        run a GLib test program with --tap; its results
#                          become this script's (a step marker after each)
#   done_testing           print the plan "1..N"; returns 1 when any failed
_tap_n=0
_tap_failed=0

step() { echo "DOMUS-XEN: step $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

run() {
  _t="$1"; shift
  OUT="$(timeout "$_t" "$@" 2>&1)"
  RC=$?
  [ $RC -ne 143 ] && [ $RC -ne 124 ] || OUT="$OUT
(timed out after ${_t}s: $*)"
  return 0
}

pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
fail() { _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1)); echo "not ok $_tap_n - $*"; }

check() {
  _desc="$1"; shift
  if "$@"; then
    pass "$_desc"
  else
    fail "$_desc"
    diag "exit status $RC; output:" "$OUT"
  fi
}

# has REGEX: $OUT has a line matching the extended REGEX.
has() { printf '%s\n' "$OUT" | grep -Eq "$1"; }

# stuck_after_bail NAME DONE: a test program that bailed out ends at once,
# unless a call into Xen never returns (seen: libxl's destroy child waiting
# on a lock its fork inherited, docs/testing.md). Then dom0 cannot go on: say so and
# power off, so that run.sh retries the boot now, not when the step's
# timeout runs out. What is waited for is the end of the program's output,
# not of the program: the call stuck may be in a child libxl forked (it
# calls xc_domain_destroy in one), which holds the output open after the
# program itself has died.
stuck_after_bail() {
  sleep 30
  [ ! -e "$2" ] || return 0
  echo "DOMUS-XEN: fatal $1 did not end 30 s after it bailed out: a call into Xen that never returns"
  ps -o pid,ppid,stat,args 2>/dev/null | sed 's/^/# /'
  # Where each of the program's processes waits: its kernel stack and
  # system call (202 is futex: a lock, e.g. one a fork inherited taken).
  for _pid in $(grep -l "$1" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    echo "# pid $_pid waits in $(cat "/proc/$_pid/wchan" 2>/dev/null), syscall $(cat "/proc/$_pid/syscall" 2>/dev/null)"
    sed "s/^/#   /" "/proc/$_pid/stack" 2>/dev/null
  done
  timeout 10 xl list 2>&1 | sed "s/^/# /"
  sync
  poweroff -f
}

glib_tap() {
  # Each run its own mark of the end of its output (DONE above).
  _glib_tap_runs=$((${_glib_tap_runs:-0} + 1))
  _done="/tmp/glib-tap.$_glib_tap_runs.done"
  rm -f /tmp/glib-tap "$_done"
  mkfifo /tmp/glib-tap
  "$@" --tap > /tmp/glib-tap 2>&1 &
  _pid=$!
  while IFS= read -r line; do
    case "$line" in
      "ok "*)     pass "${line#ok [0-9]* }"; step "after ${line#ok [0-9]* }" ;;
      "not ok "*) fail "${line#not ok [0-9]* }" ;;
      "1.."*)     ;;
      "Bail out!"*) echo "# $line"; stuck_after_bail "$(basename "$1")" "$_done" & ;;
      "#"*)       echo "$line" ;;
      *)          echo "# $line" ;;
    esac
  done < /tmp/glib-tap
  touch "$_done"
  wait $_pid
  RC=$?
  OUT="$1 exited with status $RC"
  check "$(basename "$1") ran to its end" [ "$RC" -eq 0 ]
}

done_testing() {
  echo "1..$_tap_n"
  [ $_tap_failed -eq 0 ]
}
