/* domus-gdk-env.h: GDK's environment, set before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Call before gtk_init(). Under GSK's cairo renderer (GSK_RENDERER=cairo,
 * the user's choice) nothing draws with GL, yet GTK 4.8 loads and starts a
 * GL driver when it opens the display, to pick the window's visual: with
 * Mesa's llvmpipe that is 58 MiB of the process's memory (bench/vnc). Then
 * GDK_DEBUG gains gl-disable, unless GDK_DEBUG is set already. */
void domus_gdk_env_prepare (void);

/* GDK 4.8 on X11 ends every frame of a window by asking the X server, in
 * two GetProperty round trips, whether a window manager that answers
 * _NET_WM_FRAME_DRAWN runs; it keeps the answer only when one does, so
 * without one (a bare Xvfb, a kiosk X server) every frame pays them, and
 * the X server too (bench/vnc: a third of a blink frame's client system
 * calls). Without such a manager GDK cannot sync frames with it anyway:
 * when none runs as @widget is realized, frame sync is turned off for its
 * window (GDK 4.8 cannot turn it on again: a manager started later is
 * synced with from the window's next realize). No-op elsewhere than X11;
 * once per widget and per window. */
void domus_gdk_env_watch_frame_sync (GtkWidget *widget);

G_END_DECLS
