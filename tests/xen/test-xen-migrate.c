/* test-xen-migrate.c: the Domus window moving a guest between two real Xen hosts
 *
 * Run by tests/xen/migrate.sh on this machine (on an X server of its own)
 * once lab-a, one of the two Xen 4.17 hosts it booted under QEMU, has its
 * HVM guest m1 running. As at a lab's desk without Xen, the window's own
 * host is the simulated one, and lab-a and lab-b are added to its Hosts
 * page by their names in the user's ssh_config (which reach them through
 * QEMU's forwarded ports). Migrate… on m1 in lab-a's pages offers lab-b,
 * the name lab-a's dom0 reaches it by too; m1 leaves lab-a and appears in
 * lab-b's list. From lab-b's pages it goes back the same way. Screenshots
 * of each go to the working folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "domus-backend.h"
#include "domus-fleet-page.h"
#include "domus-fleet.h"
#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"
#include "domus-window.h"

/* Under TCG, a guest of 128 MiB crosses from one emulated host to the
 * other in about a minute, two or three on a loaded machine. */
#define SLOW 600

static struct
{
  DomusHost      *desk;
  DomusFleet     *fleet;
  DomusFleetHost *lab[2];
  DomusWindow    *window;
} f;

static DomusDomain *
domain_on (guint       lab,
           const char *name)
{
  return domus_host_lookup_domain_by_name (domus_fleet_host_get_host (f.lab[lab]), name);
}

/* The window shows lab @lab's pages: its row on the Hosts page activated. */
static void
show_lab (guint lab)
{
  DomusFleetPage *page = DOMUS_FLEET_PAGE (domus_test_window_page (f.window, "fleet_page"));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page), DOMUS_TYPE_FLEET_PAGE,
                                                                  "host_list"));

  /* Row 0 is this computer. */
  g_autofree char *title = g_strdup_printf ("%s — Domus", domus_fleet_host_get_title (f.lab[lab]));

  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, (int) lab + 1), "activated");
  g_assert_true (domus_window_get_host (f.window) == domus_fleet_host_get_host (f.lab[lab]));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f.window)), ==, title);
}

static void
screenshot (const char *name)
{
  domus_test_flush (GTK_WIDGET (f.window));
  domus_test_screenshot (GTK_WIDGET (f.window), name);
}

/* Both hosts connected through ssh and their agents, m1 on lab-a. */
static void
test_connect (void)
{
  const char *agent = "?agent=/usr/libexec/domus-agent";
  g_autofree char *a = g_strconcat ("ssh://lab-a", agent, NULL);
  g_autofree char *b = g_strconcat ("ssh://lab-b", agent, NULL);
  DomusBackendOptions options = { .kind = DOMUS_BACKEND_SIMULATED, .sim_speed = 1.0, .in_process = TRUE };
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;

  f.desk = domus_backend_open (&options, &error);
  g_assert_no_error (error);
  f.window = domus_test_window_new (f.desk, 1280, 800);
  f.fleet = domus_fleet_new (f.desk, "This computer — simulated", NULL);
  domus_window_set_fleet (f.window, f.fleet);
  f.lab[0] = domus_fleet_add (f.fleet, a, &error);
  g_assert_no_error (error);
  f.lab[1] = domus_fleet_add (f.fleet, b, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    DOMUS_TEST_WAIT_UNTIL (domus_fleet_host_get_state (f.lab[i]) == DOMUS_FLEET_HOST_CONNECTED
                           && domus_host_is_ready (domus_fleet_host_get_host (f.lab[i])), SLOW);
  DOMUS_TEST_WAIT_UNTIL (domain_on (0, "m1") != NULL, SLOW);
  g_assert_null (domain_on (1, "m1"));
  /* Both call themselves dom0: told apart by the names they were reached by. */
  g_assert_cmpstr (domus_fleet_host_get_title (f.lab[0]), ==, "dom0 (lab-a)");
  g_assert_cmpstr (domus_fleet_host_get_title (f.lab[1]), ==, "dom0 (lab-b)");
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_str_has_prefix (domus_host_get_xen_version (domus_fleet_host_get_host (f.lab[i])), "4.17"));
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW, "view_stack"));
  adw_view_stack_set_visible_child_name (stack, "hosts");
  screenshot ("xen-migrate-hosts.png");
}

