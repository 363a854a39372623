/* domus-chart-palette.h: the colours Domus's charts draw with
 *
 * DomusChart (live history) and DomusBenchChart (benchmark results) take
 * their colours from here: the widget's foreground and a background to
 * draw on, read from the style whenever it changes, and the GNOME palette
 * in the shade that reads well on that background (the lighter ones on
 * a dark style), with the accent colour in place of blue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  DOMUS_CHART_COLOR_ACCENT,   /* blue, unless the style has an accent colour */
  DOMUS_CHART_COLOR_GREEN,
  DOMUS_CHART_COLOR_ORANGE,
  DOMUS_CHART_COLOR_PURPLE,
  DOMUS_CHART_COLOR_RED,
  DOMUS_CHART_COLOR_TEAL,
  DOMUS_CHART_COLOR_YELLOW,
  DOMUS_CHART_COLOR_BROWN,
  DOMUS_CHART_N_COLORS
} DomusChartColor;

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
  GdkRGBA colors[DOMUS_CHART_N_COLORS];
} DomusChartPalette;

void domus_chart_palette_init   (DomusChartPalette *palette);
void domus_chart_palette_update (DomusChartPalette *palette,
                                 GtkWidget         *widget,
                                 const char        *bg_color_name,
                                 double             dark_bg_gray);

/* @color with its alpha multiplied by @alpha. */
static inline GdkRGBA
domus_chart_with_alpha (const GdkRGBA *color,
                        double         alpha)
{
  return (GdkRGBA) { color->red, color->green, color->blue, color->alpha * alpha };
}

G_END_DECLS
