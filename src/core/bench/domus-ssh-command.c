/* domus-ssh-command.c: one command on one host, through OpenSSH
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-ssh-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "domus-error.h"
#include "domus-process-run.h"
#include "domus-ssh-command.h"

#define DEFAULT_TIMEOUT_S 10
#define SSH_PORT          22
#define STDERR_TAIL_BYTES 300
#define OUTPUT_START_CHARS 60

struct _DomusSshCommand
{
  GObject  parent_instance;

  char    *destination;
  char    *command;
  char    *identity_file;
  char    *known_hosts_file;
  guint    port;
  guint    timeout_s;
  guint    limit_s;
  int      exit_status;
  guint64  output_dropped;
};

G_DEFINE_FINAL_TYPE (DomusSshCommand, domus_ssh_command, G_TYPE_OBJECT)

static void
domus_ssh_command_finalize (GObject *object)
{
  DomusSshCommand *self = DOMUS_SSH_COMMAND (object);

  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->identity_file, g_free);
  g_clear_pointer (&self->known_hosts_file, g_free);

  G_OBJECT_CLASS (domus_ssh_command_parent_class)->finalize (object);
}

static void
domus_ssh_command_class_init (DomusSshCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = domus_ssh_command_finalize;
}

static void
domus_ssh_command_init (DomusSshCommand *self)
{
  self->exit_status = -1;
  self->limit_s = DOMUS_PROCESS_TIME_LIMIT;
}

DomusSshCommand *
domus_ssh_command_new (const char *destination,
                       guint       port,
                       const char *command)
{
  DomusSshCommand *self;

  g_return_val_if_fail (destination != NULL && *destination != '\0', NULL);
  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

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

void
domus_ssh_command_set_timeout (DomusSshCommand *self,
                               guint            seconds)
{
  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));

  self->timeout_s = seconds;
}

void
domus_ssh_command_set_limit (DomusSshCommand *self,
                             guint            seconds)
{
  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));
  g_return_if_fail (seconds > 0);

  self->limit_s = seconds;
}

guint64
domus_ssh_command_get_output_dropped (DomusSshCommand *self)
{
  g_return_val_if_fail (DOMUS_IS_SSH_COMMAND (self), 0);

  return self->output_dropped;
}

int
domus_ssh_command_get_exit_status (DomusSshCommand *self)
{
  g_return_val_if_fail (DOMUS_IS_SSH_COMMAND (self), -1);

  return self->exit_status;
}

/* The host part of [user@]host, for messages. */
static const char *
host_part (const char *destination)
{
  const char *at = strrchr (destination, '@');

  return at != NULL ? at + 1 : destination;
}

static const char *
host_of (DomusSshCommand *self)
{
  return host_part (self->destination);
}

GError *
domus_ssh_error_new (const char *destination,
                     guint       port,
                     guint       timeout_s,
                     gboolean    batch_mode,
                     const char *err)
{
  const char *host = host_part (destination);
  const char *said_port = strstr (err, " port ");
  g_autofree char *detail = NULL;

  /* Unless given, the port ssh says it tried (~/.ssh/config may set it). */
  if (port == 0 && said_port != NULL)
    port = (guint) g_ascii_strtoull (said_port + strlen (" port "), NULL, 10);
  port = port != 0 ? port : SSH_PORT;
  timeout_s = timeout_s != 0 ? timeout_s : DEFAULT_TIMEOUT_S;
  if (strstr (err, "Connection refused") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Cannot reach %s port %u: connection refused (is sshd running there?)"),
                        host, port);
  if (strstr (err, "Could not resolve hostname") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                        _("Cannot reach %s: no host has that name"), host);
  if (strstr (err, "No route to host") != NULL || strstr (err, "unreachable") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Cannot reach %s port %u: no route to host (is it up, on this network?)"),
                        host, port);
  if (strstr (err, "timed out") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Cannot reach %s port %u: no answer within %u s"), host, port, timeout_s);
  /* Before the unknown key: ssh also says "Host key verification failed". */
  if (strstr (err, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("The host key of %s has changed since it was recorded: if the host was "
                          "reinstalled, remove the old key with ssh-keygen -R; otherwise, "
                          "someone may be in the way"), host);
  if (strstr (err, "Host key verification failed") != NULL
      || strstr (err, "host key is known") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("The host key of %s is not known: add it with ssh-keyscan or connect "
                          "once with ssh"), host);
  if (strstr (err, "Permission denied") != NULL && batch_mode)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("Login to %s failed: the server refused the key (BatchMode: no password "
                          "prompts)"), destination);
  if (strstr (err, "Permission denied") != NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                        _("Login to %s failed: the server refused the keys and passwords given"), destination);

  detail = domus_process_text_tail (err, STDERR_TAIL_BYTES);
  if (detail[0] == '\0')
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                        _("ssh to %s failed without saying why"), host);
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("ssh to %s failed: %s"), host, detail);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusSshCommand *self = g_task_get_source_object (task);
  g_autoptr(DomusProcessResult) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert (DOMUS_IS_SSH_COMMAND (self));

  self->exit_status = -1;
  self->output_dropped = 0;

  /* Cancelled or not, ssh has exited and been reaped by now. */
  if (!(run = domus_process_run_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                                 _("Cannot run the OpenSSH client (ssh): %s"), error->message);
      return;
    }
  if (run->timed_out)
    {
      /* TRANSLATORS: a command, a host, then seconds */
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("“%s” on %s ran longer than its limit of %u s and was stopped"),
                               self->command, host_of (self), self->limit_s);
      return;
    }

  err = domus_process_text (run->err);
  if (!run->exited)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("ssh to %s was killed by signal %d"), host_of (self), run->status);
      return;
    }

  if (run->status == 255)
    {
      g_task_return_error (task, domus_ssh_error_new (self->destination, self->port, self->timeout_s, TRUE, err));
      return;
    }

  self->exit_status = run->status;
  if (run->status != 0)
    {
      g_autofree char *tail = domus_process_text_tail (err, STDERR_TAIL_BYTES);

      if (tail[0] == '\0')
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("“%s” on %s exited with status %d"),
                                 self->command, host_of (self), run->status);
      else
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("“%s” on %s exited with status %d: %s"),
                                 self->command, host_of (self), run->status, tail);
      return;
    }

  self->output_dropped = run->out_dropped;
  g_task_return_pointer (task, domus_process_text (run->out), g_free);
}

