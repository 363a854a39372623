/* domus-vnc-view.h: a VNC session's screen, and the keyboard and pointer
 *
 * Shows the frame of a connected DomusVncSession as tiles of 256×256 pixels
 * (textures, or cairo surfaces under the cairo renderer), making again only
 * the tiles an update touched, scaled to fit the
 * widget or at 1:1 (then it asks for the frame's size: put it in a
 * GtkScrolledWindow). While it has the focus, keys go to the guest with
 * their scancodes (so the guest's layout applies) and are released when
 * it loses the focus; the pointer is absolute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vnc/domus-vnc-session.h"

G_BEGIN_DECLS

/* Small enough that a blinking cursor repaints little; few enough tiles
 * (35 for 800×600) that walking their nodes each frame costs little. */
#define DOMUS_VNC_VIEW_TILE 128

#define DOMUS_TYPE_VNC_VIEW (domus_vnc_view_get_type ())
G_DECLARE_FINAL_TYPE (DomusVncView, domus_vnc_view, DOMUS, VNC_VIEW, GtkWidget)

GtkWidget       *domus_vnc_view_new             (void);
/* A connected session, or NULL. */
void             domus_vnc_view_set_session     (DomusVncView     *self,
                                                 DomusVncSession  *session);
DomusVncSession *domus_vnc_view_get_session     (DomusVncView     *self);
void             domus_vnc_view_set_scale_to_fit (DomusVncView    *self,
                                                 gboolean          scale_to_fit);
gboolean         domus_vnc_view_get_scale_to_fit (DomusVncView    *self);
/* Presses @n keys in order, then releases them in reverse (Ctrl+Alt+Del). */
void             domus_vnc_view_send_keys       (DomusVncView     *self,
                                                 const guint      *keysyms,
                                                 const guint      *scancodes,
                                                 guint             n);
/* Releases in the guest the keys and buttons the user holds down, and
 * forgets them: their releases are not sent again when they come. Text
 * typed by a shortcut (Ctrl+Shift+V) would be typed with Ctrl held. */
void             domus_vnc_view_release_keys    (DomusVncView     *self);
/* The frame as a texture, or NULL before the first pixels. */
GdkTexture      *domus_vnc_view_dup_texture     (DomusVncView     *self);
/* How many tiles were made again since the session was set. */
guint64          domus_vnc_view_get_n_tile_uploads (DomusVncView  *self);
/* How many tile render nodes were made since the session was set: a tile
 * that did not change keeps its node from one frame to the next. */
guint64          domus_vnc_view_get_n_tile_nodes (DomusVncView    *self);

G_END_DECLS
