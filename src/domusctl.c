/* domusctl.c: the command-line companion, like virsh beside virt-manager
 *
 *   domusctl [--sim SCENE.json] [--sim-speed X] [--xen] COMMAND [ARGS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domus-backend.h"
#include "domus-bench-results.h"
#include "domus-bench-runner.h"
#include "domus-command.h"
#include "domus-error.h"
#include "domus-input.h"
#include "domus-installer.h"
#include "domus-limits.h"
#include "domus-qos-predictor.h"
#include "domus-stats.h"
#include "domus-vnc-address.h"
#include "domus-vnc-session.h"

typedef struct
{
  DomusHost  *host;
  GMainLoop  *loop;
  gboolean    json;
  int         iterations;
  int         done;
} TopState;

/* Pads by characters, not bytes, so translated headers line up. */
static void
append_padded (GString    *out,
               const char *text,
               int         width,
               gboolean    left)
{
  int pad = MAX (width - (int) g_utf8_strlen (text, -1), 0);

  if (!left)
    g_string_append_printf (out, "%*s", pad, "");
  g_string_append (out, text);
  if (left)
    g_string_append_printf (out, "%*s", pad, "");
}

/* Column headers: a negative width is left-aligned. */
static void
print_header (const char * const *headers,
              const int          *widths,
              guint               n)
{
  g_autoptr(GString) header = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (header, ' ');
      append_padded (header, headers[i], ABS (widths[i]), widths[i] < 0);
    }
  g_print ("%s\n", header->str);
}

static void
print_table (DomusHost *host)
{
  static const int widths[] = { -32, 5, 7, 5, 6, 9, 7, 6, 6 };
  const char *headers[] = {
    C_("domusctl column", "Name"), C_("domusctl column", "ID"), C_("domusctl column", "Mem"),
    C_("domusctl column", "VCPUs"), C_("domusctl column", "State"),
    C_("domusctl column", "Time(s)"), C_("domusctl column", "CPU(%)"),
    C_("domusctl column", "Weight"), C_("domusctl column", "Cap"),
  };
  GListModel *domains = domus_host_get_domains (host);

  print_header (headers, widths, G_N_ELEMENTS (headers));

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      g_autoptr(GString) row = g_string_new (NULL);

      append_padded (row, domus_domain_get_name (d), 32, TRUE);
      g_string_append_printf (row, " %5u %7" G_GUINT64_FORMAT " %5u %6s %9.1f %7.1f %6d %6d",
                              domus_domain_get_id (d),
                              domus_domain_get_memory_kib (d) / 1024,
                              domus_domain_get_vcpus_online (d),
                              domus_domain_state_to_letter (domus_domain_get_state (d)),
                              domus_domain_get_cpu_time (d) / 1e9,
                              domus_domain_get_cpu_percent (d),
                              domus_domain_get_weight (d),
                              domus_domain_get_cap (d));
      g_print ("%s\n", row->str);
    }
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* One line per sample. Written by hand so that figures keep the one decimal
 * xentop prints instead of JsonGenerator's seventeen digits. */
static void
print_json (DomusHost *host)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GListModel *domains = domus_host_get_domains (host);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "{\"time\": %s, \"domains\": [",
                          g_ascii_formatd (number, sizeof number, "%.1f",
                                           domus_clock_get_now (domus_host_get_clock (host)) / 1e6));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);

      g_string_append_printf (out, "%s{\"id\": %u, \"name\": ", i ? ", " : "", domus_domain_get_id (d));
      append_json_string (out, domus_domain_get_name (d));
      g_string_append_printf (out,
                              ", \"type\": \"%s\", \"state\": \"%s\", \"vcpus\": %u,"
                              " \"memory_mib\": %" G_GUINT64_FORMAT ", \"cpu_percent\": %s,"
                              " \"weight\": %d, \"cap\": %d}",
                              domus_domain_type_to_string (domus_domain_get_domain_type (d)),
                              domus_domain_state_to_string (domus_domain_get_state (d)),
                              domus_domain_get_vcpus_online (d),
                              domus_domain_get_memory_kib (d) / 1024,
                              g_ascii_formatd (number, sizeof number, "%.1f",
                                               domus_domain_get_cpu_percent (d)),
                              domus_domain_get_weight (d),
                              domus_domain_get_cap (d));
    }
  g_string_append (out, "]}");
  g_print ("%s\n", out->str);
}

