/* domus-bench-group.h: the repeated measurements of one thing a benchmark measures
 *
 * A lifecycle group is one step at one memory size ("create", 1024 MiB):
 * its values are the seconds each try took. A workload group is one
 * domain in one scenario: its values are the percentage of native each
 * run reached. The statistics follow each value as it is added, so a
 * table or chart bound to a group updates while the benchmark runs
 * (notify::count).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "domus-bench-spec.h"
#include "domus-stats.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BENCH_GROUP (domus_bench_group_get_type ())
G_DECLARE_FINAL_TYPE (DomusBenchGroup, domus_bench_group, DOMUS, BENCH_GROUP, GObject)

DomusBenchGroup  *domus_bench_group_new_lifecycle (const char      *set_name,
                                                   const char      *step,
                                                   guint64          memory_mib);
/* @domain may be NULL: runs that were skipped before any domain ran. */
DomusBenchGroup  *domus_bench_group_new_workload  (const char      *set_name,
                                                   const char      *scenario,
                                                   const char      *domain);
/* A try that failed is @value NAN: counted in failed, not in the stats. */
void              domus_bench_group_add           (DomusBenchGroup *self,
                                                   double           value,
                                                   gboolean         sla_met);

DomusBenchKind    domus_bench_group_get_kind      (DomusBenchGroup *self);
/* The result set the group belongs to, for people. */
const char       *domus_bench_group_get_set_name  (DomusBenchGroup *self);
/* Lifecycle: "create", "destroy"; workload: the scenario. */
const char       *domus_bench_group_get_category  (DomusBenchGroup *self);
guint64           domus_bench_group_get_memory_mib (DomusBenchGroup *self);
/* Workload: the domain, or NULL. */
const char       *domus_bench_group_get_domain    (DomusBenchGroup *self);
/* Every try added, failed ones too. */
guint             domus_bench_group_get_count     (DomusBenchGroup *self);
guint             domus_bench_group_get_failed    (DomusBenchGroup *self);
/* Workload: runs that met the SLA. */
guint             domus_bench_group_get_sla_met   (DomusBenchGroup *self);
const DomusStats *domus_bench_group_get_stats     (DomusBenchGroup *self);

G_END_DECLS
