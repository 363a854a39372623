#!/bin/sh
# Runs the whole test suite N times, each in a fresh clone of the current
# commit (as CI does), one after the other, and prints per test how often it
# ran and failed, and each run's wall time. A test that fails in any run is
# a flake to find and fix (see docs/testing.md).
#
# Usage: tools/flake-check.sh [N] [-- TEST.SH ARGS...]   (N defaults to 5)
# The clones stay under $DOMUS_FLAKE_DIR (default: a new /tmp/domus-flake.*)
# so the logs of a failed run can be read; their build trees are removed
# after each run, except where something failed.
set -eu
cd "$(dirname "$0")/.."

runs="${1:-5}"
[ $# -eq 0 ] || shift
[ "${1:-}" != "--" ] || shift
case "$runs" in
  ''|*[!0-9]*) echo "usage: tools/flake-check.sh [N] [-- TEST.SH ARGS...]" >&2; exit 2 ;;
esac

commit="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "flake-check: the work tree has uncommitted changes; checking $commit as committed" >&2
fi
top="${DOMUS_FLAKE_DIR:-$(mktemp -d /tmp/domus-flake.XXXXXX)}"
mkdir -p "$top"
rm -f "$top/times"
echo "# flake-check: $runs runs of $commit in $top"

i=1
while [ "$i" -le "$runs" ]; do
  dir="$top/run-$i"
  rm -rf "$dir"
  git clone -q --no-local "$PWD" "$dir"
  git -C "$dir" checkout -q "$commit"
  start=$(date +%s)
  status=0
  (cd "$dir" && tools/test.sh "$@") > "$top/run-$i.log" 2>&1 || status=$?
  end=$(date +%s)
  echo "$i $((end - start)) $status" >> "$top/times"
  echo "# run $i: $(tail -n 1 "$top/run-$i.log") in $((end - start)) s (exit $status)"
  if [ "$status" -eq 0 ]; then
    # Keep the test log; drop the build tree (hundreds of MB).
    find "$dir" -name testlog.json -path '*meson-logs*' -exec sh -c 'cp "$1" "$2/run-$3.$(basename "$(dirname "$(dirname "$1")")").testlog.json"' _ {} "$top" "$i" \;
    rm -rf "$dir"
  else
    find "$dir" -name testlog.json -path '*meson-logs*' -exec sh -c 'cp "$1" "$2/run-$3.$(basename "$(dirname "$(dirname "$1")")").testlog.json"' _ {} "$top" "$i" \;
  fi
  i=$((i + 1))
done

python3 - "$top" "$runs" <<'PY'
import collections, glob, json, os, sys

top, runs = sys.argv[1], int(sys.argv[2])
stats = collections.OrderedDict()
for path in sorted(glob.glob(os.path.join(top, "run-*.testlog.json"))):
    tree = path.split(".")[-3]
    for line in open(path):
        t = json.loads(line)
        name = t["name"] if tree == "build" else f"{t['name']} [{tree}]"
        s = stats.setdefault(name, {"runs": 0, "failed": 0, "retried": 0, "secs": []})
        s["runs"] += 1
        # A real-Xen boot the harness retried is a flake too, even if it passed.
        s["retried"] += "# infrastructure " in (t.get("stdout") or "")
        s["secs"].append(t.get("duration", 0.0))
        if t["result"] not in ("OK", "EXPECTEDFAIL", "SKIP"):
            s["failed"] += 1
width = max([len(n) for n in stats] + [4])
print(f"{'test':<{width}}  runs  failed  retried  median s  max s")
for name, s in sorted(stats.items(), key=lambda kv: (-kv[1]["failed"], -kv[1]["retried"], -max(kv[1]["secs"]))):
    secs = sorted(s["secs"])
    print(f"{name:<{width}}  {s['runs']:>4}  {s['failed']:>6}  {s['retried']:>7}  "
          f"{secs[len(secs) // 2]:>8.1f}  {secs[-1]:>5.1f}")
print()
print("run  wall s  exit")
failed_runs = 0
for line in open(os.path.join(top, "times")):
    i, secs, status = line.split()
    failed_runs += status != "0"
    print(f"{i:>3}  {secs:>6}  {status:>4}")
print(f"{runs - failed_runs} of {runs} runs passed; "
      f"{sum(s['failed'] for s in stats.values())} test failures, "
      f"{sum(s['retried'] for s in stats.values())} retried Xen boots")
PY
