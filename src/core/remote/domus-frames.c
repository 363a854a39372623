/* domus-frames.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-frames"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-frames.h"

#define HEADER_SIZE        5
#define SAMPLE_HEADER_SIZE 8
/* Bytes read at a time, and a frame of D-Bus bytes at most. */
#define CHUNK_SIZE         (64 * 1024)
/* Past this many bytes waiting to go one way, the other side is no
 * longer read: the slow side slows the fast one. */
#define HIGH_WATER         (512 * 1024)
/* A sample of 1000 domains is about 100 KiB whole: far above, a broken
 * stream. */
#define MAX_SAMPLE_SIZE    (64 * 1024 * 1024)
/* A write to a stream that may block past this is cut to it: a pipe said
 * writable takes that much at once. */
#define BLOCKING_WRITE_MAX 4096

struct _DomusFrames
{
  GObject                parent_instance;

  GIOStream             *stream;
  GPollableInputStream  *in;
  GPollableOutputStream *out;
  gboolean               out_may_block;  /* a stream of unknown kind */
  int                    in_fd;          /* a pipe's, read directly; or -1 */
  int                    out_fd;         /* a pipe's, written directly; or -1 */
  GSource               *in_source;      /* while the stream is read */
  GSource               *out_source;     /* while the stream takes no more */
  GByteArray            *to_stream;
  gsize                  to_stream_done;

  int                    fd;             /* this end of the socket pair */
  GIOStream             *dbus_stream;    /* the other end, the connection's */
  GSource               *fd_source;
  gpointer               fd_tag;
  GIOCondition           fd_events;      /* what fd_tag polls for */
  GByteArray            *to_dbus;
  gsize                  to_dbus_done;

  /* The frame being read. */
  guint8                 header[HEADER_SIZE];
  guint                  header_len;
  guint32                remaining;
  GByteArray            *frame;

  const GVariantType    *sample_type;
  DomusFramesSampleFunc  sample_func;
  gpointer               sample_data;
  /* The last sample sent or read, kept for its type: GLib 2.74 drops a
   * container type's info with the last value of that type, and building
   * it again cost more than the rest of decoding a sample. */
  GVariant              *last_sample;

  gboolean               in_ended;       /* nothing more comes from the stream */
  gboolean               out_broken;     /* nothing more goes to it */
  gboolean               dbus_shut;      /* the connection was told so */
  gboolean               dbus_ended;     /* nothing more comes from the connection */
  gboolean               closed;
  gboolean               reading;        /* in stream_readable_cb() */
  GError                *error;
  guint64                n_read;
  guint64                n_written;
};

G_DEFINE_FINAL_TYPE (DomusFrames, domus_frames, G_TYPE_OBJECT)

static void update (DomusFrames *self);

static gsize
pending (GByteArray *array,
         gsize       done)
{
  return array->len - done;
}

/* Drops what was written from the front once it is most of the array. */
static void
consumed (GByteArray *array,
          gsize      *done,
          gsize       n)
{
  *done += n;
  if (*done == array->len)
    {
      g_byte_array_set_size (array, 0);
      *done = 0;
    }
  else if (*done > CHUNK_SIZE && *done > array->len / 2)
    {
      g_byte_array_remove_range (array, 0, *done);
      *done = 0;
    }
}

/* The stream is over: nothing more is read from it, and the connection is
 * told once what came before is delivered. @error (taken, may be NULL)
 * says why when it was not a clean end. */
static void
end_input (DomusFrames *self,
           GError      *error)
{
  if (error != NULL && self->error == NULL)
    {
      g_debug ("The stream ended: %s", error->message);
      self->error = error;
    }
  else
    g_clear_error (&error);
  self->in_ended = TRUE;
}

static gboolean stream_writable_cb (GObject     *stream,
                                    DomusFrames *self);

static gssize
fd_failed (GError **error)
{
  int saved = errno;

  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
  return -1;
}

/* GLib 2.74's pipes have no write_nonblocking() nor read_nonblocking() of
 * their own: GIO's default polls the pipe twice before each write or
 * read. A pipe made non-blocking is written and read here at once. */
static gssize
write_stream (DomusFrames   *self,
              const guint8  *data,
              gsize          size,
              GError       **error)
{
  gssize n;

  if (self->out_fd < 0)
    return g_pollable_output_stream_write_nonblocking (self->out, data, size, NULL, error);
  do
    n = write (self->out_fd, data, size);
  while (n < 0 && errno == EINTR);
  return n >= 0 ? n : fd_failed (error);
}

