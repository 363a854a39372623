/* domus-sim-host-info.c: the simulated host's facts and Xen's log
 *
 * Part of DomusSimHost. What `xl info` and `xl dmesg` would say on a host
 * like the scene's: a Xen 4.17.0 as Debian 12 packages it, on an Intel
 * CPU with VT-x, EPT (HAP) and VT-d, one NUMA node, the scene's pCPUs as
 * cores of one socket, its memory, scheduler and Domain-0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <string.h>

#include "domus-scene.h"
#include "domus-sim-host-private.h"

/* A Skylake-SP's feature words, as xl info prints them: word 1 has VMX. */
#define SIM_HW_CAPS "bfebfbff:77fefbff:2c100800:00000121:0000000f:d19ffffb:00000008:00000100"

void
sim_log_printf (DomusSimHost *self,
                const char   *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (self->xen_log, format, args);
  va_end (args);
  g_string_append_c (self->xen_log, '\n');

  /* A ring: the oldest lines go, as whole lines where possible. */
  if (self->xen_log->len > SIM_CONRING_SIZE)
    {
      gsize cut = self->xen_log->len - SIM_CONRING_SIZE;
      const char *newline = memchr (self->xen_log->str + cut, '\n', self->xen_log->len - cut);

      if (newline != NULL && newline + 1 < self->xen_log->str + self->xen_log->len)
        cut = newline + 1 - self->xen_log->str;
      g_string_erase (self->xen_log, 0, cut);
    }
}

static const DomusSceneDomain *
scene_dom0 (const DomusScene *scene)
{
  for (guint i = 0; i < scene->domains->len; i++)
    {
      const DomusSceneDomain *domain = g_ptr_array_index (scene->domains, i);

      if (g_strcmp0 (domain->name, "Domain-0") == 0)
        return domain;
    }
  return NULL;
}

void
sim_log_boot (DomusSimHost     *self,
              const DomusScene *scene)
{
  const DomusSceneDomain *dom0 = scene_dom0 (scene);
  guint dom0_vcpus = dom0 != NULL ? dom0->maxvcpus : 1;
  guint64 dom0_mib = dom0 != NULL ? dom0->memory_mib : 1024;
  guint64 end = scene->memory_mib * 1024 * 1024 - 1;

  self->commandline = g_strdup_printf ("placeholder dom0_mem=%" G_GUINT64_FORMAT "M,max:%" G_GUINT64_FORMAT "M"
                                       " dom0_max_vcpus=%u sched=%s loglvl=all guest_loglvl=all",
                                       dom0_mib, dom0_mib, dom0_vcpus,
                                       domus_scheduler_to_string (scene->scheduler));
  self->xen_log = g_string_new (NULL);
  sim_log_printf (self, " Xen 4.17.0");
  sim_log_printf (self, "(XEN) Xen version 4.17.0 (pkg-xen-devel@lists.alioth.debian.org) "
                  "(x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0) debug=n Thu Oct 26 10:00:00 UTC 2023");
  sim_log_printf (self, "(XEN) Latest ChangeSet: ");
  sim_log_printf (self, "(XEN) build-id: 5f1a6d0e2b7c4a9183c0e6b2d4f7a1c3e5b9d028");
  sim_log_printf (self, "(XEN) Bootloader: GRUB 2.06-13+deb12u1");
  sim_log_printf (self, "(XEN) Command line: %s", self->commandline);
  sim_log_printf (self, "(XEN) Xen image load base address: 0");
  sim_log_printf (self, "(XEN) Video information:");
  sim_log_printf (self, "(XEN)  VGA is text mode 80x25, font 8x16");
  sim_log_printf (self, "(XEN) Disc information:");
  sim_log_printf (self, "(XEN)  Found 1 MBR signatures");
  sim_log_printf (self, "(XEN)  Found 1 EDD information structures");
  sim_log_printf (self, "(XEN) CPU Vendor: Intel, Family 6 (0x6), Model 85 (0x55), Stepping 7 (raw 00050657)");
  sim_log_printf (self, "(XEN) Xen-e820 RAM map:");
  sim_log_printf (self, "(XEN)  [0000000000000000, 000000000009fbff] (usable)");
  sim_log_printf (self, "(XEN)  [0000000000100000, %016" G_GINT64_MODIFIER "x] (usable)", end);
  sim_log_printf (self, "(XEN) System RAM: %" G_GUINT64_FORMAT "MB (%" G_GUINT64_FORMAT "kB)",
                  scene->memory_mib, scene->memory_mib * 1024);
  sim_log_printf (self, "(XEN) No NUMA configuration found");
  sim_log_printf (self, "(XEN) Faking a node at 0000000000000000-%016" G_GINT64_MODIFIER "x", end + 1);
  sim_log_printf (self, "(XEN) Domain heap initialised");
  sim_log_printf (self, "(XEN) Using scheduler: %s",
                  scene->scheduler == DOMUS_SCHEDULER_CREDIT2 ? "SMP Credit Scheduler rev2 (credit2)"
                                                              : "SMP Credit Scheduler (credit)");
  sim_log_printf (self, "(XEN) Using APIC driver default");
  sim_log_printf (self, "(XEN) Detected %u.%03u MHz processor.", 2400, 0);
  sim_log_printf (self, "(XEN) Intel VT-d iommu 0 supported page sizes: 4kB, 2MB, 1GB");
  sim_log_printf (self, "(XEN) Intel VT-d Snoop Control enabled.");
  sim_log_printf (self, "(XEN) I/O virtualisation enabled");
  sim_log_printf (self, "(XEN) VMX: Supported advanced features:");
  sim_log_printf (self, "(XEN)  - APIC MMIO access virtualisation");
  sim_log_printf (self, "(XEN)  - Extended Page Tables (EPT)");
  sim_log_printf (self, "(XEN)  - Virtual-Processor Identifiers (VPID)");
  sim_log_printf (self, "(XEN) HVM: ASIDs enabled.");
  sim_log_printf (self, "(XEN) HVM: VMX enabled");
  sim_log_printf (self, "(XEN) HVM: Hardware Assisted Paging (HAP) detected");
  sim_log_printf (self, "(XEN) HVM: HAP page sizes: 4kB, 2MB, 1GB");
  sim_log_printf (self, "(XEN) Brought up %u CPUs", scene->pcpus);
  sim_log_printf (self, "(XEN) Scheduling granularity: cpu, 1 CPU per sched-resource");
  sim_log_printf (self, "(XEN) Initializing %s scheduler",
                  scene->scheduler == DOMUS_SCHEDULER_CREDIT2 ? "Credit2" : "Credit");
  sim_log_printf (self, "(XEN) *** Building a PV Dom0 ***");
  sim_log_printf (self, "(XEN)  Xen  kernel: 64-bit, lsb");
  sim_log_printf (self, "(XEN)  Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> 0x302c000");
  sim_log_printf (self, "(XEN) Dom0 has maximum %u VCPUs", dom0_vcpus);
  sim_log_printf (self, "(XEN) Initial low memory virq threshold set at 0x4000 pages.");
  sim_log_printf (self, "(XEN) Scrubbing Free RAM in background");
  sim_log_printf (self, "(XEN) Std. Loglevel: All");
  sim_log_printf (self, "(XEN) Guest Loglevel: All");
  sim_log_printf (self, "(XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)");
  sim_log_printf (self, "(XEN) Freed 656kB init memory");
}

