/* test-ssh-dialog.c: ssh's questions asked in the window, under a display
 *
 * The window connects to a real sshd on 127.0.0.1 (the real agent behind
 * it) with a key that has a passphrase: "Connecting to lab…" shows, the
 * passphrase dialog appears, the test types the passphrase into it, and the
 * host's domains appear in the main window. Then an unknown host key: its
 * dialog with ssh's words and fingerprint, not trusted, and the connecting
 * window says so. With a keyring (GNOME Keyring's, the test's own:
 * --keyring), the passphrase is remembered when asked to, and a remembered
 * one that is not accepted makes the dialog say so, and what is typed
 * replaces it. Screenshots of each are saved in the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-keyring.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"

#include <adwaita.h>
#include <string.h>

#include "domus-connect-window.h"
#include "domus-ssh-dialog.h"
#include "domus-window.h"
#include "domus-ssh-prompter.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  DomusSshPrompter   *prompter;
  DomusConnectWindow *connecting;
  AdwMessageDialog   *dialog;       /* the last question's */
  DomusHost          *host;
} Fixture;

/* As DomusApplication asks: over the window in front. */
static void
question_cb (DomusSshPrompter     *prompter,
             guint                 id,
             DomusSshQuestionKind  kind,
             const char           *host,
             const char           *prompt,
             Fixture              *f)
{
  f->dialog = domus_ssh_dialog_new (GTK_WINDOW (f->connecting), prompter, id, kind, host, prompt);
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
connected_cb (DomusConnectWindow *connecting,
              DomusHost          *host,
              Fixture            *f)
{
  f->host = g_object_ref (host);
  gtk_window_destroy (GTK_WINDOW (connecting));
}

static void
start_connecting (Fixture    *f,
                  const char *alias)
{
  g_autofree char *address = g_strdup_printf ("ssh://%s?agent=%s", alias, g_getenv ("DOMUS_AGENT"));

  f->connecting = domus_connect_window_new (NULL, address);
  g_object_add_weak_pointer (G_OBJECT (f->connecting), (gpointer *) &f->connecting);
  g_signal_connect (f->connecting, "connected", G_CALLBACK (connected_cb), f);
  gtk_window_present (GTK_WINDOW (f->connecting));
  DOMUS_TEST_WAIT_UNTIL (f->dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (f->dialog)), 60);
  domus_test_flush (GTK_WIDGET (f->connecting));
  domus_test_flush (GTK_WIDGET (f->dialog));
}

static const char *
status_title (Fixture *f)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->connecting),
                                                                        DOMUS_TYPE_CONNECT_WINDOW,
                                                                        "status_page"));

  return adw_status_page_get_title (page);
}

/* The dialog's hidden entry and its "Remember in the keyring". */
static GtkEditable *
secret_entry (Fixture         *f,
              GtkCheckButton **remember)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (f->dialog);
  GtkWidget *entry = gtk_widget_get_first_child (box);

  GtkWidget *check = gtk_widget_get_next_sibling (entry);

  *remember = check != NULL ? GTK_CHECK_BUTTON (check) : NULL;
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  return GTK_EDITABLE (entry);
}

static char *
prompt_of (Fixture *f)
{
  return g_strndup (adw_message_dialog_get_body (f->dialog),
                    strcspn (adw_message_dialog_get_body (f->dialog), "\n"));
}

/* Returns ssh's question. */
static char *
test_passphrase_then_domains (Fixture *f)
{
  GtkEditable *entry;
  GtkCheckButton *remember;
  DomusWindow *window;
  GtkColumnView *view;
  g_autofree char *prompt = NULL;

  start_connecting (f, "lab");
  g_assert_cmpstr (status_title (f), ==, "Connecting to lab…");
  domus_test_screenshot (GTK_WIDGET (f->connecting), "domus-connecting.png");
  g_assert_cmpstr (adw_message_dialog_get_heading (f->dialog), ==, "Connecting to lab");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (f->dialog), "Enter passphrase for key '"));
  prompt = prompt_of (f);
  entry = secret_entry (f, &remember);
  /* Remembering is offered with a keyring only. */
  g_assert_true (domus_ssh_prompter_get_keyring (f->prompter) == (remember != NULL));

  /* Typed into the hidden entry, remembered; Enter is the dialog's default. */
  gtk_editable_set_text (entry, PASSPHRASE);
  if (remember != NULL)
    {
      g_assert_false (gtk_check_button_get_active (remember));
      gtk_check_button_set_active (remember, TRUE);
      domus_test_flush (GTK_WIDGET (f->dialog));
      domus_test_screenshot (GTK_WIDGET (f->dialog), "domus-ssh-passphrase.png");
    }
  g_signal_emit_by_name (entry, "activate");
  /* Answered, the dialog goes, and the secret with it. */
  DOMUS_TEST_WAIT_UNTIL (f->dialog == NULL, 30);
  DOMUS_TEST_WAIT_UNTIL (f->host != NULL, 60);
  g_assert_null (f->connecting);

  window = domus_test_window_new (f->host, 1280, 800);
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW, "domain_view"));
  DOMUS_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))) == 5, 60);
  domus_test_flush (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&f->host);
  /* Kept once ssh logged in with it. */
  if (remember != NULL)
    domus_test_keyring_wait_for ("lab", prompt, PASSPHRASE);
  return g_steal_pointer (&prompt);
}

