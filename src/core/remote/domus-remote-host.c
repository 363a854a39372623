/* domus-remote-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-agent.h"
#include "domus-agent-process.h"
#include "domus-dbus-host1.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-limits.h"
#include "domus-remote-host.h"
#include "domus-remote-request.h"
#include "domus-remote-sample.h"

/* An agent that has not answered a refresh by then is taken for stuck. */
#define REFRESH_TIMEOUT_MSEC 30000

struct _DomusRemoteHost
{
  DomusHost         parent_instance;

  GDBusConnection  *connection;
  DomusDBusHost1   *proxy;
  DomusAgentProcess *agent;      /* when the host started it */
  GCancellable     *cancellable; /* the refreshes; cancelled when the host goes */
  DomusHostSample  *last;        /* the agent's last sample, to apply its changes to */
  GHashTable       *performing;  /* id → Performing */
  guint64           next_id;
  gulong            closed_handler;
};

G_DEFINE_FINAL_TYPE (DomusRemoteHost, domus_remote_host, DOMUS_TYPE_HOST)

/* A request the agent is carrying out. */
typedef struct
{
  DomusRemoteHost *self;
  guint64          id;
  GTask           *task;
  GCancellable    *cancellable;
  gulong           cancelled_handler;
} Performing;

static void
performing_free (Performing *performing)
{
  g_cancellable_disconnect (performing->cancellable, performing->cancelled_handler);
  g_clear_object (&performing->cancellable);
  g_object_unref (performing->task);
  g_free (performing);
}

/* An error from the agent as Domus's own: its code and message as the
 * agent gave them, or the connection's end. */
static GError *
from_agent (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED))
    {
      GError *closed = g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                    _("The connection to the agent ended: %s"), error->message);

      g_error_free (error);
      return closed;
    }
  g_dbus_error_strip_remote_error (error);
  return error;
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  g_autoptr(GVariant) encoded = NULL;
  DomusHostSample *sample;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      _domus_host_push_error (DOMUS_HOST (self), from_agent (g_steal_pointer (&error)));
      return;
    }

  encoded = g_variant_get_child_value (reply, 0);
  sample = domus_remote_sample_decode (self->last, encoded, domus_host_get_n_pcpus (DOMUS_HOST (self)), &error);
  if (sample == NULL)
    {
      _domus_host_push_error (DOMUS_HOST (self), g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->last, domus_host_sample_free);
  self->last = domus_host_sample_copy (sample);
  /* A console's pty and a VNC server's address are the agent's host's:
   * nothing here reaches them until they travel through the connection
   * too. Without them, the Console and Screen views say so. */
  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *domain = g_ptr_array_index (sample->domains, i);

      g_clear_pointer (&domain->console_path, g_free);
      g_clear_pointer (&domain->vnc_address, g_free);
    }
  _domus_host_push_sample (DOMUS_HOST (self), sample);
}

static void
domus_remote_host_refresh (DomusHost *host)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  g_dbus_proxy_call (G_DBUS_PROXY (self->proxy), "Refresh", NULL, G_DBUS_CALL_FLAGS_NONE,
                     REFRESH_TIMEOUT_MSEC, self->cancellable, refresh_done_cb, g_object_ref (self));
}

static void
progress_cb (DomusRemoteHost *self,
             guint64          id,
             double           fraction)
{
  Performing *performing = g_hash_table_lookup (self->performing, &id);

  if (performing != NULL)
    domus_request_report (g_task_get_task_data (performing->task), fraction);
}

static void
cancelled_cb (GCancellable *cancellable,
              Performing   *performing)
{
  domus_dbus_host1_call_cancel (performing->self->proxy, performing->id, NULL, NULL, NULL);
}

static void
perform_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Performing *performing = user_data;
  g_autoptr(DomusRemoteHost) self = performing->self;
  g_autoptr(GError) error = NULL;
  gint64 value;

  if (domus_dbus_host1_call_perform_finish (DOMUS_DBUS_HOST1 (source), &value, result, &error))
    g_task_return_int (performing->task, value);
  else
    g_task_return_error (performing->task, from_agent (g_steal_pointer (&error)));
  g_hash_table_remove (self->performing, &performing->id);
}

