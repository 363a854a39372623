#!/bin/sh
# Builds Domus and starts it: on the real Xen host when this is a Xen
# control domain, else on a simulated host. Extra arguments go to domus,
# e.g. `tools/run.sh --sim my-scene.json`.
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
# Run from the build folder: the schema, the example benchmark specs and the
# agent are the sources', not installed ones.
GSETTINGS_SCHEMA_DIR="$PWD/build/data" DOMUS_BENCHMARKS_DIR="$PWD/docs/benchmarks" \
  DOMUS_AGENT="$PWD/build/src/domus-agent" exec build/src/domus "$@"
