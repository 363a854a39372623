/* domus-console-watch.h: waits for a domain's console to print something
 *
 * Opens the domain's console through domus_host_open_console() (raw, as
 * `xl console` does), as soon as the host reports one, and reads it until
 * a regular expression matches what it printed: a guest booted far enough
 * to show its login prompt, say. The time of the match is on the host's
 * clock. A console that hangs up is opened again when the host reports
 * one. Reading takes the bytes from any other reader of the console.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CONSOLE_WATCH (domus_console_watch_get_type ())
G_DECLARE_FINAL_TYPE (DomusConsoleWatch, domus_console_watch, DOMUS, CONSOLE_WATCH, GObject)

/* Watches the console of the domain named @domain_name on @host. */
DomusConsoleWatch *domus_console_watch_new            (DomusHost         *host,
                                                       const char        *domain_name,
                                                       GRegex            *pattern);
/* When @pattern matched, in µs on the host's clock; -1 before. */
gint64             domus_console_watch_get_matched_at (DomusConsoleWatch *self);

G_END_DECLS
