/* test-bench-runner.c: lifecycle benchmarks on the simulated host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bench/domus-bench-results.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "sim/domus-sim-host.h"

typedef struct
{
  GAsyncResult *answer;   /* once the run has ended */
  gboolean  ok;
  GError   *error;
  guint     n_results;
  guint     cancel_after;
  GCancellable *cancellable;
} Run;

static void
result_cb (DomusBenchRunner       *runner,
           const DomusBenchResult *result,
           Run                    *run)
{
  if (++run->n_results == run->cancel_after)
    g_cancellable_cancel (run->cancellable);
}

/* Reads how @runner's run ended into @run. */
static void
finish (DomusBenchRunner *runner,
        Run              *run)
{
  g_assert_nonnull (run->answer);
  run->ok = domus_bench_runner_run_finish (runner, run->answer, &run->error);
  g_clear_object (&run->answer);
}

static DomusBenchSpec *
lab_spec (void)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"create-destroy\", \"kind\": \"lifecycle\","
                                           " \"lifecycle\": {\"config\": \"%s\", \"memory_mib\": [512, 2048],"
                                           " \"domains\": 2, \"repetitions\": 3}}", config);
  g_autoptr(GError) error = NULL;
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);

  g_assert_no_error (error);
  return spec;
}

static DomusBenchRunner *
run_on_sim (const char *results,
            Run        *run)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"host\": {\"memory_mib\": 8192}}", &clock);
  DomusBenchRunner *runner = domus_bench_runner_new (host, lab_spec (), results);

  run->cancellable = g_cancellable_new ();
  g_signal_connect (runner, "result", G_CALLBACK (result_cb), run);
  domus_bench_runner_run_async (runner, run->cancellable, domus_test_result_cb, &run->answer);
  DOMUS_TEST_STEP_UNTIL (clock, run->answer != NULL, 3600);
  finish (runner, run);
  return runner;
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0')
        continue;
      /* Every line on disk is a whole result. */
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      n++;
    }
  return n;
}

static void
test_lifecycle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *results = g_build_filename (dir, "results.jsonl", NULL);
  Run run = { 0 };
  g_autoptr(DomusBenchRunner) runner = run_on_sim (results, &run);
  GArray *array = domus_bench_runner_get_results (runner);
  gboolean spread = FALSE;
  double model;

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  /* 2 sizes × 3 repetitions × (2 creates + 2 destroys) */
  g_assert_cmpuint (array->len, ==, 24);
  g_assert_cmpuint (count_lines (results), ==, 24);
  for (guint i = 0; i < array->len; i++)
    {
      DomusBenchResult *r = &g_array_index (array, DomusBenchResult, i);

      g_assert_null (r->error);
      /* The simulator: create 1 s + 0.5 s/GiB, destroy 0.2 s + 0.1 s/GiB,
       * ±5 % of noise; this test steps the clock by 0.1 s, so a step is seen
       * to end up to 0.1 s late. */
      if (g_str_equal (r->step, "create"))
        model = 1.0 + 0.5 * r->memory_mib / 1024.0;
      else
        model = 0.2 + 0.1 * r->memory_mib / 1024.0;
      g_assert_cmpfloat (r->seconds, >=, 0.95 * model - 1e-6);
      g_assert_cmpfloat (r->seconds, <=, 1.05 * model + 0.1 + 1e-6);
      spread |= fabs (r->seconds - model) > 1e-9;
    }
  /* Not every step takes the model's exact time. */
  g_assert_true (spread);
  g_unlink (results);
  g_rmdir (dir);
}

/* Killed in the middle, run again: every finished step is kept. */
static void
test_interrupted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *results = g_build_filename (dir, "results.jsonl", NULL);
  Run run = { 0 }, again = { 0 };
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(DomusBenchRunner) runner2 = NULL;

  run.cancel_after = 7;
  runner = run_on_sim (results, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_lines (results), ==, 7);

  runner2 = run_on_sim (results, &again);
  g_assert_no_error (again.error);
  g_assert_cmpuint (count_lines (results), ==, 7 + 24);
  g_clear_error (&run.error);
  g_unlink (results);
  g_rmdir (dir);
}

/* The lab's SLA experiment: on one pCPU, a domain reaches 80 % of its
 * native score with weight 4096 against 256, and not with equal weights. */
static void
test_sla (void)
{
  const char *scene_json =
    "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"a\", \"workload\": {\"kind\": \"cpu\"}},"
    "              {\"name\": \"b\", \"workload\": {\"kind\": \"cpu\"}}]}";
  const char *spec_json =
    "{\"name\": \"sla\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\", \"b\"], \"native\": 250, \"sla_percent\": 80, \"seconds\": 20},"
    " \"scenarios\": [{\"name\": \"equal\", \"settings\": [{\"domain\": \"a\", \"weight\": 256}]},"
    "                {\"name\": \"a first\", \"settings\": [{\"domain\": \"a\", \"weight\": 4096}]},"
    "                {\"name\": \"typo\", \"settings\": [{\"domain\": \"c\", \"weight\": 512}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (spec_json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  Run run = { 0 };
  GArray *results;
  guint n_runs = 0;

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  run.cancellable = g_cancellable_new ();
  domus_bench_runner_run_async (runner, run.cancellable, domus_test_result_cb, &run.answer);
  DOMUS_TEST_STEP_UNTIL (clock, run.answer != NULL, 3600);
  finish (runner, &run);
  g_assert_no_error (run.error);

  results = domus_bench_runner_get_results (runner);
  for (guint i = 0; i < results->len; i++)
    {
      DomusBenchResult *r = &g_array_index (results, DomusBenchResult, i);

      g_test_message ("%-6s %-8s %-2s share %5.1f%% score %6.1f (%5.1f%% of native) %s %s",
                      r->step, r->scenario, r->domain_name ? r->domain_name : "",
                      r->share, r->score, r->percent_of_native, r->sla_met ? "SLA met" : "",
                      r->error ? r->error : "");
      if (!g_str_equal (r->step, "run") || r->error != NULL)
        continue;
      n_runs++;
      if (g_str_equal (r->scenario, "equal"))
        {
          g_assert_cmpfloat_with_epsilon (r->percent_of_native, 50.0, 3.0);
          g_assert_false (r->sla_met);
        }
      else if (g_str_equal (r->domain_name, "a"))
        {
          g_assert_cmpfloat (r->percent_of_native, >=, 80.0);
          g_assert_true (r->sla_met);
          g_assert_cmpfloat_with_epsilon (r->score, 250.0 * r->percent_of_native / 100.0, 1e-9);
        }
      else
        g_assert_false (r->sla_met);
    }
  /* 2 scenarios × 2 runs × 2 domains; the typo's scenario is refused. */
  g_assert_cmpuint (n_runs, ==, 8);
  g_assert_cmpstr (g_array_index (results, DomusBenchResult, results->len - 3).error, ==,
                   "no domain named “c”");
  g_clear_object (&run.cancellable);
}

