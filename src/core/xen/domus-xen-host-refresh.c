/* domus-xen-host-refresh.c: reading the host on a worker thread, and death watches
 *
 * Part of DomusXenHost: see domus-xen-host-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <libxl_utils.h>

#include "domus-cpulist.h"
#include "domus-error.h"

/* reading the host (refresh worker) */

/* What a refresh keeps of a domain. Settings (scheduler parameters, memory
 * target, hard affinity) change only when asked: they are read on every
 * DOMUS_XEN_HOST_SETTINGS_EVERY-th refresh, and on the next one after any
 * request or libxl or xenstore event, so that a refresh costs no more than
 * xentop's sample. */

typedef struct
{
  char            *uuid;
  DomusDomainType  type;
  char            *vnc_address;
  char            *console_path;
  gboolean         seen;
  gboolean         has_settings;
  int              weight;
  int              cap;
  guint64          target_kib;
  GPtrArray       *affinity;     /* interned text per vCPU */
} DomainCache;

void
domain_cache_free (gpointer data)
{
  DomainCache *cache = data;

  g_free (cache->uuid);
  g_free (cache->vnc_address);
  g_free (cache->console_path);
  g_clear_pointer (&cache->affinity, g_ptr_array_unref);
  g_free (cache);
}

static char *
xs_read_string (struct xs_handle *xs,
                const char       *path)
{
  unsigned int len = 0;
  char *value = xs_read (xs, XBT_NULL, path, &len);
  char *copy = value != NULL ? g_strndup (value, len) : NULL;

  free (value);
  return copy;
}

/* What xenstore says of a domain; read until it is known (QEMU writes the
 * VNC port only once it has started, and a console's tty is "" until
 * xenconsoled or QEMU has opened it). The console is the one `xl console`
 * opens by default: an HVM guest's first serial port, any other guest's PV
 * console. */
static void
read_devices (DomusXenHost *self,
              guint32       domid,
              DomainCache  *cache)
{
  char path[96];

  if (cache->console_path == NULL)
    {
      g_autofree char *tty = NULL;

      if (cache->type == DOMUS_DOMAIN_TYPE_HVM)
        g_snprintf (path, sizeof path, "/local/domain/%u/serial/0/tty", domid);
      else
        g_snprintf (path, sizeof path, "/local/domain/%u/console/tty", domid);
      tty = xs_read_string (self->xs, path);
      if (tty != NULL && tty[0] != '\0')
        cache->console_path = g_steal_pointer (&tty);
    }

  if (cache->vnc_address == NULL && cache->type == DOMUS_DOMAIN_TYPE_HVM)
    {
      g_autofree char *port = NULL;
      g_autofree char *listen = NULL;

      g_snprintf (path, sizeof path, "/local/domain/%u/console/vnc-port", domid);
      if ((port = xs_read_string (self->xs, path)) != NULL && port[0] != '\0')
        {
          g_snprintf (path, sizeof path, "/local/domain/%u/console/vnc-listen", domid);
          listen = xs_read_string (self->xs, path);
          cache->vnc_address = g_strdup_printf ("%s:%s", listen != NULL ? listen : "127.0.0.1", port);
        }
    }
}

static DomainCache *
lookup_cache (DomusXenHost         *self,
              const xc_dominfo_t   *info)
{
  g_autofree char *uuid = g_strdup_printf (LIBXL_UUID_FMT, LIBXL__UUID_BYTES (info->handle));
  DomainCache *cache = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (info->domid));

  if (cache != NULL && g_strcmp0 (cache->uuid, uuid) == 0)
    return cache;

  cache = g_new0 (DomainCache, 1);
  cache->uuid = g_steal_pointer (&uuid);
  cache->type = DOMUS_DOMAIN_TYPE_PV;
  if (info->hvm)
    {
      char path[64];
      g_autofree char *type = NULL;

      /* libxl reports PVH as HVM; it keeps the real type here. */
      g_snprintf (path, sizeof path, "/libxl/%u/type", info->domid);
      type = xs_read_string (self->xs, path);
      cache->type = g_strcmp0 (type, "pvh") == 0 ? DOMUS_DOMAIN_TYPE_PVH : DOMUS_DOMAIN_TYPE_HVM;
    }
  g_hash_table_replace (self->cache, GUINT_TO_POINTER (info->domid), cache);
  return cache;
}

