/* bench-xen-refresh.c: one Domus refresh against one `xentop -b` sample, in
 * the same dom0, on the same domains, in the same run.
 *
 *   bench-xen-refresh [--samples N]     (in dom0; see tests/xen/dom0-bench.sh)
 *
 * Domus: CPU time of this process (every thread) over N refreshes of
 * DomusXenHost, one every 100 ms, divided by N (idle time costs nothing). xentop: CPU time of `xentop -b -d 0 -i N`
 * minus that of `xentop -b -d 0 -i 1`, divided by N - 1, so that its start
 * (process, libxenstat handles) is not counted against it. Each is measured
 * five times; medians are reported, with their ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "domus-backend.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
refreshed_cb (DomusHost *host,
              guint     *count)
{
  (*count)++;
}

/* Mean CPU ms of one refresh over @n, refreshing every 100 ms (the
 * shortest interval; a refresh asked for sooner than half an interval after
 * the last only updates settings, and would not be a full one). */
static double
domus_refresh_ms (DomusHost *host,
                  guint      n)
{
  guint count = 0;
  gulong id = g_signal_connect (host, "refreshed", G_CALLBACK (refreshed_cb), &count);
  double start;

  domus_host_set_refresh_interval (host, 100);
  while (count == 0)
    g_main_context_iteration (NULL, TRUE);
  count = 0;
  start = cpu_ms ();
  while (count < n)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (host, id);
  return (cpu_ms () - start) / n;
}

/* CPU ms (user + system) of one run of xentop with @iterations. */
static double
xentop_ms (guint iterations)
{
  g_autofree char *count = g_strdup_printf ("%u", iterations);
  const char *argv[] = { "xentop", "-b", "-d", "0", "-i", count, NULL };
  struct rusage usage;
  GPid pid;
  int status;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, NULL))
    g_error ("cannot run xentop");
  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("xentop failed");
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3
         + usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  DomusBackendOptions options = { .kind = DOMUS_BACKEND_XEN };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Domus refresh against xentop -b");
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  int samples = 50;
  double domus[5], xentop[5];
  GOptionEntry entries[] = {
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Refreshes and xentop samples per run", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || samples < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--samples must be 2 or more");
      return EXIT_FAILURE;
    }

  if (!(host = domus_backend_open (&options, &error)))
    {
      g_printerr ("bench-xen-refresh: %s\n", error->message);
      return EXIT_FAILURE;
    }
  while (!domus_host_is_ready (host))
    g_main_context_iteration (NULL, TRUE);

  domus_refresh_ms (host, 5);   /* warm up */
  for (guint run = 0; run < 5; run++)
    {
      domus[run] = domus_refresh_ms (host, (guint) samples);
      xentop[run] = (xentop_ms ((guint) samples) - xentop_ms (1)) / (samples - 1);
      g_print ("run %u: Domus %.2f ms, xentop %.2f ms\n", run + 1, domus[run], xentop[run]);
    }
  qsort (domus, 5, sizeof (double), compare_doubles);
  qsort (xentop, 5, sizeof (double), compare_doubles);

  g_print ("domains: %u, samples per run: %d, runs: 5 (medians; min..max)\n",
           g_list_model_get_n_items (domus_host_get_domains (host)), samples);
  g_print ("Domus refresh:  %.2f ms CPU (%.2f..%.2f)\n", domus[2], domus[0], domus[4]);
  g_print ("xentop sample:  %.2f ms CPU (%.2f..%.2f)\n", xentop[2], xentop[0], xentop[4]);
  g_print ("ratio Domus / xentop: %.2f (target: at most 1)\n", domus[2] / xentop[2]);
  return EXIT_SUCCESS;
}
