/* domus-xen-host-info.c: the host's facts (xl info) and Xen's log (xl dmesg)
 *
 * Part of DomusXenHost: see domus-xen-host-private.h. Both are read on a
 * GTask worker thread with the same libxl calls xl makes (tools/xl/xl_info.c,
 * xl_misc.c); libxl_ctx is thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <glib/gi18n-lib.h>
#include <libxl_utils.h>
#include <sys/utsname.h>

#include "domus-error.h"

/* Xen's feature words (xen/include/public/arch-x86/cpufeatureset.h):
 * word 1 is CPUID.1:ECX, word 3 CPUID.0x80000001:ECX. */
#define HW_CAP_VMX_WORD 1
#define HW_CAP_VMX_BIT  5
#define HW_CAP_SVM_WORD 3
#define HW_CAP_SVM_BIT  2

static guint
bitmap_count (const libxl_bitmap *map)
{
  guint n = 0;

  for (guint i = 0; i < map->size * 8; i++)
    if (libxl_bitmap_test (map, (int) i))
      n++;
  return n;
}

static void
info_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  g_autoptr(DomusHostInfo) info = domus_host_info_new ();
  const libxl_version_info *version;
  libxl_physinfo physinfo;
  libxl_cpupoolinfo *pools;
  libxl_bitmap freecpus;
  struct utsname uts;
  GError *error = NULL;
  int scheduler, n_pools = 0, rc;

#define SET(field, value) (g_free (info->field), info->field = g_strdup ((value) != NULL ? (value) : ""))
  if (uname (&uts) == 0)
    {
      SET (host, uts.nodename);
      SET (release, uts.release);
      SET (version, uts.version);
      SET (machine, uts.machine);
    }

  clear_last_error ();
  libxl_physinfo_init (&physinfo);
  if ((rc = libxl_get_physinfo (self->ctx, &physinfo)) != 0)
    {
      libxl_physinfo_dispose (&physinfo);
      set_libxl_error (&error, rc, _("Cannot read the host’s CPUs and memory"));
      g_task_return_error (task, error);
      return;
    }
  info->nr_cpus = physinfo.nr_cpus;
  info->max_cpu_id = physinfo.max_cpu_id;
  info->nr_nodes = physinfo.nr_nodes;
  info->cores_per_socket = physinfo.cores_per_socket;
  info->threads_per_core = physinfo.threads_per_core;
  info->cpu_khz = physinfo.cpu_khz;
  g_free (info->hw_caps);
  info->hw_caps = g_strdup_printf ("%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
                                   physinfo.hw_cap[0], physinfo.hw_cap[1], physinfo.hw_cap[2],
                                   physinfo.hw_cap[3], physinfo.hw_cap[4], physinfo.hw_cap[5],
                                   physinfo.hw_cap[6], physinfo.hw_cap[7]);
  if (physinfo.hw_cap[HW_CAP_VMX_WORD] & (1u << HW_CAP_VMX_BIT))
    SET (cpu_virt, "vmx");
  else if (physinfo.hw_cap[HW_CAP_SVM_WORD] & (1u << HW_CAP_SVM_BIT))
    SET (cpu_virt, "svm");
  info->cap_pv = physinfo.cap_pv;
  info->cap_hvm = physinfo.cap_hvm;
  info->cap_hvm_directio = physinfo.cap_hvm_directio;
  info->cap_hap = physinfo.cap_hap;
  info->cap_shadow = physinfo.cap_shadow;
  info->cap_iommu_hap_pt_share = physinfo.cap_iommu_hap_pt_share;
  info->cap_vmtrace = physinfo.cap_vmtrace;
  info->cap_vpmu = physinfo.cap_vpmu;
  info->cap_gnttab_v1 = physinfo.cap_gnttab_v1;
  info->cap_gnttab_v2 = physinfo.cap_gnttab_v2;
  info->total_memory_kib = physinfo.total_pages * (XC_PAGE_SIZE / 1024);
  info->free_memory_kib = physinfo.free_pages * (XC_PAGE_SIZE / 1024);
  info->sharing_freed_kib = physinfo.sharing_freed_pages * (XC_PAGE_SIZE / 1024);
  info->sharing_used_kib = physinfo.sharing_used_frames * (XC_PAGE_SIZE / 1024);
  info->outstanding_kib = physinfo.outstanding_pages * (XC_PAGE_SIZE / 1024);
  libxl_physinfo_dispose (&physinfo);

  libxl_bitmap_init (&freecpus);
  if (libxl_get_freecpus (self->ctx, &freecpus) == 0)
    info->free_cpus = bitmap_count (&freecpus);
  libxl_bitmap_dispose (&freecpus);

  if ((version = libxl_get_version_info (self->ctx)) != NULL)
    {
      info->xen_major = version->xen_version_major;
      info->xen_minor = version->xen_version_minor;
      SET (xen_extra, version->xen_version_extra);
      SET (xen_caps, version->capabilities);
      info->xen_pagesize = version->pagesize;
      info->virt_start = version->virt_start;
      SET (xen_changeset, version->changeset);
      SET (xen_commandline, version->commandline);
      SET (cc_compiler, version->compiler);
      SET (cc_compile_by, version->compile_by);
      SET (cc_compile_domain, version->compile_domain);
      SET (cc_compile_date, version->compile_date);
      SET (build_id, version->build_id);
    }
  if ((scheduler = libxl_get_scheduler (self->ctx)) >= 0)
    SET (xen_scheduler, libxl_scheduler_to_string (scheduler));

  if ((pools = libxl_list_cpupool (self->ctx, &n_pools)) != NULL)
    {
      for (int i = 0; i < n_pools; i++)
        domus_host_info_add_cpupool (info, pools[i].pool_name, pools[i].poolid,
                                     libxl_scheduler_to_string (pools[i].sched),
                                     bitmap_count (&pools[i].cpumap), pools[i].n_dom);
      libxl_cpupoolinfo_list_free (pools, n_pools);
    }
#undef SET

  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) domus_host_info_free);
}

void
domus_xen_host_get_info (DomusHost *host,
                         GTask     *task)
{
  g_task_run_in_thread (task, info_thread);
}

static void
log_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  libxl_xen_console_reader *reader;
  g_autoptr(GByteArray) ring = g_byte_array_new ();
  GError *error = NULL;
  char *chunk;
  int rc;

  clear_last_error ();
  /* As xl dmesg: the whole ring, not cleared. */
  if (!(reader = libxl_xen_console_read_start (self->ctx, 0)))
    {
      set_libxl_error (&error, ERROR_FAIL, _("Cannot read Xen’s log"));
      g_task_return_error (task, error);
      return;
    }
  /* A "line" is as much of the ring as libxl's buffer holds. */
  while ((rc = libxl_xen_console_read_line (self->ctx, reader, &chunk)) > 0)
    g_byte_array_append (ring, (const guint8 *) chunk, strlen (chunk));
  libxl_xen_console_read_finish (self->ctx, reader);
  if (rc < 0)
    {
      set_libxl_error (&error, rc, _("Cannot read Xen’s log"));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&ring)),
                         (GDestroyNotify) g_bytes_unref);
}

void
domus_xen_host_read_log (DomusHost *host,
                         GTask     *task)
{
  g_task_run_in_thread (task, log_thread);
}
