/* domus-chart-palette.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-chart-palette.h"

static const GdkRGBA light_colors[DOMUS_CHART_N_COLORS] = {
  { 0.110, 0.443, 0.847, 1 },  /* blue 4 */
  { 0.149, 0.635, 0.412, 1 },  /* green 5 */
  { 0.902, 0.380, 0.000, 1 },  /* orange 4 */
  { 0.569, 0.255, 0.675, 1 },  /* purple 3 */
  { 0.753, 0.110, 0.157, 1 },  /* red 4 */
  { 0.129, 0.565, 0.643, 1 },  /* teal */
  { 0.898, 0.647, 0.039, 1 },  /* yellow 5 */
  { 0.525, 0.369, 0.235, 1 },  /* brown 3 */
};

static const GdkRGBA dark_colors[DOMUS_CHART_N_COLORS] = {
  { 0.384, 0.627, 0.918, 1 },  /* blue 2 */
  { 0.341, 0.890, 0.537, 1 },  /* green 2 */
  { 1.000, 0.639, 0.282, 1 },  /* orange 2 */
  { 0.863, 0.541, 0.867, 1 },  /* purple 1 */
  { 0.965, 0.380, 0.318, 1 },  /* red 1 */
  { 0.384, 0.769, 0.839, 1 },  /* teal */
  { 0.973, 0.894, 0.361, 1 },  /* yellow 2 */
  { 0.804, 0.671, 0.561, 1 },  /* brown 1 */
};

/* Adwaita's text on white, the light shades: until the widget has a style. */
void
domus_chart_palette_init (DomusChartPalette *palette)
{
  palette->fg = (GdkRGBA) { 0, 0, 0, 0.8 };
  palette->bg = (GdkRGBA) { 1, 1, 1, 1 };
  for (guint i = 0; i < DOMUS_CHART_N_COLORS; i++)
    palette->colors[i] = light_colors[i];
}

/* Reads @widget's style: its colour, the named @bg_color_name as the
 * background when the style has it opaque (else white, or @dark_bg_gray
 * on a dark style), and the accent colour. A style is dark when its text
 * is light. */
void
domus_chart_palette_update (DomusChartPalette *palette,
                            GtkWidget         *widget,
                            const char        *bg_color_name,
                            double             dark_bg_gray)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  const GdkRGBA *colors;
  gboolean dark;

  gtk_style_context_get_color (context, &palette->fg);
  dark = 0.2126 * palette->fg.red + 0.7152 * palette->fg.green + 0.0722 * palette->fg.blue > 0.5;
  colors = dark ? dark_colors : light_colors;
  for (guint i = 0; i < DOMUS_CHART_N_COLORS; i++)
    palette->colors[i] = colors[i];
  gtk_style_context_lookup_color (context, "accent_color", &palette->colors[DOMUS_CHART_COLOR_ACCENT]);
  if (!gtk_style_context_lookup_color (context, bg_color_name, &palette->bg) || palette->bg.alpha < 1)
    palette->bg = dark ? (GdkRGBA) { dark_bg_gray, dark_bg_gray, dark_bg_gray, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
}
