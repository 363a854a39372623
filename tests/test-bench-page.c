/* test-bench-page.c: the Benchmarks page of the window, on the simulated host
 *
 * Opens the window on the lab scene with a manual clock, runs the example
 * specs through the page's actions, steps simulated time until the runner
 * is done (no sleeping: the page says when with notify::running), and
 * checks the chart and the table against the results file, read here on
 * its own. Results go to a fresh $XDG_DATA_HOME. Leaves
 * domus-benchmarks*.png in the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-notify.h"
#include "domus-test-utils.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "domus-bench-chart.h"
#include "domus-bench-page.h"
#include "domus-fleet.h"
#include "domus-window.h"
#include "sim/domus-sim-host.h"

typedef struct
{
  DomusClock     *clock;
  DomusHost      *host;
  DomusWindow    *window;
  DomusBenchPage *page;
  GPtrArray      *progress;   /* the progress bar's texts, as they came */
} Fixture;

static GtkWidget *
child (DomusBenchPage *page,
       const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), DOMUS_TYPE_BENCH_PAGE, name));
}

static void
progress_text_cb (GtkProgressBar *bar,
                  GParamSpec     *pspec,
                  Fixture        *f)
{
  const char *text = gtk_progress_bar_get_text (bar);

  if (text != NULL && (f->progress->len == 0 || g_strcmp0 (g_ptr_array_index (f->progress, f->progress->len - 1), text) != 0))
    g_ptr_array_add (f->progress, g_strdup (text));
}

static void
remove_results (void)
{
  g_autofree char *dir = domus_bench_page_get_results_dir ();
  g_auto(GStrv) paths = domus_bench_results_list (dir);

  for (guint i = 0; paths[i] != NULL; i++)
    g_unlink (paths[i]);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  remove_results ();
  f->host = domus_test_sim_host_new (NULL, &f->clock);
  f->window = domus_test_window_new (f->host, 1280, 800);
  f->page = DOMUS_BENCH_PAGE (domus_test_window_page (f->window, "bench_page"));
  f->progress = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (child (f->page, "progress"), "notify::text", G_CALLBACK (progress_text_cb), f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "benchmarks"));
  domus_test_flush (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (child (f->page, "progress"), f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->progress, g_ptr_array_unref);
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  remove_results ();
}

/* Picks the example spec @name in the page's list. */
static void
pick_spec (Fixture    *f,
           const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (child (f->page, "spec_dropdown"));
  GListModel *specs = gtk_drop_down_get_model (dropdown);
  g_autofree char *suffix = g_strdup_printf ("/%s.json", name);

  for (guint i = 0; i < g_list_model_get_n_items (specs); i++)
    if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (specs), i), suffix))
      {
        gtk_drop_down_set_selected (dropdown, i);
        g_assert_null (domus_bench_page_get_spec_error (f->page));
        return;
      }
  g_assert_not_reached ();
}

/* Runs the spec in the editor; steps the clock until the page is done.
 * @check, if not NULL, is called at every step. */
