/* domus-sim-host.c
 *
 * The simulated host: its domains, each sample read from the scheduler
 * model and the balloons brought up to the clock's present, and domains
 * coming and going. Requests are domus-sim-host-requests.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "domus-cpulist.h"
#include "domus-host-private.h"
#include "domus-sim-host-private.h"
#include "xlcfg/domus-xl-hvm.h"

G_DEFINE_FINAL_TYPE (DomusSimHost, domus_sim_host, DOMUS_TYPE_HOST)

static void
sim_domain_free (gpointer data)
{
  SimDomain *domain = data;

  g_free (domain->uuid);
  g_free (domain->config_path);
  g_clear_object (&domain->console);
  g_clear_pointer (&domain->screen, domus_sim_screen_free);
  g_free (domain->cdrom);
  g_free (domain->vcpu_time_base_ns);
  domus_scene_domain_free (domain->config);
  g_free (domain);
}

/* An HVM guest's screen: the installer while it boots from its CD-ROM,
 * else its login prompt. Made at its first sample, once its drive is
 * known. */
static void
ensure_screen (SimDomain *domain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (domain->screen != NULL || domain->screen_failed || domain->id == 0
      || domain->config->type != DOMUS_DOMAIN_TYPE_HVM)
    return;
  /* As QEMU under xl: the config's vncpasswd, if any. */
  if (domain->config_path != NULL)
    password = domus_xl_config_read_vnc_password (domain->config_path);
  domain->screen = domus_sim_screen_new (domain->config->name, domain->cdrom_loaded, password, &error);
  if (domain->screen == NULL)
    {
      g_debug ("%s", error->message);
      domain->screen_failed = TRUE;
    }
  else
    domus_sim_screen_set_running (domain->screen, !domain->paused);
}

DomusClock *
sim_clock (DomusSimHost *self)
{
  return domus_host_get_clock (DOMUS_HOST (self));
}

SimDomain *
sim_find_domain (DomusSimHost *self,
                 guint         id)
{
  for (guint i = 0; i < self->domains->len; i++)
    if (((SimDomain *) g_ptr_array_index (self->domains, i))->id == id)
      return g_ptr_array_index (self->domains, i);
  return NULL;
}

guint64
sim_used_memory_kib (DomusSimHost *self)
{
  guint64 used = 0;

  for (guint i = 0; i < self->domains->len; i++)
    used += ((SimDomain *) g_ptr_array_index (self->domains, i))->memory_kib;
  return used;
}

/* Brings the scheduler model and the balloons up to the clock's present. */
void
domus_sim_host_catch_up (DomusSimHost *self)
{
  sim_settle (self);
  sim_catch_up_to (self, domus_clock_get_now (sim_clock (self)));
}

/* The same up to @now_us; reads no clock, so a worker can. */
void
sim_catch_up_to (DomusSimHost *self,
                 gint64        now_us)
{
  guint64 step_kib = (guint64) MAX (now_us - self->balloon_us, 0) * BALLOON_KIB_PER_S / G_USEC_PER_SEC;
  sim_pools_catch_up (self, (guint64) (now_us - self->start_us) * 1000);

  self->balloon_us = now_us;
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);

      if (domain->memory_kib > domain->target_kib)
        domain->memory_kib -= MIN (step_kib, domain->memory_kib - domain->target_kib);
      else if (domain->memory_kib < domain->target_kib)
        {
          /* A growing balloon gets no more than the host has free. */
          guint64 used = sim_used_memory_kib (self);
          guint64 free_kib = self->memory_kib > used ? self->memory_kib - used : 0;

          domain->memory_kib += MIN (MIN (step_kib, domain->target_kib - domain->memory_kib), free_kib);
        }
    }
}

static const char *
affinity_text (DomusSimHost *self,
               guint64       mask)
{
  const char *text = g_hash_table_lookup (self->affinity_texts, &mask);

  if (text == NULL)
    {
      g_autofree char *formatted =
        domus_cpulist_format (mask, self->n_pcpus);

      text = g_intern_string (formatted);
      g_hash_table_insert (self->affinity_texts, g_memdup2 (&mask, sizeof mask), (gpointer) text);
    }
  return text;
}

