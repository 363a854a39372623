/* test-sim-console.c: the text console of simulated PV domains
 *
 * The test opens the console's pty the way `xl console` and Domus's
 * console view do (the slave path, raw mode) and talks to the guest
 * through it: boot tail, login, a few commands, logout. Waits run the main
 * context until the text expected arrives, with a deadline that fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sim/domus-sim-console.h"
#include "domus-test-console.h"
#include "domus-test-utils.h"

static void
test_login_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusSimConsole) console = domus_sim_console_new ("web", FALSE, &error);
  DomusTestViewer *v;
  char *text;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (domus_sim_console_get_path (console), "/dev/pts/"));
  domus_sim_console_set_memory (console, 1024 * 1024);
  v = domus_test_viewer_open (domus_sim_console_get_path (console));

  text = domus_test_viewer_expect (v, "web login: ");
  g_assert_nonnull (strstr (text, "Reached target multi-user.target"));
  g_assert_nonnull (strstr (text, "\r\nDebian GNU/Linux 12 web hvc0\r\n"));
  g_free (text);

  /* The name is echoed, the password is not; any password will do. */
  domus_test_viewer_type (v, "root\r");
  g_free (domus_test_viewer_expect (v, "root\r\nPassword: "));
  domus_test_viewer_type (v, "s3cret\r");
  text = domus_test_viewer_expect (v, "root@web:~# ");
  g_assert_null (strstr (text, "s3cret"));
  g_assert_nonnull (strstr (text, "Linux web 6.1.0"));
  g_free (text);

  domus_test_viewer_type (v, "uname -a\r");
  g_free (domus_test_viewer_expect (v, "Linux web 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian"));
  g_free (domus_test_viewer_expect (v, "x86_64 GNU/Linux\r\nroot@web:~# "));

  /* Backspace erases on screen and in the line. */
  domus_test_viewer_type (v, "hostnamx\177e\r");
  text = domus_test_viewer_expect (v, "root@web:~# ");
  g_assert_cmpstr (text, ==, "hostnamx\b \be\r\nweb\r\nroot@web:~# ");
  g_free (text);

  domus_test_viewer_type (v, "free -m\r");
  text = domus_test_viewer_expect (v, "root@web:~# ");
  g_assert_nonnull (strstr (text, "Mem:            1024 "));
  g_free (text);

  domus_test_viewer_type (v, "reboot now\r");
  g_free (domus_test_viewer_expect (v, "-bash: reboot: command not found\r\n"));
  domus_test_viewer_type (v, "exit\r");
  g_free (domus_test_viewer_expect (v, "logout\r\n\r\nDebian GNU/Linux 12 web hvc0\r\n\r\nweb login: "));

  /* A second user gets a "$" prompt. */
  domus_test_viewer_type (v, "debian\r\r");
  g_free (domus_test_viewer_expect (v, "debian@web:~$ "));
  domus_test_viewer_type (v, "whoami\r");
  g_free (domus_test_viewer_expect (v, "\r\ndebian\r\ndebian@web:~$ "));

  domus_test_viewer_close (v);
}