static void
run (Fixture *f,
     void   (*check) (Fixture *f, gpointer data),
     gpointer data)
{
  guint steps = 0;

  g_assert_true (gtk_widget_get_sensitive (child (f->page, "run_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "bench.run", NULL));
  g_assert_true (domus_bench_page_get_running (f->page));
  g_assert_true (gtk_widget_get_visible (child (f->page, "progress")));
  g_assert_true (gtk_widget_get_visible (child (f->page, "cancel_button")));
  g_assert_false (gtk_widget_get_sensitive (child (f->page, "run_button")));

  while (domus_bench_page_get_running (f->page))
    {
      domus_clock_advance (f->clock, G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (check != NULL)
        check (f, data);
      g_assert_cmpuint (++steps, <, 100000);
    }
  g_assert_false (gtk_widget_get_visible (child (f->page, "progress")));
}

/* The results file, read here without DomusBenchResults: per group key,
 * the values and how many met the SLA. */
typedef struct
{
  char   *key;
  GArray *values;
  guint   met;
} Expected;

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->key);
  g_array_unref (e->values);
  g_free (e);
}

static GPtrArray *
read_expected (const char *path,
               gboolean    workload)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *groups = g_ptr_array_new_with_free_func (expected_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *key = NULL;
      JsonObject *o;
      Expected *e = NULL;
      double value;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      if (workload)
        {
          if (g_strcmp0 (json_object_get_string_member (o, "step"), "run") != 0)
            continue;
          key = g_strdup_printf ("%s/%s", json_object_get_string_member (o, "scenario"),
                                 json_object_get_string_member (o, "domain"));
          value = json_object_get_double_member (o, "percent_of_native");
        }
      else
        {
          key = g_strdup_printf ("%s/%" G_GINT64_FORMAT, json_object_get_string_member (o, "step"),
                                 json_object_get_int_member (o, "memory_mib"));
          value = json_object_get_double_member (o, "seconds");
        }
      for (guint j = 0; j < groups->len && e == NULL; j++)
        if (g_str_equal (((Expected *) groups->pdata[j])->key, key))
          e = groups->pdata[j];
      if (e == NULL)
        {
          e = g_new0 (Expected, 1);
          e->key = g_steal_pointer (&key);
          e->values = g_array_new (FALSE, FALSE, sizeof (double));
          g_ptr_array_add (groups, e);
        }
      g_array_append_val (e->values, value);
      e->met += workload && json_object_get_boolean_member (o, "sla_met");
    }
  return groups;
}

static double
mean_of (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

static char *
group_key (DomusBenchGroup *group)
{
  if (domus_bench_group_get_kind (group) == DOMUS_BENCH_WORKLOAD)
    return g_strdup_printf ("%s/%s", domus_bench_group_get_category (group), domus_bench_group_get_domain (group));
  return g_strdup_printf ("%s/%" G_GUINT64_FORMAT, domus_bench_group_get_category (group),
                          domus_bench_group_get_memory_mib (group));
}

/* While the SLA benchmark runs: results reach the chart as they come. */
static void
check_streaming (Fixture  *f,
                 gpointer  data)
{
  gboolean *seen_midway = data;
  DomusBenchChart *chart = DOMUS_BENCH_CHART (child (f->page, "chart"));
  const char *text = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (f->page, "progress")));

  if (!*seen_midway && text != NULL && g_str_has_prefix (text, "scenario 2/3"))
    {
      g_autoptr(GArray) bars = domus_bench_chart_get_bars (chart, 800, 400);

      /* The first scenario's two domains are drawn before the run is over. */
      g_assert_true (domus_bench_page_get_running (f->page));
      g_assert_cmpuint (bars->len, ==, 2);
      *seen_midway = TRUE;
    }
}

/* The table: a row per scenario and domain, with what the file says; the
 * SLA column shown, the set not (nothing is compared). */
static void
check_sla_table (Fixture   *f,
                 GPtrArray *expected)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (child (f->page, "table")));
  GListModel *rows = domus_bench_page_get_rows (f->page);
  g_autoptr(GtkColumnViewColumn) set = g_list_model_get_item (columns, 0);
  g_autoptr(GtkColumnViewColumn) category = g_list_model_get_item (columns, 1);
  g_autoptr(GtkColumnViewColumn) sla = g_list_model_get_item (columns, g_list_model_get_n_items (columns) - 1);

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (rows, i);
      g_autofree char *key = group_key (group);
      Expected *e = expected->pdata[i];

      g_assert_cmpstr (key, ==, e->key);
      g_assert_cmpuint (domus_bench_group_get_stats (group)->n, ==, 3);
      g_assert_cmpfloat_with_epsilon (domus_bench_group_get_stats (group)->mean, mean_of (e->values), 1e-9);
      g_assert_cmpuint (domus_bench_group_get_sla_met (group), ==, e->met);
    }
  g_assert_false (gtk_column_view_column_get_visible (set));
  g_assert_cmpstr (gtk_column_view_column_get_title (category), ==, "Scenario");
  g_assert_true (gtk_column_view_column_get_visible (sla));
}

/* The chart, at its size on screen: a column per scenario and domain at
 * the mean % of native, in the SLA's colour when it misses, and the SLA
 * line at 80 on the same scale. */
