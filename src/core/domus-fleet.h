/* domus-fleet.h: the hosts one window shows
 *
 * This computer's host first, then the hosts the user added, each a
 * DomusFleetHost connecting on its own: one that cannot be reached, or is
 * lost, never holds the others up. An added host is named as the user
 * types it: "student@lab-3", "lab-3:2222", an alias of ~/.ssh/config, or a
 * whole address ("ssh://…", "local"). GLib only: the window keeps the
 * addresses in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-fleet-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_FLEET (domus_fleet_get_type ())

G_DECLARE_FINAL_TYPE (DomusFleet, domus_fleet, DOMUS, FLEET, GObject)

/* With @local, this computer's host, named @local_title; @clock paces the
 * added hosts' refreshes (NULL: the wall clock). */
DomusFleet     *domus_fleet_new            (DomusHost   *local,
                                            const char  *local_title,
                                            DomusClock  *clock);
/* DomusFleetHost, this computer's first. */
GListModel     *domus_fleet_get_hosts      (DomusFleet  *self);
/* Adds the host at @text (see above) and starts connecting to it; NULL
 * and @error when @text is not an address or the host is there already. */
DomusFleetHost *domus_fleet_add            (DomusFleet  *self,
                                            const char  *text,
                                            GError     **error);
/* Adds @host, which the caller connected at @address itself: the fleet
 * shows it and never connects it again (a test's simulated host). NULL and
 * @error as domus_fleet_add(). */
DomusFleetHost *domus_fleet_add_connected  (DomusFleet  *self,
                                            const char  *address,
                                            DomusHost   *host,
                                            GError     **error);
/* The host of the fleet @target ([user@]name, an xl migrate target such
 * as a benchmark's migrate_to) names, by its
 * domus_fleet_host_dup_migrate_name(), connected or not (the fleet's own
 * reference); NULL when none. */
DomusFleetHost *domus_fleet_find_migrate_target (DomusFleet *self,
                                            const char  *target);
void            domus_fleet_remove         (DomusFleet     *self,
                                            DomusFleetHost *host);
/* The added hosts' addresses, in order: what to keep for next time. */
GStrv           domus_fleet_dup_addresses  (DomusFleet  *self);

G_END_DECLS
