/* domus-screen-view.h: an HVM domain's screen, over VNC
 *
 * Connects to the VNC address the backend reports for the domain (QEMU's
 * server on Xen, the simulated installer on the simulator) and shows it in
 * a DomusVncView, with a bar above: the address, fit or 1:1, keys the
 * desktop would keep for itself (Ctrl+Alt+Del, Ctrl+Alt+F1..F12), a
 * screenshot to PNG and reconnect.
 *
 * States (DomusScreenViewState), each an AdwStatusPage but CONNECTED: NONE
 * (no domain, or no VNC server), CONNECTING, CONNECTED, PASSWORD (the
 * server asks for one, or refused the one typed), CLOSED (the server went:
 * it connects again by itself while the domain, or a new one of its name as
 * after a reboot, has a VNC server) and ERROR.
 *
 * Widget actions: "screen.reconnect", "screen.send-keys" ("s": "ctrl-alt-del",
 * "ctrl-alt-backspace", "ctrl-alt-f1".."ctrl-alt-f12"), "screen.screenshot"
 * (asks for a file) and "screen.save-screenshot" ("s": the path).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-domain.h"
#include "domus-host.h"
#include "domus-vnc-view.h"

G_BEGIN_DECLS

typedef enum
{
  DOMUS_SCREEN_VIEW_NONE,
  DOMUS_SCREEN_VIEW_CONNECTING,
  DOMUS_SCREEN_VIEW_CONNECTED,
  DOMUS_SCREEN_VIEW_PASSWORD,
  DOMUS_SCREEN_VIEW_CLOSED,
  DOMUS_SCREEN_VIEW_ERROR,
} DomusScreenViewState;

#define DOMUS_TYPE_SCREEN_VIEW_STATE (domus_screen_view_state_get_type ())
GType domus_screen_view_state_get_type (void);

#define DOMUS_TYPE_SCREEN_VIEW (domus_screen_view_get_type ())
G_DECLARE_FINAL_TYPE (DomusScreenView, domus_screen_view, DOMUS, SCREEN_VIEW, GtkWidget)

GtkWidget    *domus_screen_view_new         (void);
void          domus_screen_view_set_target  (DomusScreenView *self,
                                             DomusHost       *host,
                                             DomusDomain     *domain);
/* The "state" property: see above. */
DomusScreenViewState domus_screen_view_get_state (DomusScreenView *self);
/* Why it is CLOSED, ERROR or PASSWORD, or NULL. */
const char   *domus_screen_view_get_message (DomusScreenView *self);
DomusVncView *domus_screen_view_get_vnc_view (DomusScreenView *self);
/* Writes the current frame to a PNG file. */
gboolean      domus_screen_view_save_screenshot (DomusScreenView *self,
                                                 const char      *path,
                                                 GError         **error);
/* Whether Paste as Keystrokes (screen.paste-keys) is reading the clipboard
 * or typing: a long text is typed a piece at a time, with a progress bar
 * and Stop (screen.cancel-paste). */
gboolean      domus_screen_view_is_pasting (DomusScreenView *self);

G_END_DECLS
