/* domus-menu-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-menu-button.h"

#define MODEL_KEY "domus-lazy-menu-model"

/* Called at each popup while the button has no popover: the first one. */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       data)
{
  GMenuModel *model = g_object_get_data (G_OBJECT (button), MODEL_KEY);

  if (gtk_menu_button_get_popover (button) == NULL && model != NULL)
    gtk_menu_button_set_menu_model (button, model);
}

void
domus_menu_button_set_menu_model_lazily (GtkMenuButton *button,
                                         GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  g_object_set_data_full (G_OBJECT (button), MODEL_KEY, g_object_ref (model), g_object_unref);
  gtk_menu_button_set_create_popup_func (button, create_popup_cb, NULL, NULL);
}
