/* bench-refresh.c: what one refresh of the simulated host costs, and what
 * an hour of history weighs, at 10, 100 and 1000 domains of 8 vCPUs.
 *
 *   build/bench/bench-refresh [--sizes 10,100,1000] [--hours 1]
 *
 * A refresh has two parts, reported apart: the scheduler model running one
 * simulated second (the simulator's own work, which a real host does not
 * have) and the host update every backend shares (sample, CPU%, history,
 * notifications). Memory is the resident size after the history is full.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "domus-sim-host.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || !(line = strstr (status, field)))
    return -1;
  return atol (line + strlen (field) + 1);
}

static char *
make_scene (guint n_domains)
{
  GString *json = g_string_new (NULL);

  g_string_append_printf (json, "{\"host\": {\"pcpus\": 32, \"memory_mib\": %u}, \"domains\": [",
                          (n_domains + 8) * 256);
  for (guint i = 0; i < n_domains; i++)
    g_string_append_printf (json,
                            "%s{\"name\": \"dom%u\", \"vcpus\": 8, \"memory_mib\": 256,"
                            " \"workload\": %s}",
                            i ? "," : "", i,
                            i % 2 ? "{\"kind\": \"cpu\", \"busy_vcpus\": 2}"
                                  : "{\"kind\": \"bursty\", \"busy_vcpus\": 8, \"duty\": 0.1, \"period_ms\": 100}");
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
run (guint  n_domains,
     double hours)
{
  g_autofree char *json = make_scene (n_domains);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (json, -1, &error);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) update_ms = g_array_new (FALSE, FALSE, sizeof (double));
  DomusCreditModel *model;
  guint n_samples = (guint) (hours * 3600);
  long rss_before;
  double model_total = 0, update_total = 0;

  g_assert_no_error (error);
  rss_before = status_kib ("VmRSS:");
  host = domus_sim_host_new (scene, clock);
  model = domus_sim_host_get_model (DOMUS_SIM_HOST (host));

  /* Time the two halves of each refresh apart: first the model catches up
   * with the clock, then the refresh itself (which then has nothing left to
   * simulate). The timer's own refresh at the same instant is a no-op for the
   * model, so advancing the clock one second costs exactly one update. */
  for (guint s = 0; s < n_samples; s++)
    {
      double t0 = cpu_ms (), t1, t2;

      domus_credit_model_advance (model, G_USEC_PER_SEC * 1000);
      t1 = cpu_ms ();
      domus_clock_advance (clock, G_USEC_PER_SEC);
      t2 = cpu_ms ();

      g_array_append_val (model_ms, (double) { t1 - t0 });
      g_array_append_val (update_ms, (double) { t2 - t1 });
      model_total += t1 - t0;
      update_total += t2 - t1;
    }

  g_array_sort (update_ms, compare_double);
  g_array_sort (model_ms, compare_double);
  g_print ("%5u domains × 8 vCPUs, %u samples: host update %.3f ms (median %.3f, p95 %.3f), "
           "scheduler model %.3f ms per simulated second; RSS %.1f MB (+%.1f MB for the host), "
           "peak %.1f MB\n",
           n_domains, n_samples,
           update_total / n_samples,
           g_array_index (update_ms, double, n_samples / 2),
           g_array_index (update_ms, double, n_samples * 95 / 100),
           model_total / n_samples,
           status_kib ("VmRSS:") / 1024.0,
           (status_kib ("VmRSS:") - rss_before) / 1024.0,
           status_kib ("VmHWM:") / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sizes = g_strdup ("10,100,1000");
  double hours = 1.0;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  const GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes, "Domain counts to measure", "N,N,…" },
    { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &hours, "Hours of history to fill", "H" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  parts = g_strsplit (sizes, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    run ((guint) g_ascii_strtoull (parts[i], NULL, 10), hours);

  return EXIT_SUCCESS;
}
