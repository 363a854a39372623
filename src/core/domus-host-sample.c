/* domus-host-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host-sample"

#include "config.h"

#include <string.h>

#include "domus-host-sample.h"

double
domus_cpu_percent (guint64 now_ns,
                   guint64 then_ns,
                   gint64  elapsed_us)
{
  /* xentop: ((cpu_ns - prev_cpu_ns) / 10.0) / elapsed µs */
  if (elapsed_us <= 0 || now_ns < then_ns)
    return 0.0;
  return (now_ns - then_ns) / 10.0 / elapsed_us;
}

void
domus_domain_sample_free (DomusDomainSample *domain)
{
  g_free (domain->uuid);
  g_free (domain->name);
  g_free (domain->config_path);
  g_free (domain->vnc_address);
  g_free (domain->console_path);
  g_array_unref (domain->vcpus);
  g_free (domain);
}

DomusHostSample *
domus_host_sample_new (guint n_pcpus)
{
  DomusHostSample *sample = g_new0 (DomusHostSample, 1);

  sample->n_pcpus = n_pcpus;
  sample->pcpu_busy_ns = g_new0 (guint64, n_pcpus);
  sample->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_domain_sample_free);
  return sample;
}

void
domus_host_sample_free (DomusHostSample *sample)
{
  if (sample == NULL)
    return;

  g_ptr_array_unref (sample->domains);
  g_free (sample->pcpu_busy_ns);
  g_free (sample);
}

/* Appends a zeroed domain with @n_vcpus zeroed vCPUs numbered from 0. */
DomusDomainSample *
domus_host_sample_add_domain (DomusHostSample *sample,
                              guint            n_vcpus)
{
  DomusDomainSample *domain = g_new0 (DomusDomainSample, 1);

  domain->vcpus_max = n_vcpus;
  domain->vcpus = g_array_sized_new (FALSE, TRUE, sizeof (DomusVcpuSample), n_vcpus);
  g_array_set_size (domain->vcpus, n_vcpus);
  for (guint i = 0; i < n_vcpus; i++)
    g_array_index (domain->vcpus, DomusVcpuSample, i).id = i;
  g_ptr_array_add (sample->domains, domain);
  return domain;
}

DomusDomainSample *
domus_domain_sample_copy (const DomusDomainSample *domain)
{
  DomusDomainSample *copy = g_memdup2 (domain, sizeof *domain);

  copy->uuid = g_strdup (domain->uuid);
  copy->name = g_strdup (domain->name);
  copy->config_path = g_strdup (domain->config_path);
  copy->vnc_address = g_strdup (domain->vnc_address);
  copy->console_path = g_strdup (domain->console_path);
  /* The affinities are interned: the copy shares them. */
  copy->vcpus = g_array_copy (domain->vcpus);
  return copy;
}

DomusHostSample *
domus_host_sample_copy (const DomusHostSample *sample)
{
  DomusHostSample *copy = domus_host_sample_new (sample->n_pcpus);

  copy->time_us = sample->time_us;
  copy->free_memory_kib = sample->free_memory_kib;
  memcpy (copy->pcpu_busy_ns, sample->pcpu_busy_ns, sample->n_pcpus * sizeof (guint64));
  for (guint i = 0; i < sample->domains->len; i++)
    g_ptr_array_add (copy->domains, domus_domain_sample_copy (g_ptr_array_index (sample->domains, i)));
  return copy;
}
