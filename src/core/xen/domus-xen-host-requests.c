/* domus-xen-host-requests.c: carrying out requests, with libxl or with xl itself
 *
 * Part of DomusXenHost: see domus-xen-host-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <glib/gi18n-lib.h>
#include <libxl_utils.h>
#include <signal.h>
#include <string.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "xlcfg/domus-xl-config.h"

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

static gint64
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

static gboolean
name_in_use (DomusXenHost *self,
             const char   *name)
{
  uint32_t domid;

  return libxl_name_to_domid (self->ctx, name, &domid) == 0;
}

/* Create and restore: xl makes a domain named @name, after a check that
 * the name is free. Returns its id, or -1 with @error set. */
gint64
run_xl_new_domain (DomusXenHost        *self,
                   const char          *name,
                   const char * const  *argv,
                   const DomusRequest  *request,
                   const Milestone     *milestones,
                   GCancellable        *cancellable,
                   const char          *what,
                   GError             **error)
{
  gint64 domid;

  if (!domus_domain_check_new_name (name, error))
    return -1;
  if (name_in_use (self, name))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                   _("A domain named “%s” already exists"), name);
      return -1;
    }
  if (!run_xl (argv, request, milestones, cancellable, what, error))
    {
      /* A cancelled run may have left a half-built domain. */
      if (g_cancellable_is_cancelled (cancellable) && (domid = domid_of (self, name, NULL)) > 0)
        libxl_domain_destroy (self->ctx, (guint32) domid, NULL);
      return -1;
    }
  return domid_of (self, name, error);
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

  what = g_strdup_printf (_("Cannot create “%s”"), name);
  domid = run_xl_new_domain (self, name, argv, request, milestones, cancellable, what, error);
  if (domid >= 0)
    remember_config_path (self, (guint32) domid, request->path);
  return domid;
}

typedef struct
{
  DomusRequest *request;
  char         *migrate_command;
  char         *config_path;    /* the domain's xl config, or NULL */
} PerformData;

static void
perform_data_free (gpointer data)
{
  PerformData *perform = data;

  domus_request_free (perform->request);
  g_free (perform->migrate_command);
  g_free (perform->config_path);
  g_free (perform);
}

/* What each kind of request does, on a worker thread: one function per
 * kind, which returns what the task answers (the new domain's id for
 * create and restore, otherwise 0) or sets @error. Saving is not here: it
 * starts from the main context (start_save()). */
typedef gint64 (*PerformFunc) (DomusXenHost        *self,
                               const PerformData   *perform,
                               GCancellable        *cancellable,
                               GError             **error);

static gint64
perform_scheduler (DomusXenHost        *self,
                   const PerformData   *perform,
                   GCancellable        *cancellable,
                   GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = set_scheduler (self, request)) != 0)
    set_libxl_error (error, rc, _("Cannot set the scheduler parameters of “%s”"),
                     request->domain_name);
  return 0;
}

static gint64
perform_vcpus (DomusXenHost        *self,
               const PerformData   *perform,
               GCancellable        *cancellable,
               GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = set_vcpus_online (self, request->domid, request->vcpus)) != 0)
    set_libxl_error (error, rc, _("Cannot set the vCPUs of “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_pin (DomusXenHost        *self,
             const PerformData   *perform,
             GCancellable        *cancellable,
             GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = pin_vcpus (self, request)) != 0)
    set_libxl_error (error, rc, _("Cannot pin the vCPUs of “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_memory (DomusXenHost        *self,
                const PerformData   *perform,
                GCancellable        *cancellable,
                GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  /* As `xl mem-set`: the maximum follows the target. */
  if ((rc = libxl_set_memory_target (self->ctx, request->domid, (int64_t) request->memory_kib,
                                     0, 1)) != 0)
    set_libxl_error (error, rc, _("Cannot set the memory of “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_pause (DomusXenHost        *self,
               const PerformData   *perform,
               GCancellable        *cancellable,
               GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = libxl_domain_pause (self->ctx, request->domid, NULL)) != 0)
    set_libxl_error (error, rc, _("Cannot pause “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_unpause (DomusXenHost        *self,
                 const PerformData   *perform,
                 GCancellable        *cancellable,
                 GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = libxl_domain_unpause (self->ctx, request->domid, NULL)) != 0)
    set_libxl_error (error, rc, _("Cannot unpause “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_shutdown (DomusXenHost        *self,
                  const PerformData   *perform,
                  GCancellable        *cancellable,
                  GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = shutdown_or_reboot (self, request->domid, request->kind == DOMUS_REQUEST_REBOOT)) != 0)
    set_libxl_error (error, rc, request->kind == DOMUS_REQUEST_REBOOT ? _("Cannot reboot “%s”")
                                                                      : _("Cannot shut down “%s”"),
                     request->domain_name);
  return 0;
}

static gint64
perform_destroy (DomusXenHost        *self,
                 const PerformData   *perform,
                 GCancellable        *cancellable,
                 GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = libxl_domain_destroy (self->ctx, request->domid, NULL)) != 0)
    set_libxl_error (error, rc, _("Cannot destroy “%s”"), request->domain_name);
  return 0;
}

