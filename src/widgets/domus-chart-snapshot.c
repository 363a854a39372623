/* domus-chart-snapshot.c: how a DomusChart frame is drawn
 *
 * snapshot() only scales the samples domus-chart.c copied out of the
 * series. Gridlines and boxes are colour nodes, text is cached
 * PangoLayouts, and the lines are stroked with cairo in one node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart-axis.h"
#include "domus-chart-legend.h"
#include "domus-chart-private.h"

#define LINE_WIDTH      1.75
#define SPARK_WIDTH     1.5

/* The geometry of one frame. */
typedef struct
{
  graphene_rect_t plot;
  DomusChartAxis  axis;       /* from 0 */
} Scale;

/* Text */

static PangoLayout *
ensure_layout (DomusChart     *self,
               PangoLayout   **layout,
               PangoAttrList  *attrs,
               const char     *text)
{
  if (*layout == NULL)
    {
      *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_attributes (*layout, attrs);
    }
  if (g_strcmp0 (pango_layout_get_text (*layout), text) != 0)
    pango_layout_set_text (*layout, text, -1);
  return *layout;
}

void
_domus_chart_drop_layouts (DomusChart *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->y_layouts); i++)
    g_clear_object (&self->y_layouts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->x_layouts); i++)
    g_clear_object (&self->x_layouts[i]);
  g_clear_object (&self->measure_layout);
  g_clear_object (&self->limit_layout);
  g_clear_object (&self->readout_layout);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = _domus_chart_get_line (self, i);

      g_clear_object (&line->label_layout);
      g_clear_object (&line->value_layout);
    }
}

/* Formats an age in @unit (1, 60 or 3600 seconds), or for 0 in the unit
 * that reads best. */
static void
format_age (guint  seconds,
            guint  unit,
            char  *buf,
            gsize  size)
{
  if (unit == 0)
    unit = seconds < 120 ? 1 : seconds % 60 == 0 ? 60 : 0;

  if (seconds == 0)
    /* Translators: the newest time on the time axis of a chart */
    g_strlcpy (buf, _("now"), size);
  else if (unit == 1)
    /* Translators: a time in the past on a chart, in seconds */
    g_snprintf (buf, size, _("−%u s"), seconds);
  else if (unit == 60)
    /* Translators: a time in the past on a chart, in minutes */
    g_snprintf (buf, size, _("−%u min"), seconds / 60);
  else if (unit == 3600)
    /* Translators: a time in the past on a chart, in hours */
    g_snprintf (buf, size, _("−%u h"), seconds / 3600);
  else
    /* Translators: a time in the past on a chart, in minutes and seconds */
    g_snprintf (buf, size, _("−%u min %u s"), seconds / 60, seconds % 60);
}

/* Scales */

static void
compute_scale (DomusChart *self,
               guint       max_intervals,
               Scale      *scale)
{
  double top;

  if (self->y_max > 0)
    {
      domus_chart_axis_fixed (&scale->axis, self->y_max, max_intervals);
      return;
    }

  top = MAX (self->data_max, self->y_min_max);
  if (isfinite (self->limit))
    top = MAX (top, self->limit);
  if (!(top > 0))
    top = 1;
  domus_chart_axis_fit (&scale->axis, 0, top, max_intervals);
}

static guint
time_step_for (guint window,
               guint max_intervals)
{
  static const guint steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200, 86400,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (window <= steps[i] * max_intervals)
      return steps[i];
  return (window + max_intervals - 1) / max_intervals;
}

static inline double
value_to_y (const Scale *scale,
            double       value)
{
  return domus_chart_axis_to_y (&scale->axis, &scale->plot, value);
}

/* The heights a line is drawn at. */
static inline const double *
line_heights (DomusChart *self,
              const Line *line)
{
  return self->stacked ? line->tops : line->values;
}

/* Drawing */

