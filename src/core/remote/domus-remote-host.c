/* domus-remote-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-host"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domus-agent.h"
#include "domus-clone.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-host-private.h"
#include "domus-remote-pci.h"
#include "domus-remote-storage.h"
#include "domus-remote-console.h"
#include "domus-remote-host.h"
#include "domus-remote-link.h"
#include "domus-remote-request.h"
#include "domus-remote-pools.h"
#include "domus-remote-sample.h"
#include "domus-remote-screen.h"

/* An agent that has not answered a refresh by then is taken for stuck. */
#define REFRESH_TIMEOUT_MSEC 30000

struct _DomusRemoteHost
{
  DomusHost           parent_instance;

  DomusRemoteLink    *link;         /* NULL once the connection ended */
  char              **argv;         /* what starts the agent again, or NULL */
  DomusRemoteAddress *address;      /* where it leads, or NULL */
  GCancellable       *cancellable;  /* refreshes, reconnects; cancelled when the host goes */
  DomusHostSample    *last;         /* the agent's last sample, to apply its changes to */
  gint64              time_offset;  /* from the agent's clock to the host's timeline */
  gint64              last_time_us; /* of the last sample, on the host's timeline */
  gboolean            rebase;       /* the next sample comes from an agent started again */
  GError             *base_lost;    /* why the last sample, the base of the agent's changes, went */
  GHashTable         *performing;   /* id → Performing */
  GHashTable         *consoles;     /* domid → Console */
  GHashTable         *screens;      /* domid → Screen */
  char               *screen_dir;   /* their sockets' folder, once made */
  guint64             next_id;
  gulong              closed_handler;
  guint               subscription;         /* the agent's signals */
  gboolean            watching;             /* Watch was called on this link */
  GSource            *stall;                /* fires when a watched agent sends nothing */
};

/* A domain's console on the agent's host, and its pty here. */
typedef struct
{
  char               *agent_path;  /* the pty there, to notice a new one */
  DomusRemoteConsole *console;
} Console;

static void
console_free (Console *entry)
{
  g_free (entry->agent_path);
  domus_remote_console_free (entry->console);
  g_free (entry);
}

/* A domain's VNC server on the agent's host, and its socket here. */
typedef struct
{
  char              *agent_address;  /* there, to notice a new one */
  DomusRemoteScreen *screen;
} Screen;

static void
screen_free (Screen *entry)
{
  g_free (entry->agent_address);
  domus_remote_screen_free (entry->screen);
  g_free (entry);
}

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

static GError *
connection_ended (void)
{
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED, _("The connection to the agent ended"));
}

/* Whether the agent is there; if not, @task returns the connection's end. */
static gboolean
check_link (DomusRemoteHost *self,
            GTask           *task)
{
  if (self->link != NULL)
    return TRUE;
  g_task_return_error (task, connection_ended ());
  return FALSE;
}

/* Whether the agent is there and speaks ProtocolVersion @version or later.
 * If not, @task returns why: the connection's end, or @format, a whole
 * sentence naming what an older agent cannot do. */
static gboolean G_GNUC_PRINTF (4, 5)
check_agent (DomusRemoteHost *self,
             GTask           *task,
             guint            version,
             const char      *format,
             ...)
{
  va_list args;

  if (!check_link (self, task))
    return FALSE;
  if (domus_dbus_host1_get_protocol_version (self->link->proxy) >= version)
    return TRUE;
  va_start (args, format);
  g_task_return_error (task, g_error_new_valist (DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED, format, args));
  va_end (args);
  return FALSE;
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
      /* GIO's words ("The connection is closed") say no more. */
      g_debug ("%s", error->message);
      g_error_free (error);
      return connection_ended ();
    }
  g_dbus_error_strip_remote_error (error);
  return error;
}

/* A VNC server's address is the agent's host's: the sample keeps it (the
 * domain has a screen), and domus_remote_host_screen_address() gives a
 * socket here that leads there. One that went, or moved, is let go. */
static void
sync_screens (DomusRemoteHost *self,
              DomusHostSample *sample)
{
  g_autoptr(GHashTable) current = NULL;
  GHashTableIter iter;
  gpointer key;
  Screen *entry;

  /* Most refreshes: no screen is open, nothing to let go of. */
  if (g_hash_table_size (self->screens) == 0)
    return;
  current = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *domain = g_ptr_array_index (sample->domains, i);

      g_hash_table_insert (current, GUINT_TO_POINTER (domain->id), domain->vnc_address);
    }
  g_hash_table_iter_init (&iter, self->screens);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
    if (g_strcmp0 (g_hash_table_lookup (current, key), entry->agent_address) != 0)
      g_hash_table_iter_remove (&iter);
}

/* A console's pty is the agent's host's: the sample keeps its path there
 * (the domain has a console), and domus_remote_host_open_console() gives a
 * pty here that stands for it (domus-remote-console.h). One that no one
 * uses any more, whose domain went, or that moved, is let go. */
static void
sync_consoles (DomusRemoteHost *self,
               DomusHostSample *sample)
{
  g_autoptr(GHashTable) current = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  Console *entry;

  if (g_hash_table_size (self->consoles) == 0)
    return;
  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *domain = g_ptr_array_index (sample->domains, i);

      g_hash_table_insert (current, GUINT_TO_POINTER (domain->id), domain->console_path);
    }
  g_hash_table_iter_init (&iter, self->consoles);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
    if (domus_remote_console_is_unused (entry->console)
        || g_strcmp0 (g_hash_table_lookup (current, key), entry->agent_path) != 0)
      g_hash_table_iter_remove (&iter);
}

