/* domus-pci-sample.h: what a backend reads of its host's PCI devices
 *
 * Plain structs, filled on any thread (the simulator from its scene, the
 * real host from sysfs and libxl's assignable list); DomusHost turns them
 * into DomusPciDevice updates on the main context (domus-host-pci.c).
 * Also the PCI words both need: a BDF ("0000:00:04.0") read as xl reads
 * one, a device class's name, and pci.ids for vendors' and devices' names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *bdf;          /* "0000:00:04.0": domain, bus, device, function */
  guint16   vendor_id;    /* 0x8086 */
  guint16   device_id;    /* 0x100e */
  guint32   class_code;   /* 0x020000: class, subclass, programming interface */
  char     *vendor_name;  /* "Intel Corporation", or NULL when unknown */
  char     *device_name;  /* "82540EM Gigabit Ethernet Controller", or NULL */
  char     *driver;       /* the dom0 driver bound to it ("e1000", "pciback"), or NULL */
  gboolean  assignable;   /* bound to pciback, in xl pci-assignable-list */
  char     *domain;       /* the domain it is attached to, or NULL */
} DomusPciDeviceSample;

typedef struct
{
  GArray   *devices;      /* DomusPciDeviceSample */
  gboolean  iommu;        /* whether Xen can pass devices through (hvm_directio) */
} DomusPciSample;

DomusPciSample       *domus_pci_sample_new   (void);
void                  domus_pci_sample_free  (DomusPciSample *sample);
DomusPciDeviceSample *domus_pci_sample_add   (DomusPciSample *sample,
                                              const char     *bdf);
DomusPciDeviceSample *domus_pci_sample_lookup (DomusPciSample *sample,
                                              const char     *bdf);

/* A BDF as xl pci-attach reads one, "0000:00:04.0" or "00:04.0" (hex,
 * either case), in the form sysfs and xl pci-assignable-list print:
 * "0000:00:04.0". FALSE with a message for anything else. */
gboolean              domus_pci_parse_bdf    (const char     *text,
                                              char          **bdf,
                                              GError        **error);
/* The BDF of one item of an xl config's pci list
 * ("0000:00:04.0@5,permissive=1"), canonical; NULL if it names none. */
char                 *domus_pci_spec_get_bdf (const char     *spec);
/* The name of a device class, as lspci says it ("Ethernet controller"). */
const char           *domus_pci_class_name   (guint32         class_code);
/* The vendor's and device's names in the pci.ids file @path
 * (/usr/share/misc/pci.ids); each NULL when not found. */
void                  domus_pci_ids_lookup   (const char     *path,
                                              guint16         vendor_id,
                                              guint16         device_id,
                                              char          **vendor_name,
                                              char          **device_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusPciSample, domus_pci_sample_free)

G_END_DECLS
