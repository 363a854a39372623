/* test-ssh-prompter.c: ssh's questions answered through DomusSshPrompter
 *
 * Through a real sshd on 127.0.0.1 to the real agent there, with ssh given
 * domus-askpass as the window gives it: a key with a passphrase, answered
 * right and wrong, and a host key ssh does not know, trusted and not. The
 * answers come later, from the main loop, as a dialog's would. The keyring
 * is GNOME Keyring's daemon, on a D-Bus session bus of the test's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "domus-error.h"
#include "remote/domus-remote-host.h"
#include "domus-ssh-prompter.h"
#include "domus-test-keyring.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  DomusTestSshd    *sshd;
  DomusSshPrompter *prompter;
  char             *dir;
  char             *stranger_known_hosts;  /* empty at first */
  const char       *answer;                /* what the user types or says; NULL refuses */
  gboolean          remember;              /* and whether the keyring keeps it */
  guint             asked[3];              /* questions asked, by DomusSshQuestionKind */
  guint             asked_again;           /* of those, asked after the keyring's answer */
  char             *last_prompt;
  char             *last_host;
} Fixture;

typedef struct
{
  Fixture *f;
  guint    id;
} Answering;

static gboolean
answer_cb (gpointer data)
{
  Answering *answering = data;

  domus_ssh_prompter_answer_full (answering->f->prompter, answering->id, answering->f->answer,
                                  answering->f->remember);
  g_free (answering);
  return G_SOURCE_REMOVE;
}

/* Answers as a dialog would: later. */
static void
question_cb (DomusSshPrompter *prompter,
             guint             id,
             guint             kind,
             const char       *host,
             const char       *prompt,
             Fixture          *f)
{
  Answering *answering = g_new0 (Answering, 1);

  g_assert_cmpuint (kind, <, G_N_ELEMENTS (f->asked));
  f->asked[kind]++;
  if (domus_ssh_prompter_remembered_refused (prompter, id))
    f->asked_again++;
  g_free (f->last_prompt);
  f->last_prompt = g_strdup (prompt);
  g_free (f->last_host);
  f->last_host = g_strdup (host);
  answering->f = f;
  answering->id = id;
  g_idle_add (answer_cb, answering);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *locked_key = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *stranger = NULL;
  g_autofree char *config = NULL;

  f->sshd = domus_test_sshd_start ();
  f->dir = g_dir_make_tmp ("domus-ssh-prompter-XXXXXX", NULL);
  locked_key = domus_test_sshd_add_key (f->sshd, "locked_key", PASSPHRASE);
  f->stranger_known_hosts = g_build_filename (f->dir, "known_hosts", NULL);
  g_assert_true (g_file_set_contents (f->stranger_known_hosts, "", 0, NULL));
  lab = domus_test_sshd_asking_config (f->sshd, "lab", locked_key, f->sshd->known_hosts);
  stranger = domus_test_sshd_asking_config (f->sshd, "stranger", f->sshd->key, f->stranger_known_hosts);
  config = g_strconcat (lab, stranger, NULL);
  domus_test_use_ssh_config (f->dir, config);

  f->prompter = domus_ssh_prompter_new (&error);
  g_assert_no_error (error);
  g_signal_connect (f->prompter, "question", G_CALLBACK (question_cb), f);
  domus_ssh_prompter_set_default (f->prompter);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  domus_ssh_prompter_set_default (NULL);
  g_assert_finalize_object (f->prompter);
  domus_test_sshd_stop (f->sshd);
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->stranger_known_hosts);
  g_free (f->last_prompt);
  g_free (f->last_host);
}

static DomusHost *
connect_to (const char  *alias,
            GError     **error)
{
  g_autofree char *address = g_strdup_printf ("ssh://%s?agent=%s", alias, g_getenv ("DOMUS_AGENT"));
  g_autoptr(GAsyncResult) result = NULL;

  domus_remote_host_connect_async (address, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 60);
  return domus_remote_host_new_finish (result, error);
}

