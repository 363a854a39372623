/* domus-bench-chart.h: a benchmark's results as bars or box plots
 *
 * Lifecycle results: one panel per step (create, destroy), a column per
 * memory size, the mean with ±1 standard deviation (or a box plot), and
 * when there are several sizes a line joining them. Workload results: a
 * column per scenario and domain of the mean % of native, a dashed line at
 * the SLA, the columns that fall below it in another colour. A second
 * result set is drawn beside the first, in its own colour and hatched.
 *
 * The chart is drawn with cairo by domus_bench_chart_render(), which the
 * widget's snapshot and the PNG and SVG exports share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bench/domus-bench-results.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BENCH_CHART (domus_bench_chart_get_type ())
G_DECLARE_FINAL_TYPE (DomusBenchChart, domus_bench_chart, DOMUS, BENCH_CHART, GtkWidget)

/* One column of the chart, where domus_bench_chart_render() draws it. */
typedef struct
{
  guint            set;         /* 0: the results, 1: those compared */
  DomusBenchGroup *group;       /* borrowed */
  double           value;       /* the mean, or the median in a box plot */
  gboolean         misses_sla;  /* workload: the mean is below the SLA */
  graphene_rect_t  bounds;      /* the column from its value down to the baseline */
} DomusBenchChartBar;

GtkWidget         *domus_bench_chart_new          (void);
/* @compare may be NULL; a set of another kind than @results is ignored. */
void               domus_bench_chart_set_results  (DomusBenchChart    *self,
                                                   DomusBenchResults  *results,
                                                   DomusBenchResults  *compare);
DomusBenchResults *domus_bench_chart_get_results  (DomusBenchChart    *self);
DomusBenchResults *domus_bench_chart_get_compare  (DomusBenchChart    *self);
gboolean           domus_bench_chart_get_box_plot (DomusBenchChart    *self);
void               domus_bench_chart_set_box_plot (DomusBenchChart    *self,
                                                   gboolean            box_plot);

/* Draws the chart into @width × @height at the origin of @cr, on a
 * transparent background. */
void               domus_bench_chart_render       (DomusBenchChart    *self,
                                                   cairo_t            *cr,
                                                   double              width,
                                                   double              height);
/* The chart on its background, as a PNG of @width × @height drawn at
 * @scale pixels per unit, or an SVG of that size in points. */
GBytes            *domus_bench_chart_render_png   (DomusBenchChart    *self,
                                                   int                 width,
                                                   int                 height,
                                                   int                 scale,
                                                   GError            **error);
GBytes            *domus_bench_chart_render_svg   (DomusBenchChart    *self,
                                                   double              width,
                                                   double              height,
                                                   GError            **error);

/* What render() draws at that size: DomusBenchChartBar, panel by panel,
 * column by column. */
GArray            *domus_bench_chart_get_bars     (DomusBenchChart    *self,
                                                   double              width,
                                                   double              height);
/* The y of the results' SLA line at that size; NAN when there is none. */
double             domus_bench_chart_get_sla_y    (DomusBenchChart    *self,
                                                   double              width,
                                                   double              height);
/* The colours of the two sets and of columns that miss the SLA. */
void               domus_bench_chart_get_colors   (DomusBenchChart    *self,
                                                   GdkRGBA            *set0,
                                                   GdkRGBA            *set1,
                                                   GdkRGBA            *miss);

G_END_DECLS
