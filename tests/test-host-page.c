/* test-host-page.c: the window's Host page on a simulated host, under a
 * real display
 *
 * The pCPU chart, the host's facts as xl info gives them, Xen's log
 * (searched, followed) and Record… to a CSV file, on the lab scene with a
 * manual clock; screenshots into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "domus-chart.h"
#include "domus-cpupools-group.h"
#include "domus-host-page.h"
#include "domus-pci-group.h"
#include "domus-top-csv.h"
#include "domus-xen-log-window.h"

typedef DomusTestWindow Fixture;

static GtkWidget *
host_page_child (DomusWindow *window,
                 const char  *name)
{
  return domus_test_page_child (window, DOMUS_TYPE_HOST_PAGE, "host_page", name);
}

static void
test_pcpu_chart (Fixture       *f,
                 gconstpointer  data)
{
  DomusChart *pcpu_chart = DOMUS_CHART (host_page_child (f->window, "pcpu_chart"));
  guint n_points = 0;
  double last = NAN;

  domus_clock_advance (f->clock, 30 * G_USEC_PER_SEC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  domus_test_flush (GTK_WIDGET (f->window));

  /* Four pCPUs, all busy with five CPU-bound vCPUs among them. */
  for (guint p = 0; p < 4; p++)
    {
      g_assert_true (domus_chart_get_line_stats (pcpu_chart, p, &n_points, &last));
      g_assert_cmpuint (n_points, ==, 30);  /* the first sample has no rate */
      g_assert_cmpfloat (last, >, 95.0);
    }
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-host.png");
}

/* The Host page starts with what xl info says that a lab needs. */
static void
test_host_facts (Fixture       *f,
                 gconstpointer  data)
{
  AdwPreferencesGroup *facts = ADW_PREFERENCES_GROUP (host_page_child (f->window, "facts_group"));

  domus_clock_advance (f->clock, 5 * G_USEC_PER_SEC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  DOMUS_TEST_WAIT_UNTIL (adw_preferences_group_get_description (facts) != NULL, 30);
  domus_test_flush (GTK_WIDGET (f->window));

  g_assert_cmpstr (adw_preferences_group_get_description (facts), ==,
                   "Xen 4.17.0, credit, 4 pCPUs, VT-x yes, HAP yes");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (host_page_child (f->window, "version_label"))), ==, "4.17.0");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (host_page_child (f->window, "scheduler_label"))), ==,
                   "credit (Pool-0)");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (host_page_child (f->window, "commandline_label"))),
                                   "placeholder dom0_mem=2048M,max:2048M "));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (host_page_child (f->window, "virt_label"))), ==,
                   "VT-x yes · HVM yes · HAP yes · PV yes · IOMMU yes");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (host_page_child (f->window, "pcpus_row"))), ==,
                   "4 cores per socket · 1 thread per core · 1 NUMA node · 2400 MHz");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (host_page_child (f->window, "memory_row"))), ==,
                   "Domain-0: 2048 MiB · dom0_mem=2048M,max:2048M");
  domus_test_screenshot (GTK_WIDGET (f->window), "host-facts.png");
}

static gboolean
log_shows (DomusXenLogWindow *log,
           const char        *needle)
{
  g_autofree char *text = domus_xen_log_window_dup_text (log);

  return strstr (text, needle) != NULL;
}

static gboolean
match_visible (DomusXenLogWindow *log)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (log), DOMUS_TYPE_XEN_LOG_WINDOW,
                                                                   "text_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible, location;
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &end, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

/* The Xen Log: the boot, then new lines as they come; searchable (Ctrl+F)
 * and copied whole. */
