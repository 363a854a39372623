/* domus-bench-page.c
 *
 * The page keeps no results of its own: the run under way streams into a
 * DomusBenchResults (and its file), earlier runs are read back from their
 * files, and the chart and the table follow whichever two are chosen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "domus-bench-chart.h"
#include "domus-bench-page.h"
#include "domus-file-chooser.h"
#include "domus-format.h"
#include "domus-input.h"
#include "domus-limits.h"
#include "domus-text-column.h"
#include "domus-toast.h"

enum {
  COLUMN_SET,
  COLUMN_CATEGORY,
  COLUMN_DETAIL,
  COLUMN_N,
  COLUMN_FAILED,
  COLUMN_MEAN,
  COLUMN_MEDIAN,
  COLUMN_STDDEV,
  COLUMN_MIN,
  COLUMN_MAX,
  COLUMN_P95,
  COLUMN_P99,
  COLUMN_SLA,
  N_COLUMNS
};

struct _DomusBenchPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkPaned            *paned;
  GtkDropDown         *spec_dropdown;
  GtkTextView         *spec_view;
  GtkLabel            *spec_error;
  GtkButton           *run_button;
  GtkButton           *cancel_button;
  GtkProgressBar      *progress;
  GtkLabel            *status_label;
  GtkToggleButton     *box_toggle;
  GtkDropDown         *run_dropdown;
  GtkDropDown         *compare_dropdown;
  DomusBenchChart     *chart;
  GtkLabel            *failures_label;
  AdwPreferencesGroup *table_group;
  GtkColumnView       *table;

  /* Owned references */
  DomusHost           *host;
  GtkStringList       *specs;          /* paths of the specs to pick from */
  GtkStringList       *runs;           /* paths of the result sets, newest first */
  GtkStringList       *compare_runs;   /* "" (none), then as runs */
  char                *spec_path;      /* the spec in the editor, NULL when typed in */
  char                *spec_error_text;
  DomusBenchResults   *shown;
  DomusBenchResults   *compare;
  DomusBenchResults   *live;           /* the run under way, or the last one */
  GListStore          *row_sources;    /* GListModel: the groups of shown, of compare */
  GtkFlattenListModel *rows;
  DomusBenchRunner    *runner;
  GCancellable        *cancellable;
  GtkColumnViewColumn *columns[N_COLUMNS];
  gboolean             updating;       /* the run lists are being refilled */
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FILE_WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusBenchPage, domus_bench_page, GTK_TYPE_WIDGET)

static void domus_bench_page_update_actions (DomusBenchPage *self);

static void
show_status (DomusBenchPage *self,
             const char     *message,
             gboolean        is_error)
{
  gtk_label_set_label (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

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

static void
update_view (DomusBenchPage *self)
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
  domus_bench_page_update_actions (self);
}

static void
set_results (DomusBenchResults  **slot,
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

static guint
find_string (GtkStringList *list,
             const char    *string)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), string) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
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
      show_status (self, error->message, TRUE);
      return FALSE;
    }
  set_results (&self->shown, results, self);
  select_quietly (self, self->run_dropdown, path != NULL ? find_string (self->runs, path)
                                                         : GTK_INVALID_LIST_POSITION);

  /* A lifecycle beside a workload would mean nothing. */
  if (self->compare != NULL && results != NULL
      && domus_bench_results_get_kind (self->compare) != domus_bench_results_get_kind (results))
    {
      set_results (&self->compare, NULL, self);
      select_quietly (self, self->compare_dropdown, 0);
    }
  update_view (self);
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
      show_status (self, error->message, TRUE);
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
      show_status (self, message, TRUE);
      set_results (&self->compare, NULL, self);
      select_quietly (self, self->compare_dropdown, 0);
      update_view (self);
      return FALSE;
    }
  set_results (&self->compare, results, self);
  select_quietly (self, self->compare_dropdown, path != NULL ? find_string (self->compare_runs, path) : 0);
  update_view (self);
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
static void
refresh_runs (DomusBenchPage *self)
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
  gtk_drop_down_set_selected (self->run_dropdown, shown != NULL ? find_string (self->runs, shown)
                                                                : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (self->compare_dropdown,
                              compare != NULL ? find_string (self->compare_runs, compare) : 0);
  self->updating = FALSE;
  /* Nothing to pick before the first run. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_dropdown), paths[0] != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_dropdown), paths[0] != NULL);
}

/* Specs */

/* The example specs, installed with Domus (or beside the sources when it
 * runs from its build folder), and the user's own. */
static GPtrArray *
spec_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *override = g_getenv ("DOMUS_BENCHMARKS_DIR");

  if (override != NULL)
    g_ptr_array_add (dirs, g_strdup (override));
  else if (g_file_test (BENCHMARKS_DIR, G_FILE_TEST_IS_DIR))
    g_ptr_array_add (dirs, g_strdup (BENCHMARKS_DIR));
  else
    g_ptr_array_add (dirs, g_strdup (SOURCE_BENCHMARKS_DIR));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "domus", "benchmarks", "specs", NULL));
  return dirs;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
