#!/bin/sh
# Every source file with a translatable string is listed in POTFILES.in, so
# that its strings reach the template and the translations.
# Usage: check-potfiles.sh SOURCE-ROOT
set -eu
cd "$1"
listed=$(grep -v '^#' po/POTFILES.in)
status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(N_|_|C_|NC_) ?\("|translatable="yes"' src ui --include='*.c' --include='*.ui' | sort); do
  if ! printf '%s\n' "$listed" | grep -qx "$f"; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done
[ $status -ne 0 ] || echo "every file with translatable strings is in po/POTFILES.in"
exit $status
