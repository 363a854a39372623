/* domus-chart-export.h: what every chart's exports share
 *
 * The Benchmarks page and the live charts (DomusChart) export the same
 * way: a chart drawn with cairo on its background, into a PNG at a size
 * and scale or an SVG of that size (cairo's SVG surface, so that the lines
 * and text stay vectors), then written to a file without blocking the
 * window, the outcome told in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Draws a chart into @width × @height at the origin of @cr. */
typedef void (*DomusChartDrawFunc) (cairo_t  *cr,
                                    double    width,
                                    double    height,
                                    gpointer  user_data);

/* @draw on @background, as a PNG of @width × @height drawn at @scale
 * pixels per unit, or as an SVG of that size in points. */
GBytes *domus_chart_export_png   (const GdkRGBA       *background,
                                  int                  width,
                                  int                  height,
                                  int                  scale,
                                  DomusChartDrawFunc   draw,
                                  gpointer             user_data,
                                  GError             **error);
GBytes *domus_chart_export_svg   (const GdkRGBA       *background,
                                  double               width,
                                  double               height,
                                  DomusChartDrawFunc   draw,
                                  gpointer             user_data,
                                  GError             **error);

/* Called once the file is written, or with why it was not. */
typedef void (*DomusChartExportDone) (GtkWidget    *widget,
                                      const char   *path,
                                      const GError *error,
                                      gpointer      user_data);

/* Writes @bytes to @path asynchronously, replacing it, then shows
 * "Exported “name”" or why not in a toast on @widget and calls @done
 * (may be NULL). @widget is kept alive meanwhile. */
void    domus_chart_export_write (GtkWidget            *widget,
                                  const char           *path,
                                  GBytes               *bytes,
                                  DomusChartExportDone  done,
                                  gpointer              user_data);

G_END_DECLS
