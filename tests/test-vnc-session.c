/* test-vnc-session.c: DomusVncSession against QEMU's own VNC server
 *
 * QEMU runs SeaBIOS with its screen on VNC and its monitor on QMP; once the
 * guest is stopped and the screen quiet, the frame the session holds must
 * equal QEMU's screendump pixel for pixel. Killing QEMU must end the session
 * with an error, not a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "domus-vnc-session.h"

typedef struct
{
  char            *dir;
  GSubprocess     *qemu;
  GSocketConnection *qmp;
  GDataInputStream *qmp_in;
  guint            port;
} Fixture;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds; fails after @seconds. */
#define WAIT_UNTIL(cond, seconds)                                           \
  G_STMT_START {                                                            \
    gboolean timed_out_ = FALSE;                                            \
    guint id_ = g_timeout_add_seconds ((seconds), timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_)                                          \
      g_main_context_iteration (NULL, TRUE);                                \
    if (!timed_out_)                                                        \
      g_source_remove (id_);                                                \
    g_assert_true (cond);                                                   \
  } G_STMT_END

/* Sends one QMP command and returns its answer line, skipping events. */
static char *
qmp (Fixture    *f,
     const char *command)
{
  g_autoptr(GError) error = NULL;
  char *line;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (f->qmp)),
                             command, strlen (command), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((line = g_data_input_stream_read_line_utf8 (f->qmp_in, NULL, NULL, &error)) != NULL)
    {
      if (strstr (line, "\"return\"") != NULL || strstr (line, "\"error\"") != NULL)
        return line;
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_not_reached ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *qmp_arg = NULL;
  g_autofree char *vnc_arg = NULL;
  g_autofree char *vnc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *service;
  gboolean ready = FALSE;

  f->dir = g_dir_make_tmp ("domus-vnc-XXXXXX", NULL);
  socket = g_build_filename (f->dir, "qmp.sock", NULL);
  qmp_arg = g_strdup_printf ("unix:%s,server=on,wait=off", socket);
  /* QEMU takes the first free display from 40 on; QMP says which. */
  vnc_arg = g_strdup ("127.0.0.1:40,to=99");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* QEMU dies with the test, even when an assertion aborts it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->qemu = g_subprocess_launcher_spawn (launcher, &error,
                                         "qemu-system-x86_64", "-accel", "tcg", "-m", "64", "-display", "none",
                                         "-vnc", vnc_arg, "-qmp", qmp_arg, "-nic", "none", NULL);
  g_assert_no_error (error);

  /* QEMU is up once its monitor answers. */
  for (guint i = 0; i < 200 && !ready; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket);

      f->qmp = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
      if (f->qmp != NULL)
        ready = TRUE;
      else
        {
          gboolean waited = FALSE;

          g_timeout_add (50, timeout_cb, &waited);
          while (!waited)
            g_main_context_iteration (NULL, TRUE);
        }
    }
  g_assert_nonnull (f->qmp);
  f->qmp_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (f->qmp)));
  g_free (qmp (f, "{\"execute\": \"qmp_capabilities\"}\n"));
  vnc = qmp (f, "{\"execute\": \"query-vnc\"}\n");
  g_assert_nonnull ((service = strstr (vnc, "\"service\": \"")));
  f->port = (guint) g_ascii_strtoull (service + strlen ("\"service\": \""), NULL, 10);
  g_assert_cmpuint (f->port, >=, 5940);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  if (f->qemu != NULL)
    {
      g_subprocess_force_exit (f->qemu);
      g_subprocess_wait (f->qemu, NULL, NULL);
    }
  g_clear_object (&f->qmp_in);
  g_clear_object (&f->qmp);
  g_clear_object (&f->qemu);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Connected;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Connected *c = data;

  c->ok = domus_vnc_session_connect_finish (DOMUS_VNC_SESSION (source), result, &c->error);
  c->done = TRUE;
}

static DomusVncSession *
connect_session (Fixture *f)
{
  DomusVncSession *session = domus_vnc_session_new ("127.0.0.1", f->port);
  Connected c = { 0 };

  domus_vnc_session_connect_async (session, NULL, connected_cb, &c);
  WAIT_UNTIL (c.done, 30);
  g_assert_no_error (c.error);
  g_assert_true (c.ok);
  return session;
}

