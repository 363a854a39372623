/* test-sim-screen.c: the simulated HVM screen, through a real VNC client
 *
 * DomusVncSession (libvncclient) talks to DomusSimScreen (libvncserver):
 * the installer is walked through with keys, a click and typed text, and
 * each step is checked in the screen's state and in the pixels received.
 * The simulated host gives HVM domains such a screen and reports its
 * address. Waits run the main context until the session hears of the
 * change, with a deadline that fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "sim/domus-sim-font.h"
#include "sim/domus-sim-screen.h"
#include "domus-test-utils.h"
#include "vnc/domus-vnc-keys.h"
#include "vnc/domus-vnc-session.h"

static DomusVncSession *
connect_to (guint port)
{
  DomusVncSession *session = domus_vnc_session_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) answer = NULL;
  g_autoptr(GError) error = NULL;

  domus_vnc_session_connect_async (session, NULL, domus_test_result_cb, &answer);
  DOMUS_TEST_WAIT_UNTIL (answer != NULL, 20);
  g_assert_true (domus_vnc_session_connect_finish (session, answer, &error));
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 20);
  return session;
}

/* The colour of the frame's pixel (as 0xRRGGBB) at a character cell's
 * top left corner plus (dx, dy). */
static guint32
cell_pixel (DomusVncSession *session,
            guint            column,
            guint            row,
            guint            dx,
            guint            dy)
{
  guint8 bgra[4];

  g_assert_true (domus_vnc_session_read_pixels (session, column * DOMUS_SIM_FONT_WIDTH + dx,
                                                row * DOMUS_SIM_FONT_HEIGHT + dy, 1, 1, bgra, 4));
  return (guint32) bgra[2] << 16 | (guint32) bgra[1] << 8 | bgra[0];
}

static void
press (DomusVncSession *session,
       guint            keysym)
{
  domus_vnc_session_send_key (session, keysym, 0, TRUE);
  domus_vnc_session_send_key (session, keysym, 0, FALSE);
}

static gboolean
typed_is (DomusSimScreen *screen,
          const char     *expected)
{
  g_autofree char *typed = domus_sim_screen_dup_typed (screen);

  return g_str_equal (typed, expected);
}

static void
test_installer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusSimScreen) screen = domus_sim_screen_new ("hvm1", TRUE, NULL, &error);
  g_autoptr(DomusVncSession) session = NULL;
  guint width, height;
  guint64 updates;

  g_assert_no_error (error);
  g_assert_cmpuint (domus_sim_screen_get_port (screen), >=, 5900);
  session = connect_to (domus_sim_screen_get_port (screen));
  g_assert_cmpstr (domus_vnc_session_get_name (session), ==, "hvm1");
  domus_vnc_session_get_size (session, &width, &height);
  g_assert_cmpuint (width, ==, 800);
  g_assert_cmpuint (height, ==, 600);

  /* The first language is highlighted in red, the next one is not. */
  g_assert_cmpint (domus_sim_screen_get_page (screen), ==, DOMUS_SIM_SCREEN_LANGUAGE);
  DOMUS_TEST_WAIT_UNTIL (cell_pixel (session, 30, 12, 0, 0) == 0xaa0000, 10);
  g_assert_cmphex (cell_pixel (session, 30, 13, 0, 0), ==, 0xaaaaaa);

  /* Down moves the highlight; the client sees it. */
  press (session, 0xff54 /* Down */);
  DOMUS_TEST_WAIT_UNTIL (cell_pixel (session, 30, 13, 0, 0) == 0xaa0000, 10);
  g_assert_cmpstr (domus_sim_screen_get_language (screen), ==, "Español");
  g_assert_cmphex (cell_pixel (session, 30, 12, 0, 0), ==, 0xaaaaaa);

  /* A click on "German" picks it. */
  domus_vnc_session_send_pointer (session, 31 * DOMUS_SIM_FONT_WIDTH, 15 * DOMUS_SIM_FONT_HEIGHT + 4,
                                  DOMUS_VNC_BUTTON_LEFT);
  domus_vnc_session_send_pointer (session, 31 * DOMUS_SIM_FONT_WIDTH, 15 * DOMUS_SIM_FONT_HEIGHT + 4, 0);
  DOMUS_TEST_WAIT_UNTIL (cell_pixel (session, 30, 15, 0, 0) == 0xaa0000, 10);
  g_assert_cmpstr (domus_sim_screen_get_language (screen), ==, "Deutsch");

  /* Enter, then a hostname typed as text. */
  press (session, 0xff0d);
  DOMUS_TEST_WAIT_UNTIL (domus_sim_screen_get_page (screen) == DOMUS_SIM_SCREEN_HOSTNAME, 10);
  domus_vnc_session_type_text (session, "Lab-VM_1");
  DOMUS_TEST_WAIT_UNTIL (typed_is (screen, "Lab-VM_1"), 10);

  /* The install runs on by itself, not while paused. */
  press (session, 0xff0d);
  DOMUS_TEST_WAIT_UNTIL (domus_sim_screen_get_page (screen) == DOMUS_SIM_SCREEN_INSTALLING, 10);
  updates = domus_vnc_session_get_n_updates (session);
  domus_sim_screen_set_running (screen, FALSE);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > updates, 10);   /* "Paused" drawn */
  press (session, 0xff0d);   /* ignored while paused */
  domus_sim_screen_set_running (screen, TRUE);
  DOMUS_TEST_WAIT_UNTIL (domus_sim_screen_get_page (screen) == DOMUS_SIM_SCREEN_COMPLETE, 30);

  press (session, 0xff0d);
  DOMUS_TEST_WAIT_UNTIL (domus_sim_screen_get_page (screen) == DOMUS_SIM_SCREEN_LOGIN, 10);
  domus_vnc_session_close (session);
}

