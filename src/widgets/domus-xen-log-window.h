/* domus-xen-log-window.h: Xen's log (xl dmesg), searchable, following new lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_XEN_LOG_WINDOW (domus_xen_log_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusXenLogWindow, domus_xen_log_window, DOMUS, XEN_LOG_WINDOW, AdwWindow)

DomusXenLogWindow *domus_xen_log_window_new      (DomusHost         *host);
DomusHost         *domus_xen_log_window_get_host (DomusXenLogWindow *self);
/* What the window shows, as text. */
char              *domus_xen_log_window_dup_text (DomusXenLogWindow *self);

G_END_DECLS