static const char *
affinity_text (DomusXenHost *self,
               xc_cpumap_t   map)
{
  guint64 mask = 0;
  const char *text;

  for (guint i = 0; i < MIN (self->n_pcpus, DOMUS_CPULIST_MAX_PCPUS); i++)
    if (map[i / 8] & (1u << (i % 8)))
      mask |= G_GUINT64_CONSTANT (1) << i;

  if ((text = g_hash_table_lookup (self->affinity_texts, &mask)) == NULL)
    {
      g_autofree char *formatted = domus_cpulist_format (mask, self->n_pcpus);

      text = g_intern_string (formatted);
      g_hash_table_insert (self->affinity_texts, g_memdup2 (&mask, sizeof mask), (gpointer) text);
    }
  return text;
}

static DomusDomainState
domain_state (const xc_dominfo_t  *info)
{
  if (info->dying)
    return DOMUS_DOMAIN_STATE_DYING;
  if (info->shutdown)
    return info->crashed ? DOMUS_DOMAIN_STATE_CRASHED : DOMUS_DOMAIN_STATE_SHUTDOWN;
  if (info->paused)
    return DOMUS_DOMAIN_STATE_PAUSED;
  if (info->blocked)
    return DOMUS_DOMAIN_STATE_BLOCKED;
  return DOMUS_DOMAIN_STATE_RUNNING;
}

/* One hypercall per vCPU (two on a settings refresh), as xentop's. */
static void
read_vcpus (DomusXenHost        *self,
            const xc_dominfo_t  *info,
            DomainCache         *cache,
            gboolean             settings,
            DomusDomainSample   *ds)
{
  if (settings || cache->affinity == NULL || cache->affinity->len != ds->vcpus->len)
    {
      g_clear_pointer (&cache->affinity, g_ptr_array_unref);
      cache->affinity = g_ptr_array_sized_new (ds->vcpus->len);
      for (guint v = 0; v < ds->vcpus->len; v++)
        {
          const char *text = "all";
          int rc;

          domus_xen_loop_begin_direct_calls (self->loop);
          rc = xc_vcpu_getaffinity (self->xc, info->domid, (int) v, self->cpumap, NULL, XEN_VCPUAFFINITY_HARD);
          domus_xen_loop_end_direct_calls (self->loop);
          if (rc == 0)
            text = affinity_text (self, self->cpumap);
          g_ptr_array_add (cache->affinity, (gpointer) text);
        }
    }

  for (guint v = 0; v < ds->vcpus->len; v++)
    g_array_index (ds->vcpus, DomusVcpuSample, v).affinity = g_ptr_array_index (cache->affinity, v);
}

/* What changes by the moment: the domain's and its vCPUs' time and state,
 * read together with the other counters of a sample. */
static DomusDomainSample *
read_counters (DomusXenHost       *self,
               const xc_dominfo_t *info,
               DomusHostSample    *sample)
{
  DomusDomainSample *ds = domus_host_sample_add_domain (sample, info->max_vcpu_id + 1);

  ds->id = info->domid;
  ds->cpupool = info->cpupool;
  /* Usage as xentop reads it (libxenstat's is the same field). */
  ds->cpu_time_ns = info->cpu_time;
  for (guint v = 0; v < ds->vcpus->len; v++)
    {
      DomusVcpuSample *vs = &g_array_index (ds->vcpus, DomusVcpuSample, v);
      xc_vcpuinfo_t vcpu;

      if (xc_vcpu_getinfo (self->xc, info->domid, v, &vcpu) != 0)
        {
          vs->state = DOMUS_VCPU_STATE_OFFLINE;
          continue;
        }
      if (!vcpu.online)
        vs->state = DOMUS_VCPU_STATE_OFFLINE;
      else if (info->paused)
        vs->state = DOMUS_VCPU_STATE_PAUSED;
      else if (vcpu.running)
        vs->state = DOMUS_VCPU_STATE_RUNNING;
      else if (vcpu.blocked)
        vs->state = DOMUS_VCPU_STATE_BLOCKED;
      else
        vs->state = DOMUS_VCPU_STATE_RUNNABLE;
      vs->pcpu = vcpu.cpu;
      vs->time_ns = vcpu.cpu_time;
    }
  return ds;
}

/* Its vifs and vbds as xentop -n -x reads them, vifs first, each kind by
 * number as DomusDomain keeps them. */
static int
compare_io_samples (gconstpointer a,
                    gconstpointer b)
{
  const DomusIoSample *ia = a, *ib = b;

  if (ia->kind != ib->kind)
    return ia->kind < ib->kind ? -1 : 1;
  return ia->id < ib->id ? -1 : ia->id > ib->id;
}

static void finish_io (DomusDomainSample *ds);

