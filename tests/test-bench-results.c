/* test-bench-results.c: result sets grouped as they stream, and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/domus-bench-results.h"
#include "domus-csv.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-test-utils.h"

static void
result_cb (DomusBenchRunner       *runner,
           const DomusBenchResult *result,
           DomusBenchResults      *results)
{
  domus_bench_results_add (results, result);
}

/* Runs @spec_json on @scene_json, the results streamed into a set and
 * written to @path. */
static DomusBenchResults *
run (const char *scene_json,
     const char *spec_json,
     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (spec_json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  DomusBenchResults *results;

  g_assert_no_error (error);
  results = domus_bench_results_new (spec, path);
  runner = domus_bench_runner_new (host, spec, path);
  g_signal_connect (runner, "result", G_CALLBACK (result_cb), results);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  while (answer == NULL)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (domus_bench_runner_run_finish (runner, answer, NULL));
  return results;
}

static void
assert_same_value (double x,
                   double y)
{
  if (isnan (x) || isnan (y))
    g_assert_true (isnan (x) && isnan (y));
  else
    g_assert_cmpfloat_with_epsilon (x, y, 1e-9);
}

static void
assert_same_groups (DomusBenchResults *a,
                    DomusBenchResults *b)
{
  GListModel *ga = domus_bench_results_get_groups (a);
  GListModel *gb = domus_bench_results_get_groups (b);

  g_assert_cmpuint (g_list_model_get_n_items (ga), ==, g_list_model_get_n_items (gb));
  for (guint i = 0; i < g_list_model_get_n_items (ga); i++)
    {
      g_autoptr(DomusBenchGroup) x = g_list_model_get_item (ga, i);
      g_autoptr(DomusBenchGroup) y = g_list_model_get_item (gb, i);
      const DomusStats *sx = domus_bench_group_get_stats (x);
      const DomusStats *sy = domus_bench_group_get_stats (y);

      g_assert_cmpstr (domus_bench_group_get_category (x), ==, domus_bench_group_get_category (y));
      g_assert_cmpstr (domus_bench_group_get_domain (x), ==, domus_bench_group_get_domain (y));
      g_assert_cmpuint (domus_bench_group_get_memory_mib (x), ==, domus_bench_group_get_memory_mib (y));
      g_assert_cmpuint (sx->n, ==, sy->n);
      g_assert_cmpuint (domus_bench_group_get_failed (x), ==, domus_bench_group_get_failed (y));
      g_assert_cmpuint (domus_bench_group_get_sla_met (x), ==, domus_bench_group_get_sla_met (y));
      /* JSON keeps doubles to 17 significant digits. */
      assert_same_value (sx->mean, sy->mean);
      assert_same_value (sx->p95, sy->p95);
    }
}

static void
test_lifecycle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *spec = g_strdup_printf ("{\"name\": \"cd\", \"lifecycle\": {\"config\": \"%s\","
                                           " \"memory_mib\": [512, 2048], \"domains\": 2,"
                                           " \"repetitions\": 3}}", config);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 5, 1, 14, 22, 10);
  g_autofree char *path = domus_bench_results_new_path (dir, "cd", when);
  g_autoptr(DomusBenchResults) live = NULL;
  g_autoptr(DomusBenchResults) read = NULL;
  g_autoptr(GError) error = NULL;
  const char *order[][2] = { { "create", "512" }, { "destroy", "512" }, { "create", "2048" },
                             { "destroy", "2048" } };
  GListModel *groups;

  live = run ("{\"host\": {\"memory_mib\": 8192}}", spec, path);
  g_assert_cmpstr (domus_bench_results_get_label (live), ==, "cd, 2026-05-01 14:22:10");
  g_assert_cmpint (domus_bench_results_get_kind (live), ==, DOMUS_BENCH_LIFECYCLE);
  g_assert_cmpuint (domus_bench_results_get_results (live)->len, ==, 24);
  g_assert_cmpuint (domus_bench_results_get_n_failed (live), ==, 0);

  /* One group per step and size, in the order the runner went. */
  groups = domus_bench_results_get_groups (live);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);
      double model = g_str_equal (order[i][0], "create") ? 1.0 + 0.5 * atoi (order[i][1]) / 1024.0
                                                         : 0.2 + 0.1 * atoi (order[i][1]) / 1024.0;

      g_assert_cmpstr (domus_bench_group_get_category (group), ==, order[i][0]);
      g_assert_cmpuint (domus_bench_group_get_memory_mib (group), ==, atoi (order[i][1]));
      g_assert_cmpuint (stats->n, ==, 6);
      g_assert_cmpfloat (fabs (stats->mean - model), <=, 0.05 * model + 0.1);
      g_assert_cmpfloat (stats->p25, <=, stats->median);
      g_assert_cmpfloat (stats->p75, >=, stats->median);
      g_assert_cmpstr (domus_bench_group_get_set_name (group), ==, "cd, 2026-05-01 14:22:10");
    }

  /* The file says the same. */
  read = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domus_bench_results_get_name (read), ==, "cd");
  g_assert_cmpint (domus_bench_results_get_kind (read), ==, DOMUS_BENCH_LIFECYCLE);
  assert_same_groups (live, read);

  /* A second run in the same second gets a file of its own, listed first. */
  {
    g_autofree char *again = domus_bench_results_new_path (dir, "cd", when);
    g_auto(GStrv) listed = NULL;

    g_assert_true (g_str_has_suffix (again, "cd-20260501-142210-2.jsonl"));
    g_assert_true (g_file_set_contents (again, "", 0, NULL));
    listed = domus_bench_results_list (dir);
    g_assert_cmpuint (g_strv_length (listed), ==, 2);
    g_assert_cmpstr (listed[0], ==, again);
    g_assert_cmpstr (listed[1], ==, path);
    g_clear_object (&read);
    read = domus_bench_results_new_from_file (again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (domus_bench_results_get_groups (read)), ==, 0);
    g_assert_cmpstr (domus_bench_results_get_label (read), ==, "cd, 2026-05-01 14:22:10 #2");
    g_unlink (again);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_workload (void)
{
  const char *scene =
    "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"a\", \"workload\": {\"kind\": \"cpu\"}},"
    "              {\"name\": \"b\", \"workload\": {\"kind\": \"cpu\"}}]}";
  const char *spec =
    "{\"name\": \"sla\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\", \"b\"], \"native\": 250, \"sla_percent\": 70, \"seconds\": 10},"
    " \"scenarios\": [{\"name\": \"equal\", \"settings\": [{\"domain\": \"a\", \"weight\": 256}]},"
    "                {\"name\": \"a first\", \"settings\": [{\"domain\": \"a\", \"weight\": 4096}]},"
    "                {\"name\": \"typo\", \"settings\": [{\"domain\": \"c\", \"weight\": 512}]}]}";
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sla.jsonl", NULL);
  g_autoptr(DomusBenchResults) live = run (scene, spec, path);
  g_autoptr(DomusBenchResults) read = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *groups = domus_bench_results_get_groups (live);
  g_autoptr(DomusBenchGroup) typo = NULL;

  g_assert_cmpint (domus_bench_results_get_kind (live), ==, DOMUS_BENCH_WORKLOAD);
  g_assert_cmpfloat (domus_bench_results_get_sla_percent (live), ==, 70);
  /* equal × {a, b}, a first × {a, b}, and the typo's skipped runs. */
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 5);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);
      gboolean a_first = i >= 2;
      gboolean is_a = i % 2 == 0;

      g_assert_cmpstr (domus_bench_group_get_category (group), ==, a_first ? "a first" : "equal");
      g_assert_cmpstr (domus_bench_group_get_domain (group), ==, is_a ? "a" : "b");
      g_assert_cmpuint (stats->n, ==, 2);
      g_assert_cmpuint (domus_bench_group_get_sla_met (group), ==, a_first && is_a ? 2 : 0);
      if (!a_first)
        g_assert_cmpfloat_with_epsilon (stats->mean, 50.0, 3.0);
    }
  typo = g_list_model_get_item (groups, 4);
  g_assert_cmpstr (domus_bench_group_get_category (typo), ==, "typo");
  g_assert_null (domus_bench_group_get_domain (typo));
  g_assert_cmpuint (domus_bench_group_get_failed (typo), ==, 2);
  g_assert_cmpuint (domus_bench_group_get_stats (typo)->n, ==, 0);
  /* The apply step and its two skipped runs. */
  g_assert_cmpuint (domus_bench_results_get_n_failed (live), ==, 3);
  g_assert_cmpstr (domus_bench_results_get_first_error (live), ==, "no domain named “c”");

  read = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (domus_bench_results_get_kind (read), ==, DOMUS_BENCH_WORKLOAD);
  g_assert_cmpfloat (domus_bench_results_get_sla_percent (read), ==, 70);
  g_assert_cmpstr (domus_bench_results_get_label (read), ==, "sla");
  assert_same_groups (live, read);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_csv (void)
{
  g_autoptr(GListStore) groups = g_list_store_new (DOMUS_TYPE_BENCH_GROUP);
  g_autoptr(DomusBenchGroup) one = domus_bench_group_new_workload ("run, \"quoted\"", "equal", "a");
  g_autoptr(DomusBenchGroup) none = domus_bench_group_new_workload ("x", "typo", NULL);
  g_autoptr(DomusBenchGroup) life = domus_bench_group_new_lifecycle ("cd", "create", 1024);
  g_autoptr(GListStore) lifecycle = g_list_store_new (DOMUS_TYPE_BENCH_GROUP);
  g_autofree char *csv = NULL;
  g_autofree char *csv2 = NULL;

  domus_bench_group_add (one, 40.0, FALSE);
  domus_bench_group_add (one, 90.0, TRUE);
  domus_bench_group_add (one, NAN, FALSE);
  domus_bench_group_add (none, NAN, FALSE);
  g_list_store_append (groups, one);
  g_list_store_append (groups, none);
  csv = domus_bench_results_format_csv (G_LIST_MODEL (groups));
  g_assert_cmpstr (csv, ==,
                   "set,scenario,domain,n,failed,mean_pct,median_pct,sd_pct,min_pct,max_pct,p95_pct,p99_pct,sla_met\n"
                   "\"run, \"\"quoted\"\"\",equal,a,2,1,65.000000,65.000000,35.355339,40.000000,90.000000,"
                   "87.500000,89.500000,1\n"
                   "x,typo,,0,1,,,,,,,,0\n");

  domus_bench_group_add (life, 1.5, FALSE);
  g_list_store_append (lifecycle, life);
  csv2 = domus_bench_results_format_csv (G_LIST_MODEL (lifecycle));
  g_assert_cmpstr (csv2, ==,
                   "set,step,memory_mib,n,failed,mean_s,median_s,sd_s,min_s,max_s,p95_s,p99_s\n"
                   "cd,create,1024,1,0,1.500000,1.500000,0.000000,1.500000,1.500000,1.500000,1.500000\n");
}

