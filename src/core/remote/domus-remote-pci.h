/* domus-remote-pci.h: a host's PCI devices on the wire (ReadPci)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* @host's devices as last read, as ReadPci answers them: a(sqqusssbs),
 * floating. */
GVariant       *domus_remote_pci_encode (DomusHost  *host);
/* The sample an agent's answer holds; DOMUS_ERROR_PARSE for one that is
 * not one (too many, a BDF that is not one, a class out of range). */
DomusPciSample *domus_remote_pci_decode (gboolean    iommu,
                                         GVariant   *devices,
                                         GError    **error);

G_END_DECLS
