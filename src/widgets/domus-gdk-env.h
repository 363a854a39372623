/* domus-gdk-env.h: GDK's environment, set before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call before gtk_init(). Under GSK's cairo renderer (GSK_RENDERER=cairo,
 * the user's choice) nothing draws with GL, yet GTK 4.8 loads and starts a
 * GL driver when it opens the display, to pick the window's visual: with
 * Mesa's llvmpipe that is 58 MiB of the process's memory (bench/vnc). Then
 * GDK_DEBUG gains gl-disable, unless GDK_DEBUG is set already. */
void domus_gdk_env_prepare (void);

G_END_DECLS
