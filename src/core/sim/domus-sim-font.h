/* domus-sim-font.h: an 8×16 bitmap font for the simulated screens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOMUS_SIM_FONT_WIDTH  8
#define DOMUS_SIM_FONT_HEIGHT 16

/* 16 rows of 8 pixels, high bit leftmost; "?" for what is not printable
 * ASCII. */
const guint8 *domus_sim_font_glyph (char c);

G_END_DECLS
