/* test-vnc-hostile.c: DomusVncSession against servers that lie, stall or break off
 *
 * Each case is a scripted RFB server on 127.0.0.1 (tests/domus-test-rfb-server.c,
 * a thread of this process): a frame too large or empty at ServerInit or
 * at a resize, a rectangle outside the frame, a desktop name announced as
 * 4 GiB, a close in the middle of a message, a server that stops in the
 * middle of one, says nothing after the handshake or nothing at all. Each
 * must end in a clear error on the session, within the session's timeout,
 * never a crash or a hang; closing a session must never wait for its
 * worker. The desktop name a server gives is cleaned of control characters
 * and bounded. No QEMU needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "domus-test-rfb-server.h"
#include "domus-test-utils.h"
#include "vnc/domus-vnc-session.h"

/* The session's timeout in the cases that wait for one: short, to keep
 * the suite quick; the waits allow a few times more. */
#define TIMEOUT_S 1

static void
closed_cb (DomusVncSession *session,
           gboolean        *closed)
{
  *closed = TRUE;
}

/* Connects to @server and waits for the answer; @closed is set when the
 * session is (it may be before the answer has been seen). */
static DomusVncSession *
start (DomusTestRfbServer *server,
       DomusTestConnected          *c,
       gboolean           *closed)
{
  DomusVncSession *session = domus_vnc_session_new ("127.0.0.1", domus_test_rfb_server_get_port (server));

  g_signal_connect (session, "closed", G_CALLBACK (closed_cb), closed);
  domus_vnc_session_set_timeout (session, TIMEOUT_S);
  domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, c);
  DOMUS_TEST_WAIT_UNTIL (c->done, 10);
  if (c->error != NULL)
    g_test_message ("connect: %s", c->error->message);
  return session;
}

/* Connects, expecting the handshake to fail with @code and a message that
 * has @part. */
static void
expect_connect_error (const DomusTestRfbScript *script,
                      int                       code,
                      const char               *part)
{
  g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (script);
  DomusTestConnected c = { 0 };
  gboolean closed = FALSE;
  g_autoptr(DomusVncSession) session = start (server, &c, &closed);

  g_assert_false (c.ok);
  g_assert_false (closed);
  g_assert_error (c.error, DOMUS_ERROR, code);
  g_assert_nonnull (strstr (c.error->message, part));
  g_clear_error (&c.error);
  domus_vnc_session_close (session);
}

/* Connects, then expects the session to close with @code and a message
 * that has @part; returns how many connections the server took. */
static guint
expect_closed (const DomusTestRfbScript *script,
               int                       code,
               const char               *part)
{
  g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (script);
  DomusTestConnected c = { 0 };
  gboolean closed = FALSE;
  g_autoptr(DomusVncSession) session = start (server, &c, &closed);
  const GError *error;

  g_assert_no_error (c.error);
  DOMUS_TEST_WAIT_UNTIL (closed, 5 * TIMEOUT_S);
  error = domus_vnc_session_get_error (session);
  g_assert_nonnull (error);
  g_test_message ("closed: %s", error->message);
  g_assert_error ((GError *) error, DOMUS_ERROR, code);
  g_assert_nonnull (strstr (error->message, part));
  domus_vnc_session_close (session);
  return domus_test_rfb_server_get_n_accepted (server);
}

static void
test_huge_frame (void)
{
  DomusTestRfbScript script = { .width = 65535, .height = 65535, .name = "huge", .linger_ms = 5000 };

  expect_connect_error (&script, DOMUS_ERROR_NOT_SUPPORTED, "65535×65535");
  script.width = script.height = 16384;
  expect_connect_error (&script, DOMUS_ERROR_NOT_SUPPORTED, "8192×8192");
  /* One side too long is enough. */
  script.width = 8193;
  script.height = 16;
  expect_connect_error (&script, DOMUS_ERROR_NOT_SUPPORTED, "8193×16");
}

static void
test_empty_frame (void)
{
  gsize length;
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 0, 0, 0, 0, &length);
  DomusTestRfbScript script = { .width = 0, .height = 0, .name = "empty", .after = update,
                                .after_length = length, .linger_ms = 5000 };

  expect_connect_error (&script, DOMUS_ERROR_NOT_SUPPORTED, "0×0");
  script.width = 640;
  expect_connect_error (&script, DOMUS_ERROR_NOT_SUPPORTED, "640×0");
}

static void
test_resize_too_large (void)
{
  gsize length;
  /* DesktopSize (-223): the rectangle's size is the new frame's. */
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 16384, 16384, -223, 0, &length);
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "resize", .after = update,
                                .after_length = length, .linger_ms = 5000 };

  expect_closed (&script, DOMUS_ERROR_NOT_SUPPORTED, "16384×16384");
}