static DomusDomainState
domain_state (DomusSimHost *self,
              SimDomain    *domain)
{
  switch (domain->phase)
    {
    case SIM_SHUTOFF: return DOMUS_DOMAIN_STATE_SHUTDOWN;
    case SIM_DYING: return DOMUS_DOMAIN_STATE_DYING;
    case SIM_UP:
    case SIM_SHUTTING_DOWN:
    default:
      break;
    }

  if (domain->paused)
    return DOMUS_DOMAIN_STATE_PAUSED;

  for (guint v = 0; v < domain->vcpus_online; v++)
    if (domus_credit_model_get_vcpu_state (sim_model (domain), domain->id, v) == DOMUS_VCPU_STATE_RUNNING)
      return DOMUS_DOMAIN_STATE_RUNNING;
  return DOMUS_DOMAIN_STATE_BLOCKED;
}

/* Traffic done in @t seconds of I/O at a mean of 1 a second that swings
 * by ±@swing over @period_s: the integral of 1 + swing·sin(2π·t/P + φ).
 * It never goes back, for a swing up to 1. */
static double
swung (double t,
       double swing,
       double period_s,
       double phase)
{
  double w = 2 * G_PI / period_s;

  return t + swing / w * (cos (phase) - cos (w * t + phase));
}

/* The counters of a domain's devices after @t seconds of I/O. */
static void
sample_io (SimDomain         *domain,
           DomusDomainSample *ds)
{
  const DomusSceneIo *io = &domain->config->io;
  double t = domain->io_time_s;

  for (guint i = 0; io->devices != NULL && i < io->devices->len; i++)
    {
      const DomusSceneDevice *device = &g_array_index (io->devices, DomusSceneDevice, i);
      DomusIoSample *sample = domus_domain_sample_add_io (ds, device->kind, device->id);
      /* Each device, and each direction, a little out of step. */
      double in = device->in_kib_s * 1024 * swung (t, io->swing, io->period_s, 1.1 * i);
      double out = device->out_kib_s * 1024 * swung (t, io->swing, io->period_s, 1.1 * i + 2.0);

      if (device->kind == DOMUS_IO_KIND_NET)
        {
          sample->counters[DOMUS_IO_NET_RX_BYTES] = (guint64) in;
          sample->counters[DOMUS_IO_NET_RX_PACKETS] = (guint64) (in / device->unit_bytes);
          sample->counters[DOMUS_IO_NET_RX_DROPS] = (guint64) (device->drops_per_s * t);
          sample->counters[DOMUS_IO_NET_RX_ERRORS] = (guint64) (device->errors_per_s * t);
          sample->counters[DOMUS_IO_NET_TX_BYTES] = (guint64) out;
          sample->counters[DOMUS_IO_NET_TX_PACKETS] = (guint64) (out / device->unit_bytes);
          sample->counters[DOMUS_IO_NET_TX_DROPS] = (guint64) (device->drops_per_s * t);
          sample->counters[DOMUS_IO_NET_TX_ERRORS] = (guint64) (device->errors_per_s * t);
        }
      else
        {
          sample->counters[DOMUS_IO_DISK_READ_SECTORS] = (guint64) (in / DOMUS_IO_SECTOR_BYTES);
          sample->counters[DOMUS_IO_DISK_READ_REQS] = (guint64) (in / device->unit_bytes);
          sample->counters[DOMUS_IO_DISK_WRITE_SECTORS] = (guint64) (out / DOMUS_IO_SECTOR_BYTES);
          sample->counters[DOMUS_IO_DISK_WRITE_REQS] = (guint64) (out / device->unit_bytes);
          sample->counters[DOMUS_IO_DISK_OO_REQS] = (guint64) (device->oo_per_s * t);
        }
    }
}

/* A domain does I/O while it is up and not paused. */
static void
advance_io (DomusSimHost *self,
            SimDomain    *domain,
            gint64        now_us)
{
  if (domain->io_clocked && now_us > domain->io_clock_us && domain->phase == SIM_UP && !domain->paused)
    domain->io_time_s += (now_us - domain->io_clock_us) / (double) G_USEC_PER_SEC;
  domain->io_clock_us = now_us;
  domain->io_clocked = TRUE;
}

