/* domus-sim-host-requests.c: the simulated host's requests
 *
 * One function per kind of request, each as Xen would carry it out, in
 * simulated time: settings at once, a balloon at its rate, shutdown after
 * the guest's own, destroy, save, restore, create and migrate in steps
 * that report progress and stop when cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-input.h"
#include "domus-limits.h"
#include "domus-partial-file.h"
#include "domus-sim-host-private.h"
#include "xlcfg/domus-xl-config.h"
#include "xlcfg/domus-xl-hvm.h"

/* The state a domain's config should be saved or rebooted with. */
static DomusSceneDomain *
current_config (DomusSimHost *self,
                SimDomain    *domain)
{
  DomusSceneDomain *config = domus_scene_domain_copy (domain->config);

  config->vcpus = domain->vcpus_online;
  config->memory_mib = domain->target_kib / 1024;
  config->weight = domain->weight;
  config->cap = domain->cap;
  config->paused = FALSE;
  for (guint v = 0; v < config->maxvcpus; v++)
    config->affinity[v] = sim_vcpu_affinity (self, domain, v);
  /* A domain moved to another pool stays there (as xl keeps live
   * changes only with "keep after reboot", Domus keeps them all). */
  g_free (config->pool);
  config->pool = domain->pool->id != 0 ? g_strdup (domain->pool->name) : NULL;
  return config;
}

/* Timed steps of lifecycle requests. Each holds the task and the domain's
 * id (never a pointer: the domain may be gone when the step runs). */

typedef struct
{
  DomusSimHost     *self;
  GTask            *task;      /* NULL once answered, for SHUTDOWN and REBOOT */
  DomusRequest     *request;   /* a copy: the caller's goes with its task */
  guint             domid;
  gint64            start_us;
  gint64            duration_us;
  guint             timer_id;  /* SAVE, RESTORE, CREATE: the progress timer */
  DomusSceneDomain *config;    /* RESTORE and CREATE: the domain to add at the end */
  char             *cdrom;     /* CREATE: the CD-ROM drive of its xl config, or NULL */
  GStrv             pci;       /* CREATE: the BDFs of its xl config's pci=, or NULL */
  int               fd;        /* SAVE: the file being written, or -1 */
  char             *partial;   /* SAVE: its temporary name until complete */
  gboolean          to_lab;    /* MIGRATE: to another simulated host of this process */
  GWeakRef          target;    /* MIGRATE: that host, while it lives */
} Step;

static void
step_free (Step *step)
{
  if (step->fd >= 0)
    close (step->fd);
  /* Not renamed: the save did not finish. */
  if (step->partial != NULL)
    g_unlink (step->partial);
  g_free (step->partial);
  if (step->to_lab)
    g_weak_ref_clear (&step->target);
  g_clear_object (&step->task);
  domus_request_free (step->request);
  domus_scene_domain_free (step->config);
  g_free (step->cdrom);
  g_strfreev (step->pci);
  g_free (step);
}

static Step *
step_new (DomusSimHost *self,
          DomusRequest *request,
          GTask        *task,
          gint64        duration_us)
{
  Step *step = g_new0 (Step, 1);

  step->self = self;
  step->task = g_object_ref (task);
  step->request = domus_request_copy (request);
  step->domid = request->domid;
  step->start_us = domus_clock_get_now (sim_clock (self));
  step->duration_us = duration_us;
  step->fd = -1;
  return step;
}

static gboolean
reap_cb (gpointer data)
{
  Step *step = data;
  SimDomain *domain = (sim_settle (step->self), sim_find_domain (step->self, step->domid));

  if (domain != NULL)
    domus_sim_host_remove_domain (step->self, domain);
  domus_host_refresh (DOMUS_HOST (step->self));
  step_free (step);
  return G_SOURCE_REMOVE;
}

