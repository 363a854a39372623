/* domus-xen-host.c: the Xen host's type and handles, libxl's log and errors, events
 *
 * The reading of the host, the requests and saving are in files of their
 * own: see domus-xen-host-private.h.
 *
 * Threads: the main context owns the object, the death watches and the
 * xenstore watch. One refresh at a time runs on a worker thread and is the
 * only user of the libxenstat and libxenctrl handles and of the per-domain
 * cache. Requests run synchronous libxl calls on GTask worker threads
 * (libxl_ctx is thread-safe), except saving, which runs as a libxl
 * asynchronous operation from the main context so that it can be aborted.
 * No lock of ours is ever held across a libxl call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "domus-error.h"

enum {
  DOMAIN_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusXenHost, domus_xen_host, DOMUS_TYPE_HOST)

static GPrivate last_error = G_PRIVATE_INIT (g_free);

/* logging */

static void logger_vmessage (xentoollog_logger *logger,
                             xentoollog_level   level,
                             int                errnoval,
                             const char        *context,
                             const char        *format,
                             va_list            args) G_GNUC_PRINTF (5, 0);

static void
logger_vmessage (xentoollog_logger *logger,
                 xentoollog_level   level,
                 int                errnoval,
                 const char        *context,
                 const char        *format,
                 va_list            args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (errnoval >= 0)
    {
      char *with_errno = g_strdup_printf ("%s: %s", message, g_strerror (errnoval));

      g_free (message);
      message = with_errno;
    }
  if (level >= XTL_ERROR)
    g_private_replace (&last_error, g_strdup (message));
  if (level >= XTL_INFO)
    g_debug ("%s: %s", context != NULL ? context : "xen", message);
}

static void
logger_destroy (xentoollog_logger *logger)
{
}

void
clear_last_error (void)
{
  g_private_replace (&last_error, NULL);
}

/* "WHAT: libxl's last error" as a GError; @rc picks the code. */
G_GNUC_PRINTF (3, 4)
void
set_libxl_error (GError     **error,
                 int          rc,
                 const char  *format,
                 ...)
{
  const char *why = g_private_get (&last_error);
  g_autofree char *what = NULL;
  int code = DOMUS_ERROR_HYPERCALL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  switch (rc)
    {
    case ERROR_DOMAIN_NOTFOUND: code = DOMUS_ERROR_NOT_FOUND; break;
    case ERROR_INVAL: code = DOMUS_ERROR_INVALID_ARGUMENT; break;
    case ERROR_NOPARAVIRT: code = DOMUS_ERROR_NOT_SUPPORTED; break;
    default: break;
    }
  if (why == NULL)
    why = rc == ERROR_DOMAIN_NOTFOUND ? _("no such domain") : _("libxl gave no reason");
  g_set_error (error, DOMUS_ERROR, code, "%s: %s", what, why);
}

/* events */

static const char *
shutdown_reason_to_string (libxl_shutdown_reason reason)
{
  switch (reason)
    {
    case LIBXL_SHUTDOWN_REASON_POWEROFF: return "poweroff";
    case LIBXL_SHUTDOWN_REASON_REBOOT: return "reboot";
    case LIBXL_SHUTDOWN_REASON_SUSPEND: return "suspend";
    case LIBXL_SHUTDOWN_REASON_CRASH: return "crash";
    case LIBXL_SHUTDOWN_REASON_WATCHDOG: return "watchdog";
    case LIBXL_SHUTDOWN_REASON_SOFT_RESET: return "soft-reset";
    default: return "unknown";
    }
}

static void
event_cb (libxl_event *event,
          gpointer     user_data)
{
  DomusXenHost *self = user_data;
  guint domid = event->domid;

  switch (event->type)
    {
    case LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN:
      {
        g_autofree char *what =
          g_strconcat ("shutdown:",
                       shutdown_reason_to_string (event->u.domain_shutdown.shutdown_reason), NULL);

        g_signal_emit (self, signals[DOMAIN_EVENT], 0, domid, what);
        break;
      }

    case LIBXL_EVENT_TYPE_DOMAIN_DEATH:
      {
        libxl_evgen_domain_death *evgen = g_hash_table_lookup (self->deaths, GUINT_TO_POINTER (domid));

        if (evgen != NULL)
          {
            g_hash_table_remove (self->deaths, GUINT_TO_POINTER (domid));
            libxl_evdisable_domain_death (self->ctx, evgen);
          }
        g_hash_table_add (self->dead, GUINT_TO_POINTER (domid));
        g_signal_emit (self, signals[DOMAIN_EVENT], 0, domid, "death");
        break;
      }

    default:
      break;
    }

  libxl_event_free (self->ctx, event);
  g_atomic_int_set (&self->settings_stale, TRUE);
  domus_host_refresh (DOMUS_HOST (self));
}

