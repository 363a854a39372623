/* domus-chart-axis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart-axis.h"
#include "domus-format.h"

void
domus_chart_axis_fit (DomusChartAxis *axis,
                      double          low,
                      double          high,
                      guint           max_intervals)
{
  axis->step = domus_nice_step (high - low, max_intervals);
  axis->bottom = MAX (floor (low / axis->step + 1e-9) * axis->step, 0);
  axis->top = MAX (ceil (high / axis->step - 1e-9) * axis->step, axis->bottom + axis->step);
  axis->n_grid = (guint) round ((axis->top - axis->bottom) / axis->step);
  axis->decimals = domus_decimals_for (axis->step);
}

void
domus_chart_axis_fixed (DomusChartAxis *axis,
                        double          top,
                        guint           max_intervals)
{
  axis->step = domus_nice_step (top, max_intervals);
  axis->bottom = 0;
  axis->top = top;
  axis->n_grid = MIN ((guint) floor (top / axis->step + 1e-9), max_intervals);
  axis->decimals = domus_decimals_for (axis->step);
}

double
domus_chart_axis_to_y (const DomusChartAxis  *axis,
                       const graphene_rect_t *plot,
                       double                 value)
{
  return plot->origin.y
         + plot->size.height * (1 - (value - axis->bottom) / (axis->top - axis->bottom));
}

char *
domus_chart_format_value (double      value,
                          int         decimals,
                          const char *unit)
{
  if (unit == NULL || unit[0] == '\0')
    return g_strdup_printf ("%.*f", decimals, value);
  /* Translators: a value and its unit, as in "97.3 %" or "512 MiB" */
  return g_strdup_printf (C_("value", "%.*f %s"), decimals, value, unit);
}