static gssize
read_stream_once (DomusFrames  *self,
                  guint8       *buffer,
                  gsize         size,
                  GError      **error)
{
  gssize n;

  if (self->in_fd < 0)
    return g_pollable_input_stream_read_nonblocking (self->in, buffer, size, NULL, error);
  do
    n = read (self->in_fd, buffer, size);
  while (n < 0 && errno == EINTR);
  return n >= 0 ? n : fd_failed (error);
}

/* Writes what waits for the stream, until it would block. */
static void
flush_stream (DomusFrames *self)
{
  while (!self->closed && pending (self->to_stream, self->to_stream_done) > 0)
    {
      gsize size = pending (self->to_stream, self->to_stream_done);
      g_autoptr(GError) error = NULL;
      gssize n;

      if (self->out_may_block)
        size = MIN (size, BLOCKING_WRITE_MAX);
      n = write_stream (self, self->to_stream->data + self->to_stream_done, size, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->out_source == NULL)
            {
              self->out_source = g_pollable_output_stream_create_source (self->out, NULL);
              g_source_set_callback (self->out_source, (GSourceFunc) (void (*) (void)) stream_writable_cb, self,
                                     NULL);
              g_source_attach (self->out_source, NULL);
            }
          return;
        }
      if (n <= 0)
        {
          /* The other end reads no more: what waits for it, and all the
           * connection says from now on, is dropped. What it wrote
           * before it went (its last words) is still read, to its end. */
          g_debug ("Cannot write to the stream: %s", error != NULL ? error->message : "nothing written");
          g_byte_array_set_size (self->to_stream, 0);
          self->to_stream_done = 0;
          self->out_broken = TRUE;
          return;
        }
      self->n_written += n;
      consumed (self->to_stream, &self->to_stream_done, n);
    }
}

/* Writes what waits for the connection, until it would block. */
static void
flush_dbus (DomusFrames *self)
{
  while (self->fd >= 0 && pending (self->to_dbus, self->to_dbus_done) > 0)
    {
      ssize_t n = send (self->fd, self->to_dbus->data + self->to_dbus_done,
                        pending (self->to_dbus, self->to_dbus_done), MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (n <= 0)
        {
          /* The connection is closed here: nothing more to give it. */
          g_byte_array_set_size (self->to_dbus, 0);
          self->to_dbus_done = 0;
          self->dbus_ended = TRUE;
          return;
        }
      consumed (self->to_dbus, &self->to_dbus_done, n);
    }
}

/* Reads what the connection wrote, each read a frame of channel 0, until
 * it would block or the stream has enough waiting. */
static void
read_dbus (DomusFrames *self)
{
  while (self->fd >= 0 && !self->dbus_ended && pending (self->to_stream, self->to_stream_done) < HIGH_WATER)
    {
      gsize at = self->to_stream->len;
      ssize_t n;

      /* Read straight behind a header left room for. */
      g_byte_array_set_size (self->to_stream, at + HEADER_SIZE + CHUNK_SIZE);
      n = recv (self->fd, self->to_stream->data + at + HEADER_SIZE, CHUNK_SIZE, 0);
      if (n <= 0)
        {
          g_byte_array_set_size (self->to_stream, at);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
          self->dbus_ended = TRUE;
          return;
        }
      else
        {
          guint32 length = GUINT32_TO_LE ((guint32) n);

          self->to_stream->data[at] = DOMUS_FRAMES_CHANNEL_DBUS;
          memcpy (self->to_stream->data + at + 1, &length, 4);
          g_byte_array_set_size (self->to_stream, at + HEADER_SIZE + n);
          if (self->out_broken)
            g_byte_array_set_size (self->to_stream, self->to_stream_done);
        }
    }
}

static void
deliver_sample (DomusFrames *self)
{
  g_autoptr(GBytes) frame = g_byte_array_free_to_bytes (g_steal_pointer (&self->frame));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GVariant) sample = NULL;
  const guint8 *data = g_bytes_get_data (frame, NULL);
  char order = G_BYTE_ORDER == G_LITTLE_ENDIAN ? 'l' : 'B';

  if (data[0] != 'l' && data[0] != 'B')
    {
      end_input (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_PARSE,
                                    _("The agent sent a sample in an unknown byte order (%u)"), data[0]));
      return;
    }
  /* The body starts 8 bytes in: aligned as GVariant wants it. */
  body = g_bytes_new_from_bytes (frame, SAMPLE_HEADER_SIZE, g_bytes_get_size (frame) - SAMPLE_HEADER_SIZE);
  sample = g_variant_ref_sink (g_variant_new_from_bytes (self->sample_type, body, FALSE));
  if (data[0] != order)
    {
      GVariant *swapped = g_variant_byteswap (sample);

      g_variant_unref (sample);
      sample = g_variant_ref_sink (swapped);
    }
  self->sample_func (sample, self->sample_data);
  g_clear_pointer (&self->last_sample, g_variant_unref);
  self->last_sample = g_steal_pointer (&sample);
}