double
sim_domain_written_bytes (DomusSimHost *self,
                          SimDomain    *domain)
{
  const DomusSceneIo *io = &domain->config->io;
  double written = 0;

  advance_io (self, domain, domus_clock_get_now (sim_clock (self)));
  for (guint i = 0; io->devices != NULL && i < io->devices->len; i++)
    {
      const DomusSceneDevice *device = &g_array_index (io->devices, DomusSceneDevice, i);

      /* As sample_io() counts them. */
      if (device->kind == DOMUS_IO_KIND_DISK)
        written += device->out_kib_s * 1024 * swung (domain->io_time_s, io->swing, io->period_s, 1.1 * i + 2.0);
    }
  return written;
}

/* What a sample says of each domain that the main thread must read: its
 * console and screen belong to the main context. */
static void
prepare_sample (DomusSimHost    *self,
                DomusHostSample *sample)
{
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      DomusDomainSample *ds = domus_host_sample_add_domain (sample, domain->config->maxvcpus);

      ds->id = domain->id;
      ds->uuid = g_strdup (domain->uuid);
      ds->name = g_strdup (domain->config->name);
      ds->config_path = g_strdup (domain->config_path);
      if (domain->console != NULL)
        {
          ds->console_path = g_strdup (domus_sim_console_get_path (domain->console));
          domus_sim_console_set_memory (domain->console, domain->memory_kib);
        }
      ensure_screen (domain);
      if (domain->screen != NULL)
        ds->vnc_address = g_strdup_printf ("127.0.0.1:%u", domus_sim_screen_get_port (domain->screen));
    }
}

/* The rest of the sample at @sample->time_us, the scheduler model and the
 * balloons brought up to it first; on a worker thread when the host is
 * threaded, while the main thread keeps off (sim_settle()). It reads the
 * domains prepare_sample() listed, in the same order. */
static void
fill_sample (DomusSimHost    *self,
             DomusHostSample *sample)
{
  guint64 used_kib;

  sim_catch_up_to (self, sample->time_us);
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      DomusDomainSample *ds = g_ptr_array_index (sample->domains, i);

      ds->type = domain->config->type;
      ds->state = domain_state (self, domain);
      ds->vcpus_online = domain->vcpus_online;
      ds->memory_kib = domain->memory_kib;
      ds->memory_max_kib = domain->config->maxmem_mib * 1024;
      ds->memory_target_kib = domain->target_kib;
      ds->cpu_time_ns = sim_domain_time (domain);
      ds->weight = domain->weight;
      ds->cap = domain->cap;
      ds->cpupool = domain->pool->id;
      advance_io (self, domain, sample->time_us);
      sample_io (domain, ds);

      for (guint v = 0; v < domain->config->maxvcpus; v++)
        {
          DomusVcpuSample *vs = &g_array_index (ds->vcpus, DomusVcpuSample, v);

          vs->state = domus_credit_model_get_vcpu_state (sim_model (domain), domain->id, v);
          vs->pcpu = domus_credit_model_get_vcpu_pcpu (sim_model (domain), domain->id, v);
          vs->time_ns = sim_vcpu_time (domain, v);
          vs->affinity = affinity_text (self, sim_vcpu_affinity (self, domain, v));
        }
    }

  used_kib = sim_used_memory_kib (self);
  sample->free_memory_kib = self->memory_kib > used_kib ? self->memory_kib - used_kib : 0;
  for (guint p = 0; p < sample->n_pcpus; p++)
    sample->pcpu_busy_ns[p] = sim_pcpu_busy (self, p);
  sim_add_pools_to_sample (self, sample);
}

void
sim_settle (DomusSimHost *self)
{
  g_mutex_lock (&self->sample_lock);
  while (self->sampling)
    g_cond_wait (&self->sample_cond, &self->sample_lock);
  g_mutex_unlock (&self->sample_lock);
}

static void
fill_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  DomusSimHost *self = source_object;

  fill_sample (self, task_data);
  g_mutex_lock (&self->sample_lock);
  self->sampling = FALSE;
  g_cond_broadcast (&self->sample_cond);
  g_mutex_unlock (&self->sample_lock);
  g_task_return_pointer (task, task_data, (GDestroyNotify) domus_host_sample_free);
}

static void
sample_filled_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  _domus_host_push_sample (DOMUS_HOST (object), g_task_propagate_pointer (G_TASK (result), NULL));
}

