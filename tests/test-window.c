/* test-window.c: the main window on a simulated host, under a real display
 *
 * Opens the window on the lab scene with a manual clock, steps simulated
 * time, selects a domain, checks that the charts hold its history, and
 * saves screenshots (light and dark) into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-host.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "domus-chart.h"
#include "domus-command.h"
#include "domus-console-view.h"
#include "domus-error.h"
#include "domus-domain-page.h"
#include "domus-fleet-page.h"
#include "domus-io-charts.h"
#include "domus-io-device.h"
#include "domus-qos-page.h"
#include "domus-qos-row.h"
#include "remote/domus-remote-host.h"
#include "domus-screen-view.h"
#include "domus-share-bars.h"
#include "domus-window.h"

typedef DomusTestWindow Fixture;

static DomusChart *
page_chart (DomusWindow *window,
            GType        page_type,
            const char  *page_name,
            const char  *chart_name)
{
  return DOMUS_CHART (domus_test_page_child (window, page_type, page_name, chart_name));
}

static void
test_domains (Fixture       *f,
              gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                        DOMUS_TYPE_WINDOW,
                                                                        "domain_view"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                              DOMUS_TYPE_WINDOW, "domains_stack"));
  DomusDomain *clone2 = domus_host_lookup_domain_by_name (f->host, "clone2");
  DomusChart *cpu_chart = page_chart (f->window, DOMUS_TYPE_DOMAIN_PAGE, "domain_page", "cpu_chart");
  DomusChart *memory_chart = page_chart (f->window, DOMUS_TYPE_DOMAIN_PAGE, "domain_page",
                                         "memory_chart");
  guint n_points = 0;
  double last = NAN;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 5);

  /* 45 simulated seconds, sampled every second. */
  domus_clock_advance (f->clock, 45 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));

  g_assert_true (domus_window_select_domain (f->window, clone2));
  g_assert_true (domus_window_get_selected_domain (f->window) == clone2);
  domus_test_flush (GTK_WIDGET (f->window));

  /* Total line: one point per sample within the 60 s window, but the first,
   * which has no rate yet. */
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 0, &n_points, &last));
  g_assert_cmpuint (n_points, ==, 45);
  g_assert_cmpfloat_with_epsilon (last, domus_domain_get_cpu_percent (clone2), 0.05);
  g_assert_cmpfloat (last, >, 100.0);
  /* One line per vCPU too. */
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 2, &n_points, &last));
  g_assert_cmpuint (n_points, ==, 45);
  g_assert_false (domus_chart_get_line_stats (cpu_chart, 3, &n_points, &last));

  g_assert_true (domus_chart_get_line_stats (memory_chart, 0, &n_points, &last));
  g_assert_cmpfloat_with_epsilon (last, 1024.0, 1.0);

  /* New samples reach the chart as they come. */
  domus_clock_advance (f->clock, 5 * G_USEC_PER_SEC);
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 0, &n_points, &last));
  g_assert_cmpuint (n_points, ==, 50);

  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-domains.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-domains-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* Scrolls the scrolled window around @widget so that @widget is at its top. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  g_assert_true (gtk_widget_translate_coordinates (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 12);
}

static DomusIoCharts *
io_charts (Fixture *f)
{
  return DOMUS_IO_CHARTS (domus_test_page_child (f->window, DOMUS_TYPE_DOMAIN_PAGE, "domain_page", "io_charts"));
}

/* The domain page charts each vif and vbd, and a chart's CSV export has
 * the values it shows; a domain without devices has no such group. */
static void
test_io_charts (Fixture       *f,
                gconstpointer  data)
{
  DomusIoCharts *charts = io_charts (f);
  DomusDomain *clone2 = domus_host_lookup_domain_by_name (f->host, "clone2");
  DomusDomain *dom0 = domus_host_lookup_domain_by_id (f->host, 0);
  g_autoptr(DomusIoDevice) vif1 = g_list_model_get_item (domus_domain_get_io_devices (clone2), 1);
  g_autofree char *csv_path = g_build_filename (f->dir, "vif1.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) last = NULL;
  GtkWidget *chart;
  guint n_points = 0;
  double value = NAN;

  domus_clock_advance (f->clock, 45 * G_USEC_PER_SEC);
  g_assert_true (domus_window_select_domain (f->window, clone2));
  domus_test_flush (GTK_WIDGET (f->window));

  /* Two vifs, two vbds: a chart each, received and sent. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (charts)));
  g_assert_nonnull (domus_io_charts_get_chart (charts, 3));
  g_assert_null (domus_io_charts_get_chart (charts, 4));
  chart = domus_io_charts_get_chart (charts, 1);
  g_assert_true (domus_chart_get_line_stats (DOMUS_CHART (chart), 0, &n_points, &value));
  g_assert_cmpuint (n_points, ==, 45);
  g_assert_cmpfloat_with_epsilon (value, domus_io_device_get_rate (vif1, DOMUS_IO_NET_RX_BYTES) / 1024,
                                  value * 1e-3);
  g_assert_cmpfloat (value, >, 100);

  /* Its export has the values it shows: the last row, the latest rate. */
  domus_test_write_file (chart, "chart.export-csv-to", csv_path);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (g_strchomp (csv), "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Time (s),Received,Sent");
  last = g_strsplit (lines[g_strv_length (lines) - 1], ",", -1);
  g_assert_cmpfloat (g_ascii_strtod (last[0], NULL), ==, 0);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last[1], NULL), value, value * 1e-3);

  /* Domain-0 has no devices in the lab: no group. */
  g_assert_true (domus_window_select_domain (f->window, dom0));
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (charts)));
  g_assert_null (domus_io_charts_get_chart (charts, 0));
}