/* Takes @size bytes read from the stream, frame by frame. */
static void
parse (DomusFrames  *self,
       const guint8 *data,
       gsize         size)
{
  while (size > 0 && !self->in_ended && !self->closed)
    {
      guint32 n;

      if (self->header_len < HEADER_SIZE)
        {
          n = MIN (size, HEADER_SIZE - self->header_len);
          memcpy (self->header + self->header_len, data, n);
          self->header_len += n;
          data += n;
          size -= n;
          if (self->header_len < HEADER_SIZE)
            return;
          memcpy (&self->remaining, self->header + 1, 4);
          self->remaining = GUINT32_FROM_LE (self->remaining);
          if (self->header[0] == DOMUS_FRAMES_CHANNEL_SAMPLE
              && (self->sample_func == NULL || self->remaining < SAMPLE_HEADER_SIZE
                  || self->remaining > MAX_SAMPLE_SIZE))
            {
              end_input (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_PARSE,
                                            _("The agent sent a sample this end cannot take (%u bytes)"),
                                            self->remaining));
              return;
            }
          if (self->header[0] != DOMUS_FRAMES_CHANNEL_DBUS && self->header[0] != DOMUS_FRAMES_CHANNEL_SAMPLE)
            {
              end_input (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_PARSE,
                                            _("The agent sent a frame on an unknown channel (%u): it is not "
                                              "a framed agent of this Domus"), self->header[0]));
              return;
            }
          if (self->header[0] == DOMUS_FRAMES_CHANNEL_SAMPLE)
            self->frame = g_byte_array_sized_new (self->remaining);
        }
      n = MIN (size, self->remaining);
      if (self->header[0] == DOMUS_FRAMES_CHANNEL_DBUS)
        g_byte_array_append (self->to_dbus, data, n);
      else
        g_byte_array_append (self->frame, data, n);
      data += n;
      size -= n;
      self->remaining -= n;
      if (self->remaining == 0)
        {
          self->header_len = 0;
          if (self->header[0] == DOMUS_FRAMES_CHANNEL_SAMPLE)
            deliver_sample (self);
        }
    }
}

/* Reads the stream once, as much as there is up to a chunk. */
static void
read_stream (DomusFrames *self)
{
  guint8 buffer[CHUNK_SIZE];
  g_autoptr(GError) error = NULL;
  gssize n = read_stream_once (self, buffer, sizeof buffer, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return;
  if (n < 0)
    {
      /* The other end went as much as when it closed. */
      g_debug ("Cannot read the stream: %s", error->message);
      n = 0;
    }
  if (n == 0)
    {
      if (self->header_len > 0)
        end_input (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                      _("The agent’s stream ended in the middle of a frame")));
      else
        end_input (self, NULL);
      return;
    }
  self->n_read += n;
  parse (self, buffer, n);
}

