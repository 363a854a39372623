/* domus-chart.c: a live line chart: the widget, its data and the pointer
 *
 * The samples of the visible window are copied out of the series into
 * buffers kept by the widget when they are needed after a change (a new
 * sample, another series or window), so that snapshot(), in
 * domus-chart-snapshot.c, only scales them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart-axis.h"
#include "domus-chart-private.h"

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

Line *
_domus_chart_get_line (DomusChart *self,
                       guint       index)
{
  return &g_array_index (self->lines, Line, index);
}

const GdkRGBA *
_domus_chart_line_color (DomusChart *self,
                         guint       index)
{
  Line *line = _domus_chart_get_line (self, index);

  return line->has_color ? &line->color : &self->palette.colors[index % DOMUS_CHART_N_COLORS];
}

/* A value as read out: one decimal below 100. */
char *
_domus_chart_format_reading (DomusChart *self,
                             double      value)
{
  if (isnan (value))
    /* Translators: shown for a value when there is no data */
    return g_strdup (_("—"));
  return domus_chart_format_value (value, fabs (value) < 99.95 ? 1 : 0, self->unit);
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
      Line *line = _domus_chart_get_line (self, i);

      line->values = g_renew (double, line->values, self->capacity);
      line->tops = g_renew (double, line->tops, self->capacity);
    }
}

/* Copies the samples of the visible window out of the series. */
void
_domus_chart_update_window (DomusChart *self)
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
      _domus_chart_get_line (self, i)->n_points = 0;
      _domus_chart_get_line (self, i)->last = NAN;
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
      Line *line = _domus_chart_get_line (self, l);

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
        any |= !isnan (_domus_chart_get_line (self, l)->values[i]);
      for (guint l = 0; l < self->lines->len; l++)
        {
          Line *line = _domus_chart_get_line (self, l);

          if (!isnan (line->values[i]))
            sum += line->values[i];
          line->tops[i] = any ? sum : NAN;
        }
      if (i > 0 || !self->has_lead)
        self->data_max = MAX (self->data_max, sum);
    }
}

static void
update_accessible (DomusChart *self)
{
  GString *text = g_string_new (NULL);

  _domus_chart_update_window (self);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = _domus_chart_get_line (self, i);
      g_autofree char *value = _domus_chart_format_reading (self, line->last);

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
      g_string_append (text, _domus_chart_get_line (self, i)->label);
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
guint
_domus_chart_pick_sample (DomusChart *self,
                          double      x)
{
  double right = self->plot.origin.x + self->plot.size.width;
  guint first, lo, hi;
  double age;

  _domus_chart_update_window (self);
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
  _domus_chart_drop_layouts (self);
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
  index = _domus_chart_pick_sample (self, x);
  if (index != self->hover_index)
    {
      self->hover_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* The menu is the only child, and a popover is placed, not laid out. */
static void
domus_chart_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  DomusChart *self = DOMUS_CHART (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
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
  _domus_chart_menu_dispose (self);

  G_OBJECT_CLASS (domus_chart_parent_class)->dispose (object);
}

static void
domus_chart_finalize (GObject *object)
{
  DomusChart *self = DOMUS_CHART (object);

  _domus_chart_drop_layouts (self);
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
          gtk_widget_set_focusable (GTK_WIDGET (self), self->show_axes);
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

  widget_class->snapshot = _domus_chart_snapshot;
  widget_class->measure = domus_chart_measure;
  widget_class->css_changed = domus_chart_css_changed;
  widget_class->map = domus_chart_map;
  widget_class->size_allocate = domus_chart_size_allocate;

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

  _domus_chart_class_menu_init (widget_class);

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
  /* For the keyboard to reach the menu; a sparkline has none. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  _domus_chart_menu_init (self);
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
  _domus_chart_update_actions (self);
  domus_chart_invalidate (self);
  return self->lines->len - 1;
}

void
domus_chart_clear_lines (DomusChart *self)
{
  g_return_if_fail (DOMUS_IS_CHART (self));

  g_array_set_size (self->lines, 0);
  update_accessible_label (self);
  _domus_chart_update_actions (self);
  domus_chart_invalidate (self);
}

void
domus_chart_set_line_fill (DomusChart *self,
                           guint       line,
                           gboolean    fill)
{
  g_return_if_fail (DOMUS_IS_CHART (self));
  g_return_if_fail (line < self->lines->len);

  _domus_chart_get_line (self, line)->fill = !!fill;
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
  *color = *_domus_chart_line_color (self, line);
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

  _domus_chart_update_window (self);
  if (n_points != NULL)
    *n_points = _domus_chart_get_line (self, line)->n_points;
  if (last_value != NULL)
    *last_value = _domus_chart_get_line (self, line)->last;
  return TRUE;
}
