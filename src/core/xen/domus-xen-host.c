/* domus-xen-host.c
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
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxl_utils.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-partial-file.h"
#include "domus-xen-save.h"
#include "domus-xl-config.h"

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

/* requests */

typedef struct
{
  DomusProgressFunc func;
  gpointer          data;
  double            fraction;
} ProgressReport;

static gboolean
report_cb (gpointer data)
{
  ProgressReport *report = data;

  report->func (report->fraction, report->data);
  return G_SOURCE_REMOVE;
}

/* domus_request_report() on the main context, from any thread; always
 * through a source, never on the calling thread. */
static void
report_progress (const DomusRequest *request,
                 double              fraction)
{
  ProgressReport *report;

  if (request->progress == NULL)
    return;
  report = g_new0 (ProgressReport, 1);
  report->func = request->progress;
  report->data = request->progress_data;
  report->fraction = CLAMP (fraction, 0.0, 1.0);
  g_idle_add_full (G_PRIORITY_DEFAULT, report_cb, report, g_free);
}

static gboolean
cpu_bitmap_from_mask (DomusXenHost *self,
                      libxl_bitmap *map,
                      guint64       mask)
{
  libxl_bitmap_init (map);
  if (libxl_cpu_bitmap_alloc (self->ctx, map, 0) != 0)
    return FALSE;
  for (guint i = 0; i < DOMUS_CPULIST_MAX_PCPUS; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      libxl_bitmap_set (map, (int) i);
  return TRUE;
}

static int
set_vcpus_online (DomusXenHost *self,
                  guint32       domid,
                  guint         vcpus)
{
  libxl_dominfo info;
  libxl_bitmap map;
  int rc;

  libxl_dominfo_init (&info);
  if ((rc = libxl_domain_info (self->ctx, &info, domid)) != 0)
    return rc;
  libxl_bitmap_init (&map);
  if ((rc = libxl_cpu_bitmap_alloc (self->ctx, &map, (int) info.vcpu_max_id + 1)) == 0)
    {
      for (guint v = 0; v < vcpus; v++)
        libxl_bitmap_set (&map, (int) v);
      rc = libxl_set_vcpuonline (self->ctx, domid, &map, NULL);
    }
  libxl_bitmap_dispose (&map);
  libxl_dominfo_dispose (&info);
  return rc;
}

static int
pin_vcpus (DomusXenHost       *self,
           const DomusRequest *request)
{
  libxl_dominfo info;
  libxl_bitmap hard;
  int rc;

  libxl_dominfo_init (&info);
  if ((rc = libxl_domain_info (self->ctx, &info, request->domid)) != 0)
    return rc;
  if (!cpu_bitmap_from_mask (self, &hard, request->affinity))
    rc = ERROR_NOMEM;
  else if (request->vcpu == DOMUS_REQUEST_ALL_VCPUS)
    rc = libxl_set_vcpuaffinity_all (self->ctx, request->domid, info.vcpu_max_id + 1, &hard, NULL);
  else
    rc = libxl_set_vcpuaffinity (self->ctx, request->domid, request->vcpu, &hard, NULL);
  libxl_bitmap_dispose (&hard);
  libxl_dominfo_dispose (&info);
  return rc;
}

static int
set_scheduler (DomusXenHost       *self,
               const DomusRequest *request)
{
  libxl_domain_sched_params current, wanted;
  int rc;

  libxl_domain_sched_params_init (&current);
  libxl_domain_sched_params_init (&wanted);
  /* The scheduler of the domain's cpupool; every other field left alone. */
  if ((rc = libxl_domain_sched_params_get (self->ctx, request->domid, &current)) == 0)
    {
      wanted.sched = current.sched;
      if (request->weight > 0)
        wanted.weight = request->weight;
      if (request->cap >= 0)
        wanted.cap = request->cap;
      rc = libxl_domain_sched_params_set (self->ctx, request->domid, &wanted);
    }
  libxl_domain_sched_params_dispose (&current);
  libxl_domain_sched_params_dispose (&wanted);
  return rc;
}

/* Shutdown and reboot ask the guest; an HVM guest without PV drivers gets
 * the ACPI button instead, as `xl shutdown -F` does. */
static int
shutdown_or_reboot (DomusXenHost *self,
                    guint32       domid,
                    gboolean      reboot)
{
  int rc = reboot ? libxl_domain_reboot (self->ctx, domid, NULL)
                  : libxl_domain_shutdown (self->ctx, domid, NULL);

  if (rc == ERROR_NOPARAVIRT)
    {
      clear_last_error ();
      rc = libxl_send_trigger (self->ctx, domid, reboot ? LIBXL_TRIGGER_RESET : LIBXL_TRIGGER_POWER,
                               0, NULL);
    }
  return rc;
}

static int
eject_cdrom (DomusXenHost       *self,
             const DomusRequest *request)
{
  libxl_device_disk disk;
  int rc;

  /* What `xl cd-eject` inserts: an empty read-only CD-ROM. */
  libxl_device_disk_init (&disk);
  disk.vdev = strdup (request->target);
  disk.format = LIBXL_DISK_FORMAT_EMPTY;
  disk.is_cdrom = 1;
  disk.removable = 1;
  disk.readwrite = 0;
  rc = libxl_cdrom_insert (self->ctx, request->domid, &disk, NULL);
  libxl_device_disk_dispose (&disk);
  return rc;
}

static void
remember_config_path (DomusXenHost *self,
                      guint32       domid,
                      const char   *path)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->config_paths, GUINT_TO_POINTER (domid), g_canonicalize_filename (path, NULL));
  g_mutex_unlock (&self->mutex);
}