list_specs (DomusBenchPage *self)
{
  g_autoptr(GPtrArray) dirs = spec_dirs ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  for (guint d = 0; d < dirs->len; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs->pdata[d], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)))
        if (g_str_has_suffix (name, ".json"))
          g_ptr_array_add (names, g_build_filename (dirs->pdata[d], name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        g_strv_builder_add (builder, names->pdata[i]);
    }
  paths = g_strv_builder_end (builder);
  gtk_string_list_splice (self->specs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->specs)),
                          (const char * const *) paths);
}

static char *
spec_text (DomusBenchPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->spec_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Relative paths in a spec (its xl config) are read from its folder. */
static char *
spec_base_dir (DomusBenchPage *self)
{
  return self->spec_path != NULL ? g_path_get_dirname (self->spec_path) : g_get_current_dir ();
}

static DomusBenchSpec *
parse_spec (DomusBenchPage  *self,
            GError         **error)
{
  g_autofree char *text = spec_text (self);
  g_autofree char *base_dir = spec_base_dir (self);

  return domus_bench_spec_new_from_data (text, base_dir, error);
}

static void
spec_changed_cb (DomusBenchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchSpec) spec = parse_spec (self, &error);

  g_clear_pointer (&self->spec_error_text, g_free);
  if (spec == NULL)
    self->spec_error_text = g_strdup (error->message);
  gtk_label_set_label (self->spec_error, self->spec_error_text);
  gtk_widget_set_visible (GTK_WIDGET (self->spec_error), spec == NULL);
  domus_bench_page_update_actions (self);
}

static gboolean
load_spec (DomusBenchPage *self,
           const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (!domus_input_read_file (path, DOMUS_MAX_BENCH_SPEC_SIZE, &contents, NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the benchmark “%s”: %s"),
                                                  path, error->message);

      show_status (self, message, TRUE);
      return FALSE;
    }
  g_free (self->spec_path);
  self->spec_path = g_strdup (path);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->spec_view), contents, -1);
  return TRUE;
}

static void
spec_selected_cb (DomusBenchPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->spec_dropdown);

  if (!self->updating && item != NULL)
    load_spec (self, gtk_string_object_get_string (item));
}

/* Adds @path to the specs if it is not there, and picks it. */
static void
pick_spec (DomusBenchPage *self,
           const char     *path)
{
  guint position = find_string (self->specs, path);

  self->updating = TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    {
      position = g_list_model_get_n_items (G_LIST_MODEL (self->specs));
      gtk_string_list_append (self->specs, path);
    }
  gtk_drop_down_set_selected (self->spec_dropdown, position);
  self->updating = FALSE;
}

