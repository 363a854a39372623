/* domus-host-info.h: the host's facts, as `xl info` tells them
 *
 * What a lab checks about its Xen host before anything else: Xen's
 * version and command line, the scheduler of each cpupool, pCPUs, cores,
 * threads and NUMA nodes, memory, and what the hardware lets guests be
 * (PV, HVM, HAP, an IOMMU; VT-x or AMD-V). A backend fills this plain
 * struct on any thread (domus_host_get_info_async()); every field that
 * `xl info` prints is named and valued as xl prints it by
 * domus_host_info_to_xl_text().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char  *name;          /* "Pool-0" */
  guint  id;
  char  *scheduler;     /* libxl's name: "credit", "credit2", "rtds", "arinc653", "null" */
  guint  n_cpus;
  guint  n_domains;
} DomusHostInfoCpupool;

typedef struct
{
  /* The control domain's uname (xl info's host, release, version, machine). */
  char      *host;
  char      *release;
  char      *version;
  char      *machine;

  /* physinfo */
  guint      nr_cpus;
  guint      max_cpu_id;
  guint      nr_nodes;
  guint      cores_per_socket;
  guint      threads_per_core;
  guint      cpu_khz;
  char      *hw_caps;            /* as xl prints it: eight words "%08x:" */
  gboolean   cap_pv;
  gboolean   cap_hvm;
  gboolean   cap_hvm_directio;   /* an IOMMU: devices can be passed through */
  gboolean   cap_hap;
  gboolean   cap_shadow;
  gboolean   cap_iommu_hap_pt_share;
  gboolean   cap_vmtrace;
  gboolean   cap_vpmu;
  gboolean   cap_gnttab_v1;
  gboolean   cap_gnttab_v2;
  char      *cpu_virt;           /* "vmx" (VT-x), "svm" (AMD-V) or "" from hw_caps */
  guint64    total_memory_kib;
  guint64    free_memory_kib;
  guint64    sharing_freed_kib;
  guint64    sharing_used_kib;
  guint64    outstanding_kib;
  guint      free_cpus;          /* pCPUs in no cpupool */

  /* version info */
  guint      xen_major;
  guint      xen_minor;
  char      *xen_extra;          /* ".0", "-unstable" */
  char      *xen_caps;
  char      *xen_scheduler;      /* the default cpupool's */
  guint      xen_pagesize;
  guint64    virt_start;
  char      *xen_changeset;
  char      *xen_commandline;
  char      *cc_compiler;
  char      *cc_compile_by;
  char      *cc_compile_domain;
  char      *cc_compile_date;
  char      *build_id;

  /* Not xl info's */
  guint64    dom0_memory_kib;    /* Domain-0's memory now, 0 when unknown */
  GPtrArray *cpupools;           /* DomusHostInfoCpupool* */
} DomusHostInfo;

#define DOMUS_TYPE_HOST_INFO (domus_host_info_get_type ())

GType          domus_host_info_get_type        (void) G_GNUC_CONST;
DomusHostInfo *domus_host_info_new             (void);
DomusHostInfo *domus_host_info_copy            (const DomusHostInfo *info);
void           domus_host_info_free            (DomusHostInfo       *info);
void           domus_host_info_add_cpupool     (DomusHostInfo       *info,
                                                const char          *name,
                                                guint                id,
                                                const char          *scheduler,
                                                guint                n_cpus,
                                                guint                n_domains);

/* "4.17.0": major.minor and extra, as xl info's xen_version. */
char          *domus_host_info_dup_xen_version (const DomusHostInfo *info);
/* xl info's virt_caps: "pv hvm hvm_directio pv_directio hap shadow ...". */
char          *domus_host_info_dup_virt_caps   (const DomusHostInfo *info);
/* The value of dom0_mem= on Xen's command line (the last one), or NULL. */
char          *domus_host_info_dup_dom0_mem    (const DomusHostInfo *info);
/* "VT-x", "AMD-V" or NULL. */
const char    *domus_host_info_get_cpu_virt_name (const DomusHostInfo *info);

/* `xl info`'s lines, in its order and spelling ("host                   : xenlab"),
 * then Domus's own: dom0_memory, dom0_mem, cpu_virt, cpupool lines. */
char          *domus_host_info_to_xl_text      (const DomusHostInfo *info);
/* One JSON object, keys as xl info's (memory in MiB as xl prints it), with
 * "virt_caps", "dom0_memory", "dom0_mem", "cpu_virt" and "cpupools". */
char          *domus_host_info_to_json         (const DomusHostInfo *info);

/* As io.domus.Host1's GetInfo carries it: an a{sv}, unknown keys ignored. */
GVariant      *domus_host_info_to_variant      (const DomusHostInfo *info);
DomusHostInfo *domus_host_info_new_from_variant (GVariant           *variant,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostInfo, domus_host_info_free)

G_END_DECLS