static void
check_sla_chart (Fixture   *f,
                 GPtrArray *expected)
{
  DomusBenchChart *chart = DOMUS_BENCH_CHART (child (f->page, "chart"));
  g_autoptr(GArray) bars = NULL;
  double width, height, sla_y, baseline = 0;
  guint n_met = 0, n_missed = 0;

  domus_test_flush (GTK_WIDGET (f->window));
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  height = gtk_widget_get_height (GTK_WIDGET (chart));
  g_assert_cmpfloat (width, >, 300);
  bars = domus_bench_chart_get_bars (chart, width, height);
  g_assert_cmpuint (bars->len, ==, 6);
  sla_y = domus_bench_chart_get_sla_y (chart, width, height);
  g_assert_false (isnan (sla_y));
  for (guint i = 0; i < 6; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);
      g_autofree char *key = group_key (bar->group);
      Expected *e = expected->pdata[i];
      double mean = mean_of (e->values);

      g_test_message ("%-28s %5.1f %% of native, %u of 3 met the SLA", key, mean, e->met);
      g_assert_cmpstr (key, ==, e->key);
      g_assert_cmpfloat_with_epsilon (bar->value, mean, 1e-9);
      g_assert_cmpint (bar->misses_sla, ==, mean < 80.0);
      n_met += !bar->misses_sla;
      n_missed += bar->misses_sla;
      baseline = bar->bounds.origin.y + bar->bounds.size.height;
      if (mean > 20)
        g_assert_cmpfloat_with_epsilon ((baseline - sla_y) / bar->bounds.size.height, 80.0 / mean, 0.02);
    }
  /* The lab: with clone1 first it gets its SLA; with equal weights no one does. */
  g_assert_cmpuint (n_met, >=, 1);
  g_assert_cmpuint (n_missed, >=, 1);
  g_assert_false (g_array_index (bars, DomusBenchChartBar, 2).misses_sla);
  g_assert_true (g_array_index (bars, DomusBenchChartBar, 0).misses_sla);
}

/* A page opened later finds the run @results and shows it from its file. */
static void
check_sla_reopened (DomusBenchResults *results,
                    GPtrArray         *expected)
{
  DomusBenchPage *again = g_object_ref_sink (g_object_new (DOMUS_TYPE_BENCH_PAGE, NULL));
  GListModel *runs = gtk_drop_down_get_model (GTK_DROP_DOWN (child (again, "run_dropdown")));
  DomusBenchResults *read = domus_bench_page_get_results (again);
  GListModel *read_rows = domus_bench_page_get_rows (again);

  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  g_assert_nonnull (read);
  g_assert_true (read != results);
  g_assert_cmpstr (domus_bench_results_get_path (read), ==, domus_bench_results_get_path (results));
  g_assert_cmpfloat (domus_bench_results_get_sla_percent (read), ==, 80);
  g_assert_cmpuint (g_list_model_get_n_items (read_rows), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (read_rows, i);

      g_assert_cmpfloat_with_epsilon (domus_bench_group_get_stats (group)->mean,
                                      mean_of (((Expected *) expected->pdata[i])->values), 1e-9);
    }
  g_assert_finalize_object (again);
}

static void
test_sla (Fixture       *f,
          gconstpointer  data)
{
  DomusBenchChart *chart = DOMUS_BENCH_CHART (child (f->page, "chart"));
  g_autoptr(GPtrArray) expected = NULL;
  DomusBenchResults *results;
  gboolean seen_midway = FALSE;

  /* Nothing yet. */
  g_assert_null (domus_bench_page_get_results (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (domus_bench_page_get_rows (f->page)), ==, 0);

  pick_spec (f, "sla");
  run (f, check_streaming, &seen_midway);
  g_assert_true (seen_midway);

  /* Progress said which step, scenario and run. */
  for (guint i = 0; i < f->progress->len; i++)
    g_test_message ("progress: %s", (char *) f->progress->pdata[i]);
  g_assert_true (g_ptr_array_find_with_equal_func (f->progress, "scenario 1/3 “equal weights”, run 2/3",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (f->progress, "scenario 3/3 “one pCPU each”, applying its settings",
                                                   g_str_equal, NULL));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f->page, "status_label"))), ==,
                   "Finished: 21 results, 0 failed");

  results = domus_bench_page_get_results (f->page);
  g_assert_nonnull (results);
  g_assert_true (domus_bench_chart_get_results (chart) == results);
  expected = read_expected (domus_bench_results_get_path (results), TRUE);
  g_assert_cmpuint (expected->len, ==, 6);

  check_sla_table (f, expected);
  check_sla_chart (f, expected);

  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  check_sla_reopened (results, expected);
}

/* Every lifecycle step the lab times, one chart panel each: the boot seen on
 * the console takes the simulator's 4 s and more. */
