/* domus-sim-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-cpulist.h"
#include "domus-credit-model.h"
#include "domus-host-private.h"
#include "domus-sim-host.h"

typedef struct
{
  guint             id;
  char             *uuid;
  char             *name;
  DomusDomainType   type;
  gboolean          paused;
  guint             vcpus_online;
  guint             maxvcpus;
  guint64           memory_kib;
  guint64           maxmem_kib;
  guint             weight;
  guint             cap;
} SimDomain;

struct _DomusSimHost
{
  DomusHost         parent_instance;

  DomusCreditModel *model;
  GPtrArray        *domains;      /* SimDomain*, sorted by id */
  GRand            *rand;
  gint64            start_us;     /* clock time when the model's time was 0 */
  guint64           memory_kib;
  guint             next_id;
  GHashTable       *affinity_texts;  /* guint64 mask → interned xl cpulist */
};

G_DEFINE_FINAL_TYPE (DomusSimHost, domus_sim_host, DOMUS_TYPE_HOST)

static void
sim_domain_free (gpointer data)
{
  SimDomain *domain = data;

  g_free (domain->uuid);
  g_free (domain->name);
  g_free (domain);
}

/* Brings the scheduler model up to the clock's present. */
static void
domus_sim_host_catch_up (DomusSimHost *self)
{
  gint64 now_us = domus_clock_get_now (domus_host_get_clock (DOMUS_HOST (self)));
  guint64 target_ns = (guint64) (now_us - self->start_us) * 1000;
  guint64 model_ns = domus_credit_model_get_now (self->model);

  if (target_ns > model_ns)
    domus_credit_model_advance (self->model, target_ns - model_ns);
}

static const char *
affinity_text (DomusSimHost *self,
               guint64       mask)
{
  const char *text = g_hash_table_lookup (self->affinity_texts, &mask);

  if (text == NULL)
    {
      g_autofree char *formatted =
        domus_cpulist_format (mask, domus_credit_model_get_n_pcpus (self->model));

      text = g_intern_string (formatted);
      g_hash_table_insert (self->affinity_texts, g_memdup2 (&mask, sizeof mask), (gpointer) text);
    }
  return text;
}

static DomusDomainState
domain_state (DomusSimHost *self,
              SimDomain    *domain)
{
  if (domain->paused)
    return DOMUS_DOMAIN_STATE_PAUSED;

  for (guint v = 0; v < domain->vcpus_online; v++)
    if (domus_credit_model_get_vcpu_state (self->model, domain->id, v) == DOMUS_VCPU_STATE_RUNNING)
      return DOMUS_DOMAIN_STATE_RUNNING;
  return DOMUS_DOMAIN_STATE_BLOCKED;
}

static void
domus_sim_host_refresh (DomusHost *host)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  guint n_pcpus = domus_credit_model_get_n_pcpus (self->model);
  DomusHostSample *sample = domus_host_sample_new (n_pcpus);
  guint64 used_kib = 0;

  domus_sim_host_catch_up (self);
  sample->time_us = domus_clock_get_now (domus_host_get_clock (host));

  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      DomusDomainSample *ds = domus_host_sample_add_domain (sample, domain->maxvcpus);

      ds->id = domain->id;
      ds->uuid = g_strdup (domain->uuid);
      ds->name = g_strdup (domain->name);
      ds->type = domain->type;
      ds->state = domain_state (self, domain);
      ds->vcpus_online = domain->vcpus_online;
      ds->memory_kib = domain->memory_kib;
      ds->memory_max_kib = domain->maxmem_kib;
      ds->memory_target_kib = domain->memory_kib;
      ds->cpu_time_ns = domus_credit_model_get_domain_time (self->model, domain->id);
      ds->weight = domain->weight;
      ds->cap = domain->cap;

      for (guint v = 0; v < domain->maxvcpus; v++)
        {
          DomusVcpuSample *vs = &g_array_index (ds->vcpus, DomusVcpuSample, v);

          vs->state = domus_credit_model_get_vcpu_state (self->model, domain->id, v);
          vs->pcpu = domus_credit_model_get_vcpu_pcpu (self->model, domain->id, v);
          vs->time_ns = domus_credit_model_get_vcpu_time (self->model, domain->id, v);
          vs->affinity =
            affinity_text (self, domus_credit_model_get_vcpu_affinity (self->model, domain->id, v));
        }

      used_kib += domain->memory_kib;
    }

  sample->free_memory_kib = self->memory_kib > used_kib ? self->memory_kib - used_kib : 0;
  for (guint p = 0; p < n_pcpus; p++)
    sample->pcpu_busy_ns[p] = domus_credit_model_get_pcpu_busy (self->model, p);

  _domus_host_push_sample (host, sample);
}

