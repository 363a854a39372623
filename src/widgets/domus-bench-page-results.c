/* domus-bench-page-results.c: the results the Benchmarks page shows
 *
 * The page keeps no results of its own: the run under way streams into a
 * DomusBenchResults (and its file), earlier runs are read back from their
 * files, and the chart and the table follow whichever two are chosen in
 * the Show and Compare With lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-bench-page-private.h"
#include "domus-format.h"
#include "domus-text-column.h"
#include "domus-toast.h"

/* The table */


static DomusBenchKind
group_kind (gpointer group)
{
  return domus_bench_group_get_kind (DOMUS_BENCH_GROUP (group));
}

static char *
format_stat (gpointer group,
             double   value)
{
  if (isnan (value))
    return g_strdup ("–");
  return g_strdup_printf ("%.*f", group_kind (group) == DOMUS_BENCH_LIFECYCLE ? 3 : 1, value);
}

static const DomusStats *
stats_of (gpointer group)
{
  return domus_bench_group_get_stats (DOMUS_BENCH_GROUP (group));
}

static char *
cell_set (gpointer group)
{
  return g_strdup (domus_bench_group_get_set_name (group));
}

static char *
cell_category (gpointer group)
{
  if (group_kind (group) == DOMUS_BENCH_LIFECYCLE)
    return g_strdup (domus_format_bench_step (domus_bench_group_get_category (group)));
  return g_strdup (domus_bench_group_get_category (group));
}

static char *
cell_detail (gpointer group)
{
  if (group_kind (group) == DOMUS_BENCH_LIFECYCLE)
    /* TRANSLATORS: mebibytes */
    return g_strdup_printf (_("%u MiB"), (guint) domus_bench_group_get_memory_mib (group));
  return g_strdup (domus_bench_group_get_domain (group) != NULL ? domus_bench_group_get_domain (group) : "–");
}

static char *
cell_n (gpointer group)
{
  return g_strdup_printf ("%u", stats_of (group)->n);
}

static char *
cell_failed (gpointer group)
{
  return g_strdup_printf ("%u", domus_bench_group_get_failed (group));
}

static char *
cell_mean (gpointer group)
{
  return format_stat (group, stats_of (group)->mean);
}

static char *
cell_median (gpointer group)
{
  return format_stat (group, stats_of (group)->median);
}

static char *
cell_stddev (gpointer group)
{
  return format_stat (group, stats_of (group)->stddev);
}

static char *
cell_min (gpointer group)
{
  return format_stat (group, stats_of (group)->min);
}

static char *
cell_max (gpointer group)
{
  return format_stat (group, stats_of (group)->max);
}

static char *
cell_p95 (gpointer group)
{
  return format_stat (group, stats_of (group)->p95);
}

static char *
cell_p99 (gpointer group)
{
  return format_stat (group, stats_of (group)->p99);
}

static char *
cell_sla (gpointer group)
{
  /* TRANSLATORS: runs that met the SLA, of how many */
  return g_strdup_printf (_("%u of %u"), domus_bench_group_get_sla_met (group),
                          domus_bench_group_get_count (group));
}

static const DomusTextColumnSpec column_specs[N_COLUMNS] = {
  { "count", cell_set, 0.0, FALSE },
  { "count", cell_category, 0.0, FALSE },
  { "count", cell_detail, 0.0, FALSE },
  { "count", cell_n, 1.0, TRUE },
  { "count", cell_failed, 1.0, TRUE },
  { "count", cell_mean, 1.0, TRUE },
  { "count", cell_median, 1.0, TRUE },
  { "count", cell_stddev, 1.0, TRUE },
  { "count", cell_min, 1.0, TRUE },
  { "count", cell_max, 1.0, TRUE },
  { "count", cell_p95, 1.0, TRUE },
  { "count", cell_p99, 1.0, TRUE },
  { "count", cell_sla, 1.0, TRUE },
};

/* A run's label ends in its time, which tells two runs apart: keep it. */
static void
ellipsize_middle_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  gtk_label_set_ellipsize (GTK_LABEL (gtk_list_item_get_child (item)), PANGO_ELLIPSIZE_MIDDLE);
}

/* Numbers are never cut; names give way. */
static void
ellipsize_none_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  gtk_label_set_ellipsize (GTK_LABEL (gtk_list_item_get_child (item)), PANGO_ELLIPSIZE_NONE);
}

