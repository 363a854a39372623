/* domus-agent.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-agent"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include "domus-agent.h"
#include "domus-clone.h"
#include "domus-error.h"
#include "domus-dbus-host1.h"
#include "domus-host-private.h"
#include "domus-remote-pci.h"
#include "domus-remote-storage.h"
#include "domus-remote-pipe.h"
#include "domus-remote-request.h"
#include "domus-remote-pools.h"
#include "domus-remote-sample.h"
#include "vnc/domus-vnc-address.h"

struct _DomusAgent
{
  GObject          parent_instance;

  DomusHost       *host;
  GDBusConnection *connection;
  DomusDBusHost1  *skeleton;
  GPtrArray       *waiting;      /* GDBusMethodInvocation: Refresh, RefreshNow, until a sample or an error */
  DomusHostSample *last_sent;    /* the last sample sent, answer or signal */
  gboolean         watching;     /* the other end called Watch: samples go as Sample */
  DomusFrames     *frames;       /* the stream in frames: samples go on its channel 1 */
  guint            protocol_version;
  GHashTable      *requests;     /* the caller's id → Performing */
  GHashTable      *consoles;     /* id → Console */
  GHashTable      *screens;      /* id → Screen */
  guint64          next_channel; /* a console's or a screen's id */
  gulong           error_handler;
};

/* How long a domain's VNC server may take to accept a connection. */
#define DOMUS_AGENT_SCREEN_TIMEOUT_S 10

/* A domain's text console, open for the other end. */
typedef struct
{
  DomusAgent *self;       /* borrowed: the agent closes its consoles first */
  guint64     id;
  int         fd;
  guint       watch;
} Console;

static void
console_free (Console *console)
{
  g_clear_handle_id (&console->watch, g_source_remove);
  close (console->fd);
  g_free (console);
}

/* A connection to a domain's VNC server, open for the other end. */
typedef struct
{
  DomusAgent      *self;  /* borrowed: the agent closes its screens first */
  guint64          id;
  DomusRemotePipe *pipe;
} Screen;

static void
screen_free (Screen *screen)
{
  domus_remote_pipe_free (screen->pipe);
  g_free (screen);
}

G_DEFINE_FINAL_TYPE (DomusAgent, domus_agent, G_TYPE_OBJECT)

/* A Perform under way. */
typedef struct
{
  DomusAgent            *self;      /* a reference */
  guint64                id;
  GDBusMethodInvocation *invocation;
  GCancellable          *cancellable;
} Performing;

