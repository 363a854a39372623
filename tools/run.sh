#!/bin/sh
# Builds Domus and starts it: on the real Xen host when this is a Xen
# control domain, else on a simulated host. Extra arguments go to domus,
# e.g. `tools/run.sh --sim my-scene.json`.
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
GSETTINGS_SCHEMA_DIR="$PWD/build/data" exec build/src/domus "$@"