/* Runs @spec_json (its config: the lab's debian10) on a simulated host
 * with 8 GiB, stepping the manual clock 0.1 s at a time. */
static DomusBenchRunner *
run_steps (const char  *lifecycle_json,
           DomusHost  **host_out,
           Run         *run)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"steps\", \"kind\": \"lifecycle\", \"repetitions\": 2,"
                                           " \"lifecycle\": {\"config\": \"%s\", \"memory_mib\": [512],"
                                           " \"domains\": 2, %s}}", config, lifecycle_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  DomusHost *host = domus_test_sim_host_new ("{\"host\": {\"memory_mib\": 8192}}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);
  DomusBenchRunner *runner;

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  run->cancellable = g_cancellable_new ();
  g_signal_connect (runner, "result", G_CALLBACK (result_cb), run);
  domus_bench_runner_run_async (runner, run->cancellable, domus_test_result_cb, &run->answer);
  DOMUS_TEST_STEP_UNTIL (clock, run->answer != NULL, 3600);
  finish (runner, run);
  *host_out = host;
  return runner;
}

static guint
count_bench_domains (DomusHost *host)
{
  GListModel *domains = domus_host_get_domains (host);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      n += g_str_has_prefix (domus_domain_get_name (domain), "bench");
    }
  return n;
}

/* Every step the lab times, against the simulator's model: the guest's
 * boot (4 s + 0.25 s/GiB) seen on its console, checkpoint, save and restore (0.5 s +
 * 1 s/GiB), migrate (1 s + 1.5 s/GiB), ±5 % of noise, up to 0.1 s late. */
static void
test_lifecycle_steps (void)
{
  g_autoptr(DomusHost) host = NULL;
  Run run = { 0 };
  g_autoptr(DomusBenchRunner) runner =
    run_steps ("\"steps\": [\"create\", \"ready\", \"checkpoint\", \"save\", \"restore\", \"migrate\"],"
               " \"migrate_to\": \"lab2\"",
               &host, &run);
  GArray *results = domus_bench_runner_get_results (runner);
  const char *order[] = { "create", "ready", "checkpoint", "save", "restore", "migrate" };

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  /* 2 repetitions × 6 steps × 2 domains, in the order of the spec; the
   * checkpoint leaves the domain running, for the save after it. */
  g_assert_cmpuint (results->len, ==, 24);
  for (guint i = 0; i < results->len; i++)
    {
      DomusBenchResult *r = &g_array_index (results, DomusBenchResult, i);
      double model = 0;

      g_test_message ("%-8s %u/%u %.3f s %s", r->step, r->repetition, r->domain, r->seconds, r->error ? r->error : "");
      g_assert_null (r->error);
      g_assert_cmpstr (r->step, ==, order[(i / 2) % 6]);
      g_assert_cmpuint (r->domain, ==, i % 2 + 1);
      if (g_str_equal (r->step, "ready"))
        model = 4.0 + 0.25 * 0.5;
      else if (g_str_equal (r->step, "save") || g_str_equal (r->step, "restore")
               || g_str_equal (r->step, "checkpoint"))
        model = 0.5 + 1.0 * 0.5;
      else if (g_str_equal (r->step, "migrate"))
        model = 1.0 + 1.5 * 0.5;
      else
        continue;
      g_assert_cmpfloat (r->seconds, >=, 0.95 * model - 0.1);
      g_assert_cmpfloat (r->seconds, <=, 1.05 * model + 0.2);
    }
  /* Migrated away or cleaned up: nothing left of the benchmark. */
  g_assert_cmpuint (count_bench_domains (host), ==, 0);
}

/* A simulated host of the lab named @hostname, with @memory_mib, on @clock. */
static DomusHost *
lab_host (const char *hostname,
          guint       memory_mib,
          DomusClock *clock)
{
  g_autofree char *json = g_strdup_printf ("{\"host\": {\"hostname\": \"%s\", \"memory_mib\": %u}}",
                                           hostname, memory_mib);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return domus_sim_host_new (scene, clock);
}

/* A spec of @steps (a JSON list) for 1 or 2 domains of 512 MiB, 2
 * repetitions, migrate_to lab-b and return_to @return_to, waiting
 * @timeout simulated seconds. */
