/* domus-bench-page.c: the Benchmarks page, and running a benchmark
 *
 * The page itself: its template, its state and actions, the run of the
 * spec in the editor on the host (its results streaming into a new result
 * set, shown as it fills), and the files it writes. The spec editor, the
 * results shown and the exports are in domus-bench-page-spec.c,
 * domus-bench-page-results.c and domus-bench-page-export.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "domus-bench-page-private.h"
#include "domus-toast.h"

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

/* The status line under the Run button: how a run or a file went. */
void
_domus_bench_page_show_status (DomusBenchPage *self,
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

/* Where @string is in @list; GTK_INVALID_LIST_POSITION if it is not. */
guint
_domus_bench_page_find_string (GtkStringList *list,
                               const char    *string)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), string) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* @dropdown shows its items (GtkStringObject) as @label names them. */
void
_domus_bench_page_set_label_expression (GtkDropDown *dropdown,
                                        GCallback    label)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, label, NULL, NULL);

  gtk_drop_down_set_expression (dropdown, expression);
  gtk_expression_unref (expression);
}

/* Files */

void
_domus_bench_page_write_file (DomusBenchPage      *self,
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

void
_domus_bench_page_file_written (DomusBenchPage *self,
                                const char     *path,
                                const GError   *error)
{
  g_signal_emit (self, signals[FILE_WRITTEN], 0, path, error);
}

void
_domus_bench_page_write_done (Write        *write,
                              const GError *error)
{
  _domus_bench_page_file_written (write->self, write->path, error);
  g_object_unref (write->self);
  g_free (write->path);
  g_free (write->done);
  g_free (write);
}

/* Running */

static void
set_running (DomusBenchPage *self,
             gboolean        running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  _domus_bench_page_update_actions (self);
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
        _domus_bench_page_set_results (&self->shown, NULL, self);
      if (self->compare == live)
        _domus_bench_page_set_results (&self->compare, NULL, self);
      g_clear_object (&self->live);
      _domus_bench_page_refresh_runs (self);
      if (self->shown == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0)
        domus_bench_page_show_results (self, gtk_string_list_get_string (self->runs, 0));
      _domus_bench_page_update_view (self);
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
  _domus_bench_page_show_status (self, message, error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  set_running (self, FALSE);
}

/* The host a spec's "return" comes back from: the fleet's connected host
 * its migrate_to names; NULL and @why when there is none. */
static DomusHost *
find_peer (DomusBenchPage        *self,
           const DomusBenchSpec  *spec,
           char                 **why)
{
  DomusFleetHost *fleet_host = self->fleet != NULL
    ? domus_fleet_find_migrate_target (self->fleet, spec->migrate_to) : NULL;

  if (fleet_host == NULL)
    /* TRANSLATORS: the host a benchmark migrates to and back from, twice */
    *why = g_strdup_printf (_("The benchmark brings its domains back from %s (step “return”): add %s "
                              "on the Hosts page, and run it once it is connected"),
                            spec->migrate_to, spec->migrate_to);
  else if (domus_fleet_host_get_state (fleet_host) != DOMUS_FLEET_HOST_CONNECTED
           || domus_fleet_host_get_host (fleet_host) == NULL)
    /* TRANSLATORS: the host a benchmark migrates to and back from */
    *why = g_strdup_printf (_("The benchmark brings its domains back from %s (step “return”), which is "
                              "not connected now: see the Hosts page"),
                            spec->migrate_to);
  else
    return domus_fleet_host_get_host (fleet_host);
  return NULL;
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
  DomusHost *peer = NULL;

  if (self->runner != NULL || self->host == NULL)
    return;
  if (!(spec = _domus_bench_page_parse_spec (self, &error)))
    {
      _domus_bench_page_show_status (self, error->message, TRUE);
      return;
    }
  /* Nothing runs that could not come back. */
  if (spec->kind == DOMUS_BENCH_LIFECYCLE && g_strv_contains ((const char * const *) spec->steps, "return"))
    {
      g_autofree char *why = NULL;

      if (!(peer = find_peer (self, spec, &why)))
        {
          _domus_bench_page_show_status (self, why, TRUE);
          domus_bench_spec_free (spec);
          return;
        }
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      /* TRANSLATORS: a folder, then why */
      g_autofree char *message = g_strdup_printf (_("Cannot keep results in “%s”: %s"), dir,
                                                  g_strerror (errno));

      _domus_bench_page_show_status (self, message, TRUE);
      domus_bench_spec_free (spec);
      return;
    }

  path = domus_bench_results_new_path (dir, spec->name, now);
  g_clear_object (&self->live);
  self->live = domus_bench_results_new (spec, path);
  self->runner = domus_bench_runner_new (self->host, spec, path);
  domus_bench_runner_set_peer (self->runner, peer);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->runner, "progress", G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "result", G_CALLBACK (result_cb), self->live, G_CONNECT_SWAPPED);

  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _("Starting…"));
  _domus_bench_page_show_status (self, NULL, FALSE);
  /* A weak reference: closing the window disposes the page, which stops the run. */
  page_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (page_ref, self);
  domus_bench_runner_run_async (self->runner, self->cancellable, run_done_cb, page_ref);

  /* The new set, listed and shown as it fills. */
  _domus_bench_page_refresh_runs (self);
  if (_domus_bench_page_find_string (self->runs, path) == GTK_INVALID_LIST_POSITION)
    _domus_bench_page_set_results (&self->shown, self->live, self);
  else
    domus_bench_page_show_results (self, path);
  _domus_bench_page_update_view (self);
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

/* State */

void
_domus_bench_page_update_actions (DomusBenchPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean running = self->runner != NULL;

  gtk_widget_action_set_enabled (widget, "bench.run",
                                 !running && self->host != NULL && self->spec_error_text == NULL);
  gtk_widget_action_set_enabled (widget, "bench.cancel", running);
  _domus_bench_page_export_update_actions (self);
}

void
domus_bench_page_set_host (DomusBenchPage *self,
                           DomusHost      *host)
{
  g_return_if_fail (DOMUS_IS_BENCH_PAGE (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  /* A run under way goes on on its own host: the runner holds it. */
  g_set_object (&self->host, host);
  _domus_bench_page_update_actions (self);
}

void
domus_bench_page_set_fleet (DomusBenchPage *self,
                            DomusFleet     *fleet)
{
  g_return_if_fail (DOMUS_IS_BENCH_PAGE (self));
  g_return_if_fail (fleet == NULL || DOMUS_IS_FLEET (fleet));

  g_set_object (&self->fleet, fleet);
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
  _domus_bench_page_set_results (&self->shown, NULL, self);
  _domus_bench_page_set_results (&self->compare, NULL, self);
  g_clear_object (&self->live);
  g_clear_object (&self->rows);
  g_clear_object (&self->row_sources);
  g_clear_object (&self->specs);
  g_clear_object (&self->runs);
  g_clear_object (&self->compare_runs);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->host);
  g_clear_object (&self->fleet);

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

  _domus_bench_page_class_spec_init (widget_class);
  gtk_widget_class_install_action (widget_class, "bench.run", NULL, run_cb);
  gtk_widget_class_install_action (widget_class, "bench.cancel", NULL, cancel_cb);
  _domus_bench_page_class_export_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "bench.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "bench.run", NULL);
}

static void
domus_bench_page_init (DomusBenchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The first example in the editor, and the newest run shown. */
  _domus_bench_page_spec_init (self);
  _domus_bench_page_results_init (self);
}