static void
read_io (xenstat_domain    *stat,
         DomusDomainSample *ds)
{
  unsigned int n_networks = xenstat_domain_num_networks (stat);
  unsigned int n_vbds = xenstat_domain_num_vbds (stat);

  for (unsigned int i = 0; i < n_networks; i++)
    {
      xenstat_network *network = xenstat_domain_network (stat, i);
      DomusIoSample *io;

      if (network == NULL)
        continue;
      io = domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, xenstat_network_id (network));
      /* libxenstat's are dom0's end's: what it received, the domain sent. */
      io->counters[DOMUS_IO_NET_TX_BYTES] = xenstat_network_rbytes (network);
      io->counters[DOMUS_IO_NET_TX_PACKETS] = xenstat_network_rpackets (network);
      io->counters[DOMUS_IO_NET_TX_ERRORS] = xenstat_network_rerrs (network);
      io->counters[DOMUS_IO_NET_TX_DROPS] = xenstat_network_rdrop (network);
      io->counters[DOMUS_IO_NET_RX_BYTES] = xenstat_network_tbytes (network);
      io->counters[DOMUS_IO_NET_RX_PACKETS] = xenstat_network_tpackets (network);
      io->counters[DOMUS_IO_NET_RX_ERRORS] = xenstat_network_terrs (network);
      io->counters[DOMUS_IO_NET_RX_DROPS] = xenstat_network_tdrop (network);
    }
  for (unsigned int i = 0; i < n_vbds; i++)
    {
      xenstat_vbd *vbd = xenstat_domain_vbd (stat, i);
      DomusIoSample *io;

      /* A vbd whose statistics could not be read (xentop leaves it out too). */
      if (vbd == NULL || xenstat_vbd_error (vbd))
        continue;
      io = domus_domain_sample_add_io (ds, DOMUS_IO_KIND_DISK, xenstat_vbd_dev (vbd));
      io->counters[DOMUS_IO_DISK_OO_REQS] = xenstat_vbd_oo_reqs (vbd);
      io->counters[DOMUS_IO_DISK_READ_REQS] = xenstat_vbd_rd_reqs (vbd);
      io->counters[DOMUS_IO_DISK_WRITE_REQS] = xenstat_vbd_wr_reqs (vbd);
      io->counters[DOMUS_IO_DISK_READ_SECTORS] = xenstat_vbd_rd_sects (vbd);
      io->counters[DOMUS_IO_DISK_WRITE_SECTORS] = xenstat_vbd_wr_sects (vbd);
    }
  finish_io (ds);
}

/* @ds's devices in DomusDomain's order, each once. */
static void
finish_io (DomusDomainSample *ds)
{
  if (ds->io == NULL)
    return;
  g_array_sort (ds->io, compare_io_samples);
  /* Two devices of one number (a vbd of two backends) would read as one. */
  for (guint i = 1; i < ds->io->len; )
    if (compare_io_samples (&g_array_index (ds->io, DomusIoSample, i - 1),
                            &g_array_index (ds->io, DomusIoSample, i)) == 0)
      g_array_remove_index (ds->io, i);
    else
      i++;
}

/* Networks and disks read by Domus itself: what libxenstat reads for
 * xentop, the same counters from the same files, without what makes its
 * read of them cost more than everything else in a sample (measured in
 * docs/benchmarks.md): a regular expression compiled for each line of
 * /proc/net/dev, a walk of /sys/class/net looking for a bridge, and a
 * xenstore read for every domain, looking for disks QEMU serves. Those
 * (qdisk) are still read through libxenstat, when xenstore lists any. */

typedef struct
{
  guint32       domid;
  DomusIoSample io;
} IoEntry;

static int
compare_io_entries (gconstpointer a,
                    gconstpointer b)
{
  const IoEntry *ea = a, *eb = b;

  return ea->domid < eb->domid ? -1 : ea->domid > eb->domid;
}

/* A small file of sysfs into @buf, NUL-ended; FALSE when it cannot be read
 * or is empty. One open() and one read(): these are read for every vif and
 * vbd at every refresh. */
