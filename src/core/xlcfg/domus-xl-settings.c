/* domus-xl-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xl-settings"

#include "config.h"

#include "domus-xl-settings.h"

void
domus_xl_config_set_domain_settings (DomusXlConfig *config,
                                     DomusDomain   *domain)
{
  GListModel *vcpus;
  g_autoptr(GPtrArray) cpus = g_ptr_array_new ();
  gboolean same = TRUE;
  guint64 target_kib;

  g_return_if_fail (DOMUS_IS_XL_CONFIG (config));
  g_return_if_fail (DOMUS_IS_DOMAIN (domain));

  domus_xl_config_set_int (config, "cpu_weight", domus_domain_get_weight (domain));
  domus_xl_config_set_int (config, "cap", domus_domain_get_cap (domain));
  domus_xl_config_set_int (config, "vcpus", domus_domain_get_vcpus_online (domain));
  domus_xl_config_set_int (config, "maxvcpus", domus_domain_get_vcpus_max (domain));

  target_kib = domus_domain_get_memory_target_kib (domain);
  if (target_kib == 0)
    target_kib = domus_domain_get_memory_kib (domain);
  domus_xl_config_set_int (config, "memory", (gint64) (target_kib / 1024));
  domus_xl_config_set_int (config, "maxmem", (gint64) (domus_domain_get_memory_max_kib (domain) / 1024));

  /* xl's cpus: one set for every vCPU, or a list with one per vCPU. */
  vcpus = domus_domain_get_vcpus (domain);
  for (guint v = 0; v < g_list_model_get_n_items (vcpus); v++)
    {
      g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (vcpus, v);

      g_ptr_array_add (cpus, (gpointer) domus_vcpu_get_affinity (vcpu));
      same &= g_strcmp0 (domus_vcpu_get_affinity (vcpu), cpus->pdata[0]) == 0;
    }
  if (cpus->len == 0)
    return;
  if (same)
    domus_xl_config_set_string (config, "cpus", cpus->pdata[0]);
  else
    {
      g_ptr_array_add (cpus, NULL);
      domus_xl_config_set_list (config, "cpus", (const char * const *) cpus->pdata);
    }
}

void
domus_xl_config_set_domain_pool (DomusXlConfig *config,
                                 DomusHost     *host,
                                 DomusDomain   *domain)
{
  DomusCpupool *pool;
  g_autofree char *had = NULL;

  g_return_if_fail (DOMUS_IS_XL_CONFIG (config));
  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (DOMUS_IS_DOMAIN (domain));

  pool = domus_host_lookup_cpupool_by_id (host, domus_domain_get_cpupool_id (domain));
  if (pool == NULL
      || (domus_cpupool_get_id (pool) == 0 && !domus_xl_config_get_string (config, "pool", &had)))
    return;
  domus_xl_config_set_string (config, "pool", domus_cpupool_get_name (pool));
}
