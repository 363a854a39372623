/* domus-chart.h: a live line chart of some channels of a DomusSeries
 *
 * A DomusChart shows the last #DomusChart:window seconds of a DomusSeries,
 * ending at its newest sample: one line per channel added with
 * domus_chart_add_line(), a y axis from 0 with a few gridlines at round
 * values, a time axis, a legend and a readout of the values under the
 * pointer. NAN samples leave gaps. It redraws when the series gains a
 * sample, and not while it is unmapped.
 *
 * Properties:
 *   "series"       DomusSeries*  the data (also domus_chart_set_series())
 *   "unit"         string        suffix of values and of the y axis: "%", "MiB"
 *   "y-max"        double        top of the y axis; 0 (the default) = automatic:
 *                                the largest visible value (or "limit") rounded
 *                                up to a round number, and at least "y-min-max"
 *   "y-min-max"    double        smallest automatic top, e.g. 100 for CPU%;
 *                                default 1
 *   "window"       uint          seconds of history shown; default 60
 *   "show-legend"  boolean       default TRUE
 *   "show-axes"    boolean       default TRUE; FALSE makes a compact sparkline
 *                                for list rows (style class "domus-sparkline"): no
 *                                axes, grid, legend nor hover readout
 *   "limit"        double        a dashed horizontal reference line at this
 *                                value; NAN (the default) for none
 *   "limit-label"  string        the text beside the limit line
 *   "stacked"      boolean       each line drawn on top of the ones added before
 *                                it, filled down to them (shares of a whole);
 *                                readouts still show each line's own value
 *
 * Signals:
 *   "file-written" (const char *path, const GError *error): an export of
 *                                the menu was written to @path, or not
 *
 * A chart with axes has a menu, on right-click, long-press, Shift+F10 or
 * the Menu key: it exports the visible history as CSV, PNG or SVG. Its
 * actions: "chart.export-csv" asks where to write the CSV;
 * "chart.export-image" ("s": "png" or "svg") where to write the picture;
 * their twins "chart.export-csv-to" and "chart.export-image-to" ("s", a
 * path; an image is SVG when the path ends in ".svg", else PNG) write it
 * there without asking.
 *
 * CSS name: domus-chart. Accessible role: img, labelled with the line labels
 * ("CPU, Memory") and described by the latest values ("CPU: 97.3 %, ...").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-csv.h"
#include "domus-series.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CHART (domus_chart_get_type ())
G_DECLARE_FINAL_TYPE (DomusChart, domus_chart, DOMUS, CHART, GtkWidget)

DomusChart  *domus_chart_new            (void);
/* Shows @series (or nothing, for NULL); the lines are kept. */
void         domus_chart_set_series     (DomusChart    *self,
                                         DomusSeries   *series);
DomusSeries *domus_chart_get_series     (DomusChart    *self);
/* Adds a line for @channel of the series, named @label in the legend, the
 * readout and the accessible description. With a NULL @color, the line takes
 * the next colour of a palette that follows the light or dark style. Returns
 * the index of the line, counting from 0 in the order of addition. */
guint        domus_chart_add_line       (DomusChart    *self,
                                         guint          channel,
                                         const char    *label,
                                         const GdkRGBA *color);
void         domus_chart_clear_lines    (DomusChart    *self);
/* Fills the area under @line with a translucent shade of its colour. */
void         domus_chart_set_line_fill  (DomusChart    *self,
                                         guint          line,
                                         gboolean       fill);
/* The colour @line is drawn in (it follows the light or dark style: ask
 * again on style changes); FALSE if there is no such line. */
gboolean   domus_chart_get_line_color (DomusChart    *self,
                                       guint          line,
                                       GdkRGBA       *color);
/* For tests: the number of samples of @line that have data and lie in the
 * visible window, and the value of the newest sample (NAN when it has no
 * data, or there is no sample). Either may be NULL. FALSE if there is no
 * such line. */
gboolean     domus_chart_get_line_stats (DomusChart    *self,
                                         guint          line,
                                         guint         *n_points,
                                         double        *last_value);

/* The visible history as rows of @csv: a header, "Time (s)" then each
 * line's legend label, and a row per sample of the window, oldest first:
 * its age in seconds relative to the newest sample (≤ 0, as the time axis
 * reads), then each line's own value (stacked ones too, as the readout
 * shows them), empty where the line has a gap. */
void         domus_chart_write_csv      (DomusChart    *self,
                                         DomusCsv      *csv);
/* The chart as drawn, without the pointer's readout, on the background of
 * its palette: a PNG of @width × @height at @scale pixels per unit, or an
 * SVG of that size in points. */
GBytes      *domus_chart_render_png     (DomusChart    *self,
                                         int            width,
                                         int            height,
                                         int            scale,
                                         GError       **error);
GBytes      *domus_chart_render_svg     (DomusChart    *self,
                                         int            width,
                                         int            height,
                                         GError       **error);

G_END_DECLS