/* The width of @view's header row: of its visible columns together. */
static int
columns_width (GtkColumnView *view)
{
  return gtk_widget_get_width (gtk_widget_get_first_child (GTK_WIDGET (view)));
}

/* The list's throughput columns are hidden until chosen in the column
 * menu, and a window opened later shows the same ones. */
static void
test_io_columns (Fixture       *f,
                 gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                        DOMUS_TYPE_WINDOW, "domain_view"));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint n_visible = 0;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_nonnull (gtk_column_view_column_get_header_menu (column));
      n_visible += gtk_column_view_column_get_visible (column);
    }
  g_assert_cmpuint (n_visible, ==, 7);
  /* The seven fit: Name takes the room the hidden columns leave. */
  domus_test_flush (GTK_WIDGET (f->window));
  g_test_message ("columns %d px wide in a list of %d", columns_width (view), gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmpint (columns_width (view), ==, gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.column-net-rx", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.column-disk-write", NULL));
  {
    g_autoptr(GtkColumnViewColumn) net_rx = g_list_model_get_item (columns, 7);
    g_autoptr(GtkColumnViewColumn) net_tx = g_list_model_get_item (columns, 8);

    g_assert_cmpstr (gtk_column_view_column_get_title (net_rx), ==, "Net Received");
    g_assert_true (gtk_column_view_column_get_visible (net_rx));
    g_assert_false (gtk_column_view_column_get_visible (net_tx));
  }
  /* Remembered: a window opened later shows the same columns. */
  {
    g_auto(GStrv) shown = g_settings_get_strv (settings, "domain-list-columns");
    DomusWindow *other = domus_test_window_new (f->host, 800, 600);
    GtkColumnView *other_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (other),
                                                                              DOMUS_TYPE_WINDOW, "domain_view"));
    g_autoptr(GtkColumnViewColumn) disk_write = g_list_model_get_item (gtk_column_view_get_columns (other_view), 10);
    g_autoptr(GtkColumnViewColumn) disk_read = g_list_model_get_item (gtk_column_view_get_columns (other_view), 9);

    g_assert_cmpuint (g_strv_length (shown), ==, 2);
    g_assert_cmpstr (shown[0], ==, "net-rx");
    g_assert_cmpstr (shown[1], ==, "disk-write");
    g_assert_true (gtk_column_view_column_get_visible (disk_write));
    g_assert_false (gtk_column_view_column_get_visible (disk_read));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* The page's charts and the chosen columns beside them. */
  domus_clock_advance (f->clock, 60 * G_USEC_PER_SEC);
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "clone2")));
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED)), 800);
  domus_test_flush (GTK_WIDGET (f->window));
  scroll_to (GTK_WIDGET (io_charts (f)));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-io.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-io-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Hidden again, they leave their room to Name again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.column-net-rx", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.column-disk-write", NULL));
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED)), 640);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_cmpint (columns_width (view), ==, gtk_widget_get_width (GTK_WIDGET (view)));

  /* The later tests' windows as they were. */
  g_settings_reset (settings, "domain-list-columns");
}

static void
test_finalize (void)
{
  g_autoptr(DomusClock) clock = NULL;
  DomusHost *host = domus_test_sim_host_new (NULL, &clock);
  DomusWindow *window = domus_window_new (NULL, host);

  gtk_window_present (GTK_WINDOW (window));
  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  /* The window let go of the host, which let go of its domains. */
  g_assert_finalize_object (host);
}