static inline double
age_to_x (const Scale *scale,
          guint        window,
          double       age)
{
  return scale->plot.origin.x + scale->plot.size.width * (1 + age / window);
}

/* Adds the runs of @line between gaps to the path: as lines, or as areas
 * down to the baseline. A run of one sample is a dot, with round caps. */
static void
trace_line (DomusChart  *self,
            cairo_t     *cr,
            const Line  *line,
            const Scale *scale,
            gboolean     area)
{
  double base = scale->plot.origin.y + scale->plot.size.height;
  double run_x = 0, last_x = 0;
  gboolean in_run = FALSE;

  for (guint i = 0; i <= self->n_times; i++)
    {
      double value = i < self->n_times ? line_heights (self, line)[i] : NAN;
      double x, y;

      if (isnan (value))
        {
          if (in_run && area)
            {
              cairo_line_to (cr, last_x, base);
              cairo_line_to (cr, run_x, base);
              cairo_close_path (cr);
            }
          in_run = FALSE;
          continue;
        }

      x = age_to_x (scale, self->window, self->times[i]);
      y = value_to_y (scale, value);
      if (!in_run)
        {
          cairo_move_to (cr, x, area ? base : y);
          run_x = x;
          in_run = TRUE;
        }
      cairo_line_to (cr, x, y);
      last_x = x;
    }
}

/* Stacked: the area between a line and the one below it (or the baseline). */
static void
trace_band (DomusChart   *self,
            cairo_t      *cr,
            const Line   *line,
            const double *below,
            const Scale  *scale)
{
  guint i = 0;

  while (i < self->n_times)
    {
      guint start, end;

      for (; i < self->n_times && isnan (line->tops[i]); i++)
        ;
      if (i == self->n_times)
        break;
      for (start = end = i; end < self->n_times && !isnan (line->tops[end]); end++)
        ;

      for (i = start; i < end; i++)
        {
          double x = age_to_x (scale, self->window, self->times[i]);
          double y = value_to_y (scale, line->tops[i]);

          if (i == start)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      for (i = end; i-- > start;)
        cairo_line_to (cr, age_to_x (scale, self->window, self->times[i]),
                       value_to_y (scale, below != NULL ? below[i] : 0));
      cairo_close_path (cr);
      i = end;
    }
}

/* Where the lines may draw: they stick out at the top and bottom, not to
 * the left; on whole pixels, or the GL renderer resamples the surface. */
static void
lines_bounds (const Scale     *scale,
              double           line_width,
              graphene_rect_t *bounds)
{
  const graphene_rect_t *plot = &scale->plot;

  graphene_rect_init (bounds,
                      plot->origin.x, plot->origin.y - line_width,
                      plot->size.width + line_width, plot->size.height + 2 * line_width);
  graphene_rect_round_extents (bounds, bounds);
}

static void
draw_lines (DomusChart  *self,
            cairo_t     *cr,
            const Scale *scale,
            double       line_width)
{
  const graphene_rect_t *plot = &scale->plot;
  graphene_rect_t bounds;

  if (self->n_times == 0 && !isfinite (self->limit))
    return;

  cairo_save (cr);
  lines_bounds (scale, line_width, &bounds);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  cairo_clip (cr);

  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = _domus_chart_get_line (self, i);
      const GdkRGBA *color = _domus_chart_line_color (self, i);
      cairo_pattern_t *gradient;

      if (!line->fill)
        continue;

      gradient = cairo_pattern_create_linear (0, plot->origin.y,
                                              0, plot->origin.y + plot->size.height);
      cairo_pattern_add_color_stop_rgba (gradient, 0, color->red, color->green, color->blue,
                                         color->alpha * 0.35);
      cairo_pattern_add_color_stop_rgba (gradient, 1, color->red, color->green, color->blue,
                                         color->alpha * 0.05);
      if (self->stacked)
        trace_band (self, cr, line, i > 0 ? _domus_chart_get_line (self, i - 1)->tops : NULL,
                    scale);
      else
        trace_line (self, cr, line, scale, TRUE);
      cairo_set_source (cr, gradient);
      cairo_fill (cr);
      cairo_pattern_destroy (gradient);
    }

  if (isfinite (self->limit) && self->limit >= 0 && self->limit <= scale->axis.top)
    {
      GdkRGBA limit_color = domus_chart_with_alpha (&self->palette.fg, 0.6);
      double y = round (value_to_y (scale, self->limit)) + 0.5;

      cairo_move_to (cr, plot->origin.x, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width, y);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, &limit_color);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Backwards, so that the first line is on top. */
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = self->lines->len; i-- > 0;)
    {
      trace_line (self, cr, _domus_chart_get_line (self, i), scale, FALSE);
      gdk_cairo_set_source_rgba (cr, _domus_chart_line_color (self, i));
      cairo_stroke (cr);
    }

  if (self->hover_index != NO_SAMPLE)
    {
      double x = age_to_x (scale, self->window, self->times[self->hover_index]);

      for (guint i = self->lines->len; i-- > 0;)
        {
          double value = line_heights (self, _domus_chart_get_line (self, i))[self->hover_index];

          if (isnan (value))
            continue;
          cairo_arc (cr, x, value_to_y (scale, value), 3.5, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &self->palette.bg);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, _domus_chart_line_color (self, i));
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
snapshot_lines (DomusChart  *self,
                GtkSnapshot *snapshot,
                const Scale *scale,
                double       line_width)
{
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->n_times == 0 && !isfinite (self->limit))
    return;
  lines_bounds (scale, line_width, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  draw_lines (self, cr, scale, line_width);
  cairo_destroy (cr);
}

static void
snapshot_box (DomusChart            *self,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              double                 alpha,
              gboolean               shadow)
{
  GdkRGBA border = domus_chart_with_alpha (&self->palette.fg, 0.15);
  GdkRGBA bg = domus_chart_with_alpha (&self->palette.bg, alpha);
  GskRoundedRect outline;

  gsk_rounded_rect_init_from_rect (&outline, rect, 6);
  if (shadow)
    gtk_snapshot_append_outset_shadow (snapshot, &outline,
                                       &(GdkRGBA) { 0, 0, 0, 0.15 }, 0, 2, 0, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &bg, rect);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { border, border, border, border });
}

