/* domus-bench-page-spec.c: the Benchmarks page's spec editor
 *
 * The spec list holds the examples installed with Domus and the user's
 * own specs in $XDG_DATA_HOME/domus/benchmarks/specs; picking one, or
 * opening a file, loads it into the editor, which says as it is edited
 * why it cannot run. Saving writes the spec back where it came from, but
 * an example is saved as the user's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-bench-page-private.h"
#include "domus-file-chooser.h"
#include "domus-input.h"
#include "domus-limits.h"
#include "domus-toast.h"


/* The example specs, installed with Domus (or where $DOMUS_BENCHMARKS_DIR
 * says, as tools/run.sh does from the build folder), and the user's own. */
static GPtrArray *
spec_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *override = g_getenv ("DOMUS_BENCHMARKS_DIR");

  g_ptr_array_add (dirs, g_strdup (override != NULL ? override : BENCHMARKS_DIR));
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

DomusBenchSpec *
_domus_bench_page_parse_spec (DomusBenchPage  *self,
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
  g_autoptr(DomusBenchSpec) spec = _domus_bench_page_parse_spec (self, &error);

  g_clear_pointer (&self->spec_error_text, g_free);
  if (spec == NULL)
    self->spec_error_text = g_strdup (error->message);
  gtk_label_set_label (self->spec_error, self->spec_error_text);
  gtk_widget_set_visible (GTK_WIDGET (self->spec_error), spec == NULL);
  _domus_bench_page_update_actions (self);
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

      _domus_bench_page_show_status (self, message, TRUE);
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
  guint position = _domus_bench_page_find_string (self->specs, path);

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
      _domus_bench_page_show_status (write->self, message, TRUE);
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
  _domus_bench_page_write_done (write, error);
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

  _domus_bench_page_write_file (self, path, bytes, done, spec_saved_cb);
}

static void
save_as_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusBenchPage *self = DOMUS_BENCH_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = json_filter ();
  g_autoptr(DomusBenchSpec) spec = _domus_bench_page_parse_spec (self, NULL);
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

/* The spec list holds paths, shown as names. */
static char *
spec_label (GtkStringObject *item)
{
  g_autofree char *basename = g_path_get_basename (gtk_string_object_get_string (item));

  if (g_str_has_suffix (basename, ".json"))
    basename[strlen (basename) - strlen (".json")] = '\0';
  return g_steal_pointer (&basename);
}

void
_domus_bench_page_class_spec_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "bench.open-spec", NULL, open_spec_cb);
  gtk_widget_class_install_action (widget_class, "bench.open-spec-file", "s", open_spec_file_cb);
  gtk_widget_class_install_action (widget_class, "bench.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "bench.save-as", NULL, save_as_cb);
  gtk_widget_class_install_action (widget_class, "bench.save-spec-to", "s", save_spec_to_cb);
}

/* Lists the specs and loads the first. */
void
_domus_bench_page_spec_init (DomusBenchPage *self)
{
  self->specs = gtk_string_list_new (NULL);
  _domus_bench_page_set_label_expression (self->spec_dropdown, G_CALLBACK (spec_label));
  gtk_drop_down_set_model (self->spec_dropdown, G_LIST_MODEL (self->specs));
  g_signal_connect_object (gtk_text_view_get_buffer (self->spec_view), "changed",
                           G_CALLBACK (spec_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spec_dropdown, "notify::selected",
                           G_CALLBACK (spec_selected_cb), self, G_CONNECT_SWAPPED);

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
}