static DomusBenchSpec *
return_spec_waiting (const char *steps,
                     guint       domains,
                     const char *return_to,
                     guint       timeout)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"there-and-back\", \"repetitions\": 2,"
                                           " \"lifecycle\": {\"config\": \"%s\", \"memory_mib\": [512],"
                                           " \"domains\": %u, \"steps\": %s, \"ready_timeout\": %u,"
                                           " \"migrate_to\": \"lab-b\", \"return_to\": \"%s\"}}",
                                           config, domains, steps, timeout, return_to);
  g_autoptr(GError) error = NULL;
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);

  g_assert_no_error (error);
  return spec;
}

/* The same, waiting 5 s: for hosts that answer at once (in this process,
 * on the test's clock). */
static DomusBenchSpec *
return_spec (const char *steps,
             guint       domains,
             const char *return_to)
{
  return return_spec_waiting (steps, domains, return_to, 5);
}

/* Runs @spec on @host with @peer (may be NULL), stepping @clock. */
static DomusBenchRunner *
run_with_peer (DomusHost      *host,
               DomusHost      *peer,
               DomusClock     *clock,
               DomusBenchSpec *spec,
               const char     *results,
               Run            *run)
{
  DomusBenchRunner *runner = domus_bench_runner_new (host, spec, results);

  domus_bench_runner_set_peer (runner, peer);
  run->cancellable = g_cancellable_new ();
  g_signal_connect (runner, "result", G_CALLBACK (result_cb), run);
  domus_bench_runner_run_async (runner, run->cancellable, domus_test_result_cb, &run->answer);
  DOMUS_TEST_STEP_UNTIL (clock, run->answer != NULL, 3600);
  finish (runner, run);
  return runner;
}

/* There and back between two simulated hosts of a lab, on one manual
 * clock: "return" takes as long as the migration there (1 s + 1.5 s/GiB,
 * ±5 %), timed on this host's clock, and the domain is here again for the
 * step after it; the results group it like any step. */
static void
test_return (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "results.jsonl", NULL);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) a = lab_host ("lab-a", 8192, clock);
  g_autoptr(DomusHost) b = lab_host ("lab-b", 8192, clock);
  Run run = { 0 };
  g_autoptr(DomusBenchRunner) runner =
    run_with_peer (a, b, clock, return_spec ("[\"create\", \"migrate\", \"return\", \"checkpoint\", \"destroy\"]",
                                             2, "root@lab-a"), path, &run);
  GArray *array = domus_bench_runner_get_results (runner);
  const char *order[] = { "create", "migrate", "return", "checkpoint", "destroy" };
  g_autoptr(DomusBenchResults) results = NULL;
  g_autofree char *csv = NULL;
  GListModel *groups;
  gboolean found = FALSE;

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  /* 2 repetitions × 5 steps × 2 domains, each in order, none failed: the
   * checkpoint after "return" found the domain here. */
  g_assert_cmpuint (array->len, ==, 20);
  g_assert_cmpuint (count_lines (path), ==, 20);
  for (guint i = 0; i < array->len; i++)
    {
      DomusBenchResult *r = &g_array_index (array, DomusBenchResult, i);

      g_test_message ("%-10s %u/%u %.3f s %s", r->step, r->repetition, r->domain, r->seconds,
                      r->error ? r->error : "");
      g_assert_null (r->error);
      g_assert_cmpstr (r->step, ==, order[(i / 2) % 5]);
      if (g_str_equal (r->step, "migrate") || g_str_equal (r->step, "return"))
        {
          g_assert_cmpfloat (r->seconds, >=, 0.95 * 1.75 - 1e-6);
          g_assert_cmpfloat (r->seconds, <=, 1.05 * 1.75 + 0.1 + 1e-6);
        }
    }
  g_assert_cmpuint (count_bench_domains (a), ==, 0);
  g_assert_cmpuint (count_bench_domains (b), ==, 0);

  /* Grouped and summed up as the Benchmarks page and domusctl show them. */
  results = domus_bench_results_new_from_file (path, NULL);
  g_assert_nonnull (results);
  groups = domus_bench_results_get_groups (results);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);

      if (!g_str_equal (domus_bench_group_get_category (group), "return"))
        continue;
      found = TRUE;
      g_assert_cmpuint (stats->n, ==, 4);
      g_assert_true (isfinite (stats->p95) && isfinite (stats->p99));
      g_assert_cmpfloat (stats->p99, >=, stats->p95);
    }
  g_assert_true (found);
  csv = domus_bench_results_format_csv (groups);
  g_assert_nonnull (strstr (csv, ",return,512,4,0,"));
  g_unlink (path);
  g_rmdir (dir);
}

/* What goes wrong on the way back is recorded, and whatever a failed step
 * left (here or on the peer) is destroyed before the next repetition. */