static gint64
perform_eject (DomusXenHost        *self,
               const PerformData   *perform,
               GCancellable        *cancellable,
               GError             **error)
{
  const DomusRequest *request = perform->request;
  int rc;

  if ((rc = eject_cdrom (self, request)) != 0)
    set_libxl_error (error, rc, _("Cannot eject the CD-ROM %s of “%s”"), request->target,
                     request->domain_name);
  return 0;
}

static gint64
perform_create (DomusXenHost        *self,
                const PerformData   *perform,
                GCancellable        *cancellable,
                GError             **error)
{
  return create_domain (self, perform->request, cancellable, error);
}

static gint64
perform_restore (DomusXenHost        *self,
                 const PerformData   *perform,
                 GCancellable        *cancellable,
                 GError             **error)
{
  return restore_domain (self, perform->request, cancellable, error);
}

static gint64
perform_migrate (DomusXenHost        *self,
                 const PerformData   *perform,
                 GCancellable        *cancellable,
                 GError             **error)
{
  migrate_domain (self, perform->request, perform->migrate_command, cancellable, error);
  return 0;
}

/* --- Cpupools, as xl's cpupool-* commands do them ---------------------- */

static int
pool_id (DomusXenHost *self,
         const char   *name,
         uint32_t     *poolid)
{
  return libxl_name_to_cpupoolid (self->ctx, name, poolid) == 0 ? 0 : ERROR_INVAL;
}

static int
cpupool_create (DomusXenHost       *self,
                const DomusRequest *request)
{
  libxl_bitmap map;
  libxl_uuid uuid;
  uint32_t poolid = LIBXL_CPUPOOL_POOLID_ANY;
  int rc;

  if (!cpu_bitmap_from_mask (self, &map, request->cpus))
    return ERROR_NOMEM;
  libxl_uuid_generate (&uuid);
  rc = libxl_cpupool_create (self->ctx, request->pool,
                             request->scheduler == DOMUS_SCHEDULER_CREDIT2 ? LIBXL_SCHEDULER_CREDIT2
                                                                           : LIBXL_SCHEDULER_CREDIT,
                             map, &uuid, &poolid);
  libxl_bitmap_dispose (&map);
  return rc;
}

static int
cpupool_change_cpus (DomusXenHost       *self,
                     const DomusRequest *request,
                     uint32_t            poolid)
{
  libxl_bitmap map;
  int rc;

  if (!cpu_bitmap_from_mask (self, &map, request->cpus))
    return ERROR_NOMEM;
  rc = request->kind == DOMUS_REQUEST_CPUPOOL_CPU_ADD
       ? libxl_cpupool_cpuadd_cpumap (self->ctx, poolid, &map)
       : libxl_cpupool_cpuremove_cpumap (self->ctx, poolid, &map);
  libxl_bitmap_dispose (&map);
  return rc;
}

