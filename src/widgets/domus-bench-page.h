/* domus-bench-page.h: benchmarks run on the window's host, charted and compared
 *
 * Pick a spec (the examples, the user's own, or Open… a JSON file), edit
 * it, Run it on the host; its results stream into the chart and the table
 * and are kept as NAME-TIMESTAMP.jsonl in $XDG_DATA_HOME/domus/benchmarks,
 * where the Run list finds them again. A second run can be drawn beside
 * the first; the table exports as CSV, the chart as PNG or SVG.
 *
 * Every command is a "bench." action; those that ask for a file have a
 * twin that takes the path ("bench.open-spec-file", "bench.save-spec-to",
 * "bench.export-csv-to", "bench.export-png-to", "bench.export-svg-to").
 * Files are written asynchronously; ::file-written says when each is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bench/domus-bench-results.h"
#include "domus-fleet.h"
#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BENCH_PAGE (domus_bench_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusBenchPage, domus_bench_page, DOMUS, BENCH_PAGE, GtkWidget)

void               domus_bench_page_set_host          (DomusBenchPage *self,
                                                       DomusHost      *host);
/* The window's hosts: a spec with the step "return" comes back from the
 * connected one its migrate_to names, as the Migrate dialog names them. */
void               domus_bench_page_set_fleet         (DomusBenchPage *self,
                                                       DomusFleet     *fleet);
/* Where result sets are kept: $XDG_DATA_HOME/domus/benchmarks. */
char              *domus_bench_page_get_results_dir   (void);
/* Whether a benchmark is running (notify::running). */
gboolean           domus_bench_page_get_running       (DomusBenchPage *self);
/* The result set shown, and the one compared with it; NULL when none. */
DomusBenchResults *domus_bench_page_get_results       (DomusBenchPage *self);
DomusBenchResults *domus_bench_page_get_compare       (DomusBenchPage *self);
/* Shows, or compares with, the result set kept in @path (NULL: none).
 * Returns FALSE, with a message on the page, when it cannot be read. */
gboolean           domus_bench_page_show_results      (DomusBenchPage *self,
                                                       const char     *path);
gboolean           domus_bench_page_compare_results   (DomusBenchPage *self,
                                                       const char     *path);
/* Why the spec in the editor cannot run; NULL when it can. */
const char        *domus_bench_page_get_spec_error    (DomusBenchPage *self);
/* The rows of the table (DomusBenchGroup). */
GListModel        *domus_bench_page_get_rows          (DomusBenchPage *self);

G_END_DECLS
