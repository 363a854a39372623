/* domus-chart.c: a live line chart drawn with GtkSnapshot
 *
 * The samples of the visible window are copied out of the series into
 * buffers kept by the widget when they are needed after a change (a new
 * sample, another series or window), so snapshot() only scales them.
 * Gridlines and boxes are colour nodes, text is cached PangoLayouts, and
 * the lines are stroked with cairo in one node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart.h"
#include "domus-chart-axis.h"
#include "domus-chart-legend.h"
#include "domus-chart-palette.h"

#define MAX_Y_INTERVALS 4
#define MAX_X_INTERVALS 4
#define LINE_WIDTH      1.75
#define SPARK_WIDTH     1.5
#define NO_SAMPLE       G_MAXUINT

typedef struct
{
  guint        channel;
  char        *label;
  GdkRGBA      color;
  gboolean     has_color;
  gboolean     fill;
  double      *values;        /* self->capacity values, as self->times */
  double      *tops;          /* stacked: this line's values plus those below */
  guint        n_points;
  double       last;
  PangoLayout *label_layout;
  PangoLayout *value_layout;
} Line;

/* The geometry of one frame. */
typedef struct
{
  graphene_rect_t plot;
  DomusChartAxis  axis;       /* from 0 */
} Scale;

struct _DomusChart
{
  GtkWidget      parent_instance;

  DomusSeries   *series;
  gulong         sample_added_id;
  GArray        *lines;

  char          *unit;
  char          *limit_label;
  double         y_max;
  double         y_min_max;
  double         limit;
  guint          window;

  /* The visible window, copied out of the series when dirty: times[i] is
   * the age of a sample in seconds, ≤ 0, relative to the newest one. With
   * has_lead, the first is the sample before the window, so that the lines
   * run to the left edge. The buffers grow and are reused. */
  double        *times;
  guint          n_times;
  guint          capacity;
  double         data_max;

  DomusChartPalette palette;

  PangoAttrList *small_attrs;
  PangoAttrList *heading_attrs;
  PangoLayout   *y_layouts[MAX_Y_INTERVALS + 1];
  PangoLayout   *x_layouts[MAX_X_INTERVALS + 1];
  PangoLayout   *measure_layout;
  PangoLayout   *limit_layout;
  PangoLayout   *readout_layout;

  graphene_rect_t plot;       /* of the last frame, to pick samples */
  double         pointer_x;
  guint          hover_index;

  guint          show_legend : 1;
  guint          stacked : 1;
  guint          show_axes : 1;
  guint          hovering : 1;
  guint          dirty : 1;
  guint          has_lead : 1;
};

enum {
  PROP_0,
  PROP_SERIES,
  PROP_UNIT,
  PROP_Y_MAX,
  PROP_Y_MIN_MAX,
  PROP_WINDOW,
  PROP_SHOW_LEGEND,
  PROP_SHOW_AXES,
  PROP_LIMIT,
  PROP_LIMIT_LABEL,
  PROP_STACKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusChart, domus_chart, GTK_TYPE_WIDGET)

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_clear_pointer (&line->label, g_free);
  g_clear_pointer (&line->values, g_free);
  g_clear_pointer (&line->tops, g_free);
  g_clear_object (&line->label_layout);
  g_clear_object (&line->value_layout);
}

static inline Line *
get_line (DomusChart *self,
          guint       index)
{
  return &g_array_index (self->lines, Line, index);
}

static const GdkRGBA *
line_color (DomusChart *self,
            guint       index)
{
  Line *line = get_line (self, index);

  return line->has_color ? &line->color : &self->palette.colors[index % DOMUS_CHART_N_COLORS];
}

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

static void
drop_layouts (DomusChart *self)
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
      g_clear_object (&get_line (self, i)->label_layout);
      g_clear_object (&get_line (self, i)->value_layout);
    }
}