static void
open_spec_file_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  if (load_spec (self, path))
    pick_spec (self, path);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Benchmark specs (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
open_spec_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();

  domus_choose_file (widget, _("Open Benchmark Spec"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                     "bench.open-spec-file", NULL, filter);
}

typedef struct
{
  DomusBenchPage *self;
  char           *path;
  char           *done;    /* the toast */
} Write;

static void
write_free (Write *write)
{
  g_object_unref (write->self);
  g_free (write->path);
  g_free (write->done);
  g_free (write);
}

static void
spec_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot save the benchmark: %s"), error->message);

      domus_show_toast (GTK_WIDGET (write->self), message);
      show_status (write->self, message, TRUE);
    }
  else
    {
      g_free (write->self->spec_path);
      write->self->spec_path = g_strdup (write->path);
      pick_spec (write->self, write->path);
      /* Its folder may read its xl config differently. */
      spec_changed_cb (write->self);
      domus_show_toast (GTK_WIDGET (write->self), write->done);
    }
  g_signal_emit (write->self, signals[FILE_WRITTEN], 0, write->path, error);
  write_free (write);
}

static void
write_file (DomusBenchPage      *self,
            const char          *path,
            GBytes              *bytes,
            const char          *done,
            GAsyncReadyCallback  callback)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Write *write = g_new0 (Write, 1);

  write->self = g_object_ref (self);
  write->path = g_strdup (path);
  write->done = g_strdup (done);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, callback, write);
}

static void
save_spec_to_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autofree char *text = spec_text (self);
  g_autofree char *basename = g_path_get_basename (path);
  /* TRANSLATORS: a file name */
  g_autofree char *done = g_strdup_printf (_("Saved “%s”"), basename);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  write_file (self, path, bytes, done, spec_saved_cb);
}

static void
save_as_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = json_filter ();
  g_autoptr(DomusBenchSpec) spec = parse_spec (self, NULL);
  g_autofree char *name = g_strdup_printf ("%s.json", spec != NULL ? spec->name : "benchmark");
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "domus", "benchmarks", "specs", NULL);

  /* Where the page lists the user's own specs. */
  g_mkdir_with_parents (folder, 0700);
  domus_choose_file_in (widget, _("Save Benchmark Spec"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                        "bench.save-spec-to", folder, name, filter);
}

/* Examples are the installed ones: a change is saved as the user's own. */
static gboolean
is_example (const char *path)
{
  g_autoptr(GPtrArray) dirs = spec_dirs ();
  g_autofree char *dir = g_path_get_dirname (path);

  return g_strcmp0 (dir, dirs->pdata[0]) == 0;
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);

  if (self->spec_path != NULL && !is_example (self->spec_path)
      && g_access (self->spec_path, W_OK) == 0)
    gtk_widget_activate_action (widget, "bench.save-spec-to", "s", self->spec_path);
  else
    gtk_widget_activate_action (widget, "bench.save-as", NULL);
}

/* Running */

static void
set_running (DomusBenchPage *self,
             gboolean        running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  domus_bench_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
progress_cb (DomusBenchPage   *self,
             double            fraction,
             const char       *what,
             DomusBenchRunner *runner)
{
  gtk_progress_bar_set_fraction (self->progress, fraction);
  gtk_progress_bar_set_text (self->progress, what);
}

static void
result_cb (DomusBenchResults      *results,
           const DomusBenchResult *result,
           DomusBenchRunner       *runner)
{
  domus_bench_results_add (results, result);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *page_ref = user_data;
  g_autoptr(DomusBenchPage) self = g_weak_ref_get (page_ref);
  g_autoptr(GError) error = NULL;
  DomusBenchResults *live;
  guint n;
  g_autofree char *message = NULL;

  g_weak_ref_clear (page_ref);
  g_free (page_ref);
  domus_bench_runner_run_finish (DOMUS_BENCH_RUNNER (source), result, &error);
  /* The page went while the run stopped: nothing to show it on. */
  if (self == NULL || self->runner == NULL)
    return;
  live = self->live;
  n = live != NULL ? domus_bench_results_get_results (live)->len : 0;
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);

  /* A run that stopped before its first result leaves nothing to list. */
  if (error != NULL && n == 0 && live != NULL)
    {
      g_unlink (domus_bench_results_get_path (live));
      if (self->shown == live)
        set_results (&self->shown, NULL, self);
      if (self->compare == live)
        set_results (&self->compare, NULL, self);
      g_clear_object (&self->live);
      refresh_runs (self);
      if (self->shown == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0)
        domus_bench_page_show_results (self, gtk_string_list_get_string (self->runs, 0));
      update_view (self);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* TRANSLATORS: how many results were kept */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cancelled after %u result",
                                            "Cancelled after %u results", n), n);
  else if (error != NULL)
    {
      /* TRANSLATORS: %s says why */
      message = g_strdup_printf (_("The benchmark stopped: %s"), error->message);
      domus_show_toast (GTK_WIDGET (self), message);
    }
  else
    {
      guint n_failed = domus_bench_results_get_n_failed (live);

      /* TRANSLATORS: how many results, then how many of them failed */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished: %u result, %u failed",
                                              "Finished: %u results, %u failed", n), n, n_failed);
    }
  show_status (self, message, error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  set_running (self, FALSE);
}

