/* test-xen-window.c: the Domus window on a real Xen host, through ssh
 *
 * Run by tests/xen/window.sh on this machine (on an X server of its own)
 * once the Xen 4.17 host booted under QEMU has its sshd, domus-agent and an
 * HVM guest ready: the window connects as a student's desk would, to
 * ssh://root@127.0.0.1:PORT (QEMU forwards the port to dom0's sshd), and
 * is checked against what xl says in dom0 (read over ssh too): the domains
 * as xl list has them, a weight and a cap moved on the sliders as
 * xl sched-credit reads them back, the tiny PV guest created and its
 * console's boot line, the HVM guest's screen as domusctl vnc-capture in
 * dom0 captures it, and the agent killed in dom0, lost and found again.
 * Screenshots of each go to the working folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <vte/vte.h>

#include "bench/domus-ssh-command.h"
#include "domus-console-view.h"
#include "domus-domain-page.h"
#include "domus-screen-view.h"
#include "domus-sched-editor.h"
#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"
#include "domus-vnc-view.h"
#include "domus-window.h"
#include "remote/domus-remote-host.h"

/* Under TCG a guest boots, and the agent starts, in tens of seconds. */
#define SLOW 240

static struct
{
  const char      *key;
  const char      *known_hosts;
  guint            port;
  DomusHost       *host;
  DomusWindow     *window;
  DomusDomainPage *page;
} f;

/* Runs @command in dom0 over ssh, and returns what it printed. */
static char *
dom0 (const char *command)
{
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new ("root@127.0.0.1", f.port, command);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *out;

  domus_ssh_command_set_identity_file (ssh, f.key);
  domus_ssh_command_set_known_hosts_file (ssh, f.known_hosts);
  domus_ssh_command_run_async (ssh, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, SLOW);
  out = domus_ssh_command_run_finish (ssh, result, &error);
  g_assert_no_error (error);
  g_test_message ("dom0$ %s\n%s", command, out);
  return out;
}

static DomusDomain *
domain (const char *name)
{
  return domus_host_lookup_domain_by_name (f.host, name);
}

static gpointer
page_child (GType       type,
            GtkWidget  *parent,
            const char *name)
{
  return gtk_widget_get_template_child (parent, type, name);
}

static void
show (const char *name,
      const char *view)
{
  g_assert_nonnull (domain (name));
  g_assert_true (domus_window_select_domain (f.window, domain (name)));
  g_assert_true (domus_domain_page_show_view (f.page, view));
  domus_test_flush (GTK_WIDGET (f.window));
}

static void
screenshot (const char *name)
{
  domus_test_flush (GTK_WIDGET (f.window));
  domus_test_screenshot (GTK_WIDGET (f.window), name);
}

/* The window connects through ssh and the agent, and lists the domains
 * xl lists in dom0, with their ids. */
static void
test_domains (void)
{
  g_autofree char *address = g_strdup_printf ("ssh://root@127.0.0.1:%u?agent=/usr/libexec/domus-agent", f.port);
  g_autofree char *xl = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  domus_remote_host_connect_async (address, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, SLOW);
  f.host = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  g_assert_false (domus_host_is_simulated (f.host));
  g_test_message ("%s, Xen %s on %s", domus_host_get_backend_name (f.host), domus_host_get_xen_version (f.host),
                  domus_host_get_hostname (f.host));
  g_assert_true (g_str_has_prefix (domus_host_get_xen_version (f.host), "4.17"));
  f.window = domus_test_window_new (f.host, 1280, 800);
  f.page = page_child (DOMUS_TYPE_WINDOW, GTK_WIDGET (f.window), "domain_page");
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (f.host) && domain ("h1") != NULL, SLOW);

  xl = dom0 ("xl list");
  lines = g_strsplit (xl, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint64 id = G_MAXUINT64;

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (domain (fields[0]));
      /* The first number after the name is the id. */
      for (guint j = 1; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          {
            g_assert_true (g_ascii_string_to_unsigned (fields[j], 10, 0, G_MAXUINT32, &id, NULL));
            break;
          }
      g_assert_cmpuint (domus_domain_get_id (domain (fields[0])), ==, id);
      n++;
    }
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (domus_host_get_domains (f.host)));
  show ("h1", "overview");
  screenshot ("xen-window-domains.png");
}

