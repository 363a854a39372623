#!/bin/sh
# Runs Domus's real-Xen tests inside the dom0 booted by tests/xen/run.sh:
# test-xen-host (DomusXenHost against xl, xentop and real PV guests) and a
# few domusctl commands. GLib's TAP is renumbered into this script's.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step domus-host
diag "$(free -m)"
glib_tap /test/test-xen-host

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

done_testing
