/* domus-bench-chart-render.c: a DomusBenchChart drawn with cairo
 *
 * domus_bench_chart_render() draws the geometry computed for a size: on
 * the widget's snapshot, and on an image or SVG surface for the exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-bench-chart-private.h"
#include "domus-chart-export.h"
#include "domus-format.h"

/* Text */

static inline GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     double         t)
{
  return (GdkRGBA) { a->red + (b->red - a->red) * t, a->green + (b->green - a->green) * t,
                     a->blue + (b->blue - a->blue) * t, 1 };
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  cairo_move_to (cr, x, y);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

static gboolean
fits (PangoContext *context,
      const char   *text,
      double        width)
{
  g_autoptr(PangoLayout) layout = _domus_bench_chart_text_layout (context, text, FALSE, 1.0);

  return _domus_bench_chart_text_width (layout) <= width;
}

/* Draws @text centred on @x, its top at @y, at most @max_width wide
 * (ellipsized). */
static void
show_centered (cairo_t       *cr,
               PangoContext  *context,
               const char    *text,
               gboolean       bold,
               double         x,
               double         y,
               double         max_width,
               const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = _domus_bench_chart_text_layout (context, text, bold, 1.0);

  if (max_width > 0 && _domus_bench_chart_text_width (layout) > max_width)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  show_text (cr, layout, x - _domus_bench_chart_text_width (layout) / 2, y, color);
}

/* Columns and the legend */

static void
hatch (cairo_t       *cr,
       double         x,
       double         y,
       double         width,
       double         height,
       const GdkRGBA *color)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  for (double d = -height; d < width; d += 6)
    {
      cairo_move_to (cr, x + d, y + height);
      cairo_line_to (cr, x + d + height, y);
    }
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
fill_column (DomusBenchChart *self,
             cairo_t         *cr,
             guint            set,
             const GdkRGBA   *color,
             double           x,
             double           y,
             double           width,
             double           height)
{
  cairo_rectangle (cr, x, y, width, height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
  /* The compared set is hatched, so the two read apart in grey too. */
  if (set == 1)
    {
      GdkRGBA stripes = domus_chart_with_alpha (&self->palette.bg, 0.5);

      hatch (cr, x, y, width, height, &stripes);
    }
}

/* An item's swatch, and its text ellipsized to the room it has. */
static void
draw_legend_item (DomusBenchChart            *self,
                  cairo_t                    *cr,
                  ItemKind                    item,
                  PangoLayout                *layout,
                  const DomusChartLegendItem *place)
{
  GdkRGBA text_color = domus_chart_with_alpha (&self->palette.fg, 0.85);

  if (item == ITEM_SLA)
    {
      GdkRGBA line = domus_chart_with_alpha (&self->palette.fg, 0.8);

      cairo_move_to (cr, place->swatch_x, place->swatch_y + SWATCH / 2);
      cairo_line_to (cr, place->swatch_x + SWATCH, place->swatch_y + SWATCH / 2);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, &line);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else
    fill_column (self, cr, item == ITEM_SET1 ? 1 : 0,
                 item == ITEM_MISS ? &self->palette.colors[DOMUS_CHART_COLOR_RED]
                                   : _domus_bench_chart_get_set_color (self, item == ITEM_SET1),
                 place->swatch_x, place->swatch_y, SWATCH, SWATCH);
  pango_layout_set_width (layout, (int) (place->text_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  show_text (cr, layout, place->text_x, place->text_y, &text_color);
}

static void
draw_grid (DomusBenchChart     *self,
           cairo_t             *cr,
           PangoContext        *context,
           const PanelGeometry *pg)
{
  GdkRGBA grid = domus_chart_with_alpha (&self->palette.fg, 0.1);
  GdkRGBA base = domus_chart_with_alpha (&self->palette.fg, 0.3);
  GdkRGBA label = domus_chart_with_alpha (&self->palette.fg, 0.6);

  for (guint i = 0; i <= pg->axis.n_grid; i++)
    {
      double value = pg->axis.bottom + i * pg->axis.step;
      double y = round (_domus_bench_chart_value_to_y (pg, value)) + 0.5;
      g_autofree char *text = _domus_bench_chart_format_value (self, value, pg->axis.decimals);
      g_autoptr(PangoLayout) layout = _domus_bench_chart_text_layout (context, text, FALSE, 0.85);
      double text_width = _domus_bench_chart_text_width (layout);
      double text_height = _domus_bench_chart_text_height (layout);

      cairo_move_to (cr, pg->plot.origin.x, y);
      cairo_line_to (cr, pg->plot.origin.x + pg->plot.size.width, y);
      cairo_set_line_width (cr, 1);
      gdk_cairo_set_source_rgba (cr, i == 0 ? &base : &grid);
      cairo_stroke (cr);
      show_text (cr, layout, pg->plot.origin.x - 8 - text_width, y - text_height / 2, &label);
    }
}

static void
draw_whisker (cairo_t *cr,
              double   x,
              double   y_low,
              double   y_high,
              double   cap)
{
  cairo_move_to (cr, x, y_low);
  cairo_line_to (cr, x, y_high);
  cairo_move_to (cr, x - cap / 2, y_low);
  cairo_line_to (cr, x + cap / 2, y_low);
  cairo_move_to (cr, x - cap / 2, y_high);
  cairo_line_to (cr, x + cap / 2, y_high);
  cairo_stroke (cr);
}

static void
draw_column (DomusBenchChart     *self,
             cairo_t             *cr,
             PangoContext        *context,
             const PanelGeometry *pg,
             const Column        *column)
{
  const DomusBenchChartBar *bar = &column->bar;
  const DomusStats *stats = domus_bench_group_get_stats (bar->group);
  const GdkRGBA *color = bar->misses_sla ? &self->palette.colors[DOMUS_CHART_COLOR_RED]
                                          : _domus_bench_chart_get_set_color (self, bar->set);
  GdkRGBA whisker = domus_chart_with_alpha (&self->palette.fg, 0.8);
  GdkRGBA value_color = domus_chart_with_alpha (&self->palette.fg, 0.75);
  double x = bar->bounds.origin.x, w = bar->bounds.size.width;
  double center = x + w / 2, label_y, text_width, text_height;
  g_autofree char *value_text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int decimals;

  if (!self->box_plot)
    {
      fill_column (self, cr, bar->set, color, x, bar->bounds.origin.y, w, bar->bounds.size.height);
      label_y = bar->bounds.origin.y;
      if (stats->n > 1 && stats->stddev > 0)
        {
          double high = _domus_bench_chart_value_to_y (pg, stats->mean + stats->stddev);
          double low = _domus_bench_chart_value_to_y (pg, MAX (stats->mean - stats->stddev, 0));

          cairo_set_line_width (cr, 1.5);
          gdk_cairo_set_source_rgba (cr, &whisker);
          draw_whisker (cr, center, low, high, w * 0.4);
          label_y = MIN (label_y, high);
        }
    }
  else
    {
      GdkRGBA fill = domus_chart_with_alpha (color, 0.35);
      double y25 = _domus_bench_chart_value_to_y (pg, stats->p25);
      double y75 = _domus_bench_chart_value_to_y (pg, stats->p75);
      double y95 = _domus_bench_chart_value_to_y (pg, stats->p95);
      double ymax = _domus_bench_chart_value_to_y (pg, stats->max);

      cairo_set_line_width (cr, 1.5);
      gdk_cairo_set_source_rgba (cr, color);
      draw_whisker (cr, center, _domus_bench_chart_value_to_y (pg, stats->min), ymax, w * 0.5);
      fill_column (self, cr, bar->set, &fill, x, y75, w, MAX (y25 - y75, 1));
      cairo_rectangle (cr, x + 0.75, y75, w - 1.5, MAX (y25 - y75, 1));
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);
      cairo_move_to (cr, x, bar->bounds.origin.y);
      cairo_line_to (cr, x + w, bar->bounds.origin.y);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      /* ◆ the 95th percentile */
      cairo_move_to (cr, center, y95 - 4);
      cairo_line_to (cr, center + 4, y95);
      cairo_line_to (cr, center, y95 + 4);
      cairo_line_to (cr, center - 4, y95);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &self->palette.fg);
      cairo_fill (cr);
      label_y = ymax;
    }

  /* The value above, where it fits. */
  decimals = _domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD ? 0 : bar->value < 10 ? 2 : 1;
  value_text = _domus_bench_chart_format_value (self, bar->value, decimals);
  layout = _domus_bench_chart_text_layout (context, value_text, FALSE, 0.8);
  text_width = _domus_bench_chart_text_width (layout);
  text_height = _domus_bench_chart_text_height (layout);
  if (text_width <= w + SET_GAP + 8)
    show_text (cr, layout, center - text_width / 2, label_y - 2 - text_height, &value_color);
}

/* Lifecycle: a line per set joining the sizes. */
static void
draw_lines (DomusBenchChart *self,
            cairo_t         *cr,
            const Geometry  *g)
{
  for (guint p = 0; p < self->panels->len; p++)
    for (guint s = 0; s < self->n_sets; s++)
      {
        /* The set's colour, darker (lighter on dark), to show on its own columns. */
        GdkRGBA color = mix (_domus_bench_chart_get_set_color (self, s), &self->palette.fg, 0.45);
        guint n = 0;

        for (guint i = 0; i < g->columns->len; i++)
          {
            const Column *column = &g_array_index (g->columns, Column, i);
            double x = column->bar.bounds.origin.x + column->bar.bounds.size.width / 2;

            if (column->panel != p || column->bar.set != s)
              continue;
            if (n++ == 0)
              cairo_move_to (cr, x, column->bar.bounds.origin.y);
            else
              cairo_line_to (cr, x, column->bar.bounds.origin.y);
          }
        if (n < 2)
          {
            cairo_new_path (cr);
            continue;
          }
        cairo_set_line_width (cr, 2);
        cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        gdk_cairo_set_source_rgba (cr, &color);
        cairo_stroke (cr);
        /* A box shows its median already. */
        if (self->box_plot)
          continue;

        for (guint i = 0; i < g->columns->len; i++)
          {
            const Column *column = &g_array_index (g->columns, Column, i);

            if (column->panel != p || column->bar.set != s)
              continue;
            cairo_arc (cr, column->bar.bounds.origin.x + column->bar.bounds.size.width / 2,
                       column->bar.bounds.origin.y, 3.5, 0, 2 * G_PI);
            gdk_cairo_set_source_rgba (cr, &self->palette.bg);
            cairo_fill_preserve (cr);
            gdk_cairo_set_source_rgba (cr, &color);
            cairo_set_line_width (cr, 1.5);
            cairo_stroke (cr);
          }
      }
}

static void
draw_sla (DomusBenchChart     *self,
          cairo_t             *cr,
          PangoContext        *context,
          const PanelGeometry *pg)
{
  for (guint s = 0; s < self->n_sets; s++)
    {
      double sla = _domus_bench_chart_get_sla (self, s);
      GdkRGBA color = s == 0 ? domus_chart_with_alpha (&self->palette.fg, 0.8)
                             : *_domus_bench_chart_get_set_color (self, 1);
      double right = pg->plot.origin.x + pg->plot.size.width;
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double y, text_width, text_height;

      /* The compared set's own SLA only when it differs. */
      if (isnan (sla) || (s == 1 && sla == _domus_bench_chart_get_sla (self, 0)))
        continue;
      y = round (_domus_bench_chart_value_to_y (pg, sla)) + 0.5;
      cairo_move_to (cr, pg->plot.origin.x, y);
      cairo_line_to (cr, right, y);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* TRANSLATORS: the label of the SLA line on the chart */
      text = g_strdup_printf (_("SLA %.0f %%"), sla);
      layout = _domus_bench_chart_text_layout (context, text, TRUE, 0.8);
      text_width = _domus_bench_chart_text_width (layout);
      text_height = _domus_bench_chart_text_height (layout);
      /* On a patch of background, to read over the columns. */
      cairo_rectangle (cr, right - text_width - 8, y - 3 - text_height, text_width + 8, text_height + 2);
      gdk_cairo_set_source_rgba (cr, &self->palette.bg);
      cairo_fill (cr);
      show_text (cr, layout, right - text_width - 4, y - 2 - text_height, &color);
    }
}

static void
draw_empty (DomusBenchChart *self,
            cairo_t         *cr,
            PangoContext    *context,
            double           width,
            double           height)
{
  GdkRGBA color = domus_chart_with_alpha (&self->palette.fg, 0.55);
  const char *text = self->sets[0] == NULL
                     ? _("Run a benchmark or choose an earlier run to see its results")
                     : _("No results yet");
  g_autoptr(PangoLayout) layout = _domus_bench_chart_text_layout (context, text, FALSE, 1.0);

  pango_layout_set_width (layout, (int) (MAX (width - 2 * PAD, 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  show_text (cr, layout, PAD, (height - _domus_bench_chart_text_height (layout)) / 2, &color);
}

/* Panel @p's title above it, its clusters' labels and their slots' below. */
static void
draw_labels (DomusBenchChart *self,
             cairo_t         *cr,
             PangoContext    *context,
             const Geometry  *g,
             guint            p)
{
  GdkRGBA title_color = self->palette.fg;
  GdkRGBA label_color = domus_chart_with_alpha (&self->palette.fg, 0.75);
  gboolean bold = _domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD;
  Panel *panel = g_ptr_array_index (self->panels, p);
  const PanelGeometry *pg = &g_array_index (g->panels, PanelGeometry, p);
  double cluster_width = pg->plot.size.width / MAX (panel->clusters->len, 1);

  if (panel->step != NULL)
    show_centered (cr, context, domus_format_bench_step (panel->step), TRUE,
                   pg->plot.origin.x + pg->plot.size.width / 2, g->titles_top, pg->plot.size.width,
                   &title_color);
  for (guint c = 0; c < panel->clusters->len; c++)
    {
      Cluster *cluster = g_ptr_array_index (panel->clusters, c);
      double slot_width = cluster_width * 0.8 / MAX (cluster->slots->len, 1);
      const char *label = cluster->label;

      /* Many panels: "256" rather than "256 …"; the legend says MiB. */
      if (cluster->short_label != NULL && !fits (context, label, cluster_width - 4))
        label = cluster->short_label;
      show_centered (cr, context, label, bold,
                     pg->plot.origin.x + (c + 0.5) * cluster_width, g->cluster_labels_top,
                     cluster_width - 4, &title_color);
      for (guint i = 0; i < cluster->slots->len; i++)
        {
          Slot *slot = g_ptr_array_index (cluster->slots, i);

          if (slot->label != NULL)
            show_centered (cr, context, slot->label, FALSE,
                           pg->plot.origin.x + c * cluster_width + cluster_width * 0.1
                           + (i + 0.5) * slot_width,
                           g->slot_labels_top, slot_width - 2, &label_color);
        }
    }
}

void
domus_bench_chart_render (DomusBenchChart *self,
                          cairo_t         *cr,
                          double           width,
                          double           height)
{
  GdkRGBA note_color = domus_chart_with_alpha (&self->palette.fg, 0.6);
  PangoContext *context;
  Geometry g = { 0 };

  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));
  g_return_if_fail (cr != NULL);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return;

  cairo_save (cr);
  context = _domus_bench_chart_create_context (self, cr);
  _domus_bench_chart_compute_geometry (self, context, width, height, &g);
  if (self->panels->len == 0)
    draw_empty (self, cr, context, width, height);
  else
    {
      for (guint i = 0; i < g.legend.n_items; i++)
        draw_legend_item (self, cr, g.legend.kinds[i], g.legend.layouts[i], &g.legend.items[i]);
      show_text (cr, g.note, PAD, g.note_top, &note_color);
      for (guint p = 0; p < self->panels->len; p++)
        {
          draw_grid (self, cr, context, &g_array_index (g.panels, PanelGeometry, p));
          draw_labels (self, cr, context, &g, p);
        }
      for (guint i = 0; i < g.columns->len; i++)
        {
          const Column *column = &g_array_index (g.columns, Column, i);

          draw_column (self, cr, context, &g_array_index (g.panels, PanelGeometry, column->panel),
                       column);
        }
      if (_domus_bench_chart_get_kind (self) == DOMUS_BENCH_LIFECYCLE)
        draw_lines (self, cr, &g);
      else
        draw_sla (self, cr, context, &g_array_index (g.panels, PanelGeometry, 0));
    }
  _domus_bench_chart_geometry_clear (&g);
  g_object_unref (context);
  cairo_restore (cr);
}

/* Export, as the live charts do (domus-chart-export.c) */

static void
draw_for_export (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  self)
{
  domus_bench_chart_render (self, cr, width, height);
}

GBytes *
domus_bench_chart_render_png (DomusBenchChart  *self,
                              int               width,
                              int               height,
                              int               scale,
                              GError          **error)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);

  return domus_chart_export_png (&self->palette.bg, width, height, scale, draw_for_export, self,
                                 error);
}

GBytes *
domus_bench_chart_render_svg (DomusBenchChart  *self,
                              double            width,
                              double            height,
                              GError          **error)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);

  return domus_chart_export_svg (&self->palette.bg, width, height, draw_for_export, self, error);
}