static gint64
perform_cpupool (DomusXenHost        *self,
                 const PerformData   *perform,
                 GCancellable        *cancellable,
                 GError             **error)
{
  const DomusRequest *request = perform->request;
  uint32_t poolid = 0;
  int rc;

  if (request->kind != DOMUS_REQUEST_CPUPOOL_CREATE && pool_id (self, request->pool, &poolid) != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("There is no cpupool named “%s” (domusctl cpupool-list lists them)"), request->pool);
      return 0;
    }

  switch (request->kind)
    {
    case DOMUS_REQUEST_CPUPOOL_CREATE:
      if ((rc = cpupool_create (self, request)) != 0)
        set_libxl_error (error, rc, _("Cannot create cpupool “%s”"), request->pool);
      break;
    case DOMUS_REQUEST_CPUPOOL_DESTROY:
      if ((rc = libxl_cpupool_destroy (self->ctx, poolid)) != 0)
        set_libxl_error (error, rc, _("Cannot destroy cpupool “%s”"), request->pool);
      break;
    case DOMUS_REQUEST_CPUPOOL_CPU_ADD:
      if ((rc = cpupool_change_cpus (self, request, poolid)) != 0)
        set_libxl_error (error, rc, _("Cannot add pCPUs to cpupool “%s”"), request->pool);
      break;
    case DOMUS_REQUEST_CPUPOOL_CPU_REMOVE:
      if ((rc = cpupool_change_cpus (self, request, poolid)) != 0)
        set_libxl_error (error, rc, _("Cannot take pCPUs out of cpupool “%s”"), request->pool);
      break;
    case DOMUS_REQUEST_CPUPOOL_MIGRATE:
      if ((rc = libxl_cpupool_movedomain (self->ctx, poolid, request->domid)) != 0)
        set_libxl_error (error, rc, _("Cannot move “%s” to cpupool “%s”"), request->domain_name,
                         request->pool);
      break;
    default:
      g_assert_not_reached ();
    }
  return 0;
}

static gint64
perform_pci (DomusXenHost        *self,
             const PerformData   *perform,
             GCancellable        *cancellable,
             GError             **error)
{
  return domus_xen_host_perform_pci (self, perform->request, perform->config_path, error);
}

static const PerformFunc perform_by_kind[] = {
  [DOMUS_REQUEST_SCHEDULER] = perform_scheduler,
  [DOMUS_REQUEST_VCPUS]     = perform_vcpus,
  [DOMUS_REQUEST_PIN]       = perform_pin,
  [DOMUS_REQUEST_MEMORY]    = perform_memory,
  [DOMUS_REQUEST_PAUSE]     = perform_pause,
  [DOMUS_REQUEST_UNPAUSE]   = perform_unpause,
  [DOMUS_REQUEST_SHUTDOWN]  = perform_shutdown,
  [DOMUS_REQUEST_REBOOT]    = perform_shutdown,
  [DOMUS_REQUEST_DESTROY]   = perform_destroy,
  [DOMUS_REQUEST_RESTORE]   = perform_restore,
  [DOMUS_REQUEST_CREATE]    = perform_create,
  [DOMUS_REQUEST_MIGRATE]   = perform_migrate,
  [DOMUS_REQUEST_EJECT]     = perform_eject,
  [DOMUS_REQUEST_CPUPOOL_CREATE]     = perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_DESTROY]    = perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_CPU_ADD]    = perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_CPU_REMOVE] = perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_MIGRATE]    = perform_cpupool,
  [DOMUS_REQUEST_PCI_ASSIGNABLE_ADD]    = perform_pci,
  [DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE] = perform_pci,
  [DOMUS_REQUEST_PCI_ATTACH]            = perform_pci,
  [DOMUS_REQUEST_PCI_DETACH]            = perform_pci,
};

static void
perform_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  PerformData *perform = task_data;
  DomusRequestKind kind = perform->request->kind;
  g_autoptr(GError) error = NULL;
  gint64 value;

  g_assert (kind < G_N_ELEMENTS (perform_by_kind) && perform_by_kind[kind] != NULL);

  clear_last_error ();
  value = perform_by_kind[kind] (self, perform, cancellable, &error);

  /* The refresh that follows shows the change. */
  g_atomic_int_set (&self->settings_stale, TRUE);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, value);
}

void
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
  if (domus_request_kind_is_pci (request->kind))
    {
      DomusDomain *domain = domus_host_lookup_domain_by_id (host, request->domid);

      perform->config_path = domain != NULL ? g_strdup (domus_domain_get_config_path (domain)) : NULL;
    }
  g_task_set_task_data (task, perform, perform_data_free);
  if (domus_request_kind_is_long (request->kind))
    report_progress (request, 0.0);
  g_task_run_in_thread (task, perform_thread);
}