static gboolean
stream_readable_cb (GObject     *stream,
                    DomusFrames *self)
{
  /* A main loop run from a sample's handler: the stream is not read in
   * the middle of a frame being read. It is watched again once that read
   * is over (update()). */
  if (self->reading)
    {
      g_clear_pointer (&self->in_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  g_object_ref (self);
  self->reading = TRUE;
  read_stream (self);
  self->reading = FALSE;
  flush_dbus (self);
  update (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
pipe_readable_cb (int           fd,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  return stream_readable_cb (NULL, user_data);
}

static gboolean
stream_writable_cb (GObject     *stream,
                    DomusFrames *self)
{
  g_object_ref (self);
  g_source_destroy (self->out_source);
  g_clear_pointer (&self->out_source, g_source_unref);
  flush_stream (self);
  update (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
fd_cb (gpointer user_data)
{
  DomusFrames *self = user_data;
  GIOCondition condition = self->fd_tag != NULL ? g_source_query_unix_fd (self->fd_source, self->fd_tag) : 0;

  g_object_ref (self);
  if (condition & G_IO_OUT)
    flush_dbus (self);
  if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
    {
      read_dbus (self);
      flush_stream (self);
    }
  update (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
dispatch_fd_source (GSource     *source,
                    GSourceFunc  callback,
                    gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs fd_source_funcs = {
  .dispatch = dispatch_fd_source,
};

static void
stop_sources (DomusFrames *self)
{
  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  if (self->out_source != NULL)
    {
      g_source_destroy (self->out_source);
      g_clear_pointer (&self->out_source, g_source_unref);
    }
  if (self->fd_source != NULL)
    {
      g_source_destroy (self->fd_source);
      g_clear_pointer (&self->fd_source, g_source_unref);
    }
}

/* Sets what is polled after every change, and ends what is over. */
static void
update (DomusFrames *self)
{
  GIOCondition events = 0;
  gboolean read_in;

  if (self->closed)
    return;
  /* The stream ended: the connection sees the end once it has all that
   * came before. */
  if (self->in_ended && !self->dbus_shut && pending (self->to_dbus, self->to_dbus_done) == 0)
    {
      shutdown (self->fd, SHUT_WR);
      self->dbus_shut = TRUE;
    }
  /* The connection closed: the stream is closed once all it said has
   * gone. */
  if (self->dbus_ended && pending (self->to_stream, self->to_stream_done) == 0)
    {
      domus_frames_close (self);
      return;
    }

  /* Not while a read is under way below (a main loop run from a sample's
   * handler): the stream is watched again once it is over. */
  read_in = !self->in_ended && !self->reading && pending (self->to_dbus, self->to_dbus_done) < HIGH_WATER;
  if (read_in && self->in_source == NULL)
    {
      /* A pipe is watched by a source of its own, never blocked while
       * dispatched: GLib 2.74 would take the fd out of the poll set and
       * put it back (a pollable stream's source is two, each blocked),
       * waking its own loop twice each time, for it to turn once more for
       * nothing. A turn inside the callback is left to it. */
      if (self->in_fd >= 0)
        {
          self->in_source = g_unix_fd_source_new (self->in_fd, G_IO_IN);
          g_source_set_callback (self->in_source, (GSourceFunc) (void (*) (void)) pipe_readable_cb, self, NULL);
          g_source_set_can_recurse (self->in_source, TRUE);
        }
      else
        {
          self->in_source = g_pollable_input_stream_create_source (self->in, NULL);
          g_source_set_callback (self->in_source, (GSourceFunc) (void (*) (void)) stream_readable_cb, self, NULL);
        }
      g_source_attach (self->in_source, NULL);
    }
  else if (!read_in && self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  if (!self->dbus_ended && pending (self->to_stream, self->to_stream_done) < HIGH_WATER)
    events |= G_IO_IN;
  if (pending (self->to_dbus, self->to_dbus_done) > 0)
    events |= G_IO_OUT;
  /* Not polled at all when nothing is wanted: poll() would report a
   * hang-up again and again. */
  if (events == 0 && self->fd_tag != NULL)
    {
      g_source_remove_unix_fd (self->fd_source, self->fd_tag);
      self->fd_tag = NULL;
    }
  else if (events != 0 && self->fd_tag == NULL)
    self->fd_tag = g_source_add_unix_fd (self->fd_source, self->fd, events);
  /* Each change wakes the main loop once more: only a real one. */
  else if (events != 0 && events != self->fd_events)
    g_source_modify_unix_fd (self->fd_source, self->fd_tag, events);
  self->fd_events = events;
}

static void
domus_frames_dispose (GObject *object)
{
  DomusFrames *self = DOMUS_FRAMES (object);

  domus_frames_close (self);

  G_OBJECT_CLASS (domus_frames_parent_class)->dispose (object);
}

static void
domus_frames_finalize (GObject *object)
{
  DomusFrames *self = DOMUS_FRAMES (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->dbus_stream);
  g_byte_array_unref (self->to_stream);
  g_byte_array_unref (self->to_dbus);
  g_clear_pointer (&self->frame, g_byte_array_unref);
  g_clear_pointer (&self->last_sample, g_variant_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (domus_frames_parent_class)->finalize (object);
}

static void
domus_frames_class_init (DomusFramesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_frames_dispose;
  object_class->finalize = domus_frames_finalize;
}

static void
domus_frames_init (DomusFrames *self)
{
  self->fd = self->in_fd = self->out_fd = -1;
  self->to_stream = g_byte_array_new ();
  self->to_dbus = g_byte_array_new ();
}

/* A pipe or a socket is made non-blocking, and a pipe's fds are kept to
 * be read and written directly; another stream's writes are cut to what
 * a pipe said writable takes. */
static void
make_nonblocking (DomusFrames *self,
                  GIOStream   *stream)
{
  GInputStream *in = g_io_stream_get_input_stream (stream);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  int fd;

  self->in_fd = self->out_fd = -1;
  self->out_may_block = !G_IS_SOCKET_CONNECTION (stream);
  if (G_IS_UNIX_INPUT_STREAM (in)
      && g_unix_set_fd_nonblocking ((fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (in))), TRUE, NULL))
    self->in_fd = fd;
  if (G_IS_UNIX_OUTPUT_STREAM (out)
      && g_unix_set_fd_nonblocking ((fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (out))), TRUE, NULL))
    {
      self->out_fd = fd;
      self->out_may_block = FALSE;
    }
}

DomusFrames *
domus_frames_new (GIOStream  *stream,
                  GError    **error)
{
  g_autoptr(DomusFrames) self = NULL;
  g_autoptr(GSocket) socket = NULL;
  int fds[2];

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream)), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream)), NULL);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "socketpair: %s", g_strerror (saved));
      return NULL;
    }
  self = g_object_new (DOMUS_TYPE_FRAMES, NULL);
  self->fd = fds[0];
  if (!(socket = g_socket_new_from_fd (fds[1], error)))
    {
      close (fds[1]);
      return NULL;
    }
  self->dbus_stream = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
  self->stream = g_object_ref (stream);
  self->in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  self->out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));
  make_nonblocking (self, stream);
  self->fd_source = g_source_new (&fd_source_funcs, sizeof (GSource));
  g_source_set_static_name (self->fd_source, "domus-frames");
  g_source_set_callback (self->fd_source, fd_cb, self, NULL);
  self->fd_events = G_IO_IN;
  self->fd_tag = g_source_add_unix_fd (self->fd_source, self->fd, self->fd_events);
  g_source_attach (self->fd_source, NULL);
  update (self);
  return g_steal_pointer (&self);
}