/* Freeing the screen (the domain went) closes the client's connection. */
static void
test_closed_with_domain (void)
{
  g_autoptr(GError) error = NULL;
  DomusSimScreen *screen = domus_sim_screen_new ("hvm1", FALSE, NULL, &error);
  g_autoptr(DomusVncSession) session = NULL;

  g_assert_no_error (error);
  session = connect_to (domus_sim_screen_get_port (screen));
  g_assert_cmpint (domus_sim_screen_get_page (screen), ==, DOMUS_SIM_SCREEN_LOGIN);
  domus_sim_screen_free (screen);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_error (session) != NULL, 10);
  g_assert_error (domus_vnc_session_get_error (session), DOMUS_ERROR, DOMUS_ERROR_CLOSED);
  domus_vnc_session_close (session);
}

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"Domain-0\", \"memory_mib\": 1024},"
  "              {\"name\": \"pv\", \"memory_mib\": 512},"
  "              {\"name\": \"win\", \"type\": \"hvm\", \"memory_mib\": 1024}]}";

/* The simulated host reports where an HVM guest's screen is. */
static void
test_sim_host_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusVncSession) session = NULL;
  const char *address;

  domus_host_refresh (host);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_null (domus_domain_get_vnc_address (domus_host_lookup_domain_by_name (host, "Domain-0")));
  g_assert_null (domus_domain_get_vnc_address (domus_host_lookup_domain_by_name (host, "pv")));
  address = domus_domain_get_vnc_address (domus_host_lookup_domain_by_name (host, "win"));
  g_assert_nonnull (address);
  g_assert_true (g_str_has_prefix (address, "127.0.0.1:"));
  session = connect_to ((guint) g_ascii_strtoull (address + strlen ("127.0.0.1:"), NULL, 10));
  g_assert_cmpstr (domus_vnc_session_get_name (session), ==, "win");

  /* Destroyed: the screen goes with it. */
  domus_test_run_request (host, clock,
                          domus_request_new_for_domain (DOMUS_REQUEST_DESTROY,
                                                        domus_host_lookup_domain_by_name (host, "win")),
                          &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_error (session) != NULL, 10);
  domus_vnc_session_close (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-screen/installer", test_installer);
  g_test_add_func ("/sim-screen/closed-with-domain", test_closed_with_domain);
  g_test_add_func ("/sim-screen/sim-host-address", test_sim_host_address);

  return g_test_run ();
}
