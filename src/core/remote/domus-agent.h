/* domus-agent.h: a DomusHost served on a D-Bus connection
 *
 * What domus-agent runs: it exports io.domus.Host1 (data/io.domus.Host1.xml)
 * at DOMUS_AGENT_OBJECT_PATH on @connection, for DomusRemoteHost at the
 * other end. Once the other end calls Watch, the host reads itself on
 * its own timer and each sample goes as the Sample signal, a change from
 * the one sent before (an older client's Refresh reads @host when called
 * and returns it); each Perform is a request on @host, with its progress
 * and cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-frames.h"
#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_AGENT_OBJECT_PATH      "/io/domus/Host"
/* io.domus.Host1's ProtocolVersion: additions since it was named, plus 1. */
#define DOMUS_AGENT_PROTOCOL_VERSION 9

#define DOMUS_TYPE_AGENT (domus_agent_get_type ())

G_DECLARE_FINAL_TYPE (DomusAgent, domus_agent, DOMUS, AGENT, GObject)

/* NULL and @error when the object cannot be exported. */
DomusAgent *domus_agent_new          (DomusHost            *host,
                                      GDBusConnection      *connection,
                                      GError              **error);
/* Serves @host on @stream, a connection already authenticated (by pkexec,
 * ssh or a socket pair): the D-Bus handshake takes the ANONYMOUS
 * mechanism only. Done when the other end may call. */
void        domus_agent_serve_async  (DomusHost            *host,
                                      GIOStream            *stream,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
DomusAgent *domus_agent_serve_finish (GAsyncResult         *result,
                                      GError              **error);
GDBusConnection *domus_agent_get_connection (DomusAgent   *self);
/* How many of its host's consoles the other end holds open: each costs a
 * watch on the pty in every main-loop iteration. */
guint            domus_agent_get_n_consoles (DomusAgent   *self);
/* The connection runs on @frames' channel 0: samples go on its channel 1,
 * not as the Sample signal (domus-agent --framed). */
void             domus_agent_set_frames     (DomusAgent   *self,
                                             DomusFrames  *frames);
/* Says it is of ProtocolVersion @version (from 1 to the current one), as
 * an agent of an older Domus: for tests of what a client does with one.
 * Call it before the other end reads the properties. */
void             domus_agent_set_protocol_version (DomusAgent *self,
                                                   guint       version);

G_END_DECLS
