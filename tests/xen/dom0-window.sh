#!/bin/sh
# dom0's side of the window test (tests/xen/window.sh): OpenSSH's server
# for domus-agent, an HVM guest whose screen the window shows, and the tiny
# PV guest's config for the window to create; then it waits for the window
# test on the host to end and checks what it left.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step sshd
# The guest's VNC server and the agent meet on the loopback.
ip link set lo up
mkdir -p /run/sshd /root
chmod 600 /test/ssh/host_key
run 30 /usr/sbin/sshd -f /test/ssh/sshd_config -E /tmp/sshd.log
check "sshd starts in dom0" [ "$RC" -eq 0 ]
run 10 /usr/libexec/domus-agent --help
check "domus-agent runs in dom0" [ "$RC" -eq 0 ]

step guests
# As test-xen-host's HVM guest: SeaBIOS with no disk, its screen on VNC.
# SeaBIOS finds nothing to boot and resets after 60 s: the guest is kept as
# it is then, its screen still, rather than started again under a new id.
cat > /tmp/h1.cfg <<CFG
name = "h1"
type = "hvm"
memory = 128
vcpus = 1
tsc_mode = "native"
boot = "c"
vnc = 1
vnclisten = "127.0.0.1"
vncdisplay = 0
serial = "pty"
on_reboot = "preserve"
CFG
run 120 xl create /tmp/h1.cfg
check "the HVM guest h1 is created" [ "$RC" -eq 0 ]
# The window creates this one, through the agent.
cat > /tmp/tiny.cfg <<CFG
name = "tiny"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 128
CFG

step host-check
rm -f /tmp/window-done
mkfifo /tmp/window-done
echo "DOMUS-XEN: host-check window"
# Until the host's test says it ended (window.sh --check writes the line).
run 700 sh -c 'read -r line < /tmp/window-done'
check "the window test on the host ran to its end" [ "$RC" -eq 0 ]

run 30 xl list
diag "$OUT"
check "… the window created tiny" has '^tiny +[0-9]+ '
run 10 sh -c 'pidof domus-agent || true'
diag "agents running: $OUT"
diag "$(tail -n 20 /tmp/sshd.log)"
done_testing