static void
console_output_cb (DomusRemoteHost *self,
                   guint64          id,
                   GVariant        *data)
{
  GHashTableIter iter;
  Console *entry;

  g_hash_table_iter_init (&iter, self->consoles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (domus_remote_console_output (entry->console, id, data))
      return;
}

/* The console went there (its domain did): the next sample says what next. */
static void
console_closed_cb (DomusRemoteHost *self,
                   guint64          id)
{
  GHashTableIter iter;
  Console *entry;

  g_hash_table_iter_init (&iter, self->consoles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (domus_remote_console_closed (entry->console, id))
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

static void
screen_output_cb (DomusRemoteHost *self,
                  guint64          id,
                  GVariant        *data)
{
  GHashTableIter iter;
  Screen *entry;

  g_hash_table_iter_init (&iter, self->screens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (domus_remote_screen_output (entry->screen, id, data))
      return;
}

static void
screen_closed_cb (DomusRemoteHost *self,
                  guint64          id)
{
  GHashTableIter iter;
  Screen *entry;

  g_hash_table_iter_init (&iter, self->screens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (domus_remote_screen_closed (entry->screen, id))
      return;
}

/* The folder of the screens' sockets: this user's alone. */
static gboolean
ensure_screen_dir (DomusRemoteHost  *self,
                   GError          **error)
{
  g_autofree char *template = NULL;

  if (self->screen_dir != NULL)
    return TRUE;
  template = g_build_filename (g_get_user_runtime_dir (), "domus-screens-XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL)
    {
      int saved_errno = errno;

      /* TRANSLATORS: a folder, then the system's reason */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot make %s for the screens: %s"), template,
                   g_strerror (saved_errno));
      return FALSE;
    }
  self->screen_dir = g_steal_pointer (&template);
  return TRUE;
}

static GSocketConnectable *
domus_remote_host_screen_address (DomusHost    *host,
                                  DomusDomain  *domain,
                                  char        **where,
                                  GError      **error)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);
  guint domid = domus_domain_get_id (domain);
  const char *address = domus_domain_get_vnc_address (domain);
  Screen *entry;

  /* No screen there: the usual words for it. */
  if (address == NULL)
    return DOMUS_HOST_CLASS (domus_remote_host_parent_class)->screen_address (host, domain, where, error);
  if (self->link == NULL)
    {
      g_propagate_error (error, connection_ended ());
      return NULL;
    }
  if (domus_dbus_host1_get_protocol_version (self->link->proxy) < 2)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                   _("The agent on %s is of an older Domus: it cannot show screens"),
                   domus_host_get_hostname (host));
      return NULL;
    }
  entry = g_hash_table_lookup (self->screens, GUINT_TO_POINTER (domid));
  if (entry == NULL)
    {
      g_autofree char *name = g_strdup_printf ("screen-%u", domid);
      g_autofree char *path = NULL;
      DomusRemoteScreen *screen;

      if (!ensure_screen_dir (self, error))
        return NULL;
      path = g_build_filename (self->screen_dir, name, NULL);
      if (!(screen = domus_remote_screen_new (self->link->proxy, domid, path, error)))
        return NULL;
      entry = g_new0 (Screen, 1);
      entry->agent_address = g_strdup (address);
      entry->screen = screen;
      g_hash_table_insert (self->screens, GUINT_TO_POINTER (domid), entry);
    }
  if (where != NULL)
    /* TRANSLATORS: a pty or VNC address on the agent's host, then that host's name */
    *where = g_strdup_printf (_("%s on %s"), address, domus_host_get_hostname (host));
  return domus_remote_screen_dup_address (entry->screen);
}

static int
domus_remote_host_open_console (DomusHost    *host,
                                DomusDomain  *domain,
                                char        **where,
                                GError      **error)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);
  guint domid = domus_domain_get_id (domain);
  const char *path = domus_domain_get_console_path (domain);
  Console *entry;
  int fd;

  /* No console there: the usual words for it. */
  if (path == NULL)
    return DOMUS_HOST_CLASS (domus_remote_host_parent_class)->open_console (host, domain, where, error);
  if (self->link == NULL)
    {
      g_propagate_error (error, connection_ended ());
      return -1;
    }
  entry = g_hash_table_lookup (self->consoles, GUINT_TO_POINTER (domid));
  /* The agent opens a console on first use only: the last user here let
   * the one before go (and it was closed there), or the domain has another
   * pty now. */
  if (entry != NULL && (domus_remote_console_is_unused (entry->console) || g_strcmp0 (entry->agent_path, path) != 0))
    {
      g_hash_table_remove (self->consoles, GUINT_TO_POINTER (domid));
      entry = NULL;
    }
  if (entry == NULL)
    {
      DomusRemoteConsole *console = domus_remote_console_new (self->link->proxy, domid, error);

      if (console == NULL)
        return -1;
      entry = g_new0 (Console, 1);
      entry->agent_path = g_strdup (path);
      entry->console = console;
      g_hash_table_insert (self->consoles, GUINT_TO_POINTER (domid), entry);
    }
  if ((fd = domus_remote_console_open (entry->console, error)) < 0)
    return -1;
  if (where != NULL)
    /* TRANSLATORS: a pty or VNC address on the agent's host, then that host's name */
    *where = g_strdup_printf (_("%s on %s"), path, domus_host_get_hostname (host));
  return fd;
}

/* An agent that watches and sends nothing for ten of its intervals (at
 * least a second) is taken for stuck, as one that did not answer a
 * refresh in time was: the host says so until a sample comes. */
static gint64
stall_after_us (DomusRemoteHost *self)
{
  return MAX ((gint64) G_USEC_PER_SEC, (gint64) domus_host_get_refresh_interval (DOMUS_HOST (self)) * 10 * 1000);
}

