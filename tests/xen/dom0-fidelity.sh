#!/bin/sh
# The scheduler's fidelity cases alone (test-xen-host's /xen/fidelity),
# inside the dom0 booted by tests/xen/run.sh: for measuring the model
# against Xen without the rest of the suite (docs/credit-model.md).
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step domus-fidelity
export DOMUS_XEN_SUITE=fidelity
glib_tap /test/test-xen-host
done_testing