/* By default, on a clock that runs at real time or slower. A manual clock
 * (tests) refreshes at once when advanced; a faster one (a demo or a test
 * at --sim-speed 10000) would skip sampling beats while a worker runs,
 * the clock having moved on by seconds. */
static gboolean
sim_is_threaded (DomusSimHost *self)
{
  DomusClock *clock = sim_clock (self);

  if (self->threaded != SIM_THREADED_AUTO)
    return self->threaded == SIM_THREADED_ON;
  return !domus_clock_is_manual (clock) && domus_clock_get_speed (clock) <= 1.0;
}

/* A threaded host makes its samples as the Xen host reads libxenstat: the
 * scheduler model's catch-up and the counters on a worker thread, the
 * sample then applied on the main thread. Requests, timers and every
 * other entry on the main thread wait for the worker first
 * (sim_settle()), so the model is never touched by both; a sample made
 * before a request is applied as a refresh under way is on Xen, and the
 * host refreshes again after it. */
static void
domus_sim_host_refresh (DomusHost *host)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  DomusHostSample *sample = domus_host_sample_new (self->n_pcpus);
  g_autoptr(GTask) task = NULL;

  sim_settle (self);
  sample->time_us = domus_clock_get_now (sim_clock (self));
  if (!sim_is_threaded (self))
    {
      /* The balloons first: the consoles show the memory of this sample. */
      sim_catch_up_to (self, sample->time_us);
      prepare_sample (self, sample);
      fill_sample (self, sample);
      _domus_host_push_sample (host, sample);
      return;
    }

  prepare_sample (self, sample);
  self->sampling = TRUE;
  task = g_task_new (self, NULL, sample_filled_cb, NULL);
  g_task_set_source_tag (task, domus_sim_host_refresh);
  /* The worker returns it. */
  g_task_set_task_data (task, sample, NULL);
  g_task_run_in_thread (task, fill_sample_thread);
}

static char *
random_uuid (GRand *rand)
{
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          g_rand_int (rand),
                          g_rand_int_range (rand, 0, 0x10000),
                          g_rand_int_range (rand, 0, 0x1000),
                          0x8000 | g_rand_int_range (rand, 0, 0x4000),
                          g_rand_int_range (rand, 0, 0x10000),
                          g_rand_int (rand));
}

/* Starts (or restarts) the guest's workload on its busy vCPUs. */
void
sim_set_workload_running (DomusSimHost *self,
                          SimDomain    *domain,
                          gboolean      running)
{
  static const DomusWorkload idle = { DOMUS_WORKLOAD_IDLE, 0, 0 };

  for (guint v = 0; v < domain->config->maxvcpus; v++)
    domus_credit_model_set_workload (sim_model (domain), domain->id, v,
                                     running && v < domain->config->busy_vcpus
                                       ? &domain->config->workload : &idle);
}

gint64
sim_memory_us (guint64 kib,
               gint64  us_per_gib)
{
  return (gint64) (kib * (double) us_per_gib / (1024.0 * 1024.0));
}

/* A lifecycle step's duration with the scene-seeded noise real hosts show. */
gint64
sim_noisy (DomusSimHost *self,
           gint64        us)
{
  /* The mean of two uniform draws: most steps near the model, a few at the edges. */
  double noise = (g_rand_double_range (self->rand, -1, 1) + g_rand_double_range (self->rand, -1, 1)) / 2;

  return (gint64) (us * (1.0 + TIMING_NOISE * noise));
}

typedef struct
{
  DomusSimHost *self;
  guint         domid;
} Booting;

/* A created guest's console shows its login prompt once it has booted. */
static gboolean
booted_cb (gpointer data)
{
  Booting *booting = data;
  SimDomain *domain = (sim_settle (booting->self), sim_find_domain (booting->self, booting->domid));

  if (domain != NULL && domain->console != NULL)
    domus_sim_console_boot (domain->console);
  return G_SOURCE_REMOVE;
}

/* Adds a domain as @config describes it (takes @config); Domain-0 gets id 0.
 * A @booting one (just created) takes a while to show its login prompt. */