static gboolean
stall_cb (gpointer user_data)
{
  DomusRemoteHost *self = user_data;
  guint seconds = (guint) ((stall_after_us (self) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

  g_source_set_ready_time (self->stall, -1);
  if (self->link != NULL && self->watching)
    _domus_host_push_error (DOMUS_HOST (self),
                            g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                                         g_dngettext (GETTEXT_PACKAGE,
                                                      "The agent has sent no sample for %u second",
                                                      "The agent has sent no sample for %u seconds", seconds),
                                         seconds));
  return G_SOURCE_CONTINUE;
}

/* A sample came: the deadline moves on, but only once in a while (moving
 * it wakes the main loop). */
static void
stall_postpone (DomusRemoteHost *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 after = stall_after_us (self);
  gint64 ready = g_source_get_ready_time (self->stall);

  if (ready < 0 || ready - now < after / 2)
    g_source_set_ready_time (self->stall, now + after);
}

/* A sample from the agent, @reply (an answer to Refresh, RefreshIo or
 * RefreshPools, or a Sample signal's arguments): decoded onto the last,
 * and taken in by the host; @asked when it answers the refresh under way. */
static void
take_sample (DomusRemoteHost *self,
             GVariant        *reply,
             gboolean         asked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GVariant) io = NULL;
  g_autoptr(GVariant) pools = NULL;
  DomusHostSample *sample = NULL;

  encoded = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (reply) > 1)
    io = g_variant_get_child_value (reply, 1);
  if (g_variant_n_children (reply) > 2)
    pools = g_variant_get_child_value (reply, 2);
  /* The last sample is the base of the changes: decoded onto it in place
   * when no one else holds it (the host let it go once it took it in), a
   * copy of it otherwise. */
  if (self->last != NULL && g_atomic_ref_count_compare (&self->last->ref_count, 1))
    {
      sample = g_steal_pointer (&self->last);
      if (!domus_remote_sample_decode_onto (sample, encoded, io, &error)
          || (pools != NULL && !domus_remote_pools_decode (sample, sample, pools, &error)))
        {
          /* Half changed: what follows is a change from a sample this end
           * no longer has, which cannot be read either (the host shows
           * this error) until an agent started again sends a whole one. */
          g_clear_pointer (&sample, domus_host_sample_free);
          self->base_lost = g_error_copy (error);
        }
    }
  else if (self->base_lost != NULL)
    error = g_error_copy (self->base_lost);
  if (sample == NULL && error == NULL)
    {
      sample = domus_remote_sample_decode_io (self->last, encoded, io, domus_host_get_n_pcpus (DOMUS_HOST (self)),
                                              &error);
      if (sample != NULL && pools != NULL && !domus_remote_pools_decode (self->last, sample, pools, &error))
        g_clear_pointer (&sample, domus_host_sample_free);
    }
  if (sample == NULL)
    {
      _domus_host_push_error (DOMUS_HOST (self), g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->last, domus_host_sample_free);
  /* Held, not copied: the next sample is decoded onto it once the host has
   * let it go, and takes its time from the agent afresh (the offset added
   * below, for the host's timeline, is never read back). */
  self->last = domus_host_sample_ref (sample);
  /* An agent started again starts its clock again: its samples follow the
   * last one on the host's timeline, a refresh interval later. */
  if (self->rebase)
    {
      self->time_offset = self->last_time_us + (gint64) domus_host_get_refresh_interval (DOMUS_HOST (self)) * 1000
                          - sample->time_us;
      self->rebase = FALSE;
    }
  sample->time_us += self->time_offset;
  self->last_time_us = sample->time_us;
  sync_consoles (self, sample);
  sync_screens (self, sample);
  if (self->watching)
    stall_postpone (self);
  if (asked)
    _domus_host_push_sample (DOMUS_HOST (self), sample);
  else
    _domus_host_push_sample_unasked (DOMUS_HOST (self), sample);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    _domus_host_push_error (DOMUS_HOST (self), from_agent (g_steal_pointer (&error)));
  else
    take_sample (self, reply, TRUE);
}

/* An agent that watches: each sample comes by itself, as a signal. */
static void
sample_cb (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *interface,
           const char      *signal,
           GVariant        *parameters,
           gpointer         user_data)
{
  DomusRemoteHost *self = user_data;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(" DOMUS_REMOTE_SAMPLE_TYPE "ay"
                                                         DOMUS_REMOTE_POOLS_TYPE ")")))
    {
      _domus_host_push_error (DOMUS_HOST (self),
                              g_error_new (DOMUS_ERROR, DOMUS_ERROR_PARSE,
                                           _("The agent sent a sample of another type: %s"),
                                           g_variant_get_type_string (parameters)));
      return;
    }
  take_sample (self, parameters, FALSE);
}

static void
sample_failed_cb (GDBusConnection *connection,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *signal,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  DomusRemoteHost *self = user_data;
  const char *name, *message;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ss)")))
    return;
  g_variant_get (parameters, "(&s&s)", &name, &message);
  _domus_host_push_error (DOMUS_HOST (self), from_agent (g_dbus_error_new_for_dbus_error (name, message)));
}

/* Watch and RefreshNow answer once their sample has come (before the
 * answer): the refresh under way, if any, is done. */
static void
watched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DomusRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    _domus_host_push_error (DOMUS_HOST (self), from_agent (g_steal_pointer (&error)));
  else
    _domus_host_refresh_done (DOMUS_HOST (self));
}

/* The agent sends samples on its own clock, at the host's interval: the
 * first at once. */