static void
top_refreshed_cb (DomusHost *host,
                  TopState  *state)
{
  if (state->done >= state->iterations)
    return;

  if (state->json)
    print_json (host);
  else
    {
      if (state->done > 0)
        g_print ("\n");
      print_table (host);
    }

  if (++state->done >= state->iterations)
    g_main_loop_quit (state->loop);
}

/* A real host's first sample comes from a worker thread; every command
 * needs it. The host retries each refresh-interval, so this wakes up. */
static gboolean
wait_until_ready (DomusHost *host)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!domus_host_is_ready (host) && domus_host_get_error (host) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (domus_host_get_error (host) != NULL)
    g_printerr ("domusctl: %s\n", domus_host_get_error (host)->message);
  else if (!domus_host_is_ready (host))
    g_printerr (_("domusctl: the host did not answer within 30 seconds\n"));
  return domus_host_is_ready (host);
}

static int
cmd_list (DomusHost  *host,
          int         argc,
          char      **argv)
{
  if (argc > 1)
    {
      g_printerr (_("Usage: domusctl list\n"));
      return EXIT_FAILURE;
    }
  print_table (host);
  return EXIT_SUCCESS;
}

static int
cmd_top (DomusHost  *host,
         int         argc,
         char      **argv)
{
  gboolean batch = FALSE, json = FALSE;
  int iterations = 0;
  double delay = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print domains like xentop"));
  g_autoptr(GMainLoop) loop = NULL;
  TopState state = { 0 };
  const GOptionEntry entries[] = {
    { "batch", 'b', 0, G_OPTION_ARG_NONE, &batch, N_("Print to standard output, no screen handling"), NULL },
    { "iterations", 'i', 0, G_OPTION_ARG_INT, &iterations, N_("Stop after N samples (0: never)"), "N" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, N_("Seconds between samples"), "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per sample"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl top: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!batch && !json)
    {
      g_printerr (_("domusctl top: only --batch (or --json) output is available\n"));
      return EXIT_FAILURE;
    }
  if (iterations < 0 || delay < 0.1 || delay > 60)
    {
      g_printerr (_("domusctl top: --iterations must be 0 or more and --delay between 0.1 and 60\n"));
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  state.host = host;
  state.loop = loop;
  state.json = json;
  state.iterations = iterations > 0 ? iterations : G_MAXINT;

  /* The host already took its first sample; each later one covers @delay. */
  domus_host_set_refresh_interval (host, (guint) (delay * 1000));
  g_signal_connect (host, "refreshed", G_CALLBACK (top_refreshed_cb), &state);
  g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (host, &state);

  return EXIT_SUCCESS;
}

/* QoS: what the scheduler model predicts for each domain, and what it got,
 * as the QoS page shows them. */

typedef struct
{
  GMainLoop *loop;
  guint      updates;
  guint      wanted;
} QosState;

static void
qos_updated_cb (QosState *state)
{
  if (++state->updates >= state->wanted)
    g_main_loop_quit (state->loop);
}

/* A share with one decimal, or JSON's null / "–" while unknown. */
static void
append_share (GString  *out,
              double    share,
              gboolean  json)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (share))
    g_string_append (out, json ? "null" : "–");
  else
    g_string_append (out, g_ascii_formatd (number, sizeof number, "%.1f", share));
}