SimDomain *
domus_sim_host_add_domain (DomusSimHost     *self,
                           DomusSceneDomain *config,
                           gboolean          booting)
{
  SimDomain *domain = g_new0 (SimDomain, 1);
  guint position = (sim_settle (self), self->domains->len);

  domain->id = g_strcmp0 (config->name, "Domain-0") == 0 ? 0 : self->next_id++;
  domain->uuid = domain->id == 0 ? g_strdup ("00000000-0000-0000-0000-000000000000")
                                 : random_uuid (self->rand);
  domain->config = config;
  domain->paused = config->paused;
  domain->vcpus_online = config->vcpus;
  domain->memory_kib = domain->target_kib = config->memory_mib * 1024;
  domain->weight = config->weight;
  domain->cap = config->cap;
  domain->vcpu_time_base_ns = g_new0 (guint64, config->maxvcpus);
  /* Its pool, checked before; Pool-0 for one that is gone or has no pCPU. */
  domain->pool = sim_find_pool (self, config->pool != NULL ? config->pool : "Pool-0");
  if (domain->pool == NULL || domain->pool->model == NULL)
    domain->pool = g_ptr_array_index (self->pools, 0);

  domus_credit_model_add_domain (sim_model (domain), domain->id, config->maxvcpus, config->weight, config->cap);
  domus_credit_model_set_vcpus_online (sim_model (domain), domain->id, config->vcpus);
  domus_credit_model_set_paused (sim_model (domain), domain->id, config->paused);
  for (guint v = 0; v < config->maxvcpus; v++)
    domus_credit_model_set_affinity (sim_model (domain), domain->id, v, config->affinity[v]);
  sim_set_workload_running (self, domain, TRUE);

  /* xenconsoled gives every guest but Domain-0 a console; an HVM guest shows a screen instead. */
  if (domain->id != 0 && config->type != DOMUS_DOMAIN_TYPE_HVM)
    {
      g_autoptr(GError) error = NULL;

      domain->console = domus_sim_console_new (config->name, booting, &error);
      if (domain->console == NULL)
        g_debug ("%s", error->message);
      else
        domus_sim_console_set_running (domain->console, !domain->paused);
    }
  if (booting && domain->console != NULL)
    {
      Booting *data = g_new (Booting, 1);

      data->self = self;
      data->domid = domain->id;
      domus_clock_add_timer (sim_clock (self),
                             sim_noisy (self, BOOT_US + sim_memory_us (config->memory_mib * 1024, BOOT_US_PER_GIB)),
                             booted_cb, data, g_free);
    }

  if (self->logging)
    sim_log_printf (self, "(XEN) d%u: domain %s created: %s, %u vCPUs, %" G_GUINT64_FORMAT " MiB",
                    domain->id, config->name, domus_domain_type_to_string (config->type),
                    config->vcpus, config->memory_mib);

  /* Ids only grow, except Domain-0's 0, so the list stays sorted. */
  if (domain->id == 0)
    position = 0;
  g_ptr_array_insert (self->domains, position, domain);
  return domain;
}

void
domus_sim_host_remove_domain (DomusSimHost *self,
                              SimDomain    *domain)
{
  if (self->logging)
    sim_log_printf (self, "(XEN) d%u: domain %s destroyed", domain->id, domain->config->name);
  domus_credit_model_remove_domain (sim_model (domain), domain->id);
  g_ptr_array_remove (self->domains, domain);
}


/* The lab: the simulated hosts of this process, each by a weak reference,
 * so that a migration to one's hostname arrives there. */
static GMutex lab_lock;
static GPtrArray *lab_hosts;  /* GWeakRef*, some of them empty */

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
lab_join (DomusSimHost *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_mutex_lock (&lab_lock);
  if (lab_hosts == NULL)
    lab_hosts = g_ptr_array_new_with_free_func (weak_ref_free);
  g_ptr_array_add (lab_hosts, ref);
  g_mutex_unlock (&lab_lock);
}

DomusSimHost *
sim_lab_find (const char *target)
{
  const char *at = strrchr (target, '@');
  const char *name = at != NULL ? at + 1 : target;
  DomusSimHost *found = NULL;

  g_mutex_lock (&lab_lock);
  for (guint i = 0; lab_hosts != NULL && i < lab_hosts->len; )
    {
      DomusHost *host = g_weak_ref_get (g_ptr_array_index (lab_hosts, i));

      /* A host that went leaves its place. */
      if (host == NULL)
        {
          g_ptr_array_remove_index_fast (lab_hosts, i);
          continue;
        }
      if (found == NULL && g_ascii_strcasecmp (domus_host_get_hostname (host), name) == 0)
        found = DOMUS_SIM_HOST (g_steal_pointer (&host));
      g_clear_object (&host);
      i++;
    }
  g_mutex_unlock (&lab_lock);
  return found;
}