static void
domus_remote_host_perform (DomusHost    *host,
                           DomusRequest *request,
                           GTask        *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);
  Performing *performing = g_new0 (Performing, 1);

  performing->self = g_object_ref (self);
  performing->id = ++self->next_id;
  performing->task = g_object_ref (task);
  g_task_set_task_data (task, request, NULL);
  g_hash_table_insert (self->performing, &performing->id, performing);
  if (g_task_get_cancellable (task) != NULL)
    {
      performing->cancellable = g_object_ref (g_task_get_cancellable (task));
      performing->cancelled_handler = g_cancellable_connect (performing->cancellable, G_CALLBACK (cancelled_cb),
                                                             performing, NULL);
    }
  /* Not cancellable here: the agent is told, and the request ends when
   * the agent has stopped it. */
  domus_dbus_host1_call_perform (self->proxy, performing->id, domus_remote_request_encode (request), NULL,
                                 perform_done_cb, performing);
}

static void
closed_cb (DomusRemoteHost *self,
           gboolean         remote_peer_vanished,
           GError          *error)
{
  /* The agent went (GIO's words for it say no more than that), or the
   * stream broke. */
  if (error != NULL && !remote_peer_vanished)
    _domus_host_push_error (DOMUS_HOST (self), g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                                            _("The connection to the agent ended: %s"),
                                                            error->message));
  else
    _domus_host_push_error (DOMUS_HOST (self), g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                                            _("The connection to the agent ended")));
}

static void
domus_remote_host_dispose (GObject *object)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (object);

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->closed_handler, self->connection);
      g_dbus_connection_close (self->connection, NULL, NULL, NULL);
    }
  if (self->agent != NULL)
    domus_agent_process_stop (self->agent);
  g_clear_object (&self->proxy);
  g_clear_object (&self->connection);
  g_clear_object (&self->agent);

  G_OBJECT_CLASS (domus_remote_host_parent_class)->dispose (object);
}

static void
domus_remote_host_finalize (GObject *object)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last, domus_host_sample_free);
  g_hash_table_unref (self->performing);

  G_OBJECT_CLASS (domus_remote_host_parent_class)->finalize (object);
}

static void
domus_remote_host_class_init (DomusRemoteHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  DomusHostClass *host_class = DOMUS_HOST_CLASS (klass);

  object_class->dispose = domus_remote_host_dispose;
  object_class->finalize = domus_remote_host_finalize;
  host_class->refresh = domus_remote_host_refresh;
  host_class->perform = domus_remote_host_perform;
}

static void
domus_remote_host_init (DomusRemoteHost *self)
{
  self->cancellable = g_cancellable_new ();
  /* Each Performing holds the host; the table frees them. */
  self->performing = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) performing_free);
}

/* Connecting */

typedef struct
{
  DomusClock        *clock;
  DomusAgentProcess *agent;
  GDBusConnection   *connection;
} Connecting;

static void
connecting_free (Connecting *connecting)
{
  /* An agent the host did not take has nothing more to do. */
  if (connecting->agent != NULL)
    domus_agent_process_stop (connecting->agent);
  g_clear_object (&connecting->clock);
  g_clear_object (&connecting->agent);
  g_clear_object (&connecting->connection);
  g_free (connecting);
}

static void
explained_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_error (task, domus_agent_process_explain_finish (DOMUS_AGENT_PROCESS (source), result));
}

/* Ends the connect with @error (taken), or with why the agent it started
 * failed. */
