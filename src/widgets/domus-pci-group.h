/* domus-pci-group.h: the host's PCI devices on the Host page
 *
 * One row per device: what it is, who has it (dom0 and its driver,
 * pciback, a domain); the actions its state allows (Make Assignable…,
 * Give Back to dom0, Attach…, Detach…), each a DomusRequest, the ones that
 * take a device from dom0 or a domain confirmed first; a refusal shows in
 * a toast. Without an IOMMU a row says the hardware cannot attach any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_PCI_GROUP (domus_pci_group_get_type ())
G_DECLARE_FINAL_TYPE (DomusPciGroup, domus_pci_group, DOMUS, PCI_GROUP, AdwPreferencesGroup)

void          domus_pci_group_set_host (DomusPciGroup *self,
                                        DomusHost     *host);
/* The row of device @bdf ("0000:00:19.0"), or NULL; its action buttons
 * are named "assignable-add", "assignable-remove", "attach", "detach":
 * for tests. */
AdwActionRow *domus_pci_group_get_row  (DomusPciGroup *self,
                                        const char    *bdf);
/* The row that says why there are no rows or no passthrough, or NULL. */
AdwActionRow *domus_pci_group_get_notice_row (DomusPciGroup *self);

G_END_DECLS