void
domus_sim_host_get_info (DomusHost *host,
                         GTask     *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  g_autoptr(DomusHostInfo) info = domus_host_info_new ();
  guint n_pcpus = domus_host_get_n_pcpus (host);
  guint64 used = (sim_settle (self), sim_used_memory_kib (self));

#define SET(field, value) (g_free (info->field), info->field = g_strdup (value))
  SET (host, domus_host_get_hostname (host));
  SET (release, "6.1.0-13-amd64");
  SET (version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)");
  SET (machine, "x86_64");
  info->nr_cpus = n_pcpus;
  info->max_cpu_id = n_pcpus - 1;
  info->nr_nodes = 1;
  info->cores_per_socket = n_pcpus;
  info->threads_per_core = 1;
  info->cpu_khz = 2400000;
  SET (hw_caps, SIM_HW_CAPS);
  info->cap_pv = info->cap_hvm = info->cap_hvm_directio = info->cap_hap = info->cap_shadow = TRUE;
  info->cap_iommu_hap_pt_share = info->cap_gnttab_v1 = info->cap_gnttab_v2 = TRUE;
  SET (cpu_virt, "vmx");
  info->total_memory_kib = self->memory_kib;
  info->free_memory_kib = self->memory_kib > used ? self->memory_kib - used : 0;
  info->xen_major = 4;
  info->xen_minor = 17;
  SET (xen_extra, ".0");
  SET (xen_caps, "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
  SET (xen_scheduler, domus_scheduler_to_string (domus_host_get_scheduler (host)));
  info->xen_pagesize = 4096;
  info->virt_start = G_GUINT64_CONSTANT (0xffff800000000000);
  SET (xen_commandline, self->commandline);
  SET (cc_compiler, "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0");
  SET (cc_compile_by, "pkg-xen-devel");
  SET (cc_compile_domain, "lists.alioth.debian.org");
  SET (cc_compile_date, "Thu Oct 26 10:00:00 UTC 2023");
  SET (build_id, "5f1a6d0e2b7c4a9183c0e6b2d4f7a1c3e5b9d028");
#undef SET
  domus_host_info_add_cpupool (info, "Pool-0", 0, domus_scheduler_to_string (domus_host_get_scheduler (host)),
                               n_pcpus, self->domains->len);

  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) domus_host_info_free);
}

void
domus_sim_host_read_log (DomusHost *host,
                         GTask     *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);

  g_task_return_pointer (task, g_bytes_new (self->xen_log->str, self->xen_log->len),
                         (GDestroyNotify) g_bytes_unref);
}
