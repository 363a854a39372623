/* domus-bench-page-export.c: the Benchmarks page's exports
 *
 * "bench.export-csv", "bench.export-png" and "bench.export-svg" ask where
 * to write the table as CSV, or the chart as PNG or SVG (the size it has
 * on screen); their "-to" twins write it there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domus-bench-page-private.h"
#include "domus-chart-export.h"
#include "domus-file-chooser.h"
#include "domus-toast.h"


/* The toast is the shared code's; tests wait for ::file-written. */
static void
exported_cb (GtkWidget    *widget,
             const char   *path,
             const GError *error,
             gpointer      user_data)
{
  _domus_bench_page_file_written (DOMUS_BENCH_PAGE (widget), path, error);
}

static void
export_to (DomusBenchPage *self,
           const char     *path,
           GBytes         *bytes)
{
  domus_chart_export_write (GTK_WIDGET (self), path, bytes, exported_cb, NULL);
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

void
_domus_bench_page_export_update_actions (DomusBenchPage *self)
{
  gboolean has_results = self->shown != NULL;

  for (guint i = 0; i < 3; i++)
    {
      const char *names[][2] = { { "bench.export-csv", "bench.export-csv-to" },
                                 { "bench.export-png", "bench.export-png-to" },
                                 { "bench.export-svg", "bench.export-svg-to" } };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i][0], has_results);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i][1], has_results);
    }
}

void
_domus_bench_page_class_export_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "bench.export-csv", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-png", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-svg", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-csv-to", "s", export_csv_to_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-png-to", "s", export_chart_to_cb);
  gtk_widget_class_install_action (widget_class, "bench.export-svg-to", "s", export_chart_to_cb);
}
