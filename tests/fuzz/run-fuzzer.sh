#!/bin/sh
# run-fuzzer.sh BUILDDIR NAME SECONDS [LIBFUZZER-OPTION...]
#
# Runs the libFuzzer harness NAME of the fuzzing tree BUILDDIR (meson setup
# with -Dfuzzing=true, docs/testing.md) for SECONDS, from its seed corpus
# tests/fuzz/corpus/NAME and its regressions tests/fuzz/regressions/NAME,
# with tests/fuzz/NAME.dict when there is one. What it finds goes to
# BUILDDIR/tests/fuzz/NAME.work/: new inputs in corpus/, crashes in
# artifacts/; the sources are left alone.
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 BUILDDIR NAME SECONDS [LIBFUZZER-OPTION...]" >&2
  exit 2
fi
build=$1 name=$2 seconds=$3
shift 3
src=$(cd "$(dirname "$0")" && pwd)
harness=$build/tests/fuzz/fuzz-$name
work=$build/tests/fuzz/$name.work

if [ ! -x "$harness" ]; then
  echo "$0: no $harness: set up $build with -Dfuzzing=true (docs/testing.md)" >&2
  exit 2
fi
mkdir -p "$work/corpus" "$work/artifacts"
# GLib's slice allocator would hide leaks from LeakSanitizer.
export G_SLICE=always-malloc
# libFuzzer ends with 77 on a finding, which meson would count as skipped.
set -- -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
       -error_exitcode=1 -timeout_exitcode=1 \
       -artifact_prefix="$work/artifacts/" "$@"
if [ -f "$src/$name.dict" ]; then
  set -- -dict="$src/$name.dict" "$@"
fi
set -- "$@" "$work/corpus" "$src/corpus/$name"
if [ -d "$src/regressions/$name" ]; then
  set -- "$@" "$src/regressions/$name"
fi
exec "$harness" "$@"
