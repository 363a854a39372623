/* domusctl-bench.c: `bench run`: the Benchmarks page's runner, its summary on standard output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/domus-bench-results.h"
#include "bench/domus-bench-runner.h"
#include "bench/domus-stats.h"
#include "domus-backend.h"
#include "domus-remote-address.h"

#include "domusctl-private.h"

/* bench [run] SPEC.json [--peer ADDRESS]: the same runner as the window's,
 * a summary on stdout; --peer connects the host a "return" step brings the
 * domains back from. */

/* Progress on standard error: on a terminal, one line redrawn in place;
 * elsewhere (a log, a pipe), one whole line per step. */
typedef struct
{
  gboolean terminal;
  glong    last_length;   /* of the line on the terminal */
} BenchProgress;

static void
bench_progress_cb (DomusBenchRunner *runner,
                   double            fraction,
                   const char       *what,
                   BenchProgress    *progress)
{
  glong length = g_utf8_strlen (what, -1);

  if (!progress->terminal)
    {
      g_printerr ("[%3.0f %%] %s\n", fraction * 100, what);
      return;
    }
  /* Blank out what is left of a longer line before. */
  g_printerr ("\r[%3.0f %%] %s%*s", fraction * 100, what, (int) MAX (progress->last_length - length, 0), "");
  progress->last_length = length;
}

static void
bench_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  RequestState *state = data;

  domus_bench_runner_run_finish (DOMUS_BENCH_RUNNER (source), result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

/* " " and a figure of a summary right-aligned in @width characters, "–"
 * when there is none (every run failed), then @unit. */
static void
append_figure (GString    *row,
               int         width,
               int         decimals,
               double      value,
               const char *unit)
{
  g_autofree char *text = isfinite (value) ? g_strdup_printf ("%.*f%s", decimals, value, unit)
                                           : g_strdup ("–");

  g_string_append_c (row, ' ');
  domusctl_append_padded (row, text, width, FALSE);
}

/* The figures of a group's summary, each right-aligned in @width. */
static void
append_stats (GString          *row,
              int               width,
              int               decimals,
              const DomusStats *stats,
              const char       *unit)
{
  const double figures[] = { stats->mean, stats->median, stats->stddev, stats->min, stats->max,
                             stats->p95, stats->p99 };

  for (guint j = 0; j < G_N_ELEMENTS (figures); j++)
    append_figure (row, width, decimals, figures[j], unit);
}

/* The runs that are in no group: a workload's native runs, and the steps
 * that failed before any run (applying a scenario's settings). */
static void
print_workload_runs (DomusBenchResults *results)
{
  GArray *array = domus_bench_results_get_results (results);

  for (guint i = 0; i < array->len; i++)
    {
      DomusBenchResult *r = &g_array_index (array, DomusBenchResult, i);

      if (g_str_equal (r->step, "native"))
        {
          if (r->error != NULL)
            /* TRANSLATORS: the run's number, then why it failed */
            g_print (_("native run %u: %s\n"), r->repetition, r->error);
          else
            /* TRANSLATORS: the run's number, then the score the command printed on this host */
            g_print (_("native run %u, on this host: %.2f\n"), r->repetition, r->score);
        }
      else if (!g_str_equal (r->step, "run") && r->error != NULL)
        {
          g_print ("%s %s: %s\n", r->step, r->scenario, r->error);
        }
    }
}

/* One row per group of the results, as the Benchmarks page's table shows
 * them: lifecycle steps in seconds, workload runs in % of native with the
 * SLA met in how many. */
static void
print_bench_summary (DomusBenchResults *results)
{
  GListModel *groups = domus_bench_results_get_groups (results);
  gboolean workload = domus_bench_results_get_kind (results) == DOMUS_BENCH_WORKLOAD;
  const char *headers[] = {
    workload ? C_("bench column", "Scenario") : C_("bench column", "Step"),
    workload ? C_("bench column", "Domain") : C_("bench column", "MiB"),
    "n", C_("bench column", "Failed"), C_("bench column", "Mean"), C_("bench column", "Median"),
    C_("bench column", "SD"), C_("bench column", "Min"), C_("bench column", "Max"), "p95", "p99",
    C_("bench column", "SLA"),
  };
  /* Negative: left-aligned. The last column, SLA, is the workloads'. */
  const int widths[] = { workload ? -16 : -10, workload ? -12 : 8, 4, 6, 8, 8, 8, 8, 8, 8, 8, 5 };

  if (workload)
    print_workload_runs (results);
  domusctl_print_header (headers, widths, G_N_ELEMENTS (headers) - (workload ? 0 : 1));

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);
      g_autoptr(GString) row = g_string_new (NULL);

      domusctl_append_padded (row, domus_bench_group_get_category (group), -widths[0], TRUE);
      g_string_append_c (row, ' ');
      if (workload)
        domusctl_append_padded (row, domus_bench_group_get_domain (group), -widths[1], TRUE);
      else
        g_string_append_printf (row, "%*" G_GUINT64_FORMAT, widths[1], domus_bench_group_get_memory_mib (group));
      g_string_append_printf (row, " %*u %*u", widths[2], stats->n, widths[3], domus_bench_group_get_failed (group));
      append_stats (row, widths[4], workload ? 1 : 3, stats, workload ? "%" : "");
      if (workload)
        {
          g_autofree char *sla = g_strdup_printf ("%u/%u", domus_bench_group_get_sla_met (group),
                                                  domus_bench_group_get_count (group));

          g_string_append_c (row, ' ');
          domusctl_append_padded (row, sla, widths[11], FALSE);
        }
      g_print ("%s\n", row->str);
    }
  if (workload)
    /* TRANSLATORS: %s names the percentile method */
    g_print (_("Scores in %% of the native run's; percentiles by %s.\n"), domus_stats_percentile_method ());
  else
    /* TRANSLATORS: %s names the percentile method */
    g_print (_("Times in seconds; percentiles by %s.\n"), domus_stats_percentile_method ());
}