/* RFC 4180: only fields with a comma, a quote, a CR or a LF are quoted,
 * their quotes doubled; numbers with a dot; no number is an empty field. */
static void
test_csv_writer (void)
{
  g_autoptr(DomusCsv) csv = domus_csv_new ();

  domus_csv_add_row (csv, "plain", "with, comma", "say \"hi\"", "two\nlines", "cr\rhere", "", NULL);
  domus_csv_add_field (csv, NULL);
  domus_csv_add_uint (csv, G_MAXUINT64);
  domus_csv_add_double (csv, -1.25);
  domus_csv_add_double (csv, NAN);
  domus_csv_add_double (csv, INFINITY);
  domus_csv_add_field (csv, "\"");
  domus_csv_end_row (csv);
  g_assert_cmpstr (domus_csv_get_text (csv), ==,
                   "plain,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\n"
                   ",18446744073709551615,-1.250000,,,\"\"\"\"\n");
}

static void
test_bad_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "x.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchResults) results = NULL;
  g_auto(GStrv) none = domus_bench_results_list ("/nonexistent/domus");

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_true (g_file_set_contents (path, "{\"benchmark\":\"x\",\"step\":\"create\"}\nnot json\n", -1, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "x.jsonl, line 2: not a benchmark result");
  g_clear_error (&error);

  /* A line json-glib reads as no JSON at all (a byte order mark alone). */
  g_assert_true (g_file_set_contents (path, "{\"benchmark\":\"x\",\"step\":\"create\"}\n\xef\xbb\xbf\n"
                                            "{\"benchmark\":\"x\",\"step\":\"create\"}\n", -1, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "x.jsonl, line 2: not a benchmark result");
  g_clear_error (&error);

  results = domus_bench_results_new_from_file ("/nonexistent/x.jsonl", &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
}

/* A run killed while writing leaves a line cut short; the next run appends
 * after it. The lines around it are kept, with a warning. */
static void
test_torn_line (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "x.jsonl", NULL);
  const char *line1 = "{\"benchmark\":\"x\",\"step\":\"create\",\"repetition\":1,\"seconds\":1.5,\"error\":null}\n";
  const char *line2 = "{\"benchmark\":\"x\",\"step\":\"destroy\",\"repetition\":1,\"seconds\":0.5,\"error\":null}\n";
  const char *line3 = "{\"benchmark\":\"x\",\"step\":\"create\",\"repetition\":2,\"seconds\":1.25,\"error\":null}\n";
  g_autofree char *torn_end = g_strdup_printf ("%s%s%.30s", line1, line2, line3);
  g_autofree char *appended = g_strdup_printf ("%s%.30s%s%s", line1, line2, line3, line2);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchResults) results = NULL;
  GArray *array;

  /* Killed in the middle of the last line. */
  g_assert_true (g_file_set_contents (path, torn_end, -1, NULL));
  g_test_expect_message ("domus-bench-results", G_LOG_LEVEL_WARNING,
                         "x.jsonl, line 3: left out a result that was cut short");
  results = domus_bench_results_new_from_file (path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  array = domus_bench_results_get_results (results);
  g_assert_cmpuint (array->len, ==, 2);
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 1).step, ==, "destroy");
  g_clear_object (&results);

  /* Then the next run appended to it. */
  g_assert_true (g_file_set_contents (path, appended, -1, NULL));
  g_test_expect_message ("domus-bench-results", G_LOG_LEVEL_WARNING,
                         "x.jsonl, line 2: left out a result that was cut short");
  results = domus_bench_results_new_from_file (path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  array = domus_bench_results_get_results (results);
  g_assert_cmpuint (array->len, ==, 3);
  g_assert_cmpuint (g_array_index (array, DomusBenchResult, 1).repetition, ==, 2);
  assert_same_value (g_array_index (array, DomusBenchResult, 1).seconds, 1.25);
  g_assert_cmpstr (g_array_index (array, DomusBenchResult, 2).step, ==, "destroy");
}