static void
snapshot_swatch (GtkSnapshot   *snapshot,
                 const GdkRGBA *color,
                 float          x,
                 float          y)
{
  GskRoundedRect swatch;

  gsk_rounded_rect_init_from_rect (&swatch, &GRAPHENE_RECT_INIT (x, y, 10, 10), 3);
  gtk_snapshot_push_rounded_clip (snapshot, &swatch);
  gtk_snapshot_append_color (snapshot, color, &swatch.bounds);
  gtk_snapshot_pop (snapshot);
}

/* The legend: in rows from the top left of the plot, on a box. */
static void
snapshot_legend (DomusChart            *self,
                 GtkSnapshot           *snapshot,
                 const graphene_rect_t *plot)
{
  GdkRGBA text_color = domus_chart_with_alpha (&self->palette.fg, 0.8);
  DomusChartLegendLayout layout = {
    .left = plot->origin.x + 14,
    .top = plot->origin.y + 10,
    .right = plot->origin.x + plot->size.width - 14,
    .swatch_size = 10,
    .item_gap = 14,
    .max_item_width = INFINITY,
  };
  g_autofree DomusChartLegendItem *items = NULL;
  graphene_size_t size;

  if (!self->show_legend || self->lines->len == 0)
    return;

  items = g_new0 (DomusChartLegendItem, self->lines->len);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = _domus_chart_get_line (self, i);
      int width, height;

      ensure_layout (self, &line->label_layout, self->small_attrs, line->label);
      pango_layout_get_pixel_size (line->label_layout, &width, &height);
      items[i].text_width = width;
      items[i].text_height = height;
    }
  size = domus_chart_legend_flow (&layout, items, self->lines->len);

  snapshot_box (self, snapshot,
                &GRAPHENE_RECT_INIT (plot->origin.x + 6, plot->origin.y + 4,
                                     size.width + 16, size.height + 12),
                0.85, FALSE);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const DomusChartLegendItem *item = &items[i];

      snapshot_swatch (snapshot, _domus_chart_line_color (self, i), item->swatch_x, item->swatch_y);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (item->text_x, item->text_y));
      gtk_snapshot_append_layout (snapshot, _domus_chart_get_line (self, i)->label_layout,
                                  &text_color);
      gtk_snapshot_restore (snapshot);
    }
}

