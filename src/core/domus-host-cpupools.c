/* domus-host-cpupools.c: the host's cpupools, from each sample
 *
 * Part of DomusHost: the pools a backend reads are kept in one
 * DomusCpupool each, updated in place, with their domains counted from
 * the sample's. A backend that knows no pools (an agent older than
 * protocol 9) gets the one pool every Xen host has: Pool-0, every pCPU,
 * under the host's scheduler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include "domus-cpulist.h"
#include "domus-cpupool-private.h"
#include "domus-host-private.h"

static guint
count_domains (const DomusHostSample *sample,
               guint                  pool_id)
{
  guint n = 0;

  for (guint i = 0; i < sample->domains->len; i++)
    if (((DomusDomainSample *) g_ptr_array_index (sample->domains, i))->cpupool == pool_id)
      n++;
  return n;
}

static guint
store_id (GListStore *store,
          guint       i)
{
  g_autoptr(DomusCpupool) pool = g_list_model_get_item (G_LIST_MODEL (store), i);

  return domus_cpupool_get_id (pool);
}

/* Walks the old list and the sample's together, both sorted by id, as
 * domus_host_apply_domains() does. */
void
_domus_host_apply_cpupools (DomusHost       *self,
                            GListStore      *store,
                            DomusHostSample *sample)
{
  guint n_pcpus = domus_host_get_n_pcpus (self);
  guint i = 0;

  if (sample->cpupools->len == 0)
    domus_host_sample_add_cpupool (sample, 0, "Pool-0", domus_host_get_scheduler (self),
                                   domus_cpulist_all (MIN (n_pcpus, DOMUS_CPULIST_MAX_PCPUS)));

  for (guint j = 0; j < sample->cpupools->len; j++)
    {
      const DomusCpupoolSample *ps = &g_array_index (sample->cpupools, DomusCpupoolSample, j);
      guint n_items;

      while (i < (n_items = g_list_model_get_n_items (G_LIST_MODEL (store)))
             && store_id (store, i) < ps->id)
        g_list_store_remove (store, i);

      if (i < n_items && store_id (store, i) == ps->id)
        {
          g_autoptr(DomusCpupool) pool = g_list_model_get_item (G_LIST_MODEL (store), i);

          _domus_cpupool_update (pool, ps, count_domains (sample, ps->id));
        }
      else
        {
          g_autoptr(DomusCpupool) pool = _domus_cpupool_new (ps, n_pcpus);

          _domus_cpupool_update (pool, ps, count_domains (sample, ps->id));
          g_list_store_insert (store, i, pool);
        }
      i++;
    }

  while (i < g_list_model_get_n_items (G_LIST_MODEL (store)))
    g_list_store_remove (store, i);
}

DomusCpupool *
domus_host_lookup_cpupool_by_id (DomusHost *self,
                                 guint      id)
{
  GListModel *pools;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  pools = domus_host_get_cpupools (self);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      if (domus_cpupool_get_id (pool) == id)
        return pool;   /* the store keeps it */
    }
  return NULL;
}

DomusCpupool *
domus_host_lookup_cpupool_by_name (DomusHost  *self,
                                   const char *name)
{
  GListModel *pools;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  pools = domus_host_get_cpupools (self);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (domus_cpupool_get_name (pool), name) == 0)
        return pool;
    }
  return NULL;
}

/* The pool @cpu is in, or NULL when it is free. */
DomusCpupool *
domus_host_lookup_cpupool_of_cpu (DomusHost *self,
                                  guint      cpu)
{
  GListModel *pools;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  pools = domus_host_get_cpupools (self);
  for (guint i = 0; cpu < 64 && i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      if (domus_cpupool_get_cpus (pool) & (G_GUINT64_CONSTANT (1) << cpu))
        return pool;
    }
  return NULL;
}

char *
domus_host_dup_cpupool_domain_names (DomusHost    *self,
                                     DomusCpupool *pool)
{
  GListModel *domains;
  GString *names = g_string_new (NULL);

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (pool), NULL);

  domains = domus_host_get_domains (self);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      if (domus_domain_get_cpupool_id (domain) != domus_cpupool_get_id (pool))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, domus_domain_get_name (domain));
    }
  return g_string_free (names, FALSE);
}
