/* fuzz-bench-results.c: benchmark results files (JSON lines)
 *
 * Reads the input as a results file, as the Benchmarks page and domusctl
 * do, and takes from what was read all that they show: the groups, their
 * statistics and the CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench/domus-bench-results.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DomusBenchResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  GListModel *groups;
  guint n_counted = 0, n_grouped = 0;
  GArray *all;

  fuzz_init ();

  results = domus_bench_results_new_from_file (fuzz_write_file (data, size), &error);
  fuzz_check ((results == NULL) == (error != NULL));
  if (results == NULL)
    return 0;

  fuzz_check (domus_bench_results_get_name (results) != NULL);
  fuzz_check (domus_bench_results_get_label (results) != NULL);
  all = domus_bench_results_get_results (results);
  fuzz_check (domus_bench_results_get_n_failed (results) <= all->len);
  fuzz_check ((domus_bench_results_get_n_failed (results) == 0)
              == (domus_bench_results_get_first_error (results) == NULL));
  /* Lifecycle: every step is in a group; workload: the runs of a scenario. */
  for (guint i = 0; i < all->len; i++)
    {
      const DomusBenchResult *result = &g_array_index (all, DomusBenchResult, i);

      fuzz_check (result->step != NULL);
      n_grouped += domus_bench_results_get_kind (results) == DOMUS_BENCH_LIFECYCLE
                   || (g_str_equal (result->step, "run") && result->scenario != NULL);
    }

  groups = domus_bench_results_get_groups (results);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);

      fuzz_check (domus_bench_group_get_kind (group) == domus_bench_results_get_kind (results));
      fuzz_check (domus_bench_group_get_category (group) != NULL);
      fuzz_check (domus_bench_group_get_failed (group) <= domus_bench_group_get_count (group));
      fuzz_check (domus_bench_group_get_stats (group) != NULL);
      n_counted += domus_bench_group_get_count (group);
    }
  fuzz_check (n_counted == n_grouped);

  csv = domus_bench_results_format_csv (groups);
  fuzz_check (csv != NULL && g_utf8_validate (csv, -1, NULL));
  return 0;
}