static gboolean
shutdown_done_cb (gpointer data)
{
  Step *step = data;
  SimDomain *domain = (sim_settle (step->self), sim_find_domain (step->self, step->domid));

  if (domain == NULL)
    {
      step_free (step);
      return G_SOURCE_REMOVE;
    }

  if (step->request->kind == DOMUS_REQUEST_REBOOT)
    {
      /* Xen reboots a domain as a new domain, with a new id. */
      DomusSceneDomain *config = current_config (step->self, domain);
      g_autofree char *config_path = g_steal_pointer (&domain->config_path);

      g_autofree char *cdrom = g_steal_pointer (&domain->cdrom);
      gboolean cdrom_loaded = domain->cdrom_loaded;
      SimDomain *rebooted;

      domus_sim_host_remove_domain (step->self, domain);
      rebooted = domus_sim_host_add_domain (step->self, config, FALSE);
      rebooted->config_path = g_steal_pointer (&config_path);
      /* The drive stays as it was: xl keeps a domain's config across reboots. */
      rebooted->cdrom = g_steal_pointer (&cdrom);
      rebooted->cdrom_loaded = cdrom_loaded;
      domus_host_refresh (DOMUS_HOST (step->self));
      step_free (step);
      return G_SOURCE_REMOVE;
    }

  /* Shut off: in state "s" until the toolstack (xl's monitor) reaps it. */
  domain->phase = SIM_SHUTOFF;
  domus_credit_model_set_paused (sim_model (domain), domain->id, TRUE);
  domus_host_refresh (DOMUS_HOST (step->self));
  domus_clock_add_timer (sim_clock (step->self), SHUTOFF_US, reap_cb, step, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
destroy_done_cb (gpointer data)
{
  Step *step = data;
  SimDomain *domain = (sim_settle (step->self), sim_find_domain (step->self, step->domid));

  if (domain != NULL)
    domus_sim_host_remove_domain (step->self, domain);
  g_task_return_int (step->task, 0);
  step_free (step);
  return G_SOURCE_REMOVE;
}

static gboolean name_in_use (DomusSimHost *self,
                             const char   *name);

/* Whether @target can take the domain @config describes, as xl
 * migrate-receive would: its cpupool, its name, its memory. */
static gboolean
check_arrival (DomusSimHost            *target,
               const DomusSceneDomain  *config,
               GError                 **error)
{
  const char *hostname = domus_host_get_hostname (DOMUS_HOST (target));
  guint64 used = sim_used_memory_kib (target);
  SimPool *pool = sim_find_pool (target, config->pool != NULL ? config->pool : "Pool-0");

  if (pool == NULL || pool->model == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   /* TRANSLATORS: a domain, a host, then a cpupool */
                   _("“%s” cannot run on %s: it has no cpupool “%s” with pCPUs"),
                   config->name, hostname, config->pool);
      return FALSE;
    }
  if (name_in_use (target, config->name))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                   /* TRANSLATORS: a host, then a domain */
                   _("%s already has a domain named “%s”"), hostname, config->name);
      return FALSE;
    }
  if (used + config->memory_mib * 1024 > target->memory_kib)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   /* TRANSLATORS: a host, a domain, MiB it needs, MiB free */
                   _("%s has not enough free memory for “%s”: it needs %u MiB, %u MiB are free"),
                   hostname, config->name, (guint) config->memory_mib,
                   (guint) ((target->memory_kib - MIN (used, target->memory_kib)) / 1024));
      return FALSE;
    }
  return TRUE;
}

/* The end of a migration: the domain runs on the other host now. When
 * that is a simulated host of this process (the lab), it arrives there as
 * it was (as a save and a restore would carry it); elsewhere, this host
 * only sees it leave. One the target cannot take runs on here, as after
 * a failed xl migrate. */
