/* domus-chart-axis.h: the value axis of Domus's charts
 *
 * DomusChart (live history) and DomusBenchChart (benchmark results) both
 * draw values up a vertical axis with gridlines at round steps, labelled
 * with the value and its unit. This unit holds what they share: the
 * choice of the steps and of the ends, where a value falls in the plot,
 * and how the labels read. Each chart draws the lines itself (GtkSnapshot
 * nodes, or cairo for the benchmark chart's exports).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  double bottom;    /* the value at the baseline */
  double top;       /* the value at the top of the plot */
  double step;      /* between gridlines */
  guint  n_grid;    /* gridlines above the baseline */
  int    decimals;  /* of the gridline labels */
} DomusChartAxis;

/* From @low to @high in at most @max_intervals round steps: the bottom is
 * @low rounded down to a step (never below 0), the top @high rounded up
 * (at least a step above the bottom). */
void    domus_chart_axis_fit     (DomusChartAxis        *axis,
                                  double                 low,
                                  double                 high,
                                  guint                  max_intervals);
/* From 0 to exactly @top, with gridlines at the round steps below it. */
void    domus_chart_axis_fixed   (DomusChartAxis        *axis,
                                  double                 top,
                                  guint                  max_intervals);
/* The y in @plot of @value: its bottom edge at the axis's bottom, its top
 * edge at the axis's top, and beyond them outside the axis. */
double  domus_chart_axis_to_y    (const DomusChartAxis  *axis,
                                  const graphene_rect_t *plot,
                                  double                 value);

/* @value with @decimals decimals and @unit, as the charts' labels and
 * readouts show it ("97.3 %", "512 MiB"); without a unit for NULL or "". */
char   *domus_chart_format_value (double                 value,
                                  int                    decimals,
                                  const char            *unit);

G_END_DECLS