static void
test_qos (Fixture       *f,
          gconstpointer  data)
{
  DomusQosPage *page = DOMUS_QOS_PAGE (domus_test_window_page (f->window, "qos_page"));
  DomusChart *chart = DOMUS_CHART (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                  DOMUS_TYPE_QOS_PAGE, "share_chart"));
  GListModel *rows = domus_qos_page_get_rows (page);
  double total = 0;
  guint n_points;
  double last;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "qos"));
  domus_clock_advance (f->clock, 30 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));

  /* Theory against practice: on the simulator they agree closely. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);
      DomusDomain *domain = domus_qos_row_get_domain (row);

      g_test_message ("%-10s predicted %5.1f%% measured %5.1f%%", domus_domain_get_name (domain),
                      domus_qos_row_get_predicted (row), domus_qos_row_get_measured (row));
      g_assert_false (isnan (domus_qos_row_get_predicted (row)));
      total += domus_qos_row_get_measured (row);
    }
  g_assert_cmpfloat_with_epsilon (total, 400.0, 4.0);

  /* The stacked chart has a line per domain, the top one at the host's total. */
  g_assert_true (domus_chart_get_line_stats (chart, 4, &n_points, &last));
  g_assert_cmpuint (n_points, ==, 30);
  g_assert_false (domus_chart_get_line_stats (chart, 5, &n_points, &last));

  /* Presets from the lab guides: one pCPU per domain... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "qos.pin-one-per-domain", NULL));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);
      g_autofree char *expected = g_strdup_printf ("%u", i % 4);

      g_assert_cmpstr (domus_qos_row_get_affinity (row), ==, expected);
    }
  /* Per pCPU now: each pinned domain has its own pCPU's bar (debian_hvm
   * idles on pCPU 0 beside Domain-0). */
  domus_clock_advance (f->clock, 3 * G_USEC_PER_SEC);
  {
    DomusShareBars *bars = DOMUS_SHARE_BARS (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                            DOMUS_TYPE_QOS_PAGE,
                                                                            "pcpu_bars"));
    g_assert_cmpfloat_with_epsilon (domus_share_bars_get_share (bars, 3, 3), 100.0, 1.0);
    g_assert_cmpfloat_with_epsilon (domus_share_bars_get_share (bars, 2, 2), 100.0, 1.0);
    g_assert_cmpfloat_with_epsilon (domus_share_bars_get_share (bars, 2, 3), 0.0, 0.1);
    g_assert_cmpfloat_with_epsilon (domus_share_bars_get_share (bars, 0, 0), 10.0, 3.0);
  }

  /* ...then the selected domains restricted to pCPUs 2-3. */
  gtk_selection_model_select_item (domus_qos_page_get_selection (page), 1, TRUE);
  gtk_selection_model_select_item (domus_qos_page_get_selection (page), 2, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "qos.pin-selected", "s", "2-3"));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);

      g_test_message ("%s: %s", domus_domain_get_name (domus_qos_row_get_domain (row)),
                      domus_qos_row_get_affinity (row));
      if (i == 1 || i == 2)
        g_assert_cmpstr (domus_qos_row_get_affinity (row), ==, "2-3");
    }
  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-qos.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "qos.unpin-all", NULL));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);
      g_assert_cmpstr (domus_qos_row_get_affinity (row), ==, "all");
    }
}

static void
run_ok (Fixture      *f,
        DomusRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (domus_test_run_request (f->host, f->clock, request, &error), >=, 0);
  g_assert_no_error (error);
}

static const char *
row_name (GListModel *rows,
          guint       i)
{
  g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);

  return domus_domain_get_name (domus_qos_row_get_domain (row));
}

/* The lab's clone2 in a credit2 pool of its own on pCPU 3, as the lab
 * guides keep the measured domain apart: the page shows each pool as the
 * scheduler of its own it is. */
static void
test_qos_pools (Fixture       *f,
                gconstpointer  data)
{
  DomusQosPage *page = DOMUS_QOS_PAGE (domus_test_window_page (f->window, "qos_page"));
  GtkDropDown *menu = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page), DOMUS_TYPE_QOS_PAGE,
                                                                    "pool_dropdown"));
  AdwPreferencesGroup *theory = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                      DOMUS_TYPE_QOS_PAGE,
                                                                                      "theory_group"));
  DomusChart *chart = DOMUS_CHART (gtk_widget_get_template_child (GTK_WIDGET (page), DOMUS_TYPE_QOS_PAGE,
                                                                  "share_chart"));
  GListModel *rows = domus_qos_page_get_rows (page);
  double y_max;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "qos"));
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  /* One pool: no menu. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));

  run_ok (f, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "Pool-0", 0x8));
  run_ok (f, domus_test_pool_create_request ("p1", 0x8, DOMUS_SCHEDULER_CREDIT2));
  run_ok (f, domus_test_pool_migrate_request (f->host, "clone2", "p1"));
  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));

  /* All pools: every domain, with its pool. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (menu)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
  {
    g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, 3);

    g_assert_cmpstr (domus_domain_get_name (domus_qos_row_get_domain (row)), ==, "clone2");
    g_assert_cmpstr (domus_qos_row_get_pool (row), ==, "p1");
  }
  g_assert_nonnull (strstr (adw_preferences_group_get_description (theory), "each cpupool's scheduler"));

  /* p1 alone: clone2, both its busy vCPUs on the pool's one pCPU, gets
   * all of it; the chart's top is that pCPU. */
  domus_qos_page_set_pool (page, "p1");
  g_assert_cmpuint (gtk_drop_down_get_selected (menu), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_cmpstr (row_name (rows, 0), ==, "clone2");
  g_object_get (chart, "y-max", &y_max, NULL);
  g_assert_cmpfloat (y_max, ==, 100.0);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (theory), "Credit2 scheduler model of p1"));
  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  {
    g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, 0);

    g_test_message ("clone2 in p1: predicted %.1f%%, measured %.1f%%", domus_qos_row_get_predicted (row),
                    domus_qos_row_get_measured (row));
    g_assert_cmpfloat_with_epsilon (domus_qos_row_get_predicted (row), 100.0, 1.0);
    g_assert_cmpfloat_with_epsilon (domus_qos_row_get_measured (row), 100.0, 2.0);
  }
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-qos-pool.png");

  /* Pool-0: the rest, on pCPUs 0-2; one pCPU per domain goes round those. */
  domus_qos_page_set_pool (page, "Pool-0");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  g_object_get (chart, "y-max", &y_max, NULL);
  g_assert_cmpfloat (y_max, ==, 300.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "qos.pin-one-per-domain", NULL));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (rows, i);
      g_autofree char *expected = g_strdup_printf ("%u", i % 3);

      g_assert_cmpstr (domus_qos_row_get_affinity (row), ==, expected);
    }
  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-qos-pool-0.png");

  /* Moved back, clone2 leaves p1's page for Pool-0's. */
  run_ok (f, domus_test_pool_migrate_request (f->host, "clone2", "Pool-0"));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
  /* A pool that goes leaves the page on all pools. */
  domus_qos_page_set_pool (page, "p1");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  run_ok (f, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
}

