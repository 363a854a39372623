/* domus-bench-runner.h: runs a benchmark on a host, step by step
 *
 * Every lifecycle step is timed on the host's clock (simulated time on the
 * simulator, wall time on Xen): a host request, but "ready" (until the
 * guest's console shows a pattern, DomusConsoleWatch) and "shutdown"
 * (until the domain is gone). "return" is a migration the peer (the host
 * at migrate_to) is asked for, back to return_to, timed here until the
 * peer answers; the step ends once the domain is listed here again. Each result is appended at once to a
 * JSON-lines file, flushed and synced, so a crash or a kill loses at most
 * the step in flight. A failed step is recorded with its error and the run
 * goes on; what it left behind is destroyed before the next repetition.
 *
 * A workload run without a command measures the CPU each domain gets over
 * the run, after a second to settle; its score is native × the fraction of
 * its online vCPUs' worth it got (on the simulated host, the scene's
 * CPU-bound work). With a command, it runs in the domains over SSH and is
 * scored from its output; "native": "measure" runs it on this host first.
 *
 * Results stream out as they come through the "result" signal (see
 * DomusBenchResults to group them); "progress" says which step is under
 * way, as "create 2/3, 1024 MiB, repetition 3/5". Workload lines carry
 * the spec's sla_percent, so that a file read back alone draws its SLA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-bench-spec.h"
#include "domus-host.h"

G_BEGIN_DECLS

typedef struct
{
  const char *step;          /* "create", "destroy"; "apply", "run" for workloads */
  guint64     memory_mib;
  guint       repetition;    /* from 1 */
  guint       domain;        /* from 1 (lifecycle) */
  double      seconds;       /* NAN when it failed */
  const char *error;         /* NULL when it worked */
  /* workload */
  const char *scenario;
  const char *domain_name;
  double      share;         /* % of one pCPU it got during the run */
  double      score;
  double      percent_of_native;
  gboolean    sla_met;
} DomusBenchResult;

#define DOMUS_TYPE_BENCH_RUNNER (domus_bench_runner_get_type ())
G_DECLARE_FINAL_TYPE (DomusBenchRunner, domus_bench_runner, DOMUS, BENCH_RUNNER, GObject)

/* Takes @spec. @results_path may be NULL. */
DomusBenchRunner *domus_bench_runner_new        (DomusHost            *host,
                                                 DomusBenchSpec       *spec,
                                                 const char           *results_path);
void              domus_bench_runner_run_async  (DomusBenchRunner     *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean          domus_bench_runner_run_finish (DomusBenchRunner     *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* The host at the spec's migrate_to, which the "return" step migrates the
 * domain back from (to return_to), before the run starts. A spec with
 * "return" fails at once without it. */
void              domus_bench_runner_set_peer   (DomusBenchRunner     *self,
                                                 DomusHost            *peer);
const DomusBenchSpec *domus_bench_runner_get_spec (DomusBenchRunner *self);
/* DomusBenchResult, in the order they came. */
GArray           *domus_bench_runner_get_results (DomusBenchRunner    *self);

G_END_DECLS