static void
print_qos_table (DomusQosPredictor *predictor)
{
  static const int widths[] = { -32, 5, 6, 6, 5, 9, 8, 10 };
  const char *headers[] = {
    C_("domusctl column", "Name"), C_("domusctl column", "ID"), C_("domusctl column", "Weight"),
    C_("domusctl column", "Cap"), C_("domusctl column", "VCPUs"),
    /* TRANSLATORS: the CPU share (% of one pCPU) the scheduler model predicts */
    C_("domusctl column", "Predicted"),
    /* TRANSLATORS: the CPU share (% of one pCPU) the host measured */
    C_("domusctl column", "Measured"),
    /* TRANSLATORS: measured minus predicted, in points */
    C_("domusctl column", "Difference"),
  };
  GListModel *domains = domus_host_get_domains (domus_qos_predictor_get_host (predictor));

  print_header (headers, widths, G_N_ELEMENTS (headers));

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      double predicted = domus_qos_predictor_get_predicted (predictor, d);
      double measured = domus_qos_predictor_get_measured (predictor, d);
      g_autoptr(GString) row = g_string_new (NULL);
      g_autoptr(GString) figure = g_string_new (NULL);

      append_padded (row, domus_domain_get_name (d), 32, TRUE);
      g_string_append_printf (row, " %5u %6d %6d %5u ", domus_domain_get_id (d),
                              domus_domain_get_weight (d), domus_domain_get_cap (d),
                              domus_domain_get_vcpus_online (d));
      append_share (figure, predicted, FALSE);
      append_padded (row, figure->str, 9, FALSE);
      g_string_truncate (figure, 0);
      append_share (figure, measured, FALSE);
      g_string_append_c (row, ' ');
      append_padded (row, figure->str, 8, FALSE);
      g_string_truncate (figure, 0);
      if (isnan (measured - predicted))
        g_string_append (figure, "–");
      else
        g_string_append_printf (figure, "%+.1f", measured - predicted);
      g_string_append_c (row, ' ');
      append_padded (row, figure->str, 10, FALSE);
      g_print ("%s\n", row->str);
    }
}

static void
print_qos_json (DomusQosPredictor *predictor)
{
  DomusHost *host = domus_qos_predictor_get_host (predictor);
  GListModel *domains = domus_host_get_domains (host);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "{\"scheduler\": \"%s\", \"pcpus\": %u, \"domains\": [",
                          domus_scheduler_to_string (domus_host_get_scheduler (host)),
                          domus_host_get_n_pcpus (host));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);

      g_string_append_printf (out, "%s{\"id\": %u, \"name\": ", i ? ", " : "", domus_domain_get_id (d));
      append_json_string (out, domus_domain_get_name (d));
      g_string_append_printf (out, ", \"weight\": %d, \"cap\": %d, \"vcpus\": %u, \"predicted\": ",
                              domus_domain_get_weight (d), domus_domain_get_cap (d),
                              domus_domain_get_vcpus_online (d));
      append_share (out, domus_qos_predictor_get_predicted (predictor, d), TRUE);
      g_string_append (out, ", \"measured\": ");
      append_share (out, domus_qos_predictor_get_measured (predictor, d), TRUE);
      g_string_append (out, "}");
    }
  g_string_append (out, "]}");
  g_print ("%s\n", out->str);
}

static int
cmd_qos (DomusHost  *host,
         int         argc,
         char      **argv)
{
  gboolean json = FALSE;
  int samples = 2 * DOMUS_QOS_MEASURE_SAMPLES;
  double delay = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— predicted and measured CPU shares"));
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DomusQosPredictor) predictor = NULL;
  QosState state = { 0 };
  const GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples,
      N_("Watch the host for N samples first (default 10)"), "N" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, N_("Seconds between samples"), "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl qos: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc > 1 || samples < 1 || samples > 3600 || delay < 0.1 || delay > 60)
    {
      g_printerr (_("Usage: domusctl qos [--samples N] [--delay S] [--json] (N from 1 to 3600, "
                    "S from 0.1 to 60)\n"));
      return EXIT_FAILURE;
    }

  /* The measured share is a mean of the last samples, and each vCPU's
   * appetite is estimated from how long it waited in the last ten or so:
   * both need the host watched for a while. */
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.wanted = (guint) samples;
  predictor = domus_qos_predictor_new (host);
  g_signal_connect_swapped (predictor, "updated", G_CALLBACK (qos_updated_cb), &state);
  domus_host_set_refresh_interval (host, (guint) (delay * 1000));
  g_main_loop_run (loop);

  if (json)
    print_qos_json (predictor);
  else
    print_qos_table (predictor);
  return EXIT_SUCCESS;
}

/* Requests: run one on the host's main loop, as xl does, and wait. */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   done;
  char      *what;     /* "Saving “clone1”" for progress lines */
} RequestState;

static void
request_progress_cb (double   fraction,
                     gpointer data)
{
  RequestState *state = data;

  g_printerr ("\r%s: %3.0f %%", state->what, fraction * 100);
  if (fraction >= 1.0)
    g_printerr ("\n");
}

/* What domusctl runs for a parsed command (taking @request): the request,
 * but for cd-eject the installer eject, drive and config file, as the
 * window's "Eject Installer" does. */
