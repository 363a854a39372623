/* domus-window.h: the main window, one per host
 *
 * With a fleet (domus_window_set_fleet()), its Hosts page lists every host
 * with its state and facts, and opens another host's pages in a window of
 * its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"
#include "domus-fleet.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_WINDOW (domus_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusWindow, domus_window, DOMUS, WINDOW, AdwApplicationWindow)

DomusWindow *domus_window_new                 (GtkApplication *application,
                                               DomusHost      *host);
DomusHost   *domus_window_get_host            (DomusWindow    *self);
void         domus_window_set_fleet           (DomusWindow    *self,
                                               DomusFleet     *fleet);
/* Shows @domain's page in the Domains view (selects its row). */
gboolean     domus_window_select_domain       (DomusWindow    *self,
                                               DomusDomain    *domain);
DomusDomain *domus_window_get_selected_domain (DomusWindow    *self);
/* The page of the view stack named @name ("domains", "qos", "host",
 * "benchmarks" or "hosts"), built now if it was not yet: the pages other
 * than the first are built the first time they are shown. */
GtkWidget   *domus_window_get_page            (DomusWindow    *self,
                                               const char     *name);

G_END_DECLS