/* The host at @address (an agent's, domus-remote-address.h), connected;
 * NULL, having said why, when it cannot be. */
static DomusHost *
connect_peer (const char *address)
{
  g_autoptr(DomusRemoteAddress) parsed = NULL;
  g_autoptr(GError) error = NULL;
  DomusBackendOptions options = { .connect = address };
  DomusHost *host;

  if (!(parsed = domus_remote_address_parse (address, &error)))
    {
      g_printerr ("domusctl bench: --peer: %s\n", error->message);
      return NULL;
    }
  if (!(host = domus_backend_open (&options, &error)))
    /* TRANSLATORS: an agent's address, then why it cannot be reached */
    g_printerr (_("domusctl bench: cannot connect the peer %s: %s\n"), address, error->message);
  return host;
}

int
cmd_bench (DomusHost  *host,
           int         argc,
           char      **argv)
{
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *peer_address = NULL;
  g_autoptr(DomusHost) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("run SPEC.json — run a benchmark"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusBenchRunner) runner = NULL;
  DomusBenchSpec *spec;
  const char *spec_path;
  gboolean returns;
  RequestState state = { loop, NULL, FALSE, NULL };
  g_autoptr(DomusBenchResults) results = NULL;
  FILE *csv = NULL;
  gboolean quiet = FALSE;
  BenchProgress progress = { isatty (STDERR_FILENO), 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Append each result to OUT.jsonl as it comes"), N_("OUT.jsonl") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the summary to OUT.csv"), N_("OUT.csv") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no progress, only the summary"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_STRING, &peer_address,
      N_("Connect the host at ADDRESS (ssh://[user@]host[:port][?agent=PATH]) as the one “migrate_to” "
         "names, which the step “return” brings the domains back from"), N_("ADDRESS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl bench: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* "run" may be left out: bench SPEC.json. */
  if ((argc != 3 || g_strcmp0 (argv[1], "run") != 0) && (argc != 2 || g_strcmp0 (argv[1], "run") == 0))
    {
      g_printerr (_("Usage: domusctl bench [run] SPEC.json [--json OUT.jsonl] [--csv OUT.csv] [--quiet] "
                    "[--peer ADDRESS]\n"));
      return EXIT_FAILURE;
    }
  spec_path = argv[argc - 1];
  if (!(spec = domus_bench_spec_new_from_file (spec_path, &error)))
    {
      g_printerr ("domusctl bench: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* The host to come back from is connected before anything runs. */
  returns = spec->kind == DOMUS_BENCH_LIFECYCLE
            && g_strv_contains ((const char * const *) spec->steps, "return");
  if (peer_address != NULL && !returns)
    {
      g_printerr (_("domusctl bench: --peer is for a benchmark with the step “return”, which %s has not\n"),
                  spec_path);
      domus_bench_spec_free (spec);
      return EXIT_FAILURE;
    }
  if (peer_address == NULL && returns)
    {
      /* TRANSLATORS: the host a benchmark migrates to and back from, twice */
      g_printerr (_("domusctl bench: the benchmark brings its domains back from %s (step “return”): "
                    "connect that host with --peer ADDRESS, such as --peer ssh://%s\n"),
                  spec->migrate_to, spec->migrate_to);
      domus_bench_spec_free (spec);
      return EXIT_FAILURE;
    }
  if (peer_address != NULL && !(peer = connect_peer (peer_address)))
    {
      domus_bench_spec_free (spec);
      return EXIT_FAILURE;
    }
  if (csv_path != NULL && !(csv = g_fopen (csv_path, "w")))
    {
      g_printerr (_("domusctl bench: cannot write %s: %s\n"), csv_path, g_strerror (errno));
      domus_bench_spec_free (spec);
      return EXIT_FAILURE;
    }

  runner = domus_bench_runner_new (host, spec, json_path);
  domus_bench_runner_set_peer (runner, peer);
  if (!quiet)
    g_signal_connect (runner, "progress", G_CALLBACK (bench_progress_cb), &progress);
  domus_bench_runner_run_async (runner, NULL, bench_done_cb, &state);
  while (!state.done)
    g_main_loop_run (loop);
  if (progress.last_length > 0)
    g_printerr ("\n");

  if (state.error != NULL)
    {
      g_printerr ("domusctl bench: %s\n", state.error->message);
      g_error_free (state.error);
      g_clear_pointer (&csv, fclose);
      return EXIT_FAILURE;
    }
  /* Grouped and summed up as the Benchmarks page does, and written in the
   * same CSV as its export. */
  results = domus_bench_results_new (domus_bench_runner_get_spec (runner), json_path);
  {
    GArray *array = domus_bench_runner_get_results (runner);

    for (guint i = 0; i < array->len; i++)
      domus_bench_results_add (results, &g_array_index (array, DomusBenchResult, i));
  }
  print_bench_summary (results);
  if (csv != NULL)
    {
      g_autofree char *text = domus_bench_results_format_csv (domus_bench_results_get_groups (results));
      gboolean written = fputs (text, csv) != EOF;

      if (fclose (csv) != 0 || !written)
        {
          g_printerr (_("domusctl bench: cannot write %s: %s\n"), csv_path, g_strerror (errno));
          return EXIT_FAILURE;
        }
    }
  return EXIT_SUCCESS;
}
