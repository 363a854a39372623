/* domus-remote-link.h: a connection to an agent, ready to be called
 *
 * The D-Bus connection over a stream to domus-agent (the caller's, or the
 * standard streams of an agent this starts), the proxy of io.domus.Host1
 * with its properties read, and the agent's process when it was started
 * here. DomusRemoteHost opens one when created and again when the agent
 * it talked to went away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-agent-process.h"
#include "domus-dbus-host1.h"
#include "domus-frames.h"
#include "domus-remote-address.h"

G_BEGIN_DECLS

typedef struct
{
  GDBusConnection   *connection;
  DomusDBusHost1    *proxy;
  DomusAgentProcess *agent;       /* NULL when the stream was the caller's */
  DomusFrames       *frames;      /* the stream in frames, or NULL: D-Bus alone */
  /* While opening: the command to start again without --framed when the
   * agent (of an older Domus) refused it. */
  GStrv              unframed_argv;
  DomusRemoteAddress *address;
} DomusRemoteLink;

/* Talks D-Bus over @stream, in frames (domus-frames.h) when @framed;
 * @agent (may be NULL) is the process at the other end, which explains a
 * failure. */
void             domus_remote_link_open_async  (GIOStream                 *stream,
                                                gboolean                   framed,
                                                DomusAgentProcess         *agent,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
/* Starts @argv, an agent serving on its standard streams (@address, may
 * be NULL, is where it leads, for messages), and talks to it: in frames,
 * with --framed added (to the remote command when @address is an ssh
 * one); when the agent refuses the option (an older Domus's) it is started
 * again as @argv, and talked to in D-Bus alone. */
void             domus_remote_link_spawn_async (const char * const        *argv,
                                                const DomusRemoteAddress  *address,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
/* The link, or NULL and @error: why the agent could not be reached or
 * started, or that it serves no io.domus.Host1. */
DomusRemoteLink *domus_remote_link_open_finish (GAsyncResult              *result,
                                                GError                   **error);
/* Stops the agent it started, if any. */
void             domus_remote_link_free        (DomusRemoteLink           *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusRemoteLink, domus_remote_link_free)

G_END_DECLS