static void
test_lifecycle_steps (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *rows = domus_bench_page_get_rows (f->page);
  const char *steps[] = { "create", "ready", "save", "restore", "shutdown" };
  guint found = 0;

  pick_spec (f, "lifecycle-full");
  run (f, NULL, NULL);
  /* 5 steps × 256 and 512 MiB */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 10);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (rows, i);
      g_autofree char *key = group_key (group);
      const DomusStats *stats = domus_bench_group_get_stats (group);

      g_test_message ("%s: n %u, mean %.3f s", key, stats->n, stats->mean);
      g_assert_cmpuint (stats->n, ==, 10);
      for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
        found += g_str_has_prefix (key, steps[s]);
      if (g_str_has_prefix (key, "ready"))
        g_assert_cmpfloat (stats->mean, >=, 3.8);
    }
  g_assert_cmpuint (found, ==, 10);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-lifecycle.png");
}

static void
test_lifecycle_compare (Fixture       *f,
                        gconstpointer  data)
{
  DomusBenchChart *chart = DOMUS_BENCH_CHART (child (f->page, "chart"));
  GListModel *rows = domus_bench_page_get_rows (f->page);
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (child (f->page, "table")));
  g_autoptr(GtkColumnViewColumn) set_column = g_list_model_get_item (columns, 0);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GArray) bars = NULL;
  g_autofree char *first = NULL;
  DomusBenchResults *second;

  pick_spec (f, "create-destroy");
  run (f, NULL, NULL);
  g_assert_true (g_ptr_array_find_with_equal_func (f->progress, "create 2/3, 256 MiB, repetition 3/5",
                                                   g_str_equal, NULL));
  first = g_strdup (domus_bench_results_get_path (domus_bench_page_get_results (f->page)));
  expected = read_expected (first, FALSE);
  /* create and destroy × 128 and 256 MiB */
  g_assert_cmpuint (expected->len, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (rows, i);
      g_autofree char *key = group_key (group);

      g_assert_cmpstr (key, ==, ((Expected *) expected->pdata[i])->key);
      g_assert_cmpuint (domus_bench_group_get_stats (group)->n, ==, 15);
      g_assert_cmpfloat_with_epsilon (domus_bench_group_get_stats (group)->mean,
                                      mean_of (((Expected *) expected->pdata[i])->values), 1e-9);
    }

  /* Again, then beside the first. */
  run (f, NULL, NULL);
  second = domus_bench_page_get_results (f->page);
  g_assert_cmpstr (domus_bench_results_get_path (second), !=, first);
  g_assert_true (domus_bench_page_compare_results (f->page, first));
  g_assert_cmpstr (domus_bench_results_get_path (domus_bench_page_get_compare (f->page)), ==, first);
  g_assert_true (domus_bench_chart_get_compare (chart) == domus_bench_page_get_compare (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 8);
  g_assert_true (gtk_column_view_column_get_visible (set_column));
  bars = domus_bench_chart_get_bars (chart, 800, 400);
  /* 2 steps × 2 sizes × 2 sets, the sets side by side */
  g_assert_cmpuint (bars->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);

      g_assert_cmpuint (bar->set, ==, i % 2);
      g_assert_cmpstr (domus_bench_group_get_set_name (bar->group), ==,
                       domus_bench_results_get_label (i % 2 == 0 ? second : domus_bench_page_get_compare (f->page)));
    }
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-compare.png");

  /* A workload cannot stand beside a lifecycle. */
  pick_spec (f, "sla");
  run (f, NULL, NULL);
  g_assert_false (domus_bench_page_compare_results (f->page, first));
  g_assert_null (domus_bench_page_get_compare (f->page));
  g_assert_true (domus_bench_page_show_results (f->page, first));
  g_assert_cmpstr (domus_bench_results_get_path (domus_bench_page_get_results (f->page)), ==, first);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  g_assert_false (gtk_column_view_column_get_visible (set_column));
}