static gboolean
has_dialog_saying (const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window)
          && strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), text) != NULL)
        {
          gtk_window_destroy (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The window's progress strip for the operation under way. */
static GtkRevealer *
operation_revealer (Fixture *f)
{
  return GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW,
                                                      "operation_revealer"));
}

/* The message dialog open with @heading, or NULL. */
static AdwMessageDialog *
find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window)
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Pause and unpause from the window; Domain-0 cannot be paused. */
static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  DomusDomain *clone1 = domus_host_lookup_domain_by_name (f->host, "clone1");

  g_assert_true (domus_window_select_domain (f->window, clone1));
  g_assert_true (gtk_widget_activate_action (window, "win.toggle-pause", NULL));
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_state (clone1) == DOMUS_DOMAIN_STATE_PAUSED, 2);
  g_assert_true (gtk_widget_activate_action (window, "win.toggle-pause", NULL));
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_state (clone1) != DOMUS_DOMAIN_STATE_PAUSED, 2);

  /* Domain-0 cannot be paused: the action is disabled for it. */
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_id (f->host, 0)));
  gtk_widget_activate_action (window, "win.toggle-pause", NULL);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpint (domus_domain_get_state (domus_host_lookup_domain_by_id (f->host, 0)), !=,
                   DOMUS_DOMAIN_STATE_PAUSED);
}

/* Save with progress, then the domain is gone; restore brings it back. */
static void
test_save_restore (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkRevealer *operation = operation_revealer (f);
  g_autofree char *save = g_build_filename (f->dir, "clone1.save", NULL);
  DomusDomain *clone1 = domus_host_lookup_domain_by_name (f->host, "clone1");

  g_assert_true (domus_window_select_domain (f->window, clone1));
  g_assert_true (gtk_widget_activate_action (window, "win.save-to", "s", save));
  domus_test_flush (window);
  g_assert_true (gtk_revealer_get_reveal_child (operation));
  domus_test_screenshot (window, "domus-saving.png");
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_host_lookup_domain_by_name (f->host, "clone1") == NULL, 10);
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 2);
  g_assert_true (g_file_test (save, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (window, "win.restore-from", "s", save));
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_host_lookup_domain_by_name (f->host, "clone1") != NULL, 10);
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 2);
}

/* A checkpoint: the same progress, and the domain runs on, not paused. */
static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkRevealer *operation = operation_revealer (f);
  g_autofree char *checkpoint = g_build_filename (f->dir, "clone1-checkpoint.save", NULL);
  DomusDomain *clone1 = domus_host_lookup_domain_by_name (f->host, "clone1");
  AdwMessageDialog *rename;

  g_assert_true (domus_window_select_domain (f->window, clone1));
  g_assert_true (gtk_widget_activate_action (window, "win.save-checkpoint-to", "s", checkpoint));
  domus_test_flush (window);
  g_assert_true (gtk_revealer_get_reveal_child (operation));
  domus_test_screenshot (window, "domus-checkpoint.png");
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 10);
  g_assert_true (g_file_test (checkpoint, G_FILE_TEST_EXISTS));
  g_assert_true (domus_host_lookup_domain_by_name (f->host, "clone1") == clone1);
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_state (clone1) != DOMUS_DOMAIN_STATE_PAUSED, 2);

  /* Restored while clone1 runs: its name is taken, another is offered. */
  g_assert_true (gtk_widget_activate_action (window, "win.restore-from", "s", checkpoint));
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 10);
  rename = find_message_dialog ("Restore Under Another Name?");
  g_assert_nonnull (rename);
  g_assert_cmpstr (adw_message_dialog_get_body (rename), ==, "A domain named “clone1” already exists");
  g_assert_false (adw_message_dialog_get_response_enabled (rename, "restore"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (rename)), "clone1-copy");
  domus_test_flush (GTK_WIDGET (rename));
  domus_test_screenshot (GTK_WIDGET (rename), "domus-restore-as.png");
  adw_message_dialog_response (rename, "restore");
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_host_lookup_domain_by_name (f->host, "clone1-copy") != NULL, 10);
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 2);
  g_assert_true (domus_host_lookup_domain_by_name (f->host, "clone1") == clone1);
}

