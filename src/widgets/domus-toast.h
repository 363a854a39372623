/* domus-toast.h: one way to tell the user something in passing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @message in a toast of the AdwToastOverlay around @widget (or
 * @widget itself), in place of the last one this function showed there:
 * a newer message replaces the last rather than queueing behind it. Without
 * an overlay, logs it with g_message(). */
void domus_show_toast (GtkWidget  *widget,
                       const char *message);

G_END_DECLS
