#!/usr/bin/env python3
"""Prints "N passed, N failed" (and ", N skipped" when some were) over one or
more of meson's test logs (BUILD/meson-logs/testlog.json), e.g. the normal and
the sanitizer tree together. A log that does not exist counts as one failed
test: that run ended before its tests did. Each failed test is named, with
its TAP "not ok" lines and its last lines of output, so a log's tail says
what failed. Exits 1 when any failed."""
import json
import sys

passed = failed = skipped = 0


def report_failure(result):
    print(f"# FAILED {result['name']}: {result['result']} ({result.get('duration', 0):.0f} s)")
    lines = (result.get("stdout") or "").splitlines()
    not_ok = [l for l in lines if l.startswith("not ok") or l.startswith("Bail out")]
    for line in not_ok[:10] + lines[-8:]:
        print(f"#   {line[:200]}")


for path in sys.argv[1:]:
    try:
        log = open(path, encoding="utf-8")
    except FileNotFoundError:
        print(f"# no test log {path}: that run ended before its tests", flush=True)
        failed += 1
        continue
    with log:
        for line in log:
            result = json.loads(line)
            if result["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result["result"] == "SKIP":
                skipped += 1
            else:
                failed += 1
                report_failure(result)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