static void
test_return_failures (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) a = lab_host ("lab-a", 8192, clock);
  g_autoptr(DomusHost) b = lab_host ("lab-b", 8192, clock);
  g_autoptr(DomusHost) small = NULL;
  const char *steps = "[\"create\", \"migrate\", \"return\", \"destroy\"]";
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "results.jsonl", NULL);
  g_autoptr(DomusBenchRunner) runner = NULL;
  GArray *array;
  Run run = { 0 };

  /* No peer, or the host itself: refused before anything is run, not even
   * a results file begun. */
  runner = run_with_peer (a, NULL, clock, return_spec (steps, 1, "lab-a"), path, &run);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (run.ok);
  g_assert_error (run.error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==,
                   "The benchmark brings its domains back from lab-b (step “return”): connect that host to run it");
  g_assert_cmpuint (domus_bench_runner_get_results (runner)->len, ==, 0);
  g_assert_cmpuint (count_bench_domains (a), ==, 0);
  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_clear_object (&runner);
  runner = run_with_peer (a, a, clock, return_spec (steps, 1, "lab-a"), NULL, &run);
  g_assert_error (run.error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==,
                   "The benchmark brings its domains back from lab-b (step “return”), which must be "
                   "another host than the one it runs on");
  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_clear_object (&runner);

  /* Sent back to a host that is not this one: it leaves lab-b, but never
   * arrives here; the step fails after ready_timeout, the destroy after it
   * finds nothing. */
  runner = run_with_peer (a, b, clock, return_spec (steps, 1, "lab-z"), NULL, &run);
  g_assert_no_error (run.error);
  array = domus_bench_runner_get_results (runner);
  g_assert_cmpuint (array->len, ==, 8);
  g_assert_null (g_array_index (array, DomusBenchResult, 1).error);
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 2).step, ==, "return");
  g_assert_true (isnan (g_array_index (array, DomusBenchResult, 2).seconds));
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 2).error, ==,
                   "“bench1-512” left lab-b but did not appear on this host within 5 s");
  g_assert_nonnull (g_array_index (array, DomusBenchResult, 3).error);
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 6).error, ==,
                   "“bench1-512” left lab-b but did not appear on this host within 5 s");
  g_clear_object (&run.cancellable);
  g_clear_object (&runner);

  /* Sent back to lab-b itself (a migration to itself): it stays there, the
   * step fails, and the domain is destroyed there before the next
   * repetition, whose migration there works again. */
  runner = run_with_peer (a, b, clock, return_spec (steps, 1, "lab-b"), NULL, &run);
  g_assert_no_error (run.error);
  array = domus_bench_runner_get_results (runner);
  g_assert_cmpuint (array->len, ==, 8);
  for (guint r = 0; r < 2; r++)
    {
      g_assert_null (g_array_index (array, DomusBenchResult, r * 4 + 1).error);
      g_assert_cmpstr (g_array_index (array, DomusBenchResult, r * 4 + 2).error, ==,
                       "“bench1-512” left lab-b but did not appear on this host within 5 s");
    }
  g_assert_cmpuint (count_bench_domains (a), ==, 0);
  g_assert_cmpuint (count_bench_domains (b), ==, 0);
  g_clear_object (&run.cancellable);
  g_clear_object (&runner);

  /* A peer that cannot take it: the migration fails, the domain stays
   * here, and "return" says so at once. */
  small = lab_host ("lab-b", 512, clock);
  g_clear_object (&b);
  runner = run_with_peer (a, small, clock, return_spec (steps, 1, "lab-a"), NULL, &run);
  g_assert_no_error (run.error);
  array = domus_bench_runner_get_results (runner);
  g_assert_cmpuint (array->len, ==, 8);
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 1).error, ==,
                   "lab-b has not enough free memory for “bench1-512”: it needs 512 MiB, 384 MiB are free");
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 2).error, ==,
                   "“bench1-512” did not go to lab-b: its migration failed");
  g_assert_null (g_array_index (array, DomusBenchResult, 3).error);
  g_assert_cmpuint (count_bench_domains (a), ==, 0);
  g_clear_object (&run.cancellable);
  g_rmdir (dir);
}

static void
return_progress_cb (DomusBenchRunner *runner,
                    double            fraction,
                    const char       *what,
                    gboolean         *returning)
{
  *returning |= g_str_has_prefix (what, "return ");
}

/* Cancelled half-way back: the run ends at once, cancelled, with every
 * result before it kept; the domain runs on where it was, on the peer. */
static void
test_return_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "results.jsonl", NULL);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) a = lab_host ("lab-a", 8192, clock);
  g_autoptr(DomusHost) b = lab_host ("lab-b", 8192, clock);
  g_autoptr(DomusBenchRunner) runner =
    domus_bench_runner_new (a, return_spec ("[\"create\", \"migrate\", \"return\", \"destroy\"]", 1, "lab-a"),
                            path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean returning = FALSE;

  domus_bench_runner_set_peer (runner, b);
  g_signal_connect (runner, "progress", G_CALLBACK (return_progress_cb), &returning);
  domus_bench_runner_run_async (runner, cancellable, domus_test_result_cb, &answer);
  DOMUS_TEST_STEP_UNTIL (clock, returning, 60);
  domus_clock_advance (clock, G_USEC_PER_SEC / 2);
  g_cancellable_cancel (cancellable);
  DOMUS_TEST_STEP_UNTIL (clock, answer != NULL, 5);
  g_assert_false (domus_bench_runner_run_finish (runner, answer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (domus_bench_runner_get_results (runner)->len, ==, 2);
  g_assert_cmpuint (count_lines (path), ==, 2);
  g_assert_nonnull (domus_host_lookup_domain_by_name (b, "bench1-512"));
  g_assert_null (domus_host_lookup_domain_by_name (a, "bench1-512"));
  g_unlink (path);
  g_rmdir (dir);
}

/* The peer through its agent, as domusctl bench --peer and the window
 * reach it: its domains come from its refreshes, the migration back goes
 * over the wire. This host and the agent's each step their own clock. */
static void
test_return_remote (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) a = lab_host ("lab-a", 8192, clock);
  DomusTestRemote remote = { 0 };
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GArray *array;

  domus_test_remote_setup (&remote, "{\"host\": {\"hostname\": \"lab-b\", \"memory_mib\": 8192}}");
  g_assert_cmpstr (domus_host_get_hostname (remote.remote), ==, "lab-b");
  /* The agent answers in real time while the clocks race ahead: the
   * waits are bounded by the test's deadline, not the spec's. */
  runner = domus_bench_runner_new (a, return_spec_waiting ("[\"create\", \"migrate\", \"return\", \"destroy\"]",
                                                           1, "lab-a", 3600), NULL);
  domus_bench_runner_set_peer (runner, remote.remote);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  while (answer == NULL && g_get_monotonic_time () < deadline)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      domus_clock_advance (remote.clock, G_USEC_PER_SEC / 10);
      domus_test_run_for (2);
    }
  g_assert_nonnull (answer);
  g_assert_true (domus_bench_runner_run_finish (runner, answer, &error));
  g_assert_no_error (error);
  array = domus_bench_runner_get_results (runner);
  g_assert_cmpuint (array->len, ==, 8);
  for (guint i = 0; i < array->len; i++)
    {
      DomusBenchResult *r = &g_array_index (array, DomusBenchResult, i);

      g_test_message ("%-10s %u %.3f s %s", r->step, r->repetition, r->seconds, r->error ? r->error : "");
      g_assert_null (r->error);
      g_assert_true (isfinite (r->seconds));
    }
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 2).step, ==, "return");
  g_assert_cmpuint (count_bench_domains (a), ==, 0);
  g_assert_cmpuint (count_bench_domains (remote.sim), ==, 0);
  g_clear_object (&runner);
  domus_test_remote_teardown (&remote);
}

