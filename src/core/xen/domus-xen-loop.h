/* domus-xen-loop.h: libxl's events in a GLib main context
 *
 * libxl asks its application to watch file descriptors and timeouts for it
 * (libxl_osevent_hooks) and hands it events (domain shutdown and death) on
 * whatever thread happens to be inside libxl. DomusXenLoop does both on one
 * GMainContext: fds and timeouts become GSources there, and events are
 * forwarded to a callback run on that context, so libxl never needs a
 * thread of its own and the rest of Domus never sees libxl's threads.
 *
 * It also puts libxl in selective-reap SIGCHLD mode: libxl reaps only its own
 * children, and GSubprocess (which waits on pidfds) keeps working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define LIBXL_API_VERSION 0x041400
#include <glib.h>
#include <libxl.h>

G_BEGIN_DECLS

typedef struct _DomusXenLoop DomusXenLoop;

/* Called on the loop's context; owns @event (free with libxl_event_free). */
typedef void (*DomusXenEventFunc) (libxl_event *event,
                                   gpointer     user_data);

/* Registers the hooks on @ctx, which must be fresh (no libxl call made on it
 * yet). Events go to @func on @context. Lives as long as @ctx: free it after
 * libxl_ctx_free(). */
DomusXenLoop *domus_xen_loop_new  (libxl_ctx         *ctx,
                                   GMainContext      *context,
                                   DomusXenEventFunc  func,
                                   gpointer           user_data);
void          domus_xen_loop_free (DomusXenLoop      *loop);

/* Calls into Xen's libraries made outside libxl (libxenstat, libxenctrl on
 * handles of our own) go between these two, and never call libxl in
 * between. libxl forks (to destroy a domain, among others) only while no
 * such call is under way: a fork while another thread held one of those
 * libraries' process-wide locks (libxencall's hypercall buffer cache) left
 * the child, which calls xc_domain_destroy(), waiting for it for ever. */
void          domus_xen_loop_begin_direct_calls (DomusXenLoop *loop);
void          domus_xen_loop_end_direct_calls   (DomusXenLoop *loop);

G_END_DECLS