static void
test_xen_log (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (domus_test_window_page (f->window, "host_page"));
  DomusXenLogWindow *log;
  GtkSearchBar *search_bar;
  GtkEditable *entry;
  GtkLabel *matches;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL, *selected = NULL, *copied = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint clone1 = domus_domain_get_id (domus_host_lookup_domain_by_name (f->host, "clone1"));
  g_autofree char *destroyed = g_strdup_printf ("(XEN) d%u: domain clone1 destroyed\n", clone1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  g_assert_true (gtk_widget_activate_action (page, "host.show-log", NULL));
  log = DOMUS_XEN_LOG_WINDOW (domus_host_page_get_log_window (DOMUS_HOST_PAGE (page)));
  g_assert_nonnull (log);
  gtk_window_set_default_size (GTK_WINDOW (log), 960, 620);
  DOMUS_TEST_WAIT_UNTIL (log_shows (log, "\n"), 30);
  text = domus_xen_log_window_dup_text (log);
  g_assert_true (g_str_has_prefix (text, " Xen 4.17.0\n(XEN) Xen version 4.17.0"));
  g_assert_null (strstr (text, "destroyed"));
  /* Asked again: the same window. */
  g_assert_true (gtk_widget_activate_action (page, "host.show-log", NULL));
  g_assert_true (domus_host_page_get_log_window (DOMUS_HOST_PAGE (page)) == GTK_WINDOW (log));

  /* A domain goes: its line comes at the next refresh, once. */
  domus_test_run_request (f->host, f->clock,
                          domus_request_new_for_domain (DOMUS_REQUEST_DESTROY,
                                                        domus_host_lookup_domain_by_name (f->host, "clone1")),
                          &error);
  g_assert_no_error (error);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (log_shows (log, destroyed), 30);
  g_clear_pointer (&text, g_free);
  text = domus_xen_log_window_dup_text (log);
  g_assert_cmpstr (strstr (text, destroyed), ==, destroyed);

  /* Ctrl+F, a word: every match counted, the first selected. */
  search_bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (log), DOMUS_TYPE_XEN_LOG_WINDOW,
                                                             "search_bar"));
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (log), DOMUS_TYPE_XEN_LOG_WINDOW,
                                                       "search_entry"));
  matches = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (log), DOMUS_TYPE_XEN_LOG_WINDOW,
                                                      "matches_label"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (log),
                                                                                   DOMUS_TYPE_XEN_LOG_WINDOW,
                                                                                   "text_view")));
  g_assert_false (gtk_search_bar_get_search_mode (search_bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (log), "log.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));
  gtk_editable_set_text (entry, "hvm");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_label_get_label (matches), "4 matches") == 0, 30);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (selected, ==, "HVM");
  gtk_editable_set_text (entry, "no such words");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_label_get_label (matches), "No matches") == 0, 30);
  gtk_editable_set_text (entry, "destroyed");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_label_get_label (matches), "1 match") == 0, 30);
  /* The match is scrolled to, once the text view has laid its lines out. */
  DOMUS_TEST_WAIT_UNTIL (match_visible (log), 30);
  domus_test_flush (GTK_WIDGET (log));
  domus_test_screenshot (GTK_WIDGET (log), "xen-log.png");

  /* Copied whole. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (log), "log.copy-all", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (log)), NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  copied = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (GTK_WIDGET (log)), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied, ==, text);

  gtk_window_destroy (GTK_WINDOW (log));
  g_assert_null (domus_host_page_get_log_window (DOMUS_HOST_PAGE (page)));
}

/* Record…: every sample into a CSV file while it runs, as domusctl top
 * --csv writes them, with an indicator and Stop. */
static void
test_host_record (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (domus_test_window_page (f->window, "host_page"));
  GtkRevealer *revealer = GTK_REVEALER (host_page_child (f->window, "record_revealer"));
  GtkLabel *label = GTK_LABEL (host_page_child (f->window, "record_label"));
  g_autofree char *path = g_build_filename (f->dir, "host.csv", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.csv", NULL);
  g_autofree char *expected_label = g_strdup_printf ("Recording to %s · 6 samples", path);
  g_autofree char *contents = NULL;
  g_autoptr(DomusCsv) header = domus_csv_new ();
  g_autoptr(DomusCsv) last = domus_csv_new ();
  g_auto(GStrv) lines = NULL;
  DomusHostRecorder *recorder = NULL;
  guint n_domains = g_list_model_get_n_items (domus_host_get_domains (f->host));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* A folder that is not there: said so, nothing recording, and put away. */
  g_assert_true (gtk_widget_activate_action (page, "host.record-to", "s", "/nonexistent/folder/host.csv"));
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer), 30);
  g_assert_cmpstr (gtk_label_get_label (label), ==,
                   "Cannot record to “/nonexistent/folder/host.csv”: No such file or directory");
  g_assert_null (domus_host_page_get_recorder (DOMUS_HOST_PAGE (page)));
  g_assert_true (gtk_widget_activate_action (page, "host.stop-recording", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  g_assert_true (gtk_widget_activate_action (page, "host.record-to", "s", path));
  DOMUS_TEST_WAIT_UNTIL ((recorder = domus_host_page_get_recorder (DOMUS_HOST_PAGE (page))) != NULL, 30);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  /* One recording at a time. */
  gtk_widget_activate_action (page, "host.record-to", "s", other);

  /* The host's last sample at once, then one per refresh. */
  domus_clock_advance (f->clock, 5 * G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (domus_host_recorder_get_n_samples (recorder) == 6, 30);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected_label);
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_child_revealed (revealer), 30);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "host-recording.png");
  domus_top_csv_add_header (header);
  domus_top_csv_add_sample (last, f->host);

  g_assert_true (gtk_widget_activate_action (page, "host.stop-recording", NULL));
  DOMUS_TEST_WAIT_UNTIL (domus_host_page_get_recorder (DOMUS_HOST_PAGE (page)) == NULL, 30);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  /* xentop's header, a row per domain and sample, the last as domusctl
   * top --csv would print it now; nothing after Stop. */
  domus_clock_advance (f->clock, 3 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, domus_csv_get_text (header)));
  g_assert_true (g_str_has_suffix (contents, domus_csv_get_text (last)));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6 * n_domains + 1);  /* and "" after the last \n */
  g_assert_true (g_str_has_prefix (lines[1], "Domain-0,"));
}