static void
run_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = domus_bench_page_get_results_dir ();
  g_autofree char *path = NULL;
  GWeakRef *page_ref;
  DomusBenchSpec *spec;

  if (self->runner != NULL || self->host == NULL)
    return;
  if (!(spec = parse_spec (self, &error)))
    {
      show_status (self, error->message, TRUE);
      return;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      /* TRANSLATORS: a folder, then why */
      g_autofree char *message = g_strdup_printf (_("Cannot keep results in “%s”: %s"), dir,
                                                  g_strerror (errno));

      show_status (self, message, TRUE);
      domus_bench_spec_free (spec);
      return;
    }

  path = domus_bench_results_new_path (dir, spec->name, now);
  g_clear_object (&self->live);
  self->live = domus_bench_results_new (spec, path);
  self->runner = domus_bench_runner_new (self->host, spec, path);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->runner, "progress", G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "result", G_CALLBACK (result_cb), self->live, G_CONNECT_SWAPPED);

  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _("Starting…"));
  show_status (self, NULL, FALSE);
  /* A weak reference: closing the window disposes the page, which stops the run. */
  page_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (page_ref, self);
  domus_bench_runner_run_async (self->runner, self->cancellable, run_done_cb, page_ref);

  /* The new set, listed and shown as it fills. */
  refresh_runs (self);
  if (find_string (self->runs, path) == GTK_INVALID_LIST_POSITION)
    set_results (&self->shown, self->live, self);
  else
    domus_bench_page_show_results (self, path);
  update_view (self);
  set_running (self, TRUE);
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Export */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      /* TRANSLATORS: %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot export: %s"), error->message);

      domus_show_toast (GTK_WIDGET (write->self), message);
    }
  else
    domus_show_toast (GTK_WIDGET (write->self), write->done);
  g_signal_emit (write->self, signals[FILE_WRITTEN], 0, write->path, error);
  write_free (write);
}

static void
export_to (DomusBenchPage *self,
           const char     *path,
           GBytes         *bytes)
{
  g_autofree char *basename = g_path_get_basename (path);
  /* TRANSLATORS: a file name */
  g_autofree char *done = g_strdup_printf (_("Exported “%s”"), basename);

  write_file (self, path, bytes, done, exported_cb);
}

static void
export_csv_to_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  char *csv = domus_bench_results_format_csv (G_LIST_MODEL (self->rows));
  g_autoptr(GBytes) bytes = g_bytes_new_take (csv, strlen (csv));

  export_to (self, g_variant_get_string (parameter, NULL), bytes);
}

/* The chart as it is on screen, or a good size when it is not shown. */
static void
export_size (DomusBenchPage *self,
             int            *width,
             int            *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self->chart));
  *height = gtk_widget_get_height (GTK_WIDGET (self->chart));
  if (*width < 200 || *height < 150)
    {
      *width = 960;
      *height = 440;
    }
}