static gboolean
read_sysfs (const char *path,
            char       *buf,
            gsize       size)
{
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  n = read (fd, buf, size - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return TRUE;
}

/* The domain and device number of the interface whose /proc/net/dev line
 * starts at @name ("NAME:"), @end at its colon; FALSE when it is not a
 * vif. "vifD.N" says it; a vif renamed by its config's vifname= says it
 * in sysfs, as libxenstat reads it. */
static gboolean
vif_of (const char  *name,
        guint32     *domid,
        guint32     *devid,
        char       **end)
{
  char path[96], buf[64];
  unsigned int d, n;

  if (!(*end = strchr (name, ':')))
    return FALSE;
  if (strncmp (name, "vif", 3) == 0 && g_ascii_isdigit (name[3]))
    {
      char *p;

      *domid = (guint32) g_ascii_strtoull (name + 3, &p, 10);
      if (*p == '.' && g_ascii_isdigit (p[1]))
        {
          *devid = (guint32) g_ascii_strtoull (p + 1, &p, 10);
          if (p == *end)
            return TRUE;
        }
      /* "vifD.N-emu", an emulated NIC's tap: not the vif. */
      return FALSE;
    }
  if (*end - name >= 32 || strncmp (name, "lo:", 3) == 0)
    return FALSE;
  g_snprintf (path, sizeof path, "/sys/class/net/%.*s/device/nodename", (int) (*end - name), name);
  if (!read_sysfs (path, buf, sizeof buf))
    return FALSE;
  if (sscanf (buf, "backend/vif/%u/%u", &d, &n) != 2)
    return FALSE;
  *domid = d;
  *devid = n;
  return TRUE;
}

/* /proc/net/dev's lines of the vifs netback makes, "vifD.N:" then 16
 * counters (received bytes, packets, errs, drop, fifo, frame, compressed,
 * multicast, then sent bytes, packets, errs, drop, ...), as seen from dom0:
 * what dom0 received is what the domain sent (xentop's RX, Domus's TX:
 * DomusIoNetCounter). An emulated NIC's tap
 * ("vifD.N-emu") is not the vif (libxenstat counts it as a second one,
 * which DomusDomain would read as the same device). Other interfaces
 * (the bridge, dom0's NICs) cost one failed open() each. */
static void
read_networks (GArray *entries)
{
  g_autofree char *text = NULL;
  char *line, *next;

  if (!g_file_get_contents ("/proc/net/dev", &text, NULL, NULL))
    return;
  for (line = text; line != NULL && *line != '\0'; line = next)
    {
      IoEntry entry = { 0 };
      guint64 values[16];
      char *p = line, *end;
      guint i;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      while (*p == ' ')
        p++;
      if (!vif_of (p, &entry.domid, &entry.io.id, &end))
        continue;
      p = end + 1;
      for (i = 0; i < G_N_ELEMENTS (values); i++)
        {
          values[i] = g_ascii_strtoull (p, &end, 10);
          if (end == p)
            break;
          p = end;
        }
      if (i < G_N_ELEMENTS (values))
        continue;
      entry.io.kind = DOMUS_IO_KIND_NET;
      entry.io.counters[DOMUS_IO_NET_TX_BYTES] = values[0];
      entry.io.counters[DOMUS_IO_NET_TX_PACKETS] = values[1];
      entry.io.counters[DOMUS_IO_NET_TX_ERRORS] = values[2];
      entry.io.counters[DOMUS_IO_NET_TX_DROPS] = values[3];
      entry.io.counters[DOMUS_IO_NET_RX_BYTES] = values[8];
      entry.io.counters[DOMUS_IO_NET_RX_PACKETS] = values[9];
      entry.io.counters[DOMUS_IO_NET_RX_ERRORS] = values[10];
      entry.io.counters[DOMUS_IO_NET_RX_DROPS] = values[11];
      g_array_append_val (entries, entry);
    }
}

/* One number from a file in sysfs; FALSE when it cannot be read. */
static gboolean
read_sysfs_number (const char *path,
                   guint64    *value)
{
  char buf[32];
  char *end;

  if (!read_sysfs (path, buf, sizeof buf))
    return FALSE;
  *value = g_ascii_strtoull (buf, &end, 10);
  return end != buf;
}

/* blkback's disks, "vbd-D-N" in /sys/bus/xen-backend/devices, each with
 * its statistics/ files; one that cannot be read is left out, as xentop
 * leaves it out. */
static void
read_vbds (DomusXenHost *self,
           GArray       *entries)
{
  static const struct { const char *file; guint counter; } stats[] = {
    { "oo_req", DOMUS_IO_DISK_OO_REQS },
    { "rd_req", DOMUS_IO_DISK_READ_REQS },
    { "wr_req", DOMUS_IO_DISK_WRITE_REQS },
    { "rd_sect", DOMUS_IO_DISK_READ_SECTORS },
    { "wr_sect", DOMUS_IO_DISK_WRITE_SECTORS },
  };
  struct dirent *dp;

  if (self->vbd_dir == NULL && !(self->vbd_dir = opendir ("/sys/bus/xen-backend/devices")))
    return;
  rewinddir (self->vbd_dir);
  while ((dp = readdir (self->vbd_dir)) != NULL)
    {
      IoEntry entry = { 0 };
      char path[160];
      char *end;
      guint i;

      if (strncmp (dp->d_name, "vbd-", 4) != 0 || !g_ascii_isdigit (dp->d_name[4]))
        continue;
      entry.domid = (guint32) g_ascii_strtoull (dp->d_name + 4, &end, 10);
      if (*end != '-' || !g_ascii_isdigit (end[1]))
        continue;
      entry.io.id = (guint32) g_ascii_strtoull (end + 1, &end, 10);
      if (*end != '\0')
        continue;
      entry.io.kind = DOMUS_IO_KIND_DISK;
      for (i = 0; i < G_N_ELEMENTS (stats); i++)
        {
          g_snprintf (path, sizeof path, "/sys/bus/xen-backend/devices/%s/statistics/%s",
                      dp->d_name, stats[i].file);
          if (!read_sysfs_number (path, &entry.io.counters[stats[i].counter]))
            break;
        }
      if (i == G_N_ELEMENTS (stats))
        g_array_append_val (entries, entry);
    }
}

/* Disks QEMU serves, through libxenstat (which asks each QEMU through its
 * QMP socket), only when xenstore lists any: one xenstore read for all
 * domains. */
static void
read_qdisks (DomusXenHost *self,
             GArray       *entries)
{
  unsigned int n = 0;
  char **domids = xs_directory (self->xs, XBT_NULL, "/local/domain/0/backend/qdisk", &n);
  xenstat_node *node;

  free (domids);
  if (n == 0 || !(node = xenstat_get_node (self->xstat, XENSTAT_VBD)))
    return;
  for (unsigned int d = 0; d < xenstat_node_num_domains (node); d++)
    {
      xenstat_domain *stat = xenstat_node_domain_by_index (node, d);

      for (unsigned int i = 0; i < xenstat_domain_num_vbds (stat); i++)
        {
          xenstat_vbd *vbd = xenstat_domain_vbd (stat, i);
          IoEntry entry = { 0 };

          /* Type 0: neither blkback nor blktap, which read_vbds() reads. */
          if (vbd == NULL || xenstat_vbd_error (vbd) || xenstat_vbd_type (vbd) != 0)
            continue;
          entry.domid = xenstat_domain_id (stat);
          entry.io.kind = DOMUS_IO_KIND_DISK;
          entry.io.id = xenstat_vbd_dev (vbd);
          entry.io.counters[DOMUS_IO_DISK_OO_REQS] = xenstat_vbd_oo_reqs (vbd);
          entry.io.counters[DOMUS_IO_DISK_READ_REQS] = xenstat_vbd_rd_reqs (vbd);
          entry.io.counters[DOMUS_IO_DISK_WRITE_REQS] = xenstat_vbd_wr_reqs (vbd);
          entry.io.counters[DOMUS_IO_DISK_READ_SECTORS] = xenstat_vbd_rd_sects (vbd);
          entry.io.counters[DOMUS_IO_DISK_WRITE_SECTORS] = xenstat_vbd_wr_sects (vbd);
          g_array_append_val (entries, entry);
        }
    }
  xenstat_free_node (node);
}

/* Every domain's networks and disks, in @entries by domain. */
static void
read_own_io (DomusXenHost *self,
             GArray       *entries)
{
  read_networks (entries);
  read_vbds (self, entries);
  read_qdisks (self, entries);
  g_array_sort (entries, compare_io_entries);
}

/* Gives each of @sample's domains (sorted by id) its devices in @entries
 * (sorted by domain). */
static void
attach_io (DomusHostSample *sample,
           GArray          *entries)
{
  guint e = 0;

  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *ds = g_ptr_array_index (sample->domains, i);

      while (e < entries->len && g_array_index (entries, IoEntry, e).domid < ds->id)
        e++;
      for (; e < entries->len && g_array_index (entries, IoEntry, e).domid == ds->id; e++)
        {
          const IoEntry *entry = &g_array_index (entries, IoEntry, e);
          DomusIoSample *io = domus_domain_sample_add_io (ds, entry->io.kind, entry->io.id);

          memcpy (io->counters, entry->io.counters, sizeof io->counters);
        }
      finish_io (ds);
    }
}