/* The toggle of pCPU @cpu in @row's pCPUs row. */
static GtkToggleButton *
cpu_toggle (AdwExpanderRow *row,
            guint           cpu)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_TOGGLE_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "pool") != NULL
          && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "cpu")) == cpu)
        return GTK_TOGGLE_BUTTON (widget);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  g_assert_not_reached ();
}

/* Toggles pCPU @cpu of @row's pool, waits until the group has rebuilt the
 * pool's row and returns the new one. @row is held meanwhile: freed, its
 * address could be the new row's, which would look like no rebuild. */
static AdwExpanderRow *
toggle_and_wait (DomusCpupoolsGroup *group,
                 AdwExpanderRow     *row,
                 guint               cpu,
                 gboolean            active)
{
  g_autoptr(AdwExpanderRow) old = g_object_ref (row);
  const char *name = gtk_widget_get_name (GTK_WIDGET (old));

  gtk_toggle_button_set_active (cpu_toggle (old, cpu), active);
  DOMUS_TEST_WAIT_UNTIL (domus_cpupools_group_get_row (group, name) != old, 10);
  return domus_cpupools_group_get_row (group, name);
}

/* The Cpupools group: a pool per row, a pCPU toggled out of one. */
static void
test_cpupools (Fixture       *f,
               gconstpointer  data)
{
  DomusCpupoolsGroup *group = DOMUS_CPUPOOLS_GROUP (host_page_child (f->window, "cpupools_group"));
  AdwExpanderRow *p1;
  g_autoptr(GError) error = NULL;

  domus_test_run_request (f->host, f->clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "Pool-0", 0xc), &error);
  g_assert_no_error (error);
  domus_test_run_request (f->host, f->clock, domus_test_pool_create_request ("p1", 0xc, DOMUS_SCHEDULER_CREDIT2), &error);
  g_assert_no_error (error);
  domus_test_run_request (f->host, f->clock, domus_test_pool_migrate_request (f->host, "clone1", "p1"), &error);
  g_assert_no_error (error);
  domus_clock_advance (f->clock, 3 * G_USEC_PER_SEC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  domus_test_flush (GTK_WIDGET (f->window));

  p1 = domus_cpupools_group_get_row (group, "p1");
  g_assert_nonnull (p1);
  g_assert_cmpstr (adw_expander_row_get_subtitle (p1), ==, "Credit2 · pCPUs 2-3 · 1 domain");
  g_assert_cmpstr (adw_expander_row_get_subtitle (domus_cpupools_group_get_row (group, "Pool-0")), ==,
                   "Credit · pCPUs 0-1 · 4 domains");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cpu_toggle (p1, 0))));
  /* Open at once, not through the row's animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  adw_expander_row_set_expanded (p1, TRUE);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (group), "host-cpupools.png");

  /* pCPU 3 out of p1: free, and the row says so. */
  p1 = toggle_and_wait (group, p1, 3, FALSE);
  g_assert_cmphex (domus_cpupool_get_cpus (domus_host_lookup_cpupool_by_name (f->host, "p1")), ==, 0x4);
  g_assert_cmpstr (adw_expander_row_get_subtitle (p1), ==, "Credit2 · pCPUs 2 · 1 domain");
  g_assert_true (adw_expander_row_get_expanded (p1));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cpu_toggle (p1, 3))));

  /* Its last pCPU: refused while clone1 is in it, the toggle back on. */
  p1 = toggle_and_wait (group, p1, 2, FALSE);
  g_assert_true (gtk_toggle_button_get_active (cpu_toggle (p1, 2)));
  g_assert_cmphex (domus_cpupool_get_cpus (domus_host_lookup_cpupool_by_name (f->host, "p1")), ==, 0x4);
}

