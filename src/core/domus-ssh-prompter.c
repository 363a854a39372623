/* domus-ssh-prompter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-ssh-prompter"

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "domus-ssh-prompter.h"

/* What domus-askpass sends: ssh's hint, the host and the prompt (a host
 * key's text with its fingerprint is well under this). */
#define QUESTION_MAX 16384
/* What it takes back, as domus-askpass reads it. */
#define ANSWER_MAX 4095

struct _DomusSshPrompter
{
  GObject           parent_instance;

  char             *dir;          /* 0700, under $XDG_RUNTIME_DIR */
  char             *socket_path;
  GSocketService   *service;
  GHashTable       *questions;    /* id → Question, waiting for their answers */
  GHashTable       *refused;      /* hosts whose last host key asked was refused */
  guint             last_id;
  GCancellable     *cancellable;
  gboolean          keyring;      /* secrets looked up and remembered in the user's keyring */
  /* "host\nprompt" → whether the last answer to it, since ssh for that
   * host started, came from the keyring (TRUE) or from the user (FALSE):
   * asked again, the answer was refused. */
  GHashTable       *answered;
  /* "host\nprompt" → the secret typed, to be remembered once ssh logged in
   * with it: a secret the server refuses is never kept. */
  GHashTable       *to_remember;
};

typedef struct
{
  DomusSshPrompter  *self;        /* unowned: the prompter cancels the reads before it goes */
  GSocketConnection *connection;
  GByteArray        *text;
  DomusSshQuestionKind kind;
  const char        *host;        /* in text */
  const char        *prompt;      /* in text */
  gboolean           remembered_refused;
  guint8             buffer[1024];
} Question;

enum { QUESTION, N_SIGNALS };
static guint signals[N_SIGNALS];

static DomusSshPrompter *default_prompter;

G_DEFINE_FINAL_TYPE (DomusSshPrompter, domus_ssh_prompter, G_TYPE_OBJECT)

static void
question_free (Question *question)
{
  /* Closing without an answer: domus-askpass fails, ssh takes it as refused. */
  g_io_stream_close (G_IO_STREAM (question->connection), NULL, NULL);
  g_object_unref (question->connection);
  g_byte_array_unref (question->text);
  g_free (question);
}

/* A secret is remembered for a host as Domus names it and ssh's prompt,
 * which names the user (a password) or the key (a passphrase). */