static void
call_watch (DomusRemoteHost *self)
{
  self->watching = TRUE;
  g_source_set_ready_time (self->stall, g_get_monotonic_time () + stall_after_us (self));
  g_dbus_connection_call (self->link->connection, NULL, DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1", "Watch",
                          g_variant_new ("(u)", domus_host_get_refresh_interval (DOMUS_HOST (self))),
                          G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, REFRESH_TIMEOUT_MSEC, self->cancellable,
                          watched_cb, g_object_ref (self));
}

static void
call_refresh (DomusRemoteHost *self)
{
  /* An agent of ProtocolVersion 4 or later also sends the domains' I/O,
   * one of 5 or later the cpupools; one of 6 or later sends its samples
   * by itself, once watched. */
  guint version = domus_dbus_host1_get_protocol_version (self->link->proxy);
  const char *method = version >= 5 ? "RefreshPools" : version >= 4 ? "RefreshIo" : "Refresh";

  if (version >= 6)
    {
      if (!self->watching)
        call_watch (self);
      else
        g_dbus_connection_call (self->link->connection, NULL, DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1",
                                "RefreshNow", NULL, G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE,
                                REFRESH_TIMEOUT_MSEC, self->cancellable, watched_cb, g_object_ref (self));
      return;
    }

  g_dbus_proxy_call (G_DBUS_PROXY (self->link->proxy), method, NULL, G_DBUS_CALL_FLAGS_NONE,
                     REFRESH_TIMEOUT_MSEC, self->cancellable, refresh_done_cb, g_object_ref (self));
}

static void adopt_link (DomusRemoteHost *self,
                        DomusRemoteLink *link);
static void drop_link  (DomusRemoteHost *self);

static void
reconnected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DomusRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusRemoteLink) link = domus_remote_link_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (link == NULL)
    {
      _domus_host_push_error (DOMUS_HOST (self), g_steal_pointer (&error));
      return;
    }
  /* Another host behind the same address (reinstalled, reconfigured)
   * cannot be shown in this one's place. */
  if (domus_dbus_host1_get_npcpus (link->proxy) != domus_host_get_n_pcpus (DOMUS_HOST (self)))
    {
      _domus_host_push_error (DOMUS_HOST (self),
                              g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                                           _("The agent serves another host now: connect to it again")));
      return;
    }
  g_debug ("Connected to the agent again");
  adopt_link (self, g_steal_pointer (&link));
  /* The new agent knows no sample: its first is whole, on its own clock. */
  g_clear_pointer (&self->last, domus_host_sample_free);
  g_clear_error (&self->base_lost);
  self->rebase = TRUE;
  call_refresh (self);
}

/* Without a connection, a refresh starts the agent again when the host
 * started it, and says the connection ended otherwise. */
static void
domus_remote_host_refresh (DomusHost *host)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  /* Closed, but "closed" not yet emitted (a call under way failed
   * first): as gone. */
  if (self->link != NULL && g_dbus_connection_is_closed (self->link->connection))
    {
      drop_link (self);
      _domus_host_set_pushed (host, FALSE);
    }
  if (self->link != NULL)
    call_refresh (self);
  else if (self->argv != NULL)
    domus_remote_link_spawn_async ((const char * const *) self->argv, self->address, self->cancellable,
                                   reconnected_cb, g_object_ref (self));
  else
    _domus_host_push_error (host, connection_ended ());
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

/* A clone's progress: kept on its task. */
typedef struct
{
  DomusHostCloneProgress progress;
  gpointer               data;
} CloneProgress;

static void
clone_progress_cb (DomusRemoteHost *self,
                   guint64          id,
                   const char      *what,
                   double           fraction)
{
  Performing *performing = g_hash_table_lookup (self->performing, &id);
  CloneProgress *progress = performing != NULL ? g_object_get_data (G_OBJECT (performing->task), "domus-clone-progress")
                                               : NULL;

  if (progress != NULL && progress->progress != NULL)
    progress->progress (what, CLAMP (fraction, 0, 1), progress->data);
}

static void
cancelled_cb (GCancellable *cancellable,
              Performing   *performing)
{
  /* Without the connection, the request has failed already. */
  if (performing->self->link != NULL)
    domus_dbus_host1_call_cancel (performing->self->link->proxy, performing->id, NULL, NULL, NULL);
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

/* An older agent drops the keys it does not know: it would destroy the
 * domain a checkpoint keeps, or restore under the saved name. */
static gboolean
check_agent_performs (DomusRemoteHost    *self,
                      const DomusRequest *request,
                      GTask              *task)
{
  const char *hostname = domus_host_get_hostname (DOMUS_HOST (self));

  if (request->checkpoint)
    return check_agent (self, task, 3, _("The agent on %s is of an older Domus: it cannot save a checkpoint"),
                        hostname);
  if (request->new_name != NULL)
    return check_agent (self, task, 3, _("The agent on %s is of an older Domus: it cannot restore under another name"),
                        hostname);
  if (domus_request_kind_is_cpupool (request->kind) || request->kind == DOMUS_REQUEST_CPUPOOL_MIGRATE)
    return check_agent (self, task, 5, _("The agent on %s is of an older Domus: it cannot change cpupools"), hostname);
  if (domus_request_kind_is_pci (request->kind))
    return check_agent (self, task, 8,
                        _("The agent on %s is of an older Domus: it cannot read nor change the host’s PCI devices"),
                        hostname);
  return check_link (self, task);
}

static void
domus_remote_host_perform (DomusHost    *host,
                           DomusRequest *request,
                           GTask        *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);
  Performing *performing;

  if (!check_agent_performs (self, request, task))
    return;
  performing = g_new0 (Performing, 1);
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
  domus_dbus_host1_call_perform (self->link->proxy, performing->id, domus_remote_request_encode (request), NULL,
                                 perform_done_cb, performing);
}