static void
export_chart_to_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;

  export_size (self, &width, &height);
  if (g_str_equal (action_name, "bench.export-svg-to"))
    bytes = domus_bench_chart_render_svg (self->chart, width, height, &error);
  else
    bytes = domus_bench_chart_render_png (self->chart, width, height, 2, &error);
  if (bytes == NULL)
    {
      domus_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  export_to (self, g_variant_get_string (parameter, NULL), bytes);
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  const char *suffix = g_str_equal (action_name, "bench.export-csv") ? "csv"
                       : g_str_equal (action_name, "bench.export-png") ? "png" : "svg";
  g_autofree char *to = g_strconcat (action_name, "-to", NULL);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *title;

  if (self->shown == NULL)
    return;
  base = g_path_get_basename (domus_bench_results_get_path (self->shown));
  if (g_str_has_suffix (base, ".jsonl"))
    base[strlen (base) - strlen (".jsonl")] = '\0';
  name = g_strdup_printf ("%s.%s", base, suffix);
  title = g_str_equal (suffix, "csv") ? _("Export the Table as CSV")
          : g_str_equal (suffix, "png") ? _("Export the Chart as PNG") : _("Export the Chart as SVG");
  domus_choose_file (widget, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), to, name, NULL);
}

/* State */

static void
domus_bench_page_update_actions (DomusBenchPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean running = self->runner != NULL;
  gboolean has_results = self->shown != NULL;

  gtk_widget_action_set_enabled (widget, "bench.run",
                                 !running && self->host != NULL && self->spec_error_text == NULL);
  gtk_widget_action_set_enabled (widget, "bench.cancel", running);
  for (guint i = 0; i < 3; i++)
    {
      const char *names[][2] = { { "bench.export-csv", "bench.export-csv-to" },
                                 { "bench.export-png", "bench.export-png-to" },
                                 { "bench.export-svg", "bench.export-svg-to" } };

      gtk_widget_action_set_enabled (widget, names[i][0], has_results);
      gtk_widget_action_set_enabled (widget, names[i][1], has_results);
    }
}

void
domus_bench_page_set_host (DomusBenchPage *self,
                           DomusHost      *host)
{
  g_return_if_fail (DOMUS_IS_BENCH_PAGE (self));
  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (self->host == NULL);

  self->host = g_object_ref (host);
  domus_bench_page_update_actions (self);
}

gboolean
domus_bench_page_get_running (DomusBenchPage *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), FALSE);

  return self->runner != NULL;
}

DomusBenchResults *
domus_bench_page_get_results (DomusBenchPage *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), NULL);

  return self->shown;
}

DomusBenchResults *
domus_bench_page_get_compare (DomusBenchPage *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), NULL);

  return self->compare;
}

const char *
domus_bench_page_get_spec_error (DomusBenchPage *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), NULL);

  return self->spec_error_text;
}

GListModel *
domus_bench_page_get_rows (DomusBenchPage *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

/* The lists: paths, shown as names */

static char *
spec_label (GtkStringObject *item)
{
  g_autofree char *basename = g_path_get_basename (gtk_string_object_get_string (item));

  if (g_str_has_suffix (basename, ".json"))
    basename[strlen (basename) - strlen (".json")] = '\0';
  return g_steal_pointer (&basename);
}

static char *
run_label (GtkStringObject *item)
{
  const char *path = gtk_string_object_get_string (item);

  if (path[0] == '\0')
    return g_strdup (C_("compare with", "None"));
  return domus_bench_results_label_for_path (path);
}

static void
set_label_expression (GtkDropDown *dropdown,
                      GCallback    label)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, label, NULL, NULL);

  gtk_drop_down_set_expression (dropdown, expression);
  gtk_expression_unref (expression);
}