/* No update for a second and a half: the screen is still. */
static void
wait_quiet (DomusVncSession *session)
{
  guint64 seen = G_MAXUINT64;

  while (seen != domus_vnc_session_get_n_updates (session))
    {
      gboolean waited = FALSE;

      seen = domus_vnc_session_get_n_updates (session);
      g_timeout_add (1500, timeout_cb, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_frame_equals_screendump (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DomusVncSession) session = connect_session (f);
  g_autofree char *ppm_path = g_build_filename (f->dir, "screen.ppm", NULL);
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *ppm = NULL;
  g_autoptr(GBytes) frame = NULL;
  const guint8 *pixels, *rgb;
  guint width, height, ppm_width = 0, ppm_height = 0, max = 0, differing = 0, lit = 0;
  gsize ppm_len;
  int header = 0;

  g_assert_nonnull (domus_vnc_session_get_name (session));
  /* SeaBIOS writes its banner; then the guest is frozen. */
  WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 30);
  {
    gboolean waited = FALSE;

    g_timeout_add (3000, timeout_cb, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
  }
  g_free (qmp (f, "{\"execute\": \"stop\"}\n"));
  wait_quiet (session);

  command = g_strdup_printf ("{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"%s\"}}\n", ppm_path);
  answer = qmp (f, command);
  g_assert_nonnull (strstr (answer, "\"return\""));
  g_assert_true (g_file_get_contents (ppm_path, &ppm, &ppm_len, NULL));
  g_assert_cmpint (sscanf (ppm, "P6 %u %u %u%n", &ppm_width, &ppm_height, &max, &header), ==, 3);
  g_assert_cmpuint (max, ==, 255);

  frame = domus_vnc_session_dup_frame (session, &width, &height);
  g_assert_nonnull (frame);
  g_test_message ("VNC frame %ux%u, screendump %ux%u", width, height, ppm_width, ppm_height);
  g_assert_cmpuint (width, ==, ppm_width);
  g_assert_cmpuint (height, ==, ppm_height);
  g_assert_cmpuint (ppm_len, ==, (gsize) header + 1 + (gsize) width * height * 3);

  pixels = g_bytes_get_data (frame, NULL);
  rgb = (const guint8 *) ppm + header + 1;
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      /* B, G, R, X against R, G, B */
      if (pixels[i * 4 + 2] != rgb[i * 3] || pixels[i * 4 + 1] != rgb[i * 3 + 1]
          || pixels[i * 4] != rgb[i * 3 + 2])
        differing++;
      if (rgb[i * 3] | rgb[i * 3 + 1] | rgb[i * 3 + 2])
        lit++;
    }
  g_test_message ("%u pixels lit, %u differ", lit, differing);
  g_assert_cmpuint (lit, >, 100);     /* SeaBIOS's text is on screen */
  g_assert_cmpuint (differing, ==, 0);
  domus_vnc_session_close (session);
}

static void
closed_cb (DomusVncSession *session,
           gboolean        *closed)
{
  *closed = TRUE;
}

static void
test_server_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DomusVncSession) session = connect_session (f);
  gboolean closed = FALSE;

  g_signal_connect (session, "closed", G_CALLBACK (closed_cb), &closed);
  g_assert_null (domus_vnc_session_get_error (session));
  g_subprocess_force_exit (f->qemu);
  WAIT_UNTIL (closed, 20);
  g_assert_nonnull (domus_vnc_session_get_error (session));
  g_test_message ("%s", domus_vnc_session_get_error (session)->message);
  g_assert_true (g_str_has_suffix (domus_vnc_session_get_error (session)->message, "closed the connection"));
  domus_vnc_session_close (session);
}

static void
test_refused (void)
{
  /* Nothing listens there (a port below 1024 no test server uses). */
  g_autoptr(DomusVncSession) session = domus_vnc_session_new ("127.0.0.1", 9);
  Connected c = { 0 };

  domus_vnc_session_connect_async (session, NULL, connected_cb, &c);
  WAIT_UNTIL (c.done, 30);
  g_assert_false (c.ok);
  g_assert_nonnull (c.error);
  g_assert_cmpstr (c.error->message, ==, "Cannot connect to the VNC server at 127.0.0.1:9");
  g_clear_error (&c.error);
  domus_vnc_session_close (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vnc-session/frame-equals-screendump", Fixture, NULL, fixture_setup,
              test_frame_equals_screendump, fixture_teardown);
  g_test_add ("/vnc-session/server-killed", Fixture, NULL, fixture_setup,
              test_server_killed, fixture_teardown);
  g_test_add_func ("/vnc-session/refused", test_refused);

  return g_test_run ();
}
