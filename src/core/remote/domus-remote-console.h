/* domus-remote-console.h: a domain's text console on the agent's host, here
 *
 * A pty of this computer whose other end is the domain's console on the
 * agent's host, through io.domus.Host1's OpenConsole: what the guest
 * prints is written to it, what is typed on it goes to the guest.
 * domus_remote_console_open() gives its slave, raw as xl console's, to the
 * Console view (or the benchmark runner's console watch) through
 * domus_host_open_console(). Once every fd of the slave is closed, it
 * closes the agent's end too and is unused: a console open on the agent
 * costs both ends a watch in every main-loop iteration, so only the
 * consoles someone holds are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-dbus-host1.h"

G_BEGIN_DECLS

typedef struct _DomusRemoteConsole DomusRemoteConsole;

/* A pty for domain @domid's console, connected once the agent has opened
 * that console; NULL and @error when no pty can be had here. Open it
 * at once, for its first user. */
DomusRemoteConsole *domus_remote_console_new       (DomusDBusHost1      *proxy,
                                                    guint                domid,
                                                    GError             **error);
/* A new fd of its slave, raw, non-blocking, close-on-exec, for the caller
 * to close; -1 and @error when it cannot. Not once unused. */
int                 domus_remote_console_open      (DomusRemoteConsole  *console,
                                                    GError             **error);
/* TRUE once every fd open() gave was closed: it is closed here and there. */
gboolean            domus_remote_console_is_unused (DomusRemoteConsole  *console);
/* What io.domus.Host1's ConsoleOutput and ConsoleClosed signals say: for
 * this console, and what. FALSE when @id is another console's. */
gboolean            domus_remote_console_output    (DomusRemoteConsole  *console,
                                                    guint64              id,
                                                    GVariant            *data);
gboolean            domus_remote_console_closed    (DomusRemoteConsole  *console,
                                                    guint64              id);
/* Closes it here and there. */
void                domus_remote_console_free      (DomusRemoteConsole  *console);

G_END_DECLS
