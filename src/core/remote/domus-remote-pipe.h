/* domus-remote-pipe.h: bytes between a stream and the agent's connection
 *
 * Reads a stream in chunks and hands each to a function, in order, and
 * writes what it is given to the stream, in order, queued: neither ever
 * blocks the main context. The two ends of a screen carried through the
 * agent's connection use one each: the agent beside the VNC server, and
 * DomusRemoteHost beside the VNC session. GLib only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What may wait to be written before the other side is taken for stuck. */
#define DOMUS_REMOTE_PIPE_MAX_QUEUED (16 * 1024 * 1024)

typedef struct _DomusRemotePipe DomusRemotePipe;

/* A chunk read, or NULL once: the stream ended, failed, or took nothing
 * for DOMUS_REMOTE_PIPE_MAX_QUEUED bytes. The function may free the pipe. */
typedef void (*DomusRemotePipeFunc) (GBytes   *chunk,
                                     gpointer  user_data);

/* Starts reading @stream at once. */
DomusRemotePipe *domus_remote_pipe_new   (GIOStream           *stream,
                                          DomusRemotePipeFunc  func,
                                          gpointer             user_data);
void             domus_remote_pipe_write (DomusRemotePipe     *pipe,
                                          GBytes              *chunk);
/* Stops, and closes the stream (once the read under way has come back:
 * at the next turn of the main context); the function is not called again. */
void             domus_remote_pipe_free  (DomusRemotePipe     *pipe);

G_END_DECLS