static void
assert_serves_lab (DomusHost *host)
{
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 60);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 5);
}

static DomusTestKeyring *keyring;
static const char *no_keyring;

/* The keyring of this test's session, holding nothing of Domus's. */
static void
keyring_setup (Fixture       *f,
               gconstpointer  data)
{
  if (keyring == NULL)
    {
      g_test_skip (no_keyring);
      return;
    }
  fixture_setup (f, data);
  domus_test_keyring_clear ();
  domus_ssh_prompter_set_keyring (f->prompter, TRUE);
}

static void
keyring_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->prompter != NULL)
    fixture_teardown (f, data);
}

/* What the keyring holds for the host "lab" and ssh's last question. */
static char *
remembered (Fixture *f)
{
  return domus_test_keyring_lookup ("lab", f->last_prompt);
}

/* The key's passphrase, asked once, hidden, and the host served. */
static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;

  f->answer = PASSPHRASE;
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 1);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_HOST_KEY], ==, 0);
  g_assert_true (g_str_has_prefix (f->last_prompt, "Enter passphrase for key '"));
  g_assert_cmpstr (f->last_host, ==, "lab");
}

/* A wrong passphrase: ssh asks again, as on a terminal, then gives up. */
static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->answer = "not it";
  g_assert_null (connect_to ("lab", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Login to lab failed: the server refused the keys and passwords given");
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], >, 1);
}

/* No answer at all (a dialog cancelled): the same refusal. */
static void
test_cancelled_passphrase (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->answer = NULL;
  g_assert_null (connect_to ("lab", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_AUTH);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 1);
}

static gboolean
known_hosts_has_server_key (Fixture *f)
{
  g_autofree char *line = domus_test_sshd_known_hosts_line (f->sshd, f->sshd->host_key);
  g_auto(GStrv) fields = g_strsplit (line, " ", 3);
  g_autofree char *known = NULL;

  g_assert_true (g_file_get_contents (f->stranger_known_hosts, &known, NULL, NULL));
  return strstr (known, fields[2] != NULL ? g_strstrip (fields[2]) : "") != NULL;
}

/* An unknown host key, with ssh's words and its fingerprint: trusted, it
 * is recorded in the known_hosts file ssh uses, as ssh records it. */
static void
test_host_key_trusted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;

  f->answer = "yes";
  host = connect_to ("stranger", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_HOST_KEY], ==, 1);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 0);
  g_assert_nonnull (strstr (f->last_prompt, "The authenticity of host"));
  g_assert_nonnull (strstr (f->last_prompt, "SHA256:"));
  g_assert_true (known_hosts_has_server_key (f));
  g_clear_object (&host);

  /* Known now: not asked again. */
  host = connect_to ("stranger", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_HOST_KEY], ==, 1);
}

/* Not trusted: refused in words, and nothing recorded. */
static void
test_host_key_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *known = NULL;

  f->answer = NULL;
  g_assert_null (connect_to ("stranger", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "The host key of stranger was not trusted: Domus did not connect, and "
                                       "recorded nothing");
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_HOST_KEY], ==, 1);
  g_assert_true (g_file_get_contents (f->stranger_known_hosts, &known, NULL, NULL));
  g_assert_cmpstr (known, ==, "");
}

/* Remembered when asked to: the next ssh gets it from the keyring, and
 * the user is not asked. */
static void
test_keyring_remembered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;

  if (f->prompter == NULL)
    return;
  f->answer = PASSPHRASE;
  f->remember = TRUE;
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 1);
  domus_test_keyring_wait_for ("lab", f->last_prompt, PASSPHRASE);
  g_clear_object (&host);

  /* A dialog would refuse now: only the keyring can answer. */
  f->answer = NULL;
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 1);

  /* The host removed from the list: its secrets go from the keyring. */
  domus_ssh_prompter_forget (f->prompter, "lab");
  domus_test_keyring_wait_for ("lab", f->last_prompt, NULL);
}