static void
finish_migrate (Step *step)
{
  DomusSimHost *self = step->self;
  SimDomain *domain = sim_find_domain (self, step->domid);
  g_autoptr(DomusSimHost) target = step->to_lab ? g_weak_ref_get (&step->target) : NULL;
  g_autoptr(DomusSceneDomain) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *cdrom = NULL;
  gboolean cdrom_loaded;
  SimDomain *arrived;

  /* Another host's state, as its own requests would touch it. */
  if (target != NULL)
    sim_settle (target);
  if (domain == NULL)
    {
      g_task_return_new_error (step->task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               _("Domain “%s” disappeared while it was being migrated"),
                               step->request->domain_name);
      return;
    }
  if (!step->to_lab)
    {
      domus_sim_host_remove_domain (self, domain);
      g_task_return_int (step->task, 0);
      return;
    }
  if (target == NULL)
    {
      g_task_return_new_error (step->task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               /* TRANSLATORS: a host, then a domain */
                               _("%s went away during the migration: “%s” runs on here"),
                               step->request->target, step->request->domain_name);
      return;
    }

  config = current_config (self, domain);
  if (target != self && !check_arrival (target, config, &error))
    {
      g_task_return_error (step->task, g_steal_pointer (&error));
      return;
    }
  config_path = g_steal_pointer (&domain->config_path);
  cdrom = g_steal_pointer (&domain->cdrom);
  cdrom_loaded = domain->cdrom_loaded;
  domus_sim_host_remove_domain (self, domain);
  domus_sim_host_catch_up (target);
  arrived = domus_sim_host_add_domain (target, g_steal_pointer (&config), FALSE);
  arrived->config_path = g_steal_pointer (&config_path);
  arrived->cdrom = g_steal_pointer (&cdrom);
  arrived->cdrom_loaded = cdrom_loaded;
  if (target != self)
    domus_host_refresh (DOMUS_HOST (target));
  g_task_return_int (step->task, 0);
}

/* The end of a save: the domain's configuration written to the file, and
 * the domain gone (or, for a checkpoint or a failure, running on). */
static void
finish_save (Step *step)
{
  DomusSimHost *self = step->self;
  SimDomain *domain = sim_find_domain (self, step->domid);
  g_autoptr(DomusSceneDomain) config = NULL;
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GError) error = NULL;
  int fd = step->fd;
  gboolean written;

  if (domain == NULL)
    {
      g_task_return_new_error (step->task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               _("Domain “%s” disappeared while it was being saved"),
                               step->request->domain_name);
      return;
    }

  config = current_config (self, domain);
  json = domus_scene_domain_to_json (config, self->n_pcpus);
  contents = g_strconcat (json, "\n", NULL);
  written = domus_partial_file_write (fd, contents, strlen (contents), step->request->path, &error);
  close (fd);
  step->fd = -1;
  /* Renamed, or removed by the commit that failed. */
  if (written)
    partial = g_steal_pointer (&step->partial);
  /* A checkpoint runs on from where it stopped, as after a failure. */
  if (written && domus_partial_file_commit (partial, step->request->path, &error)
      && !step->request->checkpoint)
    domus_sim_host_remove_domain (self, domain);
  else
    domus_credit_model_set_paused (sim_model (domain), domain->id, domain->paused);

  if (error != NULL)
    g_task_return_error (step->task, g_steal_pointer (&error));
  else
    g_task_return_int (step->task, 0);
}

/* The end of a restore or a create: the new domain, if its memory fits. */
static void
finish_new_domain (Step *step)
{
  DomusSimHost *self = step->self;
  guint64 used = sim_used_memory_kib (self);
  SimDomain *domain;

  if (used + step->config->memory_mib * 1024 > self->memory_kib)
    {
      g_task_return_new_error (step->task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("Not enough free memory for “%s”: it needs %u MiB, the host has %u MiB free"),
                               step->config->name, (guint) step->config->memory_mib,
                               (guint) ((self->memory_kib - MIN (used, self->memory_kib)) / 1024));
      return;
    }

  domain = domus_sim_host_add_domain (self, g_steal_pointer (&step->config),
                                      step->request->kind == DOMUS_REQUEST_CREATE);
  if (step->request->kind == DOMUS_REQUEST_CREATE)
    {
      domain->config_path = g_strdup (step->request->path);
      domain->cdrom = g_steal_pointer (&step->cdrom);
      domain->cdrom_loaded = domain->cdrom != NULL;
      /* As xl create: the config's PCI devices attached (checked before). */
      sim_pci_attach_created (self, domain, (const char * const *) step->pci);
    }
  g_task_return_int (step->task, domain->id);
}