static void
run_request_async (DomusHost           *host,
                   DomusRequest        *request,
                   GAsyncReadyCallback  callback,
                   gpointer             data)
{
  if (request->kind == DOMUS_REQUEST_EJECT)
    {
      domus_installer_eject_async (host, domus_host_lookup_domain_by_id (host, request->domid),
                                   request->target, NULL, callback, data);
      domus_request_free (request);
    }
  else
    domus_host_request_async (host, request, NULL, callback, data);
}

/* Its end: FALSE with @error; prints what an eject did. */
static gboolean
run_request_finish (DomusHost     *host,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_autofree char *message = NULL;

  if (!g_async_result_is_tagged (result, domus_installer_eject_async))
    return domus_host_request_finish (host, result, error) >= 0;
  if ((message = domus_installer_eject_finish (host, result, error)) == NULL)
    return FALSE;
  g_print ("%s\n", message);
  return TRUE;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  RequestState *state = data;

  run_request_finish (DOMUS_HOST (source), result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

static void
print_sched (DomusDomain *domain)
{
  g_print ("%-32s %5s %6s %6s\n", C_("domusctl column", "Name"), C_("domusctl column", "ID"),
           C_("domusctl column", "Weight"), C_("domusctl column", "Cap"));
  g_print ("%-32s %5u %6d %6d\n", domus_domain_get_name (domain), domus_domain_get_id (domain),
           domus_domain_get_weight (domain), domus_domain_get_cap (domain));
}

static int
cmd_request (DomusHost  *host,
             int         argc,
             char      **argv)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  DomusDomain *query = NULL;
  DomusRequest *request;
  RequestState state = { loop, NULL, FALSE, NULL };

  if (!(request = domus_command_parse (host, (const char * const *) argv, &query, &error)))
    {
      if (query != NULL)
        {
          print_sched (query);
          return EXIT_SUCCESS;
        }
      g_printerr ("domusctl %s: %s\n", argv[0], error->message);
      return EXIT_FAILURE;
    }

  if (domus_request_kind_is_long (request->kind))
    {
      state.what = request->domain_name != NULL ? g_strdup_printf ("%s %s", argv[0], request->domain_name)
                                                : g_strdup_printf ("%s %s", argv[0], request->path);
      request->progress = request_progress_cb;
      request->progress_data = &state;
    }

  run_request_async (host, request, request_done_cb, &state);
  while (!state.done)
    g_main_loop_run (loop);
  g_free (state.what);

  if (state.error != NULL)
    {
      g_printerr ("domusctl %s: %s\n", argv[0], state.error->message);
      g_error_free (state.error);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* bench run SPEC.json: the same runner as the window's, a summary on stdout. */

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
  append_padded (row, text, width, FALSE);
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

  if (workload)
    {
      print_workload_runs (results);
      g_print ("%-16s %-12s %4s %6s %8s %8s %8s %8s %8s %8s %8s %5s\n", C_("bench column", "Scenario"),
               C_("bench column", "Domain"), "n", C_("bench column", "Failed"), C_("bench column", "Mean"),
               C_("bench column", "Median"), C_("bench column", "SD"), C_("bench column", "Min"),
               C_("bench column", "Max"), "p95", "p99", C_("bench column", "SLA"));
    }
  else
    {
      g_print ("%-10s %8s %4s %6s %8s %8s %8s %8s %8s %8s %8s\n", C_("bench column", "Step"),
               C_("bench column", "MiB"), "n", C_("bench column", "Failed"), C_("bench column", "Mean"),
               C_("bench column", "Median"), C_("bench column", "SD"), C_("bench column", "Min"),
               C_("bench column", "Max"), "p95", "p99");
    }

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);
      g_autoptr(GString) row = g_string_new (NULL);

      if (workload)
        {
          g_autofree char *sla = g_strdup_printf ("%u/%u", domus_bench_group_get_sla_met (group),
                                                  domus_bench_group_get_count (group));

          g_string_append_printf (row, "%-16s %-12s %4u %6u", domus_bench_group_get_category (group),
                                  domus_bench_group_get_domain (group), stats->n,
                                  domus_bench_group_get_failed (group));
          append_stats (row, 8, 1, stats, "%");
          g_print ("%s %5s\n", row->str, sla);
        }
      else
        {
          g_string_append_printf (row, "%-10s %8" G_GUINT64_FORMAT " %4u %6u",
                                  domus_bench_group_get_category (group),
                                  domus_bench_group_get_memory_mib (group), stats->n,
                                  domus_bench_group_get_failed (group));
          append_stats (row, 8, 3, stats, "");
          g_print ("%s\n", row->str);
        }
    }
  if (workload)
    /* TRANSLATORS: %s names the percentile method */
    g_print (_("Scores in %% of the native run's; percentiles by %s.\n"), domus_stats_percentile_method ());
  else
    /* TRANSLATORS: %s names the percentile method */
    g_print (_("Times in seconds; percentiles by %s.\n"), domus_stats_percentile_method ());
}

