/* domus-fleet-page.h: every host of the fleet, with its state and facts
 *
 * One row a host (DomusFleet): its name, how its connection goes
 * (connecting, connected, lost and why), and once read its Xen version,
 * scheduler, pCPUs, load, free memory and domains. Hosts are added by
 * address and removed here; "show-host" (a row activated) asks for a
 * host's pages here, "open-host" in a window of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-fleet.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_FLEET_PAGE (domus_fleet_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusFleetPage, domus_fleet_page, DOMUS, FLEET_PAGE, GtkWidget)

void        domus_fleet_page_set_fleet (DomusFleetPage *self,
                                        DomusFleet     *fleet);
DomusFleet *domus_fleet_page_get_fleet (DomusFleetPage *self);
/* Marks the row of @host, whose pages the window shows. */
void        domus_fleet_page_set_shown_host (DomusFleetPage *self,
                                             DomusHost      *host);
/* Adds the host at @text as the Add Host dialog does; FALSE and a toast
 * saying why when it cannot be. */
gboolean    domus_fleet_page_add       (DomusFleetPage *self,
                                        const char     *text);

G_END_DECLS