/* Both hosts through agents, as the window sees a lab: each list changes
 * only when its refresh comes back, so right after a migration this host
 * may still list the domain that left, and lab-b not yet list it. Every
 * clock steps together: the simulated hosts' and the ones the remote
 * hosts refresh and the runner times on. */
static void
test_return_both_remote (void)
{
  DomusTestRemote ra = { 0 }, rb = { 0 };
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GArray *array;

  domus_test_remote_setup (&ra, "{\"host\": {\"hostname\": \"lab-a\", \"memory_mib\": 8192}}");
  domus_test_remote_setup (&rb, "{\"host\": {\"hostname\": \"lab-b\", \"memory_mib\": 8192}}");
  runner = domus_bench_runner_new (ra.remote,
                                   return_spec_waiting ("[\"create\", \"migrate\", \"return\", \"destroy\"]", 2,
                                                        "lab-a", 3600), NULL);
  domus_bench_runner_set_peer (runner, rb.remote);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  while (answer == NULL && g_get_monotonic_time () < deadline)
    {
      domus_clock_advance (ra.clock, G_USEC_PER_SEC / 10);
      domus_clock_advance (rb.clock, G_USEC_PER_SEC / 10);
      domus_clock_advance (ra.remote_clock, G_USEC_PER_SEC / 10);
      domus_clock_advance (rb.remote_clock, G_USEC_PER_SEC / 10);
      domus_test_run_for (2);
    }
  g_assert_nonnull (answer);
  g_assert_true (domus_bench_runner_run_finish (runner, answer, &error));
  g_assert_no_error (error);
  array = domus_bench_runner_get_results (runner);
  g_assert_cmpuint (array->len, ==, 16);
  for (guint i = 0; i < array->len; i++)
    {
      DomusBenchResult *r = &g_array_index (array, DomusBenchResult, i);

      g_test_message ("%-10s %u/%u %.3f s %s", r->step, r->repetition, r->domain, r->seconds,
                      r->error ? r->error : "");
      g_assert_null (r->error);
      if (g_str_equal (r->step, "return"))
        g_assert_cmpfloat (r->seconds, >=, 0.95 * 1.75 - 1e-6);
    }
  g_assert_cmpuint (count_bench_domains (ra.sim), ==, 0);
  g_assert_cmpuint (count_bench_domains (rb.sim), ==, 0);
  g_clear_object (&runner);
  domus_test_remote_teardown (&rb);
  domus_test_remote_teardown (&ra);
}

/* A guest that never shows the pattern: the step fails with why, the
 * domains are cleaned up, the next repetition starts afresh; a shutdown
 * lasts until the domain is gone. */
static void
test_lifecycle_failures (void)
{
  g_autoptr(DomusHost) host = NULL;
  Run run = { 0 };
  g_autoptr(DomusBenchRunner) runner =
    run_steps ("\"steps\": [\"create\", \"ready\", \"shutdown\"], \"ready_pattern\": \"never-printed\","
               " \"ready_timeout\": 5", &host, &run);
  GArray *results = domus_bench_runner_get_results (runner);
  guint failed = 0;

  g_assert_no_error (run.error);
  g_assert_cmpuint (results->len, ==, 12);
  for (guint i = 0; i < results->len; i++)
    {
      DomusBenchResult *r = &g_array_index (results, DomusBenchResult, i);

      g_test_message ("%-8s %u/%u %.3f s %s", r->step, r->repetition, r->domain, r->seconds, r->error ? r->error : "");
      if (g_str_equal (r->step, "ready"))
        {
          g_autofree char *expected =
            g_strdup_printf ("The console of “bench%u-512” showed nothing matching “never-printed” within 5 s",
                             r->domain);

          g_assert_cmpstr (r->error, ==, expected);
          g_assert_true (isnan (r->seconds));
          failed++;
        }
      else
        {
          g_assert_null (r->error);
          /* The guest goes quiet for 2 s, then is reaped half a second later. */
          if (g_str_equal (r->step, "shutdown"))
            g_assert_cmpfloat (r->seconds, >=, 0.95 * 2.0);
        }
    }
  g_assert_cmpuint (failed, ==, 4);
  g_assert_cmpuint (count_bench_domains (host), ==, 0);
}

