/* domus-agent-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-agent-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domus-agent-process.h"
#include "domus-error.h"
#include "domus-ssh-prompter.h"
#include "bench/domus-process-run.h"
#include "bench/domus-ssh-command.h"

/* How much of the agent's standard error is kept: its last words. */
#define LOG_BYTES 4096
/* What a message quotes of it. */
#define LOG_TAIL_BYTES 300
/* How long an agent that failed gets to end by itself. */
#define END_GRACE_S 5

/* A shell's status for a command it cannot find, and pkexec's when the
 * user is not authorised; ssh's for its own failures; pkexec's when the
 * user dismissed its dialog. */
#define STATUS_NOT_FOUND       127
#define STATUS_SSH_FAILED      255
#define STATUS_PKEXEC_DISMISSED 126

struct _DomusAgentProcess
{
  GObject             parent_instance;

  GSubprocess        *process;
  DomusRemoteAddress *address;    /* NULL: a command of the caller's */
  GIOStream          *stream;
  GString            *log;        /* the end of its standard error */
  gboolean            log_ended;
  gboolean            exited;
  GCancellable       *cancellable;
  GTask              *explaining; /* waits for the end of the log and of the process */
  guint               grace_id;
  guint8              buffer[1024];
};

G_DEFINE_FINAL_TYPE (DomusAgentProcess, domus_agent_process, G_TYPE_OBJECT)

static void explain_if_ended (DomusAgentProcess *self);

static void
read_log_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DomusAgentProcess) self = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      self->log_ended = TRUE;
      explain_if_ended (self);
      return;
    }
  g_string_append_len (self->log, (const char *) self->buffer, n);
  if (self->log->len > LOG_BYTES)
    g_string_erase (self->log, 0, self->log->len - LOG_BYTES);
  g_input_stream_read_async (G_INPUT_STREAM (source), self->buffer, sizeof self->buffer, G_PRIORITY_DEFAULT,
                             self->cancellable, read_log_cb, g_object_ref (self));
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DomusAgentProcess) self = user_data;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    return;
  self->exited = TRUE;
  explain_if_ended (self);
}

static void
domus_agent_process_dispose (GObject *object)
{
  DomusAgentProcess *self = DOMUS_AGENT_PROCESS (object);

  domus_agent_process_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_object (&self->stream);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (domus_agent_process_parent_class)->dispose (object);
}

static void
domus_agent_process_finalize (GObject *object)
{
  DomusAgentProcess *self = DOMUS_AGENT_PROCESS (object);

  g_clear_pointer (&self->address, domus_remote_address_free);
  g_string_free (self->log, TRUE);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (domus_agent_process_parent_class)->finalize (object);
}

static void
domus_agent_process_class_init (DomusAgentProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_agent_process_dispose;
  object_class->finalize = domus_agent_process_finalize;
}

static void
domus_agent_process_init (DomusAgentProcess *self)
{
  self->log = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
}

DomusAgentProcess *
domus_agent_process_new (const char * const        *argv,
                         const DomusRemoteAddress  *address,
                         GError                   **error)
{
  g_autoptr(DomusAgentProcess) self = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_AGENT_PROCESS, NULL);
  self->address = address != NULL ? domus_remote_address_copy (address) : NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* ssh's own messages in English, so that they can be recognised. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  /* In the window, ssh asks its questions there; domusctl sets no
   * prompter, and ssh asks on the terminal. */
  if (address != NULL && address->kind == DOMUS_REMOTE_SSH && domus_ssh_prompter_get_default () != NULL)
    domus_ssh_prompter_prepare (domus_ssh_prompter_get_default (), launcher, address->host);
  self->process = g_subprocess_launcher_spawnv (launcher, argv, &local_error);
  if (self->process == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot start “%s”: %s"), argv[0],
                   local_error->message);
      return NULL;
    }
  self->stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (self->process),
                                         g_subprocess_get_stdin_pipe (self->process));
  g_input_stream_read_async (g_subprocess_get_stderr_pipe (self->process), self->buffer, sizeof self->buffer,
                             G_PRIORITY_DEFAULT, self->cancellable, read_log_cb, g_object_ref (self));
  g_subprocess_wait_async (self->process, self->cancellable, exited_cb, g_object_ref (self));
  return g_steal_pointer (&self);
}

GIOStream *
domus_agent_process_get_stream (DomusAgentProcess *self)
{
  g_return_val_if_fail (DOMUS_IS_AGENT_PROCESS (self), NULL);

  return self->stream;
}

void
domus_agent_process_connected (DomusAgentProcess *self)
{
  g_return_if_fail (DOMUS_IS_AGENT_PROCESS (self));

  /* The passwords it was given are right: those to remember are kept. */
  if (self->address != NULL && self->address->kind == DOMUS_REMOTE_SSH && domus_ssh_prompter_get_default () != NULL)
    domus_ssh_prompter_logged_in (domus_ssh_prompter_get_default (), self->address->host);
}