/* A console nobody reads loses what does not fit, and keeps working. */
static void
test_unwatched (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusSimConsole) console = domus_sim_console_new ("quiet", FALSE, &error);
  DomusTestViewer *v;
  guint64 n_read;

  g_assert_no_error (error);
  v = domus_test_viewer_open (domus_sim_console_get_path (console));
  g_free (domus_test_viewer_expect (v, "quiet login: "));
  domus_test_viewer_type (v, "root\rx\r");
  g_free (domus_test_viewer_expect (v, "root@quiet:~# "));
  /* 50 KiB of output into the pty before anyone reads it. */
  domus_test_viewer_watch (v, FALSE);
  n_read = domus_sim_console_get_n_read (console);
  for (guint i = 0; i < 200; i++)
    domus_test_viewer_type (v, "free\r");
  /* The console hears of input once the kernel has moved it along (its
   * masters are watched through epoll, which does not hurry that as a
   * poll() of the master did): until it has read every command. */
  DOMUS_TEST_WAIT_UNTIL (domus_sim_console_get_n_read (console) == n_read + 200 * 5, 10);
  /* What the pty holds is there at once; the rest was dropped. */
  for (;;)
    {
      char buffer[512];
      gssize n = read (v->fd, buffer, sizeof buffer);

      if (n <= 0)
        break;
      g_string_append_len (v->text, buffer, n);
    }
  g_assert_cmpuint (v->text->len, >, 4096);
  g_assert_cmpuint (v->text->len, <, 200 * 250);  /* each answer is over 300 bytes */
  domus_test_viewer_watch (v, TRUE);
  domus_test_viewer_type (v, "\003echo still here\r");
  g_free (domus_test_viewer_expect (v, "\r\nstill here\r\n"));
  domus_test_viewer_close (v);
}

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"Domain-0\", \"memory_mib\": 1024},"
  "              {\"name\": \"pv\", \"memory_mib\": 512},"
  "              {\"name\": \"pvh\", \"type\": \"pvh\", \"memory_mib\": 512},"
  "              {\"name\": \"win\", \"type\": \"hvm\", \"memory_mib\": 1024}]}";

/* DomusSimHost gives PV and PVH guests a console, which goes with them. */
static void
test_sim_host_consoles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autofree char *old_path = NULL;
  DomusDomain *pv, *rebooted;
  DomusTestViewer *v;

  domus_host_refresh (host);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_null (domus_domain_get_console_path (domus_host_lookup_domain_by_name (host, "Domain-0")));
  g_assert_null (domus_domain_get_console_path (domus_host_lookup_domain_by_name (host, "win")));
  g_assert_nonnull (domus_domain_get_console_path (domus_host_lookup_domain_by_name (host, "pvh")));
  pv = domus_host_lookup_domain_by_name (host, "pv");
  g_assert_true (g_str_has_prefix (domus_domain_get_console_path (pv), "/dev/pts/"));

  v = domus_test_viewer_open (domus_domain_get_console_path (pv));
  g_free (domus_test_viewer_expect (v, "pv login: "));

  /* A paused guest does not answer until it runs again. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_PAUSE, pv), &error);
  g_assert_no_error (error);
  domus_test_viewer_type (v, "x");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (v->text->str, ==, "");
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_UNPAUSE, pv), &error);
  g_assert_no_error (error);
  g_free (domus_test_viewer_expect (v, "x"));

  /* A reboot is a new domain with a new console; the old one hangs up. */
  old_path = g_strdup (domus_domain_get_console_path (pv));
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, pv), &error);
  g_assert_no_error (error);
  g_free (domus_test_viewer_expect (v, "reboot: Restarting system\r\n"));
  for (guint i = 0; i < 100 && domus_host_lookup_domain_by_name (host, "pv") == pv; i++)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      domus_host_refresh (host);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  rebooted = domus_host_lookup_domain_by_name (host, "pv");
  g_assert_true (rebooted != pv);
  g_free (domus_test_viewer_expect (v, NULL));
  g_assert_true (v->hung_up);
  domus_test_viewer_close (v);

  g_assert_nonnull (domus_domain_get_console_path (rebooted));
  v = domus_test_viewer_open (domus_domain_get_console_path (rebooted));
  g_free (domus_test_viewer_expect (v, "pv login: "));

  /* Destroyed: the console hangs up and the path is gone. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, rebooted),
                          &error);
  g_assert_no_error (error);
  g_free (domus_test_viewer_expect (v, NULL));
  domus_test_viewer_close (v);
  g_assert_null (domus_host_lookup_domain_by_name (host, "pv"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-console/login-session", test_login_session);
  g_test_add_func ("/sim-console/unwatched", test_unwatched);
  g_test_add_func ("/sim-console/sim-host", test_sim_host_consoles);

  return g_test_run ();
}
