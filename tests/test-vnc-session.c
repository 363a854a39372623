/* test-vnc-session.c: DomusVncSession against QEMU's own VNC server
 *
 * QEMU runs SeaBIOS with its screen on VNC and its monitor on QMP; once the
 * guest is stopped and the screen quiet, the frame the session holds must
 * equal QEMU's screendump pixel for pixel. Killing QEMU must end the session
 * with an error, not a crash. A password is asked for and checked.
 *
 * The "guest" tests boot a Debian kernel with a busybox shell on its screen
 * (tests/vnc/guest-init, kernel and initramfs made by
 * tests/xen/build-image.sh): the guest switches to an 800×600 framebuffer,
 * which the session follows, and text typed through the session reaches the
 * shell, which writes to the serial port the test reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "domus-error.h"
#include "domus-test-utils.h"
#include "vnc/domus-vnc-session.h"

typedef struct
{
  gboolean guest;      /* boot the busybox guest, not just the firmware */
  gboolean password;   /* VNC authentication on, password "secret1" */
} Setup;

static const Setup firmware = { FALSE, FALSE };
static const Setup guest = { TRUE, FALSE };
static const Setup with_password = { FALSE, TRUE };

typedef struct
{
  char              *dir;
  GSubprocess       *qemu;
  GSocketConnection *qmp;
  GDataInputStream  *qmp_in;
  guint              port;
  GSocketConnection *serial;
  GString           *serial_text;  /* what the guest wrote on ttyS0 */
  GCancellable      *serial_cancel;
  gboolean           serial_done;
  guint8             serial_buffer[1024];
} Fixture;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

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

/* Connects to a QEMU server socket, waiting until QEMU has made it. */
static GSocketConnection *
connect_unix (const char *path)
{
  GSocketConnection *connection = NULL;

  for (guint i = 0; i < 200 && connection == NULL; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);

      connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
      if (connection == NULL)
        {
          gboolean waited = FALSE;

          g_timeout_add (50, domus_test_flag_cb, &waited);
          while (!waited)
            g_main_context_iteration (NULL, TRUE);
        }
    }
  g_assert_nonnull (connection);
  return connection;
}

static void
serial_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Fixture *f = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      f->serial_done = TRUE;
      return;
    }
  g_string_append_len (f->serial_text, (const char *) f->serial_buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), f->serial_buffer, sizeof f->serial_buffer,
                             G_PRIORITY_DEFAULT, f->serial_cancel, serial_read_cb, f);
}