static const SecretSchema *
secret_schema (void)
{
  static const SecretSchema schema = {
    "io.domus.Domus.SshSecret", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "prompt", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static char *
answered_key (const char *host,
              const char *prompt)
{
  return g_strconcat (host, "\n", prompt, NULL);
}

static void
secret_free (char *secret)
{
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* The secrets of ssh to @host: its host and prompt are the key's. */
static void
remove_host_keys (GHashTable *table,
                  const char *host)
{
  g_autofree char *prefix = g_strconcat (host, "\n", NULL);
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

static DomusSshQuestionKind
classify (const char *hint,
          const char *prompt)
{
  if (g_strcmp0 (hint, "confirm") == 0)
    return DOMUS_SSH_QUESTION_CONFIRM;
  /* ssh's own words (LC_ALL=C): "Are you sure you want to continue
   * connecting (yes/no/[fingerprint])?" */
  if (strstr (prompt, "(yes/no") != NULL || strstr (prompt, "Please type 'yes'") != NULL)
    return DOMUS_SSH_QUESTION_HOST_KEY;
  return DOMUS_SSH_QUESTION_SECRET;
}

typedef struct
{
  DomusSshPrompter *self;
  guint             id;
} LookingUp;

static void
reply (Question   *question,
       const char *answer)
{
  gsize length;
  char *text;

  if (answer != NULL && (length = strlen (answer)) <= ANSWER_MAX)
    {
      /* 'y' and the answer, in one buffer wiped after: a password lives no
       * longer than the write. */
      text = g_malloc (length + 1);
      text[0] = 'y';
      memcpy (text + 1, answer, length);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (question->connection)), text,
                                 length + 1, NULL, NULL, NULL);
      explicit_bzero (text, length + 1);
      g_free (text);
    }
  question_free (question);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookingUp *looking_up = user_data;
  DomusSshPrompter *self = looking_up->self;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  Question *question;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || !(question = g_hash_table_lookup (self->questions, GUINT_TO_POINTER (looking_up->id))))
    {
      secret_password_free (secret);
      g_free (looking_up);
      return;
    }
  /* No keyring (no Secret Service in this session, or it is locked and
   * stays so): the user is asked, as without one. */
  if (error != NULL)
    g_debug ("No secret from the keyring for %s: %s", question->host, error->message);
  if (secret != NULL)
    {
      g_hash_table_steal (self->questions, GUINT_TO_POINTER (looking_up->id));
      g_hash_table_insert (self->answered, answered_key (question->host, question->prompt), GINT_TO_POINTER (TRUE));
      reply (question, secret);
      secret_password_free (secret);
    }
  else
    g_signal_emit (self, signals[QUESTION], 0, looking_up->id, question->kind, question->host, question->prompt);
  g_free (looking_up);
}

/* A secret the keyring has for the question is given to ssh at once, the
 * first time ssh asks it; asked again, it was refused, and the user is. */
static void
look_up (DomusSshPrompter *self,
         guint             id,
         Question         *question)
{
  g_autofree char *key = answered_key (question->host, question->prompt);
  gpointer from_keyring;
  LookingUp *looking_up;

  if (g_hash_table_lookup_extended (self->answered, key, NULL, &from_keyring))
    {
      /* Asked again: the last answer was wrong. */
      g_hash_table_remove (self->to_remember, key);
      question->remembered_refused = GPOINTER_TO_INT (from_keyring);
      g_signal_emit (self, signals[QUESTION], 0, id, question->kind, question->host, question->prompt);
      return;
    }
  looking_up = g_new0 (LookingUp, 1);
  looking_up->self = self;
  looking_up->id = id;
  secret_password_lookup (secret_schema (), self->cancellable, looked_up_cb, looking_up,
                          "host", question->host, "prompt", question->prompt, NULL);
}

/* The three fields domus-askpass sent, each ended by a NUL byte. */
static void
ask (Question *question)
{
  DomusSshPrompter *self = question->self;
  const char *fields[3];
  gsize at = 0;
  guint id;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const guint8 *end = memchr (question->text->data + at, '\0', question->text->len - at);

      if (end == NULL)
        {
          question_free (question);
          return;
        }
      fields[i] = (const char *) question->text->data + at;
      at = end - question->text->data + 1;
    }
  if (!g_utf8_validate (fields[1], -1, NULL) || !g_utf8_validate (fields[2], -1, NULL))
    {
      question_free (question);
      return;
    }
  question->kind = classify (fields[0], fields[2]);
  question->host = fields[1];
  question->prompt = fields[2];
  id = ++self->last_id;
  g_hash_table_insert (self->questions, GUINT_TO_POINTER (id), question);
  if (question->kind == DOMUS_SSH_QUESTION_SECRET && self->keyring)
    look_up (self, id, question);
  else
    g_signal_emit (self, signals[QUESTION], 0, id, question->kind, question->host, question->prompt);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Question *question = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0 || question->text->len + n > QUESTION_MAX)
    {
      question_free (question);
      return;
    }
  if (n == 0)
    {
      ask (question);
      return;
    }
  g_byte_array_append (question->text, question->buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), question->buffer, sizeof question->buffer, G_PRIORITY_DEFAULT,
                             question->self->cancellable, read_cb, question);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             DomusSshPrompter  *self)
{
  Question *question = g_new0 (Question, 1);

  question->self = self;
  question->connection = g_object_ref (connection);
  question->text = g_byte_array_new ();
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), question->buffer,
                             sizeof question->buffer, G_PRIORITY_DEFAULT, self->cancellable, read_cb, question);
  return TRUE;
}

static void
domus_ssh_prompter_dispose (GObject *object)
{
  DomusSshPrompter *self = DOMUS_SSH_PROMPTER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  g_hash_table_remove_all (self->questions);
  if (self->socket_path != NULL)
    g_unlink (self->socket_path);
  if (self->dir != NULL)
    g_rmdir (self->dir);

  G_OBJECT_CLASS (domus_ssh_prompter_parent_class)->dispose (object);
}

