/* domus-dialog-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "domus-dialog-entry.h"

char *
domus_dialog_entry_dup_text (GtkWidget *entry)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (entry), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
changed_cb (GtkWidget        *entry,
            AdwMessageDialog *dialog)
{
  g_autofree char *text = domus_dialog_entry_dup_text (entry);

  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (entry), "domus-response"),
                                           text[0] != '\0');
}

GtkWidget *
domus_dialog_entry_new (AdwMessageDialog *dialog,
                        const char       *response,
                        const char       *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);
  g_return_val_if_fail (adw_message_dialog_has_response (dialog, response), NULL);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_set_data_full (G_OBJECT (entry), "domus-response", g_strdup (response), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), dialog);
  changed_cb (entry, dialog);
  return entry;
}

GtkWidget *
domus_dialog_new_asking (GtkWidget             *parent,
                         const char            *heading,
                         const char            *body,
                         const char            *response,
                         const char            *label,
                         AdwResponseAppearance  appearance)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  if (appearance != ADW_RESPONSE_DESTRUCTIVE)
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