static char *
run_build_image (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("DOMUS_BUILD_IMAGE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (argv->pdata[0]);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (g_strstrip (out));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *qmp_arg = NULL;
  g_autofree char *vnc_arg = NULL;
  g_autofree char *vnc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *service;

  f->dir = g_dir_make_tmp ("domus-vnc-XXXXXX", NULL);
  f->serial_text = g_string_new (NULL);
  socket = g_build_filename (f->dir, "qmp.sock", NULL);
  qmp_arg = g_strdup_printf ("unix:%s,server=on,wait=off", socket);
  /* QEMU takes the first free display from 40 on; QMP says which. */
  vnc_arg = g_strdup_printf ("127.0.0.1:40,to=99%s", setup->password ? ",password=on" : "");
  for (const char *const *arg = (const char *const[]) { "qemu-system-x86_64", "-accel", "tcg",
                                                         "-display", "none", "-nic", "none",
                                                         "-vnc", vnc_arg, "-qmp", qmp_arg, NULL };
       *arg != NULL; arg++)
    g_ptr_array_add (argv, g_strdup (*arg));
  if (setup->guest)
    {
      g_autofree char *init = g_strdup_printf ("%s=/init", g_getenv ("DOMUS_VNC_GUEST_INIT"));
      g_autofree char *initrd = g_build_filename (f->dir, "guest.cpio.gz", NULL);

      g_assert_nonnull (g_getenv ("DOMUS_VNC_GUEST_INIT"));
      g_free (run_build_image ((const char *const[]) { "overlay", initrd, "/bin/busybox=/bin/busybox", init, NULL }));
      g_ptr_array_add (argv, g_strdup ("-kernel"));
      g_ptr_array_add (argv, run_build_image ((const char *const[]) { "kernel", NULL }));
      g_ptr_array_add (argv, g_strdup ("-initrd"));
      g_ptr_array_add (argv, g_strdup (initrd));
      g_ptr_array_add (argv, g_strdup ("-append"));
      /* 0x314: VESA 800×600, 16 bits, so the guest changes mode. */
      g_ptr_array_add (argv, g_strdup ("console=ttyS0 vga=0x314 quiet"));
      /* Stopped until the test has connected: the mode change comes after. */
      g_ptr_array_add (argv, g_strdup ("-S"));
      g_ptr_array_add (argv, g_strdup ("-m"));
      g_ptr_array_add (argv, g_strdup ("256"));
      g_ptr_array_add (argv, g_strdup ("-chardev"));
      g_ptr_array_add (argv, g_strdup_printf ("socket,id=serial,path=%s/serial.sock,server=on,wait=off", f->dir));
      g_ptr_array_add (argv, g_strdup ("-serial"));
      g_ptr_array_add (argv, g_strdup ("chardev:serial"));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("-m"));
      g_ptr_array_add (argv, g_strdup ("64"));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* QEMU dies with the test, even when an assertion aborts it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->qemu = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* QEMU is up once its monitor answers. */
  f->qmp = connect_unix (socket);
  f->qmp_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (f->qmp)));
  g_free (qmp (f, "{\"execute\": \"qmp_capabilities\"}\n"));
  vnc = qmp (f, "{\"execute\": \"query-vnc\"}\n");
  g_assert_nonnull ((service = strstr (vnc, "\"service\": \"")));
  f->port = (guint) g_ascii_strtoull (service + strlen ("\"service\": \""), NULL, 10);
  g_assert_cmpuint (f->port, >=, 5940);
  if (setup->password)
    {
      g_autofree char *answer = qmp (f, "{\"execute\": \"change-vnc-password\", "
                                        "\"arguments\": {\"password\": \"secret1\"}}\n");
      g_assert_nonnull (strstr (answer, "\"return\""));
    }
  if (setup->guest)
    {
      g_autofree char *path = g_build_filename (f->dir, "serial.sock", NULL);

      f->serial = connect_unix (path);
      f->serial_cancel = g_cancellable_new ();
      g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (f->serial)),
                                 f->serial_buffer, sizeof f->serial_buffer,
                                 G_PRIORITY_DEFAULT, f->serial_cancel, serial_read_cb, f);
    }
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
  if (f->serial != NULL)
    {
      g_cancellable_cancel (f->serial_cancel);
      while (!f->serial_done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&f->serial_cancel);
  g_clear_object (&f->serial);
  g_string_free (f->serial_text, TRUE);
  g_clear_object (&f->qemu);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static DomusVncSession *
connect_session (Fixture    *f,
                 const char *password)
{
  DomusVncSession *session = domus_vnc_session_new ("127.0.0.1", f->port);
  DomusTestConnected c = { 0 };

  domus_vnc_session_set_password (session, password);
  domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, &c);
  DOMUS_TEST_WAIT_UNTIL (c.done, 30);
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
      g_timeout_add (1500, domus_test_flag_cb, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* Stops the guest and checks the session's frame against QEMU's
 * screendump, pixel for pixel; returns how many pixels are lit. */
static guint
assert_frame_equals_screendump (Fixture         *f,
                                DomusVncSession *session)
{
  g_autofree char *ppm_path = g_build_filename (f->dir, "screen.ppm", NULL);
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *ppm = NULL;
  g_autoptr(GBytes) frame = NULL;
  const guint8 *pixels, *rgb;
  guint width, height, ppm_width = 0, ppm_height = 0, max = 0, differing = 0, lit = 0;
  gsize ppm_len;
  int header = 0;

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
  g_assert_cmpuint (differing, ==, 0);
  g_free (qmp (f, "{\"execute\": \"cont\"}\n"));
  return lit;
}

/* How many pixels of the session's frame are not black. */
static guint
count_lit (DomusVncSession *session)
{
  guint width, height, lit = 0;
  g_autoptr(GBytes) frame = domus_vnc_session_dup_frame (session, &width, &height);
  const guint8 *pixels = frame != NULL ? g_bytes_get_data (frame, NULL) : NULL;

  for (gsize i = 0; pixels != NULL && i < (gsize) width * height; i++)
    lit += (pixels[i * 4] | pixels[i * 4 + 1] | pixels[i * 4 + 2]) != 0;
  return lit;
}

static gboolean
has_size (DomusVncSession *session,
          guint            width,
          guint            height)
{
  guint w, h;

  domus_vnc_session_get_size (session, &w, &h);
  return w == width && h == height;
}

static void
test_frame_equals_screendump (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DomusVncSession) session = connect_session (f, NULL);

  g_assert_nonnull (domus_vnc_session_get_name (session));
  /* SeaBIOS writes its banner in its 720×400 text mode; then the guest is
   * frozen. (Before that mode, QEMU's own 640×480 "Guest has not
   * initialized the display" is lit too, and the firmware clears it.) */
  DOMUS_TEST_WAIT_UNTIL (has_size (session, 720, 400) && count_lit (session) > 100, 30);
  g_assert_cmpuint (assert_frame_equals_screendump (f, session), >, 100);
  domus_vnc_session_close (session);
}

typedef struct
{
  DomusVncSession *session;
  GPtrArray       *sizes;    /* "W×H", each new one */
} SizeLog;

static void
log_size_cb (DomusVncSession *session,
             SizeLog         *log)
{
  guint width, height;
  g_autofree char *size = NULL;

  domus_vnc_session_get_size (session, &width, &height);
  size = g_strdup_printf ("%ux%u", width, height);
  if (log->sizes->len == 0 || g_strcmp0 (g_ptr_array_index (log->sizes, log->sizes->len - 1), size) != 0)
    g_ptr_array_add (log->sizes, g_steal_pointer (&size));
}

static void
test_guest_typing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DomusVncSession) session = connect_session (f, NULL);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  SizeLog log = { session, sizes };
  g_autofree char *joined = NULL;

  /* The size the session started with, then each new one: the guest runs
   * only now. (Running from QEMU's start, it had now and then set its mode
   * before a loaded machine's session saw a frame: one size only.) */
  log_size_cb (session, &log);
  g_signal_connect (session, "updated", G_CALLBACK (log_size_cb), &log);
  g_free (qmp (f, "{\"execute\": \"cont\"}\n"));
  /* The kernel boots, sets its 800×600 mode and starts the shell. */
  DOMUS_TEST_WAIT_UNTIL (strstr (f->serial_text->str, "guest: shell on tty1") != NULL, 240);
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (g_ptr_array_index (sizes, sizes->len - 1), "800x600") == 0, 60);
  g_ptr_array_add (sizes, NULL);
  joined = g_strjoinv (" -> ", (char **) sizes->pdata);
  g_ptr_array_remove_index (sizes, sizes->len - 1);
  g_test_message ("sizes: %s", joined);
  g_assert_cmpuint (sizes->len, >=, 2);
  g_assert_true (domus_vnc_session_has_scancodes (session));

  /* The shell computes what it prints: the keys reached it, shifted ones
   * ($, (, *, ), >) too. */
  domus_vnc_session_type_text (session, "echo typed-$((6*7)) > /dev/ttyS0\n");
  DOMUS_TEST_WAIT_UNTIL (strstr (f->serial_text->str, "typed-42") != NULL, 60);
  g_assert_null (domus_vnc_session_get_error (session));

  /* What the guest drew after the mode change is what QEMU shows. */
  g_assert_cmpuint (assert_frame_equals_screendump (f, session), >, 100);
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
  g_autoptr(DomusVncSession) session = connect_session (f, NULL);
  gboolean closed = FALSE;

  g_signal_connect (session, "closed", G_CALLBACK (closed_cb), &closed);
  g_assert_null (domus_vnc_session_get_error (session));
  g_subprocess_force_exit (f->qemu);
  DOMUS_TEST_WAIT_UNTIL (closed, 20);
  g_assert_nonnull (domus_vnc_session_get_error (session));
  g_test_message ("%s", domus_vnc_session_get_error (session)->message);
  g_assert_true (g_str_has_suffix (domus_vnc_session_get_error (session)->message, "closed the connection"));
  domus_vnc_session_close (session);
}