/* A value as read out: one decimal below 100. */
static char *
format_reading (DomusChart *self,
                double      value)
{
  if (isnan (value))
    /* Translators: shown for a value when there is no data */
    return g_strdup (_("—"));
  return domus_chart_format_value (value, fabs (value) < 99.95 ? 1 : 0, self->unit);
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

/* Data */

static void
ensure_capacity (DomusChart *self,
                 guint       n)
{
  if (n <= self->capacity)
    return;

  self->capacity = MAX (n, self->capacity * 2);
  self->times = g_renew (double, self->times, self->capacity);
  for (guint i = 0; i < self->lines->len; i++)
    {
      get_line (self, i)->values = g_renew (double, get_line (self, i)->values, self->capacity);
      get_line (self, i)->tops = g_renew (double, get_line (self, i)->tops, self->capacity);
    }
}

/* Copies the samples of the visible window out of the series. */
static void
update_window (DomusChart *self)
{
  gint64 window_us = (gint64) self->window * G_USEC_PER_SEC;
  guint n_channels, n_samples, first, start;
  gint64 newest, time;

  if (!self->dirty)
    return;

  self->dirty = FALSE;
  self->n_times = 0;
  self->has_lead = FALSE;
  self->data_max = 0;
  for (guint i = 0; i < self->lines->len; i++)
    {
      get_line (self, i)->n_points = 0;
      get_line (self, i)->last = NAN;
    }

  if (self->series == NULL)
    return;
  n_samples = domus_series_get_n_samples (self->series);
  if (n_samples == 0 || !domus_series_get_time (self->series, n_samples - 1, &newest))
    return;

  first = n_samples - 1;
  while (first > 0 &&
         domus_series_get_time (self->series, first - 1, &time) &&
         newest - time < window_us)
    first--;
  self->has_lead = first > 0 && domus_series_get_time (self->series, first - 1, &time);
  start = self->has_lead ? first - 1 : first;
  self->n_times = n_samples - start;
  ensure_capacity (self, self->n_times);

  for (guint i = 0; i < self->n_times; i++)
    {
      domus_series_get_time (self->series, start + i, &time);
      self->times[i] = (double) (time - newest) / G_USEC_PER_SEC;
    }

  n_channels = domus_series_get_n_channels (self->series);
  for (guint l = 0; l < self->lines->len; l++)
    {
      Line *line = get_line (self, l);

      for (guint i = 0; i < self->n_times; i++)
        {
          double value = NAN;

          if (line->channel < n_channels)
            value = domus_series_get_value (self->series, line->channel, start + i);
          line->values[i] = value;
          if (!isnan (value) && (i > 0 || !self->has_lead))
            {
              line->n_points++;
              self->data_max = MAX (self->data_max, value);
            }
        }
      line->last = line->values[self->n_times - 1];
    }

  /* Stacked, each line rests on the ones added before it; a sample that
   * none of them has stays a gap. */
  for (guint i = 0; i < self->n_times && self->stacked; i++)
    {
      double sum = 0;
      gboolean any = FALSE;

      for (guint l = 0; l < self->lines->len; l++)
        any |= !isnan (get_line (self, l)->values[i]);
      for (guint l = 0; l < self->lines->len; l++)
        {
          Line *line = get_line (self, l);

          if (!isnan (line->values[i]))
            sum += line->values[i];
          line->tops[i] = any ? sum : NAN;
        }
      if (i > 0 || !self->has_lead)
        self->data_max = MAX (self->data_max, sum);
    }
}

/* The heights a line is drawn at. */
static inline const double *
line_heights (DomusChart *self,
              const Line *line)
{
  return self->stacked ? line->tops : line->values;
}

static void
update_accessible (DomusChart *self)
{
  GString *text = g_string_new (NULL);

  update_window (self);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = get_line (self, i);
      g_autofree char *value = format_reading (self, line->last);

      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: a line of a chart and its latest value, as in "CPU: 97.3 %" */
      g_string_append_printf (text, _("%s: %s"), line->label, value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

static void
update_accessible_label (DomusChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, get_line (self, i)->label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

/* The data changed: redraw, unless nobody can see it. */
static void
domus_chart_invalidate (DomusChart *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      update_accessible (self);
    }
}

/* The sample nearest to @x, or NO_SAMPLE. */
static guint
pick_sample (DomusChart *self,
             double      x)
{
  double right = self->plot.origin.x + self->plot.size.width;
  guint first, lo, hi;
  double age;

  update_window (self);
  first = self->has_lead ? 1 : 0;
  if (!self->show_axes || self->n_times <= first || self->plot.size.width <= 0 ||
      x < self->plot.origin.x || x > right)
    return NO_SAMPLE;

  age = (x - right) / self->plot.size.width * self->window;
  lo = first;
  hi = self->n_times - 1;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (self->times[mid] < age)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > first && age - self->times[lo - 1] < self->times[lo] - age)
    lo--;
  return lo;
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

static void
snapshot_lines (DomusChart  *self,
                GtkSnapshot *snapshot,
                const Scale *scale,
                double       line_width)
{
  const graphene_rect_t *plot = &scale->plot;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->n_times == 0 && !isfinite (self->limit))
    return;

  /* Let the lines stick out at the top and bottom, not to the left; on
   * whole pixels, or the GL renderer resamples the surface. */
  graphene_rect_init (&bounds,
                      plot->origin.x, plot->origin.y - line_width,
                      plot->size.width + line_width, plot->size.height + 2 * line_width);
  graphene_rect_round_extents (&bounds, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  cairo_clip (cr);

  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = get_line (self, i);
      const GdkRGBA *color = line_color (self, i);
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
        trace_band (self, cr, line, i > 0 ? get_line (self, i - 1)->tops : NULL, scale);
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
      trace_line (self, cr, get_line (self, i), scale, FALSE);
      gdk_cairo_set_source_rgba (cr, line_color (self, i));
      cairo_stroke (cr);
    }

  if (self->hover_index != NO_SAMPLE)
    {
      double x = age_to_x (scale, self->window, self->times[self->hover_index]);

      for (guint i = self->lines->len; i-- > 0;)
        {
          double value = line_heights (self, get_line (self, i))[self->hover_index];

          if (isnan (value))
            continue;
          cairo_arc (cr, x, value_to_y (scale, value), 3.5, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &self->palette.bg);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, line_color (self, i));
          cairo_stroke (cr);
        }
    }

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
      Line *line = get_line (self, i);
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
      snapshot_swatch (snapshot, line_color (self, i), items[i].swatch_x, items[i].swatch_y);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (items[i].text_x, items[i].text_y));
      gtk_snapshot_append_layout (snapshot, get_line (self, i)->label_layout, &text_color);
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
      Line *line = get_line (self, i);
      g_autofree char *value = format_reading (self, line->values[self->hover_index]);
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
      Line *line = get_line (self, i);
      int w;

      snapshot_swatch (snapshot, line_color (self, i), box_x + 10, y + (row_height - 10) / 2.f);
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

static void
domus_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  DomusChart *self = DOMUS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA label_color = domus_chart_with_alpha (&self->palette.fg, 0.55);
  GdkRGBA grid_color = domus_chart_with_alpha (&self->palette.fg, 0.1);
  GdkRGBA base_color = domus_chart_with_alpha (&self->palette.fg, 0.25);
  int label_width = 0, label_height, age_width;
  guint max_intervals, time_step, time_unit, n_ages;
  float plot_left, plot_bottom;
  char text[64];
  Scale scale;

  if (width <= 0 || height <= 0)
    return;

  update_window (self);

  if (!self->show_axes)
    {
      graphene_rect_init (&scale.plot, 0, SPARK_WIDTH, width - SPARK_WIDTH,
                          height - 2 * SPARK_WIDTH);
      compute_scale (self, MAX_Y_INTERVALS, &scale);
      self->hover_index = NO_SAMPLE;
      snapshot_lines (self, snapshot, &scale, SPARK_WIDTH);
      return;
    }

  /* Margins: the y labels at the left, the time labels below, half a line
   * of text above for the top label. */
  format_age (self->window, 1, text, sizeof text);
  ensure_layout (self, &self->measure_layout, self->small_attrs, text);
  pango_layout_get_pixel_size (self->measure_layout, &age_width, &label_height);

  plot_bottom = height - label_height - 6;
  max_intervals = CLAMP ((plot_bottom - label_height / 2) / (label_height * 2), 1, MAX_Y_INTERVALS);
  compute_scale (self, max_intervals, &scale);

  for (guint i = 0; i <= scale.axis.n_grid; i++)
    {
      g_autofree char *label = domus_chart_format_value (scale.axis.bottom + i * scale.axis.step,
                                                         scale.axis.decimals, self->unit);
      int w;

      ensure_layout (self, &self->y_layouts[i], self->small_attrs, label);
      pango_layout_get_pixel_size (self->y_layouts[i], &w, NULL);
      label_width = MAX (label_width, w);
    }

  plot_left = label_width + 8;
  graphene_rect_init (&scale.plot, plot_left, ceil (label_height / 2.0),
                      MAX (1, width - plot_left - 1), MAX (1, plot_bottom - ceil (label_height / 2.0)));
  self->plot = scale.plot;
  self->hover_index = self->hovering ? pick_sample (self, self->pointer_x) : NO_SAMPLE;

  /* Horizontal gridlines and their labels */
  for (guint i = 0; i <= scale.axis.n_grid; i++)
    {
      float y = round (value_to_y (&scale, scale.axis.bottom + i * scale.axis.step));
      int w;

      gtk_snapshot_append_color (snapshot, i == 0 ? &base_color : &grid_color,
                                 &GRAPHENE_RECT_INIT (plot_left, y - (i == 0 ? 1 : 0),
                                                      scale.plot.size.width, 1));
      pango_layout_get_pixel_size (self->y_layouts[i], &w, NULL);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (plot_left - 8 - w, y - label_height / 2.f));
      gtk_snapshot_append_layout (snapshot, self->y_layouts[i], &label_color);
      gtk_snapshot_restore (snapshot);
    }

  /* Vertical gridlines at round ages, labelled below the plot */
  max_intervals = CLAMP (scale.plot.size.width / (age_width + 32), 1, MAX_X_INTERVALS);
  time_step = time_step_for (self->window, max_intervals);
  time_unit = time_step % 3600 == 0 ? 3600 : time_step % 60 == 0 ? 60 : 1;
  n_ages = MIN (self->window / time_step, MAX_X_INTERVALS) + 1;
  for (guint i = 0; i < n_ages; i++)
    {
      float x = round (age_to_x (&scale, self->window, -(double) (i * time_step)));
      int w;

      if (i > 0)
        gtk_snapshot_append_color (snapshot, &grid_color,
                                   &GRAPHENE_RECT_INIT (x, scale.plot.origin.y,
                                                        1, scale.plot.size.height - 1));
      format_age (i * time_step, time_unit, text, sizeof text);
      ensure_layout (self, &self->x_layouts[i], self->small_attrs, text);
      pango_layout_get_pixel_size (self->x_layouts[i], &w, NULL);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (CLAMP (x - w / 2.f, plot_left, width - w),
                                                    plot_bottom + 6));
      gtk_snapshot_append_layout (snapshot, self->x_layouts[i], &label_color);
      gtk_snapshot_restore (snapshot);
    }

  snapshot_lines (self, snapshot, &scale, LINE_WIDTH);
  snapshot_limit_label (self, snapshot, &scale);
  snapshot_legend (self, snapshot, &scale.plot);
  if (self->hover_index != NO_SAMPLE)
    snapshot_readout (self, snapshot, &scale);
}