/* What ssh asks the remote shell to run: the command, and its end when the
 * connection ends. sshd signals nothing to a command without a terminal
 * when the connection goes (at a limit, on cancel, or when Domus dies), so
 * a workload would burn on in its domain, skewing the next measurement,
 * until it next wrote. Instead the command runs in a session of its own,
 * in the user's login shell as ssh would run it, and beside it a watcher
 * reads the connection's standard input, which Domus holds open and never
 * writes: at its end, the watcher kills the command's whole group. The
 * connection can end before setsid(1) has made that group: then there is
 * no group yet, and the watcher kills the process that would have made it,
 * then the group once more, for one made between the two kills. Where
 * setsid(1) is missing, the command runs as before. */
static char *
remote_command (const char *command)
{
  g_autofree char *quoted = g_shell_quote (command);

  return g_strdup_printf ("exec 3<&0 </dev/null; "
                          "if command -v setsid >/dev/null 2>&1; then "
                          "setsid \"${SHELL:-sh}\" -c %s 3<&- & p=$!; "
                          "{ cat <&3; kill -KILL -$p || kill -KILL $p; kill -KILL -$p; } "
                          ">/dev/null 2>&1 & w=$!; "
                          "exec 3<&-; wait $p; s=$?; kill $w 2>/dev/null; exit $s; "
                          "fi; "
                          "exec \"${SHELL:-sh}\" -c %s 3<&-",
                          quoted, quoted);
}

void
domus_ssh_command_run_async (DomusSshCommand     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_auto(GStrv) envp = NULL;

  g_return_if_fail (DOMUS_IS_SSH_COMMAND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_ssh_command_run_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("ssh"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("BatchMode=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("StrictHostKeyChecking=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup_printf ("ConnectTimeout=%u",
                                          self->timeout_s != 0 ? self->timeout_s
                                                               : DEFAULT_TIMEOUT_S));
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
  g_ptr_array_add (argv, remote_command (self->command));
  g_ptr_array_add (argv, NULL);

  /* Standard input is held open for the watcher (the command itself reads
   * /dev/null). ssh's own messages (and strerror's) in English, so they can
   * be recognised; a C locale also keeps decimal points in scores where
   * Debian's SendEnv LC_* passes it on. */
  envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  domus_process_run_async ((const char * const *) argv->pdata, (const char * const *) envp,
                           DOMUS_PROCESS_RUN_HOLD_STDIN, self->limit_s, cancellable, run_cb,
                           g_steal_pointer (&task));
}

char *
domus_ssh_command_run_finish (DomusSshCommand  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (DOMUS_IS_SSH_COMMAND (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_ssh_command_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The start of @output on one line, for a message. */
static char *
output_start (const char *output)
{
  glong length = g_utf8_strlen (output, -1);
  g_autofree char *start = g_utf8_substring (output, 0, MIN (length, OUTPUT_START_CHARS));
  gboolean cut = length > OUTPUT_START_CHARS;

  g_strdelimit (start, "\r\n\t", ' ');
  g_strstrip (start);
  return cut ? g_strconcat (start, "…", NULL) : g_steal_pointer (&start);
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
  g_autofree char *valid = NULL;
  g_autofree char *start = NULL;
  g_autofree char *text = NULL;
  char *end = NULL;
  double value = NAN;

  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (regex != NULL, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  re = g_regex_new (regex, G_REGEX_MULTILINE, 0, &local_error);
  if (re == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a regular expression: %s"), regex, local_error->message);
      return FALSE;
    }

  valid = g_utf8_make_valid (output, -1);
  start = output_start (valid);
  if (!g_regex_match (re, valid, 0, &match))
    {
      if (start[0] == '\0')
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("No score: the output is empty, so “%s” matches nothing"), regex);
      else
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("No score: “%s” matches nothing in the output, which begins “%s”"),
                     regex, start);
      return FALSE;
    }

  text = g_match_info_fetch (match, g_regex_get_capture_count (re) > 0 ? 1 : 0);
  if (text != NULL)
    {
      g_strstrip (text);
      value = g_ascii_strtod (text, &end);
    }
  if (text == NULL || text[0] == '\0' || end == NULL || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("No score: “%s” picked “%s”, which is not a number, from the output that "
                     "begins “%s”"), regex, text != NULL ? text : "", start);
      return FALSE;
    }

  *score = value;
  return TRUE;
}
