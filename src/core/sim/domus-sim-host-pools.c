/* domus-sim-host-pools.c: the simulated host's cpupools
 *
 * Part of DomusSimHost. Each pool runs a DomusCreditModel of its own on
 * its pCPUs, under its scheduler, as Xen runs one scheduler instance per
 * pool: a pool's domains run only on its pCPUs and share out only its
 * credit. When a pool's pCPUs change, its model is made again with the
 * new pCPUs and its domains moved over (their affinity kept); a domain
 * moved to another pool goes to that pool's model, its affinity reset to
 * all as Xen's sched_move_domain() does. The times a model counted are
 * kept in bases, so that CPU times never go back.
 *
 * The requests of cpupools are carried out at once, as Xen does them;
 * what DomusHost checked is checked again against this host, which may
 * have changed since its last sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-sim-host-private.h"

#define BIT(cpu) (G_GUINT64_CONSTANT (1) << (cpu))

guint64
sim_now_ns (DomusSimHost *self)
{
  return (guint64) (domus_clock_get_now (sim_clock (self)) - self->start_us) * 1000;
}

void
sim_pool_free (gpointer data)
{
  SimPool *pool = data;

  g_free (pool->name);
  g_clear_object (&pool->model);
  g_free (pool);
}

static SimPool *
pool_new (DomusSimHost   *self,
          const char     *name,
          DomusScheduler  scheduler,
          guint64         cpus)
{
  SimPool *pool = g_new0 (SimPool, 1);

  pool->id = self->next_pool_id++;
  pool->name = g_strdup (name);
  pool->scheduler = scheduler;
  pool->cpus = cpus;
  pool->model_start_ns = sim_now_ns (self);
  if (cpus != 0)
    pool->model = domus_credit_model_new_for_pcpus (scheduler, self->n_pcpus, cpus,
                                                    self->seed + pool->id);
  g_ptr_array_add (self->pools, pool);
  return pool;
}

/* The scene's pools, ids in its order; Pool-0's model is seeded with the
 * scene's seed, as the single model before pools was. */
void
sim_pools_init (DomusSimHost     *self,
                const DomusScene *scene)
{
  self->pools = g_ptr_array_new_with_free_func (sim_pool_free);
  for (guint i = 0; i < scene->cpupools->len; i++)
    {
      const DomusScenePool *pool = g_ptr_array_index (scene->cpupools, i);

      pool_new (self, pool->name, pool->scheduler, pool->cpus);
    }
}

void
sim_pools_catch_up (DomusSimHost *self,
                    guint64       now_ns)
{
  for (guint i = 0; i < self->pools->len; i++)
    {
      SimPool *pool = g_ptr_array_index (self->pools, i);
      guint64 model_ns;

      if (pool->model == NULL || now_ns <= pool->model_start_ns)
        continue;
      model_ns = domus_credit_model_get_now (pool->model);
      if (now_ns - pool->model_start_ns > model_ns)
        domus_credit_model_advance (pool->model, now_ns - pool->model_start_ns - model_ns);
    }
}

SimPool *
sim_find_pool (DomusSimHost *self,
               const char   *name)
{
  for (guint i = 0; i < self->pools->len; i++)
    if (g_strcmp0 (((SimPool *) g_ptr_array_index (self->pools, i))->name, name) == 0)
      return g_ptr_array_index (self->pools, i);
  return NULL;
}

static SimPool *
pool_of_cpu (DomusSimHost *self,
             guint         cpu)
{
  for (guint i = 0; i < self->pools->len; i++)
    if (((SimPool *) g_ptr_array_index (self->pools, i))->cpus & BIT (cpu))
      return g_ptr_array_index (self->pools, i);
  return NULL;
}

guint64
sim_domain_time (SimDomain *domain)
{
  return domain->time_base_ns + domus_credit_model_get_domain_time (sim_model (domain), domain->id);
}

guint64
sim_vcpu_time (SimDomain *domain,
               guint      vcpu)
{
  return domain->vcpu_time_base_ns[vcpu]
         + domus_credit_model_get_vcpu_time (sim_model (domain), domain->id, vcpu);
}

guint64
sim_pcpu_busy (DomusSimHost *self,
               guint         pcpu)
{
  SimPool *pool = pool_of_cpu (self, pcpu);
  guint64 busy = self->pcpu_busy_base_ns[pcpu];

  if (pool != NULL && pool->model != NULL)
    busy += domus_credit_model_get_pcpu_busy (pool->model, pcpu);
  return busy;
}

guint64
sim_vcpu_affinity (DomusSimHost *self,
                   SimDomain    *domain,
                   guint         vcpu)
{
  guint64 mask = domus_credit_model_get_vcpu_affinity (sim_model (domain), domain->id, vcpu);

  return mask == domain->pool->cpus ? domus_cpulist_all (self->n_pcpus) : mask;
}

void
sim_add_pools_to_sample (DomusSimHost    *self,
                         DomusHostSample *sample)
{
  for (guint i = 0; i < self->pools->len; i++)
    {
      SimPool *pool = g_ptr_array_index (self->pools, i);

      domus_host_sample_add_cpupool (sample, pool->id, pool->name, pool->scheduler, pool->cpus);
    }
}

/* What @domain's model counted goes into its bases, before it leaves it. */
static void
bank_domain (SimDomain        *domain,
             DomusCreditModel *model)
{
  domain->time_base_ns += domus_credit_model_get_domain_time (model, domain->id);
  for (guint v = 0; v < domain->config->maxvcpus; v++)
    domain->vcpu_time_base_ns[v] += domus_credit_model_get_vcpu_time (model, domain->id, v);
}

