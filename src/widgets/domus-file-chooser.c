/* domus-file-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-file-chooser.h"

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GtkWidget       *widget)
{
  const char *action = g_object_get_data (G_OBJECT (chooser), "domus-action");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)))
      && (path = g_file_get_path (file)))
    gtk_widget_activate_action (widget, action, "s", path);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
domus_choose_file (GtkWidget            *widget,
                   const char           *title,
                   GtkFileChooserAction  mode,
                   const char           *accept,
                   const char           *action,
                   const char           *suggested_name,
                   GtkFileFilter        *filter)
{
  domus_choose_file_in (widget, title, mode, accept, action, NULL, suggested_name, filter);
}

void
domus_choose_file_in (GtkWidget            *widget,
                      const char           *title,
                      GtkFileChooserAction  mode,
                      const char           *accept,
                      const char           *action,
                      const char           *folder,
                      const char           *suggested_name,
                      GtkFileFilter        *filter)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (action != NULL);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)), mode,
                                         accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "domus-action", g_strdup (action), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