static void
performing_free (Performing *performing)
{
  g_object_unref (performing->self);
  g_object_unref (performing->invocation);
  g_object_unref (performing->cancellable);
  g_free (performing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Performing, performing_free)

/* A connection that watches gets each sample as the Sample signal: sent
 * from here, as the generated skeleton would, without a GObject signal's
 * marshalling on the way (a refresh a second, every second). */
static void
emit_sample (DomusAgent            *self,
             const DomusHostSample *sample)
{
  GVariant *encoded = domus_remote_sample_encode (self->last_sent, sample);
  GVariant *io = domus_remote_sample_encode_io (self->last_sent, sample);
  GVariant *pools = domus_remote_pools_encode (self->last_sent, sample);
  g_autoptr(GError) error = NULL;

  /* In frames, by this main loop straight to the stream: no D-Bus message,
   * no GDBus thread woken at either end. */
  if (self->frames != NULL)
    {
      if (!domus_frames_send_sample (self->frames, g_variant_new_tuple ((GVariant *[]) { encoded, io, pools }, 3)))
        g_debug ("Sample not sent: the stream has ended");
      return;
    }
  if (!g_dbus_connection_emit_signal (self->connection, NULL, DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1", "Sample",
                                      g_variant_new_tuple ((GVariant *[]) { encoded, io, pools }, 3),
                                      &error))
    g_debug ("Sample not sent: %s", error->message);
}

static void
sample_tap (DomusHost             *host,
            const DomusHostSample *sample,
            gpointer               user_data)
{
  DomusAgent *self = user_data;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GVariant) io = NULL;
  g_autoptr(GVariant) pools = NULL;

  if (self->watching)
    {
      emit_sample (self, sample);
      g_clear_pointer (&self->last_sent, domus_host_sample_free);
      self->last_sent = domus_host_sample_ref ((DomusHostSample *) sample);
      /* RefreshNow answers once its sample is on its way: after it. */
      waiting = g_steal_pointer (&self->waiting);
      self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < waiting->len; i++)
        domus_dbus_host1_complete_refresh_now (self->skeleton, g_ptr_array_index (waiting, i));
      return;
    }
  if (self->waiting->len == 0)
    return;

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  encoded = g_variant_ref_sink (domus_remote_sample_encode (self->last_sent, sample));
  for (guint i = 0; i < waiting->len; i++)
    {
      const char *method = g_dbus_method_invocation_get_method_name (g_ptr_array_index (waiting, i));

      if (io == NULL && !g_str_equal (method, "Refresh"))
        io = g_variant_ref_sink (domus_remote_sample_encode_io (self->last_sent, sample));
      if (pools == NULL && g_str_equal (method, "RefreshPools"))
        pools = g_variant_ref_sink (domus_remote_pools_encode (self->last_sent, sample));
    }
  g_clear_pointer (&self->last_sent, domus_host_sample_free);
  /* Held, not copied: a backend's sample is its own, no one changes it. */
  self->last_sent = domus_host_sample_ref ((DomusHostSample *) sample);
  /* Each answer takes the reference the handler was given; the array
   * drops its own. */
  for (guint i = 0; i < waiting->len; i++)
    {
      GDBusMethodInvocation *invocation = g_ptr_array_index (waiting, i);

      if (g_str_equal (g_dbus_method_invocation_get_method_name (invocation), "RefreshPools"))
        domus_dbus_host1_complete_refresh_pools (self->skeleton, invocation, encoded, io, pools);
      else if (g_str_equal (g_dbus_method_invocation_get_method_name (invocation), "RefreshIo"))
        domus_dbus_host1_complete_refresh_io (self->skeleton, invocation, encoded, io);
      else
        domus_dbus_host1_complete_refresh (self->skeleton, invocation, encoded);
    }
}

static void
host_error_cb (DomusAgent *self)
{
  const GError *error = domus_host_get_error (self->host);
  g_autoptr(GPtrArray) waiting = NULL;

  if (error == NULL)
    return;
  if (self->watching)
    {
      g_autofree char *name = g_dbus_error_encode_gerror (error);

      g_dbus_connection_emit_signal (self->connection, NULL, DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1",
                                     "SampleFailed", g_variant_new ("(ss)", name, error->message), NULL);
    }
  if (self->waiting->len == 0)
    return;

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  /* Each answer takes the reference the handler was given; the array
   * drops its own. */
  for (guint i = 0; i < waiting->len; i++)
    g_dbus_method_invocation_return_gerror (g_ptr_array_index (waiting, i), error);
}