/* SAVE, RESTORE, CREATE and MIGRATE advance in small steps, reporting
 * progress, until their duration has passed; a cancel stops them between
 * steps. */
static gboolean
progress_cb (gpointer data)
{
  Step *step = data;
  DomusSimHost *self = step->self;
  gint64 elapsed = domus_clock_get_now (sim_clock (self)) - step->start_us;

  sim_settle (self);
  if (g_task_return_error_if_cancelled (step->task))
    {
      SimDomain *domain = sim_find_domain (self, step->domid);

      /* A cancelled save or migration leaves the domain running, as it was. */
      if ((step->request->kind == DOMUS_REQUEST_SAVE || step->request->kind == DOMUS_REQUEST_MIGRATE)
          && domain != NULL)
        domus_credit_model_set_paused (sim_model (domain), domain->id, domain->paused);
      step_free (step);
      return G_SOURCE_REMOVE;
    }

  if (elapsed < step->duration_us)
    {
      domus_request_report (step->request, (double) elapsed / step->duration_us);
      /* The last step lands on the end exactly, not on the next tenth. */
      if (elapsed + PROGRESS_STEP_US > step->duration_us)
        domus_clock_set_timer_interval (sim_clock (self), step->timer_id, step->duration_us - elapsed);
      return G_SOURCE_CONTINUE;
    }

  domus_request_report (step->request, 1.0);
  if (step->request->kind == DOMUS_REQUEST_MIGRATE)
    finish_migrate (step);
  else if (step->request->kind == DOMUS_REQUEST_SAVE)
    finish_save (step);
  else
    finish_new_domain (step);
  step_free (step);
  return G_SOURCE_REMOVE;
}

static void
start_progress (Step *step)
{
  step->timer_id = domus_clock_add_timer (sim_clock (step->self), PROGRESS_STEP_US,
                                          progress_cb, step, NULL);
  domus_request_report (step->request, 0.0);
}

/* Reads a save file of the simulator; xl's own format is not simulated. */
static DomusSceneDomain *
read_save_file (DomusSimHost  *self,
                const char    *path,
                GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  DomusSceneDomain *config;

  if (!domus_input_read_file (path, DOMUS_MAX_SIM_SAVE_SIZE, &contents, NULL, NULL, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Cannot read “%s”: %s"),
                   basename, local_error->message);
      return NULL;
    }
  if (!g_str_has_prefix (contents, SAVE_MAGIC))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("“%s” is not a domain saved by the simulated host"), basename);
      return NULL;
    }
  config = domus_scene_domain_new_from_json (contents + strlen (SAVE_MAGIC),
                                             self->n_pcpus,
                                             self->memory_kib / 1024, &local_error);
  if (config == NULL)
    g_set_error (error, DOMUS_ERROR, local_error->code, _("“%s” is damaged: %s"),
                 basename, local_error->message);
  return config;
}