static int
cmd_bench (DomusHost  *host,
           int         argc,
           char      **argv)
{
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("run SPEC.json — run a benchmark"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusBenchRunner) runner = NULL;
  DomusBenchSpec *spec;
  RequestState state = { loop, NULL, FALSE, NULL };
  g_autoptr(DomusBenchResults) results = NULL;
  FILE *csv = NULL;
  gboolean quiet = FALSE;
  BenchProgress progress = { isatty (STDERR_FILENO), 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Append each result to OUT.jsonl as it comes"), N_("OUT.jsonl") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the summary to OUT.csv"), N_("OUT.csv") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no progress, only the summary"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl bench: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc != 3 || g_strcmp0 (argv[1], "run") != 0)
    {
      g_printerr (_("Usage: domusctl bench run SPEC.json [--json OUT.jsonl] [--csv OUT.csv] [--quiet]\n"));
      return EXIT_FAILURE;
    }
  if (!(spec = domus_bench_spec_new_from_file (argv[2], &error)))
    {
      g_printerr ("domusctl bench: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (csv_path != NULL && !(csv = g_fopen (csv_path, "w")))
    {
      g_printerr (_("domusctl bench: cannot write %s: %s\n"), csv_path, g_strerror (errno));
      domus_bench_spec_free (spec);
      return EXIT_FAILURE;
    }

  runner = domus_bench_runner_new (host, spec, json_path);
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

/* --apply FILE: commands to run during the top loop, one per line, each
 * optionally at a simulated time: "at 30 sched clone1 --weight 512". Each
 * command's timer holds a reference (let go of when it has fired, or with
 * the clock when the loop ended first), and so does a request in flight. */

typedef struct
{
  DomusHost *host;
  char      *where;    /* "FILE:LINE" */
  char     **argv;
  gboolean  *failed;
} Applied;

static void
applied_clear (gpointer data)
{
  Applied *applied = data;

  g_free (applied->where);
  g_strfreev (applied->argv);
}

static void
applied_unref (gpointer data)
{
  g_rc_box_release_full (data, applied_clear);
}

static void
applied_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Applied *applied = data;
  g_autoptr(GError) error = NULL;

  if (!run_request_finish (DOMUS_HOST (source), result, &error))
    {
      g_printerr ("%s: %s\n", applied->where, error->message);
      *applied->failed = TRUE;
    }
  applied_unref (applied);
}

static gboolean
apply_cb (gpointer data)
{
  Applied *applied = data;
  g_autoptr(GError) error = NULL;
  DomusDomain *query = NULL;
  DomusRequest *request;

  request = domus_command_parse (applied->host, (const char * const *) applied->argv, &query, &error);
  if (request == NULL && query != NULL)
    print_sched (query);
  else if (request == NULL)
    {
      g_printerr ("%s: %s\n", applied->where, error->message);
      *applied->failed = TRUE;
    }
  else
    run_request_async (applied->host, request, applied_done_cb, g_rc_box_acquire (applied));
  return G_SOURCE_REMOVE;
}

static gboolean
load_apply_file (DomusHost   *host,
                 const char  *path,
                 gboolean    *failed,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  DomusClock *clock = domus_host_get_clock (host);

  if (!domus_input_read_file (path, DOMUS_MAX_COMMAND_FILE_SIZE, &contents, NULL, NULL, &read_error))
    {
      g_set_error (error, DOMUS_ERROR, read_error->code, _("Cannot read “%s”: %s"), path,
                   read_error->message);
      return FALSE;
    }
  if (!(lines = domus_command_parse_file (contents, path, error)))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      DomusCommandLine *line = g_ptr_array_index (lines, i);
      Applied *applied = g_rc_box_new0 (Applied);

      applied->host = host;
      applied->where = g_steal_pointer (&line->where);
      applied->argv = g_steal_pointer (&line->argv);
      applied->failed = failed;
      domus_clock_add_timer (clock,
                             MAX ((gint64) line->at * G_USEC_PER_SEC - domus_clock_get_now (clock), 1),
                             apply_cb, applied, applied_unref);
    }
  return TRUE;
}

static void
vnc_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  RequestState *state = data;

  domus_vnc_session_connect_finish (DOMUS_VNC_SESSION (source), result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

static gboolean
vnc_tick_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* Connects to @address with the password in @password_file, if any;
 * the server may keep it waiting @timeout seconds at most. */
static DomusVncSession *
vnc_connect (const char  *address,
             const char  *password_file,
             guint        timeout,
             GMainLoop   *loop,
             GError     **error)
{
  g_autoptr(DomusVncSession) session = NULL;
  g_autofree char *host = NULL;
  g_autofree char *password = NULL;
  RequestState state = { loop, NULL, FALSE, NULL };
  guint port;

  if (!domus_vnc_address_parse (address, &host, &port, error))
    return NULL;
  if (password_file != NULL)
    {
      if (!g_file_get_contents (password_file, &password, NULL, error))
        return NULL;
      g_strchomp (password);
    }
  session = domus_vnc_session_new (host, port);
  domus_vnc_session_set_password (session, password);
  domus_vnc_session_set_timeout (session, timeout);
  domus_vnc_session_connect_async (session, NULL, vnc_connected_cb, &state);
  while (!state.done)
    g_main_loop_run (loop);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      domus_vnc_session_close (session);
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* Runs @loop until @session has more than @n updates, or is closed, or
 * @seconds pass. */
static gboolean
vnc_wait_updates (DomusVncSession *session,
                  GMainLoop       *loop,
                  guint64          n,
                  guint            seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, vnc_tick_cb, loop);
  gulong updated = g_signal_connect_swapped (session, "updated", G_CALLBACK (g_main_loop_quit), loop);

  while (domus_vnc_session_get_n_updates (session) <= n && domus_vnc_session_get_error (session) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_loop_run (loop);
  g_signal_handler_disconnect (session, updated);
  g_source_remove (tick);
  return domus_vnc_session_get_n_updates (session) > n;
}

static int
vnc_fail (const char       *command,
          DomusVncSession  *session,
          const GError     *error)
{
  g_printerr ("domusctl %s: %s\n", command, error->message);
  if (session != NULL)
    domus_vnc_session_close (session);
  return EXIT_FAILURE;
}

static int
cmd_vnc_capture (DomusHost  *host,
                 int         argc,
                 char      **argv)
{
  g_autofree char *password_file = NULL;
  gboolean wait_update = FALSE;
  int timeout = 30;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("HOST:PORT OUT.png — save one frame of a VNC server’s screen"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusVncSession) session = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) frame = NULL;
  const guint8 *bgrx;
  guint8 *rgb;
  guint width, height;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the VNC password from FILE"), N_("FILE") },
    { "wait-update", 0, 0, G_OPTION_ARG_NONE, &wait_update,
      N_("Save the frame after the screen next changes, not the first one"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up after S seconds (30)"), "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vnc_fail ("vnc-capture", NULL, error);
  if (argc != 3)
    {
      g_printerr (_("Usage: domusctl vnc-capture HOST:PORT OUT.png [--password-file F] [--wait-update]\n"));
      return EXIT_FAILURE;
    }
  if (timeout < 1 || timeout > 86400)
    {
      g_printerr (_("domusctl vnc-capture: --timeout takes 1 to 86400 seconds\n"));
      return EXIT_FAILURE;
    }
  if (!(session = vnc_connect (argv[1], password_file, (guint) timeout, loop, &error)))
    return vnc_fail ("vnc-capture", NULL, error);

  if (!vnc_wait_updates (session, loop, 0, (guint) timeout)
      || (wait_update && !vnc_wait_updates (session, loop, domus_vnc_session_get_n_updates (session),
                                            (guint) timeout)))
    {
      const GError *closed = domus_vnc_session_get_error (session);
      g_autoptr(GError) late = g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                            _("No screen update from %s within %u s"), argv[1],
                                            (guint) timeout);

      return vnc_fail ("vnc-capture", session, closed != NULL ? closed : late);
    }

  frame = domus_vnc_session_dup_frame (session, &width, &height);
  domus_vnc_session_close (session);
  bgrx = g_bytes_get_data (frame, NULL);
  /* The session's frame is 1×1 at least, 8192×8192 at most; the PNG's
   * pixels are still to be found. */
  if (!(pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) width, (int) height)))
    {
      g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Not enough memory for a %u×%u image"), width, height);
      return vnc_fail ("vnc-capture", NULL, error);
    }
  rgb = gdk_pixbuf_get_pixels (pixbuf);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *from = bgrx + ((gsize) y * width + x) * 4;
        guint8 *to = rgb + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) + (gsize) x * 3;

        to[0] = from[2];
        to[1] = from[1];
        to[2] = from[0];
      }
  if (!gdk_pixbuf_save (pixbuf, argv[2], "png", &error, NULL))
    return vnc_fail ("vnc-capture", NULL, error);
  /* TRANSLATORS: a file, a size, a VNC address and the server's name for its desktop */
  g_print (_("%s: %u×%u from %s (“%s”)\n"), argv[2], width, height, argv[1],
           domus_vnc_session_get_name (session));
  return EXIT_SUCCESS;
}