/* A broken xl config: refused with its line, nothing created. */
static void
test_broken_config (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkRevealer *operation = operation_revealer (f);
  g_autofree char *broken = g_build_filename (f->dir, "broken.cfg", NULL);

  g_assert_true (g_file_set_contents (broken, "name = \"x\"\nmemory = 12ab\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (window, "win.create-from", "s", broken));
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 5);
  g_assert_true (has_dialog_saying ("broken.cfg:2"));
  g_assert_null (domus_host_lookup_domain_by_name (f->host, "x"));
}

/* Keep after reboot: tuned live, then written into its xl config. */
static void
test_keep_settings (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkRevealer *operation = operation_revealer (f);
  g_autofree char *cfg = g_build_filename (f->dir, "kept.cfg", NULL);
  g_autofree char *text = NULL;
  const char *weight_512[] = { "sched", "kept", "--weight", "512", NULL };
  const char *weight_1024[] = { "sched", "kept", "--weight", "1024", NULL };
  DomusDomain *kept;
  AdwMessageDialog *conflict;

  g_assert_true (g_file_set_contents (cfg, "name = \"kept\"\nmemory = 256\n# keep me\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (window, "win.create-from", "s", cfg));
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_host_lookup_domain_by_name (f->host, "kept") != NULL, 10);
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 2);
  kept = domus_host_lookup_domain_by_name (f->host, "kept");
  g_assert_cmpstr (domus_domain_get_config_path (kept), ==, cfg);

  domus_host_request_async (f->host, domus_command_parse (f->host, weight_512, NULL, NULL), NULL, NULL, NULL);
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_weight (kept) == 512, 2);
  g_assert_true (domus_window_select_domain (f->window, kept));
  g_assert_true (gtk_widget_activate_action (window, "win.keep-settings", NULL));
  g_assert_true (g_file_get_contents (cfg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "# keep me\n"));
  g_assert_nonnull (strstr (text, "cpu_weight = 512\n"));
  g_clear_pointer (&text, g_free);

  /* Edited on disk meanwhile: asked, and the edit survives. */
  g_assert_true (g_file_set_contents (cfg, "name = \"kept\"\nmemory = 256\n# edited\n", -1, NULL));
  domus_host_request_async (f->host, domus_command_parse (f->host, weight_1024, NULL, NULL), NULL, NULL, NULL);
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_weight (kept) == 1024, 2);
  g_assert_true (gtk_widget_activate_action (window, "win.keep-settings", NULL));
  conflict = find_message_dialog ("“kept.cfg” Changed on Disk");
  g_assert_nonnull (conflict);
  adw_message_dialog_response (conflict, "update");
  gtk_window_destroy (GTK_WINDOW (conflict));
  g_assert_true (g_file_get_contents (cfg, &text, NULL, NULL));
  g_test_message ("kept.cfg:\n%s", text);
  g_assert_nonnull (strstr (text, "# edited\n"));
  g_assert_nonnull (strstr (text, "cpu_weight = 1024\n"));
}

