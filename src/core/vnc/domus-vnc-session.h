/* domus-vnc-session.h: one VNC connection, on libvncclient
 *
 * The rfbClient lives on a worker thread of its own, which reads the
 * server's messages and keeps a copy of the framebuffer (B, G, R, X bytes,
 * as QEMU sends them). The main context hears of new pixels through the
 * "updated" signal and of the end through the "closed" signal; the frame is
 * read with domus_vnc_session_dup_frame(). GLib only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_VNC_SESSION (domus_vnc_session_get_type ())
G_DECLARE_FINAL_TYPE (DomusVncSession, domus_vnc_session, DOMUS, VNC_SESSION, GObject)

DomusVncSession *domus_vnc_session_new            (const char           *host,
                                                   guint                 port);
/* Connects (handshake and all) off the main context. */
void             domus_vnc_session_connect_async  (DomusVncSession      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         domus_vnc_session_connect_finish (DomusVncSession      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* The server's name for its desktop, once connected. */
const char      *domus_vnc_session_get_name       (DomusVncSession      *self);
/* A copy of the framebuffer, 4 bytes a pixel (B, G, R, unused), rows of
 * @width × 4 bytes; NULL before the first pixels. */
GBytes          *domus_vnc_session_dup_frame      (DomusVncSession      *self,
                                                   guint                *width,
                                                   guint                *height);
/* How many framebuffer updates have arrived. */
guint64          domus_vnc_session_get_n_updates  (DomusVncSession      *self);
/* Why the connection ended, or NULL while it lasts. */
const GError    *domus_vnc_session_get_error      (DomusVncSession      *self);
/* Ends the connection and its thread; a connected session lives until
 * this is called. */
void             domus_vnc_session_close          (DomusVncSession      *self);

G_END_DECLS