/* A cancel during a wait for the console ends the run at once. */
static void
test_cancel_while_waiting (void)
{
  g_autoptr(DomusHost) host = NULL;
  Run run = { 0 };
  g_autoptr(DomusBenchRunner) runner = NULL;

  /* Cancelled when the second create is recorded: during the first wait. */
  run.cancel_after = 2;
  runner = run_steps ("\"steps\": [\"create\", \"ready\", \"destroy\"], \"ready_pattern\": \"never-printed\"",
                      &host, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (domus_bench_runner_get_results (runner)->len, ==, 2);
  g_clear_error (&run.error);
}

/* A native score that cannot be measured stops the run before any domain
 * is touched, saying why. */
static void
test_native_fails (void)
{
  const char *spec_json =
    "{\"name\": \"n\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\"], \"native\": \"measure\", \"command\": \"echo oops; exit 3\","
    "   \"score_regex\": \"score: ([0-9]+)\", \"ssh\": {\"a\": {\"destination\": \"nobody@192.0.2.1\"}}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (spec_json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  GArray *results;
  Run run = { 0 };

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &run.answer);
  DOMUS_TEST_WAIT_UNTIL (run.answer != NULL, 60);
  finish (runner, &run);
  g_assert_error (run.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (run.error->message, ==,
                   "The native score could not be measured: “echo oops; exit 3” failed on this host: oops");
  results = domus_bench_runner_get_results (runner);
  /* Both native runs recorded, failed; no run in a domain. */
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (g_array_index (results, DomusBenchResult, 0).step, ==, "native");
  g_clear_error (&run.error);
}

/* A native of 0 compares with nothing: the run stops there, saying so,
 * and what it wrote reads back. */
static void
test_native_zero (void)
{
  const char *spec_json =
    "{\"name\": \"n\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\"], \"native\": \"measure\", \"command\": \"echo score: 0\","
    "   \"score_regex\": \"score: ([0-9]+)\", \"ssh\": {\"a\": {\"destination\": \"nobody@192.0.2.1\"}}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (spec_json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(DomusBenchResults) read = NULL;
  g_autofree char *dir = g_dir_make_tmp ("domus-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "n.jsonl", NULL);
  Run run = { 0 };

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, path);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &run.answer);
  DOMUS_TEST_WAIT_UNTIL (run.answer != NULL, 60);
  finish (runner, &run);
  g_assert_error (run.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (run.error->message, ==,
                   "The native score measured on this host is 0: it must be above 0 for the "
                   "domains' scores to be compared with it");
  g_assert_cmpuint (domus_bench_runner_get_results (runner)->len, ==, 2);
  g_clear_error (&run.error);

  read = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (domus_bench_results_get_results (read)->len, ==, 2);
  g_unlink (path);
  g_rmdir (dir);
}

/* Runs a native-only workload of @command on this host (no domain is
 * reached: the run stops once native cannot be measured). */
static GError *
run_native (const char *command,
            const char *extra)
{
  g_autofree char *spec_json = g_strdup_printf (
    "{\"name\": \"n\", \"kind\": \"workload\", \"repetitions\": 1,"
    " \"workload\": {\"domains\": [\"a\"], \"native\": \"measure\", \"command\": \"%s\"%s,"
    "   \"score_regex\": \"score: ([0-9]+)\", \"ssh\": {\"a\": {\"destination\": \"nobody@192.0.2.1\"}}}}",
    command, extra);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (spec_json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  Run run = { 0 };

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &run.answer);
  DOMUS_TEST_WAIT_UNTIL (run.answer != NULL, 60);
  finish (runner, &run);
  g_assert_nonnull (run.error);
  g_test_message ("%s", run.error->message);
  return run.error;
}

/* How many processes run exactly @command_line (arguments joined by
 * spaces); a killed one leaves its /proc entry empty until reaped. */
static guint
count_processes (const char *command_line)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize length = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &cmdline, &length, NULL)
          || length == 0)
        continue;
      for (gsize i = 0; i + 1 < length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      n += g_str_equal (cmdline, command_line);
    }
  return n;
}

static gboolean
tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A command past its "timeout" is killed, with what it started. */
static void
test_native_limit (void)
{
  g_autofree char *sleep = g_strdup_printf ("sleep 30.%06u", g_random_int_range (0, 1000000));
  g_autofree char *command = g_strdup_printf ("%s & %s; echo score: 1", sleep, sleep);
  g_autofree char *expected = g_strdup_printf ("The native score could not be measured: “%s” ran longer "
                                               "than its limit of 1 s on this host and was stopped",
                                               command);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = run_native (command, ", \"timeout\": 1");

  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, expected);
  /* Both sleeps were killed with the shell: gone once their killing is
   * through (polled, at most 2 s). */
  for (guint i = 0; i < 100 && count_processes (sleep) > 0; i++)
    {
      gboolean ticked = FALSE;

      g_timeout_add (20, tick_cb, &ticked);
      while (!ticked)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (count_processes (sleep), ==, 0);
}

/* Only the end of a long output is kept, and the message says so when
 * the score is not in it (sizes as g_format_size() writes them). */
