/* domus-ssh-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-ssh-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-ssh-command.h"

#define CONNECT_TIMEOUT_S 10

struct _DomusSshCommand
{
  GObject  parent_instance;
  char    *destination;
  guint    port;
  char    *command;
  char    *identity_file;
  char    *known_hosts_file;
};

G_DEFINE_FINAL_TYPE (DomusSshCommand, domus_ssh_command, G_TYPE_OBJECT)

static void
domus_ssh_command_finalize (GObject *object)
{
  DomusSshCommand *self = DOMUS_SSH_COMMAND (object);

  g_free (self->destination);
  g_free (self->command);
  g_free (self->identity_file);
  g_free (self->known_hosts_file);

  G_OBJECT_CLASS (domus_ssh_command_parent_class)->finalize (object);
}

static void
domus_ssh_command_class_init (DomusSshCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_ssh_command_finalize;
}

static void
domus_ssh_command_init (DomusSshCommand *self)
{
}

DomusSshCommand *
domus_ssh_command_new (const char *destination,
                       guint       port,
                       const char *command)
{
  DomusSshCommand *self;

  g_return_val_if_fail (destination != NULL && command != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_SSH_COMMAND, NULL);
  self->destination = g_strdup (destination);
  self->port = port;
  self->command = g_strdup (command);
  return self;
}

void
domus_ssh_command_set_identity_file (DomusSshCommand *self,
                                     const char      *path)
{
  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));

  g_free (self->identity_file);
  self->identity_file = g_strdup (path);
}

void
domus_ssh_command_set_known_hosts_file (DomusSshCommand *self,
                                        const char      *path)
{
  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));

  g_free (self->known_hosts_file);
  self->known_hosts_file = g_strdup (path);
}

/* The host part of [user@]host, for messages. */
static const char *
host_of (DomusSshCommand *self)
{
  const char *at = strrchr (self->destination, '@');

  return at != NULL ? at + 1 : self->destination;
}

/* ssh exits 255 for its own failures: say which, in words. */
static GError *
ssh_error (DomusSshCommand *self,
           const char      *err)
{
  const char *host = host_of (self);

  if (strstr (err, "Connection refused"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Cannot reach %s: the connection was refused (is sshd running there?)"), host);
  if (strstr (err, "Could not resolve hostname"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("No host is called “%s”"), host);
  if (strstr (err, "timed out") || strstr (err, "No route to host") || strstr (err, "unreachable"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot reach %s: no answer"), host);
  if (strstr (err, "IDENTIFICATION HAS CHANGED"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("The host key of %s has changed since it was recorded: check why before "
                          "trusting it"), host);
  if (strstr (err, "Host key verification failed") || strstr (err, "No ED25519 host key is known")
      || strstr (err, "host key is known"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("The host key of %s is not known: connect once with ssh, or add it with "
                          "ssh-keyscan"), host);
  if (strstr (err, "Permission denied"))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Login to %s failed: the server refused the key (no password prompts "
                          "in batch mode)"), self->destination);
  {
    g_autofree char *message = g_strstrip (g_strdup (err));
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("ssh to %s failed: %s"), host, message);
  }
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusSshCommand *self = g_task_get_source_object (task);
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = g_subprocess_get_exit_status (process);
  if (status == 255)
    g_task_return_error (task, ssh_error (self, err != NULL ? err : ""));
  else if (status != 0)
    {
      const char *tail = err != NULL ? err : "";

      if (strlen (tail) > 300)
        tail += strlen (tail) - 300;
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("“%s” on %s exited with status %d: %s"),
                               self->command, host_of (self), status, g_strstrip ((char *) tail));
    }
  else
    g_task_return_pointer (task, g_steal_pointer (&out), g_free);
}

static void
cancelled_cb (GCancellable *cancellable,
              GSubprocess  *process)
{
  /* Stop the ssh client at once; the communicate call then ends cancelled. */
  g_subprocess_force_exit (process);
}

void
domus_ssh_command_run_async (DomusSshCommand     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_ssh_command_run_async);

  g_ptr_array_add (argv, g_strdup ("ssh"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("BatchMode=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("StrictHostKeyChecking=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup_printf ("ConnectTimeout=%d", CONNECT_TIMEOUT_S));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("LogLevel=ERROR"));
  if (self->known_hosts_file != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup_printf ("UserKnownHostsFile=%s", self->known_hosts_file));
    }
  if (self->identity_file != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (self->identity_file));
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup ("IdentitiesOnly=yes"));
    }
  if (self->port != 0)
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", self->port));
    }
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (self->destination));
  g_ptr_array_add (argv, g_strdup (self->command));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                               _("Cannot run the OpenSSH client: %s"), error->message);
      return;
    }

  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (cancelled_cb), process, 0);
  g_subprocess_communicate_utf8_async (process, "", cancellable, communicate_cb, g_steal_pointer (&task));
}

char *
domus_ssh_command_run_finish (DomusSshCommand  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
domus_ssh_parse_score (const char  *output,
                       const char  *regex,
                       double      *score,
                       GError     **error)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *start = NULL;
  char *end;

  if (!(re = g_regex_new (regex, 0, 0, &local_error)))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a regular expression: %s"), regex, local_error->message);
      return FALSE;
    }

  start = g_utf8_substring (output, 0, MIN (g_utf8_strlen (output, -1), 60));
  if (!g_regex_match (re, output, 0, &match))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("No score: “%s” matches nothing in the output, which begins “%s”"), regex,
                   g_strstrip (start));
      return FALSE;
    }

  text = g_match_info_fetch (match, g_regex_get_capture_count (re) > 0 ? 1 : 0);
  *score = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || *end != '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("No score: “%s” picked “%s”, which is not a number"), regex, text);
      return FALSE;
    }
  return TRUE;
}