/* The button named @name in @row, or NULL. */
static GtkButton *
row_button (AdwActionRow *row,
            const char   *name)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
        return GTK_BUTTON (widget);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

/* The message dialog on screen whose heading is @heading, or NULL. */
static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static const char *
toast_title (DomusWindow *window)
{
  GObject *overlay = G_OBJECT (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW, "toast_overlay"));
  AdwToast *toast = g_object_get_data (overlay, "domus-error-toast");

  return toast != NULL ? adw_toast_get_title (toast) : NULL;
}

/* Clicks @button of @bdf's row, answers the dialog @heading (if any) with
 * @response (its dropdown, if any, on @choice), and returns once the row has
 * been built again, or @toast shown. */
static void
click_and_answer (DomusPciGroup *group,
                  const char    *bdf,
                  const char    *button,
                  const char    *heading,
                  const char    *choice)
{
  g_autoptr(AdwActionRow) old = g_object_ref (domus_pci_group_get_row (group, bdf));
  GtkButton *widget = row_button (old, button);
  AdwMessageDialog *dialog = NULL;

  g_assert_nonnull (widget);
  g_signal_emit_by_name (widget, "clicked");
  if (heading != NULL)
    {
      DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog (heading)) != NULL, 10);
      if (choice != NULL)
        {
          GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
          GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_widget_get_first_child (extra));
          GListModel *model = gtk_drop_down_get_model (drop_down);

          for (guint i = 0; i < g_list_model_get_n_items (model); i++)
            {
              g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

              if (g_str_equal (gtk_string_object_get_string (item), choice))
                gtk_drop_down_set_selected (drop_down, i);
            }
          domus_test_screenshot (GTK_WIDGET (dialog), "host-pci-attach.png");
        }
      adw_message_dialog_response (dialog, "go");
    }
  DOMUS_TEST_WAIT_UNTIL (domus_pci_group_get_row (group, bdf) != old, 10);
}

/* The PCI Devices group on the lab's host: who has each device, and the
 * lab's recipe through it: make the NIC assignable, attach it to a domain,
 * detach it, give it back to dom0. */
