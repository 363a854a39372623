#!/bin/sh
# Installs, from Debian 12's archive, what building and testing Domus needs.
# Only missing packages are installed; needs root (uses sudo when not root).
set -eu

packages="
  meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsecret-1-dev libvte-2.91-gtk4-dev
  libxen-dev libvncserver-dev qemu-system-x86
  desktop-file-utils appstream
  openssh-client openssh-server polkitd libxml2-utils
  xvfb xauth fonts-cantarell fonts-dejavu-core adwaita-icon-theme librsvg2-common
"
case "${1:-}" in
  # pkexec and a dbus-daemon of its own for the polkit test (tests/test-polkit.c),
  # GNOME Keyring's daemon as the keyring of the ssh prompter's (test-ssh-prompter.c)
  --tests) packages="$packages python3 busybox-static cpio pkexec dbus-daemon gnome-keyring" ;;
  # clang and its libFuzzer, for the fuzzing tree
  --fuzz) packages="$packages python3 clang libclang-rt-14-dev" ;;
esac

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
