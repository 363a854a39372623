/* test-console-view.c: a PV domain's text console on its domain page
 *
 * A DomusDomainPage in a window on a simulated host (manual clock): its
 * Console view opens the pty of the simulated guest, shows the login
 * prompt, logs in, pastes a command, follows a reboot to the new domain's
 * console and says when the domain is gone. Waits run the main context
 * until the terminal shows the text expected, with a deadline that fails.
 *
 * Saves test-console-view.png into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <string.h>

#include "domus-console-view.h"
#include "domus-domain-page.h"
#include "sim/domus-sim-host.h"
#include "domus-window.h"

#define DEADLINE_MS 10000

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"Domain-0\", \"memory_mib\": 1024},"
  "              {\"name\": \"web\", \"memory_mib\": 1024},"
  "              {\"name\": \"win\", \"type\": \"hvm\", \"memory_mib\": 1024}]}";

typedef struct
{
  DomusClock       *clock;
  DomusHost        *host;
  GtkWindow        *window;
  DomusDomainPage  *page;
  DomusConsoleView *view;
} Fixture;

static char *
terminal_text (Fixture *f)
{
  return vte_terminal_get_text (domus_console_view_get_terminal (f->view), NULL, NULL, NULL);
}

/* Runs the main context until the terminal shows @expected. */
static void
wait_for_text (Fixture    *f,
               const char *expected)
{
  gboolean late = FALSE;
  guint deadline = g_timeout_add (DEADLINE_MS, domus_test_flag_cb, &late);

  for (;;)
    {
      g_autofree char *text = terminal_text (f);

      if (text != NULL && strstr (text, expected) != NULL)
        break;
      if (late)
        g_error ("waited %d ms for “%s”; the terminal shows:\n%s", DEADLINE_MS, expected, text);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (deadline);
}

/* Runs the main context (and the host's clock) until the view is in @state. */
static void
wait_for_state (Fixture               *f,
                DomusConsoleViewState  state)
{
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_console_view_get_state (f->view) == state, 10);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  domus_host_refresh (f->host);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 640);
  f->page = g_object_new (DOMUS_TYPE_DOMAIN_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  domus_domain_page_set_host (f->page, f->host);
  f->view = DOMUS_CONSOLE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->page), DOMUS_TYPE_DOMAIN_PAGE,
                                                               "console_view"));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  ClipboardRead *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  VteTerminal *terminal = domus_console_view_get_terminal (f->view);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (terminal));

  /* An HVM guest has no text console: no Console view. */
  domus_domain_page_set_domain (f->page, domus_host_lookup_domain_by_name (f->host, "win"));
  g_assert_cmpint (domus_console_view_get_state (f->view), ==, DOMUS_CONSOLE_VIEW_NONE);
  g_assert_false (domus_domain_page_show_view (f->page, "console"));

  domus_domain_page_set_domain (f->page, domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_cmpint (domus_console_view_get_state (f->view), ==, DOMUS_CONSOLE_VIEW_CONNECTED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "domain.show-view", "s", "console"));
  wait_for_text (f, "Debian GNU/Linux 12 web hvc0");
  wait_for_text (f, "web login: ");
  /* The terminal is the window's focus widget as soon as it shows. Whether
   * the window itself is active (what has-focus adds) is up to the X
   * server: on a shared Xvfb with no window manager, the window under the
   * pointer, which may be another test's. */
  g_assert_true (gtk_window_get_focus (f->window) == GTK_WIDGET (terminal));

  /* Typed as keys are: through the terminal's "commit". */
  vte_terminal_feed_child (terminal, "root\r", -1);
  wait_for_text (f, "Password: ");
  vte_terminal_feed_child (terminal, "secret\r", -1);
  wait_for_text (f, "root@web:~# ");

  /* Pasted text reaches the guest too. */
  gdk_clipboard_set_text (clipboard, "uname -a");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "console.paste", NULL));
  wait_for_text (f, "root@web:~# uname -a");
  vte_terminal_feed_child (terminal, "\r", -1);
  wait_for_text (f, "x86_64 GNU/Linux");

  /* Copy: what is selected goes to the clipboard. */
  vte_terminal_select_all (terminal);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "console.copy", NULL));
  {
    ClipboardRead read = { NULL, FALSE };

    gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &read);
    while (!read.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (strstr (read.text, "root@web:~# uname -a\nLinux web 6.1.0-28-amd64"));
    g_free (read.text);
  }
  vte_terminal_unselect_all (terminal);

  /* Zoom, by the actions the shortcuts and buttons use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "console.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (vte_terminal_get_font_scale (terminal), 1.1, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "console.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (vte_terminal_get_font_scale (terminal), 1.0, 1e-9);

  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "test-console-view.png");
}

static void
test_reboot_and_gone (Fixture       *f,
                      gconstpointer  data)
{
  DomusDomain *web = domus_host_lookup_domain_by_name (f->host, "web");
  g_autoptr(GError) error = NULL;

  domus_domain_page_set_domain (f->page, web);
  /* VTE reads what it is fed only while it is on screen. */
  g_assert_true (domus_domain_page_show_view (f->page, "console"));
  wait_for_text (f, "web login: ");

  /* A reboot makes a new domain: the view follows it to its new console. */
  domus_test_run_request (f->host, f->clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, web), &error);
  g_assert_no_error (error);
  wait_for_text (f, "reboot: Restarting system");
  for (guint i = 0; i < 100 && domus_console_view_get_domain (f->view) == web; i++)
    {
      domus_clock_advance (f->clock, G_USEC_PER_SEC / 10);
      domus_host_refresh (f->host);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (domus_console_view_get_domain (f->view) == domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_cmpint (domus_console_view_get_state (f->view), ==, DOMUS_CONSOLE_VIEW_CONNECTED);
  wait_for_text (f, "── web, domain 3 ──");
  wait_for_text (f, "Reached target multi-user.target");

  /* Destroyed: closed, and the view says so. */
  domus_test_run_request (f->host, f->clock,
                          domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, domus_host_lookup_domain_by_name (f->host, "web")),
                          &error);
  g_assert_no_error (error);
  wait_for_state (f, DOMUS_CONSOLE_VIEW_CLOSED);
  g_assert_null (domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_true (domus_domain_page_show_view (f->page, "console"));
}

/* In the main window: the page stays on a rebooted domain, whose console reconnects. */
static void
test_window_follows_reboot (Fixture       *f,
                            gconstpointer  data)
{
  DomusWindow *window = domus_window_new (NULL, f->host);
  GtkWidget *page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW,
                                                               "domain_page"));
  DomusDomain *web = domus_host_lookup_domain_by_name (f->host, "web");
  g_autoptr(GError) error = NULL;

  f->view = DOMUS_CONSOLE_VIEW (gtk_widget_get_template_child (page, DOMUS_TYPE_DOMAIN_PAGE, "console_view"));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (domus_window_select_domain (window, web));
  g_assert_true (domus_domain_page_show_view (DOMUS_DOMAIN_PAGE (page), "console"));
  wait_for_text (f, "web login: ");

  domus_test_run_request (f->host, f->clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, web), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && domus_host_lookup_domain_by_name (f->host, "web") == web; i++)
    {
      domus_clock_advance (f->clock, G_USEC_PER_SEC / 10);
      domus_host_refresh (f->host);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (domus_window_get_selected_domain (window) == domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_true (domus_domain_page_get_domain (DOMUS_DOMAIN_PAGE (page)) == domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_cmpint (domus_console_view_get_state (f->view), ==, DOMUS_CONSOLE_VIEW_CONNECTED);
  wait_for_text (f, "── web, domain 3 ──");
  wait_for_text (f, "web login: ");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/console-view/login", Fixture, NULL, fixture_setup, test_login, fixture_teardown);
  g_test_add ("/console-view/reboot-and-gone", Fixture, NULL, fixture_setup, test_reboot_and_gone,
              fixture_teardown);

  g_test_add ("/console-view/window-follows-reboot", Fixture, NULL, fixture_setup,
              test_window_follows_reboot, fixture_teardown);

  return g_test_run ();
}
