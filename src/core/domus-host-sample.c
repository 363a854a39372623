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

guint64
domus_io_counter_delta (guint64 now,
                        guint64 then)
{
  if (now >= then)
    return now - then;
  if (then <= G_MAXUINT32 && then > G_MAXUINT32 / 2 && now < G_MAXUINT32 / 2)
    return (G_GUINT64_CONSTANT (1) << 32) - then + now;
  return now;
}

const char *
domus_io_counter_name (DomusIoKind kind,
                       guint       counter)
{
  static const char * const net[DOMUS_IO_N_NET_COUNTERS] = {
    "rx_bytes", "rx_packets", "rx_errors", "rx_drops", "tx_bytes", "tx_packets", "tx_errors", "tx_drops",
  };
  static const char * const disk[DOMUS_IO_N_DISK_COUNTERS] = {
    "read_reqs", "write_reqs", "read_sectors", "write_sectors", "oo_reqs",
  };

  g_return_val_if_fail (counter < domus_io_kind_n_counters (kind), NULL);
  return kind == DOMUS_IO_KIND_NET ? net[counter] : disk[counter];
}

guint
domus_io_kind_n_counters (DomusIoKind kind)
{
  return kind == DOMUS_IO_KIND_NET ? DOMUS_IO_N_NET_COUNTERS : DOMUS_IO_N_DISK_COUNTERS;
}

/* Xen's vbd numbers (docs/misc/vbd-interface.txt in Xen's sources). */
#define XVD_MAJOR       202
#define XVD_EXTENDED    (1u << 28)

static void
append_disk_letters (GString *name,
                     guint    disk)
{
  /* 0 = a, 25 = z, 26 = aa, ... as the kernel names them */
  if (disk >= 26)
    append_disk_letters (name, disk / 26 - 1);
  g_string_append_c (name, 'a' + disk % 26);
}

char *
domus_io_device_name (DomusIoKind kind,
                      guint32     id)
{
  GString *name;
  guint disk, partition;

  if (kind == DOMUS_IO_KIND_NET)
    return g_strdup_printf ("vif%u", id);

  if (id & XVD_EXTENDED)
    {
      if (id >> 28 != 1)
        return g_strdup_printf ("%u", id);
      disk = (id & ~XVD_EXTENDED) >> 8;
      partition = id & 0xff;
      name = g_string_new ("xvd");
    }
  else
    {
      switch (id >> 8)
        {
        case XVD_MAJOR: name = g_string_new ("xvd"); disk = (id >> 4) & 0xf; break;
        case 8: name = g_string_new ("sd"); disk = (id >> 4) & 0xf; break;
        case 3: name = g_string_new ("hd"); disk = (id >> 6) & 0x3; break;
        case 22: name = g_string_new ("hd"); disk = 2 + ((id >> 6) & 0x3); break;
        default: return g_strdup_printf ("%u", id);
        }
      partition = (id >> 8) == 3 || (id >> 8) == 22 ? id & 0x3f : id & 0xf;
    }
  append_disk_letters (name, disk);
  if (partition != 0)
    g_string_append_printf (name, "%u", partition);
  return g_string_free (name, FALSE);
}

gboolean
domus_io_disk_number (const char *name,
                      guint32    *id)
{
  const char *letters;
  guint disk = 0, n = 0;

  g_return_val_if_fail (name != NULL, FALSE);

  if (g_str_has_prefix (name, "xvd"))
    letters = name + 3;
  else if (g_str_has_prefix (name, "hd") || g_str_has_prefix (name, "sd"))
    letters = name + 2;
  else
    return FALSE;
  /* Letters count in bijective base 26: a = 1, ..., z = 26, aa = 27. */
  for (const char *c = letters; *c != '\0'; c++, n++)
    {
      if (*c < 'a' || *c > 'z' || n >= 3)
        return FALSE;
      disk = disk * 26 + (guint) (*c - 'a') + 1;
    }
  if (n == 0)
    return FALSE;
  disk--;
  if (name[0] == 'x')
    *id = disk < 16 ? (XVD_MAJOR << 8) | (disk << 4) : XVD_EXTENDED | (disk << 8);
  else if (name[0] == 's')
    {
      if (disk >= 16)
        return FALSE;
      *id = (8 << 8) | (disk << 4);
    }
  else
    {
      if (disk >= 4)
        return FALSE;
      *id = disk < 2 ? (3 << 8) | (disk << 6) : (22 << 8) | ((disk - 2) << 6);
    }
  return TRUE;
}

DomusIoSample *
domus_domain_sample_add_io (DomusDomainSample *domain,
                            DomusIoKind        kind,
                            guint32            id)
{
  DomusIoSample io = { kind, id, { 0 } };

  if (domain->io == NULL)
    domain->io = g_array_new (FALSE, TRUE, sizeof (DomusIoSample));
  g_array_append_val (domain->io, io);
  return &g_array_index (domain->io, DomusIoSample, domain->io->len - 1);
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
  g_clear_pointer (&domain->io, g_array_unref);
  g_free (domain);
}

static void
cpupool_sample_clear (gpointer data)
{
  DomusCpupoolSample *pool = data;

  g_clear_pointer (&pool->name, g_free);
}

DomusHostSample *
domus_host_sample_new (guint n_pcpus)
{
  DomusHostSample *sample = g_new0 (DomusHostSample, 1);

  g_atomic_ref_count_init (&sample->ref_count);
  sample->n_pcpus = n_pcpus;
  sample->pcpu_busy_ns = g_new0 (guint64, n_pcpus);
  sample->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_domain_sample_free);
  sample->cpupools = g_array_new (FALSE, TRUE, sizeof (DomusCpupoolSample));
  g_array_set_clear_func (sample->cpupools, cpupool_sample_clear);
  return sample;
}

DomusHostSample *
domus_host_sample_ref (DomusHostSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  g_atomic_ref_count_inc (&sample->ref_count);
  return sample;
}

void
domus_host_sample_free (DomusHostSample *sample)
{
  if (sample == NULL || !g_atomic_ref_count_dec (&sample->ref_count))
    return;

  g_ptr_array_unref (sample->domains);
  g_array_unref (sample->cpupools);
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

DomusCpupoolSample *
domus_host_sample_add_cpupool (DomusHostSample *sample,
                               guint            id,
                               const char      *name,
                               DomusScheduler   scheduler,
                               guint64          cpus)
{
  DomusCpupoolSample pool = { id, g_strdup (name), scheduler, cpus };

  g_array_append_val (sample->cpupools, pool);
  return &g_array_index (sample->cpupools, DomusCpupoolSample, sample->cpupools->len - 1);
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
  copy->io = domain->io != NULL ? g_array_copy (domain->io) : NULL;
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
  for (guint i = 0; i < sample->cpupools->len; i++)
    {
      const DomusCpupoolSample *pool = &g_array_index (sample->cpupools, DomusCpupoolSample, i);

      domus_host_sample_add_cpupool (copy, pool->id, pool->name, pool->scheduler, pool->cpus);
    }
  return copy;
}
