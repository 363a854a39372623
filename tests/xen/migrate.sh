#!/bin/bash
# Two Xen hosts of a lab on one wire: boots Xen 4.17 under QEMU twice
# (run.sh), lab-a and lab-b, joined by a NIC each whose frames cross the
# loopback (DOMUS_XEN_LINK), with OpenSSH's server, domus-agent and root's
# throwaway keys for the other host, and runs dom0-migrate.sh in both.
# Once lab-a has its guest, test-xen-migrate runs here, a desk's Domus
# window reaching both through ssh (QEMU forwards a port to each), and
# migrates the guest from lab-a to lab-b and back. Prints both boots'
# results, then "N passed, N failed" for the two together.
#
# Usage: migrate.sh DOMUSCTL DOMUS-AGENT TEST-XEN-MIGRATE
#        migrate.sh --check     (run.sh's host check on lab-a: the window's
#                                test, then it lets lab-a go on)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/xen/sshd-files.sh
. "$here/sshd-files.sh"

if [ "${1:-}" = --check ]; then
  status=0
  "$here/../with-xvfb.sh" "$DOMUS_XEN_MIGRATE_TEST" || status=$?
  # lab-a waits for this line before it goes on.
  ssh -F "$DOMUS_XEN_MIGRATE_SSH_CONFIG" lab-a 'echo done > /tmp/window-done' || status=1
  exit $status
fi

[ $# -eq 3 ] || { echo "usage: migrate.sh DOMUSCTL DOMUS-AGENT TEST-XEN-MIGRATE" >&2; exit 2; }
domusctl="$1"
agent="$2"

# Both boots use the same image: build it once, before either starts.
"$here/build-image.sh" > /dev/null
work="$(mktemp -d /tmp/domus-xen-migrate.XXXXXX)"
b_pid=""
cleanup() {
  if [ -n "$b_pid" ] && kill -0 "$b_pid" 2>/dev/null; then kill -TERM "$b_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -C domus-lab-a -f "$work/host_a"
ssh-keygen -q -t ed25519 -N '' -C domus-lab-b -f "$work/host_b"
ssh-keygen -q -t ed25519 -N '' -C domus-lab-root -f "$work/user_key"
{
  printf 'lab-a,10.1.0.1 %s\n' "$(cut -d' ' -f1,2 "$work/host_a.pub")"
  printf 'lab-b,10.1.0.2 %s\n' "$(cut -d' ' -f1,2 "$work/host_b.pub")"
} > "$work/known_hosts"
cat > "$work/ssh_config" <<EOF
Host lab-a
  HostName 10.1.0.1
Host lab-b
  HostName 10.1.0.2
Host *
  User root
  IdentityFile /test/ssh/user_key
  IdentitiesOnly yes
  UserKnownHostsFile /test/ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
EOF
dom0_sshd_files "$work"
# The desk's: the same names, through QEMU's forwarded ports.
cat > "$work/desk_ssh_config" <<EOF
Host lab-a
  HostName 127.0.0.1
  Port 5941
  HostKeyAlias lab-a
Host lab-b
  HostName 127.0.0.1
  Port 5942
  HostKeyAlias lab-b
Host *
  User root
  IdentityFile $work/user_key
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
EOF
echo a > "$work/role_a"
echo b > "$work/role_b"

# The wire: lab-a's NIC on UDP port 5931, lab-b's on 5932; the desk
# reaches lab-a's sshd on port 5941 and lab-b's on 5942. lab-b's last step
# lasts as long as all of lab-a's test.
boot() {
  local role="$1" link="$2" ssh_port="$3" step_timeout="$4"
  # guest_loglvl=all: the guest's firmware logs to Xen's console, which
  # dom0-migrate.sh reads to know when it has booted (and how it failed).
  DOMUS_XEN_LINK="$link" DOMUS_XEN_HOSTFWD="$ssh_port:22" DOMUS_XEN_STEP_TIMEOUT="$step_timeout" \
    DOMUS_XEN_TIMEOUT=2400 DOMUS_XEN_ARGS=guest_loglvl=all "$here/run.sh" "$here/dom0-migrate.sh" \
    "$work/role_$role=/test/role" \
    "+/usr/sbin/sshd=/usr/sbin/sshd" \
    "+/usr/bin/ssh=/usr/bin/ssh" \
    "$work/sshd_config=/test/ssh/sshd_config" \
    "$work/host_$role=/test/ssh/host_key" \
    "$work/user_key=/test/ssh/user_key" \
    "$work/user_key.pub=/test/ssh/authorized_keys" \
    "$work/known_hosts=/test/ssh/known_hosts" \
    "$work/ssh_config=/test/ssh/config" \
    "$work/passwd=/etc/passwd" \
    "+$domusctl=/usr/bin/domusctl" \
    "+$agent=/usr/libexec/domus-agent"
}
boot b 5932:5931 5942 2000 > "$work/b.out" 2>&1 &
b_pid=$!
a_status=0
DOMUS_XEN_HOST_CHECK="'$here/migrate.sh' --check" DOMUS_XEN_HOST_CHECK_TIMEOUT=1200 \
  DOMUS_XEN_MIGRATE_TEST="$3" DOMUS_XEN_MIGRATE_SSH_CONFIG="$work/desk_ssh_config" \
  boot a 5931:5932 5941 1400 > "$work/a.out" 2>&1 || a_status=$?
# lab-b ends once lab-a has told it so; if lab-a never did, it is stopped
# after three minutes more.
# (Not on this script's output: meson waits for everything holding it.)
( sleep 180 && kill -TERM "$b_pid" ) > /dev/null 2>&1 &
deadline=$!
b_status=0
wait "$b_pid" || b_status=$?
pkill -P "$deadline" 2>/dev/null || true
kill "$deadline" 2>/dev/null || true
b_pid=""

total_passed=0
total_failed=0
for role in a b; do
  echo "# lab-$role:"
  sed '$d' "$work/$role.out"
  summary="$(tail -n 1 "$work/$role.out")"
  passed="$(printf '%s\n' "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')"
  failed="$(printf '%s\n' "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')"
  if [ -z "$passed" ]; then
    echo "not ok - lab-$role's boot printed no summary"
    passed=0; failed=1
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
done
echo "$total_passed passed, $total_failed failed"
[ "$a_status" -eq 0 ] && [ "$b_status" -eq 0 ] && [ "$total_failed" -eq 0 ]