/* "Name ID Weight Cap": the last line's weight and cap as xl reads them. */
static void
xl_sched (const char *name,
          int        *weight,
          int        *cap)
{
  g_autofree char *command = g_strdup_printf ("xl sched-$(xl info | sed -n 's/^xen_scheduler *: //p') -d %s",
                                              name);
  g_autofree char *out = dom0 (command);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
  const char *last = lines[g_strv_length (lines) - 1];

  g_assert_cmpint (sscanf (last, "%*s %*d %d %d", weight, cap), ==, 2);
}

/* The weight and cap sliders, released, reach the hypervisor. */
static void
test_sliders (void)
{
  DomusSchedEditor *editor = page_child (DOMUS_TYPE_DOMAIN_PAGE, GTK_WIDGET (f.page), "sched_editor");
  GtkRange *weight_scale = page_child (DOMUS_TYPE_SCHED_EDITOR, GTK_WIDGET (editor), "weight_scale");
  GtkRange *cap_scale = page_child (DOMUS_TYPE_SCHED_EDITOR, GTK_WIDGET (editor), "cap_scale");
  int weight = 0, cap = -1;

  show ("h1", "overview");
  /* The weight slider is on a log scale: 2^9 is 512. */
  gtk_range_set_value (weight_scale, 9.0);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (domain ("h1")) == 512, SLOW);
  gtk_range_set_value (cap_scale, 40.0);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_cap (domain ("h1")) == 40, SLOW);
  xl_sched ("h1", &weight, &cap);
  g_assert_cmpint (weight, ==, 512);
  g_assert_cmpint (cap, ==, 40);
  screenshot ("xen-window-sliders.png");
}

static gboolean
terminal_shows (DomusConsoleView *console,
                const char       *text)
{
  g_autofree char *shown = vte_terminal_get_text (domus_console_view_get_terminal (console), NULL, NULL, NULL);

  return shown != NULL && strstr (shown, text) != NULL;
}

/* The tiny PV guest, created from its config in dom0, boots: its console
 * in the window shows its init's line. */
static void
test_create_and_console (void)
{
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  DomusConsoleView *console = page_child (DOMUS_TYPE_DOMAIN_PAGE, GTK_WIDGET (f.page), "console_view");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  create->path = g_strdup ("/tmp/tiny.cfg");
  domus_host_request_async (f.host, create, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, SLOW);
  g_assert_cmpint (domus_host_request_finish (f.host, result, &error), >, 0);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domain ("tiny") != NULL && domus_domain_get_console_path (domain ("tiny")) != NULL, SLOW);
  show ("tiny", "console");
  DOMUS_TEST_WAIT_UNTIL (terminal_shows (console, "DOMUS-GUEST: up"), SLOW);
  screenshot ("xen-window-console.png");
}

/* The window's frame, and dom0's own capture of the screen, as RGB. */
static GBytes *
rgb_of (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *bgra = g_malloc ((gsize) width * height * 4);
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  gdk_texture_download (texture, bgra, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      /* Cairo's ARGB32 in memory on a little-endian machine: B, G, R, A. */
      rgb[i * 3] = bgra[i * 4 + 2];
      rgb[i * 3 + 1] = bgra[i * 4 + 1];
      rgb[i * 3 + 2] = bgra[i * 4];
    }
  return g_bytes_new_take (rgb, (gsize) width * height * 3);
}

/* What domusctl vnc-capture saw in dom0 a moment ago: after the first
 * update, as QEMU's first to a new client may be blank (the text cursor
 * blinks: another comes within a second). */
static GdkTexture *
dom0_capture (void)
{
  g_autofree char *out = dom0 ("domusctl vnc-capture --wait-update --timeout 60 h1 /tmp/h1.png >&2 "
                               "&& base64 /tmp/h1.png");
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guchar *data = g_base64_decode (out, &length);
  GdkTexture *texture;

  png = g_bytes_new_take (data, length);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  return texture;
}

/* The HVM guest's screen, through the agent: the same pixels as dom0's
 * own VNC client captures (a few tries: the firmware may draw between). */