static void
domus_bench_page_build_columns (DomusBenchPage *self)
{
  const char *titles[N_COLUMNS] = {
    /* TRANSLATORS: the column of the result set a row belongs to */
    C_("bench column", "Run"),
    C_("bench column", "Step"),
    C_("bench column", "Memory"),
    "n",
    C_("bench column", "Failed"),
    C_("bench column", "Mean"),
    C_("bench column", "Median"),
    /* TRANSLATORS: standard deviation */
    C_("bench column", "SD"),
    C_("bench column", "Min"),
    C_("bench column", "Max"),
    "p95",
    "p99",
    C_("bench column", "SLA Met"),
  };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      self->columns[i] = domus_text_column_new (titles[i], &column_specs[i]);
      gtk_column_view_column_set_expand (self->columns[i], i <= COLUMN_DETAIL);
      if (i == COLUMN_SET)
        g_signal_connect_after (gtk_column_view_column_get_factory (self->columns[i]), "setup",
                                G_CALLBACK (ellipsize_middle_cb), NULL);
      else if (i >= COLUMN_N)
        g_signal_connect_after (gtk_column_view_column_get_factory (self->columns[i]), "setup",
                                G_CALLBACK (ellipsize_none_cb), NULL);
      gtk_column_view_append_column (self->table, self->columns[i]);
      g_object_unref (self->columns[i]);
    }
}

/* What the table and the chart show */

static void
update_failures (DomusBenchPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  DomusBenchResults *sets[2] = { self->shown, self->compare };

  for (guint s = 0; s < 2; s++)
    {
      guint n_failed;

      if (sets[s] == NULL || (n_failed = domus_bench_results_get_n_failed (sets[s])) == 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: how many results failed, of how many, the result set, then the first error */
      g_string_append_printf (text, _("%u of %u results of “%s” failed; the first: %s"), n_failed,
                              domus_bench_results_get_results (sets[s])->len,
                              domus_bench_results_get_label (sets[s]),
                              domus_bench_results_get_first_error (sets[s]));
    }
  gtk_label_set_label (self->failures_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->failures_label), text->len > 0);
}

static void
result_added_cb (DomusBenchPage *self)
{
  update_failures (self);
}

void
_domus_bench_page_update_view (DomusBenchPage *self)
{
  DomusBenchKind kind = self->shown != NULL ? domus_bench_results_get_kind (self->shown)
                                            : DOMUS_BENCH_LIFECYCLE;
  g_autofree char *description = NULL;

  domus_bench_chart_set_results (self->chart, self->shown, self->compare);

  g_list_store_remove_all (self->row_sources);
  if (self->shown != NULL)
    g_list_store_append (self->row_sources, domus_bench_results_get_groups (self->shown));
  if (self->compare != NULL)
    g_list_store_append (self->row_sources, domus_bench_results_get_groups (self->compare));

  gtk_column_view_column_set_title (self->columns[COLUMN_CATEGORY],
                                    kind == DOMUS_BENCH_LIFECYCLE ? C_("bench column", "Step")
                                                                  : C_("bench column", "Scenario"));
  gtk_column_view_column_set_title (self->columns[COLUMN_DETAIL],
                                    kind == DOMUS_BENCH_LIFECYCLE ? C_("bench column", "Memory")
                                                                  : C_("bench column", "Domain"));
  gtk_column_view_column_set_visible (self->columns[COLUMN_SET], self->compare != NULL);
  gtk_column_view_column_set_visible (self->columns[COLUMN_SLA], kind == DOMUS_BENCH_WORKLOAD);

  if (kind == DOMUS_BENCH_LIFECYCLE)
    /* TRANSLATORS: %s names the percentile method */
    description = g_strdup_printf (_("Seconds each step took. Percentiles by %s."),
                                   domus_stats_percentile_method ());
  else
    /* TRANSLATORS: %s names the percentile method */
    description = g_strdup_printf (_("Percent of the native score each run reached. Percentiles by %s."),
                                   domus_stats_percentile_method ());
  adw_preferences_group_set_description (self->table_group, description);

  update_failures (self);
  _domus_bench_page_update_actions (self);
}

void
_domus_bench_page_set_results (DomusBenchResults  **slot,
                               DomusBenchResults   *results,
                               DomusBenchPage      *self)
{
  if (*slot == results)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, result_added_cb, self);
  g_set_object (slot, results);
  if (results != NULL)
    g_signal_connect_object (results, "result-added", G_CALLBACK (result_added_cb), self,
                             G_CONNECT_SWAPPED);
}

/* The run under way, or the set read from @path. */
static DomusBenchResults *
open_results (DomusBenchPage  *self,
              const char      *path,
              GError         **error)
{
  if (self->live != NULL && g_strcmp0 (domus_bench_results_get_path (self->live), path) == 0)
    return g_object_ref (self->live);
  return domus_bench_results_new_from_file (path, error);
}

static void
select_quietly (DomusBenchPage *self,
                GtkDropDown    *dropdown,
                guint           position)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (dropdown, position);
  self->updating = FALSE;
}

gboolean
domus_bench_page_show_results (DomusBenchPage *self,
                               const char     *path)
{
  g_autoptr(DomusBenchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), FALSE);

  if (path != NULL && !(results = open_results (self, path, &error)))
    {
      _domus_bench_page_show_status (self, error->message, TRUE);
      return FALSE;
    }
  _domus_bench_page_set_results (&self->shown, results, self);
  select_quietly (self, self->run_dropdown, path != NULL ? _domus_bench_page_find_string (self->runs, path)
                                                         : GTK_INVALID_LIST_POSITION);

  /* A lifecycle beside a workload would mean nothing. */
  if (self->compare != NULL && results != NULL
      && domus_bench_results_get_kind (self->compare) != domus_bench_results_get_kind (results))
    {
      _domus_bench_page_set_results (&self->compare, NULL, self);
      select_quietly (self, self->compare_dropdown, 0);
    }
  _domus_bench_page_update_view (self);
  return TRUE;
}

