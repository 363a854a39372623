#!/bin/sh
# An HVM guest inside the dom0 booted by tests/xen/run.sh: Domus reports its
# VNC address and serial console, and a VNC client on the host (run.sh's
# host check) reaches it through QEMU's port forward.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step domus-hvm
export DOMUS_XEN_SUITE=hvm
glib_tap /test/test-xen-host
done_testing