/* The vertical line at the hovered sample, and a box with its age and the
 * value of each line there. */
static void
snapshot_readout (DomusChart  *self,
                  GtkSnapshot *snapshot,
                  const Scale *scale)
{
  const graphene_rect_t *plot = &scale->plot;
  GdkRGBA text_color = self->palette.fg;
  GdkRGBA dim_color = domus_chart_with_alpha (&self->palette.fg, 0.7);
  GdkRGBA rule_color = domus_chart_with_alpha (&self->palette.fg, 0.35);
  double age = self->times[self->hover_index];
  float x = round (age_to_x (scale, self->window, age));
  int heading_width, heading_height, label_width = 0, value_width = 0, row_height = 0;
  float box_x, box_width, box_height, y;
  PangoLayout *heading;
  char text[64];

  gtk_snapshot_append_color (snapshot, &rule_color,
                             &GRAPHENE_RECT_INIT (x - 0.5f, plot->origin.y, 1, plot->size.height));

  format_age ((guint) round (-age), 0, text, sizeof text);
  heading = ensure_layout (self, &self->readout_layout, self->heading_attrs, text);
  pango_layout_get_pixel_size (heading, &heading_width, &heading_height);

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = _domus_chart_get_line (self, i);
      g_autofree char *value = _domus_chart_format_reading (self, line->values[self->hover_index]);
      int w, h;

      ensure_layout (self, &line->value_layout, self->small_attrs, value);
      pango_layout_get_pixel_size (line->value_layout, &w, &h);
      value_width = MAX (value_width, w);
      row_height = MAX (row_height, h);
      ensure_layout (self, &line->label_layout, self->small_attrs, line->label);
      pango_layout_get_pixel_size (line->label_layout, &w, &h);
      label_width = MAX (label_width, w);
    }

  box_width = MAX (heading_width, 16 + label_width + 16 + value_width) + 20;
  box_height = heading_height + self->lines->len * (row_height + 2) + 16;
  box_x = x + 10;
  if (box_x + box_width > plot->origin.x + plot->size.width)
    box_x = MAX (0, x - 10 - box_width);
  y = plot->origin.y + 4;

  snapshot_box (self, snapshot, &GRAPHENE_RECT_INIT (box_x, y, box_width, box_height), 1, TRUE);

  y += 8;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box_x + 10, y));
  gtk_snapshot_append_layout (snapshot, heading, &text_color);
  gtk_snapshot_restore (snapshot);
  y += heading_height + 2;

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = _domus_chart_get_line (self, i);
      int w;

      snapshot_swatch (snapshot, _domus_chart_line_color (self, i),
                       box_x + 10, y + (row_height - 10) / 2.f);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box_x + 26, y));
      gtk_snapshot_append_layout (snapshot, line->label_layout, &dim_color);
      gtk_snapshot_restore (snapshot);

      pango_layout_get_pixel_size (line->value_layout, &w, NULL);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box_x + box_width - 10 - w, y));
      gtk_snapshot_append_layout (snapshot, line->value_layout, &text_color);
      gtk_snapshot_restore (snapshot);
      y += row_height + 2;
    }
}

