/* domus-xen-log.h: following Xen's console ring (xl dmesg)
 *
 * Xen keeps what it prints in a ring of a fixed size; reading it gives the
 * whole ring, its oldest lines dropped once it is full. A DomusXenLog
 * reads it through its host and hands back only what is new since its
 * last read (everything the first time), so that a view or
 * `domusctl dmesg --follow` can poll it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_XEN_LOG (domus_xen_log_get_type ())
G_DECLARE_FINAL_TYPE (DomusXenLog, domus_xen_log, DOMUS, XEN_LOG, GObject)

DomusXenLog *domus_xen_log_new         (DomusHost           *host);
DomusHost   *domus_xen_log_get_host    (DomusXenLog         *self);
/* Reads the ring; one read at a time. */
void         domus_xen_log_read_async  (DomusXenLog         *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* What the ring holds that the last read did not (may be empty). */
GBytes      *domus_xen_log_read_finish (DomusXenLog         *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* How many bytes at the start of @ring the previous read @old ended with:
 * the longest end of @old that @ring starts with. What follows is new. */
gsize        domus_xen_log_overlap     (const guint8        *old,
                                        gsize                old_len,
                                        const guint8        *ring,
                                        gsize                ring_len);

G_END_DECLS