static void
cancel_after_a_few (Fixture  *f,
                    gpointer  data)
{
  DomusBenchResults *results = domus_bench_page_get_results (f->page);

  if (domus_bench_page_get_running (f->page) && domus_bench_results_get_results (results)->len >= 5)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "bench.cancel", NULL));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  DomusBenchResults *results;
  g_autoptr(GPtrArray) expected = NULL;
  guint n;

  pick_spec (f, "create-destroy");
  run (f, cancel_after_a_few, NULL);
  results = domus_bench_page_get_results (f->page);
  n = domus_bench_results_get_results (results)->len;
  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (n, <, 10);
  /* What was done is kept, and said. */
  expected = read_expected (domus_bench_results_get_path (results), FALSE);
  g_assert_cmpuint (((Expected *) expected->pdata[0])->values->len, >=, 3);
  {
    g_autofree char *status = g_strdup_printf ("Cancelled after %u results", n);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f->page, "status_label"))), ==, status);
  }
  g_assert_true (gtk_widget_get_sensitive (child (f->page, "run_button")));
}

/* Activates @action with @path; returns once the page has written it. */
static void
write_file (Fixture    *f,
            const char *action,
            const char *path)
{
  domus_test_write_file (GTK_WIDGET (f->page), action, path);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-export-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *png_path = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *csv = NULL, *svg = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  DomusBenchResults *results;

  pick_spec (f, "create-destroy");
  run (f, NULL, NULL);
  results = domus_bench_page_get_results (f->page);
  expected = read_expected (domus_bench_results_get_path (results), FALSE);

  write_file (f, "bench.export-csv-to", csv_path);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_test_message ("%s", csv);
  lines = g_strsplit (csv, "\n", -1);
  /* A header, a row per step and size, a last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, "set,step,memory_mib,n,failed,mean_s,median_s,sd_s,min_s,max_s,p95_s,p99_s");
  g_assert_cmpstr (lines[5], ==, "");
  for (guint i = 0; i < 4; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
      g_auto(GStrv) key = g_strsplit (((Expected *) expected->pdata[i])->key, "/", 2);
      g_autofree char *set = NULL;

      /* The set's label has a comma: quoted. */
      set = g_strdup_printf ("\"%s\"", domus_bench_results_get_label (results));
      g_assert_true (g_str_has_prefix (lines[i + 1], set));
      /* After the two halves of the quoted label: */
      g_assert_cmpuint (g_strv_length (fields), ==, 13);
      g_assert_cmpstr (fields[2], ==, key[0]);
      g_assert_cmpstr (fields[3], ==, key[1]);
      g_assert_cmpstr (fields[4], ==, "15");
      g_assert_cmpstr (fields[5], ==, "0");
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[6], NULL),
                                      mean_of (((Expected *) expected->pdata[i])->values), 1e-6);
    }

  write_file (f, "bench.export-png-to", png_path);
  texture = gdk_texture_new_from_filename (png_path, &error);
  g_assert_no_error (error);
  /* Twice the chart's size on screen. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (child (f->page, "chart")));

  write_file (f, "bench.export-svg-to", svg_path);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));

  /* The spec too, edited: saved where asked, and picked in the list. */
  {
    g_autofree char *spec_path = g_build_filename (dir, "mine.json", NULL);
    g_autofree char *saved = NULL;
    GtkDropDown *specs = GTK_DROP_DOWN (child (f->page, "spec_dropdown"));
    const char *text = "{\"name\": \"mine\", \"lifecycle\": {\"config\": \"debian10.cfg\", \"repetitions\": 2}}";

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f->page, "spec_view"))), text, -1);
    write_file (f, "bench.save-spec-to", spec_path);
    g_assert_true (g_file_get_contents (spec_path, &saved, NULL, NULL));
    g_assert_cmpstr (saved, ==, text);
    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (specs)), ==, spec_path);
    /* Still valid: its xl config is read only when it runs. */
    g_assert_null (domus_bench_page_get_spec_error (f->page));
    g_unlink (spec_path);
  }

  g_unlink (csv_path);
  g_unlink (png_path);
  g_unlink (svg_path);
  g_rmdir (dir);
}

static void
set_spec_text (Fixture    *f,
               const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f->page, "spec_view"))), text, -1);
}

/* Migration time against memory, there and back (the cloud course's
 * table): the page finds the host migrate_to names among the window's
 * hosts, as the Migrate dialog offers them (by their ssh name), and runs
 * "return" through it. Without that host connected it says so and runs
 * nothing. Here lab-b is a simulated host of the same process, on the
 * window's clock, so the domains arrive there and come back. */
