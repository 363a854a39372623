/* domus-host-sample.h: what a backend reads from its host in one refresh
 *
 * Backends fill these plain structs, on any thread; DomusHost turns them into
 * model updates on the main context (CPU%, history, items-changed), so every
 * backend gets the same arithmetic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint          id;
  DomusVcpuState state;
  guint          pcpu;         /* where it runs or last ran */
  guint64        time_ns;      /* cumulative run time */
  const char    *affinity;     /* hard affinity, xl syntax: "all", "0-1,3"; interned */
} DomusVcpuSample;

typedef struct
{
  guint32           id;
  char             *uuid;
  char             *name;
  char             *config_path; /* the xl config it was created from, or NULL */
  char             *vnc_address; /* "HOST:PORT" of its VNC server, or NULL */
  char             *console_path; /* pty of its text console, or NULL */
  DomusDomainType   type;
  DomusDomainState  state;
  guint             vcpus_online;
  guint             vcpus_max;
  guint64           memory_kib;
  guint64           memory_max_kib;
  guint64           memory_target_kib;
  guint64           cpu_time_ns;
  int               weight;
  int               cap;
  GArray           *vcpus;     /* DomusVcpuSample, vcpus_max of them */
} DomusDomainSample;

typedef struct
{
  gint64     time_us;          /* on the host's clock */
  guint64    free_memory_kib;
  guint      n_pcpus;
  guint64   *pcpu_busy_ns;     /* cumulative, n_pcpus of them */
  GPtrArray *domains;          /* DomusDomainSample*, sorted by id */
} DomusHostSample;

/* CPU% as xentop computes it: CPU time used over wall time, 100 = one pCPU. */
double             domus_cpu_percent              (guint64            now_ns,
                                                   guint64            then_ns,
                                                   gint64             elapsed_us);
DomusHostSample   *domus_host_sample_new          (guint              n_pcpus);
void               domus_host_sample_free         (DomusHostSample   *sample);
DomusDomainSample *domus_host_sample_add_domain   (DomusHostSample   *sample,
                                                   guint              n_vcpus);

/* A deep copy (the vCPUs' interned affinities shared). */
DomusHostSample   *domus_host_sample_copy         (const DomusHostSample   *sample);
DomusDomainSample *domus_domain_sample_copy       (const DomusDomainSample *domain);
void               domus_domain_sample_free       (DomusDomainSample *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostSample, domus_host_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDomainSample, domus_domain_sample_free)

G_END_DECLS
