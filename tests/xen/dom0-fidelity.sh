#!/bin/sh
# The scheduler's fidelity cases (test-xen-host's /xen/fidelity/*, one test
# a case), inside the dom0 booted by tests/xen/run.sh with
# DOMUS_XEN_ICOUNT=1: the xen-fidelity-credit and -credit2 tests
# (tests/xen/meson.build, docs/credit-model.md).
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step domus-fidelity
export DOMUS_XEN_SUITE=fidelity
glib_tap /test/test-xen-host
done_testing
