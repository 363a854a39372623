/* domus-bench-runner.h: runs a benchmark on a host, step by step
 *
 * Every step is a host request timed on the host's clock (simulated time
 * on the simulator, wall time on Xen). Each result is appended at once to
 * a JSON-lines file, flushed and synced, so a crash or a kill loses at
 * most the step in flight. A failed step is recorded with its error and
 * the run goes on.
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
  const char *step;          /* "create", "destroy" */
  guint64     memory_mib;
  guint       repetition;    /* from 1 */
  guint       domain;        /* from 1 */
  double      seconds;       /* NAN when it failed */
  const char *error;         /* NULL when it worked */
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
/* DomusBenchResult, in the order they came. */
GArray           *domus_bench_runner_get_results (DomusBenchRunner    *self);

G_END_DECLS
