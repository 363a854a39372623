/* bench-soak-window.c: does the window's memory stay flat while it is open?
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-soak-window \
 *     [--domains 200] [--minutes 30] [--settle 3] [--sim-speed 1] [--limit 5]
 *
 * Fills an hour of history on a simulated host of N domains × 8 vCPUs (so
 * that what grows later is not the history filling up, which takes an hour
 * at real speed), then opens the window on it with one domain selected, so
 * that its charts draw, and lets the host's clock run at real speed, as
 * `domus --sim` does by default (--sim-speed as domus's own option: faster
 * simulated time, the refresh still once a simulated second). The window
 * stays open for M minutes of real time while the host refreshes. Every
 * minute it prints the resident size and the CPU time of that minute; it
 * fails if the size after the last minute differs from the size after
 * minute --settle (the window's first minutes fill caches and the history)
 * by the limit (percent) or more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-ui.h"

typedef struct
{
  DomusClock *clock;
  GMainLoop  *loop;
  int         minute;
  int         minutes;
  int         settle;
  long        rss_settled;
  long        rss;
  double      cpu_ms;
} Soak;

static gboolean
minute_cb (gpointer data)
{
  Soak *soak = data;
  double cpu_ms = bench_cpu_ms ();

  soak->minute++;
  soak->rss = bench_status_kib ("VmRSS:");
  if (soak->minute == soak->settle)
    soak->rss_settled = soak->rss;
  g_print ("minute %2d: RSS %.1f MiB, CPU %.2f s in the minute (%.1f %% of a core), "
           "simulated time %.0f s\n",
           soak->minute, soak->rss / 1024.0, (cpu_ms - soak->cpu_ms) / 1e3,
           (cpu_ms - soak->cpu_ms) / 600, domus_clock_get_now (soak->clock) / 1e6);
  soak->cpu_ms = cpu_ms;

  if (soak->minute < soak->minutes)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (soak->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int n_domains = 200;
  double speed = 1.0, limit = 5.0;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autofree char *settled = NULL, *last = NULL;
  DomusWindow *window;
  Soak soak = { .minutes = 30, .settle = 3 };
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains of 8 vCPUs (200)", "N" },
    { "minutes", 0, 0, G_OPTION_ARG_INT, &soak.minutes,
      "Minutes of real time to stay open (30)", "M" },
    { "settle", 0, 0, G_OPTION_ARG_INT, &soak.settle,
      "The minute whose resident size the last one is compared with (3)", "M" },
    { "sim-speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      "Simulated seconds per real second (1, as domus --sim)", "X" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit,
      "Largest change of resident size from --settle to the end, in percent (5)", "P" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1
      || soak.settle < 1 || soak.minutes <= soak.settle || speed <= 0 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--domains and --settle must be at least 1, --minutes above "
                                  "--settle, --sim-speed and --limit above 0");
      return EXIT_FAILURE;
    }

  adw_init ();

  scene = bench_scene_new (n_domains, bench_ui_workloads);
  soak.clock = domus_clock_new_manual ();
  host = domus_sim_host_new (scene, soak.clock);
  domus_clock_advance (soak.clock, (gint64) DOMUS_HOST_HISTORY_LENGTH * G_USEC_PER_SEC);
  window = bench_ui_open_window (host, "dom7");
  domus_clock_set_speed (soak.clock, speed);

  g_print ("%d domains × 8 vCPUs, an hour of history, window open %d minutes, "
           "simulated clock at %g× real time, renderer %s\n",
           n_domains, soak.minutes, speed,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  soak.loop = g_main_loop_new (NULL, FALSE);
  soak.cpu_ms = bench_cpu_ms ();
  g_timeout_add_seconds (60, minute_cb, &soak);
  g_main_loop_run (soak.loop);

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (soak.loop);
  g_object_unref (soak.clock);

  settled = g_strdup_printf ("after minute %d", soak.settle);
  last = g_strdup_printf ("after minute %d", soak.minutes);
  return bench_check_flat (settled, soak.rss_settled, last, soak.rss, limit) ? EXIT_SUCCESS
                                                                             : EXIT_FAILURE;
}