/* Domains appear (and go) as xenstore says, not at the next tick. */
static gboolean
xs_watch_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  DomusXenHost *self = user_data;
  char **watch;
  gboolean any = FALSE;

  while ((watch = xs_check_watch (self->xs_watch)) != NULL)
    {
      free (watch);
      any = TRUE;
    }
  if (any)
    {
      g_atomic_int_set (&self->settings_stale, TRUE);
      domus_host_refresh (DOMUS_HOST (self));
    }
  return G_SOURCE_CONTINUE;
}

/* life */

static void
domus_xen_host_finalize (GObject *object)
{
  DomusXenHost *self = DOMUS_XEN_HOST (object);
  GHashTableIter iter;
  gpointer value;

  if (self->xs_watch_id != 0)
    g_source_remove (self->xs_watch_id);
  if (self->xs_watch != NULL)
    xs_close (self->xs_watch);
  if (self->deaths != NULL)
    {
      g_hash_table_iter_init (&iter, self->deaths);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        libxl_evdisable_domain_death (self->ctx, value);
      g_hash_table_unref (self->deaths);
    }
  g_clear_pointer (&self->dead, g_hash_table_unref);
  if (self->ctx != NULL)
    libxl_ctx_free (self->ctx);
  domus_xen_loop_free (self->loop);
  if (self->xstat != NULL)
    xenstat_uninit (self->xstat);
  g_clear_pointer (&self->vbd_dir, closedir);
  if (self->xc != NULL)
    xc_interface_close (self->xc);
  if (self->xs != NULL)
    xs_close (self->xs);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->pools, g_array_unref);
  g_clear_pointer (&self->affinity_texts, g_hash_table_unref);
  g_clear_pointer (&self->config_paths, g_hash_table_unref);
  g_clear_pointer (&self->saves, g_ptr_array_unref);
  g_free (self->cpuinfo);
  free (self->cpumap);
  g_free (self->migrate_command);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (domus_xen_host_parent_class)->finalize (object);
}