/* Not asked to remember: nothing in the keyring, and asked again. */
static void
test_keyring_not_remembered (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autofree char *secret = NULL;

  if (f->prompter == NULL)
    return;
  f->answer = PASSPHRASE;
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_clear_object (&host);
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], ==, 2);
  g_assert_cmpuint (f->asked_again, ==, 0);
  secret = remembered (f);
  g_assert_null (secret);
}

/* A wrong secret is never remembered; a remembered one the server refuses
 * (the key's passphrase changed since) makes ssh ask again, and the user is
 * asked, told so: what is typed then replaces it, or, not to be
 * remembered, the wrong one is forgotten. */
static void
test_keyring_refused (Fixture       *f,
                      gconstpointer  data)
{
  gboolean keep = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autofree char *secret = NULL;

  if (f->prompter == NULL)
    return;
  f->answer = "the old one";
  f->remember = TRUE;
  g_assert_null (connect_to ("lab", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpuint (f->asked[DOMUS_SSH_QUESTION_SECRET], >, 1);
  g_assert_cmpuint (f->asked_again, ==, 0);
  secret = remembered (f);
  g_assert_null (secret);

  /* As if remembered when it was right. */
  domus_test_keyring_store ("lab", f->last_prompt, "the old one");
  f->answer = PASSPHRASE;
  f->remember = keep;
  host = connect_to ("lab", &error);
  g_assert_no_error (error);
  assert_serves_lab (host);
  g_assert_cmpuint (f->asked_again, ==, 1);
  domus_test_keyring_wait_for ("lab", f->last_prompt, keep ? PASSPHRASE : NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* The keyring's cases are a test of their own (meson's ssh-keyring):
   * libsecret 0.20.5 leaks a reply of the Secret Service at each lookup and
   * store, so the sanitizer tree runs them without the leak check. */
  gboolean keyring_cases = argc > 1 && g_str_equal (argv[argc - 1], "--keyring");
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Only the keys of the ssh_config: no agent of the user's. */
  g_unsetenv ("SSH_AUTH_SOCK");

  if (!keyring_cases)
    {
      g_test_add ("/ssh-prompter/passphrase", Fixture, NULL, fixture_setup, test_passphrase, fixture_teardown);
      g_test_add ("/ssh-prompter/wrong-passphrase", Fixture, NULL, fixture_setup, test_wrong_passphrase,
                  fixture_teardown);
      g_test_add ("/ssh-prompter/cancelled-passphrase", Fixture, NULL, fixture_setup, test_cancelled_passphrase,
                  fixture_teardown);
      g_test_add ("/ssh-prompter/host-key-trusted", Fixture, NULL, fixture_setup, test_host_key_trusted,
                  fixture_teardown);
      g_test_add ("/ssh-prompter/host-key-refused", Fixture, NULL, fixture_setup, test_host_key_refused,
                  fixture_teardown);
      return g_test_run ();
    }

  /* A session bus and a keyring of the test's own, for every case: the
   * keyring's client (libsecret) keeps its connection for the process. */
  keyring = domus_test_keyring_start (&no_keyring);
  g_test_add ("/ssh-prompter/keyring-remembered", Fixture, NULL, keyring_setup, test_keyring_remembered,
              keyring_teardown);
  g_test_add ("/ssh-prompter/keyring-not-remembered", Fixture, NULL, keyring_setup, test_keyring_not_remembered,
              keyring_teardown);
  g_test_add ("/ssh-prompter/keyring-refused-replaced", Fixture, GINT_TO_POINTER (TRUE), keyring_setup,
              test_keyring_refused, keyring_teardown);
  g_test_add ("/ssh-prompter/keyring-refused-forgotten", Fixture, GINT_TO_POINTER (FALSE), keyring_setup,
              test_keyring_refused, keyring_teardown);
  status = g_test_run ();
  domus_test_keyring_stop (keyring);
  return status;
}