/* The rest of a domain's sample: names, devices, settings, which may take
 * xenstore's and libxl's time. */
static void
read_domain (DomusXenHost        *self,
             const xc_dominfo_t  *info,
             xenstat_domain      *stat,
             GHashTable          *config_paths,
             gboolean             settings,
             DomusDomainSample   *ds)
{
  guint n_vcpus = info->max_vcpu_id + 1;
  DomainCache *cache = lookup_cache (self, info);
  libxl_domain_sched_params params;
  uint64_t target_kib = 0;

  cache->seen = TRUE;
  if (info->domid != 0)
    read_devices (self, info->domid, cache);

  ds->uuid = g_strdup (cache->uuid);
  ds->name = g_strdup (xenstat_domain_name (stat));
  ds->config_path = g_strdup (g_hash_table_lookup (config_paths, GUINT_TO_POINTER (info->domid)));
  ds->vnc_address = g_strdup (cache->vnc_address);
  ds->console_path = g_strdup (cache->console_path);
  ds->type = cache->type;
  ds->state = domain_state (info);
  ds->vcpus_online = info->nr_online_vcpus;
  ds->vcpus_max = n_vcpus;
  ds->memory_kib = xenstat_domain_cur_mem (stat) / 1024;
  ds->memory_max_kib = info->max_memkb;

  settings |= !cache->has_settings;
  if (settings)
    {
      int target_rc, params_rc;

      cache->has_settings = TRUE;
      libxl_domain_sched_params_init (&params);
      /* Both make hypercalls or read xenstore without libxl's lock (libxl
       * 4.17: neither takes it), as libxl's destroy may be forking. */
      domus_xen_loop_begin_direct_calls (self->loop);
      target_rc = libxl_get_memory_target (self->ctx, info->domid, &target_kib);
      params_rc = libxl_domain_sched_params_get (self->ctx, info->domid, &params);
      domus_xen_loop_end_direct_calls (self->loop);
      cache->target_kib = target_rc == 0 ? target_kib : 0;
      if (params_rc == 0)
        {
          cache->weight = params.weight;
          cache->cap = params.cap;
        }
      else
        cache->weight = cache->cap = -1;
      libxl_domain_sched_params_dispose (&params);
    }
  ds->memory_target_kib = cache->target_kib != 0 ? cache->target_kib : ds->memory_kib;
  ds->weight = cache->weight;
  ds->cap = cache->cap;

  read_vcpus (self, info, cache, settings, ds);
  if (!self->no_io && self->io_libxenstat)
    read_io (stat, ds);
}