static void
domus_sim_host_finalize (GObject *object)
{
  DomusSimHost *self = DOMUS_SIM_HOST (object);

  g_clear_object (&self->model);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->affinity_texts, g_hash_table_unref);

  G_OBJECT_CLASS (domus_sim_host_parent_class)->finalize (object);
}

static void
domus_sim_host_class_init (DomusSimHostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_sim_host_finalize;
  DOMUS_HOST_CLASS (klass)->refresh = domus_sim_host_refresh;
}

static void
domus_sim_host_init (DomusSimHost *self)
{
  self->domains = g_ptr_array_new_with_free_func (sim_domain_free);
  self->affinity_texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
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

static void
domus_sim_host_add_domain (DomusSimHost           *self,
                           const DomusSceneDomain *sd)
{
  SimDomain *domain = g_new0 (SimDomain, 1);

  domain->id = g_strcmp0 (sd->name, "Domain-0") == 0 ? 0 : self->next_id++;
  domain->uuid = domain->id == 0 ? g_strdup ("00000000-0000-0000-0000-000000000000")
                                 : random_uuid (self->rand);
  domain->name = g_strdup (sd->name);
  domain->type = sd->type;
  domain->paused = sd->paused;
  domain->vcpus_online = sd->vcpus;
  domain->maxvcpus = sd->maxvcpus;
  domain->memory_kib = sd->memory_mib * 1024;
  domain->maxmem_kib = sd->maxmem_mib * 1024;
  domain->weight = sd->weight;
  domain->cap = sd->cap;

  domus_credit_model_add_domain (self->model, domain->id, sd->maxvcpus, sd->weight, sd->cap);
  domus_credit_model_set_vcpus_online (self->model, domain->id, sd->vcpus);
  domus_credit_model_set_paused (self->model, domain->id, sd->paused);
  for (guint v = 0; v < sd->maxvcpus; v++)
    {
      domus_credit_model_set_affinity (self->model, domain->id, v, sd->affinity[v]);
      if (v < sd->busy_vcpus)
        domus_credit_model_set_workload (self->model, domain->id, v, &sd->workload);
    }

  g_ptr_array_add (self->domains, domain);
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
  self->model = domus_credit_model_new (scene->scheduler, scene->pcpus, scene->seed);
  self->start_us = domus_clock_get_now (clock);
  self->memory_kib = scene->memory_mib * 1024;
  self->next_id = 1;
  for (guint i = 0; i < scene->domains->len; i++)
    domus_sim_host_add_domain (self, g_ptr_array_index (scene->domains, i));

  _domus_host_set_facts (DOMUS_HOST (self), "4.17.0", "xenlab", scene->pcpus,
                         self->memory_kib, scene->scheduler);
  _domus_host_start (DOMUS_HOST (self));

  return DOMUS_HOST (self);
}

DomusCreditModel *
domus_sim_host_get_model (DomusSimHost *self)
{
  g_return_val_if_fail (DOMUS_IS_SIM_HOST (self), NULL);

  return self->model;
}