static int
cmd_vnc_type (DomusHost  *host,
              int         argc,
              char      **argv)
{
  g_autofree char *password_file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("HOST:PORT TEXT — type TEXT on a VNC server’s keyboard (\\n is Return)"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusVncSession) session = NULL;
  guint tick;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the VNC password from FILE"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vnc_fail ("vnc-type", NULL, error);
  if (argc != 3)
    {
      g_printerr (_("Usage: domusctl vnc-type HOST:PORT TEXT [--password-file F]\n"));
      return EXIT_FAILURE;
    }
  text = g_strcompress (argv[2]);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr (_("domusctl vnc-type: the text is not UTF-8\n"));
      return EXIT_FAILURE;
    }
  if (!(session = vnc_connect (argv[1], password_file, DOMUS_VNC_SESSION_TIMEOUT, loop, &error)))
    return vnc_fail ("vnc-type", NULL, error);

  /* Keys go once the server has said how it takes them (its first update
   * tells whether it has QEMU's scancodes). */
  vnc_wait_updates (session, loop, 0, 10);
  domus_vnc_session_type_text (session, text);
  tick = g_timeout_add (20, vnc_tick_cb, loop);
  while (domus_vnc_session_has_pending_input (session) && domus_vnc_session_get_error (session) == NULL)
    g_main_loop_run (loop);
  g_source_remove (tick);
  if (domus_vnc_session_get_error (session) != NULL)
    return vnc_fail ("vnc-type", session, domus_vnc_session_get_error (session));
  domus_vnc_session_close (session);
  return EXIT_SUCCESS;
}