static void
test_native_output_limit (void)
{
  g_autoptr(GError) error = run_native ("head -c 3000000 /dev/zero | tr '\\\\0' x", "");
  g_autoptr(GError) failed = run_native ("head -c 3000000 /dev/zero | tr '\\\\0' x; exit 3", "");

  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The native score could not be measured: No score: "));
  g_assert_true (g_str_has_suffix (error->message, "(only the last 1.0\u00a0MiB of the output, "
                                                   "2.9\u00a0MiB in all, was kept and searched)"));
  /* A failure quotes only the end of what it printed. */
  g_assert_error (failed, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_nonnull (strstr (failed->message, "; exit 3” failed on this host: …xxxxxxxxxx"));
  g_assert_cmpuint (strlen (failed->message), <, 500);
}

/* Broken benchmark specs, and how the message about each begins: the key
 * at fault, then what is wrong with it. */
static const struct { const char *json; const char *prefix; } bad_specs[] = {
  { "{\"kind\": \"vnc\", \"lifecycle\": {}}", "kind: " },
  { "", "benchmark: " },
  { "[1, 2]", "benchmark: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"]}}", "workload.native: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"sla_percent\": 120}}",
    "workload.sla_percent: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1},"
    " \"scenarios\": [{\"settings\": [{\"domain\": \"a\", \"weight\": 0}]}]}", "scenarios[0].settings[0]: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\"}}",
    "workload.score_regex: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\","
    " \"score_regex\": \"(\"}}", "workload.score_regex: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\","
    " \"score_regex\": \"x\", \"ssh\": {}}}", "workload.ssh.a: " },
  { "{\"lifecycle\": {\"memory_mib\": [512]}}", "lifecycle.config: " },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"domains\": 0}}", "lifecycle.domains: " },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"memory_mib\": [8]}}", "lifecycle.memory_mib: " },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"repeat\": 3}}", "lifecycle.repeat: " },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"destroy\"]}}", "lifecycle.steps: " },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"boot\", \"destroy\"]}}",
    "lifecycle.steps: “boot” is not a step" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"restore\", \"destroy\"]}}",
    "lifecycle.steps: “restore” comes right after “save”" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"save\", \"destroy\"]}}",
    "lifecycle.steps: “restore” comes right after “save”" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"destroy\", \"ready\"]}}",
    "lifecycle.steps: “ready” comes right after “create”" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"ready\"]}}",
    "lifecycle.steps: must end with" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\"]}}",
    "lifecycle.migrate_to: " },
  /* "return" brings the domain back from migrate_to: right after "migrate",
   * and only with the name that host reaches this one by. */
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\", \"destroy\"],"
    " \"migrate_to\": \"b\"}}",
    "lifecycle.steps: only “return” can follow “migrate”: the domain is on the other host" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"return\", \"destroy\"],"
    " \"return_to\": \"a\"}}",
    "lifecycle.steps: “return” comes right after “migrate”: it brings the domain back" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\", \"return\"],"
    " \"migrate_to\": \"b\", \"return_to\": \"a\"}}",
    "lifecycle.steps: must end with" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\", \"return\", \"destroy\"],"
    " \"migrate_to\": \"b\"}}",
    "lifecycle.return_to: must name this host as the host at “migrate_to” reaches it, for “return”" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\", \"return\", \"destroy\"],"
    " \"migrate_to\": \"b\", \"return_to\": \"a;reboot\"}}",
    "lifecycle.return_to: “a;reboot” is not a host name or address" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"return_to\": 5}}",
    "lifecycle.return_to: must be a string" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"ready_pattern\": \"(\"}}", "lifecycle.ready_pattern: " },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": \"measure\"}}",
    "workload.native: can be measured only with a “command”" },
  /* Every value of the wrong type, named by its key. */
  { "{\"name\": 5, \"lifecycle\": {\"config\": \"x.cfg\"}}",
    "name: must be a string" },
  { "{\"name\": [\"x\"], \"lifecycle\": {\"config\": \"x.cfg\"}}",
    "name: must be a string" },
  { "{\"name\": \"\", \"lifecycle\": {\"config\": \"x.cfg\"}}",
    "name: must not be empty" },
  { "{\"kind\": 5, \"lifecycle\": {\"config\": \"x.cfg\"}}",
    "kind: must be a string" },
  { "{\"lifecycle\": {\"config\": 5}}",
    "lifecycle.config: must be a string" },
  { "{\"lifecycle\": {\"config\": \"\"}}",
    "lifecycle.config: must not be empty" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"ready_pattern\": {}}}",
    "lifecycle.ready_pattern: must be a string" },
  { "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", 5]}}",
    "lifecycle.steps: must be a list of steps" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": 5}}",
    "workload.command: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"\"}}",
    "workload.command: must not be empty" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": [\"x\"]}}",
    "workload.score_regex: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"higher_is_better\": \"yes\", \"ssh\": {\"a\": {\"destination\": \"h\"}}}}",
    "workload.higher_is_better: must be true or false" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"identity_file\": 5, \"ssh\": {\"a\": {\"destination\": \"h\"}}}}",
    "workload.identity_file: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"known_hosts_file\": {}, \"ssh\": {\"a\": {\"destination\": \"h\"}}}}",
    "workload.known_hosts_file: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"ssh\": {\"a\": {\"destination\": \"\"}}}}",
    "workload.ssh.a: “destination” must not be empty" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"ssh\": {\"a\": {\"destination\": 5}}}}",
    "workload.ssh.a: “destination” must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"ssh\": {\"a\": {\"destination\": \"h\", \"port\": 22.5}}}}",
    "workload.ssh.a: “port” must be a whole number from 1 to 65535" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"ssh\": {\"a\": {\"destination\": \"h\", \"port\": \"22\"}}}}",
    "workload.ssh.a: “port” must be a whole number from 1 to 65535" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"seconds\": 1, \"ssh\": {\"a\": {\"destination\": \"h\"}}}}",
    "workload.seconds: is the length of a run without a “command”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"command\": \"true\", \"score_regex\": \"x\", \"timeout\": 0, \"ssh\": {\"a\": {\"destination\": \"h\"}}}}",
    "workload.timeout: must be a whole number from 1 to 86400" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"timeout\": 5}}",
    "workload.timeout: goes with a “command”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"\"], \"native\": 1}}",
    "workload.domains: must list domain names" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [5], \"native\": 1}}",
    "workload.domains: must list domain names" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 0}}",
    "workload.native: must be a score above 0, or “measure”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": -3}}",
    "workload.native: must be a score above 0, or “measure”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1e999}}",
    "workload.native: must be a score above 0, or “measure”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": \"fast\"}}",
    "workload.native: must be a score above 0, or “measure”" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1, \"sla_percent\": 1e999}}",
    "workload.sla_percent: must be a number from 1 to 100" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"name\": 5}]}",
    "scenarios[0].name: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"name\": [\"x\"]}]}",
    "scenarios[0].name: must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"settings\": [{\"domain\": 5}]}]}",
    "scenarios[0].settings[0]: “domain” must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"settings\": [{\"domain\": \"a\", \"pin\": 5}]}]}",
    "scenarios[0].settings[0]: “pin” must be a string" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"settings\": [{\"domain\": \"a\", \"weight\": 1.5}]}]}",
    "scenarios[0].settings[0]: “weight” must be a whole number from 1 to 65535" },
  { "{\"kind\": \"workload\", \"workload\": {\"domains\": [\"a\"], \"native\": 1}, \"scenarios\": [{\"settings\": [{\"domain\": \"a\", \"cap\": \"none\"}]}]}",
    "scenarios[0].settings[0]: “cap” must be a whole number from 0 to 65535" },
};

