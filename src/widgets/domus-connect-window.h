/* domus-connect-window.h: "Connecting to HOST…", until the host is there
 *
 * What the application shows while it connects to an agent (--connect), so
 * that ssh's questions have a window to be asked over and the main loop
 * runs: a spinner and Cancel, then ::connected with the host, or why not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_CONNECT_WINDOW (domus_connect_window_get_type ())

G_DECLARE_FINAL_TYPE (DomusConnectWindow, domus_connect_window, DOMUS, CONNECT_WINDOW, AdwApplicationWindow)

/* Starts connecting to @address (domus-remote-address.h); @application
 * may be NULL. */
DomusConnectWindow *domus_connect_window_new (GtkApplication *application,
                                              const char     *address);

G_END_DECLS