/* Clone, from ProtocolVersion 9: the agent clones on its host, where the
 * files are; the storage is read again here once it is done, for the
 * snapshots it made to show. */
static void
clone_reread_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  domus_host_refresh_storage_finish (DOMUS_HOST (source), result, NULL);
  g_task_return_pointer (task, g_object_steal_data (G_OBJECT (task), "domus-clone-written"),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
clone_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Performing *performing = user_data;
  g_autoptr(DomusRemoteHost) self = performing->self;
  g_autoptr(GTask) task = g_object_ref (performing->task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;
  GPtrArray *paths;

  g_hash_table_remove (self->performing, &performing->id);
  if (!domus_dbus_host1_call_clone_finish (DOMUS_DBUS_HOST1 (source), &written, result, &error))
    {
      g_task_return_error (task, from_agent (g_steal_pointer (&error)));
      return;
    }
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; written[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (written[i]));
  g_object_set_data_full (G_OBJECT (task), "domus-clone-written", paths, (GDestroyNotify) g_ptr_array_unref);
  domus_host_refresh (DOMUS_HOST (self));
  domus_host_refresh_storage_async (DOMUS_HOST (self), NULL, clone_reread_cb, g_steal_pointer (&task));
}

static void
domus_remote_host_clone (DomusHost              *host,
                         const DomusCloneSpec   *spec,
                         DomusHostCloneProgress  progress,
                         gpointer                progress_data,
                         GTask                  *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);
  CloneProgress *reporting;
  Performing *performing;
  GVariantDict dict;

  if (!check_agent (self, task, 9, _("The agent on %s is of an older Domus: it cannot clone domains"),
                    domus_host_get_hostname (host)))
    return;
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "source", "s", spec->source);
  g_variant_dict_insert_value (&dict, "names", g_variant_new_strv (spec->names, -1));
  if (spec->config_path != NULL)
    g_variant_dict_insert (&dict, "config-path", "s", spec->config_path);
  g_variant_dict_insert (&dict, "snapshot-size", "t", spec->snapshot_size);
  g_variant_dict_insert (&dict, "start", "b", spec->start);

  reporting = g_new0 (CloneProgress, 1);
  reporting->progress = progress;
  reporting->data = progress_data;
  g_object_set_data_full (G_OBJECT (task), "domus-clone-progress", reporting, g_free);
  performing = g_new0 (Performing, 1);
  performing->self = g_object_ref (self);
  performing->id = ++self->next_id;
  performing->task = g_object_ref (task);
  g_hash_table_insert (self->performing, &performing->id, performing);
  if (g_task_get_cancellable (task) != NULL)
    {
      performing->cancellable = g_object_ref (g_task_get_cancellable (task));
      performing->cancelled_handler = g_cancellable_connect (performing->cancellable, G_CALLBACK (cancelled_cb),
                                                             performing, NULL);
    }
  domus_dbus_host1_call_clone (self->link->proxy, performing->id, g_variant_dict_end (&dict), NULL, clone_done_cb,
                               performing);
}

/* The agent answers GetInfo and ReadLog from ProtocolVersion 4. */
static void
get_info_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = NULL;
  DomusHostInfo *info;

  if (!domus_dbus_host1_call_get_info_finish (DOMUS_DBUS_HOST1 (source), &variant, result, &error))
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else if (!(info = domus_host_info_new_from_variant (variant, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify) domus_host_info_free);
}

static void
domus_remote_host_get_info (DomusHost *host,
                            GTask     *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent (self, task, 4, _("The agent on %s is of an older Domus: it cannot read the host’s facts"),
                    domus_host_get_hostname (host)))
    return;
  domus_dbus_host1_call_get_info (self->link->proxy, g_task_get_cancellable (task), get_info_done_cb,
                                  g_object_ref (task));
}

static void
read_log_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) ring = NULL;

  if (!domus_dbus_host1_call_read_log_finish (DOMUS_DBUS_HOST1 (source), &ring, result, &error))
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else if (g_variant_get_size (ring) > DOMUS_MAX_XEN_LOG_SIZE)
    {
      g_autofree char *size = g_format_size_full (g_variant_get_size (ring), G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (DOMUS_MAX_XEN_LOG_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                               _("The agent sent a Xen log of %s, over the limit of %s"), size, limit);
    }
  else
    g_task_return_pointer (task, g_variant_get_data_as_bytes (ring), (GDestroyNotify) g_bytes_unref);
}

static void
domus_remote_host_read_log (DomusHost *host,
                            GTask     *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent (self, task, 4, _("The agent on %s is of an older Domus: it cannot read Xen’s log"),
                    domus_host_get_hostname (host)))
    return;
  domus_dbus_host1_call_read_log (self->link->proxy, g_task_get_cancellable (task), read_log_done_cb,
                                  g_object_ref (task));
}

static void
drop_link (DomusRemoteHost *self)
{
  if (self->link == NULL)
    return;
  /* Consoles and screens are the agent's: they go with it. */
  g_hash_table_remove_all (self->consoles);
  g_hash_table_remove_all (self->screens);
  g_clear_signal_handler (&self->closed_handler, self->link->connection);
  if (self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->link->connection, self->subscription);
  self->subscription = 0;
  self->watching = FALSE;
  g_source_set_ready_time (self->stall, -1);
  if (self->link->frames != NULL)
    domus_frames_set_sample_func (self->link->frames, NULL, NULL, NULL);
  g_dbus_connection_close (self->link->connection, NULL, NULL, NULL);
  g_clear_pointer (&self->link, domus_remote_link_free);
}

