#!/bin/sh
# Builds Domus and runs every test (window tests on Xvfb), then prints
# one line: "N passed, N failed".
#
# tools/test.sh --sanitize does the same in a second tree, build-sanitize,
# built with AddressSanitizer and UndefinedBehaviorSanitizer: every suite but
# the real-Xen one, and of that one boot under the credit scheduler with the
# sanitized programs in dom0 (xen-credit-asan). A sanitizer's finding fails
# the test (docs/testing.md). Other arguments go to meson test.
set -eu
cd "$(dirname "$0")/.."

build=build
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build=build-sanitize
fi
# A run that stops before its tests must not leave an old log to count.
rm -f "$build/meson-logs/testlog.json"

tools/install-deps.sh --tests
if [ ! -d "$build" ]; then
  if [ "$build" = build-sanitize ]; then
    meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false
  else
    meson setup "$build"
  fi
fi
meson compile -C "$build"

status=0
# The window tests start an X server each (tests/with-xvfb.sh).
meson test -C "$build" --logbase testlog --print-errorlogs "$@" || status=$?

python3 tools/test-summary.py "$build/meson-logs/testlog.json" || true
exit $status