static void
cancel_xl_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGINT);
}

/* Runs xl with @argv, reporting progress from the lines it prints as told by
 * @milestones (substring → fraction), and stopping it on cancel. Returns
 * FALSE with xl's own words in the error if it fails. */
gboolean
run_xl (const char * const  *argv,
        const DomusRequest  *request,
        const Milestone     *milestones,
        GCancellable        *cancellable,
        const char          *what,
        GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  double reached = 0.0;
  gulong cancel_id = 0;
  char *line;

  /* Messages as the user would see them in a terminal, in English for the
   * milestones; xl prints to stderr. */
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               &local_error);
  if (process == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", what, local_error->message);
      return FALSE;
    }
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_xl_cb), process, NULL);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      g_debug ("%s: %s", argv[1], line);
      for (guint i = 0; milestones != NULL && milestones[i].text != NULL; i++)
        if (strstr (line, milestones[i].text) != NULL && milestones[i].fraction > reached)
          {
            reached = milestones[i].fraction;
            report_progress (request, reached);
          }
      /* On failure the lines that say what went wrong, or else all of them. */
      if (strstr (line, "rror") != NULL || strstr (line, "ailed") != NULL)
        g_string_append_printf (errors, "%s%s", errors->len > 0 ? "\n" : "", line);
      else if (!g_str_has_prefix (line, "Parsing config from") && !g_str_has_prefix (line, "Loading new save file")
               && !g_str_has_prefix (line, "Savefile contains") && line[0] != '\0')
        g_string_append_printf (output, "%s%s", output->len > 0 ? "\n" : "", line);
      g_free (line);
    }

  g_subprocess_wait (process, NULL, NULL);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", what,
                   errors->len > 0 ? errors->str
                   : output->len > 0 ? output->str : _("xl failed without saying why"));
      return FALSE;
    }
  report_progress (request, 1.0);
  return TRUE;
}

gint64
domid_of (DomusXenHost  *self,
          const char    *name,
          GError       **error)
{
  uint32_t domid = 0;

  if (libxl_name_to_domid (self->ctx, name, &domid) != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("xl reported success, but no domain named “%s” exists"), name);
      return -1;
    }
  return domid;
}

gboolean
name_in_use (DomusXenHost *self,
             const char   *name)
{
  uint32_t domid;

  return libxl_name_to_domid (self->ctx, name, &domid) == 0;
}

static gint64
create_domain (DomusXenHost        *self,
               const DomusRequest  *request,
               GCancellable        *cancellable,
               GError             **error)
{
  static const Milestone milestones[] = {
    { "Parsing config from", 0.1 },
    { "Waiting for domain", 0.5 },
    { NULL, 0 },
  };
  g_autoptr(DomusXlConfig) config = NULL;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  const char *argv[] = { "xl", "create", request->path, NULL };
  gint64 domid;

  /* Domus's own reader first: its messages name the line. */
  if (!(config = domus_xl_config_new_from_file (request->path, error)))
    return -1;
  if (!domus_xl_config_get_string (config, "name", &name))
    {
      g_autofree char *basename = g_path_get_basename (request->path);

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("“%s” gives the domain no name"), basename);
      return -1;
    }
  if (!domus_domain_check_new_name (name, error))
    return -1;
  if (name_in_use (self, name))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("A domain named “%s” already exists"), name);
      return -1;
    }

  what = g_strdup_printf (_("Cannot create “%s”"), name);
  if (!run_xl (argv, request, milestones, cancellable, what, error))
    {
      /* A cancelled create may have left a half-built domain. */
      if (g_cancellable_is_cancelled (cancellable) && (domid = domid_of (self, name, NULL)) > 0)
        libxl_domain_destroy (self->ctx, (guint32) domid, NULL);
      return -1;
    }
  if ((domid = domid_of (self, name, error)) >= 0)
    remember_config_path (self, (guint32) domid, request->path);
  return domid;
}