static void
test_states (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = DOMUS_HOST (domus_test_host_new (clock, "4.17.0", 2, 1024 * 1024,
                                                               DOMUS_SCHEDULER_CREDIT2));
  DomusWindow *window;
  GtkStack *stack;
  GtkRevealer *revealer;
  GtkLabel *banner;
  AdwStatusPage *error_status;

  /* Its first refresh fails, as on a host whose hypercalls fail; the clock
   * stands still, so there is no other. */
  domus_test_host_answer_error (DOMUS_TEST_HOST (host),
                                g_error_new (DOMUS_ERROR, DOMUS_ERROR_HYPERCALL,
                                             "getdomaininfo: Permission denied"));
  _domus_host_start (host);

  window = domus_window_new (NULL, host);
  gtk_window_present (GTK_WINDOW (window));
  domus_test_flush (GTK_WIDGET (window));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW,
                                                    "domains_stack"));
  revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW,
                                                          "banner_revealer"));
  banner = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW,
                                                     "banner_label"));
  error_status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                 DOMUS_TYPE_WINDOW, "error_status"));

  /* No sample yet, and the first refresh failed: said plainly, with a retry. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (error_status), ==,
                   "getdomaininfo: Permission denied");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  domus_test_screenshot (GTK_WIDGET (window), "domus-error.png");

  /* The banner carries notices, such as why the host is simulated. */
  domus_host_set_notice (host, "No Xen hypervisor found — showing a simulated host");
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_label_get_label (banner), ==,
                   "No Xen hypervisor found — showing a simulated host");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (banner), "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Hosts page: the window's own host and hosts added by address, each
 * with its state (the real agent as "local" would start it, as root; one
 * that cannot be reached, with ssh's reason) and, once read, its facts;
 * another host's pages open in a window of their own. */
static void
test_hosts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DomusFleet) fleet = domus_fleet_new (f->host, "xenlab — simulated", NULL);
  DomusFleetPage *page = DOMUS_FLEET_PAGE (domus_test_window_page (f->window, "fleet_page"));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page), DOMUS_TYPE_FLEET_PAGE,
                                                                  "host_list"));
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW,
                                                                       "view_stack"));
  g_autoptr(DomusFleetHost) agent = NULL;
  g_autoptr(DomusFleetHost) nowhere = NULL;
  g_autofree char *config = domus_test_refused_config ("lab-9");
  GtkWindow *other = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("“local” starts the agent through pkexec when not root: run as root, as CI does");
      return;
    }
  /* "lab-9": a port of this computer where nothing listens. */
  domus_test_use_ssh_config (f->dir, config);
  domus_window_set_fleet (f->window, fleet);
  adw_view_stack_set_visible_child_name (stack, "hosts");
  g_assert_true (domus_fleet_page_add (page, "local"));
  g_assert_true (domus_fleet_page_add (page, "student@lab-9"));
  /* Refused, with a toast saying why. */
  g_assert_false (domus_fleet_page_add (page, "local"));
  agent = g_list_model_get_item (domus_fleet_get_hosts (fleet), 1);
  nowhere = g_list_model_get_item (domus_fleet_get_hosts (fleet), 2);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));
  g_assert_null (gtk_list_box_get_row_at_index (list, 3));

  DOMUS_TEST_WAIT_UNTIL (domus_fleet_host_get_state (agent) == DOMUS_FLEET_HOST_CONNECTED
                         && domus_host_is_ready (domus_fleet_host_get_host (agent))
                         && domus_fleet_host_get_state (nowhere) == DOMUS_FLEET_HOST_LOST, 30);
  {
    AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 1));
    AdwActionRow *lost = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 2));

    /* Busy once two samples are in. */
    DOMUS_TEST_WAIT_UNTIL (strstr (adw_action_row_get_subtitle (row), "% busy") != NULL, 30);
    g_test_message ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                    adw_action_row_get_subtitle (row));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "xenlab");
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Xen 4.17.0 · Credit · 4 pCPUs · "));
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), " · 1024 MiB free · 5 domains"));
    g_test_message ("%s", adw_action_row_get_subtitle (lost));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (lost), "Lost: "));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (lost), ": connection refused"));
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (lost), " — trying again"));
    /* Nothing to show, but it can be removed. */
    g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (lost)));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (lost)));
  }
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-hosts.png");

  /* The agent's host in this window: its row activated, its domains. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 1), "activated");
  g_assert_true (domus_window_get_host (f->window) == domus_fleet_host_get_host (agent));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "xenlab — Domus");
  adw_view_stack_set_visible_child_name (stack, "hosts");
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-hosts-shown.png");
  adw_view_stack_set_visible_child_name (stack, "domains");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "domains");
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (
                                               domus_fleet_host_get_host (agent), "debian_hvm")));
  /* Shown, not the first domain's namesake of the host before. */
  domus_test_run_for (100);
  g_assert_cmpstr (domus_domain_get_name (domus_window_get_selected_domain (f->window)), ==, "debian_hvm");
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-hosts-switched.png");
  /* A lost host's row does nothing; this computer's brings it back. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 2), "activated");
  g_assert_true (domus_window_get_host (f->window) == domus_fleet_host_get_host (agent));
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 0), "activated");
  g_assert_true (domus_window_get_host (f->window) == f->host);
  g_assert_nonnull (domus_host_lookup_domain_by_name (f->host, "clone1"));
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "clone1")));

  /* The agent's host, in a window of its own. */
  g_signal_emit_by_name (page, "open-host", agent);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (l->data != (gpointer) f->window && DOMUS_IS_WINDOW (l->data)
        && domus_window_get_host (l->data) == domus_fleet_host_get_host (agent))
      other = l->data;
  g_assert_nonnull (other);
  gtk_window_destroy (other);
}