static void
test_pci (Fixture       *f,
          gconstpointer  data)
{
  DomusPciGroup *group = DOMUS_PCI_GROUP (host_page_child (f->window, "pci_group"));
  AdwActionRow *nic, *usb, *bridge;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "host"));
  DOMUS_TEST_WAIT_UNTIL (domus_pci_group_get_row (group, "0000:00:19.0") != NULL, 10);
  domus_test_flush (GTK_WIDGET (f->window));
  nic = domus_pci_group_get_row (group, "0000:00:19.0");
  usb = domus_pci_group_get_row (group, "0000:00:1a.0");
  bridge = domus_pci_group_get_row (group, "0000:00:00.0");
  g_assert_null (domus_pci_group_get_notice_row (group));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (nic)), ==, "82540EM Gigabit Ethernet Controller");
  g_assert_cmpstr (adw_action_row_get_subtitle (nic), ==,
                   "0000:00:19.0 · Ethernet controller · Intel Corporation · dom0’s, driver e1000");
  g_assert_cmpstr (adw_action_row_get_subtitle (usb), ==,
                   "0000:00:1a.0 · USB controller · Intel Corporation · assignable");
  g_assert_nonnull (row_button (nic, "assignable-add"));
  g_assert_null (row_button (nic, "attach"));
  g_assert_nonnull (row_button (usb, "attach"));
  g_assert_nonnull (row_button (usb, "assignable-remove"));
  /* A bridge is not passed through: nothing to do with it. */
  g_assert_null (row_button (bridge, "assignable-add"));
  domus_test_screenshot (GTK_WIDGET (group), "host-pci.png");

  click_and_answer (group, "0000:00:19.0", "assignable-add", "Make 0000:00:19.0 Assignable?", NULL);
  g_assert_true (domus_pci_device_get_assignable (domus_host_lookup_pci_device (f->host, "0000:00:19.0")));
  g_assert_cmpstr (adw_action_row_get_subtitle (domus_pci_group_get_row (group, "0000:00:19.0")), ==,
                   "0000:00:19.0 · Ethernet controller · Intel Corporation · assignable");

  click_and_answer (group, "0000:00:19.0", "attach", "Attach 0000:00:19.0", "clone2");
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (f->host, "0000:00:19.0")), ==, "clone2");
  g_assert_cmpstr (adw_action_row_get_subtitle (domus_pci_group_get_row (group, "0000:00:19.0")), ==,
                   "0000:00:19.0 · Ethernet controller · Intel Corporation · attached to clone2");
  g_assert_nonnull (row_button (domus_pci_group_get_row (group, "0000:00:19.0"), "detach"));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (group), "host-pci-attached.png");

  click_and_answer (group, "0000:00:19.0", "detach", "Detach 0000:00:19.0 from “clone2”?", NULL);
  g_assert_null (domus_pci_device_get_domain (domus_host_lookup_pci_device (f->host, "0000:00:19.0")));
  click_and_answer (group, "0000:00:19.0", "assignable-remove", NULL, NULL);
  g_assert_false (domus_pci_device_get_assignable (domus_host_lookup_pci_device (f->host, "0000:00:19.0")));
  g_assert_cmpstr (domus_pci_device_get_driver (domus_host_lookup_pci_device (f->host, "0000:00:19.0")), ==, "e1000");
}

/* Without an IOMMU the group says the hardware cannot, and an attach
 * asked all the same is refused in those words, in a toast. */
static void
test_pci_no_iommu (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (
    "{\"host\": {\"iommu\": false, \"pci\": [{\"bdf\": \"00:1a.0\", \"vendor\": \"8086\", \"device\": \"2934\","
    " \"class\": \"0c0300\", \"assignable\": true}]}, \"domains\": [{\"name\": \"web\"}]}", &clock);
  DomusWindow *window = domus_test_window_new (host, 1280, 800);
  DomusPciGroup *group = DOMUS_PCI_GROUP (host_page_child (window, "pci_group"));
  AdwActionRow *notice;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "host"));
  DOMUS_TEST_WAIT_UNTIL (domus_pci_group_get_row (group, "0000:00:1a.0") != NULL, 10);
  notice = domus_pci_group_get_notice_row (group);
  g_assert_nonnull (notice);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (notice)), ==, "No IOMMU");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row_button (domus_pci_group_get_row (group, "0000:00:1a.0"),
                                                                        "attach"))), ==,
                   "This host has no IOMMU: the hardware cannot pass the device through");
  domus_test_flush (GTK_WIDGET (window));
  domus_test_screenshot (GTK_WIDGET (group), "host-pci-no-iommu.png");

  g_signal_emit_by_name (row_button (domus_pci_group_get_row (group, "0000:00:1a.0"), "attach"), "clicked");
  {
    AdwMessageDialog *dialog = NULL;

    DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("Attach 0000:00:1a.0")) != NULL, 10);
    adw_message_dialog_response (dialog, "go");
  }
  DOMUS_TEST_WAIT_UNTIL (toast_title (window) != NULL, 10);
  g_assert_cmpstr (toast_title (window), ==,
                   "This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
                   "(Xen reports no hvm_directio in xl info’s virt_caps)");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  domus_test_gtk_init (&argc, &argv);

  domus_test_add_window ("/host-page/pcpu-chart", test_pcpu_chart);
  domus_test_add_window ("/host-page/facts", test_host_facts);
  domus_test_add_window ("/host-page/record", test_host_record);
  domus_test_add_window ("/host-page/xen-log", test_xen_log);
  domus_test_add_window ("/host-page/cpupools", test_cpupools);
  domus_test_add_window ("/host-page/pci", test_pci);
  g_test_add_func ("/host-page/pci-no-iommu", test_pci_no_iommu);

  return g_test_run ();
}
