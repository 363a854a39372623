/* domus-bench-results.h: one benchmark's results, grouped for tables and charts
 *
 * A result set is what one run of a benchmark wrote: the JSON lines of
 * DomusBenchRunner, read back from a file or added as the runner emits
 * them. Results are gathered into DomusBenchGroup, one per step and memory
 * size (lifecycle) or per scenario and domain (workload), in the order
 * they first came.
 *
 * Result sets are kept as NAME-YYYYMMDD-HHMMSS.jsonl in a folder (the
 * window uses $XDG_DATA_HOME/domus/benchmarks); domus_bench_results_new_path()
 * names a new one and domus_bench_results_list() finds the earlier ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-bench-group.h"
#include "domus-bench-runner.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BENCH_RESULTS (domus_bench_results_get_type ())
G_DECLARE_FINAL_TYPE (DomusBenchResults, domus_bench_results, DOMUS, BENCH_RESULTS, GObject)

/* An empty set for a run of @spec, to be kept in @path (may be NULL). */
DomusBenchResults *domus_bench_results_new            (const DomusBenchSpec    *spec,
                                                       const char              *path);
/* Reads a JSON-lines file written by DomusBenchRunner. */
DomusBenchResults *domus_bench_results_new_from_file  (const char              *path,
                                                       GError                 **error);
void               domus_bench_results_add            (DomusBenchResults       *self,
                                                       const DomusBenchResult  *result);

/* The benchmark's own name, as in its spec. */
const char        *domus_bench_results_get_name       (DomusBenchResults       *self);
/* For people: the name and when it ran, e.g. "sla, 2026-05-01 14:22:10". */
const char        *domus_bench_results_get_label      (DomusBenchResults       *self);
const char        *domus_bench_results_get_path       (DomusBenchResults       *self);
DomusBenchKind     domus_bench_results_get_kind       (DomusBenchResults       *self);
/* Workloads: the SLA, in % of native; NAN when not known. */
double             domus_bench_results_get_sla_percent (DomusBenchResults      *self);
/* DomusBenchResult, in the order they came. */
GArray            *domus_bench_results_get_results    (DomusBenchResults       *self);
/* DomusBenchGroup, in the order they first came. */
GListModel        *domus_bench_results_get_groups     (DomusBenchResults       *self);
/* Results with an error, and the first error (NULL when none). */
guint              domus_bench_results_get_n_failed   (DomusBenchResults       *self);
const char        *domus_bench_results_get_first_error (DomusBenchResults      *self);

/* A new file name in @dir for a run of @name now: NAME-YYYYMMDD-HHMMSS.jsonl,
 * with -2, -3… when taken. */
char              *domus_bench_results_new_path       (const char              *dir,
                                                       const char              *name,
                                                       GDateTime               *when);
/* The label of the result set in @path, from its file name. */
char              *domus_bench_results_label_for_path (const char              *path);
/* The result sets in @dir, newest first; empty when there is no such folder. */
GStrv              domus_bench_results_list           (const char              *dir);

/* The groups (DomusBenchGroup, of one kind) as CSV: a header, then one row
 * per group, numbers with a dot whatever the locale. */
char              *domus_bench_results_format_csv     (GListModel              *groups);

G_END_DECLS