static gboolean
handle_refresh (DomusDBusHost1        *skeleton,
                GDBusMethodInvocation *invocation,
                DomusAgent            *self)
{
  /* Its answer would be a change from a sample the other end may not
   * have taken in yet: the signals and the answers travel apart. */
  if (self->watching)
    {
      g_dbus_method_invocation_return_error (invocation, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                                             "This connection watches the host: its samples come as Sample");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_ptr_array_add (self->waiting, g_object_ref (invocation));
  domus_host_refresh (self->host);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The shortest and longest intervals Watch takes, in milliseconds. */
#define WATCH_MIN_MS 10
#define WATCH_MAX_MS (24 * 3600 * 1000)

static gboolean
handle_watch (DomusDBusHost1        *skeleton,
              GDBusMethodInvocation *invocation,
              guint                  interval_ms,
              DomusAgent            *self)
{
  if (interval_ms < WATCH_MIN_MS || interval_ms > WATCH_MAX_MS)
    {
      g_dbus_method_invocation_return_error (invocation, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                                             "Cannot send a sample every %u ms: from %d ms to %d ms",
                                             interval_ms, WATCH_MIN_MS, WATCH_MAX_MS);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  /* Refreshes still waiting answer with the first sample sent as a
   * signal: they would be answered with a change from it. */
  if (self->waiting->len > 0)
    {
      g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

      self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < waiting->len; i++)
        g_dbus_method_invocation_return_error (g_ptr_array_index (waiting, i), DOMUS_ERROR,
                                               DOMUS_ERROR_INVALID_ARGUMENT,
                                               "This connection watches the host: its samples come as Sample");
    }
  self->watching = TRUE;
  /* The host reads itself on its own timer now, and sends each sample. */
  domus_host_set_refresh_interval (self->host, interval_ms);
  _domus_host_set_driven (self->host, FALSE);
  domus_host_refresh (self->host);
  domus_dbus_host1_complete_watch (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_refresh_now (DomusDBusHost1        *skeleton,
                    GDBusMethodInvocation *invocation,
                    DomusAgent            *self)
{
  if (!self->watching)
    {
      g_dbus_method_invocation_return_error (invocation, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                                             "RefreshNow is for a connection that watches the host: call Watch");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  /* Answered once the sample has gone, or the host failed to read. */
  g_ptr_array_add (self->waiting, g_object_ref (invocation));
  domus_host_refresh (self->host);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Performing *performing = user_data;

  domus_dbus_host1_emit_progress (performing->self->skeleton, performing->id, fraction);
}

static void
perform_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Performing) performing = user_data;
  DomusAgent *self = performing->self;
  g_autoptr(GError) error = NULL;
  gint64 value = domus_host_request_finish (DOMUS_HOST (source), result, &error);

  g_hash_table_remove (self->requests, &performing->id);
  /* The answer takes the reference the handler was given. */
  if (error != NULL)
    g_dbus_method_invocation_return_gerror (performing->invocation, error);
  else
    domus_dbus_host1_complete_perform (self->skeleton, performing->invocation, value);
}

static gboolean
handle_perform (DomusDBusHost1        *skeleton,
                GDBusMethodInvocation *invocation,
                guint64                id,
                GVariant              *variant,
                DomusAgent            *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusRequest) request = domus_remote_request_decode (variant, &error);
  Performing *performing;

  if (request == NULL || g_hash_table_contains (self->requests, &id))
    {
      if (error == NULL)
        g_set_error (&error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, "Request %" G_GUINT64_FORMAT " is under way", id);
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  performing = g_new0 (Performing, 1);
  performing->self = g_object_ref (self);
  performing->id = id;
  performing->invocation = g_object_ref (invocation);
  performing->cancellable = g_cancellable_new ();
  request->progress = progress_cb;
  request->progress_data = performing;
  g_hash_table_insert (self->requests, &performing->id, performing);
  domus_host_request_async (self->host, g_steal_pointer (&request), performing->cancellable, perform_done_cb,
                            performing);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
clone_progress_cb (const char *what,
                   double      fraction,
                   gpointer    user_data)
{
  Performing *performing = user_data;

  domus_dbus_host1_emit_clone_progress (performing->self->skeleton, performing->id, what, fraction);
}

static void
clone_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Performing) performing = user_data;
  DomusAgent *self = performing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = domus_clone_finish (DOMUS_HOST (source), result, &error);

  g_hash_table_remove (self->requests, &performing->id);
  if (written == NULL)
    {
      g_dbus_method_invocation_return_gerror (performing->invocation, error);
      return;
    }
  g_ptr_array_add (written, NULL);
  domus_dbus_host1_complete_clone (self->skeleton, performing->invocation, (const char * const *) written->pdata);
}

/* Clone: domus_clone_async() here, where the files are. */
static gboolean
handle_clone (DomusDBusHost1        *skeleton,
              GDBusMethodInvocation *invocation,
              guint64                id,
              GVariant              *variant,
              DomusAgent            *self)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (variant);
  g_autofree const char **names = NULL;
  const char *source = NULL, *config_path = NULL;
  DomusCloneSpec spec = { 0 };
  Performing *performing;

  if (!g_variant_dict_lookup (&dict, "source", "&s", &source) || !g_variant_dict_lookup (&dict, "names", "^a&s", &names)
      || g_hash_table_contains (self->requests, &id))
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "A clone needs a source and names, and an id not under way");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_variant_dict_lookup (&dict, "config-path", "&s", &config_path);
  g_variant_dict_lookup (&dict, "snapshot-size", "t", &spec.snapshot_size);
  g_variant_dict_lookup (&dict, "start", "b", &spec.start);
  spec.source = source;
  spec.config_path = config_path;
  spec.names = names;

  performing = g_new0 (Performing, 1);
  performing->self = g_object_ref (self);
  performing->id = id;
  performing->invocation = g_object_ref (invocation);
  performing->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->requests, &performing->id, performing);
  /* The spec is copied by the call. */
  domus_clone_async (self->host, &spec, clone_progress_cb, performing, performing->cancellable, clone_done_cb,
                     performing);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
