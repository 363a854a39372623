/* bench-common.h: what the benchmarks share: the scene they simulate, the
 * process's CPU time and resident size, and a median or percentile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sim/domus-sim-host.h"

G_BEGIN_DECLS

/* Every other domain bursty on all its vCPUs, the rest busy on two: the
 * scene of bench-refresh and bench-soak-host. */
extern const char * const bench_mixed_workloads[];

/* A simulated host of @n_domains domains of 8 vCPUs and 256 MiB on 32
 * pCPUs; domain i runs workloads[i % n], each a scene's "workload" object
 * (docs/scenes.md). */
DomusScene *bench_scene_new      (guint               n_domains,
                                  const char * const *workloads);
/* The same scene as JSON, with @vcpus vCPUs a domain: for domus-agent,
 * which reads its scene from a file. */
char       *bench_scene_json     (guint               n_domains,
                                  guint               vcpus,
                                  const char * const *workloads);
/* CPU time of the whole process, user and system, in milliseconds. */
double      bench_cpu_ms         (void);
/* A "Name:" field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), or -1. */
long        bench_status_kib     (const char         *field);
/* Prints how @after_kib compares with @before_kib and whether that is
 * within @limit_percent either way; returns whether it is. */
gboolean    bench_check_flat     (const char         *before_label,
                                  long                before_kib,
                                  const char         *after_label,
                                  long                after_kib,
                                  double              limit_percent);
/* The value below which @percent % of @values lie; sorts @values (doubles). */
double      bench_percentile     (GArray             *values,
                                  guint               percent);

/* A vif and a vbd with traffic for every domain but Domain-0. */
void        bench_scene_add_io (DomusScene *scene);

G_END_DECLS