gboolean
domus_agent_process_refused_option (DomusAgentProcess *self,
                                    const char        *option)
{
  g_return_val_if_fail (DOMUS_IS_AGENT_PROCESS (self), FALSE);
  g_return_val_if_fail (option != NULL, FALSE);

  /* GOption's "Unknown option --framed", in whatever language: the option
   * itself is in it. */
  return self->exited && g_subprocess_get_if_exited (self->process)
         && g_subprocess_get_exit_status (self->process) == EXIT_FAILURE
         && strstr (self->log->str, option) != NULL;
}

void
domus_agent_process_stop (DomusAgentProcess *self)
{
  g_return_if_fail (DOMUS_IS_AGENT_PROCESS (self));

  if (self->process != NULL && !self->exited)
    g_subprocess_force_exit (self->process);
}

/* What the agent or the command before it said last, for a message. */
static char *
log_tail (DomusAgentProcess *self)
{
  return domus_process_text_tail (self->log->str, LOG_TAIL_BYTES);
}

/* pkexec's reason, from what it printed: "Error executing command as
 * another user: Not authorized" and more lines say "Not authorized". */
static char *
pkexec_reason (const char *log)
{
  static const char prefix[] = "Error executing command as another user: ";
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, prefix))
        return g_strdup (line + strlen (prefix));
    }
  return g_strdup ("pkexec");
}

static GError *
explain (DomusAgentProcess *self,
         const GError      *error)
{
  const char *where = self->address != NULL && self->address->host != NULL ? self->address->host : NULL;
  gboolean exited = g_subprocess_get_if_exited (self->process);
  int status = exited ? g_subprocess_get_exit_status (self->process) : -1;
  gboolean ssh = self->address != NULL && self->address->kind == DOMUS_REMOTE_SSH;
  /* As domus_remote_address_get_argv(): only a user who is not root goes
   * through pkexec. */
  gboolean pkexec = self->address != NULL && self->address->kind == DOMUS_REMOTE_LOCAL && geteuid () != 0;
  g_autofree char *tail = log_tail (self);

  if (ssh && status == STATUS_SSH_FAILED && domus_ssh_prompter_get_default () != NULL
      && domus_ssh_prompter_host_key_refused (domus_ssh_prompter_get_default (), where))
    /* TRANSLATORS: a host name */
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                        _("The host key of %s was not trusted: Domus did not connect, and recorded nothing"),
                        where);
  if (ssh && status == STATUS_SSH_FAILED)
    return domus_ssh_error_new (self->address->destination, self->address->port, 0, FALSE, self->log->str);
  if (status == STATUS_NOT_FOUND && where != NULL)
    /* TRANSLATORS: a host name */
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                        _("%s has no domus-agent: install Domus there (Debian package domus, or meson "
                          "install from its sources)"), where);
  if (pkexec && status == STATUS_PKEXEC_DISMISSED)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                        _("Not allowed to manage Xen on this computer: the administrator's password was "
                          "not given"));
  /* A rule's refusal, a wrong password, or no one to ask for it: pkexec's
   * own words tell which. */
  if (pkexec && status == STATUS_NOT_FOUND)
    {
      g_autofree char *reason = pkexec_reason (self->log->str);

      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                          /* TRANSLATORS: the end is pkexec's own words, e.g. "Not authorized" */
                          _("Not allowed to manage Xen on this computer: polkit refused the action "
                            "io.domus.Domus.agent (%s)"), reason);
    }
  if (exited && tail[0] != '\0')
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("The agent stopped: %s"), tail);
  if (exited)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("The agent stopped (exit status %d)"), status);
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot talk to the agent: %s"), error->message);
}

static void
explain_if_ended (DomusAgentProcess *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->explaining == NULL || !self->exited || !self->log_ended)
    return;
  task = g_steal_pointer (&self->explaining);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_task_return_pointer (task, explain (self, g_task_get_task_data (task)), (GDestroyNotify) g_error_free);
}

static gboolean
grace_over_cb (gpointer data)
{
  DomusAgentProcess *self = data;

  self->grace_id = 0;
  domus_agent_process_stop (self);
  return G_SOURCE_REMOVE;
}

void
domus_agent_process_explain_async (DomusAgentProcess   *self,
                                   const GError        *error,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_AGENT_PROCESS (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->explaining == NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, domus_agent_process_explain_async);
  g_task_set_task_data (task, g_error_copy (error), (GDestroyNotify) g_error_free);
  self->explaining = task;
  /* A bound, not a synchronisation: an agent that failed but goes on
   * (stuck, or not an agent) is stopped. */
  if (!self->exited)
    self->grace_id = g_timeout_add_seconds (END_GRACE_S, grace_over_cb, self);
  explain_if_ended (self);
}

GError *
domus_agent_process_explain_finish (DomusAgentProcess *self,
                                    GAsyncResult      *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