static void
domus_ssh_prompter_finalize (GObject *object)
{
  DomusSshPrompter *self = DOMUS_SSH_PROMPTER (object);

  g_hash_table_unref (self->questions);
  g_hash_table_unref (self->refused);
  g_hash_table_unref (self->answered);
  g_hash_table_unref (self->to_remember);
  g_clear_object (&self->cancellable);
  g_free (self->socket_path);
  g_free (self->dir);

  G_OBJECT_CLASS (domus_ssh_prompter_parent_class)->finalize (object);
}

static void
domus_ssh_prompter_class_init (DomusSshPrompterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_ssh_prompter_dispose;
  object_class->finalize = domus_ssh_prompter_finalize;

  /**
   * DomusSshPrompter::question:
   * @id: what domus_ssh_prompter_answer() takes
   * @kind: a #DomusSshQuestionKind
   * @host: the host ssh is connecting to
   * @prompt: ssh's own words (a host key's include its fingerprint)
   */
  signals[QUESTION] = g_signal_new ("question", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);
}

static void
domus_ssh_prompter_init (DomusSshPrompter *self)
{
  self->questions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) question_free);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->to_remember = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) secret_free);
  self->cancellable = g_cancellable_new ();
}

DomusSshPrompter *
domus_ssh_prompter_new (GError **error)
{
  g_autoptr(DomusSshPrompter) self = g_object_new (DOMUS_TYPE_SSH_PROMPTER, NULL);
  g_autoptr(GSocketAddress) address = NULL;

  /* A folder only this user enters: whoever reaches the socket is this
   * user's ssh. $XDG_RUNTIME_DIR is private and short enough for a socket
   * path; GLib falls back on the cache folder without it. */
  self->dir = g_build_filename (g_get_user_runtime_dir (), "domus-askpass-XXXXXX", NULL);
  if (g_mkdtemp_full (self->dir, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", self->dir, g_strerror (saved));
      g_clear_pointer (&self->dir, g_free);
      return NULL;
    }
  self->socket_path = g_build_filename (self->dir, "socket", NULL);
  self->service = g_socket_service_new ();
  address = g_unix_socket_address_new (self->socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, error))
    return NULL;
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  return g_steal_pointer (&self);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The keyring did not keep the secret: %s", error->message);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The keyring did not forget the secret: %s", error->message);
}

void
domus_ssh_prompter_answer (DomusSshPrompter *self,
                           guint             id,
                           const char       *answer)
{
  domus_ssh_prompter_answer_full (self, id, answer, FALSE);
}

void
domus_ssh_prompter_answer_full (DomusSshPrompter *self,
                                guint             id,
                                const char       *answer,
                                gboolean          remember)
{
  Question *question;

  g_return_if_fail (DOMUS_IS_SSH_PROMPTER (self));

  if (!(question = g_hash_table_lookup (self->questions, GUINT_TO_POINTER (id))))
    return;
  g_hash_table_steal (self->questions, GUINT_TO_POINTER (id));
  /* ssh then says only "Host key verification failed", as for a key it
   * could not ask about: the words for the user's "no" come from here. */
  if (question->kind == DOMUS_SSH_QUESTION_HOST_KEY && g_strcmp0 (answer, "yes") != 0)
    g_hash_table_add (self->refused, g_strdup (question->host));
  if (question->kind == DOMUS_SSH_QUESTION_SECRET && self->keyring && answer != NULL)
    {
      g_hash_table_insert (self->answered, answered_key (question->host, question->prompt), GINT_TO_POINTER (FALSE));
      if (remember)
        g_hash_table_insert (self->to_remember, answered_key (question->host, question->prompt), g_strdup (answer));
      else if (question->remembered_refused)
        /* The secret remembered was refused and the user chose not to keep
         * the one typed: the wrong one is not given again. */
        secret_password_clear (secret_schema (), self->cancellable, cleared_cb, NULL,
                               "host", question->host, "prompt", question->prompt, NULL);
    }
  reply (question, answer);
}