static void
test_screen (void)
{
  DomusScreenView *screen = page_child (DOMUS_TYPE_DOMAIN_PAGE, GTK_WIDGET (f.page), "screen_view");
  DomusVncView *vnc = domus_screen_view_get_vnc_view (screen);
  GtkStack *stack = page_child (DOMUS_TYPE_SCREEN_VIEW, GTK_WIDGET (screen), "stack");
  gboolean same = FALSE;

  show ("h1", "screen");
  DOMUS_TEST_WAIT_UNTIL (domus_screen_view_get_state (screen) == DOMUS_SCREEN_VIEW_CONNECTED, SLOW);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_view_get_n_tile_uploads (vnc) > 0, SLOW);
  for (guint i = 0; i < 5 && !same; i++)
    {
      g_autoptr(GdkTexture) captured = dom0_capture ();
      g_autoptr(GBytes) expected = rgb_of (captured);
      gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      g_autoptr(GdkTexture) shown = NULL;

      /* The window follows within a few updates, or the screen moved on. */
      while (!same && g_get_monotonic_time () < end)
        {
          g_autoptr(GBytes) actual = NULL;

          g_clear_object (&shown);
          shown = domus_vnc_view_dup_texture (vnc);
          actual = shown != NULL ? rgb_of (shown) : NULL;
          same = actual != NULL && g_bytes_equal (actual, expected);
          if (!same)
            domus_test_run_for (200);
        }
      g_test_message ("try %u: %s (dom0 %d×%d, window %d×%d)", i + 1, same ? "the same pixels" : "not the same",
                      gdk_texture_get_width (captured), gdk_texture_get_height (captured),
                      shown != NULL ? gdk_texture_get_width (shown) : 0,
                      shown != NULL ? gdk_texture_get_height (shown) : 0);
      /* Both, to look at. */
      if (!same && shown != NULL)
        {
          gdk_texture_save_to_png (captured, "xen-window-screen-dom0.png");
          gdk_texture_save_to_png (shown, "xen-window-screen-window.png");
        }
    }
  g_assert_true (same);
  DOMUS_TEST_WAIT_UNTIL (!gtk_stack_get_transition_running (stack), 30);
  screenshot ("xen-window-screen.png");
}

/* dom0 kills the agent: the window says the connection ended, keeps what
 * it showed, and its next refresh starts the agent again through ssh. */
static void
test_agent_killed (void)
{
  GtkRevealer *revealer = page_child (DOMUS_TYPE_WINDOW, GTK_WIDGET (f.window), "banner_revealer");
  GtkLabel *banner = page_child (DOMUS_TYPE_WINDOW, GTK_WIDGET (f.window), "banner_label");
  guint n = g_list_model_get_n_items (domus_host_get_domains (f.host));

  show ("tiny", "overview");
  g_free (dom0 ("kill $(pidof domus-agent)"));
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer), SLOW);
  g_assert_cmpstr (gtk_label_get_label (banner), ==, "Cannot read the host: The connection to the agent ended");
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (f.host)), ==, n);
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_child_revealed (revealer), 30);
  screenshot ("xen-window-agent-lost.png");

  DOMUS_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer), SLOW);
  g_assert_null (domus_host_get_error (f.host));
  g_assert_nonnull (domain ("tiny"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ssh = NULL;
  const char *port = g_getenv ("DOMUS_XEN_WINDOW_PORT");
  int status;

  domus_test_gtk_init (&argc, &argv);
  f.key = g_getenv ("DOMUS_XEN_WINDOW_KEY");
  f.known_hosts = g_getenv ("DOMUS_XEN_WINDOW_KNOWN_HOSTS");
  if (f.key == NULL || f.known_hosts == NULL || port == NULL)
    g_error ("run by tests/xen/window.sh, which sets DOMUS_XEN_WINDOW_KEY, _KNOWN_HOSTS and _PORT");
  f.port = (guint) atoi (port);
  /* The window's ssh, with the run's keys, as a user's ssh_config would. */
  ssh = g_strdup_printf ("ssh -i %s -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=%s", f.key,
                         f.known_hosts);
  g_setenv ("DOMUS_SSH", ssh, TRUE);

  /* In order, on one window: each goes on from where the one before left. */
  g_test_add_func ("/xen-window/domains", test_domains);
  g_test_add_func ("/xen-window/sliders", test_sliders);
  g_test_add_func ("/xen-window/create-and-console", test_create_and_console);
  g_test_add_func ("/xen-window/screen", test_screen);
  g_test_add_func ("/xen-window/agent-killed", test_agent_killed);
  status = g_test_run ();

  if (f.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f.window));
  g_clear_object (&f.host);
  return status;
}
