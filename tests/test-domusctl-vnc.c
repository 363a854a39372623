/* test-domusctl-vnc.c: domusctl's VNC commands, against real VNC servers
 *
 * vnc-type and vnc-capture run as a user runs them, against a simulated
 * HVM screen (libvncserver, on a thread of this process) and against
 * scripted servers that lie or stall.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "sim/domus-sim-screen.h"
#include "domus-test-rfb-server.h"
#include "domus-test-utils.h"

static gboolean
toggle_running_cb (gpointer data)
{
  static gboolean running = TRUE;

  running = !running;
  domus_sim_screen_set_running (data, running);
  return G_SOURCE_CONTINUE;
}

static void
capture_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) data = TRUE;
}

/* A simulated HVM screen "hvm1" (libvncserver, on its own thread in this
 * process), its address, and a file for captures. */
typedef struct
{
  DomusSimScreen *screen;
  char           *address;
  char           *png;
  char           *out;
  char           *err;
} Vnc;

static void
vnc_setup (Vnc           *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int fd;

  f->screen = domus_sim_screen_new ("hvm1", FALSE, NULL, &error);
  g_assert_no_error (error);
  f->address = g_strdup_printf ("127.0.0.1:%u", domus_sim_screen_get_port (f->screen));
  fd = g_file_open_tmp ("domusctl-vnc-XXXXXX.png", &f->png, &error);
  g_assert_no_error (error);
  close (fd);
}

static void
vnc_teardown (Vnc           *f,
              gconstpointer  data)
{
  g_unlink (f->png);
  g_clear_pointer (&f->screen, domus_sim_screen_free);
  g_free (f->address);
  g_free (f->png);
  g_free (f->out);
  g_free (f->err);
}

/* Runs domusctl with @argv, what it printed in f->out and f->err. */
static int
vnc_domusctl (Vnc                *f,
              const char * const *argv)
{
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return domus_test_domusctl (argv, &f->out, &f->err);
}

/* vnc-type and vnc-capture against a real VNC server. */
static void
test_vnc (Vnc           *f,
          gconstpointer  data)
{
  g_autofree char *typed = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *pixels;
  guint lit = 0;

  /* Typed at the login prompt; "\\n" is Return, which ends nothing there. */
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-type", f->address, "root", NULL }), ==, 0);
  typed = domus_sim_screen_dup_typed (f->screen);
  g_assert_cmpstr (typed, ==, "root");

  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-capture", f->address, f->png, NULL }), ==, 0);
  g_assert_nonnull (strstr (f->out, "800×600"));
  pixbuf = gdk_pixbuf_new_from_file (f->png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 800);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 600);
  /* The login screen: grey text on black in its first rows, black below. */
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 800; x++)
      lit += pixels[y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3] == 0xaa;
  g_assert_cmpuint (lit, >, 200);
  g_assert_cmpint (pixels[599 * gdk_pixbuf_get_rowstride (pixbuf) + 799 * 3], ==, 0);
}

/* --wait-update waits for a change: none comes, it gives up and says so;
 * one comes, it takes the frame after it. */
static void
test_vnc_wait_update (Vnc           *f,
                      gconstpointer  data)
{
  const char *argv[] = { g_getenv ("DOMUSCTL"), "vnc-capture", "--wait-update", f->address, f->png, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint toggle;

  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-capture", "--wait-update", "--timeout", "2", f->address,
                                                       f->png, NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, "No screen update from"));

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  toggle = g_timeout_add (300, toggle_running_cb, f->screen);
  g_subprocess_wait_async (proc, NULL, capture_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (toggle);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

/* A server with a password: refused without, taken from a file. */
static void
test_vnc_password (Vnc           *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusSimScreen) locked = domus_sim_screen_new ("hvm2", FALSE, "pw1", &error);
  g_autofree char *locked_address = NULL;
  g_autofree char *password_file = NULL;
  int fd;

  g_assert_no_error (error);
  locked_address = g_strdup_printf ("127.0.0.1:%u", domus_sim_screen_get_port (locked));
  fd = g_file_open_tmp ("domusctl-vnc-XXXXXX.pw", &password_file, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (password_file, "pw1\n", -1, NULL));
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-capture", locked_address, f->png, NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, "asks for a password"));
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-capture", "--password-file", password_file, locked_address,
                                                       f->png, NULL }), ==, 0);
  g_assert_nonnull (strstr (f->out, "(“hvm2”)"));
  g_unlink (password_file);
}

/* A domain's screen, found through the host: the simulated HVM guest's;
 * none for a PV guest. */
