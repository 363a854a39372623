/* domus-cpupools-group.h: the host's cpupools on the Host page
 *
 * One row per pool: its scheduler, pCPUs and domains; a pCPU toggled in
 * or out of it (free pCPUs in, its own out, as Xen moves them), a domain
 * moved to it, an empty pool destroyed, and a new one made of free pCPUs.
 * Every change is a DomusRequest; a refusal shows in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CPUPOOLS_GROUP (domus_cpupools_group_get_type ())
G_DECLARE_FINAL_TYPE (DomusCpupoolsGroup, domus_cpupools_group, DOMUS, CPUPOOLS_GROUP, AdwPreferencesGroup)

void domus_cpupools_group_set_host (DomusCpupoolsGroup *self,
                                    DomusHost          *host);
/* The row of pool @name, or NULL: for tests. */
AdwExpanderRow *domus_cpupools_group_get_row (DomusCpupoolsGroup *self,
                                              const char         *name);

G_END_DECLS
