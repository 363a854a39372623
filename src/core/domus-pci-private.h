/* domus-pci-private.h: what DomusHost uses to create and update PCI devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-pci-device.h"
#include "domus-pci-sample.h"

G_BEGIN_DECLS

DomusPciDevice *_domus_pci_device_new    (const char                 *bdf);
void            _domus_pci_device_update (DomusPciDevice             *self,
                                          const DomusPciDeviceSample *device);

G_END_DECLS