gboolean
domus_bench_page_compare_results (DomusBenchPage *self,
                                  const char     *path)
{
  g_autoptr(DomusBenchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), FALSE);

  if (path != NULL && path[0] == '\0')
    path = NULL;
  if (path != NULL && !(results = open_results (self, path, &error)))
    {
      _domus_bench_page_show_status (self, error->message, TRUE);
      select_quietly (self, self->compare_dropdown, 0);
      return FALSE;
    }
  if (results != NULL && self->shown != NULL
      && domus_bench_results_get_kind (results) != domus_bench_results_get_kind (self->shown))
    {
      g_autofree char *message =
        /* TRANSLATORS: a result set's name and date */
        g_strdup_printf (_("“%s” is another kind of benchmark: a lifecycle and a workload cannot be "
                           "compared"), domus_bench_results_get_label (results));

      domus_show_toast (GTK_WIDGET (self), message);
      _domus_bench_page_show_status (self, message, TRUE);
      _domus_bench_page_set_results (&self->compare, NULL, self);
      select_quietly (self, self->compare_dropdown, 0);
      _domus_bench_page_update_view (self);
      return FALSE;
    }
  _domus_bench_page_set_results (&self->compare, results, self);
  select_quietly (self, self->compare_dropdown, path != NULL ? _domus_bench_page_find_string (self->compare_runs, path) : 0);
  _domus_bench_page_update_view (self);
  return TRUE;
}

static void
run_selected_cb (DomusBenchPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->run_dropdown);

  if (!self->updating && item != NULL)
    domus_bench_page_show_results (self, gtk_string_object_get_string (item));
}

static void
compare_selected_cb (DomusBenchPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->compare_dropdown);

  if (!self->updating && item != NULL)
    domus_bench_page_compare_results (self, gtk_string_object_get_string (item));
}

char *
domus_bench_page_get_results_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "domus", "benchmarks", NULL);
}

/* Lists the result sets on disk again, keeping what is chosen. */
void
_domus_bench_page_refresh_runs (DomusBenchPage *self)
{
  g_autofree char *dir = domus_bench_page_get_results_dir ();
  g_auto(GStrv) paths = domus_bench_results_list (dir);
  const char *none[] = { "", NULL };
  const char *shown = self->shown != NULL ? domus_bench_results_get_path (self->shown) : NULL;
  const char *compare = self->compare != NULL ? domus_bench_results_get_path (self->compare) : NULL;
  guint n;

  self->updating = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  gtk_string_list_splice (self->runs, 0, n, (const char * const *) paths);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->compare_runs));
  gtk_string_list_splice (self->compare_runs, 0, n, none);
  gtk_string_list_splice (self->compare_runs, 1, 0, (const char * const *) paths);
  gtk_drop_down_set_selected (self->run_dropdown, shown != NULL ? _domus_bench_page_find_string (self->runs, shown)
                                                                : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (self->compare_dropdown,
                              compare != NULL ? _domus_bench_page_find_string (self->compare_runs, compare) : 0);
  self->updating = FALSE;
  /* Nothing to pick before the first run. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_dropdown), paths[0] != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_dropdown), paths[0] != NULL);
}

/* The run lists hold paths (and "" for none), shown as names. */
static char *
run_label (GtkStringObject *item)
{
  const char *path = gtk_string_object_get_string (item);

  if (path[0] == '\0')
    return g_strdup (C_("compare with", "None"));
  return domus_bench_results_label_for_path (path);
}

/* Sets the table and the lists up, and shows the newest run. */
void
_domus_bench_page_results_init (DomusBenchPage *self)
{
  self->runs = gtk_string_list_new (NULL);
  self->compare_runs = gtk_string_list_new (NULL);
  self->row_sources = g_list_store_new (G_TYPE_LIST_MODEL);
  self->rows = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->row_sources)));

  domus_bench_page_build_columns (self);
  gtk_column_view_set_model (self->table,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)))));

  _domus_bench_page_set_label_expression (self->run_dropdown, G_CALLBACK (run_label));
  _domus_bench_page_set_label_expression (self->compare_dropdown, G_CALLBACK (run_label));
  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->runs));
  gtk_drop_down_set_model (self->compare_dropdown, G_LIST_MODEL (self->compare_runs));

  g_object_bind_property (self->box_toggle, "active", self->chart, "box-plot", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->run_dropdown, "notify::selected",
                           G_CALLBACK (run_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_dropdown, "notify::selected",
                           G_CALLBACK (compare_selected_cb), self, G_CONNECT_SWAPPED);

  _domus_bench_page_refresh_runs (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0)
    domus_bench_page_show_results (self, gtk_string_list_get_string (self->runs, 0));
  else
    _domus_bench_page_update_view (self);
}
