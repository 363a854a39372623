/* domus-xen-host.h: the real Xen host, on libxenlight and libxenstat
 *
 * Reads the host from a worker thread (libxenstat for usage, as xentop;
 * libxl for settings and vCPUs; libxenctrl for pCPU idle time), follows
 * libxl's domain shutdown and death events and xenstore's domain
 * introductions in the main loop, and carries out requests with libxl, or
 * with xl itself where only xl knows how (creating from an xl config,
 * restoring, migrating), so that domains Domus starts get xl's monitor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* Settings (scheduler parameters, memory target, hard affinity) are read on
 * the next refresh after a request or a libxl or xenstore event, and at
 * least on every this many: one changed by another tool (xl) shows by then. */
#define DOMUS_XEN_HOST_SETTINGS_EVERY 5

#define DOMUS_TYPE_XEN_HOST (domus_xen_host_get_type ())
G_DECLARE_FINAL_TYPE (DomusXenHost, domus_xen_host, DOMUS, XEN_HOST, DomusHost)

/* Opens the Xen host this process runs in (after domus_xen_preflight()
 * said yes); NULL with a DOMUS_ERROR_NO_XEN error if libxl cannot. */
DomusHost  *domus_xen_host_new                 (GError       **error);
/* What `xl migrate -s` runs in place of ssh; NULL for ssh. */
void        domus_xen_host_set_migrate_command (DomusXenHost  *self,
                                                const char    *command);

G_END_DECLS