static void
snapshot_limit_label (DomusChart  *self,
                      GtkSnapshot *snapshot,
                      const Scale *scale)
{
  const graphene_rect_t *plot = &scale->plot;
  GdkRGBA color = domus_chart_with_alpha (&self->palette.fg, 0.7);
  PangoLayout *layout;
  int width, height;
  float y;

  if (!isfinite (self->limit) || self->limit < 0 || self->limit > scale->axis.top ||
      self->limit_label == NULL || self->limit_label[0] == '\0')
    return;

  layout = ensure_layout (self, &self->limit_layout, self->small_attrs, self->limit_label);
  pango_layout_get_pixel_size (layout, &width, &height);
  y = round (value_to_y (scale, self->limit)) - height - 1;
  if (y < plot->origin.y)
    y += height + 3;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (plot->origin.x + plot->size.width - width - 6, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* The value axis: gridlines from the baseline up, labelled at the left of
 * the plot (the labels are laid out already). */
static void
snapshot_value_axis (DomusChart  *self,
                     GtkSnapshot *snapshot,
                     const Scale *scale,
                     int          label_height)
{
  const graphene_rect_t *plot = &scale->plot;
  GdkRGBA label_color = domus_chart_with_alpha (&self->palette.fg, 0.55);
  GdkRGBA grid_color = domus_chart_with_alpha (&self->palette.fg, 0.1);
  GdkRGBA base_color = domus_chart_with_alpha (&self->palette.fg, 0.25);

  for (guint i = 0; i <= scale->axis.n_grid; i++)
    {
      float y = round (value_to_y (scale, scale->axis.bottom + i * scale->axis.step));
      int w;

      gtk_snapshot_append_color (snapshot, i == 0 ? &base_color : &grid_color,
                                 &GRAPHENE_RECT_INIT (plot->origin.x, y - (i == 0 ? 1 : 0),
                                                      plot->size.width, 1));
      pango_layout_get_pixel_size (self->y_layouts[i], &w, NULL);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (plot->origin.x - 8 - w, y - label_height / 2.f));
      gtk_snapshot_append_layout (snapshot, self->y_layouts[i], &label_color);
      gtk_snapshot_restore (snapshot);
    }
}

/* The time axis: gridlines at round ages, as many as there is room for
 * labels @age_width wide, labelled at @labels_y below the plot. */
static void
snapshot_time_axis (DomusChart  *self,
                    GtkSnapshot *snapshot,
                    const Scale *scale,
                    int          width,
                    int          age_width,
                    float        labels_y)
{
  const graphene_rect_t *plot = &scale->plot;
  GdkRGBA label_color = domus_chart_with_alpha (&self->palette.fg, 0.55);
  GdkRGBA grid_color = domus_chart_with_alpha (&self->palette.fg, 0.1);
  guint max_intervals = CLAMP (plot->size.width / (age_width + 32), 1, MAX_X_INTERVALS);
  guint time_step = time_step_for (self->window, max_intervals);
  guint time_unit = time_step % 3600 == 0 ? 3600 : time_step % 60 == 0 ? 60 : 1;
  guint n_ages = MIN (self->window / time_step, MAX_X_INTERVALS) + 1;
  char text[64];

  for (guint i = 0; i < n_ages; i++)
    {
      float x = round (age_to_x (scale, self->window, -(double) (i * time_step)));
      int w;

      if (i > 0)
        gtk_snapshot_append_color (snapshot, &grid_color,
                                   &GRAPHENE_RECT_INIT (x, plot->origin.y, 1, plot->size.height - 1));
      format_age (i * time_step, time_unit, text, sizeof text);
      ensure_layout (self, &self->x_layouts[i], self->small_attrs, text);
      pango_layout_get_pixel_size (self->x_layouts[i], &w, NULL);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (CLAMP (x - w / 2.f, plot->origin.x, width - w),
                                                    labels_y));
      gtk_snapshot_append_layout (snapshot, self->x_layouts[i], &label_color);
      gtk_snapshot_restore (snapshot);
    }
}