static int
compare_domain_samples (gconstpointer a,
                        gconstpointer b)
{
  const DomusDomainSample *da = *(DomusDomainSample * const *) a;
  const DomusDomainSample *db = *(DomusDomainSample * const *) b;

  return da->id < db->id ? -1 : da->id > db->id;
}

typedef struct
{
  GHashTable *config_paths;
  gint64      mono;          /* when the counters were read */
} RefreshData;

static void
refresh_data_free (gpointer data)
{
  RefreshData *refresh = data;

  g_hash_table_unref (refresh->config_paths);
  g_free (refresh);
}

/* libxenstat's node: names and memory, and networks and disks as xentop
 * reads them. libxenstat fails the whole node when it cannot read those (a
 * dom0 without netback or blkback's sysfs): then without them, from now
 * on. NULL, with @error set, when it cannot read the host at all. */
static xenstat_node *
read_node (DomusXenHost  *self,
           GError       **error)
{
  xenstat_node *node = self->no_io || !self->io_libxenstat
                       ? NULL : xenstat_get_node (self->xstat, XENSTAT_NETWORK | XENSTAT_VBD);
  int io_errno = errno;

  if (node != NULL)
    return node;
  if (!(node = xenstat_get_node (self->xstat, 0)))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_HYPERCALL,
                   _("libxenstat cannot read the host: %s"), g_strerror (errno));
      return NULL;
    }
  if (!self->no_io && self->io_libxenstat)
    g_message ("libxenstat cannot read the domains' networks and disks (%s): no I/O figures",
               g_strerror (io_errno));
  if (self->io_libxenstat)
    self->no_io = TRUE;
  return node;
}

/* Every counter in one go: the domains (one hypercall per 256, as
 * libxenstat's own), their vCPUs, the pCPUs' idle time; the sample carries
 * the middle of that moment in @mono. libxenstat's @node, read before,
 * gives names and memory, not times: it goes on to xenstore for every
 * domain, which may take long on a busy dom0. Names, devices and settings
 * are read after, for the same reason. Returns the infos of the domains
 * sampled, in the order of @sample's, in @infos' storage; NULL with @error
 * set when the domains cannot be listed. */
