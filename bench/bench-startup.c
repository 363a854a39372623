/* bench-startup.c: how long Domus takes to show its window, against the
 * smallest libadwaita window on the same machine
 *
 *   xvfb-run -a build/bench/bench-startup [--runs 10] [--limit 1.5]
 *
 * Starts the real `domus --sim` ($DOMUS_BIN, the lab scene) and
 * bench-startup-minimal ($MINIMAL_BIN) in turn, each with
 * $DOMUS_QUIT_AFTER_FIRST_FRAME set, so that it quits once its first window
 * has been drawn: the wall time from starting the process to its end is a
 * cold start to the first frame (plus quitting, which both do alike). The
 * two alternate, so that a busy moment of the machine falls on both; the
 * medians are compared. Target: Domus at most --limit times the minimal
 * window.
 *
 * Each start's CPU time (user and system, its threads included, from
 * getrusage's RUSAGE_CHILDREN) is printed beside: on a machine other work
 * keeps busy, it says what the start costs where the wall time says mostly
 * how long it waited for a CPU.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-common.h"

/* The CPU time of the children waited for so far, in milliseconds. */
static double
children_cpu_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_CHILDREN, &usage) != 0)
    g_error ("getrusage: %s", g_strerror (errno));
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* Milliseconds from starting @argv to its end, and the CPU time it took
 * into @cpu_ms; it must end well. */
static double
run_ms (const char * const *argv,
        double             *cpu_ms)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double cpu_before = children_cpu_ms ();
  gint64 start;

  g_subprocess_launcher_setenv (launcher, "DOMUS_QUIT_AFTER_FIRST_FRAME", "1", TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  *cpu_ms = children_cpu_ms () - cpu_before;
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 10;
  double limit = 1.5;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) domus_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) domus_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  double cpu;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Starts of each (10)", "N" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit, "Largest median of Domus, in times the minimal window's (1.5)", "R" },
    { NULL }
  };
  const char *domus_argv[] = { g_getenv ("DOMUS_BIN"), "--sim", NULL };
  const char *minimal_argv[] = { g_getenv ("MINIMAL_BIN"), NULL };
  double domus_median, minimal_median, ratio;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "--runs must be at least 1, --limit above 0");
      return EXIT_FAILURE;
    }
  if (domus_argv[0] == NULL || minimal_argv[0] == NULL)
    {
      g_printerr ("DOMUS_BIN and MINIMAL_BIN name the two programs (meson test sets them)\n");
      return EXIT_FAILURE;
    }

  /* One of each first, unmeasured: the files they load in the page cache. */
  run_ms (domus_argv, &cpu);
  run_ms (minimal_argv, &cpu);
  for (int i = 0; i < runs; i++)
    {
      double ms = run_ms (minimal_argv, &cpu);

      g_array_append_val (minimal_ms, ms);
      g_array_append_val (minimal_cpu, cpu);
      ms = run_ms (domus_argv, &cpu);
      g_array_append_val (domus_ms, ms);
      g_array_append_val (domus_cpu, cpu);
    }
  domus_median = bench_percentile (domus_ms, 50);
  minimal_median = bench_percentile (minimal_ms, 50);
  ratio = domus_median / minimal_median;
  g_print ("start to first frame, median of %d: Domus (lab scene) %.0f ms (%.0f–%.0f), "
           "a minimal libadwaita window %.0f ms (%.0f–%.0f); %.2f× (target ≤ %g×): %s\n",
           runs, domus_median, bench_percentile (domus_ms, 0), bench_percentile (domus_ms, 100),
           minimal_median, bench_percentile (minimal_ms, 0), bench_percentile (minimal_ms, 100),
           ratio, limit, ratio <= limit ? "met" : "MISSED");
  g_print ("CPU time (user + system), median of %d: Domus %.0f ms (%.0f–%.0f), the minimal window "
           "%.0f ms (%.0f–%.0f); %.2f×\n",
           runs, bench_percentile (domus_cpu, 50), bench_percentile (domus_cpu, 0),
           bench_percentile (domus_cpu, 100), bench_percentile (minimal_cpu, 50),
           bench_percentile (minimal_cpu, 0), bench_percentile (minimal_cpu, 100),
           bench_percentile (domus_cpu, 50) / bench_percentile (minimal_cpu, 50));
  return ratio <= limit ? EXIT_SUCCESS : EXIT_FAILURE;
}
