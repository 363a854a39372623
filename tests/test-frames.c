/* test-frames.c: the agent's stream in frames (domus-frames.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "remote/domus-frames.h"

/* One end of a socket pair as a GIOStream, the other as a plain fd. */
static GIOStream *
stream_pair (int *other)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  *other = fds[1];
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

/* A pipe's read end @in_fd and another's write end @out_fd (both taken)
 * as a GIOStream: as the window reads an agent it started, and as the
 * agent reads its standard input. */
static GIOStream *
pipe_stream (int in_fd,
             int out_fd)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (in_fd, TRUE);
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (out_fd, TRUE);

  return g_simple_io_stream_new (in, out);
}

/* Two pipes as a GIOStream, the other ends as plain fds. */
static GIOStream *
pipe_pair (int *other_in,
           int *other_out)
{
  int to_here[2], from_here[2];

  g_assert_true (g_unix_open_pipe (to_here, FD_CLOEXEC, NULL));
  g_assert_true (g_unix_open_pipe (from_here, FD_CLOEXEC, NULL));
  *other_out = to_here[1];
  *other_in = from_here[0];
  return pipe_stream (to_here[0], from_here[1]);
}

static void
append_frame (GByteArray   *stream,
              guint8        channel,
              const guint8 *data,
              gsize         size)
{
  guint32 length = GUINT32_TO_LE ((guint32) size);

  g_byte_array_append (stream, &channel, 1);
  g_byte_array_append (stream, (const guint8 *) &length, 4);
  g_byte_array_append (stream, data, size);
}

static void
append_sample (GByteArray *stream,
               guint32     value)
{
  g_autoptr(GVariant) sample = g_variant_ref_sink (g_variant_new ("(us)", value, "a sample"));
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 header[8] = { G_BYTE_ORDER == G_LITTLE_ENDIAN ? 'l' : 'B' };

  g_byte_array_append (body, header, sizeof header);
  g_byte_array_append (body, g_variant_get_data (sample), g_variant_get_size (sample));
  append_frame (stream, DOMUS_FRAMES_CHANNEL_SAMPLE, body->data, body->len);
}

static void
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      data += n;
      size -= n;
    }
}

static void
sample_cb (GVariant *sample,
           gpointer  user_data)
{
  GArray *values = user_data;
  guint32 value;

  g_variant_get (sample, "(u&s)", &value, NULL);
  g_array_append_val (values, value);
}

/* Reads what the connection's end has, without waiting. */
static void
drain (GIOStream  *dbus,
       GByteArray *into,
       gboolean   *ended)
{
  GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (dbus));
  guint8 buffer[4096];
  gssize n;

  while ((n = g_socket_receive_with_blocking (socket, (char *) buffer, sizeof buffer, FALSE, NULL, NULL)) > 0)
    g_byte_array_append (into, buffer, n);
  if (n == 0)
    *ended = TRUE;
}

/* A stream of D-Bus bytes and samples, written in two pieces cut at every
 * byte boundary: each piece is read as it comes, the D-Bus bytes reach the
 * connection's end whole and in order, every sample is delivered once. */
static void
test_split_everywhere (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GByteArray) dbus_bytes = g_byte_array_new ();
  guint8 dbus[300];

  for (guint i = 0; i < sizeof dbus; i++)
    dbus[i] = (guint8) (i * 7 + 1);
  append_frame (stream, DOMUS_FRAMES_CHANNEL_DBUS, dbus, 100);
  append_sample (stream, 1);
  append_frame (stream, DOMUS_FRAMES_CHANNEL_DBUS, dbus + 100, 0);
  append_sample (stream, 2);
  append_frame (stream, DOMUS_FRAMES_CHANNEL_DBUS, dbus + 100, 200);
  g_byte_array_append (dbus_bytes, dbus, sizeof dbus);

  for (guint cut = 0; cut <= stream->len; cut++)
    {
      int fd;
      g_autoptr(GIOStream) outer = stream_pair (&fd);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusFrames) frames = domus_frames_new (outer, &error);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(GByteArray) got = g_byte_array_new ();
      gboolean ended = FALSE;

      g_assert_no_error (error);
      domus_frames_set_sample_func (frames, G_VARIANT_TYPE ("(us)"), sample_cb, values);
      write_all (fd, stream->data, cut);
      DOMUS_TEST_WAIT_UNTIL (domus_frames_get_bytes_read (frames) == cut, 10);
      write_all (fd, stream->data + cut, stream->len - cut);
      close (fd);
      DOMUS_TEST_WAIT_UNTIL ((drain (domus_frames_get_dbus_stream (frames), got, &ended), ended), 10);
      g_assert_cmpmem (got->data, got->len, dbus_bytes->data, dbus_bytes->len);
      g_assert_cmpuint (values->len, ==, 2);
      g_assert_cmpuint (g_array_index (values, guint32, 0), ==, 1);
      g_assert_cmpuint (g_array_index (values, guint32, 1), ==, 2);
      g_assert_null (domus_frames_get_error (frames));
    }
}

/* The stream cut in the middle of a frame, at every byte of it: what came
 * before reaches the connection, which then ends, and the frames say why. */