static void
test_rect_outside (void)
{
  gsize length;
  /* Raw, 10×10 at (60, 40) of a 64×48 frame, its 400 bytes all sent. */
  g_autofree guint8 *update = domus_test_rfb_update (60, 40, 10, 10, 0, 400, &length);
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "outside", .after = update,
                                .after_length = length, .linger_ms = 5000 };

  /* Taken for a screen grown unannounced (below), it is connected to
   * once more, and not again: the second connection showed no pixels. */
  g_assert_cmpuint (expect_closed (&script, DOMUS_ERROR_FAILED, "sent a message Domus cannot read"), ==, 2);
}

/* The server's screen grows from 64×48 to 72×40 between ServerInit and the
 * first update, which covers the new screen, with no DesktopSize first
 * (QEMU, as SeaBIOS goes to text mode): the session connects again and
 * shows the new screen, with no error and not closed. */
static void
test_resize_unannounced (void)
{
  gsize length;
  g_autofree guint8 *grown = domus_test_rfb_update (0, 0, 72, 40, 0, 72 * 40 * 4, &length);
  g_autofree guint8 *fits = NULL;
  DomusTestRfbScript scripts[2] = {
    { .width = 64, .height = 48, .name = "grown", .after = grown, .after_length = length, .linger_ms = 5000 },
    { .width = 72, .height = 40, .name = "grown", .linger_ms = 5000 },
  };
  g_autoptr(DomusTestRfbServer) server = NULL;
  g_autoptr(DomusVncSession) session = NULL;
  DomusTestConnected c = { 0 };
  gboolean closed = FALSE;
  g_autoptr(GBytes) frame = NULL;
  const guint8 *pixels;
  guint width, height;

  fits = domus_test_rfb_update (0, 0, 72, 40, 0, 72 * 40 * 4, &length);
  scripts[1].after = fits;
  scripts[1].after_length = length;
  server = domus_test_rfb_server_new_sequence (scripts, G_N_ELEMENTS (scripts));
  session = start (server, &c, &closed);
  g_assert_no_error (c.error);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 5 * TIMEOUT_S);
  g_assert_no_error (domus_vnc_session_get_error (session));
  g_assert_false (closed);
  g_assert_cmpuint (domus_test_rfb_server_get_n_accepted (server), ==, 2);
  frame = domus_vnc_session_dup_frame (session, &width, &height);
  g_assert_cmpuint (width, ==, 72);
  g_assert_cmpuint (height, ==, 40);
  /* The test server's pixels are all 0x40: the last one came too. */
  g_assert_cmpuint (g_bytes_get_size (frame), ==, 72 * 40 * 4);
  pixels = g_bytes_get_data (frame, NULL);
  g_assert_cmpuint (pixels[72 * 40 * 4 - 2], ==, 0x40);
  domus_vnc_session_close (session);
}

static void
test_huge_name (void)
{
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "not 4 GiB at all",
                                .name_length = G_MAXUINT32, .linger_ms = 5000 };

  expect_connect_error (&script, DOMUS_ERROR_FAILED, "sent a message Domus cannot read");
}

static void
test_close_mid_message (void)
{
  gsize length;
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 10, 10, 0, 400, &length);
  /* Headers and 100 of the rectangle's 400 bytes, then the end. */
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "cut", .after = update,
                                .after_length = length - 300, .close_after = TRUE };

  expect_closed (&script, DOMUS_ERROR_CLOSED, "closed the connection");
}

static void
test_stall_mid_message (void)
{
  gsize length;
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 10, 10, 0, 400, &length);
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "stall", .after = update,
                                .after_length = length - 300, .linger_ms = 20000 };
  gint64 start_time = g_get_monotonic_time ();

  expect_closed (&script, DOMUS_ERROR_TIMED_OUT, "stopped in the middle of a message");
  g_assert_cmpint (g_get_monotonic_time () - start_time, <, 4 * TIMEOUT_S * G_USEC_PER_SEC);
}

static void
test_silent_after_handshake (void)
{
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "quiet", .linger_ms = 20000 };
  gint64 start_time = g_get_monotonic_time ();

  expect_closed (&script, DOMUS_ERROR_TIMED_OUT, "sent no screen");
  g_assert_cmpint (g_get_monotonic_time () - start_time, <, 4 * TIMEOUT_S * G_USEC_PER_SEC);
}

static void
test_silent (void)
{
  DomusTestRfbScript script = { .silent = TRUE, .linger_ms = 20000 };
  gint64 start_time = g_get_monotonic_time ();

  expect_connect_error (&script, DOMUS_ERROR_TIMED_OUT, "did not finish the handshake");
  g_assert_cmpint (g_get_monotonic_time () - start_time, <, 4 * TIMEOUT_S * G_USEC_PER_SEC);
}

/* A server that takes nothing more after the handshake: once the
 * connection's buffers are full, sending blocks; the timeout ends it. */
