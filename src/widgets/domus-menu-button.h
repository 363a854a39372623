/* domus-menu-button.h: a menu button whose menu is built when first opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives @button the menu of @model at its first popup, not now: a
 * GtkPopoverMenu builds a row per item as soon as it has a model, which
 * would be start-up work for menus nobody has opened yet. */
void domus_menu_button_set_menu_model_lazily (GtkMenuButton *button,
                                              GMenuModel    *model);

G_END_DECLS