static void
test_return (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"name\": \"migration-vs-memory\", \"repetitions\": 5,\n"
    " \"lifecycle\": {\"config\": \"%s\", \"memory_mib\": [128, 256, 512],\n"
    "   \"steps\": [\"create\", \"migrate\", \"return\", \"destroy\"],\n"
    "   \"migrate_to\": \"lab-b\", \"return_to\": \"xenlab\"}}\n", config);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data ("{\"host\": {\"hostname\": \"lab-b\"}}", -1, &error);
  g_autoptr(DomusHost) lab_b = NULL;
  g_autoptr(DomusFleet) fleet = domus_fleet_new (f->host, "xenlab", NULL);
  GtkLabel *status = GTK_LABEL (child (f->page, "status_label"));
  GListModel *rows = domus_bench_page_get_rows (f->page);
  guint returns = 0;

  g_assert_no_error (error);
  set_spec_text (f, text);
  g_assert_null (domus_bench_page_get_spec_error (f->page));

  /* No lab-b among the window's hosts: said, nothing run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "bench.run", NULL));
  g_assert_false (domus_bench_page_get_running (f->page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_cmpstr (gtk_label_get_label (status), ==,
                   "The benchmark brings its domains back from lab-b (step “return”): add lab-b on the "
                   "Hosts page, and run it once it is connected");
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-return-refused.png");

  /* lab-b on the Hosts page, connected (a simulated host of this process). */
  lab_b = domus_sim_host_new (scene, f->clock);
  g_assert_nonnull (domus_fleet_add_connected (fleet, "ssh://root@lab-b", lab_b, &error));
  g_assert_no_error (error);
  domus_window_set_fleet (f->window, fleet);
  run (f, NULL, NULL);
  g_test_message ("%s", gtk_label_get_label (status));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Finished: 60 results, 0 failed");

  /* 4 steps × 3 sizes, 5 runs each; "return" as long as "migrate". */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 12);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (rows, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);
      double model = 1.0 + 1.5 * domus_bench_group_get_memory_mib (group) / 1024.0;

      g_assert_cmpuint (stats->n, ==, 5);
      g_assert_cmpuint (domus_bench_group_get_failed (group), ==, 0);
      if (!g_str_equal (domus_bench_group_get_category (group), "return"))
        continue;
      returns++;
      g_assert_cmpfloat (stats->mean, >=, 0.95 * model - 1e-6);
      g_assert_cmpfloat (stats->p99, <=, 1.05 * model + 0.1 + 1e-6);
      g_assert_cmpfloat (stats->p95, <=, stats->p99);
    }
  g_assert_cmpuint (returns, ==, 3);
  g_assert_null (domus_host_lookup_domain_by_name (lab_b, "bench1-512"));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-return.png");
}

static void
test_invalid_spec (Fixture       *f,
                   gconstpointer  data)
{
  GtkLabel *error_label = GTK_LABEL (child (f->page, "spec_error"));
  g_autofree char *dir = domus_bench_page_get_results_dir ();
  g_auto(GStrv) runs = NULL;

  /* Not JSON: said under the editor, and nothing runs. */
  set_spec_text (f, "{ \"name\": \"broken\", ");
  g_assert_nonnull (domus_bench_page_get_spec_error (f->page));
  g_assert_true (g_str_has_prefix (domus_bench_page_get_spec_error (f->page), "Not a valid JSON benchmark: "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_label (error_label), ==, domus_bench_page_get_spec_error (f->page));
  g_assert_false (gtk_widget_get_sensitive (child (f->page, "run_button")));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "bench.run", NULL);
  g_assert_false (domus_bench_page_get_running (f->page));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-benchmarks-invalid.png");

  /* JSON, but not a benchmark: the key is named. */
  set_spec_text (f, "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"clone1\"]}}");
  g_assert_true (g_str_has_prefix (domus_bench_page_get_spec_error (f->page), "workload.native: "));
  g_assert_false (gtk_widget_get_sensitive (child (f->page, "run_button")));

  /* Fixed: the error goes. */
  set_spec_text (f, "{\"kind\": \"workload\", \"repetitions\": 1,"
                    " \"workload\": {\"domains\": [\"clone1\"], \"native\": 10, \"seconds\": 2}}");
  g_assert_null (domus_bench_page_get_spec_error (f->page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_get_sensitive (child (f->page, "run_button")));

  /* A spec whose xl config is not there: the run stops at once, says
   * why, and leaves no empty result set behind. */
  set_spec_text (f, "{\"name\": \"nocfg\", \"lifecycle\": {\"config\": \"/nonexistent/x.cfg\"}}");
  g_assert_null (domus_bench_page_get_spec_error (f->page));
  run (f, NULL, NULL);
  g_assert_true (gtk_widget_has_css_class (child (f->page, "status_label"), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (f->page, "status_label"))),
                                   "The benchmark stopped: "));
  runs = domus_bench_results_list (dir);
  g_assert_cmpuint (g_strv_length (runs), ==, 0);
  g_assert_null (domus_bench_page_get_results (f->page));
}

