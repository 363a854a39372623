/* domus-remote-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-agent.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-remote-link.h"

void
domus_remote_link_free (DomusRemoteLink *link)
{
  if (link == NULL)
    return;
  /* An agent nobody talks to has nothing more to do. */
  if (link->agent != NULL)
    domus_agent_process_stop (link->agent);
  g_clear_object (&link->proxy);
  g_clear_object (&link->connection);
  g_clear_object (&link->frames);
  g_clear_object (&link->agent);
  g_strfreev (link->unframed_argv);
  domus_remote_address_free (link->address);
  g_free (link);
}

static void open_with_task (GTask     *task,
                            GIOStream *stream,
                            gboolean   framed);
static gboolean spawn_with_task (GTask                    *task,
                                 const char * const       *argv,
                                 gboolean                  framed);

static void
explained_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusRemoteLink *link = g_task_get_task_data (task);
  GError *error = domus_agent_process_explain_finish (DOMUS_AGENT_PROCESS (source), result);
  g_auto(GStrv) argv = NULL;

  /* An agent of an older Domus stops at once, before it says anything,
   * refusing --framed: started again without, it talks D-Bus alone. Over
   * ssh the control master makes the second start cheap; through pkexec
   * it is a second authorisation, which auth_admin_keep lets through
   * without asking again. */
  if (link->unframed_argv != NULL && link->frames != NULL && domus_frames_get_bytes_read (link->frames) == 0
      && domus_agent_process_refused_option (DOMUS_AGENT_PROCESS (source), DOMUS_FRAMES_OPTION))
    {
      g_debug ("The agent refused %s (an older Domus): started again without", DOMUS_FRAMES_OPTION);
      g_clear_error (&error);
      argv = g_steal_pointer (&link->unframed_argv);
      g_clear_object (&link->connection);
      g_clear_object (&link->frames);
      g_clear_object (&link->agent);
      spawn_with_task (g_steal_pointer (&task), (const char * const *) argv, FALSE);
      return;
    }
  /* A stream that broke says more than the agent's end (it spoke). */
  if (link->frames != NULL && domus_frames_get_error (link->frames) != NULL
      && !g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_AUTH))
    {
      g_clear_error (&error);
      error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot talk to the agent: %s"),
                           domus_frames_get_error (link->frames)->message);
    }
  g_task_return_error (task, error);
}

/* Ends the opening with @error (taken), or with why the agent it started
 * failed. */
static void
return_error (GTask  *task,
              GError *error)
{
  DomusRemoteLink *link = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else if (link->agent != NULL)
    {
      domus_agent_process_explain_async (link->agent, error, explained_cb, g_object_ref (task));
      g_error_free (error);
    }
  else
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot talk to the agent: %s"),
                               error->message);
      g_error_free (error);
    }
}

static void
proxy_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusRemoteLink *link = g_task_get_task_data (task);
  DomusRemoteLink *ready;
  GError *error = NULL;
  guint n_pcpus;

  link->proxy = domus_dbus_host1_proxy_new_finish (result, &error);
  if (link->proxy == NULL)
    {
      return_error (task, error);
      return;
    }
  /* An agent that serves no io.domus.Host1 has no properties to read. */
  n_pcpus = domus_dbus_host1_get_npcpus (link->proxy);
  if (domus_dbus_host1_get_protocol_version (link->proxy) < 1 || n_pcpus == 0 || n_pcpus > DOMUS_MAX_HOST_PCPUS
      || domus_dbus_host1_get_backend_name (link->proxy) == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                               _("The agent does not speak io.domus.Host1: it is of another version of Domus"));
      return;
    }
  /* Long requests (save, migrate) take minutes: they end when the agent
   * says, or when cancelled. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (link->proxy), G_MAXINT);
  if (link->agent != NULL)
    domus_agent_process_connected (link->agent);
  /* What the task holds goes to the caller; the emptied link goes with the
   * task. */
  ready = g_new0 (DomusRemoteLink, 1);
  ready->connection = g_steal_pointer (&link->connection);
  ready->proxy = g_steal_pointer (&link->proxy);
  ready->agent = g_steal_pointer (&link->agent);
  ready->frames = g_steal_pointer (&link->frames);
  g_task_return_pointer (task, ready, (GDestroyNotify) domus_remote_link_free);
}

