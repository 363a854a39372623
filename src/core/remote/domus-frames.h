/* domus-frames.h: the agent's stream in frames, D-Bus on one channel, samples on another
 *
 * A framed agent (domus-agent --framed) and the window talk over one byte
 * stream (the agent's standard streams: a pipe, ssh, pkexec; a socket pair
 * in tests) cut into frames:
 *
 *   [u8 channel][u32 length, little-endian][length bytes]
 *
 * Channel 0 carries the D-Bus connection's bytes: in each process the
 * GDBusConnection sits on one end of a socket pair and this object, on the
 * main loop, pumps between the other end and the stream (buffered, with
 * back-pressure both ways: a screen's update or a file's bytes go this way
 * too). Channel 1 carries the agent's samples: written and read by the two
 * main loops straight to and from the stream, with no D-Bus message and no
 * GDBus worker thread on the way (a sample a second, which woke three more
 * threads as a D-Bus signal than the refresh itself). A sample's frame is
 * the Sample signal's arguments, the same GVariant: an 8-byte header ('l'
 * or 'B' for the byte order of the GVariant that follows, then 7 zero
 * bytes) and the GVariant's serialised bytes.
 *
 * Only the main loop writes to the stream, so frames never interleave.
 * When the stream ends (or breaks, or brings a frame this end cannot read)
 * the D-Bus end is shut down once what came before is delivered: the
 * connection closes as when the stream itself ended, and
 * domus_frames_get_error() says why when it was not a clean end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOMUS_FRAMES_CHANNEL_DBUS   0
#define DOMUS_FRAMES_CHANNEL_SAMPLE 1
/* The command-line option that asks domus-agent for frames. */
#define DOMUS_FRAMES_OPTION         "--framed"

#define DOMUS_TYPE_FRAMES (domus_frames_get_type ())

G_DECLARE_FINAL_TYPE (DomusFrames, domus_frames, DOMUS, FRAMES, GObject)

/* A sample's frame: @sample, the GVariant it carried (native byte order). */
typedef void (*DomusFramesSampleFunc) (GVariant *sample,
                                       gpointer  user_data);

/* Frames @stream (its input and output pollable), pumped on the thread's
 * default main context; NULL and @error when no socket pair is to be had. */
DomusFrames *domus_frames_new               (GIOStream              *stream,
                                             GError                **error);
/* The stream for the GDBusConnection: channel 0. */
GIOStream   *domus_frames_get_dbus_stream   (DomusFrames            *self);
/* Where channel 1's samples go, each of @type (others are an error: the
 * stream ends). */
void         domus_frames_set_sample_func   (DomusFrames            *self,
                                             const GVariantType     *type,
                                             DomusFramesSampleFunc   func,
                                             gpointer                user_data);
/* Sends @sample on channel 1, after every D-Bus byte the connection has
 * written so far. FALSE once the stream has ended. */
gboolean     domus_frames_send_sample       (DomusFrames            *self,
                                             GVariant               *sample);
/* Why the stream ended, when it was not a clean end between frames; NULL
 * while it goes on or after a clean end. */
const GError *domus_frames_get_error        (DomusFrames            *self);
/* Every byte read from and written to the stream, frames' headers too. */
guint64      domus_frames_get_bytes_read    (DomusFrames            *self);
guint64      domus_frames_get_bytes_written (DomusFrames            *self);
/* Stops pumping and closes the D-Bus end. */
void         domus_frames_close             (DomusFrames            *self);

G_END_DECLS
