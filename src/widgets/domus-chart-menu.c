/* domus-chart-menu.c: a live chart's menu and its exports
 *
 * The menu pops up where the pointer or finger is (right-click,
 * long-press), or at the top left for the keyboard. What it exports is the
 * window as drawn: the CSV has the samples the lines are drawn through, the
 * picture the frame at the chart's size on screen, by the renderer and
 * writer that the Benchmarks page uses (domus-chart-export.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domus-chart-export.h"
#include "domus-chart-private.h"
#include "domus-file-chooser.h"
#include "domus-toast.h"

/* The size of a picture of a chart that is not on screen. */
#define EXPORT_WIDTH  720
#define EXPORT_HEIGHT 320

enum {
  FILE_WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* CSV */

void
domus_chart_write_csv (DomusChart *self,
                       DomusCsv   *csv)
{
  g_return_if_fail (DOMUS_IS_CHART (self));
  g_return_if_fail (csv != NULL);

  _domus_chart_update_window (self);
  /* TRANSLATORS: the heading of the first column of a chart's CSV export */
  domus_csv_add_field (csv, _("Time (s)"));
  for (guint l = 0; l < self->lines->len; l++)
    domus_csv_add_field (csv, _domus_chart_get_line (self, l)->label);
  domus_csv_end_row (csv);

  /* The lead sample lies before the window: drawn only as the slope into
   * the left edge, it is not part of the visible history. */
  for (guint i = self->has_lead ? 1 : 0; i < self->n_times; i++)
    {
      domus_csv_add_double (csv, self->times[i]);
      for (guint l = 0; l < self->lines->len; l++)
        domus_csv_add_double (csv, _domus_chart_get_line (self, l)->values[i]);
      domus_csv_end_row (csv);
    }
}

/* Pictures */

/* The frame at @width × @height: what is under the lines and what is over
 * them as render nodes, the lines drawn straight onto the export's cairo
 * context between the two (see DomusChartDrawPart). The readout follows the
 * pointer, not the data, so it is left out; the geometry kept for picking
 * samples is the on-screen frame's, so it is put back after each part. */
typedef struct
{
  DomusChart    *chart;
  int            width;
  int            height;
  GskRenderNode *below;
  GskRenderNode *above;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->below, gsk_render_node_unref);
  g_clear_pointer (&frame->above, gsk_render_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frame, frame_clear)

static void
draw_part (DomusChart         *self,
           GtkSnapshot        *snapshot,
           cairo_t            *cr,
           DomusChartDrawPart  part,
           int                 width,
           int                 height)
{
  graphene_rect_t plot = self->plot;
  guint hover_index = self->hover_index;
  gboolean hovering = self->hovering;

  self->hovering = FALSE;
  _domus_chart_draw (self, snapshot, cr, part, width, height);
  self->hovering = hovering;
  self->hover_index = hover_index;
  self->plot = plot;
}

static GskRenderNode *
part_node (DomusChart         *self,
           DomusChartDrawPart  part,
           int                 width,
           int                 height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  draw_part (self, snapshot, NULL, part, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
frame_init (Frame      *frame,
            DomusChart *self,
            int         width,
            int         height)
{
  frame->chart = self;
  frame->width = width;
  frame->height = height;
  frame->below = part_node (self, DOMUS_CHART_DRAW_BELOW_LINES, width, height);
  frame->above = part_node (self, DOMUS_CHART_DRAW_ABOVE_LINES, width, height);
}

static void
draw_frame (cairo_t *cr,
            double   width,
            double   height,
            gpointer data)
{
  Frame *frame = data;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (frame->below != NULL)
    gsk_render_node_draw (frame->below, cr);
  draw_part (frame->chart, NULL, cr, DOMUS_CHART_DRAW_LINES, frame->width, frame->height);
  if (frame->above != NULL)
    gsk_render_node_draw (frame->above, cr);
  cairo_restore (cr);
}

GBytes *
domus_chart_render_png (DomusChart  *self,
                        int          width,
                        int          height,
                        int          scale,
                        GError     **error)
{
  g_auto(Frame) frame = { 0 };

  g_return_val_if_fail (DOMUS_IS_CHART (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  frame_init (&frame, self, width, height);
  return domus_chart_export_png (&self->palette.bg, width, height, scale, draw_frame, &frame, error);
}

GBytes *
domus_chart_render_svg (DomusChart  *self,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_auto(Frame) frame = { 0 };

  g_return_val_if_fail (DOMUS_IS_CHART (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  frame_init (&frame, self, width, height);
  return domus_chart_export_svg (&self->palette.bg, width, height, draw_frame, &frame, error);
}

/* Actions */

static void
written_cb (GtkWidget    *widget,
            const char   *path,
            const GError *error,
            gpointer      user_data)
{
  g_signal_emit (widget, signals[FILE_WRITTEN], 0, path, error);
}

static void
export_csv_to_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(DomusCsv) csv = domus_csv_new ();
  g_autoptr(GBytes) bytes = NULL;

  domus_chart_write_csv (DOMUS_CHART (widget), csv);
  bytes = g_bytes_new (domus_csv_get_text (csv), strlen (domus_csv_get_text (csv)));
  domus_chart_export_write (widget, g_variant_get_string (parameter, NULL), bytes, written_cb,
                            NULL);
}

static void
export_image_to_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DomusChart *self = DOMUS_CHART (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* As large as on screen, where the user chose it from. */
  if (width < 200 || height < 120)
    {
      width = EXPORT_WIDTH;
      height = EXPORT_HEIGHT;
    }
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    bytes = domus_chart_render_svg (self, width, height, &error);
  else
    bytes = domus_chart_render_png (self, width, height, gtk_widget_get_scale_factor (widget),
                                    &error);
  if (bytes == NULL)
    {
      domus_show_toast (widget, error->message);
      g_signal_emit (self, signals[FILE_WRITTEN], 0, path, error);
      return;
    }
  domus_chart_export_write (widget, path, bytes, written_cb, NULL);
}

/* A new name each time, so that a second export keeps the first. */
static char *
suggest_name (const char *suffix)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");

  /* TRANSLATORS: the file name an export of a chart suggests, before the
   * date and time, as in "chart-2024-05-01-143000.csv" */
  return g_strdup_printf ("%s-%s.%s", _("chart"), stamp, suffix);
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  gboolean csv = g_str_equal (action_name, "chart.export-csv");
  const char *format = csv ? "csv" : g_variant_get_string (parameter, NULL);
  g_autofree char *name = suggest_name (format);
  const char *title;

  title = csv ? _("Export the Chart’s History as CSV")
          : g_str_equal (format, "svg") ? _("Export the Chart as SVG") : _("Export the Chart as PNG");
  domus_choose_file (widget, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                     csv ? "chart.export-csv-to" : "chart.export-image-to", name, NULL);
}

void
_domus_chart_update_actions (DomusChart *self)
{
  gboolean can_export = self->lines->len > 0;
  const char *names[] = { "chart.export-csv", "chart.export-csv-to", "chart.export-image",
                          "chart.export-image-to" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], can_export);
}

/* The menu */

static GMenuModel *create_menu_model (void);

/* Built at its first popup: a window shows many charts (a sparkline in each
 * row of the domain list), whose menus are seldom opened. */
static void
ensure_menu (DomusChart *self)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->menu != NULL)
    return;
  model = create_menu_model ();
  self->menu = gtk_popover_menu_new_from_model (model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
}

static void
popup_at (DomusChart *self,
          double      x,
          double      y)
{
  ensure_menu (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
menu_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  DomusChart *self = DOMUS_CHART (widget);

  if (self->show_axes)
    popup_at (self, self->plot.origin.x, self->plot.origin.y);
}

static void
pressed_cb (DomusChart      *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *click)
{
  /* A sparkline is part of a list row, whose own menu it leaves alone. */
  if (!self->show_axes)
    {
      gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static void
long_pressed_cb (DomusChart          *self,
                 double               x,
                 double               y,
                 GtkGestureLongPress *press)
{
  if (!self->show_axes)
    {
      gtk_gesture_set_state (GTK_GESTURE (press), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (press), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static GMenuModel *
create_menu_model (void)
{
  GMenu *menu = g_menu_new ();

  g_menu_append (menu, _("Export History as _CSV…"), "chart.export-csv");
  g_menu_append (menu, _("Export as _PNG…"), "chart.export-image::png");
  g_menu_append (menu, _("Export as _SVG…"), "chart.export-image::svg");
  return G_MENU_MODEL (menu);
}

void
_domus_chart_menu_init (DomusChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect_object (press, "pressed", G_CALLBACK (long_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));

  _domus_chart_update_actions (self);
}

void
_domus_chart_menu_dispose (DomusChart *self)
{
  g_clear_pointer (&self->menu, gtk_widget_unparent);
}

void
_domus_chart_class_menu_init (GtkWidgetClass *widget_class)
{
  signals[FILE_WRITTEN] =
    g_signal_new ("file-written", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  gtk_widget_class_install_action (widget_class, "chart.export-csv", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-image", "s", export_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-csv-to", "s", export_csv_to_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-image-to", "s",
                                   export_image_to_cb);
  gtk_widget_class_install_action (widget_class, "menu.popup", NULL, menu_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "menu.popup",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "menu.popup", NULL);
}