static void
add_int_member (JsonBuilder *builder,
                const char  *member,
                gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/* What a domain created from an xl config file looks like in the simulator:
 * the settings xl.cfg(5) gives, and a guest that idles once booted. */
static DomusSceneDomain *
scene_domain_from_xl (DomusSimHost  *self,
                      const char    *path,
                      char         **cdrom,
                      GError       **error)
{
  g_autoptr(DomusXlConfig) xl = domus_xl_config_new_from_file (path, error);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL, *type = NULL, *xl_builder = NULL, *cpus = NULL, *pool = NULL;
  g_auto(GStrv) cpus_list = NULL;
  g_auto(GStrv) disks = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  gint64 memory = 128, maxmem, vcpus = 1, maxvcpus, weight = 256, cap = 0;
  g_autoptr(GError) local_error = NULL;
  DomusSceneDomain *config;

  if (xl == NULL)
    return NULL;
  *cdrom = domus_xl_config_find_cdrom (xl);

  if (!domus_xl_config_get_string (xl, "name", &name))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s: the domain needs a “name”"), basename);
      return NULL;
    }
  domus_xl_config_get_int (xl, "memory", &memory);
  maxmem = memory;
  domus_xl_config_get_int (xl, "maxmem", &maxmem);
  domus_xl_config_get_int (xl, "vcpus", &vcpus);
  maxvcpus = vcpus;
  domus_xl_config_get_int (xl, "maxvcpus", &maxvcpus);
  domus_xl_config_get_int (xl, "cpu_weight", &weight);
  domus_xl_config_get_int (xl, "cap", &cap);
  if (!domus_xl_config_get_string (xl, "type", &type)
      && domus_xl_config_get_string (xl, "builder", &xl_builder))
    type = g_strdup (g_strcmp0 (xl_builder, "hvm") == 0 ? "hvm" : "pv");

  /* Checked like a scene's domain, so its messages name the setting; the
   * settings are values in it, whatever they hold. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type != NULL ? type : "pv");
  add_int_member (builder, "vcpus", vcpus);
  add_int_member (builder, "maxvcpus", MAX (maxvcpus, vcpus));
  add_int_member (builder, "memory_mib", memory);
  add_int_member (builder, "maxmem_mib", MAX (maxmem, memory));
  add_int_member (builder, "weight", weight);
  add_int_member (builder, "cap", cap);
  if (domus_xl_config_get_string (xl, "pool", &pool))
    {
      json_builder_set_member_name (builder, "pool");
      json_builder_add_string_value (builder, pool);
    }
  /* Which LVs it uses (the Storage page); CD-ROM drives too: they name none. */
  if ((disks = domus_xl_config_get_list (xl, "disk")) != NULL && disks[0] != NULL)
    {
      json_builder_set_member_name (builder, "disk");
      json_builder_begin_array (builder);
      for (guint i = 0; disks[i] != NULL; i++)
        json_builder_add_string_value (builder, disks[i]);
      json_builder_end_array (builder);
    }
  /* cpus: one set for every vCPU, or a list with one set per vCPU. */
  if (domus_xl_config_get_string (xl, "cpus", &cpus))
    {
      json_builder_set_member_name (builder, "affinity");
      json_builder_add_string_value (builder, cpus);
    }
  else if ((cpus_list = domus_xl_config_get_list (xl, "cpus")) != NULL)
    {
      json_builder_set_member_name (builder, "affinity");
      json_builder_begin_array (builder);
      for (guint i = 0; cpus_list[i] != NULL; i++)
        json_builder_add_string_value (builder, cpus_list[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  config = domus_scene_domain_new_from_json (json, self->n_pcpus,
                                             self->memory_kib / 1024, &local_error);
  if (config == NULL)
    {
      /* "domains[0].weight: …" → "debian.cfg: cpu_weight: …", in xl's words */
      static const char * const keys[][2] = {
        { "weight", "cpu_weight" }, { "memory_mib", "memory" }, { "maxmem_mib", "maxmem" },
        { "affinity", "cpus" },
      };
      const char *message = local_error->message;
      const char *key = "";

      if (g_str_has_prefix (message, "domains[0]."))
        message += strlen ("domains[0].");
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (g_str_has_prefix (message, keys[i][0]) && message[strlen (keys[i][0])] == ':')
          {
            key = keys[i][1];
            message += strlen (keys[i][0]);
          }
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, "%s: %s%s", basename, key, message);
    }
  return config;
}

static gboolean
name_in_use (DomusSimHost *self,
             const char   *name)
{
  for (guint i = 0; i < self->domains->len; i++)
    if (g_strcmp0 (((SimDomain *) g_ptr_array_index (self->domains, i))->config->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* --- Requests -------------------------------------------------------------
 *
 * One function per kind of request, called with the domain it names (NULL
 * for restore and create, which make one). Each either answers the task
 * or hands it to a Step that answers it when the simulated work is done. */

typedef void (*PerformFunc) (DomusSimHost *self,
                             SimDomain    *domain,
                             DomusRequest *request,
                             GTask        *task);

static void
perform_scheduler (DomusSimHost *self,
                   SimDomain    *domain,
                   DomusRequest *request,
                   GTask        *task)
{
  if (request->weight > 0)
    {
      domain->weight = request->weight;
      domus_credit_model_set_weight (sim_model (domain), domain->id, domain->weight);
    }
  if (request->cap >= 0)
    {
      domain->cap = request->cap;
      domus_credit_model_set_cap (sim_model (domain), domain->id, domain->cap);
    }
  g_task_return_int (task, 0);
}

static void
perform_vcpus (DomusSimHost *self,
               SimDomain    *domain,
               DomusRequest *request,
               GTask        *task)
{
  domain->vcpus_online = request->vcpus;
  domus_credit_model_set_vcpus_online (sim_model (domain), domain->id, request->vcpus);
  g_task_return_int (task, 0);
}

static void
perform_pin (DomusSimHost *self,
             SimDomain    *domain,
             DomusRequest *request,
             GTask        *task)
{
  for (guint v = 0; v < domain->config->maxvcpus; v++)
    if (request->vcpu == DOMUS_REQUEST_ALL_VCPUS || request->vcpu == v)
      domus_credit_model_set_affinity (sim_model (domain), domain->id, v, request->affinity);
  g_task_return_int (task, 0);
}

/* Like libxl_set_memory_target: returns at once, the guest converges. */
static void
perform_memory (DomusSimHost *self,
                SimDomain    *domain,
                DomusRequest *request,
                GTask        *task)
{
  domain->target_kib = request->memory_kib;
  g_task_return_int (task, 0);
}

static void
perform_pause (DomusSimHost *self,
               SimDomain    *domain,
               DomusRequest *request,
               GTask        *task)
{
  if (domain->phase != SIM_UP)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                               _("“%s” is shutting down"), request->domain_name);
      return;
    }
  domain->paused = request->kind == DOMUS_REQUEST_PAUSE;
  domus_credit_model_set_paused (sim_model (domain), domain->id, domain->paused);
  if (domain->console != NULL)
    domus_sim_console_set_running (domain->console, !domain->paused);
  if (domain->screen != NULL)
    domus_sim_screen_set_running (domain->screen, !domain->paused);
  g_task_return_int (task, 0);
}

/* Shutdown and reboot: the guest acknowledges now and goes quiet while it
 * shuts down; the task is answered at once, the domain goes later. */
static void
perform_shutdown (DomusSimHost *self,
                  SimDomain    *domain,
                  DomusRequest *request,
                  GTask        *task)
{
  Step *step;

  if (domain->paused)
    {
      /* A paused guest cannot see the request, as on Xen. */
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("“%s” is paused: unpause it so that it can shut down"),
                               request->domain_name);
      return;
    }
  domain->phase = SIM_SHUTTING_DOWN;
  sim_set_workload_running (self, domain, FALSE);
  if (domain->console != NULL)
    domus_sim_console_shut_down (domain->console, request->kind == DOMUS_REQUEST_REBOOT);
  step = step_new (self, request, task, sim_noisy (self, SHUTDOWN_US));
  g_clear_object (&step->task);
  domus_clock_add_timer (sim_clock (self), step->duration_us, shutdown_done_cb, step, NULL);
  g_task_return_int (task, 0);
}

static void
perform_destroy (DomusSimHost *self,
                 SimDomain    *domain,
                 DomusRequest *request,
                 GTask        *task)
{
  Step *step;

  domain->phase = SIM_DYING;
  domus_credit_model_set_paused (sim_model (domain), domain->id, TRUE);
  step = step_new (self, request, task,
                   sim_noisy (self, DESTROY_US + sim_memory_us (domain->memory_kib, DESTROY_US_PER_GIB)));
  domus_clock_add_timer (sim_clock (self), step->duration_us, destroy_done_cb, step, NULL);
}

/* As xl: the file is started at once (a folder that cannot be written
 * fails now), under a temporary name until it is complete; the domain
 * stops while its memory is written out. */
static void
perform_save (DomusSimHost *self,
              SimDomain    *domain,
              DomusRequest *request,
              GTask        *task)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = NULL;
  Step *step;
  int fd;

  fd = domus_partial_file_create (request->path, &partial, &error);
  if (fd < 0 || !domus_partial_file_write (fd, SAVE_MAGIC, strlen (SAVE_MAGIC), request->path, &error))
    {
      if (fd >= 0)
        close (fd);
      if (partial != NULL)
        g_unlink (partial);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  domus_credit_model_set_paused (sim_model (domain), domain->id, TRUE);
  step = step_new (self, request, task,
                   sim_noisy (self, SAVE_US + sim_memory_us (domain->memory_kib, SAVE_US_PER_GIB)));
  step->fd = fd;
  step->partial = g_steal_pointer (&partial);
  start_progress (step);
}

/* Live: the guest keeps running while its memory is copied. */
static void
perform_migrate (DomusSimHost *self,
                 SimDomain    *domain,
                 DomusRequest *request,
                 GTask        *task)
{
  Step *step = step_new (self, request, task,
                         sim_noisy (self, MIGRATE_US + sim_memory_us (domain->memory_kib, MIGRATE_US_PER_GIB)));
  g_autoptr(DomusSimHost) target = sim_lab_find (request->target);

  if (target != NULL)
    {
      step->to_lab = TRUE;
      g_weak_ref_init (&step->target, target);
    }
  start_progress (step);
}

/* The drive its xl config gave it; the config file is the caller's. */
static void
perform_eject (DomusSimHost *self,
               SimDomain    *domain,
               DomusRequest *request,
               GTask        *task)
{
  if (g_strcmp0 (domain->cdrom, request->target) != 0)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               /* TRANSLATORS: a domain name, then a drive such as "hdc" */
                               _("“%s” has no CD-ROM drive “%s”"), request->domain_name, request->target);
      return;
    }
  if (!domain->cdrom_loaded)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               /* TRANSLATORS: a drive such as "hdc", then a domain name */
                               _("The CD-ROM drive %s of “%s” is already empty"), request->target,
                               request->domain_name);
      return;
    }
  domain->cdrom_loaded = FALSE;
  g_task_return_int (task, 0);
}