static void
test_bad_specs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusBenchSpec) spec = domus_bench_spec_new_from_data (bad_specs[i].json, "/", &error);

      g_assert_null (spec);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, bad_specs[i].prefix));
    }
}

/* The target goes to a shell in xl: refused, with the key, unless it is a
 * host name or address. */
static void
test_migrate_to (void)
{
#define SPEC(target) \
  "{\"lifecycle\": {\"config\": \"x.cfg\", \"steps\": [\"create\", \"migrate\"], \"migrate_to\": \"" target "\"}}"
  const char *bad = SPEC ("-oProxyCommand=sh -c reboot");
  const char *good = SPEC ("root@lab2.example.org");
#undef SPEC
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchSpec) refused = domus_bench_spec_new_from_data (bad, "/", &error);
  g_autoptr(DomusBenchSpec) accepted = NULL;

  g_assert_null (refused);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "lifecycle.migrate_to: “-oProxyCommand=sh -c reboot” is not a host name or address: "
                   "give a name such as lab2.example.org, an IPv4 or IPv6 address, optionally after user@");
  g_clear_error (&error);

  accepted = domus_bench_spec_new_from_data (good, "/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (accepted->migrate_to, ==, "root@lab2.example.org");
}

/* There and back: "migrate" may be followed by "return", and "return" by
 * the steps of a domain that is here again. */
static void
test_return_spec (void)
{
  const char *json = "{\"lifecycle\": {\"config\": \"x.cfg\", \"migrate_to\": \"lab-b\","
                     " \"return_to\": \"root@lab-a\", \"steps\": [\"create\", \"migrate\", \"return\","
                     " \"checkpoint\", \"migrate\", \"return\", \"shutdown\"]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchSpec) spec = domus_bench_spec_new_from_data (json, "/", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (spec->migrate_to, ==, "lab-b");
  g_assert_cmpstr (spec->return_to, ==, "root@lab-a");
  g_assert_cmpuint (g_strv_length (spec->steps), ==, 7);
  g_assert_cmpstr (spec->steps[2], ==, "return");
}

/* Specs are read up to DOMUS_MAX_BENCH_SPEC_SIZE and DOMUS_MAX_NESTING
 * levels: json-glib recurses once per level. */
static void
test_spec_limits (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *deep_spec = g_strconcat ("{\"name\": \"deep\", \"lifecycle\": ", deep, NULL);
  g_autofree char *dir = g_dir_make_tmp ("domus-spec-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Cannot read the benchmark “%s”: "
                                               "it is over the size limit of 1.0\u00a0MiB", big);
  g_autoptr(DomusBenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  spec = domus_bench_spec_new_from_data (deep_spec, "/", &error);
  g_assert_null (spec);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "Not a valid JSON benchmark: line 1: lists and objects are nested deeper than "
                   "the limit of 64 levels");
  g_clear_error (&error);

  domus_test_make_sparse_file (big, DOMUS_MAX_BENCH_SPEC_SIZE + 1);
  spec = domus_bench_spec_new_from_file (big, &error);
  g_assert_null (spec);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);

  g_unlink (big);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bench-runner/lifecycle", test_lifecycle);
  g_test_add_func ("/bench-runner/interrupted", test_interrupted);
  g_test_add_func ("/bench-runner/sla", test_sla);
  g_test_add_func ("/bench-runner/lifecycle-steps", test_lifecycle_steps);
  g_test_add_func ("/bench-runner/lifecycle-failures", test_lifecycle_failures);
  g_test_add_func ("/bench-runner/cancel-while-waiting", test_cancel_while_waiting);
  g_test_add_func ("/bench-runner/native-fails", test_native_fails);
  g_test_add_func ("/bench-runner/native-zero", test_native_zero);
  g_test_add_func ("/bench-runner/native-limit", test_native_limit);
  g_test_add_func ("/bench-runner/native-output-limit", test_native_output_limit);
  g_test_add_func ("/bench-runner/bad-specs", test_bad_specs);
  g_test_add_func ("/bench-runner/migrate-to", test_migrate_to);
  g_test_add_func ("/bench-runner/return-spec", test_return_spec);
  g_test_add_func ("/bench-runner/return", test_return);
  g_test_add_func ("/bench-runner/return-failures", test_return_failures);
  g_test_add_func ("/bench-runner/return-cancel", test_return_cancel);
  g_test_add_func ("/bench-runner/return-remote", test_return_remote);
  g_test_add_func ("/bench-runner/return-both-remote", test_return_both_remote);
  g_test_add_func ("/bench-runner/spec-limits", test_spec_limits);

  return g_test_run ();
}