/* Migrate…: the connected hosts of the list are offered, by the name this
 * host reaches them with (an ssh_config alias here, as in a lab), and the
 * migration runs as the other long requests do: progress, then the domain
 * leaves this host (a simulated host lets it go). */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkRevealer *operation = GTK_REVEALER (gtk_widget_get_template_child (window, DOMUS_TYPE_WINDOW,
                                                                        "operation_revealer"));
  DomusTestSshd *sshd = domus_test_sshd_start ();
  g_autofree char *config = domus_test_sshd_config (sshd, "lab-4");
  g_autofree char *address = g_strdup_printf ("ssh://lab-4?agent=%s", g_getenv ("DOMUS_AGENT"));
  g_autoptr(DomusFleet) fleet = domus_fleet_new (f->host, "xenlab — simulated", NULL);
  g_autoptr(GError) error = NULL;
  DomusFleetHost *lab;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *box, *hosts, *entry;

  domus_test_use_ssh_config (f->dir, config);
  domus_window_set_fleet (f->window, fleet);
  lab = domus_fleet_add (fleet, address, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_fleet_host_get_state (lab) == DOMUS_FLEET_HOST_CONNECTED, 60);
  /* Its own name, and the name it was reached by. */
  g_assert_cmpstr (domus_fleet_host_get_title (lab), ==, "xenlab (lab-4)");

  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "clone1")));
  g_assert_true (gtk_widget_activate_action (window, "win.migrate", NULL));
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), "Migrate “clone1”") == 0)
      dialog = l->data;
  g_assert_nonnull (dialog);
  box = adw_message_dialog_get_extra_child (dialog);
  hosts = gtk_widget_get_first_child (box);
  entry = gtk_widget_get_next_sibling (hosts);
  g_assert_true (GTK_IS_DROP_DOWN (hosts));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (hosts))), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "lab-4");
  domus_test_flush (GTK_WIDGET (dialog));
  domus_test_screenshot (GTK_WIDGET (dialog), "domus-migrate.png");

  /* Nothing to migrate to: refused before anything is asked. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "migrate"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "lab-4");
  adw_message_dialog_response (dialog, "migrate");
  g_assert_true (gtk_revealer_get_reveal_child (operation));
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_host_lookup_domain_by_name (f->host, "clone1") == NULL, 20);
  DOMUS_TEST_STEP_UNTIL (f->clock, !gtk_revealer_get_reveal_child (operation), 2);

  g_clear_object (&fleet);
  domus_test_sshd_stop (sshd);
}

static gboolean
terminal_shows (DomusConsoleView *console,
                const char       *text)
{
  g_autofree char *shown = vte_terminal_get_text (domus_console_view_get_terminal (console), NULL, NULL, NULL);

  return shown != NULL && strstr (shown, text) != NULL;
}

/* A PV guest's console, through the agent: a login on it. */
static void
log_in_through (Fixture *f)
{
  DomusConsoleView *console = DOMUS_CONSOLE_VIEW (domus_test_page_child (f->window, DOMUS_TYPE_DOMAIN_PAGE,
                                                                         "domain_page", "console_view"));
  DomusDomainPage *page = DOMUS_DOMAIN_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                            DOMUS_TYPE_WINDOW, "domain_page"));

  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "debian10")));
  g_assert_true (domus_domain_page_show_view (page, "console"));
  DOMUS_TEST_WAIT_UNTIL (terminal_shows (console, "debian10 login: "), 30);
  vte_terminal_feed_child (domus_console_view_get_terminal (console), "root\r", -1);
  DOMUS_TEST_WAIT_UNTIL (terminal_shows (console, "Password: "), 30);
  vte_terminal_feed_child (domus_console_view_get_terminal (console), "secret\r", -1);
  DOMUS_TEST_WAIT_UNTIL (terminal_shows (console, "root@debian10:~# "), 30);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-console-through-agent.png");
}

/* An HVM guest's screen, through the agent too: its installer. */
static void
watch_installer_through (Fixture *f)
{
  DomusScreenView *screen = DOMUS_SCREEN_VIEW (domus_test_page_child (f->window, DOMUS_TYPE_DOMAIN_PAGE,
                                                                      "domain_page", "screen_view"));
  DomusDomainPage *page = DOMUS_DOMAIN_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                            DOMUS_TYPE_WINDOW, "domain_page"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (screen), DOMUS_TYPE_SCREEN_VIEW, "stack"));

  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "debian_hvm")));
  g_assert_true (domus_domain_page_show_view (page, "screen"));
  DOMUS_TEST_WAIT_UNTIL (domus_screen_view_get_state (screen) == DOMUS_SCREEN_VIEW_CONNECTED, 30);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_view_get_n_tile_uploads (domus_screen_view_get_vnc_view (screen)) > 0, 30);
  /* The "Connecting…" page faded out, for the screenshot. */
  DOMUS_TEST_WAIT_UNTIL (!gtk_stack_get_transition_running (stack), 30);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-screen-through-agent.png");
  g_assert_true (domus_domain_page_show_view (page, "overview"));
}

/* The window on a host an agent serves: the real domus-agent program, on a
 * pipe, serving the lab's simulated host as it would a real one, a PV
 * guest's console and an HVM guest's screen through it included. When the
 * agent is killed, the window says the connection ended and keeps what it
 * showed; the host's next refresh starts the agent again. */