/* Restore and create: a new domain, from a save file or an xl config. */
static void
perform_restore (DomusSimHost *self,
                 SimDomain    *domain,
                 DomusRequest *request,
                 GTask        *task)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cdrom = NULL;
  g_auto(GStrv) pci = NULL;
  DomusSceneDomain *config = request->kind == DOMUS_REQUEST_RESTORE
    ? read_save_file (self, request->path, &error)
    : scene_domain_from_xl (self, request->path, &cdrom, &error);
  gint64 fixed = request->kind == DOMUS_REQUEST_RESTORE ? SAVE_US : CREATE_US;
  gint64 per_gib = request->kind == DOMUS_REQUEST_RESTORE ? SAVE_US_PER_GIB : CREATE_US_PER_GIB;
  Step *step;

  if (config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (request->kind == DOMUS_REQUEST_RESTORE && request->new_name != NULL)
    {
      g_free (config->name);
      config->name = g_strdup (request->new_name);
    }
  if (config->pool != NULL
      && (sim_find_pool (self, config->pool) == NULL || sim_find_pool (self, config->pool)->model == NULL))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               sim_find_pool (self, config->pool) == NULL
                               ? _("“%s” is to run in cpupool “%s”, which this host does not have")
                               : _("“%s” is to run in cpupool “%s”, which has no pCPUs"),
                               config->name, config->pool);
      domus_scene_domain_free (config);
      return;
    }
  if (name_in_use (self, config->name))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                               _("A domain named “%s” already exists"), config->name);
      domus_scene_domain_free (config);
      return;
    }
  if (request->kind == DOMUS_REQUEST_CREATE
      && !sim_pci_check_created (self, config->name, request->path, &pci, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      domus_scene_domain_free (config);
      return;
    }
  step = step_new (self, request, task,
                   sim_noisy (self, fixed + sim_memory_us (config->memory_mib * 1024, per_gib)));
  step->config = config;
  step->cdrom = g_steal_pointer (&cdrom);
  step->pci = g_steal_pointer (&pci);
  start_progress (step);
}

