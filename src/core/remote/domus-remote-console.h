/* domus-remote-console.h: a domain's text console on the agent's host, here
 *
 * A pty of this computer whose other end is the domain's console on the
 * agent's host, through io.domus.Host1's OpenConsole: what the guest
 * prints is written to it, what is typed on it goes to the guest. Its
 * path is the domain's console path here, so the Console view (and the
 * benchmark runner's console watch) open it as any. It is raw, as
 * xl console's, and held open, so that nothing typed is echoed back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-dbus-host1.h"

G_BEGIN_DECLS

typedef struct _DomusRemoteConsole DomusRemoteConsole;

/* A pty for domain @domid's console (its path at once), connected once
 * the agent has opened that console; NULL and @error when no pty can be
 * had here. */
DomusRemoteConsole *domus_remote_console_new      (DomusDBusHost1      *proxy,
                                                   guint                domid,
                                                   GError             **error);
const char         *domus_remote_console_get_path (DomusRemoteConsole  *console);
/* What io.domus.Host1's ConsoleOutput and ConsoleClosed signals say: for
 * this console, and what. FALSE when @id is another console's. */
gboolean            domus_remote_console_output   (DomusRemoteConsole  *console,
                                                   guint64              id,
                                                   GVariant            *data);
gboolean            domus_remote_console_closed   (DomusRemoteConsole  *console,
                                                   guint64              id);
/* Closes it here and there. */
void                domus_remote_console_free     (DomusRemoteConsole  *console);

G_END_DECLS
