/* domus-remote-screen.h: a domain's VNC server on the agent's host, here
 *
 * A Unix socket of this computer, in a folder only its user can enter,
 * that leads to the domain's VNC server on the agent's host: each
 * connection to it is carried through io.domus.Host1's OpenScreen (the
 * agent connects to the server) and the bytes go both ways untouched. A
 * VNC session connects to it as to the server itself, again as often as it
 * likes; nothing but the agent's connection has to reach the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-dbus-host1.h"

G_BEGIN_DECLS

typedef struct _DomusRemoteScreen DomusRemoteScreen;

/* Listens at @path for domain @domid's screen; NULL and @error when it
 * cannot. */
DomusRemoteScreen  *domus_remote_screen_new         (DomusDBusHost1     *proxy,
                                                     guint               domid,
                                                     const char         *path,
                                                     GError            **error);
GSocketConnectable *domus_remote_screen_dup_address (DomusRemoteScreen  *screen);
/* What io.domus.Host1's ScreenOutput and ScreenClosed signals say: for a
 * connection of this screen, and what. FALSE when @id is not one of its. */
gboolean            domus_remote_screen_output      (DomusRemoteScreen  *screen,
                                                     guint64             id,
                                                     GVariant           *data);
gboolean            domus_remote_screen_closed      (DomusRemoteScreen  *screen,
                                                     guint64             id);
/* Stops listening and closes its connections, here and there. */
void                domus_remote_screen_free        (DomusRemoteScreen  *screen);

G_END_DECLS
