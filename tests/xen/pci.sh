#!/bin/sh
# PCI passthrough on a real Xen host: boots Xen 4.17 under QEMU (run.sh) with
# one more e1000 for dom0 (DOMUS_XEN_PCI_NIC), and runs dom0-pci.sh there:
# domusctl makes the NIC assignable and lists it as xl pci-assignable-list
# does, and attaching it to a guest, under TCG without an IOMMU, ends in the
# clear error. pciback's module is taken from the cached kernel package and
# put into dom0 with the test, so the base image (shared by every suite)
# stays as it is.
#
# Usage: pci.sh DOMUSCTL
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 1 ] || { echo "usage: pci.sh DOMUSCTL" >&2; exit 2; }

cache="$("$here/build-image.sh")"
work="$(mktemp -d /tmp/domus-xen-pci.XXXXXX)"
trap 'rm -rf "$work"' EXIT
deb="$(ls "$cache"/debs/linux-image-*.deb | head -n1)"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './lib/modules/*/xen-pciback.ko*'
ko="$(find "$work" -name 'xen-pciback.ko*' | head -n1)"
[ -n "$ko" ] || { echo "pci.sh: no xen-pciback module in $deb" >&2; exit 1; }
case "$ko" in
  *.ko.xz)  xz -dc "$ko" > "$work/xen-pciback.ko" ;;
  *.ko.zst) zstd -qdc "$ko" > "$work/xen-pciback.ko" ;;
  *)        cp "$ko" "$work/xen-pciback.ko" ;;
esac

export DOMUS_XEN_PCI_NIC=1
"$here/run.sh" "$here/dom0-pci.sh" \
  "$work/xen-pciback.ko=/test/xen-pciback.ko" \
  "+$1=/usr/bin/domusctl"