/* "running", on a page of its own for each row of the table. */
static gpointer
notify_setup (GObject **object)
{
  Fixture *f = g_new0 (Fixture, 1);

  fixture_setup (f, NULL);
  *object = G_OBJECT (f->page);
  return f;
}

/* Steps the clock until the run under way, if any, has stopped. */
static void
step_until_stopped (Fixture *f)
{
  DOMUS_TEST_STEP_UNTIL (f->clock, !domus_bench_page_get_running (f->page), 10000);
}

static void
notify_teardown (gpointer data)
{
  Fixture *f = data;

  if (domus_bench_page_get_running (f->page))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "bench.cancel", NULL));
  step_until_stopped (f);
  fixture_teardown (f, NULL);
  g_free (f);
}

/* Run pressed: a second press while it runs starts nothing. */
static void
set_started (gpointer    data,
             GObject    *object,
             const char *property,
             guint       n)
{
  if (n)
    gtk_widget_activate_action (GTK_WIDGET (object), "bench.run", NULL);
}

/* Cancel pressed on a run, and the run stopped: a second press does
 * nothing. */
static void
set_stopped (gpointer    data,
             GObject    *object,
             const char *property,
             guint       n)
{
  if (n == 0)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (object), "bench.run", NULL));
  else
    {
      gtk_widget_activate_action (GTK_WIDGET (object), "bench.cancel", NULL);
      step_until_stopped (data);
    }
}

static const DomusTestNotifyRow notify_rows[] = {
  { "running", set_started },
  { "running", set_stopped },
};

static void
test_notify (void)
{
  const DomusTestNotifyTable table = {
    domus_bench_page_get_type, notify_setup, notify_teardown, notify_rows, G_N_ELEMENTS (notify_rows), NULL
  };

  domus_test_assert_notify (&table);
}

/* The window closed in the middle of a run: the run stops, nothing is
 * left pointing at the page, and the page and the host go. */
static void
test_close_while_running (void)
{
  g_autoptr(DomusClock) clock = NULL;
  DomusHost *host = domus_test_sim_host_new (NULL, &clock);
  DomusWindow *window = domus_window_new (NULL, host);
  DomusBenchPage *page = DOMUS_BENCH_PAGE (domus_test_window_page (window, "bench_page"));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "bench.run", NULL));
  for (guint i = 0; i < 30; i++)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (domus_bench_page_get_running (page));

  /* The page goes with the window, though its run has not finished… */
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (page);
  /* …and the run stops once the step under way is done. */
  for (guint i = 0; i < 30; i++)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_finalize_object (host);
  remove_results ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("domus-bench-page-XXXXXX", NULL);
  int status;

  /* Before GLib reads it: results and specs of this test's own. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  domus_test_gtk_init (&argc, &argv);

  g_test_add ("/bench-page/sla", Fixture, NULL, fixture_setup, test_sla, fixture_teardown);
  g_test_add ("/bench-page/lifecycle-steps", Fixture, NULL, fixture_setup, test_lifecycle_steps, fixture_teardown);
  g_test_add ("/bench-page/lifecycle-compare", Fixture, NULL, fixture_setup, test_lifecycle_compare,
              fixture_teardown);
  g_test_add ("/bench-page/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/bench-page/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/bench-page/invalid-spec", Fixture, NULL, fixture_setup, test_invalid_spec, fixture_teardown);
  g_test_add ("/bench-page/return", Fixture, NULL, fixture_setup, test_return, fixture_teardown);
  g_test_add_func ("/bench-page/close-while-running", test_close_while_running);
  g_test_add_func ("/bench-page/notify", test_notify);

  status = g_test_run ();
  {
    g_autofree char *results = g_build_filename (data_home, "domus", "benchmarks", NULL);
    g_autofree char *domus = g_build_filename (data_home, "domus", NULL);

    g_rmdir (results);
    g_rmdir (domus);
    g_rmdir (data_home);
  }
  return status;
}