/* The agent went (GIO's words for it say no more than that), or the stream
 * broke: the host keeps what it showed, says so, and the next refresh
 * tries again. */
static void
closed_cb (DomusRemoteHost *self,
           gboolean         remote_peer_vanished,
           GError          *error)
{
  /* A framed stream that broke says why (cut in the middle of a frame, a
   * frame this end cannot read): the connection saw only its end. */
  if (self->link->frames != NULL && domus_frames_get_error (self->link->frames) != NULL)
    {
      g_autoptr(GError) broken = g_error_copy (domus_frames_get_error (self->link->frames));

      drop_link (self);
      _domus_host_set_pushed (DOMUS_HOST (self), FALSE);
      _domus_host_push_error (DOMUS_HOST (self), g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                                              _("The connection to the agent ended: %s"),
                                                              broken->message));
      return;
    }
  /* The connection is held while it emits this: dropping it here is safe. */
  drop_link (self);
  /* No samples come by themselves now: the host's timer starts the agent
   * again at its next refresh. */
  _domus_host_set_pushed (DOMUS_HOST (self), FALSE);
  if (error != NULL && !remote_peer_vanished)
    _domus_host_push_error (DOMUS_HOST (self), g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                                            _("The connection to the agent ended: %s"),
                                                            error->message));
  else
    _domus_host_push_error (DOMUS_HOST (self), connection_ended ());
}

/* The agent's signals, each checked for its type (io.domus.Host1). */
static void
agent_signal_cb (GDBusConnection *connection,
                 const char      *sender,
                 const char      *path,
                 const char      *interface,
                 const char      *signal,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  DomusRemoteHost *self = user_data;
  guint64 id;

  if (g_str_equal (signal, "Sample"))
    sample_cb (connection, sender, path, interface, signal, parameters, user_data);
  else if (g_str_equal (signal, "SampleFailed"))
    sample_failed_cb (connection, sender, path, interface, signal, parameters, user_data);
  else if (g_str_equal (signal, "Progress") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(td)")))
    {
      double fraction;

      g_variant_get (parameters, "(td)", &id, &fraction);
      progress_cb (self, id, fraction);
    }
  else if (g_str_equal (signal, "CloneProgress") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(tsd)")))
    {
      const char *what;
      double fraction;

      g_variant_get (parameters, "(t&sd)", &id, &what, &fraction);
      clone_progress_cb (self, id, what, fraction);
    }
  else if ((g_str_equal (signal, "ConsoleOutput") || g_str_equal (signal, "ScreenOutput"))
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(tay)")))
    {
      g_autoptr(GVariant) data = g_variant_get_child_value (parameters, 1);

      g_variant_get_child (parameters, 0, "t", &id);
      if (signal[0] == 'C')
        console_output_cb (self, id, data);
      else
        screen_output_cb (self, id, data);
    }
  else if ((g_str_equal (signal, "ConsoleClosed") || g_str_equal (signal, "ScreenClosed"))
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(t)")))
    {
      g_variant_get (parameters, "(t)", &id);
      if (signal[0] == 'C')
        console_closed_cb (self, id);
      else
        screen_closed_cb (self, id);
    }
}

/* A framed agent's sample, on the stream's channel 1: the Sample signal's
 * arguments without the D-Bus message. */
static void
framed_sample_cb (GVariant *sample,
                  gpointer  user_data)
{
  take_sample (user_data, sample, FALSE);
}

static void
adopt_link (DomusRemoteHost *self,
            DomusRemoteLink *link)
{
  self->link = link;
  if (link->frames != NULL)
    domus_frames_set_sample_func (link->frames,
                                  G_VARIANT_TYPE ("(" DOMUS_REMOTE_SAMPLE_TYPE "ay" DOMUS_REMOTE_POOLS_TYPE ")"),
                                  framed_sample_cb, self);
  /* One subscription for all the agent's signals: the proxy connects to
   * none (G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS), so that a sample,
   * every second, reaches this main loop once, not also through the
   * proxy's own subscription and its GObject signal. */
  self->subscription = g_dbus_connection_signal_subscribe (link->connection, NULL, "io.domus.Host1", NULL,
                                                           DOMUS_AGENT_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                           agent_signal_cb, self, NULL);
  self->closed_handler = g_signal_connect_swapped (link->connection, "closed", G_CALLBACK (closed_cb), self);
  /* An agent of ProtocolVersion 6 or later sends samples by itself, once
   * watched (the first refresh): the host needs no timer of its own. */
  if (domus_dbus_host1_get_protocol_version (link->proxy) >= 6)
    _domus_host_set_pushed (DOMUS_HOST (self), TRUE);
}

/* The agent that watches sends at the new interval. */
static void
refresh_interval_cb (DomusRemoteHost *self,
                     GParamSpec      *pspec,
                     gpointer         user_data)
{
  if (self->link != NULL && self->watching)
    call_watch (self);
}

static void
domus_remote_host_dispose (GObject *object)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (object);

  g_cancellable_cancel (self->cancellable);
  drop_link (self);
  if (self->stall != NULL)
    {
      g_source_destroy (self->stall);
      g_clear_pointer (&self->stall, g_source_unref);
    }

  G_OBJECT_CLASS (domus_remote_host_parent_class)->dispose (object);
}

static void
domus_remote_host_finalize (GObject *object)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last, domus_host_sample_free);
  g_clear_error (&self->base_lost);
  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->address, domus_remote_address_free);
  g_hash_table_unref (self->performing);
  g_hash_table_unref (self->consoles);
  g_hash_table_unref (self->screens);
  if (self->screen_dir != NULL)
    g_rmdir (self->screen_dir);
  g_free (self->screen_dir);

  G_OBJECT_CLASS (domus_remote_host_parent_class)->finalize (object);
}

