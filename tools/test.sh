#!/bin/sh
# Builds Domus and runs every test (window tests under Xvfb), then prints
# one line: "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh --tests
[ -d build ] || meson setup build
meson compile -C build

status=0
xvfb-run -a -s '-screen 0 1280x800x24' meson test -C build --print-errorlogs "$@" || status=$?

python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    result = json.loads(line)["result"]
    if result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
