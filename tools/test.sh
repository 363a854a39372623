#!/bin/sh
# Builds Domus and runs every test (window tests on Xvfb), then prints
# one line: "N passed, N failed".
#
# tools/test.sh --sanitize does the same in a second tree, build-sanitize,
# built with AddressSanitizer and UndefinedBehaviorSanitizer: every suite but
# the real-Xen one, and of that one boot under the credit scheduler with the
# sanitized programs in dom0 (xen-credit-asan). A sanitizer's finding fails
# the test (docs/testing.md).
#
# tools/test.sh --fuzz builds a third tree, build-fuzz, with clang and
# libFuzzer, and runs the fuzz suite: every harness for a short budget
# (docs/testing.md, "Fuzzing"). Other arguments go to meson test.
set -eu
cd "$(dirname "$0")/.."

build=build
case "${1:-}" in
  --sanitize) shift; build=build-sanitize ;;
  --fuzz) shift; build=build-fuzz; set -- --suite fuzz "$@" ;;
esac
# A run that stops before its tests must not leave an old log to count.
rm -f "$build/meson-logs/testlog.json"

if [ "$build" = build-fuzz ]; then
  tools/install-deps.sh --fuzz
else
  tools/install-deps.sh --tests
fi
if [ ! -d "$build" ]; then
  case "$build" in
    build-sanitize) meson setup "$build" --werror -Db_sanitize=address,undefined -Db_lundef=false ;;
    build-fuzz) CC=clang meson setup "$build" --werror -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false ;;
    *) meson setup "$build" --werror ;;
  esac
fi
meson compile -C "$build"

status=0
# The window tests start an X server each (tests/with-xvfb.sh).
meson test -C "$build" --logbase testlog --print-errorlogs "$@" || status=$?

python3 tools/test-summary.py "$build/meson-logs/testlog.json" || true
exit $status