static void
test_through_agent (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-window-agent-XXXXXX", NULL);
  g_autofree char *pid_file = g_build_filename (dir, "agent.pid", NULL);
  g_auto(GStrv) argv = domus_test_agent_argv (pid_file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  GtkColumnView *view;
  DomusChart *cpu_chart;
  GtkRevealer *revealer;
  GtkLabel *banner;
  DomusDomain *clone2;
  guint refreshed = 0, n_points = 0;
  double last = NAN;

  domus_remote_host_spawn_async ((const char * const *) argv, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  f.host = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (f.host, "refreshed", G_CALLBACK (domus_test_count_cb), &refreshed);
  f.window = domus_test_window_new (f.host, 1280, 800);

  /* A few samples, a second apart on the agent's clock. */
  DOMUS_TEST_WAIT_UNTIL (refreshed >= 4, 30);
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW, "domain_view"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 5);
  g_assert_true (domus_window_select_domain (f.window, domus_host_lookup_domain_by_name (f.host, "clone2")));
  cpu_chart = page_chart (f.window, DOMUS_TYPE_DOMAIN_PAGE, "domain_page", "cpu_chart");
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 0, &n_points, &last));
  g_assert_cmpuint (n_points, >=, 3);
  g_assert_cmpfloat (last, >, 100.0);
  /* Its vifs and vbds came through the agent too (RefreshIo): charted. */
  clone2 = domus_host_lookup_domain_by_name (f.host, "clone2");
  g_assert_cmpuint (g_list_model_get_n_items (domus_domain_get_io_devices (clone2)), ==, 4);
  g_assert_cmpfloat (domus_domain_get_net_rx_rate (clone2), >, 0);
  g_assert_nonnull (domus_io_charts_get_chart (io_charts (&f), 3));
  domus_test_flush (GTK_WIDGET (f.window));
  domus_test_screenshot (GTK_WIDGET (f.window), "domus-through-agent.png");

  log_in_through (&f);
  watch_installer_through (&f);

  revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW,
                                                          "banner_revealer"));
  banner = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f.window), DOMUS_TYPE_WINDOW, "banner_label"));
  domus_test_kill_agent (pid_file);
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer), 30);
  g_assert_cmpstr (gtk_label_get_label (banner), ==, "Cannot read the host: The connection to the agent ended");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (banner), "error"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 5);
  /* The banner slid in, for the screenshot. */
  DOMUS_TEST_WAIT_UNTIL (gtk_revealer_get_child_revealed (revealer), 30);
  domus_test_flush (GTK_WIDGET (f.window));
  domus_test_screenshot (GTK_WIDGET (f.window), "domus-agent-lost.png");

  /* Within a refresh interval, the agent again, and the banner gone. */
  DOMUS_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer), 30);
  g_assert_null (domus_host_get_error (f.host));
  g_assert_true (g_file_test (pid_file, G_FILE_TEST_EXISTS));

  /* A refresh or a read of the host's facts still on its way holds the
   * host past this function: it must not count into @refreshed then (ASan:
   * stack-use-after-return). */
  g_signal_handlers_disconnect_by_data (f.host, &refreshed);
  gtk_window_destroy (GTK_WINDOW (f.window));
  g_clear_object (&f.host);
  domus_test_remove_dir (dir);
}

/* The header's menus are built at their first popup (not at the start),
 * pop up with their model's items, and keep their popover afterwards. */
static void
test_menus (Fixture       *f,
            gconstpointer  data)
{
  const char *buttons[][2] = { { "primary_menu_button", "primary_menu" },
                               { "domain_menu_button", "domain_menu" } };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW,
                                                                              buttons[i][0]));
      GMenuModel *model = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW,
                                                                       buttons[i][1]));
      GtkPopover *popover;

      g_assert_null (gtk_menu_button_get_popover (button));
      g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
      gtk_menu_button_popup (button);
      domus_test_flush (GTK_WIDGET (f->window));
      popover = gtk_menu_button_get_popover (button);
      g_assert_true (GTK_IS_POPOVER_MENU (popover));
      g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) == model);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
      gtk_menu_button_popdown (button);
      domus_test_flush (GTK_WIDGET (f->window));
      gtk_menu_button_popup (button);
      domus_test_flush (GTK_WIDGET (f->window));
      g_assert_true (gtk_menu_button_get_popover (button) == popover);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
      gtk_menu_button_popdown (button);
    }
}

int
main (int   argc,
      char *argv[])
{
  domus_test_gtk_init (&argc, &argv);

  domus_test_add_window ("/window/domains", test_domains);
  domus_test_add_window ("/window/menus", test_menus);
  domus_test_add_window ("/window/io-charts", test_io_charts);
  domus_test_add_window ("/window/io-columns", test_io_columns);
  domus_test_add_window ("/window/qos", test_qos);
  domus_test_add_window ("/window/qos-pools", test_qos_pools);
  domus_test_add_window ("/window/pause", test_pause);
  domus_test_add_window ("/window/save-restore", test_save_restore);
  domus_test_add_window ("/window/checkpoint", test_checkpoint);
  domus_test_add_window ("/window/broken-config", test_broken_config);
  domus_test_add_window ("/window/keep-settings", test_keep_settings);
  g_test_add_func ("/window/finalize", test_finalize);
  g_test_add_func ("/window/states", test_states);
  g_test_add_func ("/window/through-agent", test_through_agent);
  domus_test_add_window ("/window/hosts", test_hosts);
  domus_test_add_window ("/window/migrate", test_migrate);

  return g_test_run ();
}
