/* bench-refresh.c: what one refresh of the simulated host costs, and what
 * an hour of history weighs, at 10, 100 and 1000 domains of 8 vCPUs.
 *
 *   build/bench/bench-refresh [--sizes 10,100,1000] [--hours 1] [--io]
 *
 * With --io, every domain has a vif and a vbd with traffic (what libxenstat
 * gives with networks and disks), so the update carries their counters,
 * rates and history too.
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

#include "bench-common.h"

static void
run (guint    n_domains,
     double   hours,
     gboolean io)
{
  g_autoptr(DomusScene) scene = bench_scene_new (n_domains, bench_mixed_workloads);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) update_ms = g_array_new (FALSE, FALSE, sizeof (double));
  DomusCreditModel *model;
  guint n_samples = (guint) (hours * 3600);
  long rss_before;
  double model_total = 0, update_total = 0;

  if (io)
    bench_scene_add_io (scene);
  rss_before = bench_status_kib ("VmRSS:");
  host = domus_sim_host_new (scene, clock);
  model = domus_sim_host_get_model (DOMUS_SIM_HOST (host));

  /* Time the two halves of each refresh apart: first the model catches up
   * with the clock, then the refresh itself (which then has nothing left to
   * simulate). The timer's own refresh at the same instant is a no-op for the
   * model, so advancing the clock one second costs exactly one update. */
  for (guint s = 0; s < n_samples; s++)
    {
      double t0 = bench_cpu_ms (), t1, t2;

      domus_credit_model_advance (model, G_USEC_PER_SEC * 1000);
      t1 = bench_cpu_ms ();
      domus_clock_advance (clock, G_USEC_PER_SEC);
      t2 = bench_cpu_ms ();

      g_array_append_val (model_ms, (double) { t1 - t0 });
      g_array_append_val (update_ms, (double) { t2 - t1 });
      model_total += t1 - t0;
      update_total += t2 - t1;
    }

  g_print ("%5u domains × 8 vCPUs%s, %u samples: host update %.3f ms (median %.3f, p95 %.3f), "
           "scheduler model %.3f ms per simulated second; RSS %.1f MB (+%.1f MB for the host), "
           "peak %.1f MB\n",
           n_domains, io ? " + vif + vbd" : "", n_samples,
           update_total / n_samples,
           bench_percentile (update_ms, 50),
           bench_percentile (update_ms, 95),
           model_total / n_samples,
           bench_status_kib ("VmRSS:") / 1024.0,
           (bench_status_kib ("VmRSS:") - rss_before) / 1024.0,
           bench_status_kib ("VmHWM:") / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sizes = g_strdup ("10,100,1000");
  double hours = 1.0;
  gboolean io = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  const GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes, "Domain counts to measure", "N,N,…" },
    { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &hours, "Hours of history to fill", "H" },
    { "io", 0, 0, G_OPTION_ARG_NONE, &io, "Give every domain a vif and a vbd with traffic", NULL },
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
    run ((guint) g_ascii_strtoull (parts[i], NULL, 10), hours, io);

  return EXIT_SUCCESS;
}