static void
return_connect_error (GTask  *task,
                      GError *error)
{
  Connecting *connecting = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else if (connecting->agent != NULL)
    {
      domus_agent_process_explain_async (connecting->agent, error, explained_cb, g_object_ref (task));
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
  Connecting *connecting = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusDBusHost1) proxy = domus_dbus_host1_proxy_new_finish (result, &error);
  g_autoptr(DomusRemoteHost) self = NULL;
  guint n_pcpus;

  if (proxy == NULL)
    {
      return_connect_error (task, g_steal_pointer (&error));
      return;
    }
  /* An agent that serves no io.domus.Host1 has no properties to read. */
  n_pcpus = domus_dbus_host1_get_npcpus (proxy);
  if (domus_dbus_host1_get_protocol_version (proxy) < 1 || n_pcpus == 0 || n_pcpus > DOMUS_MAX_HOST_PCPUS
      || domus_dbus_host1_get_backend_name (proxy) == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                               _("The agent does not speak io.domus.Host1: it is of another version of Domus"));
      return;
    }

  self = g_object_new (DOMUS_TYPE_REMOTE_HOST,
                       "backend-name", domus_dbus_host1_get_backend_name (proxy),
                       "simulated", domus_dbus_host1_get_simulated (proxy),
                       "clock", connecting->clock,
                       NULL);
  self->connection = g_steal_pointer (&connecting->connection);
  self->agent = g_steal_pointer (&connecting->agent);
  self->proxy = g_steal_pointer (&proxy);
  /* Long requests (save, migrate) take minutes: they end when the agent
   * says, or when cancelled. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->proxy), G_MAXINT);
  g_signal_connect_swapped (self->proxy, "progress", G_CALLBACK (progress_cb), self);
  self->closed_handler = g_signal_connect_swapped (self->connection, "closed", G_CALLBACK (closed_cb), self);
  if (domus_dbus_host1_get_notice (self->proxy) != NULL && domus_dbus_host1_get_notice (self->proxy)[0] != '\0')
    domus_host_set_notice (DOMUS_HOST (self), domus_dbus_host1_get_notice (self->proxy));
  _domus_host_set_facts (DOMUS_HOST (self),
                         domus_dbus_host1_get_xen_version (self->proxy),
                         domus_dbus_host1_get_hostname (self->proxy),
                         n_pcpus,
                         domus_dbus_host1_get_total_memory_kib (self->proxy),
                         domus_dbus_host1_get_scheduler (self->proxy) == DOMUS_SCHEDULER_CREDIT2
                         ? DOMUS_SCHEDULER_CREDIT2 : DOMUS_SCHEDULER_CREDIT);
  _domus_host_start (DOMUS_HOST (self));
  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

static void
connection_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Connecting *connecting = g_task_get_task_data (task);
  GError *error = NULL;

  connecting->connection = g_dbus_connection_new_finish (result, &error);
  if (connecting->connection == NULL)
    {
      return_connect_error (task, error);
      g_object_unref (task);
      return;
    }
  domus_dbus_host1_proxy_new (connecting->connection, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL,
                              DOMUS_AGENT_OBJECT_PATH, g_task_get_cancellable (task), proxy_ready_cb, task);
}

static void
connect_stream (GIOStream         *stream,
                DomusAgentProcess *agent,
                DomusClock        *clock,
                GCancellable      *cancellable,
                GTask             *task)
{
  Connecting *connecting = g_new0 (Connecting, 1);

  connecting->clock = clock != NULL ? g_object_ref (clock) : domus_clock_new_wall ();
  connecting->agent = agent != NULL ? g_object_ref (agent) : NULL;
  g_task_set_task_data (task, connecting, (GDestroyNotify) connecting_free);
  g_dbus_connection_new (stream, NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, cancellable,
                         connection_ready_cb, task);
}

void
domus_remote_host_new_async (GIOStream           *stream,
                             DomusClock          *clock,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_remote_host_new_async);
  connect_stream (stream, NULL, clock, cancellable, task);
}

static void
spawn (const char * const        *argv,
       const DomusRemoteAddress  *address,
       DomusClock                *clock,
       GCancellable              *cancellable,
       GTask                     *task)
{
  g_autoptr(DomusAgentProcess) agent = NULL;
  GError *error = NULL;

  agent = domus_agent_process_new (argv, address, &error);
  if (agent == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  connect_stream (domus_agent_process_get_stream (agent), agent, clock, cancellable, task);
}

void
domus_remote_host_spawn_async (const char * const  *argv,
                               DomusClock          *clock,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  g_return_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_remote_host_new_async);
  spawn (argv, NULL, clock, cancellable, task);
}

void
domus_remote_host_connect_async (const char          *address,
                                 DomusClock          *clock,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(DomusRemoteAddress) parsed = NULL;
  g_auto(GStrv) argv = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (address != NULL);
  g_return_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_remote_host_new_async);
  if (!(parsed = domus_remote_address_parse (address, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  argv = domus_remote_address_get_argv (parsed);
  spawn ((const char * const *) argv, parsed, clock, cancellable, task);
}

DomusHost *
domus_remote_host_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_remote_host_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