GIOStream *
domus_frames_get_dbus_stream (DomusFrames *self)
{
  g_return_val_if_fail (DOMUS_IS_FRAMES (self), NULL);

  return self->dbus_stream;
}

void
domus_frames_set_sample_func (DomusFrames           *self,
                              const GVariantType    *type,
                              DomusFramesSampleFunc  func,
                              gpointer               user_data)
{
  g_return_if_fail (DOMUS_IS_FRAMES (self));
  g_return_if_fail (func == NULL || (type != NULL && g_variant_type_is_definite (type)));

  self->sample_type = type;
  self->sample_func = func;
  self->sample_data = user_data;
}

gboolean
domus_frames_send_sample (DomusFrames *self,
                          GVariant    *sample)
{
  guint8 header[SAMPLE_HEADER_SIZE] = { G_BYTE_ORDER == G_LITTLE_ENDIAN ? 'l' : 'B' };
  gsize size, at;
  guint32 length;

  g_return_val_if_fail (DOMUS_IS_FRAMES (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  g_variant_ref_sink (sample);
  if (self->closed || self->in_ended || self->out_broken)
    {
      g_variant_unref (sample);
      return FALSE;
    }
  /* What the connection wrote before goes first. */
  read_dbus (self);
  size = g_variant_get_size (sample);
  length = GUINT32_TO_LE ((guint32) (SAMPLE_HEADER_SIZE + size));
  at = self->to_stream->len;
  g_byte_array_set_size (self->to_stream, at + HEADER_SIZE + SAMPLE_HEADER_SIZE + size);
  self->to_stream->data[at] = DOMUS_FRAMES_CHANNEL_SAMPLE;
  memcpy (self->to_stream->data + at + 1, &length, 4);
  memcpy (self->to_stream->data + at + HEADER_SIZE, header, SAMPLE_HEADER_SIZE);
  /* Serialised where GVariant aligns it, then copied: the stream's bytes
   * are not aligned. */
  memcpy (self->to_stream->data + at + HEADER_SIZE + SAMPLE_HEADER_SIZE, g_variant_get_data (sample), size);
  g_clear_pointer (&self->last_sample, g_variant_unref);
  self->last_sample = sample;
  flush_stream (self);
  update (self);
  return TRUE;
}

const GError *
domus_frames_get_error (DomusFrames *self)
{
  g_return_val_if_fail (DOMUS_IS_FRAMES (self), NULL);

  return self->error;
}

guint64
domus_frames_get_bytes_read (DomusFrames *self)
{
  g_return_val_if_fail (DOMUS_IS_FRAMES (self), 0);

  return self->n_read;
}

guint64
domus_frames_get_bytes_written (DomusFrames *self)
{
  g_return_val_if_fail (DOMUS_IS_FRAMES (self), 0);

  return self->n_written;
}

void
domus_frames_close (DomusFrames *self)
{
  g_return_if_fail (DOMUS_IS_FRAMES (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  stop_sources (self);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  g_io_stream_close (self->stream, NULL, NULL);
}
