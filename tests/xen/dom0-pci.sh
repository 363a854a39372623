#!/bin/sh
# PCI passthrough, run inside the Xen 4.17 dom0 by tests/xen/pci.sh: QEMU gave
# dom0 a second e1000 at 0000:00:09.0 (DOMUS_XEN_PCI_NIC), which dom0's e1000
# driver takes. domusctl lists it as dom0's, makes it assignable (pciback) and
# lists it as xl pci-assignable-list does; attaching it to a PV guest, under
# TCG where Xen finds no IOMMU, ends in Domus's clear error, word for word;
# then the NIC goes back to dom0's driver.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

# dom0 has no locales: GLib takes the terminal's character set from
# $CHARSET, so that domusctl's quotes print as they are, not as "?".
export CHARSET=UTF-8
bdf=0000:00:09.0
no_iommu="domusctl pci-attach: This host has no IOMMU: the hardware cannot pass a PCI device through to a domain (Xen reports no hvm_directio in xl info’s virt_caps)"

step pciback
run 30 insmod /test/xen-pciback.ko
check "pciback's module loads" [ "$RC" -eq 0 ]
run 30 xl info
diag "$(printf '%s\n' "$OUT" | grep -E '^virt_caps')"

step pci-list
run 60 domusctl --xen pci-list
check "domusctl pci-list: the e1000 at 00:09.0 is dom0's, driver e1000" \
  has "^$bdf +Ethernet controller +8086:100e +e1000 +no +- "
diag "$OUT"
check "… and it says the host has no IOMMU" has "this host has no IOMMU"

step pci-assignable-add
run 120 domusctl --xen pci-assignable-add 00:09.0
check "domusctl pci-assignable-add 00:09.0 succeeds" [ "$RC" -eq 0 ]
run 60 xl pci-assignable-list
xl_list="$OUT"
check "xl pci-assignable-list lists it" has "^$bdf( |\$)"
run 60 domusctl --xen pci-assignable-list
check "domusctl pci-assignable-list prints what xl pci-assignable-list prints" [ "$OUT" = "$xl_list" ]
diag "xl: $xl_list" "domusctl: $OUT"
run 60 domusctl --xen pci-list
check "domusctl pci-list: pciback has it, assignable" has "^$bdf +Ethernet controller +8086:100e +pciback +yes +- "

step guest
cat > /tmp/pci-guest.cfg <<CFG
name = "pciguest"
type = "pv"
kernel = "/var/lib/domus-xen/vmlinux.gz"
ramdisk = "/var/lib/domus-xen/guest.cpio.gz"
extra = "console=hvc0 quiet domus_burn=0"
memory = 128
CFG
run 240 xl create /tmp/pci-guest.cfg
check "a PV guest to attach it to" [ "$RC" -eq 0 ]

step pci-attach
run 120 domusctl --xen pci-attach pciguest 00:09.0
attach_rc=$RC
check "domusctl pci-attach fails" [ "$attach_rc" -eq 1 ]
check "… with the clear error, word for word" [ "$OUT" = "$no_iommu" ]
run 60 domusctl --xen pci-list pciguest
check "… and the guest has no device" [ "$OUT" = "Device" ]
# What xl says of the same, for the record.
run 120 xl pci-attach pciguest 00:09.0
diag "xl pci-attach pciguest 00:09.0: exit $RC" "$OUT"

step pci-assignable-remove
run 120 xl destroy pciguest
run 120 domusctl --xen pci-assignable-remove 00:09.0
check "domusctl pci-assignable-remove 00:09.0 succeeds (libxl cannot without an IOMMU: Domus ends it)" [ "$RC" -eq 0 ]
run 60 domusctl --xen pci-list
check "domusctl pci-list: dom0's e1000 driver has it again" has "^$bdf +Ethernet controller +8086:100e +e1000 +no +- "
run 60 xl pci-assignable-list
check "xl pci-assignable-list no longer lists it" [ -z "$(printf '%s\n' "$OUT" | grep -E "^$bdf( |\$)")" ]

# The same through xl, for the record, and given back by Domus once more.
step xl-pci-assignable-add
run 120 xl pci-assignable-add 00:09.0
diag "xl pci-assignable-add 00:09.0: exit $RC" "$OUT"
run 60 domusctl --xen pci-assignable-list
check "domusctl pci-assignable-list lists what xl pci-assignable-add made assignable" has "^$bdf \$"
run 120 domusctl --xen pci-assignable-remove 00:09.0
check "domusctl pci-assignable-remove gives it back" [ "$RC" -eq 0 ]
run 60 domusctl --xen pci-list
check "… to dom0's e1000 driver" has "^$bdf +Ethernet controller +8086:100e +e1000 +no +- "

done_testing