static void
test_cut_mid_frame (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  guint8 dbus[40] = { 'x' };
  gsize whole;

  append_frame (stream, DOMUS_FRAMES_CHANNEL_DBUS, dbus, sizeof dbus);
  whole = stream->len;
  append_sample (stream, 7);

  for (gsize cut = whole + 1; cut < stream->len; cut++)
    {
      int fd;
      g_autoptr(GIOStream) outer = stream_pair (&fd);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusFrames) frames = domus_frames_new (outer, &error);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(GByteArray) got = g_byte_array_new ();
      gboolean ended = FALSE;

      g_assert_no_error (error);
      domus_frames_set_sample_func (frames, G_VARIANT_TYPE ("(us)"), sample_cb, values);
      write_all (fd, stream->data, cut);
      close (fd);
      DOMUS_TEST_WAIT_UNTIL ((drain (domus_frames_get_dbus_stream (frames), got, &ended), ended), 10);
      g_assert_cmpmem (got->data, got->len, dbus, sizeof dbus);
      g_assert_cmpuint (values->len, ==, 0);
      g_assert_error ((GError *) domus_frames_get_error (frames), DOMUS_ERROR, DOMUS_ERROR_CLOSED);
      g_assert_cmpstr (domus_frames_get_error (frames)->message, ==,
                       "The agent’s stream ended in the middle of a frame");
    }
}

/* Not frames at all (an agent that talks D-Bus alone, or another program):
 * an unknown channel ends the stream with a clear error. */
static void
test_not_frames (void)
{
  static const char auth[] = "OK 1234deadbeef\r\n";
  int fd;
  g_autoptr(GIOStream) outer = stream_pair (&fd);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusFrames) frames = domus_frames_new (outer, &error);
  g_autoptr(GByteArray) got = g_byte_array_new ();
  gboolean ended = FALSE;

  g_assert_no_error (error);
  write_all (fd, (const guint8 *) auth, strlen (auth));
  DOMUS_TEST_WAIT_UNTIL ((drain (domus_frames_get_dbus_stream (frames), got, &ended), ended), 10);
  g_assert_cmpuint (got->len, ==, 0);
  g_assert_error ((GError *) domus_frames_get_error (frames), DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (domus_frames_get_error (frames)->message, ==,
                   "The agent sent a frame on an unknown channel (79): it is not a framed agent of this Domus");
  close (fd);
}

typedef struct
{
  GArray *values;
  int     fd;      /* the other end, to write more frames to */
} Nesting;

/* The first sample's handler writes two more, then runs the main loop
 * (as a handler might): they come after the samples already read. */
static void
nesting_sample_cb (GVariant *sample,
                   gpointer  user_data)
{
  Nesting *nesting = user_data;

  sample_cb (sample, nesting->values);
  if (nesting->values->len == 1)
    {
      g_autoptr(GByteArray) more = g_byte_array_new ();

      append_sample (more, 4);
      append_sample (more, 5);
      write_all (nesting->fd, more->data, more->len);
      for (guint i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    }
}

/* Over a pipe, read by a source that is not blocked while it runs: a main
 * loop run from a sample's handler does not read the stream in the middle
 * of a frame, nor spin; what came meanwhile is read after, in order. */
static void
test_loop_in_handler (void)
{
  int in, out;
  g_autoptr(GIOStream) outer = pipe_pair (&in, &out);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusFrames) frames = domus_frames_new (outer, &error);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  Nesting nesting = { values, out };

  g_assert_no_error (error);
  domus_frames_set_sample_func (frames, G_VARIANT_TYPE ("(us)"), nesting_sample_cb, &nesting);
  for (guint32 i = 1; i <= 3; i++)
    append_sample (stream, i);
  write_all (out, stream->data, stream->len);
  DOMUS_TEST_WAIT_UNTIL (values->len == 5, 10);
  for (guint32 i = 0; i < values->len; i++)
    g_assert_cmpuint (g_array_index (values, guint32, i), ==, i + 1);

  /* And the frames still go out, straight to the pipe. */
  g_assert_true (domus_frames_send_sample (frames, g_variant_new ("(us)", 6, "back")));
  g_assert_cmpuint (domus_frames_get_bytes_written (frames), >, 0);
  {
    guint8 buffer[256];
    ssize_t n = read (in, buffer, sizeof buffer);

    g_assert_cmpint (n, ==, (gssize) domus_frames_get_bytes_written (frames));
    g_assert_cmpuint (buffer[0], ==, DOMUS_FRAMES_CHANNEL_SAMPLE);
  }
  close (in);
  close (out);
}

typedef struct
{
  GArray  *values;
  GBytes  *big;
  gboolean big_ok;
  guint    n_big;
} Received;

static void
big_signal_cb (GDBusConnection *connection,
               const char      *sender,
               const char      *path,
               const char      *interface,
               const char      *signal,
               GVariant        *parameters,
               gpointer         user_data)
{
  Received *received = user_data;
  g_autoptr(GVariant) data = g_variant_get_child_value (parameters, 0);
  gsize size;
  const guint8 *bytes = g_variant_get_fixed_array (data, &size, 1);

  received->big_ok = size == g_bytes_get_size (received->big)
                     && memcmp (bytes, g_bytes_get_data (received->big, NULL), size) == 0;
  received->n_big++;
}