static void
test_deaf (void)
{
  gsize length;
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 64, 48, 0, 64 * 48 * 4, &length);
  DomusTestRfbScript script = { .width = 64, .height = 48, .name = "deaf", .after = update,
                                .after_length = length, .deaf = TRUE, .linger_ms = 30000 };
  g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&script);
  DomusTestConnected c = { 0 };
  gboolean closed = FALSE;
  g_autoptr(DomusVncSession) session = start (server, &c, &closed);
  g_autofree char *text = g_strnfill (1 << 19, 'a');
  const GError *error;

  g_assert_no_error (c.error);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 5);
  /* 1 Mi key events, 8 MiB: more than the socket buffers take (4 MiB). */
  domus_vnc_session_type_text (session, text);
  DOMUS_TEST_WAIT_UNTIL (closed, 5 * TIMEOUT_S);
  error = domus_vnc_session_get_error (session);
  g_test_message ("closed: %s", error->message);
  g_assert_error ((GError *) error, DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "took nothing Domus sent"));
  domus_vnc_session_close (session);
}

/* Closing never waits for the worker: not in the handshake, not while it
 * reads the middle of a message. The servers hold on for 5 s: a close that
 * waited for them would take that long. */
static void
test_close_does_not_block (void)
{
  gsize length;
  g_autofree guint8 *update = domus_test_rfb_update (0, 0, 10, 10, 0, 400, &length);
  DomusTestRfbScript silent = { .silent = TRUE, .linger_ms = 5000 };
  DomusTestRfbScript stall = { .width = 64, .height = 48, .name = "stall", .after = update,
                               .after_length = length - 300, .linger_ms = 5000 };

  {
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&silent);
    g_autoptr(DomusVncSession) session = domus_vnc_session_new ("127.0.0.1",
                                                                domus_test_rfb_server_get_port (server));
    DomusTestConnected c = { 0 };
    gint64 before;

    domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, &c);
    DOMUS_TEST_WAIT_UNTIL (domus_test_rfb_server_get_n_accepted (server) > 0, 10);
    before = g_get_monotonic_time ();
    domus_vnc_session_close (session);
    g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC / 2);
    /* The handshake ends, cancelled. */
    DOMUS_TEST_WAIT_UNTIL (c.done, 2);
    g_assert_false (c.ok);
    g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&c.error);
  }
  {
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&stall);
    g_autoptr(DomusVncSession) session = domus_vnc_session_new ("127.0.0.1",
                                                                domus_test_rfb_server_get_port (server));
    DomusTestConnected c = { 0 };
    gint64 before;

    domus_vnc_session_connect_async (session, NULL, domus_test_connected_cb, &c);
    DOMUS_TEST_WAIT_UNTIL (c.done, 10);
    g_assert_no_error (c.error);
    before = g_get_monotonic_time ();
    domus_vnc_session_close (session);
    g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC / 2);
  }
}

/* A name with terminal escapes, a newline, a bidi override and 1000 more
 * characters: what the session gives has no control character, and at
 * most DOMUS_VNC_SESSION_MAX_NAME characters. */
static void
test_name (void)
{
  g_autoptr(GString) name = g_string_new ("\x1b]0;owned\x07\x1b[31mred\r\nline\xe2\x80\xae" "evil\x7f\xc2\x9b");
  g_autoptr(DomusTestRfbServer) server = NULL;
  g_autoptr(DomusVncSession) session = NULL;
  DomusTestRfbScript script = { .width = 64, .height = 48, .linger_ms = 5000 };
  DomusTestConnected c = { 0 };
  gboolean closed = FALSE;
  const char *got;

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (name, 'a' + i % 26);
  script.name = name->str;
  server = domus_test_rfb_server_new (&script);
  session = start (server, &c, &closed);
  g_assert_no_error (c.error);
  got = domus_vnc_session_get_name (session);
  g_test_message ("name: %s", got);
  g_assert_true (g_utf8_validate (got, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (got, -1), <=, DOMUS_VNC_SESSION_MAX_NAME);
  g_assert_true (g_str_has_prefix (got, "]0;owned[31mredlineevilabcdef"));
  for (const char *p = got; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (ch));
      g_assert_cmpint (g_unichar_type (ch), !=, G_UNICODE_FORMAT);
    }
  domus_vnc_session_close (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vnc-hostile/huge-frame", test_huge_frame);
  g_test_add_func ("/vnc-hostile/empty-frame", test_empty_frame);
  g_test_add_func ("/vnc-hostile/resize-too-large", test_resize_too_large);
  g_test_add_func ("/vnc-hostile/rect-outside", test_rect_outside);
  g_test_add_func ("/vnc-hostile/resize-unannounced", test_resize_unannounced);
  g_test_add_func ("/vnc-hostile/huge-name", test_huge_name);
  g_test_add_func ("/vnc-hostile/close-mid-message", test_close_mid_message);
  g_test_add_func ("/vnc-hostile/stall-mid-message", test_stall_mid_message);
  g_test_add_func ("/vnc-hostile/silent-after-handshake", test_silent_after_handshake);
  g_test_add_func ("/vnc-hostile/silent", test_silent);
  g_test_add_func ("/vnc-hostile/deaf", test_deaf);
  g_test_add_func ("/vnc-hostile/close-does-not-block", test_close_does_not_block);
  g_test_add_func ("/vnc-hostile/name", test_name);

  return g_test_run ();
}