static void
domus_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  DomusChart *self = DOMUS_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->show_axes ? 200 : 60;
      *natural = self->show_axes ? 400 : 120;
    }
  else
    {
      *minimum = self->show_axes ? 120 : 20;
      *natural = self->show_axes ? 160 : 24;
    }
}

static void
domus_chart_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  DomusChart *self = DOMUS_CHART (widget);

  GTK_WIDGET_CLASS (domus_chart_parent_class)->css_changed (widget, change);

  domus_chart_palette_update (&self->palette, widget, "popover_bg_color", 0.22);

  /* The font may have changed. */
  drop_layouts (self);
  gtk_widget_queue_draw (widget);
}

static void
domus_chart_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (domus_chart_parent_class)->map (widget);

  domus_chart_invalidate (DOMUS_CHART (widget));
}

static void
motion_cb (DomusChart               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  guint index;

  if (!self->show_axes)
    return;

  self->hovering = TRUE;
  self->pointer_x = x;
  index = pick_sample (self, x);
  if (index != self->hover_index)
    {
      self->hover_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (DomusChart               *self,
          GtkEventControllerMotion *motion)
{
  self->hovering = FALSE;
  if (self->hover_index != NO_SAMPLE)
    {
      self->hover_index = NO_SAMPLE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
domus_chart_dispose (GObject *object)
{
  DomusChart *self = DOMUS_CHART (object);

  if (self->series != NULL)
    g_clear_signal_handler (&self->sample_added_id, self->series);
  g_clear_object (&self->series);

  G_OBJECT_CLASS (domus_chart_parent_class)->dispose (object);
}

static void
domus_chart_finalize (GObject *object)
{
  DomusChart *self = DOMUS_CHART (object);

  drop_layouts (self);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->times, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->limit_label, g_free);
  g_clear_pointer (&self->small_attrs, pango_attr_list_unref);
  g_clear_pointer (&self->heading_attrs, pango_attr_list_unref);

  G_OBJECT_CLASS (domus_chart_parent_class)->finalize (object);
}

static void
redraw_and_notify (DomusChart *self,
                   GParamSpec *pspec)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_string (DomusChart  *self,
            char       **field,
            const char  *value,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  domus_chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_double (DomusChart *self,
            double     *field,
            double      value,
            GParamSpec *pspec)
{
  if (*field == value || (isnan (*field) && isnan (value)))
    return;

  *field = value;
  redraw_and_notify (self, pspec);
}

static void
domus_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DomusChart *self = DOMUS_CHART (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      g_value_set_object (value, self->series);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_Y_MAX:
      g_value_set_double (value, self->y_max);
      break;

    case PROP_Y_MIN_MAX:
      g_value_set_double (value, self->y_min_max);
      break;

    case PROP_WINDOW:
      g_value_set_uint (value, self->window);
      break;

    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;

    case PROP_SHOW_AXES:
      g_value_set_boolean (value, self->show_axes);
      break;

    case PROP_LIMIT:
      g_value_set_double (value, self->limit);
      break;

    case PROP_LIMIT_LABEL:
      g_value_set_string (value, self->limit_label);
      break;

    case PROP_STACKED:
      g_value_set_boolean (value, self->stacked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DomusChart *self = DOMUS_CHART (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      domus_chart_set_series (self, g_value_get_object (value));
      break;

    case PROP_UNIT:
      set_string (self, &self->unit, g_value_get_string (value), pspec);
      break;

    case PROP_Y_MAX:
      set_double (self, &self->y_max, g_value_get_double (value), pspec);
      break;

    case PROP_Y_MIN_MAX:
      set_double (self, &self->y_min_max, g_value_get_double (value), pspec);
      break;

    case PROP_WINDOW:
      if (self->window != g_value_get_uint (value))
        {
          self->window = g_value_get_uint (value);
          domus_chart_invalidate (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_LEGEND:
      if (self->show_legend != g_value_get_boolean (value))
        {
          self->show_legend = g_value_get_boolean (value);
          redraw_and_notify (self, pspec);
        }
      break;

    case PROP_SHOW_AXES:
      if (self->show_axes != g_value_get_boolean (value))
        {
          self->show_axes = g_value_get_boolean (value);
          if (self->show_axes)
            gtk_widget_remove_css_class (GTK_WIDGET (self), "domus-sparkline");
          else
            gtk_widget_add_css_class (GTK_WIDGET (self), "domus-sparkline");
          gtk_widget_queue_resize (GTK_WIDGET (self));
          redraw_and_notify (self, pspec);
        }
      break;

    case PROP_LIMIT:
      set_double (self, &self->limit, g_value_get_double (value), pspec);
      break;

    case PROP_LIMIT_LABEL:
      set_string (self, &self->limit_label, g_value_get_string (value), pspec);
      break;

    case PROP_STACKED:
      if (self->stacked != g_value_get_boolean (value))
        {
          self->stacked = g_value_get_boolean (value);
          domus_chart_invalidate (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_chart_class_init (DomusChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_chart_dispose;
  object_class->finalize = domus_chart_finalize;
  object_class->get_property = domus_chart_get_property;
  object_class->set_property = domus_chart_set_property;

  widget_class->snapshot = domus_chart_snapshot;
  widget_class->measure = domus_chart_measure;
  widget_class->css_changed = domus_chart_css_changed;
  widget_class->map = domus_chart_map;

  properties[PROP_SERIES] =
    g_param_spec_object ("series", NULL, NULL, DOMUS_TYPE_SERIES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_MAX] =
    g_param_spec_double ("y-max", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_MIN_MAX] =
    g_param_spec_double ("y-min-max", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW] =
    g_param_spec_uint ("window", NULL, NULL, 1, G_MAXUINT, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_AXES] =
    g_param_spec_boolean ("show-axes", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A GParamSpec cannot default to NAN, nor accept it without
   * G_PARAM_LAX_VALIDATION (NAN != NAN reads as "clamped"); the real
   * default, set in init(), is NAN. */
  properties[PROP_LIMIT] =
    g_param_spec_double ("limit", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_LAX_VALIDATION | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT_LABEL] =
    g_param_spec_string ("limit-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STACKED] =
    g_param_spec_boolean ("stacked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "domus-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
domus_chart_init (DomusChart *self)
{
  GtkEventController *motion;

  domus_chart_palette_init (&self->palette);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
  self->y_min_max = 1;
  self->limit = NAN;
  self->window = 60;
  self->show_legend = TRUE;
  self->show_axes = TRUE;
  self->hover_index = NO_SAMPLE;
  self->dirty = TRUE;

  self->small_attrs = pango_attr_list_new ();
  pango_attr_list_insert (self->small_attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (self->small_attrs, pango_attr_font_features_new ("tnum"));
  self->heading_attrs = pango_attr_list_copy (self->small_attrs);
  pango_attr_list_insert (self->heading_attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/**
 * domus_chart_new:
 *
 * Returns: a new chart, without series nor lines.
 */
DomusChart *
domus_chart_new (void)
{
  return g_object_new (DOMUS_TYPE_CHART, NULL);
}

void
domus_chart_set_series (DomusChart  *self,
                        DomusSeries *series)
{
  g_return_if_fail (DOMUS_IS_CHART (self));
  g_return_if_fail (series == NULL || DOMUS_IS_SERIES (series));

  if (self->series == series)
    return;

  if (self->series != NULL)
    g_clear_signal_handler (&self->sample_added_id, self->series);
  g_set_object (&self->series, series);
  if (series != NULL)
    self->sample_added_id = g_signal_connect_object (series, "sample-added",
                                                     G_CALLBACK (domus_chart_invalidate), self,
                                                     G_CONNECT_SWAPPED);
  domus_chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES]);
}

DomusSeries *
domus_chart_get_series (DomusChart *self)
{
  g_return_val_if_fail (DOMUS_IS_CHART (self), NULL);

  return self->series;
}

guint
domus_chart_add_line (DomusChart    *self,
                      guint          channel,
                      const char    *label,
                      const GdkRGBA *color)
{
  Line line = { 0 };

  g_return_val_if_fail (DOMUS_IS_CHART (self), 0);
  g_return_val_if_fail (label != NULL, 0);

  line.channel = channel;
  line.label = g_strdup (label);
  line.has_color = color != NULL;
  if (color != NULL)
    line.color = *color;
  line.values = g_new (double, self->capacity);
  line.tops = g_new (double, self->capacity);
  line.last = NAN;
  g_array_append_val (self->lines, line);

  update_accessible_label (self);
  domus_chart_invalidate (self);
  return self->lines->len - 1;
}

void
domus_chart_clear_lines (DomusChart *self)
{
  g_return_if_fail (DOMUS_IS_CHART (self));

  g_array_set_size (self->lines, 0);
  update_accessible_label (self);
  domus_chart_invalidate (self);
}

void
domus_chart_set_line_fill (DomusChart *self,
                           guint       line,
                           gboolean    fill)
{
  g_return_if_fail (DOMUS_IS_CHART (self));
  g_return_if_fail (line < self->lines->len);

  get_line (self, line)->fill = !!fill;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
domus_chart_get_line_color (DomusChart *self,
                            guint       line,
                            GdkRGBA    *color)
{
  g_return_val_if_fail (DOMUS_IS_CHART (self), FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  if (line >= self->lines->len)
    return FALSE;
  *color = *line_color (self, line);
  return TRUE;
}

gboolean
domus_chart_get_line_stats (DomusChart *self,
                            guint       line,
                            guint      *n_points,
                            double     *last_value)
{
  g_return_val_if_fail (DOMUS_IS_CHART (self), FALSE);

  if (line >= self->lines->len)
    return FALSE;

  update_window (self);
  if (n_points != NULL)
    *n_points = get_line (self, line)->n_points;
  if (last_value != NULL)
    *last_value = get_line (self, line)->last;
  return TRUE;
}