static const PerformFunc perform[] = {
  [DOMUS_REQUEST_SCHEDULER] = perform_scheduler,
  [DOMUS_REQUEST_VCPUS]     = perform_vcpus,
  [DOMUS_REQUEST_PIN]       = perform_pin,
  [DOMUS_REQUEST_MEMORY]    = perform_memory,
  [DOMUS_REQUEST_PAUSE]     = perform_pause,
  [DOMUS_REQUEST_UNPAUSE]   = perform_pause,
  [DOMUS_REQUEST_SHUTDOWN]  = perform_shutdown,
  [DOMUS_REQUEST_REBOOT]    = perform_shutdown,
  [DOMUS_REQUEST_DESTROY]   = perform_destroy,
  [DOMUS_REQUEST_SAVE]      = perform_save,
  [DOMUS_REQUEST_RESTORE]   = perform_restore,
  [DOMUS_REQUEST_CREATE]    = perform_restore,
  [DOMUS_REQUEST_MIGRATE]   = perform_migrate,
  [DOMUS_REQUEST_EJECT]     = perform_eject,
  [DOMUS_REQUEST_CPUPOOL_CREATE]     = sim_perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_DESTROY]    = sim_perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_CPU_ADD]    = sim_perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_CPU_REMOVE] = sim_perform_cpupool,
  [DOMUS_REQUEST_CPUPOOL_MIGRATE]    = sim_perform_cpupool,
  [DOMUS_REQUEST_PCI_ASSIGNABLE_ADD]    = sim_perform_pci,
  [DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE] = sim_perform_pci,
  [DOMUS_REQUEST_PCI_ATTACH]            = sim_perform_pci,
  [DOMUS_REQUEST_PCI_DETACH]            = sim_perform_pci,
};

void
domus_sim_host_perform (DomusHost    *host,
                        DomusRequest *request,
                        GTask        *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  SimDomain *domain = (sim_settle (self), sim_find_domain (self, request->domid));

  g_assert (request->kind < G_N_ELEMENTS (perform) && perform[request->kind] != NULL);

  domus_sim_host_catch_up (self);

  if (domain == NULL && request->kind != DOMUS_REQUEST_RESTORE && request->kind != DOMUS_REQUEST_CREATE
      && !domus_request_kind_is_cpupool (request->kind)
      && request->kind != DOMUS_REQUEST_PCI_ASSIGNABLE_ADD && request->kind != DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               _("Domain “%s” no longer exists"), request->domain_name);
      return;
    }
  perform[request->kind] (self, domain, request, task);
}