/* The keyring's passphrase is refused (the key's changed since): the
 * dialog says so, remembering already ticked, and what is typed replaces
 * it. */
static void
test_remembered_refused (Fixture    *f,
                         const char *prompt)
{
  GtkEditable *entry;
  GtkCheckButton *remember;

  domus_test_keyring_store ("lab", prompt, "the old passphrase");

  start_connecting (f, "lab");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (f->dialog),
                            "The one the keyring remembered was not accepted."));
  entry = secret_entry (f, &remember);
  g_assert_true (gtk_check_button_get_active (remember));
  domus_test_screenshot (GTK_WIDGET (f->dialog), "domus-ssh-remembered-refused.png");
  gtk_editable_set_text (entry, PASSPHRASE);
  g_signal_emit_by_name (entry, "activate");
  DOMUS_TEST_WAIT_UNTIL (f->host != NULL, 60);
  g_clear_object (&f->host);
  domus_test_keyring_wait_for ("lab", prompt, PASSPHRASE);
}

static void
test_host_key_refused (Fixture *f)
{
  AdwStatusPage *page;

  start_connecting (f, "stranger");
  g_assert_cmpstr (adw_message_dialog_get_heading (f->dialog), ==, "Trust the Host Key of stranger?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (f->dialog), "The authenticity of host"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (f->dialog), "SHA256:"));
  /* The buttons ask ssh's last line. */
  g_assert_null (strstr (adw_message_dialog_get_body (f->dialog), "(yes/no"));
  domus_test_screenshot (GTK_WIDGET (f->dialog), "domus-ssh-host-key.png");

  adw_message_dialog_response (f->dialog, "cancel");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (status_title (f), "Cannot Connect to stranger") == 0, 60);
  page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->connecting), DOMUS_TYPE_CONNECT_WINDOW,
                                                        "status_page"));
  g_assert_cmpstr (adw_status_page_get_description (page), ==,
                   "The host key of stranger was not trusted: Domus did not connect, and recorded nothing");
  domus_test_flush (GTK_WIDGET (f->connecting));
  domus_test_screenshot (GTK_WIDGET (f->connecting), "domus-connect-refused.png");
  gtk_window_destroy (GTK_WINDOW (f->connecting));
  g_assert_null (f->host);
}

static DomusTestKeyring *keyring;
static const char *no_keyring;

static void
test_ssh_dialogs (gconstpointer data)
{
  gboolean with_keyring = GPOINTER_TO_INT (data);
  DomusTestSshd *sshd = domus_test_sshd_start ();
  g_autofree char *dir = g_dir_make_tmp ("domus-ssh-dialog-XXXXXX", NULL);
  g_autofree char *locked_key = domus_test_sshd_add_key (sshd, "locked_key", PASSPHRASE);
  g_autofree char *empty_known_hosts = g_build_filename (dir, "known_hosts", NULL);
  g_autofree char *lab = domus_test_sshd_asking_config (sshd, "lab", locked_key, sshd->known_hosts);
  g_autofree char *stranger = domus_test_sshd_asking_config (sshd, "stranger", sshd->key, empty_known_hosts);
  g_autofree char *config = g_strconcat (lab, stranger, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  Fixture f = { 0 };

  if (with_keyring && keyring == NULL)
    {
      g_test_skip (no_keyring);
      return;
    }
  g_assert_true (g_file_set_contents (empty_known_hosts, "", 0, NULL));
  domus_test_use_ssh_config (dir, config);
  f.prompter = domus_ssh_prompter_new (&error);
  g_assert_no_error (error);
  g_signal_connect (f.prompter, "question", G_CALLBACK (question_cb), &f);
  domus_ssh_prompter_set_default (f.prompter);
  /* As the application's. */
  domus_ssh_prompter_set_keyring (f.prompter, with_keyring);

  prompt = test_passphrase_then_domains (&f);
  if (with_keyring)
    test_remembered_refused (&f, prompt);
  else
    test_host_key_refused (&f);

  domus_ssh_prompter_set_default (NULL);
  g_assert_finalize_object (f.prompter);
  domus_test_sshd_stop (sshd);
  domus_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* With a keyring, a test of its own (meson's ssh-dialog-keyring):
   * libsecret 0.20.5 leaks a reply of the Secret Service at each lookup and
   * store, so the sanitizer tree runs it without the leak check. */
  gboolean with_keyring = argc > 1 && g_str_equal (argv[argc - 1], "--keyring");
  int status;

  /* The session bus is the keyring's before GTK looks for one. */
  if (with_keyring)
    keyring = domus_test_keyring_start (&no_keyring);
  domus_test_gtk_init (&argc, &argv);
  /* Only the keys of the ssh_config: no agent of the user's. */
  g_unsetenv ("SSH_AUTH_SOCK");

  if (with_keyring)
    g_test_add_data_func ("/ssh-dialog/passphrase-remembered", GINT_TO_POINTER (TRUE), test_ssh_dialogs);
  else
    g_test_add_data_func ("/ssh-dialog/passphrase-and-host-key", GINT_TO_POINTER (FALSE), test_ssh_dialogs);

  status = g_test_run ();
  domus_test_keyring_stop (keyring);
  return status;
}
