/* domus-bench-chart-geometry.c: where a DomusBenchChart's parts go
 *
 * For a size: the legend and the note under it, a panel per lifecycle step
 * (or one for a workload) with its value axis, and the columns of each
 * cluster and slot, one per result set. render(), get_bars() and the
 * tooltip share this one computation, so that what a test measures is
 * what is drawn. Text is measured with hint metrics off: the same on
 * screen, in a PNG and in an SVG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-bench-chart-private.h"

/* Text: the same metrics on screen, in a PNG and in an SVG */

PangoContext *
_domus_bench_chart_create_context (DomusBenchChart *self,
                                   cairo_t         *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();
  const PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  /* The same metrics on screen, in a PNG and in an SVG. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_font_description (context, font);
  return context;
}

PangoLayout *
_domus_bench_chart_text_layout (PangoContext *context,
                                const char   *text,
                                gboolean      bold,
                                double        scale)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
_domus_bench_chart_text_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

double
_domus_bench_chart_text_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* The legend: the sets, what misses the SLA, the SLA line */

static char *
miss_text (DomusBenchChart *self)
{
  /* TRANSLATORS: legend of the columns in another colour; %.0f is the SLA in % of native */
  return g_strdup_printf (_("mean below the SLA (%.0f %% of native)"),
                          _domus_bench_chart_get_sla (self, 0));
}

static char *
legend_text (DomusBenchChart *self,
             ItemKind         item)
{
  switch (item)
    {
    case ITEM_SET0:
    case ITEM_SET1:
      return g_strdup (domus_bench_results_get_label (self->sets[item == ITEM_SET1]));
    case ITEM_MISS:
      return miss_text (self);
    case ITEM_SLA:
    default:
      /* TRANSLATORS: legend of the dashed line; %.0f is the SLA in % of native */
      return g_strdup_printf (_("SLA: %.0f %% of native"), _domus_bench_chart_get_sla (self, 0));
    }
}

/* Lays the legend out from @y in @width; returns its height. */
static double
layout_legend (DomusBenchChart *self,
               PangoContext    *context,
               double           y,
               double           width,
               Legend          *legend)
{
  DomusChartLegendLayout layout = {
    .left = PAD,
    .top = y,
    .right = width - PAD,
    .swatch_size = SWATCH,
    .item_gap = LEGEND_GAP,
    .max_item_width = width - 2 * PAD,
  };

  legend->n_items = 0;
  legend->kinds[legend->n_items++] = ITEM_SET0;
  if (self->n_sets == 2)
    legend->kinds[legend->n_items++] = ITEM_SET1;
  if (!isnan (_domus_bench_chart_get_sla (self, 0)))
    {
      legend->kinds[legend->n_items++] = ITEM_MISS;
      legend->kinds[legend->n_items++] = ITEM_SLA;
    }

  for (guint i = 0; i < legend->n_items; i++)
    {
      g_autofree char *text = legend_text (self, legend->kinds[i]);

      legend->layouts[i] = _domus_bench_chart_text_layout (context, text, FALSE, 1.0);
      legend->items[i].text_width = _domus_bench_chart_text_width (legend->layouts[i]);
      legend->items[i].text_height = _domus_bench_chart_text_height (legend->layouts[i]);
    }
  return domus_chart_legend_flow (&layout, legend->items, legend->n_items).height;
}


/* What the marks mean, under the legend. */
static char *
note_text (DomusBenchChart *self)
{
  gboolean lines = FALSE;

  for (guint i = 0; i < self->panels->len; i++)
    lines |= ((Panel *) g_ptr_array_index (self->panels, i))->clusters->len > 1
             && _domus_bench_chart_get_kind (self) == DOMUS_BENCH_LIFECYCLE;

  if (self->box_plot)
    return g_strdup (lines
                     ? _("Box: 25th to 75th percentile; line in the box: median; whiskers: minimum "
                         "to maximum; ◆: 95th percentile. Lines join the medians across memory sizes (MiB).")
                     : _("Box: 25th to 75th percentile; line in the box: median; whiskers: minimum "
                         "to maximum; ◆: 95th percentile."));
  return g_strdup (lines
                   ? _("Columns: mean; whiskers: ±1 standard deviation. Lines join the means across "
                       "memory sizes (MiB).")
                   : _("Columns: mean; whiskers: ±1 standard deviation."));
}

/* Geometry */


static double
group_value (DomusBenchChart *self,
             DomusBenchGroup *group)
{
  const DomusStats *stats = domus_bench_group_get_stats (group);

  return self->box_plot ? stats->median : stats->mean;
}

/* The highest mark a group's column draws. */
static double
group_reach (DomusBenchChart *self,
             DomusBenchGroup *group)
{
  const DomusStats *stats = domus_bench_group_get_stats (group);

  if (stats->n == 0)
    return 0;
  return self->box_plot ? stats->max : stats->mean + stats->stddev;
}

void
_domus_bench_chart_geometry_clear (Geometry *g)
{
  for (guint i = 0; i < g->legend.n_items; i++)
    g_clear_object (&g->legend.layouts[i]);
  g->legend.n_items = 0;
  g_clear_object (&g->note);
  g_clear_pointer (&g->panels, g_array_unref);
  g_clear_pointer (&g->columns, g_array_unref);
}

/* The value axis of @panel, for a plot @plot_height tall: from 0, so that
 * columns compare, or for box plots about the spread of the data (and the
 * SLA); with room above the highest mark for its value. */
static void
fit_axis (DomusBenchChart *self,
          Panel           *panel,
          double           plot_height,
          double           line_height,
          DomusChartAxis  *axis)
{
  double reach = 0, low = G_MAXDOUBLE;

  for (guint c = 0; c < panel->clusters->len; c++)
    {
      Cluster *cluster = g_ptr_array_index (panel->clusters, c);

      for (guint i = 0; i < cluster->slots->len; i++)
        for (guint s = 0; s < self->n_sets; s++)
          {
            Slot *slot = g_ptr_array_index (cluster->slots, i);

            if (slot->groups[s] != NULL && domus_bench_group_get_stats (slot->groups[s])->n > 0)
              {
                reach = MAX (reach, group_reach (self, slot->groups[s]));
                low = MIN (low, domus_bench_group_get_stats (slot->groups[s])->min);
              }
          }
    }
  for (guint s = 0; s < self->n_sets; s++)
    if (!isnan (_domus_bench_chart_get_sla (self, s)))
      {
        reach = MAX (reach, _domus_bench_chart_get_sla (self, s));
        low = MIN (low, _domus_bench_chart_get_sla (self, s));
      }
  if (!(reach > 0) || !isfinite (reach))
    reach = 1;

  if (self->box_plot && low < reach)
    domus_chart_axis_fit (axis, low, reach, MAX_INTERVALS);
  else
    {
      if (_domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD)
        reach = MAX (reach, 100.0);
      domus_chart_axis_fit (axis, 0, reach, MAX_INTERVALS);
    }
  if ((axis->top - reach) / (axis->top - axis->bottom) * plot_height < line_height + 4)
    {
      axis->top += axis->step;
      axis->n_grid++;
    }
}

/* The widest of the gridline labels of @axis. */
static double
axis_label_width (DomusBenchChart      *self,
                  PangoContext         *context,
                  const DomusChartAxis *axis)
{
  double width = 0;

  for (guint i = 0; i <= axis->n_grid; i++)
    {
      g_autofree char *text = _domus_bench_chart_format_value (self, axis->bottom + i * axis->step,
                                                               axis->decimals);
      g_autoptr(PangoLayout) layout = _domus_bench_chart_text_layout (context, text, FALSE, 0.85);

      width = MAX (width, _domus_bench_chart_text_width (layout));
    }
  return width;
}

/* Adds the columns of panel @p to @columns: cluster by cluster, slot by
 * slot, a column per set side by side. */
static void
place_columns (DomusBenchChart     *self,
               guint                p,
               const PanelGeometry *pg,
               GArray              *columns)
{
  Panel *panel = g_ptr_array_index (self->panels, p);
  double cluster_width = pg->plot.size.width / MAX (panel->clusters->len, 1);
  double baseline = pg->plot.origin.y + pg->plot.size.height;
  const DomusChartAxis *axis = &pg->axis;

  for (guint c = 0; c < panel->clusters->len; c++)
    {
      Cluster *cluster = g_ptr_array_index (panel->clusters, c);
      double inner = cluster_width * 0.8;
      double slot_width = inner / MAX (cluster->slots->len, 1);
      double bar_width = MIN ((slot_width * 0.8 - (self->n_sets - 1) * SET_GAP) / self->n_sets,
                              MAX_BAR_WIDTH);
      double bars_width = self->n_sets * bar_width + (self->n_sets - 1) * SET_GAP;

      for (guint i = 0; i < cluster->slots->len; i++)
        {
          Slot *slot = g_ptr_array_index (cluster->slots, i);
          double center = pg->plot.origin.x + c * cluster_width + cluster_width * 0.1
                          + (i + 0.5) * slot_width;

          for (guint s = 0; s < self->n_sets; s++)
            {
              Column column = { { 0 } };
              double value, y_value;

              if (slot->groups[s] == NULL || domus_bench_group_get_stats (slot->groups[s])->n == 0)
                continue;
              value = group_value (self, slot->groups[s]);
              y_value = baseline - pg->plot.size.height
                                   * CLAMP ((value - axis->bottom) / (axis->top - axis->bottom), 0, 1);
              column.bar.set = s;
              column.bar.group = slot->groups[s];
              column.bar.value = value;
              column.bar.misses_sla = _domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD
                                      && !isnan (_domus_bench_chart_get_sla (self, s))
                                      && domus_bench_group_get_stats (slot->groups[s])->mean
                                         < _domus_bench_chart_get_sla (self, s);
              column.bar.bounds = GRAPHENE_RECT_INIT (center - bars_width / 2 + s * (bar_width + SET_GAP),
                                                      y_value, bar_width, baseline - y_value);
              column.panel = p;
              column.cluster = c;
              column.slot_center = center;
              g_array_append_val (columns, column);
            }
        }
    }
}

void
_domus_bench_chart_compute_geometry (DomusBenchChart *self,
                                     PangoContext    *context,
                                     double           width,
                                     double           height,
                                     Geometry        *g)
{
  g_autoptr(PangoLayout) probe = _domus_bench_chart_text_layout (context, "0123456789 MiB %", FALSE,
                                                                  1.0);
  g_autofree char *note = NULL;
  DomusBenchKind kind = _domus_bench_chart_get_kind (self);
  guint n_panels;
  double panel_width, y, plot_top, plot_bottom;

  _domus_bench_chart_rebuild (self);
  g->panels = g_array_new (FALSE, TRUE, sizeof (PanelGeometry));
  g->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g->line_height = _domus_bench_chart_text_height (probe);
  n_panels = self->panels->len;
  if (n_panels == 0)
    return;

  /* From the top: legend, note, panel titles; from the bottom: labels. */
  y = PAD;
  y += layout_legend (self, context, y, width, &g->legend) + 6;
  note = note_text (self);
  g->note = _domus_bench_chart_text_layout (context, note, FALSE, 0.85);
  pango_layout_set_width (g->note, (int) ((width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (g->note, PANGO_WRAP_WORD_CHAR);
  g->note_top = y;
  y += _domus_bench_chart_text_height (g->note) + 12;
  g->titles_top = y;
  if (kind == DOMUS_BENCH_LIFECYCLE)
    y += g->line_height + 6;
  plot_top = y + g->line_height / 2;

  g->cluster_labels_top = height - PAD - g->line_height;
  g->slot_labels_top = g->cluster_labels_top - g->line_height - 2;
  plot_bottom = (kind == DOMUS_BENCH_WORKLOAD ? g->slot_labels_top : g->cluster_labels_top) - 6;
  if (plot_bottom - plot_top < 20)
    plot_bottom = plot_top + 20;

  panel_width = (width - 2 * PAD - (n_panels - 1) * PANEL_GAP) / n_panels;
  for (guint p = 0; p < n_panels; p++)
    {
      PanelGeometry pg = { 0 };
      double x0 = PAD + p * (panel_width + PANEL_GAP);
      double label_width;

      fit_axis (self, g_ptr_array_index (self->panels, p), plot_bottom - plot_top, g->line_height,
                &pg.axis);
      label_width = axis_label_width (self, context, &pg.axis);
      pg.plot = GRAPHENE_RECT_INIT (x0 + label_width + 8, plot_top,
                                    MAX (panel_width - label_width - 8, 10), plot_bottom - plot_top);
      g_array_append_val (g->panels, pg);
      place_columns (self, p, &pg, g->columns);
    }
}

/* Where @value is drawn in @pg's plot: marks beyond its axis stop at
 * its ends. */
double
_domus_bench_chart_value_to_y (const PanelGeometry *pg,
                               double               value)
{
  return domus_chart_axis_to_y (&pg->axis, &pg->plot, CLAMP (value, pg->axis.bottom, pg->axis.top));
}

/* For tests and the tooltip: the geometry of a size without drawing. */
static void
measure (DomusBenchChart *self,
         double           width,
         double           height,
         Geometry        *g)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = _domus_bench_chart_create_context (self, cr);

  _domus_bench_chart_compute_geometry (self, context, width, height, g);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

GArray *
domus_bench_chart_get_bars (DomusBenchChart *self,
                            double           width,
                            double           height)
{
  Geometry g = { 0 };
  GArray *bars = g_array_new (FALSE, TRUE, sizeof (DomusBenchChartBar));

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), bars);

  measure (self, width, height, &g);
  for (guint i = 0; i < g.columns->len; i++)
    g_array_append_val (bars, g_array_index (g.columns, Column, i).bar);
  _domus_bench_chart_geometry_clear (&g);
  return bars;
}

double
domus_bench_chart_get_sla_y (DomusBenchChart *self,
                             double           width,
                             double           height)
{
  Geometry g = { 0 };
  double sla, y = NAN;

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NAN);

  measure (self, width, height, &g);
  /* NAN but for workloads */
  sla = _domus_bench_chart_get_sla (self, 0);
  if (g.panels->len > 0 && !isnan (sla))
    y = round (_domus_bench_chart_value_to_y (&g_array_index (g.panels, PanelGeometry, 0), sla)) + 0.5;
  _domus_bench_chart_geometry_clear (&g);
  return y;
}