/* A new model for @pool on @cpus (none: no model), its domains moved over. */
static void
pool_set_cpus (DomusSimHost *self,
               SimPool      *pool,
               guint64       cpus)
{
  g_autoptr(DomusCreditModel) old = g_steal_pointer (&pool->model);

  if (old != NULL)
    for (guint cpu = 0; cpu < self->n_pcpus; cpu++)
      if (pool->cpus & BIT (cpu))
        self->pcpu_busy_base_ns[cpu] += domus_credit_model_get_pcpu_busy (old, cpu);

  pool->cpus = cpus;
  pool->model_start_ns = sim_now_ns (self);
  if (cpus != 0)
    pool->model = domus_credit_model_new_for_pcpus (pool->scheduler, self->n_pcpus, cpus,
                                                    self->seed + pool->id);

  for (guint i = 0; old != NULL && i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);

      if (domain->pool != pool)
        continue;
      /* The checks keep a pool with domains from losing its last pCPU. */
      g_assert (pool->model != NULL);
      bank_domain (domain, old);
      domus_credit_model_move_domain (old, pool->model, domain->id, TRUE);
    }
}

static void
move_domain (SimPool   *to,
             SimDomain *domain)
{
  bank_domain (domain, sim_model (domain));
  domus_credit_model_move_domain (sim_model (domain), to->model, domain->id, FALSE);
  domain->pool = to;
}

static guint
pool_n_domains (DomusSimHost *self,
                SimPool      *pool)
{
  guint n = 0;

  for (guint i = 0; i < self->domains->len; i++)
    n += ((SimDomain *) g_ptr_array_index (self->domains, i))->pool == pool;
  return n;
}

/* Checked again here: the host may have changed since its last sample. */
static gboolean
check_here (DomusSimHost  *self,
            SimPool       *pool,
            DomusRequest  *request,
            GError       **error)
{
  if (pool == NULL && request->kind != DOMUS_REQUEST_CPUPOOL_CREATE)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("There is no cpupool named “%s” (domusctl cpupool-list lists them)"),
                   request->pool);
      return FALSE;
    }
  if ((request->kind == DOMUS_REQUEST_CPUPOOL_CREATE || request->kind == DOMUS_REQUEST_CPUPOOL_CPU_ADD)
      && (request->cpus & ~domus_cpulist_all (self->n_pcpus)) == 0)
    for (guint cpu = 0; cpu < self->n_pcpus; cpu++)
      if ((request->cpus & BIT (cpu)) && pool_of_cpu (self, cpu) != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                       _("pCPU %u is in cpupool “%s”: a pCPU joins a pool only when free, "
                         "so remove it from there first (cpupool-cpu-remove %s %u)"),
                       cpu, pool_of_cpu (self, cpu)->name, pool_of_cpu (self, cpu)->name, cpu);
          return FALSE;
        }
  if (pool != NULL && pool_n_domains (self, pool) > 0
      && (request->kind == DOMUS_REQUEST_CPUPOOL_DESTROY
          || (request->kind == DOMUS_REQUEST_CPUPOOL_CPU_REMOVE && (pool->cpus & ~request->cpus) == 0)))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Cpupool “%s” has domains: move them to another pool first"), pool->name);
      return FALSE;
    }
  if (request->kind == DOMUS_REQUEST_CPUPOOL_MIGRATE && pool->model == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("Cpupool “%s” has no pCPUs for “%s” to run on: add some first "
                     "(cpupool-cpu-add)"), pool->name, request->domain_name);
      return FALSE;
    }
  return TRUE;
}

/* The five requests of cpupools; @domain only for CPUPOOL_MIGRATE. */
void
sim_perform_cpupool (DomusSimHost *self,
                     SimDomain    *domain,
                     DomusRequest *request,
                     GTask        *task)
{
  SimPool *pool = sim_find_pool (self, request->pool);
  g_autoptr(GError) error = NULL;
  g_autofree char *cpus = NULL;

  if (!check_here (self, pool, request, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cpus = domus_cpulist_format_ranges (request->cpus, self->n_pcpus);
  switch (request->kind)
    {
    case DOMUS_REQUEST_CPUPOOL_CREATE:
      pool = pool_new (self, request->pool, request->scheduler, request->cpus);
      sim_log_printf (self, "(XEN) cpupool %u (%s) created: %s, pCPUs %s", pool->id, pool->name,
                      domus_scheduler_to_string (pool->scheduler), cpus);
      break;
    case DOMUS_REQUEST_CPUPOOL_DESTROY:
      /* As libxl_cpupool_destroy(): its pCPUs out first, free. */
      pool_set_cpus (self, pool, 0);
      sim_log_printf (self, "(XEN) cpupool %u (%s) destroyed", pool->id, pool->name);
      g_ptr_array_remove (self->pools, pool);
      break;
    case DOMUS_REQUEST_CPUPOOL_CPU_ADD:
      pool_set_cpus (self, pool, pool->cpus | request->cpus);
      sim_log_printf (self, "(XEN) cpupool %u (%s): pCPUs %s added", pool->id, pool->name, cpus);
      break;
    case DOMUS_REQUEST_CPUPOOL_CPU_REMOVE:
      pool_set_cpus (self, pool, pool->cpus & ~request->cpus);
      sim_log_printf (self, "(XEN) cpupool %u (%s): pCPUs %s removed", pool->id, pool->name, cpus);
      break;
    case DOMUS_REQUEST_CPUPOOL_MIGRATE:
      if (domain->pool != pool)
        move_domain (pool, domain);
      sim_log_printf (self, "(XEN) d%u moved to cpupool %u (%s)", domain->id, pool->id, pool->name);
      break;
    default:
      g_assert_not_reached ();
    }
  g_task_return_int (task, 0);
}
