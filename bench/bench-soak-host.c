/* bench-soak-host.c: does the simulated host's memory stay flat over a day?
 *
 *   build/bench/bench-soak-host [--domains 1000] [--hours 24] [--limit 5]
 *
 * Runs a host of N domains × 8 vCPUs (the scene bench-refresh measures) for
 * H simulated hours through the refresh path: a manual clock advanced one
 * second at a time, each step one refresh (the scheduler model's simulated
 * second and the host update every backend shares), with anything the
 * refresh queued on the main context dispatched as the app would. The
 * history series are full after the first hour, so from then on the resident
 * size must stay flat: the program prints it after every hour with the CPU
 * time per simulated second, and fails if the size after the last hour
 * differs from the size after hour 1 by the limit (percent) or more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"

int
main (int   argc,
      char *argv[])
{
  int n_domains = 1000, hours = 24;
  double limit = 5.0, cpu_start, cpu_hour, first_cpu_ms = 0;
  gint64 wall_start;
  long rss_hour1 = -1, rss = -1;
  g_autofree char *last = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = NULL;
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains of 8 vCPUs (1000)", "N" },
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, "Simulated hours to run, at least 2 (24)", "H" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit,
      "Largest change of resident size from hour 1 to the end, in percent (5)", "P" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1 || hours < 2
      || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--domains must be at least 1, --hours at least 2, "
                                  "--limit above 0");
      return EXIT_FAILURE;
    }

  scene = bench_scene_new (n_domains, bench_mixed_workloads);
  clock = domus_clock_new_manual ();
  host = domus_sim_host_new (scene, clock);

  g_print ("%d domains × 8 vCPUs, %d simulated hours, 1 s refreshes\n", n_domains, hours);
  cpu_start = cpu_hour = bench_cpu_ms ();
  wall_start = g_get_monotonic_time ();
  for (int h = 1; h <= hours; h++)
    {
      double now;

      for (int s = 0; s < 3600; s++)
        {
          domus_clock_advance (clock, G_USEC_PER_SEC);
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }

      now = bench_cpu_ms ();
      rss = bench_status_kib ("VmRSS:");
      if (h == 1)
        {
          rss_hour1 = rss;
          first_cpu_ms = now - cpu_hour;
        }
      g_print ("hour %2d: RSS %.1f MiB, CPU %.3f ms per simulated second, wall %.0f s so far\n",
               h, rss / 1024.0, (now - cpu_hour) / 3600,
               (g_get_monotonic_time () - wall_start) / 1e6);
      cpu_hour = now;
    }

  g_print ("CPU per simulated second: %.3f ms over all %d hours (%.3f ms in hour 1, %.3f after); "
           "%d simulated hours took %.0f s of wall time and %.0f s of CPU; peak RSS %.1f MiB\n",
           (cpu_hour - cpu_start) / (hours * 3600.0), hours,
           first_cpu_ms / 3600, (cpu_hour - cpu_start - first_cpu_ms) / ((hours - 1) * 3600.0),
           hours, (g_get_monotonic_time () - wall_start) / 1e6, (cpu_hour - cpu_start) / 1e3,
           bench_status_kib ("VmHWM:") / 1024.0);

  last = g_strdup_printf ("after hour %d", hours);
  return bench_check_flat ("after hour 1", rss_hour1, last, rss, limit) ? EXIT_SUCCESS
                                                                        : EXIT_FAILURE;
}
