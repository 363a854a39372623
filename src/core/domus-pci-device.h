/* domus-pci-device.h: one PCI device of a host, as lspci and xl see it
 *
 * DomusHost keeps one per device in domus_host_get_pci_devices(), sorted
 * by BDF and updated in place each time the devices are read: who has it
 * (dom0's driver, pciback when it is assignable, a domain when attached).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_PCI_DEVICE (domus_pci_device_get_type ())
G_DECLARE_FINAL_TYPE (DomusPciDevice, domus_pci_device, DOMUS, PCI_DEVICE, GObject)

/* "0000:00:04.0" */
const char *domus_pci_device_get_bdf         (DomusPciDevice *self);
guint       domus_pci_device_get_vendor_id   (DomusPciDevice *self);
guint       domus_pci_device_get_device_id   (DomusPciDevice *self);
guint       domus_pci_device_get_class_code  (DomusPciDevice *self);
/* lspci's words for its class: "Ethernet controller". */
const char *domus_pci_device_get_class_name  (DomusPciDevice *self);
/* NULL when unknown (no pci.ids entry). */
const char *domus_pci_device_get_vendor_name (DomusPciDevice *self);
const char *domus_pci_device_get_device_name (DomusPciDevice *self);
/* Its name for people: the device's name, or "8086:100e" when unknown. */
char       *domus_pci_device_dup_title       (DomusPciDevice *self);
/* dom0's driver bound to it ("e1000", "pciback"), or NULL. */
const char *domus_pci_device_get_driver      (DomusPciDevice *self);
/* Bound to pciback, ready for a domain (xl pci-assignable-list). */
gboolean    domus_pci_device_get_assignable  (DomusPciDevice *self);
/* The domain it is attached to, or NULL. */
const char *domus_pci_device_get_domain      (DomusPciDevice *self);
/* In dom0's use: not assignable and not attached to a domain. */
gboolean    domus_pci_device_is_dom0s        (DomusPciDevice *self);

G_END_DECLS
