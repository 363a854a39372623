/* domus-live-slider.h: a slider that holds its DomusLiveSetting while dragged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-live-setting.h"

G_BEGIN_DECLS

/* Holds @self (or nothing, for NULL) while a pointer button is down on
 * @widget, a slider, and lets go of it when the button is released. */
void domus_live_slider_attach (GtkWidget        *widget,
                               DomusLiveSetting *self);

G_END_DECLS
