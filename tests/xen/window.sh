#!/bin/sh
# The Domus window on a real Xen host: boots Xen 4.17 under QEMU (run.sh)
# with OpenSSH's server and domus-agent in dom0, then, once dom0 has its
# guests ready, runs test-xen-window on this machine (on an X server of its
# own) against it through ssh and the agent, as a student's desk would
# reach a lab host. Throwaway host and user keys, made here for each run.
#
# Usage: window.sh TEST-XEN-WINDOW DOMUS-AGENT DOMUSCTL
#        window.sh --check     (run.sh's host check: the window test, then
#                               it lets dom0 go on)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/xen/sshd-files.sh
. "$here/sshd-files.sh"

# Runs COMMAND in dom0, through the forwarded port, with the run's keys.
dom0() {
  ssh -i "$DOMUS_XEN_WINDOW_KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
      -o UserKnownHostsFile="$DOMUS_XEN_WINDOW_KNOWN_HOSTS" -o LogLevel=ERROR \
      -p "$DOMUS_XEN_WINDOW_PORT" root@127.0.0.1 "$@"
}

if [ "${1:-}" = --check ]; then
  status=0
  "$here/../with-xvfb.sh" "$DOMUS_XEN_WINDOW_TEST" || status=$?
  # dom0 waits for this line before it checks what is left and powers off.
  dom0 'echo done > /tmp/window-done' || status=1
  exit $status
fi

[ $# -eq 3 ] || { echo "usage: window.sh TEST-XEN-WINDOW DOMUS-AGENT DOMUSCTL" >&2; exit 2; }
keys="$(mktemp -d /tmp/domus-xen-window.XXXXXX)"
trap 'rm -rf "$keys"' EXIT
ssh-keygen -q -t ed25519 -N '' -C domus-xen-host -f "$keys/host_key"
ssh-keygen -q -t ed25519 -N '' -C domus-xen-window -f "$keys/user_key"
port="${DOMUS_XEN_WINDOW_PORT:-5922}"
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$keys/host_key.pub")" > "$keys/known_hosts"
dom0_sshd_files "$keys"

export DOMUS_XEN_WINDOW_TEST="$1" DOMUS_XEN_WINDOW_KEY="$keys/user_key"
export DOMUS_XEN_WINDOW_KNOWN_HOSTS="$keys/known_hosts" DOMUS_XEN_WINDOW_PORT="$port"
export DOMUS_XEN_HOSTFWD="$port:22"
export DOMUS_XEN_HOST_CHECK="'$here/window.sh' --check"
export DOMUS_XEN_HOST_CHECK_TIMEOUT="${DOMUS_XEN_HOST_CHECK_TIMEOUT:-600}"
"$here/run.sh" "$here/dom0-window.sh" \
  "+/usr/sbin/sshd=/usr/sbin/sshd" \
  "$keys/sshd_config=/test/ssh/sshd_config" \
  "$keys/host_key=/test/ssh/host_key" \
  "$keys/user_key.pub=/test/ssh/authorized_keys" \
  "$keys/passwd=/etc/passwd" \
  "+$2=/usr/libexec/domus-agent" \
  "+$3=/usr/bin/domusctl"