/* Results files are read a line at a time, of any length in lines but each
 * line within DOMUS_MAX_BENCH_RESULT_LINE and DOMUS_MAX_NESTING. */
static void
test_limits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "x.jsonl", NULL);
  g_autofree char *long_line = g_strnfill (DOMUS_MAX_BENCH_RESULT_LINE + 1, 'x');
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *long_file = NULL, *deep_file = NULL;
  g_autofree char *expected = g_strdup_printf ("Cannot read the results “%s”: "
                                               "line 2 is over the size limit of 1.0\u00a0MiB", path);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchResults) results = NULL;
  g_autoptr(DomusBenchGroup) group = NULL;
  const char *first = "{\"benchmark\":\"x\",\"step\":\"create\",\"memory_mib\":1024,\"seconds\":1.5}\n";

  /* Many lines, across every boundary of the reads; the last without "\n". */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (many, "{\"benchmark\":\"x\",\"step\":\"create\",\"repetition\":%u,"
                                  "\"memory_mib\":1024,\"domain\":0,\"seconds\":%u.5}%s",
                            i, i % 7, i + 1 < 5000 ? "\n" : "");
  g_assert_true (g_file_set_contents (path, many->str, many->len, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (domus_bench_results_get_groups (results)), ==, 1);
  group = g_list_model_get_item (domus_bench_results_get_groups (results), 0);
  g_assert_cmpuint (domus_bench_group_get_stats (group)->n, ==, 5000);
  g_clear_object (&results);

  long_file = g_strconcat (first, long_line, "\n", NULL);
  g_assert_true (g_file_set_contents (path, long_file, -1, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Nesting: json-glib would recurse once per "[". */
  deep_file = g_strconcat (first, deep, "\n", NULL);
  g_assert_true (g_file_set_contents (path, deep_file, -1, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "x.jsonl, line 2: not a benchmark result");
  g_clear_error (&error);

  results = domus_bench_results_new_from_file (dir, &error);
  g_assert_null (results);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "it is not a regular file"));
}

/* Lines without a "benchmark" are results all the same: the set takes
 * its name from the file, once (LeakSanitizer watched each line's). */
static void
test_no_name (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-results-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cd-20260501-142210.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchResults) results = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"step\":\"create\",\"memory_mib\":512,\"seconds\":1.5}\n"
                                      "{\"step\":\"create\",\"memory_mib\":512,\"seconds\":2.5}\n"
                                      "{\"step\":\"destroy\",\"memory_mib\":512,\"seconds\":0.5}\n",
                                      -1, NULL));
  results = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domus_bench_results_get_name (results), ==, "cd");
  g_assert_cmpstr (domus_bench_results_get_label (results), ==, "cd, 2026-05-01 14:22:10");
  g_assert_cmpstr (domus_bench_results_get_path (results), ==, path);
  g_assert_cmpint (domus_bench_results_get_kind (results), ==, DOMUS_BENCH_LIFECYCLE);
  g_assert_cmpuint (domus_bench_results_get_results (results)->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (domus_bench_results_get_groups (results)), ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bench-results/lifecycle", test_lifecycle);
  g_test_add_func ("/bench-results/workload", test_workload);
  g_test_add_func ("/bench-results/csv", test_csv);
  g_test_add_func ("/bench-results/csv-writer", test_csv_writer);
  g_test_add_func ("/bench-results/bad-file", test_bad_file);
  g_test_add_func ("/bench-results/torn-line", test_torn_line);
  g_test_add_func ("/bench-results/limits", test_limits);
  g_test_add_func ("/bench-results/no-name", test_no_name);

  return g_test_run ();
}
