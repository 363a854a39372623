/* domus-remote-pipe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-pipe"

#include "config.h"

#include "domus-remote-pipe.h"

#define CHUNK_SIZE (64 * 1024)

/* Each read or write under way holds a reference: the pipe outlives its
 * owner's free until they have come back. */
struct _DomusRemotePipe
{
  GIOStream           *stream;
  GCancellable        *cancellable;
  DomusRemotePipeFunc  func;
  gpointer             user_data;
  GQueue               queued;      /* GBytes to write, oldest first */
  gsize                n_queued;    /* their bytes */
  gboolean             writing;
  gboolean             ended;       /* the function heard NULL, or the owner let go */
};

static void
pipe_clear (DomusRemotePipe *pipe)
{
  /* Once nothing reads or writes it: a socket's close does not block. */
  g_io_stream_close (pipe->stream, NULL, NULL);
  g_queue_clear_full (&pipe->queued, (GDestroyNotify) g_bytes_unref);
  g_clear_object (&pipe->cancellable);
  g_clear_object (&pipe->stream);
}

static void
pipe_unref (DomusRemotePipe *pipe)
{
  g_rc_box_release_full (pipe, (GDestroyNotify) pipe_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusRemotePipe, pipe_unref)

/* Said once: after it, the function may have freed the pipe. */
static void
end (DomusRemotePipe *pipe)
{
  if (pipe->ended)
    return;
  pipe->ended = TRUE;
  g_cancellable_cancel (pipe->cancellable);
  pipe->func (NULL, pipe->user_data);
}

static void read_next (DomusRemotePipe *pipe);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DomusRemotePipe) pipe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (pipe->ended)
    return;
  if (chunk == NULL || g_bytes_get_size (chunk) == 0)
    {
      if (error != NULL)
        g_debug ("read: %s", error->message);
      end (pipe);
      return;
    }
  pipe->func (chunk, pipe->user_data);
  if (!pipe->ended)
    read_next (pipe);
}

static void
read_next (DomusRemotePipe *pipe)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (pipe->stream), CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   pipe->cancellable, read_cb, g_rc_box_acquire (pipe));
}

static void write_next (DomusRemotePipe *pipe);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DomusRemotePipe) pipe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_queue_pop_head (&pipe->queued);
  gssize n = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);

  pipe->writing = FALSE;
  if (pipe->ended)
    return;
  if (n < 0)
    {
      g_debug ("write: %s", error->message);
      end (pipe);
      return;
    }
  pipe->n_queued -= (gsize) n;
  /* What the stream did not take goes first next time. */
  if ((gsize) n < g_bytes_get_size (chunk))
    g_queue_push_head (&pipe->queued,
                       g_bytes_new_from_bytes (chunk, (gsize) n, g_bytes_get_size (chunk) - (gsize) n));
  write_next (pipe);
}

static void
write_next (DomusRemotePipe *pipe)
{
  GBytes *chunk = g_queue_peek_head (&pipe->queued);

  if (chunk == NULL || pipe->writing)
    return;
  pipe->writing = TRUE;
  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (pipe->stream), chunk, G_PRIORITY_DEFAULT,
                                     pipe->cancellable, write_cb, g_rc_box_acquire (pipe));
}

DomusRemotePipe *
domus_remote_pipe_new (GIOStream           *stream,
                       DomusRemotePipeFunc  func,
                       gpointer             user_data)
{
  DomusRemotePipe *pipe;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  pipe = g_rc_box_new0 (DomusRemotePipe);
  pipe->stream = g_object_ref (stream);
  pipe->cancellable = g_cancellable_new ();
  pipe->func = func;
  pipe->user_data = user_data;
  g_queue_init (&pipe->queued);
  read_next (pipe);
  return pipe;
}

void
domus_remote_pipe_write (DomusRemotePipe *pipe,
                         GBytes          *chunk)
{
  g_return_if_fail (pipe != NULL);
  g_return_if_fail (chunk != NULL);

  if (pipe->ended || g_bytes_get_size (chunk) == 0)
    return;
  if (pipe->n_queued + g_bytes_get_size (chunk) > DOMUS_REMOTE_PIPE_MAX_QUEUED)
    {
      g_debug ("more than %u bytes wait to be written: the other side takes nothing",
               DOMUS_REMOTE_PIPE_MAX_QUEUED);
      end (pipe);
      return;
    }
  g_queue_push_tail (&pipe->queued, g_bytes_ref (chunk));
  pipe->n_queued += g_bytes_get_size (chunk);
  write_next (pipe);
}

void
domus_remote_pipe_free (DomusRemotePipe *pipe)
{
  if (pipe == NULL)
    return;
  pipe->ended = TRUE;
  /* The read (and write) under way end at once, and the stream with them. */
  g_cancellable_cancel (pipe->cancellable);
  pipe_unref (pipe);
}