get_info_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* The answer takes the reference the handler was given; this one goes. */
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHostInfo) info = domus_host_get_info_finish (DOMUS_HOST (source), result, &error);

  if (info == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    domus_dbus_host1_complete_get_info (NULL, invocation, domus_host_info_to_variant (info));
}

static gboolean
handle_get_info (DomusDBusHost1        *skeleton,
                 GDBusMethodInvocation *invocation,
                 DomusAgent            *self)
{
  domus_host_get_info_async (self->host, NULL, get_info_done_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
read_storage_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  /* The answer takes the reference the handler was given; this one goes. */
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  GVariant *volume_groups, *volumes;

  if (!domus_host_refresh_storage_finish (DOMUS_HOST (source), result, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  domus_remote_storage_encode (DOMUS_HOST (source), &volume_groups, &volumes);
  domus_dbus_host1_complete_read_storage (NULL, invocation, volume_groups, volumes);
}

static gboolean
handle_read_storage (DomusDBusHost1        *skeleton,
                     GDBusMethodInvocation *invocation,
                     DomusAgent            *self)
{
  domus_host_refresh_storage_async (self->host, NULL, read_storage_done_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
read_pci_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* The answer takes the reference the handler was given; this one goes. */
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;

  if (!domus_host_refresh_pci_finish (DOMUS_HOST (source), result, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  domus_dbus_host1_complete_read_pci (NULL, invocation, domus_host_has_iommu (DOMUS_HOST (source)),
                                      domus_remote_pci_encode (DOMUS_HOST (source)));
}

static gboolean
handle_read_pci (DomusDBusHost1        *skeleton,
                 GDBusMethodInvocation *invocation,
                 DomusAgent            *self)
{
  domus_host_refresh_pci_async (self->host, NULL, read_pci_done_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
read_images_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  /* The answer takes the reference the handler was given; this one goes. */
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;

  if (!domus_host_refresh_images_finish (DOMUS_HOST (source), result, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  domus_dbus_host1_complete_read_images (NULL, invocation, domus_host_get_image_folder (DOMUS_HOST (source)),
                                         domus_remote_images_encode (DOMUS_HOST (source)));
}

static gboolean
handle_read_images (DomusDBusHost1        *skeleton,
                    GDBusMethodInvocation *invocation,
                    const char            *folder,
                    DomusAgent            *self)
{
  domus_host_refresh_images_async (self->host, folder, NULL, read_images_done_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
image_removed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* The answer takes the reference the handler was given; this one goes. */
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;

  if (!domus_host_remove_image_finish (DOMUS_HOST (source), result, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
handle_remove_image (DomusDBusHost1        *skeleton,
                     GDBusMethodInvocation *invocation,
                     const char            *folder,
                     const char            *path,
                     DomusAgent            *self)
{
  /* Checked here against this host's own read of the folder. */
  domus_host_remove_image_async (self->host, folder, path, NULL, image_removed_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* CreateVolume and RemoveVolume: answered empty, or with the host's refusal. */
static void
volume_changed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;

  if (!domus_host_create_volume_finish (DOMUS_HOST (source), result, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
handle_create_volume (DomusDBusHost1        *skeleton,
                      GDBusMethodInvocation *invocation,
                      const char            *vg,
                      const char            *name,
                      guint64                size,
                      const char            *origin,
                      DomusAgent            *self)
{
  DomusVolumeSpec spec = { vg, name, size, origin[0] != '\0' ? origin : NULL };

  domus_host_create_volume_async (self->host, &spec, NULL, volume_changed_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_remove_volume (DomusDBusHost1        *skeleton,
                      GDBusMethodInvocation *invocation,
                      const char            *vg,
                      const char            *name,
                      DomusAgent            *self)
{
  domus_host_remove_volume_async (self->host, vg, name, NULL, volume_changed_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
read_log_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ring = domus_host_read_log_finish (DOMUS_HOST (source), result, &error);

  if (ring == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    domus_dbus_host1_complete_read_log (NULL, invocation,
                                        g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, ring, TRUE));
}

static gboolean
handle_read_log (DomusDBusHost1        *skeleton,
                 GDBusMethodInvocation *invocation,
                 DomusAgent            *self)
{
  domus_host_read_log_async (self->host, NULL, read_log_done_cb, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_cancel (DomusDBusHost1        *skeleton,
               GDBusMethodInvocation *invocation,
               guint64                id,
               DomusAgent            *self)
{
  Performing *performing = g_hash_table_lookup (self->requests, &id);

  if (performing != NULL)
    g_cancellable_cancel (performing->cancellable);
  domus_dbus_host1_complete_cancel (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
console_readable_cb (int          fd,
                     GIOCondition condition,
                     gpointer     data)
{
  Console *console = data;
  DomusAgent *self = console->self;
  guint8 buffer[4096];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    {
      domus_dbus_host1_emit_console_output (self->skeleton, console->id,
                                            g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, buffer, n, 1));
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  /* The pty went: its domain did, or was rebooted onto another. */
  console->watch = 0;
  domus_dbus_host1_emit_console_closed (self->skeleton, console->id);
  g_hash_table_remove (self->consoles, &console->id);
  return G_SOURCE_REMOVE;
}

static gboolean
handle_open_console (DomusDBusHost1        *skeleton,
                     GDBusMethodInvocation *invocation,
                     guint                  domid,
                     DomusAgent            *self)
{
  DomusDomain *domain = domus_host_lookup_domain_by_id (self->host, domid);
  g_autoptr(GError) error = NULL;
  Console *console;
  int fd;

  if (domain == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                                             _("Domain %u has no text console"), domid);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  /* Opened as here, raw, as xl console does. */
  if ((fd = domus_host_open_console (self->host, domain, NULL, &error)) < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  console = g_new0 (Console, 1);
  console->self = self;
  console->id = ++self->next_channel;
  console->fd = fd;
  console->watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, console_readable_cb, console);
  g_hash_table_insert (self->consoles, &console->id, console);
  domus_dbus_host1_complete_open_console (skeleton, invocation, console->id);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_console_write (DomusDBusHost1        *skeleton,
                      GDBusMethodInvocation *invocation,
                      guint64                id,
                      GVariant              *data,
                      DomusAgent            *self)
{
  Console *console = g_hash_table_lookup (self->consoles, &id);
  gsize size = 0;
  const guint8 *bytes = g_variant_get_fixed_array (data, &size, 1);

  /* Keys a console cannot take now are dropped, as xl console's would
   * block: a guest that reads nothing loses what is typed. */
  while (console != NULL && size > 0)
    {
      gssize n = write (console->fd, bytes, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_debug ("console %" G_GUINT64_FORMAT ": %s, input dropped", id, g_strerror (errno));
          break;
        }
      bytes += n;
      size -= (gsize) n;
    }
  domus_dbus_host1_complete_console_write (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_close_console (DomusDBusHost1        *skeleton,
                      GDBusMethodInvocation *invocation,
                      guint64                id,
                      DomusAgent            *self)
{
  g_hash_table_remove (self->consoles, &id);
  domus_dbus_host1_complete_close_console (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Screens */

static void
screen_read_cb (GBytes   *chunk,
                gpointer  user_data)
{
  Screen *screen = user_data;
  DomusAgent *self = screen->self;

  if (chunk != NULL)
    {
      domus_dbus_host1_emit_screen_output (self->skeleton, screen->id,
                                           g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, chunk, TRUE));
      return;
    }
  /* The server closed it: its domain went, or rebooted. */
  domus_dbus_host1_emit_screen_closed (self->skeleton, screen->id);
  g_hash_table_remove (self->screens, &screen->id);
}

typedef struct
{
  DomusAgent            *self;        /* a reference */
  GDBusMethodInvocation *invocation;  /* until answered */
  char                  *where;
} OpeningScreen;

static void
opening_screen_free (OpeningScreen *opening)
{
  g_object_unref (opening->self);
  g_free (opening->where);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpeningScreen, opening_screen_free)

static void
screen_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OpeningScreen) opening = user_data;
  DomusAgent *self = opening->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result,
                                                                             &error);
  Screen *screen;

  /* The agent stopped serving meanwhile. */
  if (self->skeleton == NULL)
    {
      g_dbus_method_invocation_return_error (opening->invocation, DOMUS_ERROR,
                                             DOMUS_ERROR_CLOSED, "The agent is stopping");
      return;
    }
  if (connection == NULL)
    {
      /* TRANSLATORS: the VNC server's address, then the system's reason */
      g_dbus_method_invocation_return_error (opening->invocation, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                             _("Cannot connect to the VNC server at %s: %s"), opening->where,
                                             error->message);
      return;
    }
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  screen = g_new0 (Screen, 1);
  screen->self = self;
  screen->id = ++self->next_channel;
  screen->pipe = domus_remote_pipe_new (G_IO_STREAM (connection), screen_read_cb, screen);
  g_hash_table_insert (self->screens, &screen->id, screen);
  domus_dbus_host1_complete_open_screen (self->skeleton, opening->invocation, screen->id);
}

static gboolean
handle_open_screen (DomusDBusHost1        *skeleton,
                    GDBusMethodInvocation *invocation,
                    guint                  domid,
                    DomusAgent            *self)
{
  DomusDomain *domain = domus_host_lookup_domain_by_id (self->host, domid);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) error = NULL;
  OpeningScreen *opening;
  char *where = NULL;

  if (domain == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                                             _("Domain %u is gone"), domid);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  /* The host's own address for it, never one the other end names. */
  if (!(address = domus_host_dup_screen_address (self->host, domain, &where, &error)))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  opening = g_new0 (OpeningScreen, 1);
  opening->self = g_object_ref (self);
  /* Handled: the reference the handler was given is the answer's. */
  opening->invocation = invocation;
  opening->where = where;
  g_socket_client_set_timeout (client, DOMUS_AGENT_SCREEN_TIMEOUT_S);
  g_socket_client_connect_async (client, address, NULL, screen_connected_cb, opening);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_screen_write (DomusDBusHost1        *skeleton,
                     GDBusMethodInvocation *invocation,
                     guint64                id,
                     GVariant              *data,
                     DomusAgent            *self)
{
  Screen *screen = g_hash_table_lookup (self->screens, &id);

  if (screen != NULL)
    {
      g_autoptr(GBytes) chunk = g_variant_get_data_as_bytes (data);

      domus_remote_pipe_write (screen->pipe, chunk);
    }
  domus_dbus_host1_complete_screen_write (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_close_screen (DomusDBusHost1        *skeleton,
                     GDBusMethodInvocation *invocation,
                     guint64                id,
                     DomusAgent            *self)
{
  g_hash_table_remove (self->screens, &id);
  domus_dbus_host1_complete_close_screen (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
domus_agent_dispose (GObject *object)
{
  DomusAgent *self = DOMUS_AGENT (object);

  g_hash_table_remove_all (self->consoles);
  g_hash_table_remove_all (self->screens);
  if (self->skeleton != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
  g_clear_object (&self->skeleton);
  if (self->host != NULL)
    {
      _domus_host_set_sample_tap (self->host, NULL, NULL);
      _domus_host_set_driven (self->host, FALSE);
      _domus_host_set_lazy_domains (self->host, FALSE);
      g_clear_signal_handler (&self->error_handler, self->host);
    }
  g_clear_object (&self->host);
  g_clear_object (&self->connection);
  g_clear_object (&self->frames);

  G_OBJECT_CLASS (domus_agent_parent_class)->dispose (object);
}

static void
domus_agent_finalize (GObject *object)
{
  DomusAgent *self = DOMUS_AGENT (object);

  g_ptr_array_unref (self->waiting);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->consoles);
  g_hash_table_unref (self->screens);
  g_clear_pointer (&self->last_sent, domus_host_sample_free);

  G_OBJECT_CLASS (domus_agent_parent_class)->finalize (object);
}

static void
domus_agent_class_init (DomusAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_agent_dispose;
  object_class->finalize = domus_agent_finalize;
}

static void
domus_agent_init (DomusAgent *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  /* Each Performing holds the agent: the table does not own them. */
  self->requests = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->consoles = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) console_free);
  self->screens = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) screen_free);
}

DomusAgent *
domus_agent_new (DomusHost        *host,
                 GDBusConnection  *connection,
                 GError          **error)
{
  g_autoptr(DomusAgent) self = NULL;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);

  self = g_object_new (DOMUS_TYPE_AGENT, NULL);
  self->protocol_version = DOMUS_AGENT_PROTOCOL_VERSION;
  self->host = g_object_ref (host);
  self->connection = g_object_ref (connection);
  self->skeleton = domus_dbus_host1_skeleton_new ();
  g_object_set (self->skeleton,
                "protocol-version", self->protocol_version,
                "backend-name", domus_host_get_backend_name (host),
                "simulated", domus_host_is_simulated (host),
                "notice", domus_host_get_notice (host) != NULL ? domus_host_get_notice (host) : "",
                "xen-version", domus_host_get_xen_version (host),
                "hostname", domus_host_get_hostname (host),
                "npcpus", domus_host_get_n_pcpus (host),
                "total-memory-kib", domus_host_get_total_memory_kib (host),
                "scheduler", (guint) domus_host_get_scheduler (host),
                NULL);
  g_signal_connect (self->skeleton, "handle-refresh", G_CALLBACK (handle_refresh), self);
  g_signal_connect (self->skeleton, "handle-refresh-io", G_CALLBACK (handle_refresh), self);
  g_signal_connect (self->skeleton, "handle-refresh-pools", G_CALLBACK (handle_refresh), self);
  g_signal_connect (self->skeleton, "handle-watch", G_CALLBACK (handle_watch), self);
  g_signal_connect (self->skeleton, "handle-refresh-now", G_CALLBACK (handle_refresh_now), self);
  g_signal_connect (self->skeleton, "handle-perform", G_CALLBACK (handle_perform), self);
  g_signal_connect (self->skeleton, "handle-cancel", G_CALLBACK (handle_cancel), self);
  g_signal_connect (self->skeleton, "handle-get-info", G_CALLBACK (handle_get_info), self);
  g_signal_connect (self->skeleton, "handle-read-log", G_CALLBACK (handle_read_log), self);
  g_signal_connect (self->skeleton, "handle-read-storage", G_CALLBACK (handle_read_storage), self);
  g_signal_connect (self->skeleton, "handle-read-pci", G_CALLBACK (handle_read_pci), self);
  g_signal_connect (self->skeleton, "handle-read-images", G_CALLBACK (handle_read_images), self);
  g_signal_connect (self->skeleton, "handle-clone", G_CALLBACK (handle_clone), self);
  g_signal_connect (self->skeleton, "handle-remove-image", G_CALLBACK (handle_remove_image), self);
  g_signal_connect (self->skeleton, "handle-create-volume", G_CALLBACK (handle_create_volume), self);
  g_signal_connect (self->skeleton, "handle-remove-volume", G_CALLBACK (handle_remove_volume), self);
  g_signal_connect (self->skeleton, "handle-open-console", G_CALLBACK (handle_open_console), self);
  g_signal_connect (self->skeleton, "handle-console-write", G_CALLBACK (handle_console_write), self);
  g_signal_connect (self->skeleton, "handle-close-console", G_CALLBACK (handle_close_console), self);
  g_signal_connect (self->skeleton, "handle-open-screen", G_CALLBACK (handle_open_screen), self);
  g_signal_connect (self->skeleton, "handle-screen-write", G_CALLBACK (handle_screen_write), self);
  g_signal_connect (self->skeleton, "handle-close-screen", G_CALLBACK (handle_close_screen), self);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection,
                                         DOMUS_AGENT_OBJECT_PATH, error))
    return NULL;

  _domus_host_set_sample_tap (host, sample_tap, self);
  _domus_host_set_driven (host, TRUE);
  /* No one here shows its domains: they are brought up to date when a
   * request, a console or a screen looks one up. */
  _domus_host_set_lazy_domains (host, TRUE);
  self->error_handler = g_signal_connect_swapped (host, "notify::error", G_CALLBACK (host_error_cb), self);
  return g_steal_pointer (&self);
}

static gboolean
allow_anonymous_cb (GDBusAuthObserver *observer,
                    const char        *mechanism,
                    gpointer           user_data)
{
  return g_strcmp0 (mechanism, "ANONYMOUS") == 0;
}

static void
served_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(DomusAgent) agent = NULL;
  GError *error = NULL;

  connection = g_dbus_connection_new_finish (result, &error);
  if (connection == NULL || !(agent = domus_agent_new (g_task_get_task_data (task), connection, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_dbus_connection_start_message_processing (connection);
  g_task_return_pointer (task, g_steal_pointer (&agent), g_object_unref);
}

void
domus_agent_serve_async (DomusHost           *host,
                         GIOStream           *stream,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GDBusAuthObserver) observer = g_dbus_auth_observer_new ();
  g_autofree char *guid = g_dbus_generate_guid ();
  GTask *task;

  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (G_IS_IO_STREAM (stream));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_agent_serve_async);
  g_task_set_task_data (task, g_object_ref (host), g_object_unref);
  g_signal_connect (observer, "allow-mechanism", G_CALLBACK (allow_anonymous_cb), NULL);
  /* The object is exported before the first message is read. */
  g_dbus_connection_new (stream, guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                         | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS
                         | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                         observer, cancellable, served_cb, task);
}

DomusAgent *
domus_agent_serve_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GDBusConnection *
domus_agent_get_connection (DomusAgent *self)
{
  g_return_val_if_fail (DOMUS_IS_AGENT (self), NULL);

  return self->connection;
}

void
domus_agent_set_frames (DomusAgent  *self,
                        DomusFrames *frames)
{
  g_return_if_fail (DOMUS_IS_AGENT (self));
  g_return_if_fail (frames == NULL || DOMUS_IS_FRAMES (frames));

  g_set_object (&self->frames, frames);
}

void
domus_agent_set_protocol_version (DomusAgent *self,
                                  guint       version)
{
  g_return_if_fail (DOMUS_IS_AGENT (self));
  g_return_if_fail (version >= 1 && version <= DOMUS_AGENT_PROTOCOL_VERSION);

  self->protocol_version = version;
  domus_dbus_host1_set_protocol_version (self->skeleton, version);
}

guint
domus_agent_get_n_consoles (DomusAgent *self)
{
  g_return_val_if_fail (DOMUS_IS_AGENT (self), 0);

  return g_hash_table_size (self->consoles);
}