static void
domus_bench_page_dispose (GObject *object)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (object);

  /* A run under way stops; its last callbacks find no page. */
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_BENCH_PAGE);
  set_results (&self->shown, NULL, self);
  set_results (&self->compare, NULL, self);
  g_clear_object (&self->live);
  g_clear_object (&self->rows);
  g_clear_object (&self->row_sources);
  g_clear_object (&self->specs);
  g_clear_object (&self->runs);
  g_clear_object (&self->compare_runs);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (domus_bench_page_parent_class)->dispose (object);
}

static void
domus_bench_page_finalize (GObject *object)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (object);

  g_free (self->spec_path);
  g_free (self->spec_error_text);

  G_OBJECT_CLASS (domus_bench_page_parent_class)->finalize (object);
}

static void
domus_bench_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, domus_bench_page_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_bench_page_class_init (DomusBenchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_bench_page_dispose;
  object_class->finalize = domus_bench_page_finalize;
  object_class->get_property = domus_bench_page_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DomusBenchPage::file-written:
   * @path: the spec saved or the table or chart exported
   * @error: (nullable): why it could not be written
   */
  signals[FILE_WRITTEN] =
    g_signal_new ("file-written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  g_type_ensure (DOMUS_TYPE_BENCH_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-bench-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, paned);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, spec_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, spec_view);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, spec_error);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, progress);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, box_toggle);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, chart);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, failures_label);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, table_group);
  gtk_widget_class_bind_template_child (widget_class, DomusBenchPage, table);

  gtk_widget_class_install_action (widget_class, "bench.open-spec", NULL, open_spec_cb);
  gtk_widget_class_install_action (widget_class, "bench.open-spec-file", "s", open_spec_file_cb);
  gtk_widget_class_install_action (widget_class, "bench.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "bench.save-as", NULL, save_as_cb);
  gtk_widget_class_install_action (widget_class, "bench.save-spec-to", "s", save_spec_to_cb);
  gtk_widget_class_install_action (widget_class, "bench.run", NULL, run_cb);
  gtk_widget_class_install_action (widget_class, "bench.cancel", NULL, cancel_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-csv", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-png", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-svg", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-csv-to", "s", export_csv_to_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-png-to", "s", export_chart_to_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-svg-to", "s", export_chart_to_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "bench.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "bench.run", NULL);
}

static void
domus_bench_page_init (DomusBenchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->specs = gtk_string_list_new (NULL);
  self->runs = gtk_string_list_new (NULL);
  self->compare_runs = gtk_string_list_new (NULL);
  self->row_sources = g_list_store_new (G_TYPE_LIST_MODEL);
  self->rows = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->row_sources)));

  domus_bench_page_build_columns (self);
  gtk_column_view_set_model (self->table,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)))));

  set_label_expression (self->spec_dropdown, G_CALLBACK (spec_label));
  set_label_expression (self->run_dropdown, G_CALLBACK (run_label));
  set_label_expression (self->compare_dropdown, G_CALLBACK (run_label));
  gtk_drop_down_set_model (self->spec_dropdown, G_LIST_MODEL (self->specs));
  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->runs));
  gtk_drop_down_set_model (self->compare_dropdown, G_LIST_MODEL (self->compare_runs));

  g_object_bind_property (self->box_toggle, "active", self->chart, "box-plot", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (gtk_text_view_get_buffer (self->spec_view), "changed",
                           G_CALLBACK (spec_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spec_dropdown, "notify::selected",
                           G_CALLBACK (spec_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run_dropdown, "notify::selected",
                           G_CALLBACK (run_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_dropdown, "notify::selected",
                           G_CALLBACK (compare_selected_cb), self, G_CONNECT_SWAPPED);

  /* The first example, and the newest run. */
  self->updating = TRUE;
  list_specs (self);
  self->updating = FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->specs)) > 0)
    {
      gtk_drop_down_set_selected (self->spec_dropdown, 0);
      load_spec (self, gtk_string_list_get_string (self->specs, 0));
    }
  else
    spec_changed_cb (self);
  refresh_runs (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0)
    domus_bench_page_show_results (self, gtk_string_list_get_string (self->runs, 0));
  else
    update_view (self);
}