static const struct
{
  const char *name;
  int       (*run) (DomusHost *host, int argc, char **argv);
  const char *summary;
  gboolean    needs_host;
} commands[] = {
  { "list", cmd_list, N_("List domains, like xl list"), TRUE },
  { "top", cmd_top, N_("Print domains and CPU use over time, like xentop -b"), TRUE },
  { "qos", cmd_qos, N_("Compare each domain's CPU share with the scheduler model's prediction"), TRUE },
  { "sched", cmd_request, N_("Show or set a domain's credit weight and cap"), TRUE },
  { "vcpu-set", cmd_request, N_("Set how many vCPUs a domain has online"), TRUE },
  { "vcpu-pin", cmd_request, N_("Pin a vCPU (or all) to some pCPUs"), TRUE },
  { "mem-set", cmd_request, N_("Set a domain's memory (balloon target)"), TRUE },
  { "pause", cmd_request, N_("Pause a domain"), TRUE },
  { "unpause", cmd_request, N_("Unpause a domain"), TRUE },
  { "shutdown", cmd_request, N_("Ask a domain to shut down"), TRUE },
  { "reboot", cmd_request, N_("Ask a domain to reboot"), TRUE },
  { "destroy", cmd_request, N_("Destroy a domain at once"), TRUE },
  { "save", cmd_request, N_("Save a domain to a file and stop it"), TRUE },
  { "restore", cmd_request, N_("Restore a domain from a saved file"), TRUE },
  { "create", cmd_request, N_("Create a domain from an xl config file"), TRUE },
  { "bench", cmd_bench, N_("Run a benchmark: bench run SPEC.json [--json OUT.jsonl] [--csv OUT.csv] [--quiet]"), TRUE },
  { "migrate", cmd_request, N_("Migrate a domain to another host, as xl migrate"), TRUE },
  { "cd-eject", cmd_request, N_("Take the disc out of an HVM domain's CD-ROM drive and its config file"), TRUE },
  { "vnc-capture", cmd_vnc_capture, N_("Save a VNC screen to PNG: vnc-capture HOST:PORT OUT.png"), FALSE },
  { "vnc-type", cmd_vnc_type, N_("Type text on a VNC screen: vnc-type HOST:PORT TEXT"), FALSE },
};

