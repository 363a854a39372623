/* fuzz-bench-spec.c: benchmark specs (JSON)
 *
 * Parses the input as a benchmark spec. One that parses must hold what
 * domus-bench-spec.h promises the runner: strings where strings belong,
 * "create" first, regular expressions that compile, host names that are
 * host names; and it starts an empty result set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bench/domus-bench-results.h"
#include "bench/domus-bench-spec.h"
#include "domus-host-name.h"
#include "fuzz-common.h"

static void
check_regex (const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  fuzz_check (regex != NULL);
}

static void
check_strv (const char * const *strv)
{
  fuzz_check (strv != NULL);
  for (guint i = 0; strv[i] != NULL; i++)
    fuzz_check (g_utf8_validate (strv[i], -1, NULL));
}

static void
check_spec (const DomusBenchSpec *spec)
{
  GHashTableIter iter;
  gpointer key, value;

  fuzz_check (spec->name != NULL);
  fuzz_check (spec->repetitions >= 1);
  if (spec->kind == DOMUS_BENCH_LIFECYCLE)
    {
      fuzz_check (spec->config != NULL && g_path_is_absolute (spec->config));
      check_strv ((const char * const *) spec->steps);
      fuzz_check (g_strcmp0 (spec->steps[0], "create") == 0);
      fuzz_check (spec->domains >= 1);
      fuzz_check (spec->ready_pattern != NULL);
      check_regex (spec->ready_pattern);
      if (spec->migrate_to != NULL)
        fuzz_check (domus_host_name_check (spec->migrate_to, NULL));
      if (g_strv_contains ((const char * const *) spec->steps, "migrate"))
        fuzz_check (spec->migrate_to != NULL);
      if (spec->return_to != NULL)
        fuzz_check (domus_host_name_check (spec->return_to, NULL));
      /* "return" right after "migrate", with the name to return to. */
      for (guint i = 0; spec->steps[i] != NULL; i++)
        if (g_str_equal (spec->steps[i], "return"))
          fuzz_check (i > 0 && g_str_equal (spec->steps[i - 1], "migrate") && spec->return_to != NULL);
        else if (i > 0 && g_str_equal (spec->steps[i - 1], "migrate"))
          fuzz_check (FALSE);
      return;
    }

  fuzz_check (spec->kind == DOMUS_BENCH_WORKLOAD);
  check_strv ((const char * const *) spec->workload_domains);
  fuzz_check (spec->measure_native || isnan (spec->native) || isfinite (spec->native));
  fuzz_check (isfinite (spec->sla_percent));
  if (spec->command != NULL)
    {
      fuzz_check (spec->score_regex != NULL);
      check_regex (spec->score_regex);
    }
  g_hash_table_iter_init (&iter, spec->ssh);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const DomusBenchSsh *ssh = value;

      /* Not only host names: ssh also takes the aliases of its config
       * (and gets "--" before the destination). */
      fuzz_check (key != NULL && ssh->destination != NULL && ssh->destination[0] != '\0');
      fuzz_check (ssh->port <= 65535);
    }
  fuzz_check (spec->scenarios->len >= 1);
  for (guint i = 0; i < spec->scenarios->len; i++)
    {
      const DomusBenchScenario *scenario = g_ptr_array_index (spec->scenarios, i);

      fuzz_check (scenario->name != NULL);
      for (guint j = 0; j < scenario->settings->len; j++)
        {
          const DomusBenchSetting *setting = g_ptr_array_index (scenario->settings, j);

          fuzz_check (setting->domain != NULL);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *json = g_strndup ((const char *) data, size);
  g_autoptr(DomusBenchSpec) spec = NULL;
  g_autoptr(DomusBenchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  spec = domus_bench_spec_new_from_data (json, "/nonexistent", &error);
  fuzz_check ((spec == NULL) == (error != NULL));
  if (spec == NULL)
    return 0;

  check_spec (spec);
  results = domus_bench_results_new (spec, NULL);
  fuzz_check (strcmp (domus_bench_results_get_name (results), spec->name) == 0);
  return 0;
}