/* The migration has ended (its bar wholly hidden, so a screenshot shows
 * no bar half-way out), and m1 runs on lab @lab, not on the other. */
static gboolean
arrived (guint lab)
{
  GtkRevealer *operation = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW,
                                                                        "operation_revealer"));
  DomusDomain *m1 = domain_on (lab, "m1");

  return !gtk_revealer_get_child_revealed (operation) && domain_on (1 - lab, "m1") == NULL && m1 != NULL
         && (domus_domain_get_state (m1) == DOMUS_DOMAIN_STATE_RUNNING
             || domus_domain_get_state (m1) == DOMUS_DOMAIN_STATE_BLOCKED);
}

/* Migrate… on m1 in lab-a's pages: lab-b offered, m1 arrives there. */
static void
test_there (void)
{
  AdwMessageDialog *dialog = NULL;
  GtkWidget *box, *hosts, *entry;
  DomusDomainState state;

  show_lab (0);
  /* Migrate… is there for a live guest only: if m1 is not, say what it is. */
  state = domus_domain_get_state (domain_on (0, "m1"));
  g_test_message ("m1 on lab-a is %s", domus_domain_state_to_string (state));
  g_assert_true (state == DOMUS_DOMAIN_STATE_RUNNING || state == DOMUS_DOMAIN_STATE_BLOCKED);
  g_assert_true (domus_window_select_domain (f.window, domain_on (0, "m1")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.migrate", NULL));
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), "Migrate “m1”") == 0)
      dialog = l->data;
  g_assert_nonnull (dialog);
  box = adw_message_dialog_get_extra_child (dialog);
  hosts = gtk_widget_get_first_child (box);
  entry = gtk_widget_get_next_sibling (hosts);
  /* The one other connected host that is not this computer. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (hosts))), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "lab-b");
  domus_test_flush (GTK_WIDGET (dialog));
  domus_test_screenshot (GTK_WIDGET (dialog), "xen-migrate-dialog.png");
  adw_message_dialog_response (dialog, "migrate");

  DOMUS_TEST_WAIT_UNTIL (domain_on (0, "m1") == NULL, SLOW);
  screenshot ("xen-migrate-left.png");
  DOMUS_TEST_WAIT_UNTIL (arrived (1), SLOW);
  show_lab (1);
  g_assert_true (domus_window_select_domain (f.window, domain_on (1, "m1")));
  screenshot ("xen-migrate-arrived.png");
}

/* And back, from lab-b's pages, to the name lab-b reaches lab-a by. */
static void
test_back (void)
{
  GtkRevealer *operation = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW,
                                                                        "operation_revealer"));

  show_lab (1);
  g_assert_true (domus_window_select_domain (f.window, domain_on (1, "m1")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.migrate-to", "s", "lab-a"));
  g_assert_true (gtk_revealer_get_reveal_child (operation));
  DOMUS_TEST_WAIT_UNTIL (arrived (0), SLOW);
  show_lab (0);
  g_assert_true (domus_window_select_domain (f.window, domain_on (0, "m1")));
  screenshot ("xen-migrate-back.png");
}

int
main (int   argc,
      char *argv[])
{
  const char *config = g_getenv ("DOMUS_XEN_MIGRATE_SSH_CONFIG");
  g_autofree char *ssh = NULL;
  int status;

  domus_test_gtk_init (&argc, &argv);
  if (config == NULL)
    g_error ("run by tests/xen/migrate.sh, which sets DOMUS_XEN_MIGRATE_SSH_CONFIG");
  /* The window's ssh reads the run's ssh_config, as a user's would. */
  ssh = g_strdup_printf ("ssh -F %s", config);
  g_setenv ("DOMUS_SSH", ssh, TRUE);

  /* In order, on one window: each goes on from where the one before left. */
  g_test_add_func ("/xen-migrate/connect", test_connect);
  g_test_add_func ("/xen-migrate/there", test_there);
  g_test_add_func ("/xen-migrate/back", test_back);
  status = g_test_run ();

  if (f.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f.window));
  g_clear_object (&f.fleet);
  g_clear_object (&f.desk);
  return status;
}