typedef struct
{
  DomusRequest *request;
  char         *migrate_command;
} PerformData;

static void
perform_data_free (gpointer data)
{
  PerformData *perform = data;

  domus_request_free (perform->request);
  g_free (perform->migrate_command);
  g_free (perform);
}

static void
perform_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  PerformData *perform = task_data;
  const DomusRequest *request = perform->request;
  const char *name = request->domain_name;
  g_autoptr(GError) error = NULL;
  gint64 value = 0;
  int rc = 0;

  clear_last_error ();
  switch (request->kind)
    {
    case DOMUS_REQUEST_SCHEDULER:
      if ((rc = set_scheduler (self, request)) != 0)
        set_libxl_error (&error, rc, _("Cannot set the scheduler parameters of “%s”"), name);
      break;

    case DOMUS_REQUEST_VCPUS:
      if ((rc = set_vcpus_online (self, request->domid, request->vcpus)) != 0)
        set_libxl_error (&error, rc, _("Cannot set the vCPUs of “%s”"), name);
      break;

    case DOMUS_REQUEST_PIN:
      if ((rc = pin_vcpus (self, request)) != 0)
        set_libxl_error (&error, rc, _("Cannot pin the vCPUs of “%s”"), name);
      break;

    case DOMUS_REQUEST_MEMORY:
      /* As `xl mem-set`: the maximum follows the target. */
      if ((rc = libxl_set_memory_target (self->ctx, request->domid, (int64_t) request->memory_kib, 0, 1)) != 0)
        set_libxl_error (&error, rc, _("Cannot set the memory of “%s”"), name);
      break;

    case DOMUS_REQUEST_PAUSE:
      if ((rc = libxl_domain_pause (self->ctx, request->domid, NULL)) != 0)
        set_libxl_error (&error, rc, _("Cannot pause “%s”"), name);
      break;

    case DOMUS_REQUEST_UNPAUSE:
      if ((rc = libxl_domain_unpause (self->ctx, request->domid, NULL)) != 0)
        set_libxl_error (&error, rc, _("Cannot unpause “%s”"), name);
      break;

    case DOMUS_REQUEST_SHUTDOWN:
    case DOMUS_REQUEST_REBOOT:
      if ((rc = shutdown_or_reboot (self, request->domid, request->kind == DOMUS_REQUEST_REBOOT)) != 0)
        set_libxl_error (&error, rc, request->kind == DOMUS_REQUEST_REBOOT ? _("Cannot reboot “%s”")
                                                                           : _("Cannot shut down “%s”"),
                         name);
      break;

    case DOMUS_REQUEST_DESTROY:
      if ((rc = libxl_domain_destroy (self->ctx, request->domid, NULL)) != 0)
        set_libxl_error (&error, rc, _("Cannot destroy “%s”"), name);
      break;

    case DOMUS_REQUEST_EJECT:
      if ((rc = eject_cdrom (self, request)) != 0)
        set_libxl_error (&error, rc, _("Cannot eject the CD-ROM %s of “%s”"), request->target, name);
      break;

    case DOMUS_REQUEST_CREATE:
      value = create_domain (self, request, cancellable, &error);
      break;

    case DOMUS_REQUEST_RESTORE:
      value = restore_domain (self, request, cancellable, &error);
      break;

    case DOMUS_REQUEST_MIGRATE:
      migrate_domain (self, request, perform->migrate_command, cancellable, &error);
      break;

    case DOMUS_REQUEST_SAVE:
    default:
      g_assert_not_reached ();
    }

  /* The refresh that follows shows the change. */
  g_atomic_int_set (&self->settings_stale, TRUE);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, value);
}

static void
domus_xen_host_perform (DomusHost    *host,
                        DomusRequest *request,
                        GTask        *task)
{
  DomusXenHost *self = DOMUS_XEN_HOST (host);
  PerformData *perform;

  if (request->kind == DOMUS_REQUEST_SAVE)
    {
      start_save (self, request, task);
      return;
    }

  perform = g_new0 (PerformData, 1);
  perform->request = domus_request_copy (request);
  perform->migrate_command = g_strdup (self->migrate_command);
  g_task_set_task_data (task, perform, perform_data_free);
  if (domus_request_kind_is_long (request->kind))
    report_progress (request, 0.0);
  g_task_run_in_thread (task, perform_thread);
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
  if (self->xc != NULL)
    xc_interface_close (self->xc);
  if (self->xs != NULL)
    xs_close (self->xs);
  g_clear_pointer (&self->cache, g_hash_table_unref);
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