void
domus_ssh_prompter_logged_in (DomusSshPrompter *self,
                              const char       *host)
{
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  const char *key;
  const char *secret;

  g_return_if_fail (DOMUS_IS_SSH_PROMPTER (self));
  g_return_if_fail (host != NULL);

  prefix = g_strconcat (host, "\n", NULL);
  g_hash_table_iter_init (&iter, self->to_remember);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &secret))
    {
      const char *prompt = key + strlen (prefix);
      g_autofree char *asked = NULL;
      g_autofree char *label = NULL;

      if (!g_str_has_prefix (key, prefix))
        continue;
      asked = g_strstrip (g_strdup (prompt));
      /* TRANSLATORS: how the keyring (Seahorse, “Passwords and Keys”)
       * lists a secret Domus keeps; %s is ssh's question, as
       * “student@lab-3's password:” */
      label = g_strdup_printf (_("Domus: %s"), asked);
      secret_password_store (secret_schema (), SECRET_COLLECTION_DEFAULT, label, secret, self->cancellable,
                             stored_cb, NULL, "host", host, "prompt", prompt, NULL);
      g_hash_table_iter_remove (&iter);
    }
}

gboolean
domus_ssh_prompter_get_keyring (DomusSshPrompter *self)
{
  g_return_val_if_fail (DOMUS_IS_SSH_PROMPTER (self), FALSE);

  return self->keyring;
}

void
domus_ssh_prompter_set_keyring (DomusSshPrompter *self,
                                gboolean          keyring)
{
  g_return_if_fail (DOMUS_IS_SSH_PROMPTER (self));

  self->keyring = !!keyring;
}

gboolean
domus_ssh_prompter_remembered_refused (DomusSshPrompter *self,
                                       guint             id)
{
  Question *question;

  g_return_val_if_fail (DOMUS_IS_SSH_PROMPTER (self), FALSE);

  question = g_hash_table_lookup (self->questions, GUINT_TO_POINTER (id));
  return question != NULL && question->remembered_refused;
}

/* A new ssh for @host: what it asks first is not a question asked again. */
static void
forget_answered (DomusSshPrompter *self,
                 const char       *host)
{
  remove_host_keys (self->answered, host);
  remove_host_keys (self->to_remember, host);
}

void
domus_ssh_prompter_prepare (DomusSshPrompter    *self,
                            GSubprocessLauncher *launcher,
                            const char          *host)
{
  const char *askpass = g_getenv ("DOMUS_ASKPASS");

  g_return_if_fail (DOMUS_IS_SSH_PROMPTER (self));
  g_return_if_fail (G_IS_SUBPROCESS_LAUNCHER (launcher));
  g_return_if_fail (host != NULL);

  g_hash_table_remove (self->refused, host);
  forget_answered (self, host);
  /* $DOMUS_ASKPASS: the one in the build folder, for tests. Forced: ssh
   * asks through it even with a terminal or without $DISPLAY. */
  g_subprocess_launcher_setenv (launcher, "SSH_ASKPASS", askpass != NULL ? askpass : ASKPASS_PATH, TRUE);
  g_subprocess_launcher_setenv (launcher, "SSH_ASKPASS_REQUIRE", "force", TRUE);
  g_subprocess_launcher_setenv (launcher, "DOMUS_ASKPASS_SOCKET", self->socket_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "DOMUS_ASKPASS_HOST", host, TRUE);
}

gboolean
domus_ssh_prompter_host_key_refused (DomusSshPrompter *self,
                                     const char       *host)
{
  g_return_val_if_fail (DOMUS_IS_SSH_PROMPTER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  return g_hash_table_contains (self->refused, host);
}

DomusSshPrompter *
domus_ssh_prompter_get_default (void)
{
  return default_prompter;
}

void
domus_ssh_prompter_set_default (DomusSshPrompter *prompter)
{
  g_return_if_fail (prompter == NULL || DOMUS_IS_SSH_PROMPTER (prompter));

  g_set_object (&default_prompter, prompter);
}