static char *
commands_summary (void)
{
  GString *str = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (str, "\n  %-11s %s", commands[i].name, _(commands[i].summary));
  g_string_append_printf (str, "\n\n%s\n%s", _("Arguments, as xl takes them:"), domus_command_usage ());
  return g_string_free (str, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *scene = NULL;
  g_autofree char *apply = NULL;
  g_autofree char *summary = NULL;
  gboolean apply_failed = FALSE;
  int status;
  gboolean sim = FALSE, xen = FALSE;
  double speed = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DomusHost) host = NULL;
  DomusBackendOptions options = { DOMUS_BACKEND_AUTO, NULL, 1.0 };

  setlocale (LC_ALL, "");
  /* Figures print as xl and xentop print them, for scripts: 12.5, not 12,5. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  {
    const GOptionEntry global[] = {
      { "sim", 0, 0, G_OPTION_ARG_FILENAME, &scene,
        N_("Use a simulated host described by SCENE (a JSON file)"), N_("SCENE") },
      { "simulated", 0, 0, G_OPTION_ARG_NONE, &sim,
        N_("Use the simulated lab host"), NULL },
      { "sim-speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
        N_("Run the simulated clock X times faster than real time"), "X" },
      { "xen", 0, 0, G_OPTION_ARG_NONE, &xen,
        N_("Use the real Xen host, or fail saying why not"), NULL },
      { "apply", 0, 0, G_OPTION_ARG_FILENAME, &apply,
        N_("Run the commands in FILE, one per line, each at its time (“at 30 sched clone1 --weight 512”)"),
        N_("FILE") },
      { NULL }
    };

    context = g_option_context_new (_("COMMAND [ARGS…] — inspect and control Xen domains"));
    summary = commands_summary ();
    g_option_context_set_description (context, summary);
    g_option_context_add_main_entries (context, global, GETTEXT_PACKAGE);
    /* Options after the command belong to it. */
    g_option_context_set_strict_posix (context, TRUE);
    if (!g_option_context_parse (context, &argc, &argv, &error))
      {
        g_printerr ("domusctl: %s\n", error->message);
        return EXIT_FAILURE;
      }
  }

  if (argc < 2)
    {
      g_printerr ("%s\n", summary);
      return EXIT_FAILURE;
    }
  if (speed <= 0 || speed > 1e6)
    {
      g_printerr (_("domusctl: --sim-speed must be above 0 and at most 1000000\n"));
      return EXIT_FAILURE;
    }
  if (xen && (scene != NULL || sim))
    {
      g_printerr (_("domusctl: --xen and --sim cannot be used together\n"));
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) != 0)
        continue;

      if (!commands[i].needs_host)
        return commands[i].run (NULL, argc - 1, argv + 1);

      options.kind = xen ? DOMUS_BACKEND_XEN
                   : (scene != NULL || sim) ? DOMUS_BACKEND_SIMULATED
                   : DOMUS_BACKEND_AUTO;
      options.scene_path = scene;
      options.sim_speed = speed;
      if (!(host = domus_backend_open (&options, &error)))
        {
          g_printerr ("domusctl: %s\n", error->message);
          return EXIT_FAILURE;
        }
      if (domus_host_get_notice (host) != NULL)
        g_printerr ("domusctl: %s\n", domus_host_get_notice (host));
      if (!wait_until_ready (host))
        return EXIT_FAILURE;
      if (apply != NULL && !load_apply_file (host, apply, &apply_failed, &error))
        {
          g_printerr ("domusctl: %s\n", error->message);
          return EXIT_FAILURE;
        }

      status = commands[i].run (host, argc - 1, argv + 1);
      return apply_failed ? EXIT_FAILURE : status;
    }

  g_printerr (_("domusctl: unknown command “%s”\n%s\n"), argv[1], summary);
  return EXIT_FAILURE;
}