static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  struct
  {
    const char *password;
    const char *error;
  } cases[] = {
    { NULL, "asks for a password" },
    { "wrong", "refused the password" },
    { "secret1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DomusVncSession) session = domus_vnc_session_new ("127.0.0.1", f->port);
      DomusTestConnected c = { 0 };

      domus_vnc_session_set_password (session, cases[i].password);
      domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, &c);
      DOMUS_TEST_WAIT_UNTIL (c.done, 30);
      if (cases[i].error != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("The VNC server at 127.0.0.1:%u %s",
                                                       f->port, cases[i].error);

          g_assert_error (c.error, DOMUS_ERROR, DOMUS_ERROR_AUTH);
          g_assert_cmpstr (c.error->message, ==, expected);
          g_clear_error (&c.error);
        }
      else
        {
          g_assert_no_error (c.error);
          DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 30);
        }
      domus_vnc_session_close (session);
    }
}

static void
test_refused (void)
{
  /* Nothing listens there (a port below 1024 no test server uses). */
  g_autoptr(DomusVncSession) session = domus_vnc_session_new ("127.0.0.1", 9);
  DomusTestConnected c = { 0 };

  domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, &c);
  DOMUS_TEST_WAIT_UNTIL (c.done, 30);
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

  g_test_add ("/vnc-session/frame-equals-screendump", Fixture, &firmware, fixture_setup,
              test_frame_equals_screendump, fixture_teardown);
  g_test_add ("/vnc-session/server-killed", Fixture, &firmware, fixture_setup,
              test_server_killed, fixture_teardown);
  g_test_add ("/vnc-session/password", Fixture, &with_password, fixture_setup,
              test_password, fixture_teardown);
  g_test_add ("/vnc-session/guest-typing", Fixture, &guest, fixture_setup,
              test_guest_typing, fixture_teardown);
  g_test_add_func ("/vnc-session/refused", test_refused);

  return g_test_run ();
}