/* Two framed ends, as the agent and the window: a D-Bus message of 8 MiB
 * (a screen's update is up to a few) goes one way while samples are sent
 * the same way, before, during and after it; both arrive whole, the
 * samples in order, and the big message through the back-pressure of
 * both ends' buffers. Over a socket pair (@data NULL), or over pipes,
 * which the frames read and write directly. */
static void
test_big_message_and_samples (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) agent_stream = NULL, window_stream = NULL;
  g_autoptr(DomusFrames) agent = NULL, window = NULL;
  g_autoptr(GDBusConnection) server = NULL, client = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint8 *big = g_malloc (8 * 1024 * 1024);
  Received received = { values };
  guint subscription;

  for (gsize i = 0; i < 8 * 1024 * 1024; i++)
    big[i] = (guint8) (i ^ (i >> 13));
  received.big = g_bytes_new_static (big, 8 * 1024 * 1024);
  if (data == NULL)
    {
      g_autoptr(GSocket) agent_end = NULL, window_end = NULL;
      int fds[2];

      g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
      agent_end = g_socket_new_from_fd (fds[0], &error);
      g_assert_no_error (error);
      window_end = g_socket_new_from_fd (fds[1], &error);
      g_assert_no_error (error);
      agent_stream = G_IO_STREAM (g_socket_connection_factory_create_connection (agent_end));
      window_stream = G_IO_STREAM (g_socket_connection_factory_create_connection (window_end));
    }
  else
    {
      /* Pipes both ways, as between the window and an agent it started. */
      int to_agent[2], to_window[2];

      g_assert_true (g_unix_open_pipe (to_agent, FD_CLOEXEC, NULL));
      g_assert_true (g_unix_open_pipe (to_window, FD_CLOEXEC, NULL));
      agent_stream = pipe_stream (to_agent[0], to_window[1]);
      window_stream = pipe_stream (to_window[0], to_agent[1]);
    }
  agent = domus_frames_new (agent_stream, &error);
  g_assert_no_error (error);
  window = domus_frames_new (window_stream, &error);
  g_assert_no_error (error);
  domus_frames_set_sample_func (window, G_VARIANT_TYPE ("(us)"), sample_cb, values);
  g_dbus_connection_new (domus_frames_get_dbus_stream (agent), guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                         | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS,
                         NULL, NULL, domus_test_connection_cb, &server);
  g_dbus_connection_new (domus_frames_get_dbus_stream (window), NULL,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, domus_test_connection_cb, &client);
  DOMUS_TEST_WAIT_UNTIL (server != NULL && client != NULL, 30);
  subscription = g_dbus_connection_signal_subscribe (client, NULL, "io.domus.Test", "Big", "/io/domus/Test",
                                                     NULL, G_DBUS_SIGNAL_FLAGS_NONE, big_signal_cb, &received,
                                                     NULL);

  for (guint32 i = 0; i < 5; i++)
    g_assert_true (domus_frames_send_sample (agent, g_variant_new ("(us)", i, "before")));
  g_assert_true (g_dbus_connection_emit_signal (server, NULL, "/io/domus/Test", "io.domus.Test", "Big",
                                                g_variant_new ("(@ay)",
                                                               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                                                                          big, 8 * 1024 * 1024,
                                                                                          1)),
                                                &error));
  g_assert_no_error (error);
  /* Samples while the message is on its way: each turn of the main loop
   * moves some of it. */
  for (guint32 i = 5; i < 200; i++)
    {
      g_assert_true (domus_frames_send_sample (agent, g_variant_new ("(us)", i, "during")));
      g_main_context_iteration (NULL, FALSE);
    }
  DOMUS_TEST_WAIT_UNTIL (received.n_big == 1 && values->len == 200, 60);
  g_assert_true (received.big_ok);
  for (guint32 i = 0; i < values->len; i++)
    g_assert_cmpuint (g_array_index (values, guint32, i), ==, i);
  g_assert_null (domus_frames_get_error (window));

  /* The agent's end closes: the window's connection closes, no hang. */
  g_dbus_connection_signal_unsubscribe (client, subscription);
  g_dbus_connection_close_sync (server, NULL, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (g_dbus_connection_is_closed (client), 30);
  g_assert_null (domus_frames_get_error (window));
  g_bytes_unref (received.big);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frames/split-everywhere", test_split_everywhere);
  g_test_add_func ("/frames/cut-mid-frame", test_cut_mid_frame);
  g_test_add_func ("/frames/not-frames", test_not_frames);
  g_test_add_data_func ("/frames/big-message-and-samples", NULL, test_big_message_and_samples);
  g_test_add_data_func ("/frames/big-message-and-samples-pipes", "pipes", test_big_message_and_samples);
  g_test_add_func ("/frames/loop-in-handler", test_loop_in_handler);
  return g_test_run ();
}