static void
domus_xen_host_class_init (DomusXenHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  DomusHostClass *host_class = DOMUS_HOST_CLASS (klass);

  object_class->finalize = domus_xen_host_finalize;
  host_class->refresh = domus_xen_host_refresh;
  host_class->perform = domus_xen_host_perform;
  host_class->get_info = domus_xen_host_get_info;
  host_class->read_log = domus_xen_host_read_log;
  host_class->read_storage = domus_xen_host_read_storage;
  host_class->create_volume = domus_xen_host_create_volume;
  host_class->remove_volume = domus_xen_host_remove_volume;
  host_class->read_pci = domus_xen_host_read_pci;
  host_class->read_images = domus_xen_host_read_images;
  host_class->remove_image = domus_xen_host_remove_image;

  /**
   * DomusXenHost::domain-event:
   * @domid: the domain
   * @what: "shutdown:REASON" (poweroff, reboot, suspend, crash, watchdog,
   *   soft-reset) or "death"
   *
   * libxl reported that a domain shut down or died.
   */
  signals[DOMAIN_EVENT] =
    g_signal_new ("domain-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
domus_xen_host_init (DomusXenHost *self)
{
  g_mutex_init (&self->mutex);
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, domain_cache_free);
  self->affinity_texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->config_paths = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->deaths = g_hash_table_new (NULL, NULL);
  self->dead = g_hash_table_new (NULL, NULL);
  self->saves = g_ptr_array_new ();
}

static gboolean
open_handles (DomusXenHost  *self,
              GError       **error)
{
  const libxl_version_info *version;
  GMainContext *context;
  libxl_physinfo physinfo;
  g_autofree char *version_text = NULL;
  guint64 total_kib;
  int scheduler;

  self->logger.vtable.vmessage = logger_vmessage;
  self->logger.vtable.progress = logger_progress;
  self->logger.vtable.destroy = logger_destroy;
  self->logger.host = self;

  clear_last_error ();
  if (libxl_ctx_alloc (&self->ctx, LIBXL_VERSION, 0, &self->logger.vtable) != 0)
    {
      self->ctx = NULL;
      set_libxl_error (error, ERROR_FAIL, _("Cannot open libxenlight"));
      return FALSE;
    }
  /* Before any other libxl call and before any child of ours starts. */
  context = g_main_context_ref_thread_default ();
  self->loop = domus_xen_loop_new (self->ctx, context, event_cb, self);
  g_main_context_unref (context);
  if (syscall (SYS_pidfd_open, getpid (), 0) < 0)
    g_warning ("No pidfd_open(): GLib will catch SIGCHLD and libxl may abort");

  libxl_physinfo_init (&physinfo);
  if (libxl_get_physinfo (self->ctx, &physinfo) != 0)
    {
      libxl_physinfo_dispose (&physinfo);
      set_libxl_error (error, ERROR_FAIL, _("Cannot read the host's CPUs and memory"));
      return FALSE;
    }
  self->n_pcpus = physinfo.nr_cpus;
  total_kib = physinfo.total_pages * (XC_PAGE_SIZE / 1024);
  libxl_physinfo_dispose (&physinfo);
  self->cpuinfo = g_new0 (xc_cpuinfo_t, self->n_pcpus);

  /* DOMUS_XEN_NO_IO=1: no networks and disks, to measure what reading them
   * costs (bench-xen-refresh). */
  self->no_io = g_strcmp0 (g_getenv ("DOMUS_XEN_NO_IO"), "1") == 0;
  /* DOMUS_XEN_IO=libxenstat: read them as xentop does (domus-xen-host-refresh.c). */
  self->io_libxenstat = g_strcmp0 (g_getenv ("DOMUS_XEN_IO"), "libxenstat") == 0;
  if (!(self->xstat = xenstat_init ()))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN, _("Cannot open libxenstat: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  if (!(self->xc = xc_interface_open (&self->logger.vtable, &self->logger.vtable, 0))
      || !(self->cpumap = xc_cpumap_alloc (self->xc))
      || !(self->xs = xs_open (0)) || !(self->xs_watch = xs_open (0)))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN, _("Cannot open Xen's control interfaces: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  if (!xs_watch (self->xs_watch, "@introduceDomain", "domus")
      || !xs_watch (self->xs_watch, "@releaseDomain", "domus"))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN, _("Cannot watch xenstore: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  self->xs_watch_id = g_unix_fd_add (xs_fileno (self->xs_watch), G_IO_IN, xs_watch_cb, self);

  version = libxl_get_version_info (self->ctx);
  version_text = version != NULL
    ? g_strdup_printf ("%d.%d%s", version->xen_version_major, version->xen_version_minor,
                       version->xen_version_extra != NULL ? version->xen_version_extra : "")
    : g_strdup ("?");
  scheduler = libxl_get_scheduler (self->ctx);

  _domus_host_set_facts (DOMUS_HOST (self), version_text, g_get_host_name (), self->n_pcpus, total_kib,
                         scheduler == LIBXL_SCHEDULER_CREDIT ? DOMUS_SCHEDULER_CREDIT
                                                             : DOMUS_SCHEDULER_CREDIT2);
  return TRUE;
}

DomusHost *
domus_xen_host_new (GError **error)
{
  g_autoptr(DomusClock) clock = domus_clock_new_wall ();
  g_autoptr(DomusXenHost) self = g_object_new (DOMUS_TYPE_XEN_HOST,
                                               "backend-name", _("Xen host"),
                                               "simulated", FALSE,
                                               "clock", clock,
                                               NULL);

  if (!open_handles (self, error))
    return NULL;
  _domus_host_start (DOMUS_HOST (self));
  return DOMUS_HOST (g_steal_pointer (&self));
}

void
domus_xen_host_set_migrate_command (DomusXenHost *self,
                                    const char   *command)
{
  g_return_if_fail (DOMUS_IS_XEN_HOST (self));

  g_free (self->migrate_command);
  self->migrate_command = g_strdup (command);
}