static GArray *
read_all_counters (DomusXenHost     *self,
                   xenstat_node     *node,
                   GArray           *infos,
                   DomusHostSample  *sample,
                   gint64           *mono,
                   GError          **error)
{
  g_autoptr(GArray) counted = g_array_new (FALSE, FALSE, sizeof (const xc_dominfo_t *));
  int n_infos = 0;
  int n_cpus = 0;
  gboolean cpuinfo_ok;
  gint64 mono_ns;

  *mono = g_get_monotonic_time ();
  for (guint32 first = 0;;)
    {
      int n;

      g_array_set_size (infos, n_infos + 256);
      n = xc_domain_getinfo (self->xc, first, 256, &g_array_index (infos, xc_dominfo_t, n_infos));
      if (n < 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_HYPERCALL,
                       _("Cannot list the domains: %s"), g_strerror (errno));
          return NULL;
        }
      n_infos += n;
      if (n < 256)
        break;
      first = g_array_index (infos, xc_dominfo_t, n_infos - 1).domid + 1;
    }
  for (int i = 0; i < n_infos; i++)
    {
      const xc_dominfo_t *info = &g_array_index (infos, xc_dominfo_t, i);
      xenstat_domain *stat = xenstat_node_domain (node, info->domid);

      /* Born or gone between the two reads, or still being built (no name
       * in xenstore, no vCPUs yet): next time. */
      if (stat != NULL && xenstat_domain_name (stat) != NULL && info->max_vcpu_id != G_MAXUINT32)
        {
          read_counters (self, info, sample);
          g_array_append_val (counted, info);
        }
    }
  cpuinfo_ok = xc_getcpuinfo (self->xc, (int) self->n_pcpus, self->cpuinfo, &n_cpus) == 0;
  *mono += (g_get_monotonic_time () - *mono) / 2;
  mono_ns = *mono * 1000;

  /* Busy time of each pCPU: wall time minus Xen's idle time. */
  if (cpuinfo_ok)
    for (int p = 0; p < n_cpus && (guint) p < self->n_pcpus; p++)
      sample->pcpu_busy_ns[p] = mono_ns > (gint64) self->cpuinfo[p].idletime
                                ? (guint64) mono_ns - self->cpuinfo[p].idletime : 0;
  return g_steal_pointer (&counted);
}

static void
pool_clear (gpointer data)
{
  g_clear_pointer (&((DomusCpupoolSample *) data)->name, g_free);
}

static gboolean
pools_know (GArray   *pools,
            guint     id)
{
  for (guint i = 0; pools != NULL && i < pools->len; i++)
    if (g_array_index (pools, DomusCpupoolSample, i).id == id)
      return TRUE;
  return FALSE;
}

/* The cpupools, read again (libxl_list_cpupool(): a hypercall and a
 * xenstore read per pool) with the settings, or when a domain is in a
 * pool not known yet; the last ones otherwise. */
static void
read_cpupools (DomusXenHost    *self,
               DomusHostSample *sample,
               gboolean         settings)
{
  libxl_cpupoolinfo *pools;
  int n_pools = 0;

  for (guint i = 0; !settings && i < sample->domains->len; i++)
    settings = !pools_know (self->pools, ((DomusDomainSample *) g_ptr_array_index (sample->domains, i))->cpupool);
  if (settings || self->pools == NULL)
    {
      /* Hypercalls without libxl's lock (libxl 4.17's list does not take it). */
      domus_xen_loop_begin_direct_calls (self->loop);
      pools = libxl_list_cpupool (self->ctx, &n_pools);
      domus_xen_loop_end_direct_calls (self->loop);
    }
  else
    pools = NULL;
  if (pools != NULL)
    {
      g_clear_pointer (&self->pools, g_array_unref);
      self->pools = g_array_new (FALSE, TRUE, sizeof (DomusCpupoolSample));
      g_array_set_clear_func (self->pools, pool_clear);
      for (int i = 0; i < n_pools; i++)
        {
          DomusCpupoolSample pool = { pools[i].poolid, NULL, DOMUS_SCHEDULER_CREDIT, 0 };
          int cpu;

          /* rtds, null and arinc653 pools show as credit: Domus models those two only. */
          if (pools[i].sched == LIBXL_SCHEDULER_CREDIT2)
            pool.scheduler = DOMUS_SCHEDULER_CREDIT2;
          for (cpu = 0; cpu < 64 && cpu < (int) pools[i].cpumap.size * 8; cpu++)
            if (libxl_bitmap_test (&pools[i].cpumap, cpu))
              pool.cpus |= G_GUINT64_CONSTANT (1) << cpu;
          pool.name = g_strdup (pools[i].pool_name);
          g_array_append_val (self->pools, pool);
        }
      libxl_cpupoolinfo_list_free (pools, n_pools);
    }
  for (guint i = 0; self->pools != NULL && i < self->pools->len; i++)
    {
      const DomusCpupoolSample *pool = &g_array_index (self->pools, DomusCpupoolSample, i);

      domus_host_sample_add_cpupool (sample, pool->id, pool->name, pool->scheduler, pool->cpus);
    }
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  RefreshData *refresh = task_data;
  g_autoptr(DomusHostSample) sample = domus_host_sample_new (self->n_pcpus);
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (xc_dominfo_t));
  g_autoptr(GArray) counted = NULL;
  g_autoptr(GArray) io = NULL;
  g_autoptr(GError) error = NULL;
  xenstat_node *node;
  GHashTableIter iter;
  gpointer value;
  gboolean settings;

  settings = g_atomic_int_exchange (&self->settings_stale, FALSE)
             || self->n_refreshes++ % DOMUS_XEN_HOST_SETTINGS_EVERY == 0;
  clear_last_error ();
  /* The counters are libxenstat's and libxenctrl's: no libxl call. */
  domus_xen_loop_begin_direct_calls (self->loop);
  node = read_node (self, &error);
  if (node != NULL)
    counted = read_all_counters (self, node, infos, sample, &refresh->mono, &error);
  /* Right after the times, so that rates are over the same interval. */
  if (counted != NULL && !self->no_io && !self->io_libxenstat)
    {
      io = g_array_new (FALSE, FALSE, sizeof (IoEntry));
      read_own_io (self, io);
    }
  domus_xen_loop_end_direct_calls (self->loop);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (counted == NULL)
    {
      xenstat_free_node (node);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((DomainCache *) value)->seen = FALSE;

  for (guint i = 0; i < counted->len; i++)
    {
      const xc_dominfo_t *info = g_array_index (counted, const xc_dominfo_t *, i);

      read_domain (self, info, xenstat_node_domain (node, info->domid), refresh->config_paths, settings,
                   g_ptr_array_index (sample->domains, i));
    }
  g_ptr_array_sort (sample->domains, compare_domain_samples);
  if (io != NULL)
    attach_io (sample, io);
  read_cpupools (self, sample, settings);

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((DomainCache *) value)->seen)
      g_hash_table_iter_remove (&iter);

  sample->free_memory_kib = xenstat_node_free_mem (node) / 1024;
  xenstat_free_node (node);
  g_task_return_pointer (task, g_steal_pointer (&sample), (GDestroyNotify) domus_host_sample_free);
}