/* Lays out the labels of the value axis; returns the widest. */
static int
layout_value_labels (DomusChart  *self,
                     const Scale *scale)
{
  int label_width = 0;

  for (guint i = 0; i <= scale->axis.n_grid; i++)
    {
      g_autofree char *label = domus_chart_format_value (scale->axis.bottom + i * scale->axis.step,
                                                         scale->axis.decimals, self->unit);
      int w;

      ensure_layout (self, &self->y_layouts[i], self->small_attrs, label);
      pango_layout_get_pixel_size (self->y_layouts[i], &w, NULL);
      label_width = MAX (label_width, w);
    }
  return label_width;
}

void
_domus_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  _domus_chart_draw (DOMUS_CHART (widget), snapshot, NULL, DOMUS_CHART_DRAW_ALL, gtk_widget_get_width (widget),
                     gtk_widget_get_height (widget));
}

void
_domus_chart_draw (DomusChart         *self,
                   GtkSnapshot        *snapshot,
                   cairo_t            *cr,
                   DomusChartDrawPart  part,
                   int                 width,
                   int                 height)
{
  int label_height, age_width;
  float plot_left, plot_bottom;
  char text[64];
  Scale scale;

  if (width <= 0 || height <= 0)
    return;

  _domus_chart_update_window (self);

  if (!self->show_axes)
    {
      graphene_rect_init (&scale.plot, 0, SPARK_WIDTH, width - SPARK_WIDTH,
                          height - 2 * SPARK_WIDTH);
      compute_scale (self, MAX_Y_INTERVALS, &scale);
      self->hover_index = NO_SAMPLE;
      if (part == DOMUS_CHART_DRAW_ALL)
        snapshot_lines (self, snapshot, &scale, SPARK_WIDTH);
      else if (part == DOMUS_CHART_DRAW_LINES)
        draw_lines (self, cr, &scale, SPARK_WIDTH);
      return;
    }

  /* Margins: the y labels at the left, the time labels below, half a line
   * of text above for the top label. */
  format_age (self->window, 1, text, sizeof text);
  ensure_layout (self, &self->measure_layout, self->small_attrs, text);
  pango_layout_get_pixel_size (self->measure_layout, &age_width, &label_height);

  plot_bottom = height - label_height - 6;
  compute_scale (self,
                 CLAMP ((plot_bottom - label_height / 2) / (label_height * 2), 1, MAX_Y_INTERVALS),
                 &scale);
  plot_left = layout_value_labels (self, &scale) + 8;
  graphene_rect_init (&scale.plot, plot_left, ceil (label_height / 2.0),
                      MAX (1, width - plot_left - 1), MAX (1, plot_bottom - ceil (label_height / 2.0)));
  self->plot = scale.plot;
  self->hover_index = self->hovering ? _domus_chart_pick_sample (self, self->pointer_x) : NO_SAMPLE;

  if (part == DOMUS_CHART_DRAW_ALL || part == DOMUS_CHART_DRAW_BELOW_LINES)
    {
      snapshot_value_axis (self, snapshot, &scale, label_height);
      snapshot_time_axis (self, snapshot, &scale, width, age_width, plot_bottom + 6);
    }
  if (part == DOMUS_CHART_DRAW_ALL)
    snapshot_lines (self, snapshot, &scale, LINE_WIDTH);
  else if (part == DOMUS_CHART_DRAW_LINES)
    draw_lines (self, cr, &scale, LINE_WIDTH);
  if (part == DOMUS_CHART_DRAW_ALL || part == DOMUS_CHART_DRAW_ABOVE_LINES)
    {
      snapshot_limit_label (self, snapshot, &scale);
      snapshot_legend (self, snapshot, &scale.plot);
      if (self->hover_index != NO_SAMPLE)
        snapshot_readout (self, snapshot, &scale);
    }
}