/* Storage: ReadStorage, CreateVolume and RemoveVolume, from ProtocolVersion 7. */
static gboolean
check_agent_storage (DomusRemoteHost *self,
                     GTask           *task)
{
  return check_agent (self, task, 7,
                      _("The agent on %s is of an older Domus: it cannot read nor change the host’s storage (LVM volumes)"),
                      domus_host_get_hostname (DOMUS_HOST (self)));
}

static void
read_storage_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) volume_groups = NULL;
  g_autoptr(GVariant) volumes = NULL;
  DomusStorageSample *sample;

  if (!domus_dbus_host1_call_read_storage_finish (DOMUS_DBUS_HOST1 (source), &volume_groups, &volumes, result, &error))
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else if (!(sample = domus_remote_storage_decode (volume_groups, volumes, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_storage_sample_free);
}

static void
domus_remote_host_read_storage (DomusHost *host,
                                GTask     *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent_storage (self, task))
    return;
  domus_dbus_host1_call_read_storage (self->link->proxy, g_task_get_cancellable (task), read_storage_done_cb,
                                      g_object_ref (task));
}

static void
volume_changed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else
    g_task_return_boolean (task, TRUE);
}

static void
domus_remote_host_create_volume (DomusHost             *host,
                                 const DomusVolumeSpec *spec,
                                 GTask                 *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent_storage (self, task))
    return;
  g_dbus_proxy_call (G_DBUS_PROXY (self->link->proxy), "CreateVolume",
                     g_variant_new ("(ssts)", spec->vg, spec->name, spec->size,
                                    spec->origin != NULL ? spec->origin : ""),
                     G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), volume_changed_cb, g_object_ref (task));
}

static void
domus_remote_host_remove_volume (DomusHost  *host,
                                 const char *vg,
                                 const char *name,
                                 GTask      *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent_storage (self, task))
    return;
  g_dbus_proxy_call (G_DBUS_PROXY (self->link->proxy), "RemoveVolume", g_variant_new ("(ss)", vg, name),
                     G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), volume_changed_cb, g_object_ref (task));
}

/* PCI devices: ReadPci and Perform's PCI requests, from ProtocolVersion 8. */
static void
read_pci_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) devices = NULL;
  DomusPciSample *sample;
  gboolean iommu = FALSE;

  if (!domus_dbus_host1_call_read_pci_finish (DOMUS_DBUS_HOST1 (source), &iommu, &devices, result, &error))
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else if (!(sample = domus_remote_pci_decode (iommu, devices, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_pci_sample_free);
}

static void
domus_remote_host_read_pci (DomusHost *host,
                            GTask     *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent (self, task, 8,
                    _("The agent on %s is of an older Domus: it cannot read nor change the host’s PCI devices"),
                    domus_host_get_hostname (host)))
    return;
  domus_dbus_host1_call_read_pci (self->link->proxy, g_task_get_cancellable (task), read_pci_done_cb,
                                  g_object_ref (task));
}

/* Image files: ReadImages and RemoveImage, from ProtocolVersion 9. */
static gboolean
check_agent_images (DomusRemoteHost *self,
                    GTask           *task)
{
  return check_agent (self, task, 9,
                      _("The agent on %s is of an older Domus: it cannot list nor remove the host’s image files"),
                      domus_host_get_hostname (DOMUS_HOST (self)));
}

static void
read_images_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) images = NULL;
  g_autofree char *folder = NULL;
  DomusImageSample *sample;

  if (!domus_dbus_host1_call_read_images_finish (DOMUS_DBUS_HOST1 (source), &folder, &images, result, &error))
    g_task_return_error (task, from_agent (g_steal_pointer (&error)));
  else if (!(sample = domus_remote_images_decode (folder, images, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_image_sample_free);
}

static void
domus_remote_host_read_images (DomusHost  *host,
                               const char *folder,
                               GTask      *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent_images (self, task))
    return;
  domus_dbus_host1_call_read_images (self->link->proxy, folder, g_task_get_cancellable (task), read_images_done_cb,
                                     g_object_ref (task));
}

static void
domus_remote_host_remove_image (DomusHost  *host,
                                const char *folder,
                                const char *path,
                                GTask      *task)
{
  DomusRemoteHost *self = DOMUS_REMOTE_HOST (host);

  if (!check_agent_images (self, task))
    return;
  /* The agent checks it again against its own read: only one of the
   * folder's images, no domain's disk, is deleted there. */
  g_dbus_proxy_call (G_DBUS_PROXY (self->link->proxy), "RemoveImage", g_variant_new ("(ss)", folder, path),
                     G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), volume_changed_cb, g_object_ref (task));
}

void
domus_remote_host_get_traffic (DomusRemoteHost *self,
                               guint64         *bytes_read,
                               guint64         *bytes_written)
{
  DomusFrames *frames;

  g_return_if_fail (DOMUS_IS_REMOTE_HOST (self));
  g_return_if_fail (bytes_read != NULL && bytes_written != NULL);

  frames = self->link != NULL ? self->link->frames : NULL;
  *bytes_read = frames != NULL ? domus_frames_get_bytes_read (frames) : 0;
  *bytes_written = frames != NULL ? domus_frames_get_bytes_written (frames) : 0;
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
  host_class->screen_address = domus_remote_host_screen_address;
  host_class->open_console = domus_remote_host_open_console;
  host_class->get_info = domus_remote_host_get_info;
  host_class->read_log = domus_remote_host_read_log;
  host_class->read_storage = domus_remote_host_read_storage;
  host_class->create_volume = domus_remote_host_create_volume;
  host_class->remove_volume = domus_remote_host_remove_volume;
  host_class->read_pci = domus_remote_host_read_pci;
  host_class->read_images = domus_remote_host_read_images;
  host_class->remove_image = domus_remote_host_remove_image;
  host_class->clone = domus_remote_host_clone;

  /* The agent's errors come by their D-Bus names (io.domus.Error.*): the
   * names are DomusError's once its domain is registered. */
  (void) DOMUS_ERROR;
}