/* Follows every domain's shutdown and death with libxl's events. A watch
 * stays until its death is reported, even when a sample no longer lists
 * the domain: libxl may not have seen the death yet, and a watch taken
 * away first would lose the event. A sample read before a death was
 * reported may still list the domain; it is not watched again. */
static void
sync_death_watches (DomusXenHost    *self,
                    DomusHostSample *sample)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *ds = g_ptr_array_index (sample->domains, i);
      libxl_evgen_domain_death *evgen = NULL;

      g_hash_table_add (present, GUINT_TO_POINTER (ds->id));
      if (ds->id == 0 ||
          ds->state == DOMUS_DOMAIN_STATE_DYING ||
          g_hash_table_contains (self->deaths, GUINT_TO_POINTER (ds->id)) ||
          g_hash_table_contains (self->dead, GUINT_TO_POINTER (ds->id)))
        continue;
      if (libxl_evenable_domain_death (self->ctx, ds->id, (libxl_ev_user) ds->id, &evgen) == 0)
        g_hash_table_insert (self->deaths, GUINT_TO_POINTER (ds->id), evgen);
    }

  g_hash_table_iter_init (&iter, self->dead);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_hash_table_iter_remove (&iter);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DomusXenHost *self = DOMUS_XEN_HOST (object);
  RefreshData *refresh = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  DomusHostSample *sample = g_task_propagate_pointer (G_TASK (result), &error);

  if (sample == NULL)
    {
      _domus_host_push_error (DOMUS_HOST (self), g_steal_pointer (&error));
      return;
    }

  /* On the host's clock, at the moment the counters were read. */
  sample->time_us = self->refresh_now + (refresh->mono - self->refresh_mono);
  sync_death_watches (self, sample);
  _domus_host_push_sample (DOMUS_HOST (self), sample);
}

void
domus_xen_host_refresh (DomusHost *host)
{
  DomusXenHost *self = DOMUS_XEN_HOST (host);
  g_autoptr(GTask) task = g_task_new (self, NULL, refresh_done_cb, NULL);
  RefreshData *refresh = g_new0 (RefreshData, 1);

  self->refresh_now = domus_clock_get_now (domus_host_get_clock (host));
  self->refresh_mono = g_get_monotonic_time ();
  g_mutex_lock (&self->mutex);
  refresh->config_paths = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->config_paths);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (refresh->config_paths, key, g_strdup (value));
  }
  g_mutex_unlock (&self->mutex);

  g_task_set_task_data (task, refresh, refresh_data_free);
  g_task_set_source_tag (task, domus_xen_host_refresh);
  g_task_run_in_thread (task, refresh_thread);
}
