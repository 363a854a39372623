/* domus-console-view.h: a domain's text console in a terminal
 *
 * Opens the domain's console through domus_host_open_console() when it has
 * one (its console-path), as `xl console` does (raw mode), holds it only
 * while it shows the domain, and shows it in a VteTerminal: what the
 * guest prints is fed to the terminal, what is typed goes to the guest.
 * (VtePty only takes a pty's master end; a console path is a slave end.)
 *
 * States, each an AdwStatusPage but "connected": "none" (no domain, or a
 * domain without a text console), "connected", "closed" (the console
 * hung up or the domain went; it reconnects by itself when the domain,
 * or a new one of the same name as after a reboot, shows a console
 * again) and "error" (the pty could not be opened).
 *
 * Widget actions: "console.copy" (Ctrl+Shift+C), "console.paste"
 * (Ctrl+Shift+V), "console.zoom-in" (Ctrl++), "console.zoom-out" (Ctrl+-),
 * "console.zoom-reset" (Ctrl+0), "console.reconnect".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "domus-domain.h"
#include "domus-host.h"

G_BEGIN_DECLS

typedef enum
{
  DOMUS_CONSOLE_VIEW_NONE,        /* no domain, or no console */
  DOMUS_CONSOLE_VIEW_CONNECTED,
  DOMUS_CONSOLE_VIEW_CLOSED,      /* the console went; its last output stays */
  DOMUS_CONSOLE_VIEW_ERROR,
} DomusConsoleViewState;

#define DOMUS_TYPE_CONSOLE_VIEW_STATE (domus_console_view_state_get_type ())
GType domus_console_view_state_get_type (void);

#define DOMUS_TYPE_CONSOLE_VIEW (domus_console_view_get_type ())
G_DECLARE_FINAL_TYPE (DomusConsoleView, domus_console_view, DOMUS, CONSOLE_VIEW, GtkWidget)

GtkWidget   *domus_console_view_new          (void);
/* The domain whose console to show, on @host (to follow it across
 * reboots); NULLs show "none". */
void         domus_console_view_set_target   (DomusConsoleView *self,
                                              DomusHost        *host,
                                              DomusDomain      *domain);
DomusDomain *domus_console_view_get_domain   (DomusConsoleView *self);
/* The "state" property. */
DomusConsoleViewState domus_console_view_get_state (DomusConsoleView *self);
VteTerminal *domus_console_view_get_terminal (DomusConsoleView *self);

G_END_DECLS
