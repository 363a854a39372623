/* domus-remote-host.h: a host served by domus-agent, as a DomusHost
 *
 * The client end of io.domus.Host1 (data/io.domus.Host1.xml): it watches
 * the agent, which sends each sample (a change from the last) by itself,
 * on its host's clock at this host's refresh interval, and keeps no timer
 * of its own meanwhile (an agent of ProtocolVersion 5 or older is asked
 * for each sample instead); each request is carried out by the agent,
 * with its progress and cancel.
 * The agent may be this computer's, started through pkexec, or another
 * host's, through ssh; the connection is any stream to it. Pages, the
 * benchmark runner and domusctl use it as any other DomusHost.
 *
 * When the connection ends, the host keeps its last sample and reports
 * the end as its error (DOMUS_ERROR_CLOSED); one whose agent it started
 * starts it again at its next refresh, and goes on where it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_REMOTE_HOST (domus_remote_host_get_type ())

G_DECLARE_FINAL_TYPE (DomusRemoteHost, domus_remote_host, DOMUS, REMOTE_HOST, DomusHost)

/* Connects to the agent at the other end of @stream and reads the host's
 * facts; @clock is the host's (NULL: the wall clock): it paces the
 * refreshes of an agent that sends no samples by itself, and the tries to
 * start the agent again once the connection ended. */
void       domus_remote_host_new_async        (GIOStream            *stream,
                                               DomusClock           *clock,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* The same, the stream in frames (domus-frames.h): the other end serves
 * as domus-agent --framed does. */
void       domus_remote_host_new_framed_async (GIOStream            *stream,
                                               DomusClock           *clock,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DomusHost *domus_remote_host_new_finish       (GAsyncResult         *result,
                                               GError              **error);

/* Starts the agent at @address ("local", "ssh://[user@]host[:port]": see
 * domus-remote-address.h) and connects to it as above; the agent ends
 * with the host. An agent that cannot be reached or started says why. */
void       domus_remote_host_connect_async    (const char           *address,
                                               DomusClock           *clock,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* The same with a command line of the caller's (an agent serving on its
 * standard input and output). */
void       domus_remote_host_spawn_async      (const char * const   *argv,
                                               DomusClock           *clock,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* The bytes read from and written to the agent's stream in frames on the
 * connection of now, frames' headers too; both 0 while there is none, or
 * when it is not in frames (an older agent). */
void       domus_remote_host_get_traffic      (DomusRemoteHost      *self,
                                               guint64              *bytes_read,
                                               guint64              *bytes_written);

G_END_DECLS