static gboolean
stall_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs stall_funcs = { NULL, NULL, stall_dispatch, NULL, NULL, NULL };

static void
domus_remote_host_init (DomusRemoteHost *self)
{
  self->cancellable = g_cancellable_new ();
  /* Each Performing holds the host; the table frees them. */
  self->performing = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) performing_free);
  self->consoles = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) console_free);
  self->screens = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) screen_free);
  g_signal_connect (self, "notify::refresh-interval", G_CALLBACK (refresh_interval_cb), NULL);
  /* The main context's: where the samples come. */
  self->stall = g_source_new (&stall_funcs, sizeof (GSource));
  g_source_set_callback (self->stall, stall_cb, self, NULL);
  g_source_set_ready_time (self->stall, -1);
  g_source_set_static_name (self->stall, "DomusRemoteHost stall");
  g_source_attach (self->stall, g_main_context_get_thread_default ());
}

/* Connecting */

typedef struct
{
  DomusClock          *clock;
  char               **argv;      /* to start the agent again, or NULL */
  DomusRemoteAddress  *address;
} Connecting;

static void
connecting_free (Connecting *connecting)
{
  g_clear_object (&connecting->clock);
  g_strfreev (connecting->argv);
  g_clear_pointer (&connecting->address, domus_remote_address_free);
  g_free (connecting);
}

static void
linked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connecting *connecting = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusRemoteLink) link = domus_remote_link_open_finish (result, &error);
  g_autoptr(DomusRemoteHost) self = NULL;
  DomusDBusHost1 *proxy;

  if (link == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  proxy = link->proxy;
  self = g_object_new (DOMUS_TYPE_REMOTE_HOST,
                       "backend-name", domus_dbus_host1_get_backend_name (proxy),
                       "simulated", domus_dbus_host1_get_simulated (proxy),
                       "clock", connecting->clock,
                       NULL);
  self->argv = g_steal_pointer (&connecting->argv);
  self->address = g_steal_pointer (&connecting->address);
  if (domus_dbus_host1_get_notice (proxy) != NULL && domus_dbus_host1_get_notice (proxy)[0] != '\0')
    domus_host_set_notice (DOMUS_HOST (self), domus_dbus_host1_get_notice (proxy));
  _domus_host_set_facts (DOMUS_HOST (self),
                         domus_dbus_host1_get_xen_version (proxy),
                         domus_dbus_host1_get_hostname (proxy),
                         domus_dbus_host1_get_npcpus (proxy),
                         domus_dbus_host1_get_total_memory_kib (proxy),
                         domus_dbus_host1_get_scheduler (proxy) == DOMUS_SCHEDULER_CREDIT2
                         ? DOMUS_SCHEDULER_CREDIT2 : DOMUS_SCHEDULER_CREDIT);
  adopt_link (self, g_steal_pointer (&link));
  _domus_host_start (DOMUS_HOST (self));
  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

static GTask *
connecting_new (DomusClock           *clock,
                const char * const   *argv,
                DomusRemoteAddress   *address,
                GCancellable         *cancellable,
                GAsyncReadyCallback   callback,
                gpointer              user_data)
{
  Connecting *connecting = g_new0 (Connecting, 1);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, domus_remote_host_new_async);
  connecting->clock = clock != NULL ? g_object_ref (clock) : domus_clock_new_wall ();
  connecting->argv = g_strdupv ((char **) argv);
  connecting->address = address;
  g_task_set_task_data (task, connecting, (GDestroyNotify) connecting_free);
  return task;
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

  task = connecting_new (clock, NULL, NULL, cancellable, callback, user_data);
  domus_remote_link_open_async (stream, FALSE, NULL, cancellable, linked_cb, task);
}

void
domus_remote_host_new_framed_async (GIOStream           *stream,
                                    DomusClock          *clock,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock));

  task = connecting_new (clock, NULL, NULL, cancellable, callback, user_data);
  domus_remote_link_open_async (stream, TRUE, NULL, cancellable, linked_cb, task);
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

  task = connecting_new (clock, argv, NULL, cancellable, callback, user_data);
  domus_remote_link_spawn_async (argv, NULL, cancellable, linked_cb, task);
}

void
domus_remote_host_connect_async (const char          *address,
                                 DomusClock          *clock,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(DomusRemoteAddress) parsed = NULL;
  const DomusRemoteAddress *where;
  g_auto(GStrv) argv = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (address != NULL);
  g_return_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock));

  if (!(parsed = domus_remote_address_parse (address, &error)))
    {
      task = connecting_new (clock, NULL, NULL, cancellable, callback, user_data);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  argv = domus_remote_address_get_argv (parsed);
  /* The task keeps the address, for starting the agent again. */
  where = parsed;
  task = connecting_new (clock, (const char * const *) argv, g_steal_pointer (&parsed), cancellable, callback,
                         user_data);
  domus_remote_link_spawn_async ((const char * const *) argv, where, cancellable, linked_cb, task);
}

DomusHost *
domus_remote_host_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_remote_host_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