static void
domus_sim_host_finalize (GObject *object)
{
  DomusSimHost *self = DOMUS_SIM_HOST (object);

  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->pools, g_ptr_array_unref);
  g_clear_pointer (&self->vgs, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_array_unref);
  g_clear_pointer (&self->pci, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->affinity_texts, g_hash_table_unref);
  if (self->xen_log != NULL)
    g_string_free (self->xen_log, TRUE);
  g_free (self->commandline);
  g_mutex_clear (&self->sample_lock);
  g_cond_clear (&self->sample_cond);

  G_OBJECT_CLASS (domus_sim_host_parent_class)->finalize (object);
}

static void
domus_sim_host_class_init (DomusSimHostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_sim_host_finalize;
  DOMUS_HOST_CLASS (klass)->refresh = domus_sim_host_refresh;
  DOMUS_HOST_CLASS (klass)->perform = domus_sim_host_perform;
  DOMUS_HOST_CLASS (klass)->get_info = domus_sim_host_get_info;
  DOMUS_HOST_CLASS (klass)->read_log = domus_sim_host_read_log;
  DOMUS_HOST_CLASS (klass)->read_storage = domus_sim_host_read_storage;
  DOMUS_HOST_CLASS (klass)->create_volume = domus_sim_host_create_volume;
  DOMUS_HOST_CLASS (klass)->remove_volume = domus_sim_host_remove_volume;
  DOMUS_HOST_CLASS (klass)->read_pci = domus_sim_host_read_pci;
  DOMUS_HOST_CLASS (klass)->read_images = domus_sim_host_read_images;
  DOMUS_HOST_CLASS (klass)->remove_image = domus_sim_host_remove_image;
}

static void
domus_sim_host_init (DomusSimHost *self)
{
  g_mutex_init (&self->sample_lock);
  g_cond_init (&self->sample_cond);
  self->domains = g_ptr_array_new_with_free_func (sim_domain_free);
  self->affinity_texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

DomusHost *
domus_sim_host_new (const DomusScene *scene,
                    DomusClock       *clock)
{
  DomusSimHost *self;

  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (DOMUS_IS_CLOCK (clock), NULL);

  self = g_object_new (DOMUS_TYPE_SIM_HOST,
                       "backend-name", _("Simulated host"),
                       "simulated", TRUE,
                       "clock", clock,
                       NULL);

  self->rand = g_rand_new_with_seed ((guint32) scene->seed);
  self->n_pcpus = scene->pcpus;
  self->seed = scene->seed;
  self->start_us = self->balloon_us = domus_clock_get_now (clock);
  sim_pools_init (self, scene);
  sim_storage_init (self, scene);
  sim_pci_init (self, scene);
  self->memory_kib = scene->memory_mib * 1024;
  self->next_id = 1;
  sim_log_boot (self, scene);
  for (guint i = 0; i < scene->domains->len; i++)
    domus_sim_host_add_domain (self, domus_scene_domain_copy (g_ptr_array_index (scene->domains, i)), FALSE);

  self->logging = TRUE;

  _domus_host_set_facts (DOMUS_HOST (self), "4.17.0", scene->hostname != NULL ? scene->hostname : "xenlab",
                         scene->pcpus, self->memory_kib, scene->scheduler);
  lab_join (self);
  /* The first sample at once: the host is ready when made. */
  self->threaded = SIM_THREADED_OFF;
  _domus_host_start (DOMUS_HOST (self));
  self->threaded = SIM_THREADED_AUTO;

  return DOMUS_HOST (self);
}

DomusCreditModel *
domus_sim_host_get_model (DomusSimHost *self)
{
  g_return_val_if_fail (DOMUS_IS_SIM_HOST (self), NULL);

  sim_settle (self);
  return ((SimPool *) g_ptr_array_index (self->pools, 0))->model;
}

void
domus_sim_host_set_threaded (DomusSimHost *self,
                             gboolean      threaded)
{
  g_return_if_fail (DOMUS_IS_SIM_HOST (self));

  self->threaded = threaded ? SIM_THREADED_ON : SIM_THREADED_OFF;
}
