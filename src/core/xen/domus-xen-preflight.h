/* domus-xen-preflight.h: can this process manage the Xen host it runs on?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when this is a Xen control domain Domus may drive; otherwise a
 * DOMUS_ERROR_NO_XEN error saying precisely why not. @root is the file
 * system root to look under ("/" normally; tests pass a fake tree). */
gboolean domus_xen_preflight (const char  *root,
                              gboolean     is_root_user,
                              GError     **error);

G_END_DECLS