static void
test_vnc_domain (Vnc           *f,
                 gconstpointer  data)
{
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "--simulated", "vnc-capture", "debian_hvm", f->png, NULL }), ==, 0);
  g_assert_nonnull (strstr (f->out, "800×600 from debian_hvm (“debian_hvm”)"));
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "--simulated", "vnc-type", "clone1", "x", NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, "The host reports no VNC server for “clone1”"));
}

/* Bad addresses, unknown domains and dead servers are errors, said as such. */
static void
test_vnc_bad_targets (Vnc           *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* A port that was free a moment ago: nothing listens there. */
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_autofree char *dead = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *expected = g_strdup_printf ("Cannot connect to the VNC server at %s", dead);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "--simulated", "vnc-capture", "nowhere", f->png, NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, "no domain named or numbered “nowhere”"));
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-capture", "nowhere:x", f->png, NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, "“nowhere:x” is not a VNC address"));
  g_assert_cmpint (vnc_domusctl (f, (const char *[]) { "vnc-type", dead, "x", NULL }), ==, 1);
  g_assert_nonnull (strstr (f->err, expected));
}

/* vnc-capture against servers that lie or stall (scripted, on threads of
 * this process): a clear error and exit status 1 each, within --timeout,
 * never a crash; a desktop name with terminal escapes printed without
 * them. */
static void
test_vnc_hostile (void)
{
  g_autofree char *png = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree guint8 *empty = domus_test_rfb_update (0, 0, 0, 0, 0, 0, &length);
  int fd = g_file_open_tmp ("domusctl-vnc-XXXXXX.png", &png, &error);

  g_assert_no_error (error);
  close (fd);

  /* A 0×0 screen and an empty update. */
  {
    DomusTestRfbScript script = { .width = 0, .height = 0, .name = "empty", .after = empty,
                                  .after_length = length, .linger_ms = 10000 };
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&script);
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_test_rfb_server_get_port (server));

    g_assert_cmpint (domus_test_domusctl ((const char *[]) { "vnc-capture", address, png, NULL }, &out, &err), ==, 1);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "announced a 0×0 screen"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Silent from the start, or in the middle of an update: --timeout holds. */
  {
    g_autofree guint8 *cut = domus_test_rfb_update (0, 0, 10, 10, 0, 100, &length);
    DomusTestRfbScript silent = { .silent = TRUE, .linger_ms = 30000 };
    DomusTestRfbScript stall = { .width = 64, .height = 48, .name = "stall", .after = cut,
                                 .after_length = length, .linger_ms = 30000 };
    const DomusTestRfbScript *scripts[] = { &silent, &stall };
    const char *expected[] = { "did not finish the handshake within 2 s",
                               "stopped in the middle of a message for 2 s" };

    for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
      {
        g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (scripts[i]);
        g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_test_rfb_server_get_port (server));
        gint64 start = g_get_monotonic_time ();

        g_assert_cmpint (domus_test_domusctl ((const char *[]) { "vnc-capture", "--timeout", "2", address, png, NULL }, &out, &err),
                         ==, 1);
        g_test_message ("%s", err);
        g_assert_nonnull (strstr (err, expected[i]));
        g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }

  /* A name with escapes: printed without them. */
  {
    g_autofree guint8 *pixels = domus_test_rfb_update (0, 0, 2, 2, 0, 16, &length);
    DomusTestRfbScript script = { .width = 2, .height = 2, .name = "\x1b]0;owned\x07\x1b[2Jname\r\n",
                                  .after = pixels, .after_length = length, .linger_ms = 10000 };
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&script);
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_test_rfb_server_get_port (server));

    g_assert_cmpint (domus_test_domusctl ((const char *[]) { "vnc-capture", address, png, NULL }, &out, &err), ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "(“]0;owned[2Jname”)\n"));
    g_assert_null (strchr (out, '\x1b'));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* A malformed address is refused, not cut into a host. */
  g_assert_cmpint (domus_test_domusctl ((const char *[]) { "vnc-capture", "[abc:5900", png, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "“[abc:5900” is not a VNC address"));
  g_unlink (png);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DOMUSCTL"));
  g_test_add ("/domusctl/vnc", Vnc, NULL, vnc_setup, test_vnc, vnc_teardown);
  g_test_add ("/domusctl/vnc-wait-update", Vnc, NULL, vnc_setup, test_vnc_wait_update, vnc_teardown);
  g_test_add ("/domusctl/vnc-password", Vnc, NULL, vnc_setup, test_vnc_password, vnc_teardown);
  g_test_add ("/domusctl/vnc-domain", Vnc, NULL, vnc_setup, test_vnc_domain, vnc_teardown);
  g_test_add ("/domusctl/vnc-bad-targets", Vnc, NULL, vnc_setup, test_vnc_bad_targets, vnc_teardown);
  g_test_add_func ("/domusctl/vnc-hostile", test_vnc_hostile);

  return g_test_run ();
}
