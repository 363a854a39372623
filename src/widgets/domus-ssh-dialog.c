/* domus-ssh-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-ssh-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domus-ssh-dialog.h"

typedef struct
{
  DomusSshPrompter     *prompter;
  guint                 id;
  DomusSshQuestionKind  kind;
  GtkEditable          *entry;     /* for a secret; owned by the dialog */
  GtkCheckButton       *remember;  /* with a keyring; owned by the dialog */
  gboolean              answered;
} Asking;

static void
asking_free (Asking *asking)
{
  /* Gone without a response: ssh is told no rather than left waiting. */
  if (!asking->answered)
    domus_ssh_prompter_answer (asking->prompter, asking->id, NULL);
  g_object_unref (asking->prompter);
  g_free (asking);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Asking           *asking)
{
  const char *answer = NULL;

  if (g_str_equal (response, "answer"))
    answer = asking->kind == DOMUS_SSH_QUESTION_SECRET ? gtk_editable_get_text (asking->entry) : "yes";
  domus_ssh_prompter_answer_full (asking->prompter, asking->id, answer,
                                  asking->remember != NULL && gtk_check_button_get_active (asking->remember));
  asking->answered = TRUE;
  /* The secret leaves the entry's (secure) memory as it leaves Domus. */
  if (asking->entry != NULL)
    gtk_editable_set_text (asking->entry, "");
}

/* ssh's question without its last line, "Are you sure you want to continue
 * connecting (yes/no/[fingerprint])?": the buttons ask it. */
static char *
host_key_text (const char *prompt)
{
  const char *question = strstr (prompt, "Are you sure you want to continue connecting");

  return question != NULL ? g_strstrip (g_strndup (prompt, question - prompt)) : g_strstrip (g_strdup (prompt));
}

static void
answer_cb (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "answer");
}

static void
ask_secret (AdwMessageDialog *dialog,
            Asking           *asking,
            const char       *prompt)
{
  /* Not a GtkPasswordEntry: GTK 4.8's warns of a bad cast when its
   * window goes as the dialog answers. The same secure buffer, hidden. */
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();
  GtkWidget *entry = gtk_entry_new_with_buffer (buffer);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gboolean refused = domus_ssh_prompter_remembered_refused (asking->prompter, asking->id);

  if (refused)
    {
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", prompt,
                                               _("The one the keyring remembered was not accepted. "
                                                 "Type it again; Domus forgets the old one."));

      adw_message_dialog_set_body (dialog, body);
    }
  else
    adw_message_dialog_set_body (dialog, prompt);
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  /* Enter answers, whatever the dialog's default widget is then. */
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (answer_cb), dialog);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, prompt, -1);
  gtk_box_append (GTK_BOX (box), entry);
  if (domus_ssh_prompter_get_keyring (asking->prompter))
    {
      GtkWidget *remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));

      /* Asked again after the keyring's: what is typed replaces it. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (remember), refused);
      gtk_box_append (GTK_BOX (box), remember);
      asking->remember = GTK_CHECK_BUTTON (remember);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "answer", _("C_onnect"), NULL);
  asking->entry = GTK_EDITABLE (entry);
  gtk_window_set_focus (GTK_WINDOW (dialog), entry);
}

static void
ask_host_key (AdwMessageDialog *dialog,
              const char       *prompt)
{
  g_autofree char *text = host_key_text (prompt);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s\n\n%s", text,
                          _("Trust it only if its fingerprint is the one the host's administrator gave you: "
                            "Domus then records it, as ssh does, and checks it at every connection."));
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Don't Trust"), "answer", _("_Trust and Connect"),
                                    NULL);
}

AdwMessageDialog *
domus_ssh_dialog_new (GtkWindow            *parent,
                      DomusSshPrompter     *prompter,
                      guint                 id,
                      DomusSshQuestionKind  kind,
                      const char           *host,
                      const char           *prompt)
{
  AdwMessageDialog *dialog;
  Asking *asking;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DOMUS_IS_SSH_PROMPTER (prompter), NULL);
  g_return_val_if_fail (host != NULL && prompt != NULL, NULL);

  asking = g_new0 (Asking, 1);
  asking->prompter = g_object_ref (prompter);
  asking->id = id;
  asking->kind = kind;
  if (kind == DOMUS_SSH_QUESTION_HOST_KEY)
    /* TRANSLATORS: %s is a host name */
    heading = g_strdup_printf (_("Trust the Host Key of %s?"), host);
  else
    /* TRANSLATORS: %s is a host name */
    heading = g_strdup_printf (_("Connecting to %s"), host);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_modal (GTK_WINDOW (dialog), parent != NULL);
  if (kind == DOMUS_SSH_QUESTION_SECRET)
    ask_secret (dialog, asking, prompt);
  else if (kind == DOMUS_SSH_QUESTION_HOST_KEY)
    ask_host_key (dialog, prompt);
  else
    {
      adw_message_dialog_set_body (dialog, prompt);
      adw_message_dialog_add_responses (dialog, "cancel", _("_No"), "answer", _("_Yes"), NULL);
    }
  adw_message_dialog_set_response_appearance (dialog, "answer", ADW_RESPONSE_SUGGESTED);
  /* Enter gives the secret typed; trusting a key takes a click. */
  if (kind == DOMUS_SSH_QUESTION_SECRET)
    adw_message_dialog_set_default_response (dialog, "answer");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), asking, (GClosureNotify) asking_free, 0);
  return dialog;
}
