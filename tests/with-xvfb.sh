#!/bin/sh
# Runs a test on an X server of its own (Xvfb, 1280×800, 24 bits), so that
# window tests run side by side do not meet: the pointer, the focus and the
# clipboard's owner of one test are never another's.
# Usage: with-xvfb.sh PROGRAM [ARGS...]
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/domus-xvfb.XXXXXX")
mkfifo "$dir/display"
# Xvfb picks a free display itself and writes its number once it takes
# clients: no guessing, no race with other servers starting.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$dir/display" 2> "$dir/log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 143' TERM INT
read -r display < "$dir/display" || true
if [ -z "${display:-}" ]; then
  echo "with-xvfb.sh: Xvfb did not start:" >&2
  cat "$dir/log" >&2
  exit 1
fi
DISPLAY=":$display" "$@"