static void
connection_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  DomusRemoteLink *link = g_task_get_task_data (task);
  GError *error = NULL;

  link->connection = g_dbus_connection_new_finish (result, &error);
  if (link->connection == NULL)
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* Its signals are DomusRemoteHost's own subscription's. */
  domus_dbus_host1_proxy_new (link->connection,
                              G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START | G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS, NULL,
                              DOMUS_AGENT_OBJECT_PATH, g_task_get_cancellable (task), proxy_ready_cb, task);
}

static void
open_with_task (GTask     *task,
                GIOStream *stream,
                gboolean   framed)
{
  DomusRemoteLink *link = g_task_get_task_data (task);
  GError *error = NULL;

  if (framed)
    {
      if (!(link->frames = domus_frames_new (stream, &error)))
        {
          return_error (task, error);
          g_object_unref (task);
          return;
        }
      stream = domus_frames_get_dbus_stream (link->frames);
    }
  g_dbus_connection_new (stream, NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL,
                         g_task_get_cancellable (task), connection_ready_cb, task);
}

void
domus_remote_link_open_async (GIOStream           *stream,
                              gboolean             framed,
                              DomusAgentProcess   *agent,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  DomusRemoteLink *link = g_new0 (DomusRemoteLink, 1);
  GTask *task;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (agent == NULL || DOMUS_IS_AGENT_PROCESS (agent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_remote_link_open_async);
  link->agent = agent != NULL ? g_object_ref (agent) : NULL;
  g_task_set_task_data (task, link, (GDestroyNotify) domus_remote_link_free);
  open_with_task (task, stream, framed);
}

/* @argv with --framed: added to the remote command over ssh (which passes
 * the agent what follows it), after the agent's own arguments otherwise. */
static GStrv
framed_argv (const char * const       *argv,
             const DomusRemoteAddress *address)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_strv_length ((char **) argv);

  if (address != NULL && address->kind == DOMUS_REMOTE_SSH)
    {
      g_autofree char *last = g_strconcat (argv[n - 1], " " DOMUS_FRAMES_OPTION, NULL);

      for (guint i = 0; i + 1 < n; i++)
        g_strv_builder_add (builder, argv[i]);
      g_strv_builder_add (builder, last);
    }
  else
    {
      g_strv_builder_addv (builder, (const char **) argv);
      g_strv_builder_add (builder, DOMUS_FRAMES_OPTION);
    }
  return g_strv_builder_end (builder);
}

/* Starts the agent for the task's link; FALSE when it could not (the task
 * has returned). */
static gboolean
spawn_with_task (GTask              *task,
                 const char * const *argv,
                 gboolean            framed)
{
  DomusRemoteLink *link = g_task_get_task_data (task);
  g_auto(GStrv) started = framed ? framed_argv (argv, link->address) : g_strdupv ((char **) argv);
  GError *error = NULL;

  link->agent = domus_agent_process_new ((const char * const *) started, link->address, &error);
  if (link->agent == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return FALSE;
    }
  if (framed)
    link->unframed_argv = g_strdupv ((char **) argv);
  open_with_task (task, domus_agent_process_get_stream (link->agent), framed);
  return TRUE;
}

void
domus_remote_link_spawn_async (const char * const        *argv,
                               const DomusRemoteAddress  *address,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  DomusRemoteLink *link = g_new0 (DomusRemoteLink, 1);
  GTask *task;

  g_return_if_fail (argv != NULL && argv[0] != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_remote_link_open_async);
  link->address = address != NULL ? domus_remote_address_copy (address) : NULL;
  g_task_set_task_data (task, link, (GDestroyNotify) domus_remote_link_free);
  spawn_with_task (task, argv, TRUE);
}

DomusRemoteLink *
domus_remote_link_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_remote_link_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
